/**
 * The week grid a section chief works on: staff × days with each cell's
 * mode, counter, request, pin and absence; every counter's required versus
 * assigned staff per day; licences and terminals used; and the changes the
 * draft makes to the published version.
 */
import { EntityManager, In } from 'typeorm';
import { IsoDate } from '../../domain/rotation';
import { dayJa, nameBook } from '../../domain/explanation';
import { periodStatus, PeriodStatus } from './period-status';
import { holidayName } from '../calendar';
import { Actor, assertManages } from '../accounts/actor';
import { notFound } from '../errors';
import { AssignmentEntity, RosterEntity, TeleworkRequestEntity } from '../../persistence/entities';
import { assignmentsOf, CellChange, diffAssignments, isStale, latestPublication } from './rosters';
import { canTelework } from '../organisation/policy';
import { buildProblem, cellKey, licenceFreePlaces, loadWeek, reads, requiredAt } from './problem';
import { placeIdOf, placeKey, placeName } from '../organisation/place-names';
import { parseProblemOrThrow } from '../../domain/validate';
import { REASONS } from '../organisation/policy';
import { ActualMode, actualsOf } from './actuals';

export interface GridDay {
  readonly day: IsoDate;
  readonly label: string;
  readonly open: boolean;
  /** Before today: what happened, which nothing changes any more. */
  readonly past: boolean;
  /** Why a weekday is closed (祝日名 or the closure's name). */
  readonly closedBecause?: string;
}

export interface GridCell {
  readonly day: IsoDate;
  readonly open: boolean;
  readonly mode: 'office' | 'telework' | 'absent' | null;
  readonly counter: string | null;
  /** Where the telework is, when at a place (its name); null at home or not teleworking. */
  readonly place: string | null;
  /** Whether a telework day here takes a licence and a terminal (home, or a place that needs one). */
  readonly takesLicence: boolean;
  readonly requestRank: number | null;
  /** The place the request names; null for home. */
  readonly requestPlace: string | null;
  /** The person marked the day as possible for a turn (可能日): where, 自宅 for home; null if not. */
  readonly possible: string | null;
  readonly requestReason: string | null;
  readonly pin: 'office' | 'telework' | null;
  readonly changed: boolean;
  /** What actually happened, when the chief recorded it (実績). */
  readonly actual: ActualMode | null;
}

export interface GridRow {
  readonly id: string;
  readonly name: string;
  readonly jobType: string;
  readonly canTelework: boolean;
  readonly caregiver: boolean;
  readonly maxDays: number;
  readonly teleworkDays: number;
  readonly cells: readonly GridCell[];
}

export interface CounterLine {
  readonly id: string;
  readonly name: string;
  readonly perDay: readonly { readonly required: number; readonly assigned: number; readonly short: boolean }[];
}

export interface WeekGrid {
  /** HR's periods against this roster (period-status.ts). */
  readonly periods: readonly PeriodStatus[];
  readonly division: { readonly id: string; readonly name: string; readonly terminals: number | null };
  readonly week: string;
  readonly days: readonly GridDay[];
  readonly roster: null | {
    readonly status: 'draft' | 'published';
    readonly revision: number;
    readonly publishedVersion: number;
    readonly generatedBy: string;
    readonly generatedAt: string;
    readonly publishedAt: string | null;
    readonly objective: number;
    readonly stale: boolean;
  };
  readonly revision: number | null;
  readonly rows: readonly GridRow[];
  readonly counters: readonly CounterLine[];
  readonly licences: readonly { readonly used: number; readonly limit: number | null }[];
  /** Desks of the places in use this week (by anyone) or asked for by this division: used by the whole organisation, per day. */
  readonly places: readonly {
    readonly name: string;
    readonly licence: boolean;
    readonly perDay: readonly { readonly used: number; readonly limit: number }[];
  }[];
  readonly terminals: readonly { readonly used: number; readonly limit: number | null }[];
  readonly requested: number;
  readonly granted: number;
  /** What the draft changes in the published version, each with why in plain words. */
  readonly changes: readonly (CellChange & {
    readonly name: string;
    readonly label: string;
    readonly why: string;
    /** The day before and after, in a word (在宅, 出勤, 休暇, or the place's name). */
    readonly was: string;
    readonly now: string;
  })[];
  readonly pendingUrgent: number;
  /** Every open day of the week is before today: the week is only read. */
  readonly pastWeek: boolean;
}

