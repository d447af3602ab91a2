/**
 * The independent roster checker: does a roster keep every rule of the
 * rotation format (`shared/formats/rotation-v1.md`) for its problem?
 *
 * It deliberately shares no code with the engine. It imports only types from
 * the domain and re-implements every reading of the format (maximum days,
 * counter minimums, licences, defaults) itself, so that a bug in a shared
 * helper cannot make the engine and its checker agree on a wrong answer.
 *
 * The problem is trusted to be valid (a validator runs before the engine); the
 * roster is not: unknown ids, extra days, duplicates and dangling counters are
 * reported as violations, never thrown. Everything is indexed once, so the
 * cost is linear in the size of the problem and the roster.
 */
import type { Assignment, Counter, Division, IsoDate, Policy, Problem, Roster, Staff } from '../domain/rotation';
import type { RuleId } from '../domain/rules';

export interface Violation {
  readonly rule: RuleId;
  readonly message: string;
  readonly messageJa: string;
  readonly staff?: string;
  readonly day?: string;
  readonly counter?: string;
  readonly division?: string;
}

export interface CheckReport {
  /** True when no rule is violated. */
  readonly ok: boolean;
  readonly violations: Violation[];
  /** The objective these assignments deserve: requests + spread − penalty × recomputed shortfall. */
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

/** The format's default; repeated here on purpose (see the file comment). */
const SHORTFALL_PENALTY_DEFAULT = 100000;

/** Mode codes of a person-day cell; 0 = no entry. */
const NONE = 0;
const OFFICE = 1;
const TELEWORK = 2;
const ABSENT = 3;
const OTHER = 4;

type Where = Pick<Violation, 'staff' | 'day' | 'counter' | 'division'>;
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
  checkQualifiedCounter(ix, grid, roster.assignments ?? [], report);
  const cover = readShortfalls(ix, grid, roster.assignments ?? [], roster.shortfalls ?? [], report);
  checkCounterMinimum(ix, cover, report);
  const shortfall = checkShortfalls(ix, cover, report);
  const score = checkObjective(ix, grid, roster, shortfall, report);

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
  };
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

function checkRequestedOnly(ix: Index, grid: Grid, report: Report): void {
  forEachCell(ix, (st, day, cell) => {
    if (grid.mode[cell] !== TELEWORK || !Number.isNaN(ix.weight[cell]) || ix.pinned[cell] === TELEWORK) return;
    const who = label(st);
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

function checkMaxTeleworkDays(ix: Index, grid: Grid, report: Report): void {
  const { problem, nDays } = ix;
  problem.staff.forEach((st, s) => {
    const days = teleworkDaysOf(grid, s, nDays);
    const own = st.maxTeleworkDays;
    const limit = own ?? problem.policy.maxTeleworkDays;
    if (days <= limit) return;
    const who = label(st);
    const whose = own === undefined ? 'the policy maximum' : 'their personal maximum';
    const whoseJa = own === undefined ? '方針の上限' : '個人の上限';
    report(
      'max-telework-days',
      `${who.en} teleworks ${days} days but ${whose} is ${limit}`,
      `${who.ja}のテレワークは${days}日で、${whoseJa}${limit}日を超えています`,
      { staff: st.id },
    );
  });
}

function checkLicences(ix: Index, grid: Grid, report: Report): void {
  const { problem, nDays } = ix;
  const teleworking = new Int32Array(nDays);
  forEachCell(ix, (_st, _day, cell, _s, d) => {
    if (grid.mode[cell] === TELEWORK) teleworking[d]++;
  });
  problem.days.forEach((day, d) => {
    const limit = licencesOnDay(problem.policy, day);
    const n = teleworking[d];
    if (n <= limit) return;
    report(
      'licences',
      `${day}: ${n} staff telework but licencesPerDay is ${limit}`,
      `${day}：テレワーク職員が${n}人で、リモート接続ライセンス数${limit}を超えています`,
      { day },
    );
  });
}

function checkTerminals(ix: Index, grid: Grid, report: Report): void {
  const { problem, nDays } = ix;
  const teleworking = new Int32Array(problem.divisions.length * nDays);
  forEachCell(ix, (_st, _day, cell, s, d) => {
    const v = ix.staffDivision[s];
    if (grid.mode[cell] === TELEWORK && v >= 0) teleworking[v * nDays + d]++;
  });
  problem.divisions.forEach((div: Division, v) => {
    if (div.terminals === undefined || div.terminals === null) return;
    problem.days.forEach((day, d) => {
      const n = teleworking[v * nDays + d];
      if (n <= div.terminals!) return;
      report(
        'terminals',
        `${day}: ${n} staff of ${div.id} (${div.name}) telework but the division has ${div.terminals} terminals`,
        `${day}：${div.name}（${div.id}）のテレワーク職員が${n}人で、共用端末数${div.terminals}台を超えています`,
        { day, division: div.id },
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
// The objective, in exact integer arithmetic.

interface Score {
  readonly exact: bigint;
  readonly granted: number;
  readonly requested: number;
}

/**
 * Rule `objective`: the roster's objective must equal granted weights + spread
 * bonuses − penalty × the missing the roster itself lists. The returned score
 * uses the recomputed shortfall instead, i.e. what the assignments deserve;
 * the two agree whenever rule `shortfalls` holds.
 */
function checkObjective(ix: Index, grid: Grid, roster: Roster, shortfall: number, report: Report): Score {
  const { problem, nDays } = ix;
  const { policy } = problem;
  const spread = prefixSums(policy.spreadBonus ?? []);
  const penalty = toBig(policy.shortfallPenalty ?? SHORTFALL_PENALTY_DEFAULT);

  const requests = new ExactSum();
  const peopleWith = new Float64Array(spread.length); // people granted g days (g capped at the list's end)
  let granted = 0;
  let requested = 0;
  problem.staff.forEach((st, s) => {
    requested += (st.requests ?? []).length;
    const base = s * nDays;
    let days = 0;
    for (let d = 0; d < nDays; d++) {
      if (grid.mode[base + d] !== TELEWORK) continue;
      days++;
      const w = ix.weight[base + d];
      if (!Number.isNaN(w)) {
        granted++;
        requests.add(w);
      }
    }
    peopleWith[Math.min(days, spread.length - 1)]++;
  });
  const req = requests.value();
  const spr = spread.reduce((sum, bonus, g) => sum + BigInt(peopleWith[g]) * bonus, 0n);

  let listedMissing = 0n;
  for (const sf of roster.shortfalls ?? []) {
    if (Number.isInteger(sf.missing)) listedMissing += BigInt(sf.missing);
  }
  const expected = req + spr - penalty * listedMissing;
  const claimed = roster.objective;
  if (!sameValue(claimed, expected)) {
    report(
      'objective',
      `objective is ${claimed} but the assignments and shortfalls give ${expected} ` +
        `(requests ${req} + spread ${spr} − ${penalty} × ${listedMissing} missing)`,
      `目的関数値が${claimed}ですが、割当てと不足から計算すると${expected}です` +
        `（希望${req} + 分散ボーナス${spr} − ${penalty} × 不足${listedMissing}人）`,
    );
  }
  return { exact: req + spr - penalty * BigInt(shortfall), granted, requested };
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

function teleworkDaysOf(grid: Grid, s: number, nDays: number): number {
  let n = 0;
  for (let d = 0, cell = s * nDays; d < nDays; d++, cell++) if (grid.mode[cell] === TELEWORK) n++;
  return n;
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
