/**
 * The independent roster checker: does a roster keep every rule of the
 * rotation format (`shared/formats/rotation-v1.md`) for its problem?
 *
 * It deliberately shares no code with the engine. It imports only types from
 * the domain and re-implements every reading of the format (maximum days,
 * counter minimums, licences, defaults) itself, so that a bug in a shared
 * helper cannot make the engine and its checker agree on a wrong answer.
 *
 * The extension for weeks, periods and places (docs/format-periods.md) is read
 * here on its own too: the weeks and the week of each day, the place of each
 * person-day, turn days, the scope, days and `done` of each period.
 *
 * The problem is trusted to be valid (a validator runs before the engine); the
 * roster is not: unknown ids, extra days, duplicates and dangling counters are
 * reported as violations, never thrown. Everything is indexed once, so the
 * cost is linear in the size of the problem and the roster.
 */
import type { Assignment, Counter, Division, IsoDate, Period, Place, Policy, Problem, Roster, Staff, TurnShort } from '../domain/rotation';
import type { RuleId } from '../domain/rules';

export interface Violation {
  readonly rule: RuleId;
  readonly message: string;
  readonly messageJa: string;
  readonly staff?: string;
  readonly day?: string;
  readonly counter?: string;
  readonly division?: string;
  /** Extension: the place (rule `desks`, `place`) or period (`period-cap`, `turns-short`) concerned. */
  readonly place?: string;
  readonly period?: string;
}

export interface CheckReport {
  /** True when no rule is violated. */
  readonly ok: boolean;
  readonly violations: Violation[];
  /**
   * The objective these assignments deserve: requests + turn days + spread + goals − penalty × recomputed
   * shortfall (turn days and goals only with the extension's periods).
   */
  readonly objective: number;
  /** The same, exact, as a decimal BigInt string. */
  readonly objectiveExact: string;
  /** Requests granted (telework on a requested day). */
  readonly granted: number;
  /** Requests in the problem. */
  readonly requested: number;
  /** Total missing staff over all counter-days, recomputed from the assignments. */
  readonly shortfall: number;
}

/** The format's defaults and the id of home; repeated here on purpose (see the file comment). */
const SHORTFALL_PENALTY_DEFAULT = 100000;
const TURN_WEIGHT_DEFAULT = 1000;
const HOME_ID = 'home';

/** The place index of a day at home. */
const AT_HOME = -1;

/** Mode codes of a person-day cell; 0 = no entry. */
const NONE = 0;
const OFFICE = 1;
const TELEWORK = 2;
const ABSENT = 3;
const OTHER = 4;

type Where = Pick<Violation, 'staff' | 'day' | 'counter' | 'division' | 'place' | 'period'>;
type Report = (rule: RuleId, message: string, messageJa: string, where?: Where) => void;

export function checkRoster(problem: Problem, roster: Roster): CheckReport {
  const violations: Violation[] = [];
  const report: Report = (rule, message, messageJa, where = {}) => violations.push({ rule, message, messageJa, ...where });

  const ix = indexProblem(problem);
  const grid = readAssignments(ix, roster.assignments ?? [], report);
  checkAbsent(ix, grid, report);
  checkCanTelework(ix, grid, report);
  checkRequestedOnly(ix, grid, report);
  checkPins(ix, grid, report);
  checkMaxTeleworkDays(ix, grid, report);
  checkLicences(ix, grid, report);
  checkTerminals(ix, grid, report);
  checkPlace(ix, grid, roster.assignments ?? [], report);
  checkDesks(ix, grid, report);
  checkQualifiedCounter(ix, grid, roster.assignments ?? [], report);
  const cover = readShortfalls(ix, grid, roster.assignments ?? [], roster.shortfalls ?? [], report);
  checkCounterMinimum(ix, cover, report);
  const shortfall = checkShortfalls(ix, cover, report);
  const periodDays = countPeriodDays(ix, grid);
  checkPeriodCaps(ix, periodDays, report);
  checkTurnsShort(ix, periodDays, roster.turnsShort, report);
  const score = checkObjective(ix, grid, periodDays, roster, shortfall, report);

  return {
    ok: violations.length === 0,
    violations,
    objective: Number(score.exact),
    objectiveExact: score.exact.toString(),
    granted: score.granted,
    requested: score.requested,
    shortfall,
  };
}

// ---------------------------------------------------------------------------
// Reading the problem and the roster into flat, indexed arrays.
// A person-day is the cell `staff * nDays + day`; a counter-day `counter * nDays + day`.

interface Index {
  readonly problem: Problem;
  readonly nDays: number;
  readonly dayOf: ReadonlyMap<string, number>;
  readonly staffOf: ReadonlyMap<string, number>;
  readonly counterOf: ReadonlyMap<string, number>;
  /** Division index of each staff member (-1 if it does not resolve). */
  readonly staffDivision: Int32Array;
  /** 1 on a person's absent days. */
  readonly absent: Uint8Array;
  /** OFFICE or TELEWORK on pinned days, else NONE. */
  readonly pinned: Uint8Array;
  /** Request weight of a person-day; NaN when not requested. */
  readonly weight: Float64Array;
  /** Counters each person is qualified for, built on first need. */
  readonly qualified: (Set<string> | undefined)[];

  // The extension (docs/format-periods.md); without its fields: one week, everyone at home, no periods.
  /** Week of each day (an index into `problem.weeks`; 0 without them). */
  readonly weekOf: Int32Array;
  readonly numWeeks: number;
  /** True with several weeks: the weekly maximum's messages then name the week. */
  readonly weekly: boolean;
  /** Place of each person-day: an index into `problem.places`, or AT_HOME. */
  readonly place: Int32Array;
  /** 1 for a place where a day takes a licence and a terminal, as a day at home does. */
  readonly placeLicence: Uint8Array;
  /** 1 on a person's turn days: days of a period with a goal for them, opened by its `turnDays`. */
  readonly turn: Uint8Array;
  readonly periods: readonly PeriodView[];
  readonly periodOf: ReadonlyMap<string, number>;
  /** True when a period has a goal (minDays > 0): the roster then owes `turnsShort`. */
  readonly hasGoals: boolean;
}

