/**
 * The week as the engine sees it: the stored organisation, calendar, policy,
 * requests, absences and pins turned into a `rotation-problem/1`.
 *
 * Divisions outside the scope are held as they are: the licences they hold
 * that week are not available, and their staff already serving one of the
 * scope's counters count towards that counter's minimum. What they hold is
 * read from their drafts (what the grid shows) or, for a solve, from their
 * published versions (organisation-solve.ts: a solve holds exactly the
 * divisions that have published).
 */
import { EntityManager, In, ObjectLiteral } from 'typeorm';
import { ClosureDayEntity, CounterEntity, CounterOverrideEntity, DivisionEntity, PolicyEntity } from '../../persistence/entities';
import {
  AbsenceEntity,
  ActualDayEntity,
  PinEntity,
  PlaceEntity,
  PossibleDayEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { AssignmentEntity, RosterEntity, RosterPublicationEntity, StaffEntity } from '../../persistence/entities';
import { Counter, IsoDate, Period, Place, Problem, PROBLEM_FORMAT, Staff } from '../../domain/rotation';
import { listPlaces, placeKey } from '../organisation/place-names';
import { PeriodEntity } from '../../persistence/entities';
import { divisionsOf, periodsOverlapping } from '../organisation/periods';
import { weekdayOf, weekdaysOf, weekOf, workingDays, weekStart } from '../../domain/calendar';
import { CAREGIVING_REASONS, canTelework, requestWeight } from '../organisation/policy';
import { cachedReference } from '../../persistence/reference-cache';

/** Everything a week of some divisions needs, read in one go. */
export interface WeekData {
  readonly week: string;
  /** Open days of the week (holidays and closures removed). */
  readonly days: readonly IsoDate[];
  /** Monday … Friday, with the closed ones. */
  readonly weekdays: readonly IsoDate[];
  readonly closures: ReadonlyMap<IsoDate, string>;
  readonly policy: PolicyEntity;
  readonly divisions: readonly DivisionEntity[];
  /** Divisions being solved (all of them for the organisation-wide run). */
  readonly scope: ReadonlySet<string>;
  readonly counters: readonly CounterEntity[];
  readonly overrides: ReadonlyMap<string, number>;
  readonly staff: readonly StaffEntity[];
  readonly requests: readonly TeleworkRequestEntity[];
  readonly absences: readonly AbsenceEntity[];
  readonly pins: readonly PinEntity[];
  /** Requests of each person denied in the fairness window's published rosters. */
  readonly deniedBefore: ReadonlyMap<string, number>;
  /** Licences (telework days at home or at a place that takes one) per day held by divisions outside the scope. */
  readonly heldLicences: ReadonlyMap<IsoDate, number>;
  /** Desks held by divisions outside the scope, per `place-<id>|day`. */
  readonly heldDesks: ReadonlyMap<string, number>;
  /** Staff outside the scope serving a counter, per `counter|day`. */
  readonly outsideCover: ReadonlyMap<string, number>;
  /** Divisions outside the scope that have a roster this week. */
  readonly rostered: ReadonlySet<string>;
  /** HR's periods that overlap the week (periods.ts), and per period the telework days each person already has in its published weeks before this one. */
  readonly periods: readonly PeriodEntity[];
  readonly periodDone: ReadonlyMap<number, ReadonlyMap<string, number>>;
  /** HR's places (サテライトオフィス), and the days the scope's staff marked as possible for a turn (可能日). */
  readonly places: readonly PlaceEntity[];
  readonly possible: readonly PossibleDayEntity[];
}

export const cellKey = (a: string, day: IsoDate) => `${a}|${day}`;

export interface LoadOptions {
  /** Where the divisions outside the scope hold licences and counters: their current drafts (default) or their published versions. */
  readonly held?: 'drafts' | 'published';
  /** What the week's reads share, read once before (`loadWeekBase`); it must cover the scope. */
  readonly base?: WeekBase;
}

/**
 * The part of a week that no week-locked write changes: the policy, the
 * calendar, divisions, counters and their per-day minimums, the active staff
 * with their counters, and the fairness ledger of earlier weeks. Read once
 * for an organisation-wide solve and the views stored after it; on
 * PostgreSQL it can be read before the week's lock is taken (HR's edits do
 * not take that lock, and each statement under READ COMMITTED sees the latest
 * commit anyway), which keeps the lock short at the request deadline.
 */
export interface WeekBase {
  readonly week: string;
  /** Whose staff were read: null for every division. */
  readonly divisionIds: ReadonlySet<string> | null;
  readonly policy: PolicyEntity;
  readonly closures: ReadonlyMap<IsoDate, string>;
  readonly days: readonly IsoDate[];
  readonly divisions: readonly DivisionEntity[];
  readonly counters: readonly CounterEntity[];
  readonly overrides: ReadonlyMap<string, number>;
  readonly staff: readonly StaffEntity[];
  readonly deniedBefore: ReadonlyMap<string, number>;
}

/**
 * Reads a week's base for the given divisions (null = the whole
 * organisation). Outside a transaction the read is kept in the process
 * until a reference table changes (reference-cache.ts): it is frozen.
 */
export function loadWeekBase(m: EntityManager, week: string, divisionIds: readonly string[] | null = null): Promise<WeekBase> {
  const scope = divisionIds === null ? '*' : [...new Set(divisionIds)].sort().join(',');
  return cachedReference(m, `week-base|${week}|${scope}`, () => readWeekBase(m, week, divisionIds));
}

async function readWeekBase(m: EntityManager, week: string, divisionIds: readonly string[] | null): Promise<WeekBase> {
  const weekdays = weekdaysOf(week);
  const [policy, closureRows, divisions, counters] = await reads(m, [
    () => m.findOneByOrFail(PolicyEntity, { id: 1 }),
    () => m.findBy(ClosureDayEntity, { day: In(weekdays) }),
    () => m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } }),
    () => m.find(CounterEntity, { order: { sortOrder: 'ASC', id: 'ASC' } }),
  ] as const);
  const closures = new Map(closureRows.map((c) => [c.day, c.name]));
  const days = workingDays(week, [...closures.keys()]);
  const scope = new Set(divisionIds ?? divisions.map((d) => d.id));
  const [overrideRows, staff] = await reads(m, [
    () => (days.length ? m.findBy(CounterOverrideEntity, { day: In([...days]) }) : Promise.resolve([])),
    () => activeStaffOf(m, scope),
  ] as const);
  const ids = new Set(staff.map((s) => s.id));
  const [, denied] = await reads(m, [
    () => attachCounters(m, staff, counters, ids.size > MANY_STAFF || scope.size === divisions.length),
    () => deniedBefore(m, week, policy.fairnessWeeks, ids),
  ] as const);
  return {
    week,
    divisionIds: divisionIds === null ? null : scope,
    policy,
    closures,
    days,
    divisions,
    counters,
    overrides: new Map(overrideRows.map((o) => [cellKey(o.counterId, o.day), o.min])),
    staff,
    deniedBefore: denied,
  };
}