/** `today`: days before it are shown as past (the print and HR's overview pass none). */
export async function weekGrid(m: EntityManager, actor: Actor, divisionId: string, week: string, today = ''): Promise<WeekGrid> {
  assertManages(actor, divisionId);
  const [data, row] = await reads(m, [
    () => loadWeek(m, week, [divisionId]),
    () => m.findOneBy(RosterEntity, { divisionId, week }),
  ] as const);
  const division = data.divisions.find((d) => d.id === divisionId);
  if (!division) throw notFound('この課は見つかりません。');
  const own = data.counters.filter((c) => c.divisionId === divisionId);
  const [assignments, publication, actuals, assignedAt, pendingUrgent] = await reads(m, [
    async () => (row ? assignmentsOf(m, row.id) : []),
    async () => (row ? latestPublication(m, row) : null),
    () =>
      actualsOf(
        m,
        data.staff.map((s) => s.id),
        data.weekdays.filter((d) => d <= today),
      ),
    () =>
      counterCover(
        m,
        week,
        own.map((c) => c.id),
      ),
    () => m.count(TeleworkRequestEntity, { where: { staffId: In(data.staff.map((s) => s.id)), status: 'pending' } }),
  ] as const);
  const changes = publication && row?.status === 'draft' ? diffAssignments(publication.assignments, assignments) : [];
  const changedCells = new Set(changes.map((c) => cellKey(c.staff, c.day)));
  const cellOf = new Map(assignments.map((a) => [cellKey(a.staff, a.day), a]));
  const requestOf = new Map(data.requests.map((r) => [cellKey(r.staffId, r.day), r]));
  const pinOf = new Map(data.pins.map((p) => [cellKey(p.staffId, p.day), p.mode]));
  const possibleOf = new Map(data.possible.map((p) => [cellKey(p.staffId, p.day), p.placeId]));
  const counterName = new Map(data.counters.map((c) => [c.id, c.name]));
  const places = new Map(data.places.map((p) => [p.id, p]));
  const free = licenceFreePlaces(data.places);
  const openDays = new Set(data.days);

  const days: GridDay[] = data.weekdays.map((day) => ({
    day,
    label: dayJa(day),
    open: openDays.has(day),
    past: day < today,
    ...(openDays.has(day) ? {} : { closedBecause: data.closures.get(day) ?? holidayName(day) ?? '閉庁日' }),
  }));

  const rows: GridRow[] = data.staff.map((s) => {
    const cells = data.weekdays.map((day): GridCell => {
      const a = cellOf.get(cellKey(s.id, day));
      const r = requestOf.get(cellKey(s.id, day));
      return {
        day,
        open: openDays.has(day),
        mode: a?.mode ?? (data.absences.some((x) => x.staffId === s.id && x.day === day) ? 'absent' : null),
        counter: a?.counter ? (counterName.get(a.counter) ?? a.counter) : null,
        place: a?.mode === 'telework' && a.place ? placeName(places, placeIdOf(a.place)) : null,
        takesLicence: a?.mode === 'telework' && !(a.place && free.has(a.place)),
        requestRank: r?.rank ?? null,
        requestPlace: r && r.placeId !== null ? placeName(places, r.placeId) : null,
        possible: possibleOf.has(cellKey(s.id, day)) ? placeName(places, possibleOf.get(cellKey(s.id, day))) : null,
        requestReason: r ? REASONS[r.reason] : null,
        pin: pinOf.get(cellKey(s.id, day)) ?? null,
        changed: changedCells.has(cellKey(s.id, day)),
        actual: actuals.get(cellKey(s.id, day)) ?? null,
      };
    });
    return {
      id: s.id,
      name: s.name,
      jobType: s.jobType,
      canTelework: canTelework(data.policy, s),
      caregiver: s.caregiver,
      maxDays: s.maxTeleworkDays ?? data.policy.maxTeleworkDays,
      teleworkDays: cells.filter((c) => c.mode === 'telework').length,
      cells,
    };
  });

  const counters: CounterLine[] = own.map((c) => ({
    id: c.id,
    name: c.name,
    perDay: data.weekdays.map((day) => {
      const required = openDays.has(day) ? requiredAt(data, c, day) : 0;
      const assigned = assignedAt.get(cellKey(c.id, day)) ?? 0;
      return { required, assigned, short: row !== null && assigned < required };
    }),
  }));

  // Licences and terminals: days at home and at places that need one; a place on the internal network takes a desk only.
  const licensedOn = (day: IsoDate) => rows.filter((r) => r.cells.find((c) => c.day === day)?.takesLicence).length;
  const limit = data.policy.licencesPerDay;
  const licences = data.weekdays.map((day) => ({ used: licensedOn(day) + (data.heldLicences.get(day) ?? 0), limit }));
  const terminals = data.weekdays.map((day) => ({ used: licensedOn(day), limit: division.terminals }));
  const deskUse = new Map<string, number>(data.heldDesks);
  for (const a of assignments)
    if (a.mode === 'telework' && a.place) deskUse.set(cellKey(a.place, a.day), (deskUse.get(cellKey(a.place, a.day)) ?? 0) + 1);
  const asked = new Set([...data.requests, ...data.possible].map((r) => r.placeId));
  const placeLines = data.places
    .filter((p) => asked.has(p.id) || data.weekdays.some((d) => deskUse.has(cellKey(placeKey(p.id), d))))
    .map((p) => ({
      name: p.name,
      licence: p.licence,
      perDay: data.weekdays.map((day) => ({
        used: deskUse.get(cellKey(placeKey(p.id), day)) ?? 0,
        limit: openDays.has(day) ? p.desks : 0,
      })),
    }));
  const names = new Map(data.staff.map((s) => [s.id, s.name]));
  const stored = row && row.problemJson !== '{}' ? parseProblemOrThrow(row.problemJson) : null;
  // HR's periods against this roster: who has not had their turn yet, and why.
  const periods =
    stored && row
      ? periodStatus(
          stored,
          rows.flatMap((r) =>
            r.cells
              .filter((c) => c.open && c.mode !== null)
              .map((c) => {
                const place = cellOf.get(cellKey(r.id, c.day))?.place;
                return {
                  staff: r.id,
                  day: c.day,
                  mode: c.mode!,
                  ...(c.counter ? { counter: c.counter } : {}),
                  ...(place ? { place } : {}),
                };
              }),
          ),
          nameBook({ staff: data.staff, counters: data.counters, divisions: data.divisions.map((d) => ({ id: d.id, name: d.name })) }),
        )
      : [];

  return {
    division: { id: division.id, name: division.name, terminals: division.terminals },
    week,
    days,
    roster: row && {
      status: row.status,
      revision: row.revision,
      publishedVersion: row.publishedVersion,
      generatedBy: row.generatedBy,
      generatedAt: row.generatedAt,
      publishedAt: row.publishedAt,
      objective: row.objective,
      stale: stored !== null && isStale(stored, buildProblem(data)),
    },
    revision: row?.revision ?? null,
    rows,
    counters,
    licences,
    places: placeLines,
    terminals,
    requested: data.requests.length,
    granted: data.requests.filter((r) => cellOf.get(cellKey(r.staffId, r.day))?.mode === 'telework').length,
    changes: changes.map((c) => ({
      ...c,
      name: names.get(c.staff) ?? c.staff,
      label: dayJa(c.day),
      why: whyChanged(c, pinOf.get(cellKey(c.staff, c.day)) ?? null, requestOf.has(cellKey(c.staff, c.day))),
      was: cellWord(c.before, places),
      now: cellWord(c.after, places),
    })),
    periods,
    pastWeek: data.days.length > 0 && data.days.every((d) => d < today),
    pendingUrgent,
  };
}