/** One period as this checker reads it. */
interface PeriodView {
  readonly period: Period;
  /** 1 on the problem's days from `from` to `to`. */
  readonly inPeriod: Uint8Array;
  /** 1 for the staff it applies to: of a listed division (every division without the list) and able to telework. */
  readonly inScope: Uint8Array;
  /** Days already worked, per staff member. */
  readonly done: Float64Array;
  /** minDays, 0 without a goal. */
  readonly goal: number;
  readonly turnWeight: number;
}

function indexProblem(problem: Problem): Index {
  const nDays = problem.days.length;
  const dayOf = positions(problem.days);
  const staffOf = positions(problem.staff.map((s) => s.id));
  const counterOf = positions(problem.counters.map((c) => c.id));
  const divisionOf = positions(problem.divisions.map((d) => d.id));
  const cells = problem.staff.length * nDays;
  const staffDivision = new Int32Array(problem.staff.length);
  const absent = new Uint8Array(cells);
  const pinned = new Uint8Array(cells);
  const weight = new Float64Array(cells).fill(NaN);

  problem.staff.forEach((st, s) => {
    staffDivision[s] = divisionOf.get(st.division) ?? -1;
    const base = s * nDays;
    for (const day of st.absent ?? []) {
      const d = dayOf.get(day);
      if (d !== undefined) absent[base + d] = 1;
    }
    for (const r of st.requests ?? []) {
      const d = dayOf.get(r.day);
      if (d !== undefined) weight[base + d] = r.weight;
    }
    for (const [day, mode] of Object.entries(st.pinned ?? {})) {
      const d = dayOf.get(day);
      if (d !== undefined) pinned[base + d] = mode === 'telework' ? TELEWORK : mode === 'office' ? OFFICE : NONE;
    }
  });

  const periods = readPeriods(problem);
  return {
    problem,
    nDays,
    dayOf,
    staffOf,
    counterOf,
    staffDivision,
    absent,
    pinned,
    weight,
    qualified: new Array<Set<string> | undefined>(problem.staff.length),
    ...readWeeks(problem, dayOf),
    ...readPlaces(problem, dayOf),
    turn: readTurnDays(problem, dayOf, periods, absent, pinned),
    periods,
    periodOf: positions(periods.map((pv) => pv.period.id)),
    hasGoals: periods.some((pv) => pv.goal > 0),
  };
}

function readWeeks(problem: Problem, dayOf: ReadonlyMap<string, number>): Pick<Index, 'weekOf' | 'numWeeks' | 'weekly'> {
  const weekOf = new Int32Array(problem.days.length);
  const weeks = problem.weeks ?? [];
  weeks.forEach((week, w) => {
    for (const day of week) {
      const d = dayOf.get(day);
      if (d !== undefined) weekOf[d] = w;
    }
  });
  return { weekOf, numWeeks: Math.max(1, weeks.length), weekly: weeks.length > 1 };
}

/** Where each person-day's telework is spent: the request's place, else the possible day's, else home. */
function readPlaces(problem: Problem, dayOf: ReadonlyMap<string, number>): Pick<Index, 'place' | 'placeLicence'> {
  const nDays = problem.days.length;
  const places = problem.places ?? [];
  const placeOf = positions(places.map((pl) => pl.id));
  const place = new Int32Array(problem.staff.length * nDays).fill(AT_HOME);
  const placeLicence = Uint8Array.from(places, (pl) => (pl.licence === true ? 1 : 0));
  if (places.length > 0) {
    problem.staff.forEach((st, s) => {
      const put = (day: IsoDate, id: string | undefined) => {
        const d = dayOf.get(day);
        if (d !== undefined)
          place[s * nDays + d] = id === undefined || id === null || id === HOME_ID ? AT_HOME : (placeOf.get(id) ?? AT_HOME);
      };
      for (const pd of st.possible ?? []) put(pd.day, pd.place);
      for (const r of st.requests ?? []) put(r.day, r.place); // a request's place wins
    });
  }
  return { place, placeLicence };
}

function readPeriods(problem: Problem): PeriodView[] {
  return (problem.periods ?? []).map((period) => {
    const inPeriod = Uint8Array.from(problem.days, (day) => (day >= period.from && day <= period.to ? 1 : 0));
    const divisions = period.divisions === undefined || period.divisions === null ? undefined : new Set(period.divisions);
    const inScope = Uint8Array.from(problem.staff, (st) => (st.canTelework === true && (!divisions || divisions.has(st.division)) ? 1 : 0));
    const given = period.done ?? {};
    const done = Float64Array.from(problem.staff, (st) =>
      Object.hasOwn(given, st.id) && Number.isFinite(given[st.id]) ? given[st.id] : 0,
    );
    const goal = typeof period.minDays === 'number' && period.minDays > 0 ? period.minDays : 0;
    const turnWeight = typeof period.turnWeight === 'number' ? period.turnWeight : TURN_WEIGHT_DEFAULT;
    return { period, inPeriod, inScope, done, goal, turnWeight };
  });
}

/**
 * Turn days: for each period with a goal and each person in its scope, its `possible` days in the period
 * (`turnDays` "possible", the default), every day of the period they are neither absent nor pinned to the
 * office ("any"), or none ("requested").
 */
function readTurnDays(
  problem: Problem,
  dayOf: ReadonlyMap<string, number>,
  periods: readonly PeriodView[],
  absent: Uint8Array,
  pinned: Uint8Array,
): Uint8Array {
  const nDays = problem.days.length;
  const turn = new Uint8Array(problem.staff.length * nDays);
  for (const pv of periods) {
    const kind = pv.period.turnDays ?? 'possible';
    if (pv.goal === 0 || kind === 'requested') continue;
    problem.staff.forEach((st, s) => {
      if (pv.inScope[s] === 0) return;
      const base = s * nDays;
      if (kind === 'any') {
        for (let d = 0; d < nDays; d++) {
          if (pv.inPeriod[d] === 1 && absent[base + d] === 0 && pinned[base + d] !== OFFICE) turn[base + d] = 1;
        }
        return;
      }
      for (const pd of st.possible ?? []) {
        const d = dayOf.get(pd.day);
        if (d !== undefined && pv.inPeriod[d] === 1) turn[base + d] = 1;
      }
    });
  }
  return turn;
}