/** Reads a week for the given divisions (null = the whole organisation). */
export async function loadWeek(
  m: EntityManager,
  week: string,
  divisionIds: readonly string[] | null,
  options: LoadOptions = {},
): Promise<WeekData> {
  const base = options.base ?? (await loadWeekBase(m, week, divisionIds));
  if (base.week !== week) throw new Error(`the base of ${base.week} does not fit ${week}`);
  const { policy, closures, days, divisions, counters } = base;
  const scope = new Set(divisionIds ?? divisions.map((d) => d.id));
  if (base.divisionIds !== null && [...scope].some((id) => !base.divisionIds!.has(id))) {
    throw new Error('the base does not cover the scope');
  }
  const staff = base.staff.filter((s) => scope.has(s.divisionId));
  const ids = staff.map((s) => s.id);
  // Many staff, or everyone's: read the week's rows and keep theirs, rather than bind hundreds of ids.
  const many = ids.length > MANY_STAFF || scope.size === divisions.length;
  const idSet = new Set(ids);
  const theirs = <T extends { staffId: string }>(rows: T[]): T[] => (many ? rows.filter((r) => idSet.has(r.staffId)) : rows);
  const inWeek = many ? { day: In([...days]) } : { staffId: In(ids), day: In([...days]) };
  const [requests, absences, pins, places, rosteredRows, periods, possible] = await reads(m, [
    async () => (days.length ? theirs(await activeRequestsOf(m, many ? null : ids, days)) : []),
    async () => (days.length ? theirs(await m.findBy(AbsenceEntity, inWeek)) : []),
    async () => (days.length ? theirs(await m.findBy(PinEntity, inWeek)) : []),
    () => listPlaces(m),
    async () => new Set((await m.find(RosterEntity, { select: { divisionId: true }, where: { week } })).map((r) => r.divisionId)),
    () => (days.length ? periodsOverlapping(m, days[0], days[days.length - 1]) : Promise.resolve([])),
    async () => (days.length ? theirs(await m.findBy(PossibleDayEntity, inWeek)) : []),
  ] as const);
  const free = licenceFreePlaces(places);
  const outside: Held | null =
    divisionIds === null || scope.size === divisions.length
      ? null
      : options.held === 'published'
        ? await outsidePublished(m, week, scope, free)
        : heldOutside(await draftHoldings(m, week), scope, free);
  const periodDone = await doneInPeriods(m, week, periods, idSet);
  return {
    week,
    days,
    weekdays: weekdaysOf(week),
    closures,
    policy,
    divisions,
    scope,
    counters,
    overrides: base.overrides,
    staff,
    requests,
    absences,
    pins,
    deniedBefore: base.deniedBefore,
    heldLicences: outside?.licences ?? new Map(),
    heldDesks: outside?.desks ?? new Map(),
    outsideCover: outside?.cover ?? new Map(),
    rostered: rosteredRows,
    periods,
    periodDone,
    places,
    possible,
  };
}

