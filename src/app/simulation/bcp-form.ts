/**
 * HR's BCP day (出勤困難時): if a share of staff cannot reach the office on a
 * day, which counters stay open, which are reduced or closed, who staffs
 * them, who should telework (those who cannot come in first), who is stranded
 * and who comes in without a counter. One solve of the engine (bcp.ts).
 */
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { isOpenDay, ZONE } from '../../domain/calendar';
import { ClosureDayEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { invalid } from '../errors';
import { alwaysClosedBecause, clean, readDate, readInt } from '../form-input';
import { MAX_LICENCES } from './study-form';
import { bcpDay, BcpPerson, CounterStatus } from './bcp';
import { loadOrganisation } from './organisation-db';

/** The form as typed. */
export interface BcpInput {
  readonly day: string;
  readonly share: string;
  readonly seed: string;
  /** Blank: the policy's licences. */
  readonly licences: string;
  readonly unlimited: boolean;
}

export const STATUS_LABELS: Readonly<Record<CounterStatus, string>> = { open: '通常どおり', reduced: '縮小', closed: '閉鎖' };

const SEVERITY: Readonly<Record<CounterStatus, number>> = { closed: 0, reduced: 1, open: 2 };

export interface BcpGroup {
  readonly division: string;
  readonly people: readonly BcpPerson[];
}

export interface BcpView {
  readonly day: string;
  readonly sharePercent: number;
  readonly seed: number;
  readonly staff: number;
  readonly unreachable: number;
  readonly licences: number | null;
  readonly policyLicences: number | null;
  readonly counts: Readonly<Record<CounterStatus, number>>;
  readonly counters: readonly {
    readonly id: string;
    readonly name: string;
    readonly division: string;
    readonly required: number;
    readonly staffed: number;
    readonly status: CounterStatus;
    readonly statusLabel: string;
    readonly staff: readonly BcpPerson[];
  }[];
  /** Who should telework, by division: those who cannot come in, then those who could but are not needed. */
  readonly teleworkAway: readonly BcpGroup[];
  readonly teleworkReachable: readonly BcpGroup[];
  readonly teleworkCount: number;
  readonly teleworkUnreachable: number;
  readonly stranded: readonly BcpGroup[];
  readonly strandedCount: number;
  readonly inOffice: readonly BcpGroup[];
  readonly inOfficeCount: number;
}

/** The first open day after `today` (weekends, 祝日, 年末年始 and HR's closures skipped). */
export async function nextOpenDay(m: EntityManager, today: DateTime): Promise<string> {
  const closures = (await m.find(ClosureDayEntity)).map((c) => c.day);
  let d = today.setZone(ZONE).startOf('day').plus({ days: 1 });
  for (let i = 0; i < 30 && !isOpenDay(d.toISODate()!, closures); i++) d = d.plus({ days: 1 });
  return d.toISODate()!;
}

export async function defaultBcpInput(m: EntityManager, actor: Actor, today: DateTime): Promise<BcpInput> {
  assertHr(actor);
  return { day: await nextOpenDay(m, today), share: '30', seed: '1', licences: '', unlimited: false };
}

export async function bcpView(m: EntityManager, actor: Actor, input: BcpInput): Promise<BcpView> {
  assertHr(actor);
  const p: string[] = [];
  const day = readDate(input.day, '日付', p);
  if (day) {
    const because = alwaysClosedBecause(day);
    const closure = await m.findOneBy(ClosureDayEntity, { day });
    if (because || closure) p.push(`「日付」${day} は${because ?? closure!.name}のため閉庁日です。開庁日を指定してください。`);
  }
  const share = readShare(input.share, p);
  const seed = readInt(input.seed, '乱数の種', 0, 2147483647, p);
  let licences: number | null | undefined;
  if (input.unlimited) {
    if (clean(input.licences) !== '') p.push('「ライセンス数」は、本数を入れるか「無制限」にするかのどちらかにしてください。');
    licences = null;
  } else if (clean(input.licences) !== '') {
    licences = readInt(input.licences, 'ライセンス数', 0, MAX_LICENCES, p);
  }
  if (p.length) throw invalid('BCPの試算ができませんでした。次の項目を直してください。', p);

  const org = await loadOrganisation(m);
  const r = bcpDay(org, { day: day!, unreachableShare: share! / 100, seed: seed!, ...(licences === undefined ? {} : { licences }) });
  const divisionName = new Map(org.divisions.map((d) => [d.id, d.name]));
  const order = new Map(org.divisions.map((d, i) => [d.id, i]));
  const group = <P extends BcpPerson>(people: readonly P[]): { division: string; people: P[] }[] => {
    const by = new Map<string, P[]>();
    for (const person of people) by.set(person.division, [...(by.get(person.division) ?? []), person]);
    return [...by.entries()]
      .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
      .map(([id, list]) => ({ division: divisionName.get(id) ?? id, people: list }));
  };
  const counts = { open: 0, reduced: 0, closed: 0 };
  for (const c of r.counters) counts[c.status]++;
  return {
    day: r.day,
    sharePercent: share!,
    seed: r.seed,
    staff: r.staff,
    unreachable: r.unreachable,
    licences: r.licences,
    policyLicences: org.policy.licencesPerDay,
    counts,
    // The counters that need attention first: closed, then reduced, each in the organisation's order.
    counters: r.counters
      .map((c) => ({ ...c, division: divisionName.get(c.division) ?? c.division, statusLabel: STATUS_LABELS[c.status] }))
      .sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]),
    teleworkAway: group(r.telework.filter((p) => !p.reachable)),
    teleworkReachable: group(r.telework.filter((p) => p.reachable)),
    teleworkCount: r.telework.length,
    teleworkUnreachable: r.telework.filter((t) => !t.reachable).length,
    stranded: group(r.stranded),
    strandedCount: r.stranded.length,
    inOffice: group(r.inOffice),
    inOfficeCount: r.inOffice.length,
  };
}

function readShare(text: string, p: string[]): number | undefined {
  const t = clean(text).replace(/[%％]\s*$/, '');
  const n = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  if (t === '' || !Number.isFinite(n) || n > 100) {
    p.push(
      t === ''
        ? '「出勤できない職員の割合」を入力してください（0〜100）。'
        : `「出勤できない職員の割合」は0〜100の数で入力してください（入力: ${t.slice(0, 20)}）。`,
    );
    return undefined;
  }
  return n;
}