function positions(ids: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  ids.forEach((id, i) => map.set(id, i));
  return map;
}

interface Grid {
  /** Mode code of each person-day, taken from its first entry. */
  readonly mode: Uint8Array;
  /** Index in `assignments` of each person-day's first entry; -1 when none. */
  readonly entry: Int32Array;
}

/**
 * Rule `one-entry-per-day`. Builds the grid of person-days; when a person-day
 * has several entries, the first one is the one every other rule judges.
 * Entries for unknown staff or days take part in no other rule.
 */
function readAssignments(ix: Index, assignments: readonly Assignment[], report: Report): Grid {
  const { problem, nDays } = ix;
  const cells = problem.staff.length * nDays;
  const mode = new Uint8Array(cells);
  const entry = new Int32Array(cells).fill(-1);
  const extra = new Map<number, number>();
  const unknownStaff = new Map<string, number>();
  const unknownDays = new Map<string, { count: number; staff: string[] }>();

  assignments.forEach((a, i) => {
    const s = ix.staffOf.get(a.staff);
    if (s === undefined) {
      const id = String(a.staff);
      unknownStaff.set(id, (unknownStaff.get(id) ?? 0) + 1);
      return;
    }
    const d = ix.dayOf.get(a.day);
    if (d === undefined) {
      const day = String(a.day);
      const seen = unknownDays.get(day) ?? { count: 0, staff: [] };
      seen.count++;
      if (seen.staff.length < 3) seen.staff.push(String(a.staff));
      unknownDays.set(day, seen);
      return;
    }
    const cell = s * nDays + d;
    if (entry[cell] === -1) {
      entry[cell] = i;
      mode[cell] = modeCode(a.mode);
    } else {
      extra.set(cell, (extra.get(cell) ?? 1) + 1);
    }
  });

  forEachCell(ix, (st, day, cell) => {
    const n = extra.get(cell);
    if (mode[cell] !== NONE && mode[cell] !== OTHER && n === undefined) return;
    const who = label(st);
    if (mode[cell] === NONE) {
      report('one-entry-per-day', `${day}: ${who.en} has no entry`, `${day}：${who.ja}の割当てがありません`, { staff: st.id, day });
      return;
    }
    if (n !== undefined) {
      report(
        'one-entry-per-day',
        `${day}: ${who.en} has ${n} entries; exactly one is allowed`,
        `${day}：${who.ja}の割当てが${n}件あります（1件のみ可）`,
        { staff: st.id, day },
      );
    }
    if (mode[cell] === OTHER) {
      const raw = String(assignments[entry[cell]].mode);
      report(
        'one-entry-per-day',
        `${day}: ${who.en} has mode "${raw}", which is not office, telework or absent`,
        `${day}：${who.ja}の区分「${raw}」は出勤・テレワーク・休暇のいずれでもありません`,
        { staff: st.id, day },
      );
    }
  });
  for (const [id, n] of unknownStaff) {
    report(
      'one-entry-per-day',
      `${id} is not one of the problem's staff (${n} ${n === 1 ? 'entry' : 'entries'})`,
      `${id}は問題の職員に含まれていません（${n}件）`,
      { staff: id },
    );
  }
  for (const [day, { count, staff }] of unknownDays) {
    const some = staff.join(', ') + (count > staff.length ? ', …' : '');
    report(
      'one-entry-per-day',
      `${day} is not one of the problem's days (${count} ${count === 1 ? 'entry' : 'entries'}: ${some})`,
      `${day}は問題の勤務日に含まれていません（${count}件：${some}）`,
      { day },
    );
  }
  return { mode, entry };
}

function modeCode(mode: unknown): number {
  switch (mode) {
    case 'office':
      return OFFICE;
    case 'telework':
      return TELEWORK;
    case 'absent':
      return ABSENT;
    default:
      return OTHER;
  }
}

// ---------------------------------------------------------------------------
// Rules on each person-day.

function checkAbsent(ix: Index, grid: Grid, report: Report): void {
  forEachCell(ix, (st, day, cell) => {
    const m = grid.mode[cell];
    if (m === NONE) return;
    const who = label(st);
    if (ix.absent[cell] === 1 && m !== ABSENT) {
      report(
        'absent',
        `${day}: ${who.en} is on leave but is assigned ${modeEn(m)}`,
        `${day}：${who.ja}は休暇日ですが「${modeJa(m)}」になっています`,
        { staff: st.id, day },
      );
    } else if (ix.absent[cell] === 0 && m === ABSENT) {
      report(
        'absent',
        `${day}: ${who.en} is marked absent but ${day} is not one of their absent days`,
        `${day}：${who.ja}は休暇日ではないのに「休暇」になっています`,
        { staff: st.id, day },
      );
    }
  });
}

function checkCanTelework(ix: Index, grid: Grid, report: Report): void {
  forEachCell(ix, (st, day, cell) => {
    if (grid.mode[cell] !== TELEWORK || st.canTelework) return;
    const who = label(st);
    report(
      'can-telework',
      `${day}: ${who.en} teleworks but cannot telework (canTelework is false)`,
      `${day}：${who.ja}はテレワーク対象外の職種ですが、テレワークになっています`,
      { staff: st.id, day },
    );
  });
}

/** Telework only on a requested day, a day pinned to telework, or (with periods) a turn day. */
function checkRequestedOnly(ix: Index, grid: Grid, report: Report): void {
  forEachCell(ix, (st, day, cell) => {
    if (grid.mode[cell] !== TELEWORK || !Number.isNaN(ix.weight[cell]) || ix.pinned[cell] === TELEWORK || ix.turn[cell] === 1) return;
    const who = label(st);
    if (ix.hasGoals) {
      report(
        'requested-only',
        `${day}: ${who.en} teleworks on a day neither requested, pinned to telework nor a turn day of a period's goal`,
        `${day}：${who.ja}は希望も課長の固定もなく、期間の目標のための日でもない日にテレワークになっています`,
        { staff: st.id, day },
      );
      return;
    }
    report(
      'requested-only',
      `${day}: ${who.en} teleworks on a day neither requested nor pinned to telework`,
      `${day}：${who.ja}は希望も課長の固定もない日にテレワークになっています`,
      { staff: st.id, day },
    );
  });
}