/**
 * Per period that began before this week: the telework days each of `staff` has in it in the
 * latest published versions of the weeks before (the days of this week are planned now).
 */
async function doneInPeriods(
  m: EntityManager,
  week: string,
  periods: readonly PeriodEntity[],
  staff: ReadonlySet<string>,
): Promise<Map<number, Map<string, number>>> {
  const out = new Map<number, Map<string, number>>();
  const monday = weekStart(week);
  const first = monday.toISODate()!;
  const started = periods.filter((p) => p.fromDay < first);
  if (started.length === 0 || staff.size === 0) return out;
  const earliest = started.reduce((a, p) => (p.fromDay < a ? p.fromDay : a), first);
  const weeks: string[] = [];
  for (let w = monday.minus({ weeks: 1 }); w.toISODate()! >= weekStart(weekOf(earliest)).toISODate()!; w = w.minus({ weeks: 1 })) {
    weeks.push(w.toFormat("kkkk-'W'WW"));
  }
  const pubs = await m
    .createQueryBuilder(RosterPublicationEntity, 'p')
    .innerJoin(RosterEntity, 'r', 'r.id = p.rosterId AND r.publishedVersion = p.version')
    .where('r.week IN (:...weeks)', { weeks })
    .getMany();
  for (const period of started) {
    const counts = new Map<string, number>();
    for (const pub of pubs) {
      for (const a of pub.assignments) {
        if (a.mode !== 'telework' || !staff.has(a.staff) || a.day < period.fromDay || a.day > period.toDay || a.day >= first) continue;
        counts.set(a.staff, (counts.get(a.staff) ?? 0) + 1);
      }
    }
    out.set(period.id, counts);
  }
  return out;
}

/**
 * The week of some divisions cut from a read of a wider scope, without a
 * query: what `loadWeek` reads for them, with the divisions outside them
 * holding `outside` and `rostered` the divisions that have a roster.
 */
export function narrowWeek(wide: WeekData, divisionIds: readonly string[], outside: Held, rostered: ReadonlySet<string>): WeekData {
  const scope = new Set(divisionIds);
  if ([...scope].some((id) => !wide.scope.has(id))) throw new Error('the wider read does not cover the scope');
  const staff = wide.staff.filter((s) => scope.has(s.divisionId));
  const ids = new Set(staff.map((s) => s.id));
  const theirs = <T extends { staffId: string }>(rows: readonly T[]): T[] => rows.filter((r) => ids.has(r.staffId));
  return {
    ...wide,
    scope,
    staff,
    requests: theirs(wide.requests),
    absences: theirs(wide.absences),
    pins: theirs(wide.pins),
    possible: theirs(wide.possible),
    heldLicences: scope.size === wide.divisions.length ? new Map() : outside.licences,
    heldDesks: scope.size === wide.divisions.length ? new Map() : outside.desks,
    outsideCover: scope.size === wide.divisions.length ? new Map() : outside.cover,
    rostered,
  };
}

