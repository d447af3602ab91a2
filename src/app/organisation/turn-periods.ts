/**
 * HR's periods as one person sees them: those with a goal (試行期間: everyone takes a turn)
 * that apply to their division. They say which telework days were a turn (a day the person did
 * not ask for) and which days the person may mark 順番なら可 (可能日: the period takes its turns
 * on possible days, docs/format-periods.md `turnDays`).
 */
import { IsoDate } from '../../domain/rotation';
import { PeriodEntity } from '../../persistence/entities';
import { divisionsOf } from './periods';

export interface TurnPeriod {
  readonly name: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Its turns are taken on the days people marked 順番なら可. */
  readonly possible: boolean;
}

/** The periods with a goal among `periods` that apply to the division, in their order. */
export function turnPeriodsOf(periods: readonly PeriodEntity[], divisionId: string): TurnPeriod[] {
  return periods
    .filter((p) => (p.minDays ?? 0) > 0)
    .filter((p) => {
      const divisions = divisionsOf(p);
      return divisions.length === 0 || divisions.includes(divisionId);
    })
    .map((p) => ({ name: p.name, from: p.fromDay, to: p.toDay, possible: opensPossibleDays(p) }));
}

/** Whether a period takes its turns on possible days (可能日). */
function opensPossibleDays(p: Pick<PeriodEntity, 'turnDays'>): boolean {
  return p.turnDays === 'possible';
}

/** Whether one of the periods covers the day. */
export const covers = (periods: readonly TurnPeriod[], day: IsoDate): boolean => periods.some((p) => p.from <= day && day <= p.to);

/** The days among `days` the person may mark 順番なら可. */
export function possibleDaysOf(periods: readonly TurnPeriod[], days: readonly IsoDate[]): Set<IsoDate> {
  const open = periods.filter((p) => p.possible);
  return new Set(days.filter((d) => covers(open, d)));
}