function checkPins(ix: Index, grid: Grid, report: Report): void {
  forEachCell(ix, (st, day, cell) => {
    const pin = ix.pinned[cell];
    const m = grid.mode[cell];
    if (pin === NONE || m === NONE || m === pin) return;
    const who = label(st);
    report(
      'pins',
      `${day}: ${who.en} is pinned to ${modeEn(pin)} but is assigned ${modeEn(m)}`,
      `${day}：${who.ja}は課長により「${modeJa(pin)}」に固定されていますが「${modeJa(m)}」になっています`,
      { staff: st.id, day },
    );
  });
}

// ---------------------------------------------------------------------------
// Limits on telework: per person, per day, per division and day.

/** The maximum holds in each week (the whole problem without `weeks`). */
function checkMaxTeleworkDays(ix: Index, grid: Grid, report: Report): void {
  const { problem } = ix;
  const perWeek = new Int32Array(ix.numWeeks);
  problem.staff.forEach((st, s) => {
    teleworkDaysByWeek(ix, grid, s, perWeek);
    const own = st.maxTeleworkDays;
    const limit = own ?? problem.policy.maxTeleworkDays;
    perWeek.forEach((days, w) => {
      if (days <= limit) return;
      const who = label(st);
      const whose = own === undefined ? 'the policy maximum' : 'their personal maximum';
      const whoseJa = own === undefined ? '方針の上限' : '個人の上限';
      const week = weekLabel(ix, w);
      report(
        'max-telework-days',
        `${who.en} teleworks ${days} days${week.en} but ${whose} is ${limit}`,
        `${who.ja}の${week.ja}テレワークは${days}日で、${whoseJa}${limit}日を超えています`,
        { staff: st.id },
      );
    });
  });
}

/** ` in week 2 (first … last)` when the problem has several weeks, else nothing. */
function weekLabel(ix: Index, w: number): { en: string; ja: string } {
  const week = ix.problem.weeks?.[w];
  if (!ix.weekly || !week || week.length === 0) return { en: '', ja: '' };
  const span = `${week[0]} … ${week[week.length - 1]}`;
  return { en: ` in week ${w + 1} (${span})`, ja: `第${w + 1}週（${week[0]}〜${week[week.length - 1]}）の` };
}

function checkLicences(ix: Index, grid: Grid, report: Report): void {
  const { problem, nDays } = ix;
  const teleworking = new Int32Array(nDays);
  forEachCell(ix, (_st, _day, cell, _s, d) => {
    if (grid.mode[cell] === TELEWORK && needsLicence(ix, cell)) teleworking[d]++;
  });
  const where = licensedWhere(ix);
  problem.days.forEach((day, d) => {
    const limit = licencesOnDay(problem.policy, day);
    const n = teleworking[d];
    if (n <= limit) return;
    report(
      'licences',
      `${day}: ${n} staff telework${where.en} but licencesPerDay is ${limit}`,
      `${day}：${where.ja}テレワーク職員が${n}人で、リモート接続ライセンス数${limit}を超えています`,
      { day },
    );
  });
}

function checkTerminals(ix: Index, grid: Grid, report: Report): void {
  const { problem, nDays } = ix;
  const teleworking = new Int32Array(problem.divisions.length * nDays);
  forEachCell(ix, (_st, _day, cell, s, d) => {
    const v = ix.staffDivision[s];
    if (grid.mode[cell] === TELEWORK && v >= 0 && needsLicence(ix, cell)) teleworking[v * nDays + d]++;
  });
  const where = licensedWhere(ix);
  problem.divisions.forEach((div: Division, v) => {
    if (div.terminals === undefined || div.terminals === null) return;
    problem.days.forEach((day, d) => {
      const n = teleworking[v * nDays + d];
      if (n <= div.terminals!) return;
      report(
        'terminals',
        `${day}: ${n} staff of ${div.id} (${div.name}) telework${where.en} but the division has ${div.terminals} terminals`,
        `${day}：${div.name}（${div.id}）の${where.ja}テレワーク職員が${n}人で、共用端末数${div.terminals}台を超えています`,
        { day, division: div.id },
      );
    });
  });
}

/** A telework day at home, or at a place with `licence: true`, takes a licence and a terminal. */
function needsLicence(ix: Index, cell: number): boolean {
  const p = ix.place[cell];
  return p === AT_HOME || ix.placeLicence[p] === 1;
}

/** With places, the licence and terminal messages say which telework days they count. */
function licensedWhere(ix: Index): { en: string; ja: string } {
  if ((ix.problem.places ?? []).length === 0) return { en: '', ja: '' };
  return { en: ' at home or at places that need a licence', ja: '自宅またはライセンスが必要な場所での' };
}

// ---------------------------------------------------------------------------
// Places (extension): the place an entry names, and desks per place and day.

/** Rule `place`: a telework entry names the day's place (none at home); no other entry names one. */
function checkPlace(ix: Index, grid: Grid, assignments: readonly Assignment[], report: Report): void {
  const places = ix.problem.places ?? [];
  forEachCell(ix, (st, day, cell) => {
    const i = grid.entry[cell];
    if (i < 0) return;
    const raw = assignments[i].place;
    const named = raw === undefined || raw === null ? undefined : String(raw);
    const m = grid.mode[cell];
    const p = m === TELEWORK ? ix.place[cell] : AT_HOME;
    if (named === (p === AT_HOME ? undefined : places[p].id)) return;
    const who = label(st);
    if (m !== TELEWORK) {
      report(
        'place',
        `${day}: ${who.en} names place ${named} on a "${String(assignments[i].mode)}" entry; only telework entries name a place`,
        `${day}：${who.ja}は「${modeJa(m)}」ですが場所${named}が指定されています（場所はテレワークの日のみ）`,
        { staff: st.id, day, place: named },
      );
    } else if (p === AT_HOME) {
      report(
        'place',
        `${day}: ${who.en} teleworks at home that day, but the entry names place ${named}; a day at home names none`,
        `${day}：${who.ja}のその日のテレワークは自宅ですが、場所${named}が指定されています（自宅の日は指定しません）`,
        { staff: st.id, day, place: named },
      );
    } else {
      const fixed = places[p];
      report(
        'place',
        `${day}: ${who.en} teleworks at ${fixed.id} (${fixed.name}) that day, but the entry names ${named === undefined ? 'no place' : `place ${named}`}`,
        `${day}：${who.ja}のその日のテレワークの場所は${fixed.name}（${fixed.id}）ですが、` +
          (named === undefined ? '場所が指定されていません' : `場所${named}が指定されています`),
        { staff: st.id, day, place: fixed.id },
      );
    }
  });
}