type Results<T extends readonly (() => Promise<unknown>)[]> = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };

/**
 * Independent reads: at once on the pool (a PostgreSQL page read does not
 * wait for one round trip after another); one after another inside a
 * transaction, whose queries share one connection (node-postgres deprecates
 * a query sent while another is running), and on SQLite, which answers
 * synchronously anyway.
 */
export async function reads<T extends readonly (() => Promise<unknown>)[]>(m: EntityManager, work: T): Promise<Results<T>> {
  if (m.queryRunner === undefined) return (await Promise.all(work.map((w) => w()))) as Results<T>;
  const out: unknown[] = [];
  for (const w of work) out.push(await w());
  return out as Results<T>;
}

/** Active staff of the divisions, by id. */
async function activeStaffOf(m: EntityManager, scope: ReadonlySet<string>): Promise<StaffEntity[]> {
  if (scope.size === 0) return [];
  const where = 'e.divisionId IN (:...scope) AND e.active = :active';
  const plain = await readPlain(m, StaffEntity, where, { scope: [...scope], active: true }, ['id']);
  return plain ?? m.find(StaffEntity, { where: { divisionId: In([...scope]), active: true }, order: { id: 'ASC' } });
}

/** Active requests on the days, of the given staff (null: of everyone), by person and rank. */
async function activeRequestsOf(
  m: EntityManager,
  staff: readonly string[] | null,
  days: readonly IsoDate[],
): Promise<TeleworkRequestEntity[]> {
  if (staff?.length === 0) return [];
  const where = `${staff ? 'e.staffId IN (:...staff) AND ' : ''}e.day IN (:...days) AND e.status = :status`;
  const plain = await readPlain(m, TeleworkRequestEntity, where, { ...(staff ? { staff } : {}), days, status: 'active' }, [
    'staffId',
    'rank',
  ]);
  return (
    plain ??
    m.find(TeleworkRequestEntity, {
      where: { ...(staff ? { staffId: In([...staff]) } : {}), day: In([...days]), status: 'active' },
      order: { staffId: 'ASC', rank: 'ASC' },
    })
  );
}

/** From this many staff, `loadWeek` reads whole tables of the week and filters them in memory. */
const MANY_STAFF = 500;

/**
 * Column types whose raw values are what TypeORM hydrates, on SQLite and
 * PostgreSQL: text, integers (a generated id is `Number`), booleans once
 * made true/false.
 */
const PLAIN_TYPES: ReadonlySet<unknown> = new Set(['varchar', 'text', 'integer', 'boolean', Number]);

/**
 * `find` without TypeORM's hydration, which is half the cost of reading the
 * whole organisation's staff and requests: the entity's columns read raw
 * into entity objects, SQLite's 0/1 made false/true as TypeORM does. Null
 * when a column is of another kind (JSON, dates, a transformer, an
 * embedded entity, an integer read as text): the caller then uses `find`.
 */
async function readPlain<T extends ObjectLiteral>(
  m: EntityManager,
  entity: new () => T,
  where: string,
  params: ObjectLiteral,
  orderBy: readonly string[],
): Promise<T[] | null> {
  const columns = m.connection.getMetadata(entity).columns;
  if (columns.some((c) => !PLAIN_TYPES.has(c.type) || c.transformer || c.embeddedMetadata || c.isVirtual)) return null;
  const query = m
    .createQueryBuilder(entity, 'e')
    .select(columns.map((c) => `e.${c.propertyName} AS "${c.propertyName}"`))
    .where(where, params);
  for (const key of orderBy) query.addOrderBy(`e.${key}`, 'ASC');
  const rows: Record<string, unknown>[] = await query.getRawMany();
  const plan = columns.map((c) => ({
    key: c.propertyName,
    boolean: c.type === 'boolean',
    integer: c.type !== 'varchar' && c.type !== 'text',
  }));
  const out: T[] = [];
  for (const row of rows) {
    const item: Record<string, unknown> = new entity();
    for (const { key, boolean, integer } of plan) {
      const value = row[key];
      if (boolean) item[key] = value === null || value === undefined ? value : !!value;
      // An integer the driver returns as text (a bigint) is hydrated differently per database: leave it to `find`.
      else if (integer && typeof value === 'string') return null;
      else item[key] = value;
    }
    out.push(item as T);
  }
  return out;
}