/** A cell in a word: 在宅 (or the place's name), 出勤, 休暇; — for none. */
function cellWord(a: CellChange['before'], places: ReadonlyMap<number, { readonly name: string }>): string {
  if (!a) return '—';
  if (a.mode === 'telework') return a.place ? placeName(places, placeIdOf(a.place)) : '在宅';
  return a.mode === 'absent' ? '休暇' : '出勤';
}

/** Why a cell of the draft differs from the published version, from what is stored now. */
export function whyChanged(c: CellChange, pin: 'office' | 'telework' | null, requested: boolean): string {
  const before = c.before?.mode ?? null;
  const after = c.after?.mode ?? null;
  if (after === 'absent') return '休暇が登録されたため';
  if (before === 'absent') return '休暇が取り消されたため';
  if (pin !== null && pin === after) return `課長が${pin === 'telework' ? '在宅勤務' : '出勤'}に固定したため`;
  if (before === after)
    return after === 'telework' ? 'テレワークの場所の変更（希望の場所が変わったため）' : '窓口の担当の入れ替え（ほかの変更に伴う調整）';
  if (after === 'telework')
    return requested ? '希望が認められたため（希望・申請・枠の変更による）' : '在宅勤務の割当て（ほかの変更に伴う調整）';
  if (before === 'telework' && after === 'office')
    return requested
      ? '窓口の人数・ライセンス・端末の枠を守るため、在宅勤務を取りやめ（ほかの変更に伴う調整）'
      : '在宅勤務の希望がなくなったため';
  return 'ほかの変更に伴う調整';
}

/** Staff of any division assigned to each of these counters, per `counter|day`. */
async function counterCover(m: EntityManager, week: string, counterIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (counterIds.length === 0) return out;
  const rows: { day: string; counterId: string; n: string | number }[] = await m
    .createQueryBuilder(AssignmentEntity, 'a')
    .innerJoin(RosterEntity, 'r', 'r.id = a.rosterId')
    .select(['a.day AS day', 'a.counterId AS "counterId"', 'COUNT(*) AS n'])
    .where('r.week = :week', { week })
    .andWhere('a.counterId IN (:...ids)', { ids: [...counterIds] })
    .groupBy('a.day')
    .addGroupBy('a.counterId')
    .getRawMany();
  for (const r of rows) out.set(cellKey(r.counterId, r.day), Number(r.n));
  return out;
}