/** Rule `desks`: telework days at each place and day (where the problem puts them) ≤ its desks. */
function checkDesks(ix: Index, grid: Grid, report: Report): void {
  const { problem, nDays } = ix;
  const places = problem.places ?? [];
  if (places.length === 0) return;
  const at = new Int32Array(places.length * nDays);
  forEachCell(ix, (_st, _day, cell, _s, d) => {
    const p = ix.place[cell];
    if (grid.mode[cell] === TELEWORK && p !== AT_HOME) at[p * nDays + d]++;
  });
  places.forEach((pl, p) => {
    problem.days.forEach((day, d) => {
      const n = at[p * nDays + d];
      const desks = desksOnDay(pl, day);
      if (n <= desks) return;
      report(
        'desks',
        `${day}: ${n} staff telework at ${pl.id} (${pl.name}) but it has ${desks} desks that day`,
        `${day}：${pl.name}（${pl.id}）でテレワークする職員が${n}人で、その日の席数${desks}席を超えています`,
        { day, place: pl.id },
      );
    });
  });
}

// ---------------------------------------------------------------------------
// Counters: who serves them, how many are missing, and what the roster says is missing.

function checkQualifiedCounter(ix: Index, grid: Grid, assignments: readonly Assignment[], report: Report): void {
  forEachCell(ix, (st, day, cell, s) => {
    const i = grid.entry[cell];
    if (i < 0) return;
    const counter = assignments[i].counter;
    if (counter === undefined || counter === null) return;
    const m = grid.mode[cell];
    const c = ix.counterOf.get(counter);
    if (m === OFFICE && c !== undefined && qualifiedSet(ix, s).has(counter)) return;
    const who = label(st);
    const where = { staff: st.id, day, counter: String(counter) };
    if (m !== OFFICE) {
      const raw = String(assignments[i].mode);
      report(
        'qualified-counter',
        `${day}: ${who.en} names counter ${counter} on a "${raw}" entry; only office entries may name a counter`,
        `${day}：${who.ja}は「${modeJa(m)}」ですが窓口${counter}が指定されています（窓口は出勤時のみ）`,
        where,
      );
      return;
    }
    if (c === undefined) {
      report(
        'qualified-counter',
        `${day}: ${who.en} is assigned to counter ${counter}, which does not exist`,
        `${day}：${who.ja}の担当窓口${counter}は存在しません`,
        where,
      );
      return;
    }
    const ctr = ix.problem.counters[c];
    report(
      'qualified-counter',
      `${day}: ${who.en} is assigned to ${ctr.id} (${ctr.name}) but is not qualified for it`,
      `${day}：${who.ja}は${ctr.name}（${ctr.id}）の担当資格がありません`,
      where,
    );
  });
}

function qualifiedSet(ix: Index, s: number): Set<string> {
  let set = ix.qualified[s];
  if (set === undefined) {
    set = new Set(ix.problem.staff[s].counters ?? []);
    ix.qualified[s] = set;
  }
  return set;
}

interface Cover {
  /** Office staff at each counter-day (an unqualified person still stands there). */
  readonly assigned: Int32Array;
  /** 1 when the roster lists a shortfall for the counter-day. */
  readonly isListed: Uint8Array;
  /** Missing as stated by the roster's first shortfall of the counter-day (NaN if not a number). */
  readonly listed: Float64Array;
}

/**
 * Counts who serves each counter-day and reads the roster's shortfalls. The
 * shortfall entries that cannot be placed (unknown counter or day, repeated
 * counter-day) are violations of rule `shortfalls`; the first entry of a
 * counter-day is the one that counts.
 */
function readShortfalls(
  ix: Index,
  grid: Grid,
  assignments: readonly Assignment[],
  shortfalls: Roster['shortfalls'],
  report: Report,
): Cover {
  const { problem, nDays } = ix;
  const size = problem.counters.length * nDays;
  const assigned = new Int32Array(size);
  const isListed = new Uint8Array(size);
  const listed = new Float64Array(size);
  forEachCell(ix, (_st, _day, cell, _s, d) => {
    if (grid.mode[cell] !== OFFICE) return;
    const counter = assignments[grid.entry[cell]].counter;
    const c = counter === undefined || counter === null ? undefined : ix.counterOf.get(counter);
    if (c !== undefined) assigned[c * nDays + d]++;
  });

  const repeats = new Map<number, number>();
  for (const sf of shortfalls) {
    const c = ix.counterOf.get(sf.counter);
    const d = ix.dayOf.get(sf.day);
    if (c === undefined || d === undefined) {
      const what = c === undefined ? `counter ${sf.counter} does not exist` : `${sf.day} is not one of the problem's days`;
      const whatJa = c === undefined ? `窓口${sf.counter}は存在しません` : `${sf.day}は問題の勤務日に含まれていません`;
      report('shortfalls', `shortfall ${sf.counter} on ${sf.day}: ${what}`, `不足の記載（${sf.counter}、${sf.day}）：${whatJa}`, {
        counter: String(sf.counter),
        day: String(sf.day),
      });
      continue;
    }
    const key = c * nDays + d;
    if (isListed[key] === 0) {
      isListed[key] = 1;
      listed[key] = typeof sf.missing === 'number' ? sf.missing : NaN;
    } else {
      repeats.set(key, (repeats.get(key) ?? 1) + 1);
    }
  }
  for (const [key, n] of repeats) {
    const ctr = problem.counters[Math.floor(key / nDays)];
    const day = problem.days[key % nDays];
    report(
      'shortfalls',
      `${day}: ${ctr.id} (${ctr.name}) is listed ${n} times in shortfalls; at most once is allowed`,
      `${day}：${ctr.name}（${ctr.id}）の不足が${n}回記載されています（1回まで）`,
      { counter: ctr.id, day },
    );
  }
  return { assigned, isListed, listed };
}