/**
 * Each person's counter qualifications (`StaffEntity.counters`), read from
 * the join table in one query and matched with the counters already read: a
 * relation join hydrates an entity per row and costs ten times as much for
 * a city. Staff without a qualification get an empty list, as the relation does.
 */
async function attachCounters(m: EntityManager, staff: StaffEntity[], counters: readonly CounterEntity[], all: boolean): Promise<void> {
  if (staff.length === 0) return;
  const byId = new Map(counters.map((c) => [c.id, c]));
  const ofStaff = new Map<string, CounterEntity[]>(staff.map((s) => [s.id, []]));
  const query = m
    .createQueryBuilder()
    .select(['sc."staffId" AS "staffId"', 'sc."counterId" AS "counterId"'])
    .from('staff_counters', 'sc')
    .orderBy('sc."staffId"', 'ASC')
    .addOrderBy('sc."counterId"', 'ASC');
  if (!all) query.where('sc."staffId" IN (:...ids)', { ids: [...ofStaff.keys()] });
  const rows: { staffId: string; counterId: string }[] = await query.getRawMany();
  for (const r of rows) {
    const counter = byId.get(r.counterId);
    if (counter) ofStaff.get(r.staffId)?.push(counter);
  }
  for (const s of staff) s.counters = ofStaff.get(s.id) ?? [];
}

/** The open days of a week: Monday to Friday less holidays, 12/29–1/3 and HR's closure days. */
export async function openDaysOf(m: EntityManager, week: string): Promise<IsoDate[]> {
  const closures = await m.findBy(ClosureDayEntity, { day: In(weekdaysOf(week)) });
  return workingDays(
    week,
    closures.map((c) => c.day),
  );
}

/** Required staff at a counter on a day: the date's override, else its weekday's minimum. */
export function requiredAt(data: WeekData, counter: CounterEntity, day: IsoDate): number {
  return data.overrides.get(cellKey(counter.id, day)) ?? counter.minByWeekday[weekdayOf(day) - 1] ?? 0;
}

