/**
 * Where a division's week stands against HR's periods (期間): for each period with a goal, who
 * in scope has not reached it with this roster, and why (the engine's explainTurns: the rule
 * that stands in the way on the day where a turn would cost least); for a cap, its limit.
 */
import { Assignment, Problem } from '../../domain/rotation';
import { denialReasonJa, NameBook } from '../../domain/explanation';
import { explainTurns, turnsShortOf } from '../../engine';
import { asRoster } from './organisation-solve';

export interface PeriodShort {
  readonly staff: string;
  readonly name: string;
  /** Telework days in the period so far (published weeks before, and this roster). */
  readonly days: number;
  readonly reason: string;
}

export interface PeriodStatus {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly minDays: number | null;
  readonly maxDays: number | null;
  /** People of the roster in the period's scope who can telework. */
  readonly inScope: number;
  readonly short: readonly PeriodShort[];
}

/** People below a goal explained at most (the rest are listed without a reason): each explanation re-solves the week a few times. */
const EXPLAINED = 40;

export function periodStatus(problem: Problem, assignments: readonly Assignment[], names: NameBook): PeriodStatus[] {
  const periods = problem.periods ?? [];
  if (periods.length === 0) return [];
  const short = turnsShortOf(problem, assignments) ?? [];
  let explained = new Map<string, string>();
  if (short.length > 0) {
    const roster = { ...asRoster(problem.name, assignments), turnsShort: short.slice(0, EXPLAINED) };
    explained = new Map(
      explainTurns(problem, roster).map((t) => [
        `${t.period}|${t.staff}`,
        t.rule === 'no-day'
          ? '期間中に在宅勤務を割り当てられる日がありません（希望した日がない、休暇、または出勤に固定されています）。'
          : t.cheapest!.tie
            ? `同じ優先度のほかの職員に順番が回りました（${denialReasonJa(t.cheapest!, names)}）`
            : denialReasonJa(t.cheapest!, names),
      ]),
    );
  }
  return periods.map((p) => {
    const scope = p.divisions ? new Set(p.divisions) : null;
    return {
      name: p.name ?? p.id,
      from: p.from,
      to: p.to,
      minDays: p.minDays ?? null,
      maxDays: p.maxDays ?? null,
      inScope: problem.staff.filter((s) => s.canTelework && (!scope || scope.has(s.division))).length,
      short: short
        .filter((t) => t.period === p.id)
        .map((t) => ({
          staff: t.staff,
          name: names.staff.get(t.staff) ?? t.staff,
          days: t.days,
          reason: explained.get(`${t.period}|${t.staff}`) ?? '（理由は表示を省略しました）',
        })),
    };
  });
}