function checkCounterMinimum(ix: Index, cover: Cover, report: Report): void {
  forEachCounterDay(ix, (ctr, day, key) => {
    const min = minOn(ctr, day);
    const assigned = cover.assigned[key];
    const listed = cover.listed[key];
    const missing = cover.isListed[key] === 1 && Number.isFinite(listed) ? listed : 0;
    if (assigned + missing >= min) return;
    report(
      'counter-minimum',
      `${day}: ${ctr.id} (${ctr.name}) has ${assigned} staff and ${missing} listed missing but needs ${min}`,
      `${day}：${ctr.name}（${ctr.id}）の配置は${assigned}人、不足の記載は${missing}人で、最低配置人数${min}人に足りません`,
      { counter: ctr.id, day },
    );
  });
}

/** Rule `shortfalls` for each counter-day: listed exactly when something is missing, with the exact count. Returns the total missing. */
function checkShortfalls(ix: Index, cover: Cover, report: Report): number {
  let total = 0;
  forEachCounterDay(ix, (ctr, day, key) => {
    const min = minOn(ctr, day);
    const assigned = cover.assigned[key];
    const need = Math.max(0, min - assigned);
    total += need;
    const listed = cover.listed[key];
    const where = { counter: ctr.id, day };
    const c = `${ctr.id} (${ctr.name})`;
    const cJa = `${ctr.name}（${ctr.id}）`;
    if (cover.isListed[key] === 0) {
      if (need > 0) {
        report(
          'shortfalls',
          `${day}: ${c} has ${assigned} staff for a minimum of ${min}, but no shortfall of ${need} is listed`,
          `${day}：${cJa}は最低${min}人に対し${assigned}人ですが、不足${need}人が記載されていません`,
          where,
        );
      }
      return;
    }
    if (listed === need && listed >= 1) return;
    if (need === 0) {
      report(
        'shortfalls',
        `${day}: ${c} lists ${listed} missing but ${assigned} staff meet the minimum of ${min}`,
        `${day}：${cJa}は最低${min}人に対し${assigned}人で足りていますが、不足${listed}人と記載されています`,
        where,
      );
    } else {
      report(
        'shortfalls',
        `${day}: ${c} lists ${listed} missing but ${need} are missing (minimum ${min}, ${assigned} staff)`,
        `${day}：${cJa}の不足は${need}人（最低${min}人、配置${assigned}人）ですが、${listed}人と記載されています`,
        where,
      );
    }
  });
  return total;
}

// ---------------------------------------------------------------------------
// Periods (extension): caps, and who is below a goal.

/** Telework days of each person in each period, within this problem's days: index period · staff + person. */
function countPeriodDays(ix: Index, grid: Grid): Int32Array {
  const nStaff = ix.problem.staff.length;
  const counts = new Int32Array(ix.periods.length * nStaff);
  if (ix.periods.length === 0) return counts;
  forEachCell(ix, (_st, _day, cell, s, d) => {
    if (grid.mode[cell] !== TELEWORK) return;
    ix.periods.forEach((pv, p) => {
      if (pv.inPeriod[d] === 1) counts[p * nStaff + s]++;
    });
  });
  return counts;
}

/** Rule `period-cap`: a person in scope teleworks at most max(0, maxDays − done) days of the period. */
function checkPeriodCaps(ix: Index, periodDays: Int32Array, report: Report): void {
  const { staff } = ix.problem;
  ix.periods.forEach((pv, p) => {
    const max = pv.period.maxDays;
    if (typeof max !== 'number') return;
    const period = periodLabel(pv.period);
    staff.forEach((st, s) => {
      const days = periodDays[p * staff.length + s];
      const done = pv.done[s];
      const cap = Math.max(0, max - done);
      if (pv.inScope[s] === 0 || days <= cap) return;
      const who = label(st);
      report(
        'period-cap',
        `${who.en} teleworks ${days} days in period ${period.en}, but its cap of ${max} days less ${done} already worked leaves ${cap}`,
        `${who.ja}の期間${period.ja}のテレワークは${days}日で、上限${max}日から実施済み${done}日を引いた${cap}日を超えています`,
        { staff: st.id, period: pv.period.id },
      );
    });
  });
}

interface Short {
  readonly p: number;
  readonly s: number;
  /** Telework days in the period, `done` included. */
  readonly days: number;
  readonly minDays: number;
}

/** Everyone in scope of a period with a goal who is below it, in the order of periods, then of staff. */
function shortOfGoals(ix: Index, periodDays: Int32Array): Short[] {
  const nStaff = ix.problem.staff.length;
  const out: Short[] = [];
  ix.periods.forEach((pv, p) => {
    if (pv.goal === 0) return;
    for (let s = 0; s < nStaff; s++) {
      const days = pv.done[s] + periodDays[p * nStaff + s];
      if (pv.inScope[s] === 1 && days < pv.goal) out.push({ p, s, days, minDays: pv.goal });
    }
  });
  return out;
}

/**
 * Rule `turns-short`: when the problem has goals (or the roster lists anyone anyway), `turnsShort` lists
 * exactly the persons in scope below a goal, with their days (`done` included) and the goal, in the order
 * of periods, then of staff.
 */