export function buildProblem(data: WeekData): Problem {
  const { policy, days } = data;
  const own = data.counters.filter((c) => data.scope.has(c.divisionId));
  const qualified = new Set(data.staff.flatMap((s) => (s.counters ?? []).map((c) => c.id)));
  const foreign = data.counters.filter((c) => !data.scope.has(c.divisionId) && qualified.has(c.id));
  const counters = [...own, ...foreign];
  const counterIds = new Set(counters.map((c) => c.id));
  const divisionIds = new Set([...data.scope, ...foreign.map((c) => c.divisionId)]);
  const licences = policy.licencesPerDay;
  const byStaff = groupBy(data.requests, (r) => r.staffId);
  const absent = groupBy(data.absences, (a) => a.staffId);
  const pinned = groupBy(data.pins, (p) => p.staffId);
  const possibleOf = groupBy(possibleDays(data, divisionIds), (p) => p.staffId);
  const placeIds = new Set(data.places.map((p) => p.id));
  const where = (placeId: number | null) => (placeId !== null && placeIds.has(placeId) ? { place: placeKey(placeId) } : {});
  const staff = data.staff.map((s): Staff => {
    const away = new Set((absent.get(s.id) ?? []).map((a) => a.day));
    const pins = (pinned.get(s.id) ?? []).filter((p) => !away.has(p.day)).sort((a, b) => a.day.localeCompare(b.day));
    const caregiving = (r: TeleworkRequestEntity) => s.caregiver || CAREGIVING_REASONS.has(r.reason);
    const asked = new Set((byStaff.get(s.id) ?? []).map((r) => r.day));
    const possible = (possibleOf.get(s.id) ?? [])
      .filter((p) => !away.has(p.day) && !asked.has(p.day))
      .sort((a, b) => a.day.localeCompare(b.day));
    return {
      id: s.id,
      division: s.divisionId,
      name: s.name,
      canTelework: canTelework(policy, s),
      ...(s.maxTeleworkDays === null ? {} : { maxTeleworkDays: s.maxTeleworkDays }),
      // Sorted: the stored problem is compared with a fresh one to see whether the draft is stale.
      counters: (s.counters ?? [])
        .map((c) => c.id)
        .filter((id) => counterIds.has(id))
        .sort(),
      requests: (byStaff.get(s.id) ?? [])
        .filter((r) => !away.has(r.day))
        .sort((a, b) => a.rank - b.rank || a.day.localeCompare(b.day))
        .map((r) => ({
          day: r.day,
          weight: requestWeight(policy, r.rank, caregiving(r), data.deniedBefore.get(s.id) ?? 0),
          ...where(r.placeId),
        })),
      absent: [...away].sort(),
      ...(pins.length ? { pinned: Object.fromEntries(pins.map((p) => [p.day, p.mode])) } : {}),
      // After `pinned`, as the format's writer orders a person's fields (the stored problem is compared with a fresh one).
      ...(possible.length ? { possible: possible.map((p) => ({ day: p.day, ...where(p.placeId) })) } : {}),
    };
  });

  return {
    format: PROBLEM_FORMAT,
    name: `${data.week} ${data.scope.size === data.divisions.length ? '全庁' : [...data.scope].join(',')}`,
    days: [...days],
    policy: {
      maxTeleworkDays: policy.maxTeleworkDays,
      ...(licences === null
        ? {}
        : { licencesPerDay: Object.fromEntries(days.map((d) => [d, Math.max(0, licences - (data.heldLicences.get(d) ?? 0))])) }),
      spreadBonus: [...policy.spreadBonus],
    },
    divisions: data.divisions
      .filter((d) => divisionIds.has(d.id))
      .map((d) => ({ id: d.id, name: d.name, ...(d.terminals === null ? {} : { terminals: d.terminals }) })),
    counters: counters.map((c): Counter => ({
      id: c.id,
      division: c.divisionId,
      name: c.name,
      min: Object.fromEntries(days.map((d) => [d, helpNeeded(data, c, d)])),
    })),
    staff,
    ...periodsOf(data, divisionIds),
    ...placesOf(data, staff),
  };
}

/**
 * The places the staff's requests and possible days name, with the desks the divisions outside
 * the scope leave free each day; none when nobody asks for one, so a week without places reads
 * as it always did.
 */
function placesOf(data: WeekData, staff: readonly Staff[]): Pick<Problem, 'places'> {
  const named = new Set<string>();
  for (const s of staff) {
    for (const r of s.requests) if (r.place) named.add(r.place);
    for (const p of s.possible ?? []) if (p.place) named.add(p.place);
  }
  if (named.size === 0) return {};
  const places = data.places
    .filter((p) => named.has(placeKey(p.id)))
    .map((p): Place => {
      const id = placeKey(p.id);
      const held = data.days.map((d) => data.heldDesks.get(cellKey(id, d)) ?? 0);
      return {
        id,
        name: p.name,
        desks: held.every((n) => n === 0) ? p.desks : Object.fromEntries(data.days.map((d, i) => [d, Math.max(0, p.desks - held[i])])),
        ...(p.licence ? { licence: true } : {}),
      };
    });
  return { places };
}

/**
 * The possible days (可能日) that can matter: those inside a period of this problem whose goal
 * may be met on possible days. A day marked elsewhere changes nothing, so it stays out of the
 * problem (and leaves a draft current).
 */
function possibleDays(data: WeekData, divisionIds: ReadonlySet<string>): PossibleDayEntity[] {
  const open = data.periods.filter((p) => (p.minDays ?? 0) > 0 && p.turnDays === 'possible');
  if (open.length === 0 || data.possible.length === 0) return [];
  const divisionOf = new Map(data.staff.map((s) => [s.id, s.divisionId]));
  return data.possible.filter((d) => {
    const division = divisionOf.get(d.staffId);
    return open.some((p) => {
      const listed = divisionsOf(p);
      return (
        p.fromDay <= d.day &&
        d.day <= p.toDay &&
        (listed.length === 0 || (division !== undefined && listed.includes(division) && divisionIds.has(division)))
      );
    });
  });
}

