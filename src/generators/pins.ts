import type { Division, IsoDate, PinnedMode, Policy } from '../domain/rotation';
import { licencesOn, terminalsOf } from '../domain/rotation';
import type { StaffDraft } from './draft';
import type { Rng } from './random';

/**
 * Adds pins only while they can all hold together (rotation-v1.md): never
 * telework for someone who cannot telework, nothing on a day of leave, no
 * more telework pins than a person's maximum, a day's licences or a
 * division's terminals.
 */
export class PinLedger {
  private readonly perDay = new Map<IsoDate, number>();
  private readonly perDivisionDay = new Map<string, number>();
  private readonly perStaff = new Map<string, number>();
  private readonly terminals: ReadonlyMap<string, number>;

  constructor(
    private readonly policy: Policy,
    divisions: readonly Division[],
    private readonly days: readonly IsoDate[],
  ) {
    this.terminals = new Map(divisions.map((d) => [d.id, terminalsOf(d)]));
  }

  canPin(person: StaffDraft, day: IsoDate, mode: PinnedMode): boolean {
    if (!this.days.includes(day) || person.absent.includes(day)) return false;
    if (person.pinned?.[day] !== undefined) return false;
    if (mode === 'office') return true;
    if (!person.canTelework) return false;
    const max = person.maxTeleworkDays ?? this.policy.maxTeleworkDays;
    if ((this.perStaff.get(person.id) ?? 0) + 1 > max) return false;
    if ((this.perDay.get(day) ?? 0) + 1 > licencesOn(this.policy, day)) return false;
    const key = `${person.division}\u0000${day}`;
    return (this.perDivisionDay.get(key) ?? 0) + 1 <= (this.terminals.get(person.division) ?? Infinity);
  }

  /** Pins when consistent; returns whether it did. */
  pin(person: StaffDraft, day: IsoDate, mode: PinnedMode): boolean {
    if (!this.canPin(person, day, mode)) return false;
    person.pinned = { ...(person.pinned ?? {}), [day]: mode };
    if (mode === 'telework') {
      const key = `${person.division}\u0000${day}`;
      this.perStaff.set(person.id, (this.perStaff.get(person.id) ?? 0) + 1);
      this.perDay.set(day, (this.perDay.get(day) ?? 0) + 1);
      this.perDivisionDay.set(key, (this.perDivisionDay.get(key) ?? 0) + 1);
    }
    return true;
  }
}

/**
 * A section chief's pins: mostly on requested days (telework granted in
 * advance, or office for a meeting), sometimes telework on a day not asked
 * for. Gives up after a bounded number of tries.
 */
export function drawPins(rng: Rng, staff: readonly StaffDraft[], ledger: PinLedger, days: readonly IsoDate[], count: number): number {
  let placed = 0;
  for (let attempt = 0; attempt < count * 30 && placed < count && staff.length > 0 && days.length > 0; attempt++) {
    const person = rng.pick(staff);
    const requested = person.requests.map((r) => r.day);
    const kind = rng.int(0, 9);
    let ok: boolean;
    if (kind < 5 && requested.length > 0) ok = ledger.pin(person, rng.pick(requested), 'telework');
    else if (kind < 8 && requested.length > 0) ok = ledger.pin(person, rng.pick(requested), 'office');
    else ok = ledger.pin(person, rng.pick(days), rng.chance(0.5) ? 'telework' : 'office');
    if (ok) placed++;
  }
  return placed;
}