function checkTurnsShort(ix: Index, periodDays: Int32Array, listed: Roster['turnsShort'], report: Report): void {
  const expected = shortOfGoals(ix, periodDays);
  if (listed === undefined || listed === null) {
    if (!ix.hasGoals) return;
    report(
      'turns-short',
      `turnsShort is missing, but the problem has periods with goals (${expected.length} below a goal)`,
      `turnsShort（期間の目標に届かない職員）の記載がありませんが、問題には目標のある期間があります（目標に届かない職員${expected.length}人）`,
    );
    return;
  }
  if (!Array.isArray(listed)) {
    report('turns-short', 'turnsShort is not a list', 'turnsShortが一覧（配列）になっていません');
    return;
  }
  const nStaff = ix.problem.staff.length;
  const want = new Map(expected.map((e) => [e.p * nStaff + e.s, e]));
  const seen = new Set<number>();
  const order: number[] = [];
  let broken = false;
  const fail: Report = (...args) => {
    broken = true;
    report(...args);
  };
  for (const entry of listed as readonly unknown[]) {
    const { period: periodId, staff: staffId, days, minDays } = (entry ?? {}) as Partial<Record<keyof TurnShort, unknown>>;
    const p = ix.periodOf.get(String(periodId));
    const s = ix.staffOf.get(String(staffId));
    const where = { staff: String(staffId), period: String(periodId) };
    if (p === undefined || ix.periods[p].goal === 0) {
      fail(
        'turns-short',
        `turnsShort names period ${String(periodId)}, which is not a period of the problem with a goal`,
        `turnsShortの期間${String(periodId)}は、問題の目標のある期間ではありません`,
        where,
      );
      continue;
    }
    const period = periodLabel(ix.periods[p].period);
    if (s === undefined) {
      fail(
        'turns-short',
        `turnsShort names ${String(staffId)} in period ${period.en}, who is not one of the problem's staff`,
        `turnsShortの期間${period.ja}の${String(staffId)}は問題の職員に含まれていません`,
        where,
      );
      continue;
    }
    const who = label(ix.problem.staff[s]);
    const key = p * nStaff + s;
    if (seen.has(key)) {
      fail(
        'turns-short',
        `turnsShort lists ${who.en} in period ${period.en} more than once`,
        `turnsShortに期間${period.ja}の${who.ja}が2回以上記載されています`,
        where,
      );
      continue;
    }
    seen.add(key);
    order.push(key);
    const e = want.get(key);
    const pv = ix.periods[p];
    if (e === undefined) {
      const reached = pv.done[s] + periodDays[key];
      fail(
        'turns-short',
        pv.inScope[s] === 0
          ? `turnsShort lists ${who.en} in period ${period.en}, but the period does not apply to them`
          : `turnsShort lists ${who.en} in period ${period.en}, but they reach its goal: ${reached} days for ${pv.goal}`,
        pv.inScope[s] === 0
          ? `turnsShortに期間${period.ja}の${who.ja}が記載されていますが、この期間の対象ではありません`
          : `turnsShortに期間${period.ja}の${who.ja}が記載されていますが、目標${pv.goal}日に対し${reached}日で達しています`,
        where,
      );
    } else if (days !== e.days || minDays !== e.minDays) {
      fail(
        'turns-short',
        `turnsShort gives ${who.en} ${String(days)} days for ${String(minDays)} in period ${period.en}, but they have ${e.days} days for ${e.minDays}`,
        `turnsShortでは期間${period.ja}の${who.ja}が目標${String(minDays)}日に対し${String(days)}日ですが、実際は目標${e.minDays}日に対し${e.days}日です`,
        where,
      );
    }
  }
  for (const e of expected) {
    if (seen.has(e.p * nStaff + e.s)) continue;
    const who = label(ix.problem.staff[e.s]);
    const period = periodLabel(ix.periods[e.p].period);
    fail(
      'turns-short',
      `${who.en} has ${e.days} days in period ${period.en}, below its goal of ${e.minDays}, but is not listed in turnsShort`,
      `${who.ja}の期間${period.ja}のテレワークは${e.days}日で目標${e.minDays}日に届きませんが、turnsShortに記載されていません`,
      { staff: ix.problem.staff[e.s].id, period: ix.periods[e.p].period.id },
    );
  }
  if (broken) return;
  if (order.some((key, k) => key !== expected[k].p * nStaff + expected[k].s)) {
    report('turns-short', 'turnsShort is not in the order of periods, then of staff', 'turnsShortが期間の順、次に職員の順になっていません');
  }
}

/** `id (name)`, or the id alone for a period without a name. */
function periodLabel(period: Period): { en: string; ja: string } {
  if (period.name === undefined || period.name === null || period.name === '') return { en: period.id, ja: period.id };
  return { en: `${period.id} (${period.name})`, ja: `${period.name}（${period.id}）` };
}

// ---------------------------------------------------------------------------
// The objective, in exact integer arithmetic.

interface Score {
  readonly exact: bigint;
  readonly granted: number;
  readonly requested: number;
}

/**
 * Rule `objective`: the roster's objective must equal granted weights + turn
 * days' weights + spread bonuses (per person and week) + goals − penalty × the
 * missing the roster itself lists. The returned score uses the recomputed
 * shortfall instead, i.e. what the assignments deserve; the two agree whenever
 * rule `shortfalls` holds.
 */
function checkObjective(ix: Index, grid: Grid, periodDays: Int32Array, roster: Roster, shortfall: number, report: Report): Score {
  const { problem, nDays } = ix;
  const { policy } = problem;
  const spread = prefixSums(policy.spreadBonus ?? []);
  const penalty = toBig(policy.shortfallPenalty ?? SHORTFALL_PENALTY_DEFAULT);

  const requests = new ExactSum();
  const peopleWith = new Float64Array(spread.length); // person-weeks with g days (g capped at the list's end)
  const perWeek = new Int32Array(ix.numWeeks);
  let turnDays = 0;
  let granted = 0;
  let requested = 0;
  problem.staff.forEach((st, s) => {
    requested += (st.requests ?? []).length;
    const base = s * nDays;
    for (let d = 0; d < nDays; d++) {
      if (grid.mode[base + d] !== TELEWORK) continue;
      const w = ix.weight[base + d];
      if (!Number.isNaN(w)) {
        granted++;
        requests.add(w);
      } else if (ix.turn[base + d] === 1 && ix.pinned[base + d] !== TELEWORK) {
        turnDays++;
      }
    }
    teleworkDaysByWeek(ix, grid, s, perWeek);
    for (const days of perWeek) peopleWith[Math.min(days, spread.length - 1)]++;
  });
  const req = requests.value();
  const spr = spread.reduce((sum, bonus, g) => sum + BigInt(peopleWith[g]) * bonus, 0n);
  const turns = BigInt(turnDays) * turnDayWeight(policy);
  const goals = goalScore(ix, periodDays);

  let listedMissing = 0n;
  for (const sf of roster.shortfalls ?? []) {
    if (Number.isInteger(sf.missing)) listedMissing += BigInt(sf.missing);
  }
  const expected = req + turns + spr + goals - penalty * listedMissing;
  const claimed = roster.objective;
  if (!sameValue(claimed, expected)) {
    const terms = ix.hasGoals
      ? {
          en: ` + turn days ${turns} + spread ${spr} + goals ${goals}`,
          ja: ` + 目標のための日${turns} + 分散ボーナス${spr} + 期間の目標${goals}`,
        }
      : { en: ` + spread ${spr}`, ja: ` + 分散ボーナス${spr}` };
    report(
      'objective',
      `objective is ${claimed} but the assignments and shortfalls give ${expected} ` +
        `(requests ${req}${terms.en} − ${penalty} × ${listedMissing} missing)`,
      `目的関数値が${claimed}ですが、割当てと不足から計算すると${expected}です` +
        `（希望${req}${terms.ja} − ${penalty} × 不足${listedMissing}人）`,
    );
  }
  return { exact: req + turns + spr + goals - penalty * BigInt(shortfall), granted, requested };
}

