/**
 * The rules on periods (docs/format-periods.md), weighed once a problem has been
 * read and found otherwise sound: within the problem, a period with a goal
 * (minDays > 0) holds whole weeks or days of one week only (`period-cuts-week`),
 * and two periods with goals that apply to one person are nested or disjoint in
 * their days (`period-overlap`). A cap alone may cut weeks and overlap anything.
 * Also the readings of a period that the pin checks share: its days, its scope
 * and the days done.
 */
import { type IsoDate, type Period, type Problem, type Staff, weeksOf } from './rotation';
import { type IssueList, JsonPlace, quote } from './json-path';

/** A period's days in this problem, as indexes into `days`: `first` … `last`, none when `last` < `first`. */
export interface Span {
  readonly first: number;
  readonly last: number;
}

export function spanOf(days: readonly IsoDate[], period: Period): Span {
  let first = 0;
  while (first < days.length && days[first] < period.from) first++;
  let last = days.length - 1;
  while (last >= 0 && days[last] > period.to) last--;
  return { first, last };
}

/** Whether a person is in a period's scope: able to telework, and of one of its divisions (of any, without the list). */
export function scopeOf(period: Period): (staff: Staff) => boolean {
  const divisions = period.divisions && new Set(period.divisions);
  return (s) => s.canTelework && (divisions === undefined || divisions.has(s.division));
}

/** Days a person already worked in a period outside this problem's days (0 when not named). */
export function doneOf(period: Period, staffId: string): number {
  return period.done !== undefined && Object.hasOwn(period.done, staffId) ? period.done[staffId] : 0;
}

interface Goal {
  readonly period: Period;
  /** Index in `periods`. */
  readonly index: number;
  readonly span: Span;
}

export function checkPeriods(problem: Problem, issues: IssueList): void {
  if (!problem.periods) return;
  const goals: Goal[] = [];
  problem.periods.forEach((period, index) => {
    if ((period.minDays ?? 0) > 0) goals.push({ period, index, span: spanOf(problem.days, period) });
  });
  const at = JsonPlace.root.field(problem, 'periods');
  checkWeeksCut(problem, goals, at, issues);
  checkNesting(problem, goals, at, issues);
}

const WHOLE_WEEKS = 'a period with a goal (minDays > 0) must hold whole weeks, or days of one week only';
const WHOLE_WEEKS_JA = '目標（minDays > 0）のある期間は、週をまるごと含むか、1 週間の中に収めてください';

/** `period-cuts-week`, reported at the bound that cuts: `from` when the period starts inside a week, else `to`. */
function checkWeeksCut(problem: Problem, goals: readonly Goal[], at: JsonPlace, issues: IssueList): void {
  const weeks = weeksOf(problem);
  const weekOf: number[] = [];
  const start: number[] = [];
  weeks.forEach((week, w) => {
    start.push(weekOf.length);
    for (let j = 0; j < week.length; j++) weekOf.push(w);
  });
  const shown = (w: number): { en: string; ja: string } => {
    const week = weeks[w];
    const range = `${week[0]} … ${week[week.length - 1]}`;
    return { en: `weeks[${w}] (${range})`, ja: `weeks[${w}]（${week[0]}〜${week[week.length - 1]}）` };
  };
  for (const { period, index, span } of goals) {
    if (span.last < span.first) continue;
    const first = weekOf[span.first];
    const last = weekOf[span.last];
    if (first === last) continue;
    const place = at.index(index);
    if (span.first !== start[first]) {
      const week = shown(first);
      issues.add(
        place.field(period, 'from'),
        'period-cuts-week',
        `its first day in this problem, ${problem.days[span.first]}, is inside ${week.en} and the period goes on into later weeks: ${WHOLE_WEEKS}`,
        `この期間の最初の日 ${problem.days[span.first]} は ${week.ja}の途中で、期間はその後の週まで続いています。${WHOLE_WEEKS_JA}`,
      );
    } else if (span.last !== start[last] + weeks[last].length - 1) {
      const week = shown(last);
      issues.add(
        place.field(period, 'to'),
        'period-cuts-week',
        `its last day in this problem, ${problem.days[span.last]}, is inside ${week.en} and the period began in an earlier week: ${WHOLE_WEEKS}`,
        `この期間の最後の日 ${problem.days[span.last]} は ${week.ja}の途中で、期間はそれより前の週から続いています。${WHOLE_WEEKS_JA}`,
      );
    }
  }
}

/** `period-overlap`, reported at the later of two goal periods that cross, once a period. */
function checkNesting(problem: Problem, goals: readonly Goal[], at: JsonPlace, issues: IssueList): void {
  if (goals.length < 2) return;
  // The first person able to telework in each division: whom two scopes share, if anyone.
  const teleworker = new Map<string, string>();
  for (const s of problem.staff) if (s.canTelework && !teleworker.has(s.division)) teleworker.set(s.division, s.id);
  const dates = (span: Span): { en: string; ja: string } => {
    const [a, b] = [problem.days[span.first], problem.days[span.last]];
    return { en: `${a} … ${b}`, ja: `${a}〜${b}` };
  };
  for (let j = 1; j < goals.length; j++) {
    for (let i = 0; i < j; i++) {
      const [earlier, later] = [goals[i], goals[j]];
      if (!cross(earlier.span, later.span)) continue;
      const someone = sharedPerson(earlier.period, later.period, teleworker);
      if (someone === undefined) continue;
      const [mine, theirs] = [dates(later.span), dates(earlier.span)];
      const other = `periods[${earlier.index}] ${quote(earlier.period.id)}`;
      issues.add(
        at.index(later.index),
        'period-overlap',
        `its days in this problem (${mine.en}) overlap those of ${other} (${theirs.en}) without either holding the other, and both set a goal for ${someone}: periods with goals for one person must be nested or disjoint`,
        `この期間の日（${mine.ja}）が ${other}（${theirs.ja}）と一部だけ重なっていて、どちらも ${someone} に目標を設けています。同じ職員に目標のある期間は、入れ子にするか重ならないようにしてください`,
      );
      break;
    }
  }
}

/** Two spans that share a day while neither holds the other. */
function cross(a: Span, b: Span): boolean {
  if (a.last < a.first || b.last < b.first) return false;
  const overlap = a.first <= b.last && b.first <= a.last;
  const nested = (a.first <= b.first && b.last <= a.last) || (b.first <= a.first && a.last <= b.last);
  return overlap && !nested;
}

/** Someone in the scope of both periods, if anyone. */
function sharedPerson(a: Period, b: Period, teleworker: ReadonlyMap<string, string>): string | undefined {
  const inB = b.divisions && new Set(b.divisions);
  for (const division of a.divisions ?? teleworker.keys()) {
    const id = teleworker.get(division);
    if (id !== undefined && (inB === undefined || inB.has(division))) return id;
  }
  return undefined;
}