/** HR's periods that touch the week's days and its divisions, with the days done before it (docs/format-periods.md). */
function periodsOf(data: WeekData, divisionIds: ReadonlySet<string>): Pick<Problem, 'periods'> {
  const { days } = data;
  if (days.length === 0) return {};
  const staffIds = new Set(data.staff.map((s) => s.id));
  const periods: Period[] = [];
  for (const p of data.periods) {
    if (p.toDay < days[0] || p.fromDay > days[days.length - 1]) continue;
    const listed = divisionsOf(p);
    const divisions = listed.filter((id) => divisionIds.has(id));
    if (listed.length > 0 && divisions.length === 0) continue;
    const done = [...(data.periodDone.get(p.id) ?? new Map<string, number>())].filter(([id, n]) => n > 0 && staffIds.has(id)).sort();
    periods.push({
      id: `period-${p.id}`,
      name: p.name,
      from: p.fromDay,
      to: p.toDay,
      ...(listed.length > 0 ? { divisions } : {}),
      ...(p.minDays !== null ? { minDays: p.minDays, turnDays: p.turnDays } : {}),
      ...(p.maxDays !== null ? { maxDays: p.maxDays } : {}),
      ...(done.length > 0 ? { done: Object.fromEntries(done) } : {}),
    });
  }
  return periods.length > 0 ? { periods } : {};
}

/**
 * Staff the scope must put at a counter: its minimum less those from other
 * divisions already serving it. Another division's counter needs the scope's
 * help only once that division has a roster: until then its own staff are
 * expected to cover it.
 */
function helpNeeded(data: WeekData, c: CounterEntity, day: IsoDate): number {
  if (!data.scope.has(c.divisionId) && !data.rostered.has(c.divisionId)) return 0;
  return Math.max(0, requiredAt(data, c, day) - (data.outsideCover.get(cellKey(c.id, day)) ?? 0));
}

/** What cells outside a scope hold: licences per day, staff at each counter per `counter|day`, and desks per `place|day`. */
export interface Held {
  readonly licences: ReadonlyMap<IsoDate, number>;
  readonly cover: ReadonlyMap<string, number>;
  readonly desks: ReadonlyMap<string, number>;
}

/** The problem ids of the places where a telework day takes no licence (on the internal network). */
export function licenceFreePlaces(places: readonly Pick<PlaceEntity, 'id' | 'licence'>[]): ReadonlySet<string> {
  return new Set(places.filter((p) => !p.licence).map((p) => placeKey(p.id)));
}

/** A division's draft cells that hold something, counted: `n` cells of that day, mode, counter and place. */
export interface Holding {
  readonly day: IsoDate;
  readonly mode: string;
  readonly counter: string | null;
  readonly place: string | null;
  readonly n: number;
}

/** What each division's draft of the week holds now, by division (one query). */
export async function draftHoldings(m: EntityManager, week: string): Promise<Map<string, Holding[]>> {
  const rows: {
    divisionId: string;
    day: string;
    mode: string;
    counterId: string | null;
    placeId: number | string | null;
    n: string | number;
  }[] = await m
    .createQueryBuilder(AssignmentEntity, 'a')
    .innerJoin(RosterEntity, 'r', 'r.id = a.rosterId')
    .select([
      'r.divisionId AS "divisionId"',
      'a.day AS day',
      'a.mode AS mode',
      'a.counterId AS "counterId"',
      'a.placeId AS "placeId"',
      'COUNT(*) AS n',
    ])
    .where('r.week = :week', { week })
    .andWhere("(a.mode = 'telework' OR a.counterId IS NOT NULL)")
    .groupBy('r.divisionId')
    .addGroupBy('a.day')
    .addGroupBy('a.mode')
    .addGroupBy('a.counterId')
    .addGroupBy('a.placeId')
    .getRawMany();
  const out = new Map<string, Holding[]>();
  for (const r of rows) {
    const list = out.get(r.divisionId) ?? [];
    if (list.length === 0) out.set(r.divisionId, list);
    const place = r.placeId === null || r.placeId === undefined ? null : placeKey(Number(r.placeId));
    list.push({ day: r.day, mode: r.mode, counter: r.counterId, place, n: Number(r.n) });
  }
  return out;
}