/** What a telework turn day (neither requested nor pinned) weighs: −(max(0, spreadBonus[0]) + 1). */
function turnDayWeight(policy: Policy): bigint {
  const first = (policy.spreadBonus ?? [])[0];
  return -(toBig(Math.max(0, first ?? 0)) + 1n);
}

/** Σ over periods with a goal and persons in scope of turnWeight × min(minDays, done + telework days in the period). */
function goalScore(ix: Index, periodDays: Int32Array): bigint {
  const nStaff = ix.problem.staff.length;
  const sum = new ExactSum();
  ix.periods.forEach((pv, p) => {
    if (pv.goal === 0) return;
    for (let s = 0; s < nStaff; s++) {
      if (pv.inScope[s] === 1) sum.add(pv.turnWeight * Math.min(pv.goal, pv.done[s] + periodDays[p * nStaff + s]));
    }
  });
  return sum.value();
}

/**
 * An exact integer sum that stays in plain numbers while they are exact and
 * moves to BigInt only when a partial sum would leave the safe range (BigInt
 * arithmetic on every one of 250,000 cells is needlessly slow).
 */
class ExactSum {
  private small = 0;
  private big = 0n;

  add(n: number): void {
    if (!Number.isSafeInteger(n)) {
      this.big += toBig(n);
      return;
    }
    // both operands are safe, so a safe result is the exact sum
    const next = this.small + n;
    if (Number.isSafeInteger(next)) {
      this.small = next;
    } else {
      this.big += BigInt(this.small) + BigInt(n);
      this.small = 0;
    }
  }

  value(): bigint {
    return this.big + BigInt(this.small);
  }
}

/** sums[g] = bonus of a person granted g days; the last also serves every g beyond the list. */
function prefixSums(values: readonly number[]): bigint[] {
  const sums = [0n];
  for (const v of values) sums.push(sums[sums.length - 1] + toBig(v));
  return sums;
}

/**
 * Whether a JSON number states an exact integer. Beyond 2^53 a JSON number
 * cannot hold every integer, so there its nearest double is accepted.
 */
function sameValue(claimed: unknown, exact: bigint): boolean {
  if (typeof claimed !== 'number' || !Number.isInteger(claimed)) return false;
  if (BigInt(claimed) === exact) return true;
  const safe = exact <= BigInt(Number.MAX_SAFE_INTEGER) && exact >= BigInt(Number.MIN_SAFE_INTEGER);
  return !safe && Number(exact) === claimed;
}

/** The problem is valid, so its numbers are safe integers; this only keeps a bad one from throwing. */
function toBig(n: number): bigint {
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

// ---------------------------------------------------------------------------
// Readings of the format, re-implemented here on purpose.

/** Licences on a day; Infinity when unlimited (no policy, or a day the object does not name). */
function licencesOnDay(policy: Policy, day: IsoDate): number {
  const l = policy.licencesPerDay;
  if (l === undefined || l === null) return Infinity;
  if (typeof l === 'number') return l;
  return Object.hasOwn(l, day) ? l[day] : Infinity;
}

/** Staff a counter needs on a day; a day the object does not name needs 0. */
function minOn(counter: Counter, day: IsoDate): number {
  const m = counter.min;
  if (typeof m === 'number') return m;
  return Object.hasOwn(m, day) ? m[day] : 0;
}

/** Desks of a place on a day; a day the object does not name has none. */
function desksOnDay(place: Place, day: IsoDate): number {
  const n = place.desks;
  if (typeof n === 'number') return n;
  return Object.hasOwn(n, day) ? n[day] : 0;
}

/** A person's telework days in each week, into `out`. */
function teleworkDaysByWeek(ix: Index, grid: Grid, s: number, out: Int32Array): void {
  out.fill(0);
  for (let d = 0, cell = s * ix.nDays; d < ix.nDays; d++, cell++) if (grid.mode[cell] === TELEWORK) out[ix.weekOf[d]]++;
}

function forEachCell(ix: Index, visit: (st: Staff, day: IsoDate, cell: number, s: number, d: number) => void): void {
  const { staff, days } = ix.problem;
  for (let s = 0, cell = 0; s < staff.length; s++) {
    for (let d = 0; d < days.length; d++, cell++) visit(staff[s], days[d], cell, s, d);
  }
}

function forEachCounterDay(ix: Index, visit: (counter: Counter, day: IsoDate, key: number) => void): void {
  const { counters, days } = ix.problem;
  for (let c = 0, key = 0; c < counters.length; c++) {
    for (let d = 0; d < days.length; d++, key++) visit(counters[c], days[d], key);
  }
}

function label(st: Staff): { en: string; ja: string } {
  return { en: `${st.id} (${st.name})`, ja: `${st.id}（${st.name}）` };
}

function modeEn(m: number): string {
  return m === OFFICE ? 'office' : m === TELEWORK ? 'telework' : m === ABSENT ? 'absent' : 'an unknown mode';
}

function modeJa(m: number): string {
  return m === OFFICE ? '出勤' : m === TELEWORK ? 'テレワーク' : m === ABSENT ? '休暇' : '不明な区分';
}