/** Adds `n` cells of a day to what is held. */
function hold(
  held: { licences: Map<IsoDate, number>; cover: Map<string, number>; desks: Map<string, number> },
  cell: { readonly day: IsoDate; readonly mode: string; readonly counter?: string | null; readonly place?: string | null },
  free: ReadonlySet<string>,
  n: number,
): void {
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + n);
  if (cell.mode === 'telework') {
    if (!cell.place || !free.has(cell.place)) add(held.licences, cell.day);
    if (cell.place) add(held.desks, cellKey(cell.place, cell.day));
  } else if (cell.counter) add(held.cover, cellKey(cell.counter, cell.day));
}

/** What the divisions outside `scope` hold, of the holdings by division; `free`: the places that take no licence. */
export function heldOutside(
  holdings: ReadonlyMap<string, readonly Holding[]>,
  scope: ReadonlySet<string>,
  free: ReadonlySet<string>,
): Held {
  const held = { licences: new Map<IsoDate, number>(), cover: new Map<string, number>(), desks: new Map<string, number>() };
  for (const [division, list] of holdings) {
    if (scope.has(division)) continue;
    for (const h of list) hold(held, h, free, h.n);
  }
  return held;
}

/** What published cells hold (one cell each); `free`: the places that take no licence. */
export function heldIn(
  cells: Iterable<{ readonly day: IsoDate; readonly mode: string; readonly counter?: string | null; readonly place?: string | null }>,
  free: ReadonlySet<string>,
): Held {
  const held = { licences: new Map<IsoDate, number>(), cover: new Map<string, number>(), desks: new Map<string, number>() };
  for (const a of cells) hold(held, a, free, 1);
  return held;
}

/** What the divisions outside the scope hold in their latest published versions. */
async function outsidePublished(m: EntityManager, week: string, scope: ReadonlySet<string>, free: ReadonlySet<string>): Promise<Held> {
  const pubs = await m
    .createQueryBuilder(RosterPublicationEntity, 'p')
    .innerJoin(RosterEntity, 'r', 'r.id = p.rosterId AND r.publishedVersion = p.version')
    .where('r.week = :week', { week })
    .andWhere('r.divisionId NOT IN (:...scope)', { scope: [...scope] })
    .getMany();
  return heldIn(
    pubs.flatMap((p) => p.assignments),
    free,
  );
}

/**
 * Denied requests per person in the latest published versions of the
 * previous weeks, corrected by what actually happened (actuals.ts): a denied
 * day the person teleworked (or was on leave) does not count; planned
 * telework that did not happen because they came in counts as denied.
 */
async function deniedBefore(m: EntityManager, week: string, weeks: number, staff: ReadonlySet<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (weeks <= 0 || staff.size === 0) return out;
  const monday = weekStart(week);
  const earlier = Array.from({ length: weeks }, (_, i) => monday.minus({ weeks: i + 1 }).toFormat("kkkk-'W'WW"));
  const days = earlier.flatMap((w) => weekdaysOf(w));
  const actualRows = await m.createQueryBuilder(ActualDayEntity, 'a').where('a.day IN (:...days)', { days }).getMany();
  const actual = new Map(actualRows.filter((a) => staff.has(a.staffId)).map((a) => [cellKey(a.staffId, a.day), a.mode]));
  // The published denials of those weeks; the (much larger) assignments only when 実績 may correct them.
  const pubs = await m
    .createQueryBuilder(RosterPublicationEntity, 'p')
    .select(['p.id', 'p.denials', ...(actual.size ? ['p.assignments'] : [])])
    .innerJoin(RosterEntity, 'r', 'r.id = p.rosterId AND r.publishedVersion = p.version')
    .where('r.week IN (:...earlier)', { earlier })
    .getMany();
  const add = (id: string) => out.set(id, (out.get(id) ?? 0) + 1);
  for (const p of pubs) {
    for (const d of p.denials) {
      if (!staff.has(d.staff)) continue;
      const happened = actual.get(cellKey(d.staff, d.day));
      if (happened !== 'telework' && happened !== 'absent') add(d.staff);
    }
    if (actual.size === 0) continue;
    for (const a of p.assignments) {
      if (a.mode === 'telework' && actual.get(cellKey(a.staff, a.day)) === 'office') add(a.staff);
    }
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
