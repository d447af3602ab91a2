/**
 * The monthly tally (月次集計) HR reads for pay: per person, division and the
 * organisation, the month's telework days granted (latest published version)
 * and worked (after the actual days chiefs recorded), office days and leave,
 * with the telework allowance over the rule's period. Only working days of
 * published weeks count; a week not yet published in a division is listed so
 * HR knows that division's month is incomplete. Reads only; the counting is
 * src/domain/allowance.ts.
 */
import { Between, EntityManager } from 'typeorm';
import {
  addCounts,
  averageText,
  AllowanceOutcome,
  allowanceFor,
  AllowanceRule,
  countDays,
  daysOfMonth,
  IsoMonth,
  MonthCounts,
  monthOf,
  monthsEnding,
  NO_DAYS,
  PersonDay,
  weeksOfMonth,
} from '../../domain/allowance';
import { isOpenDay, weekOf } from '../../domain/calendar';
import type { IsoDate } from '../../domain/rotation';
import {
  ActualDayEntity,
  AllowanceRuleEntity,
  ClosureDayEntity,
  DivisionEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
} from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { weekLabel } from '../calendar';

export interface TallyPerson {
  readonly staffId: string;
  readonly name: string;
  readonly divisionId: string;
  readonly divisionName: string;
  readonly counts: MonthCounts;
  /** Counted (worked-as-ordered) days of each month of the rule's period, oldest first. */
  readonly orderedByMonth: readonly number[];
  readonly allowance: AllowanceOutcome;
}

export interface TallyDivision {
  readonly id: string;
  readonly name: string;
  readonly people: number;
  readonly counts: MonthCounts;
  readonly qualifying: number;
  readonly costYen: number;
  /** Weeks of the month with working days in it that this division has not published. */
  readonly unpublished: readonly { readonly week: string; readonly label: string }[];
}

export interface MonthlyTally {
  readonly month: IsoMonth;
  readonly rule: AllowanceRule & { readonly revision: number };
  /** The months of the rule's period, oldest first (the last is `month`). */
  readonly period: readonly IsoMonth[];
  readonly workingDays: number;
  readonly weeks: readonly string[];
  readonly divisions: readonly TallyDivision[];
  readonly people: readonly TallyPerson[];
  readonly total: { readonly people: number; readonly counts: MonthCounts; readonly qualifying: number; readonly costYen: number };
}

export async function allowanceRuleOf(m: EntityManager): Promise<AllowanceRuleEntity> {
  return m.findOneByOrFail(AllowanceRuleEntity, { id: 1 });
}

export async function monthlyTally(m: EntityManager, actor: Actor, month: IsoMonth): Promise<MonthlyTally> {
  assertHr(actor);
  const ruleRow = await allowanceRuleOf(m);
  const rule = {
    thresholdDays: ruleRow.thresholdDays,
    periodMonths: ruleRow.periodMonths,
    amountYen: ruleRow.amountYen,
    revision: ruleRow.revision,
  };
  const period = monthsEnding(month, rule.periodMonths);
  const first = `${period[0]}-01`;
  const monthDays = daysOfMonth(month);
  const last = monthDays[monthDays.length - 1];
  const weeks = [...new Set(period.flatMap(weeksOfMonth))];

  const [closures, divisions, staff, rosters, actuals] = await Promise.all([
    m.findBy(ClosureDayEntity, { day: Between(first, last) }),
    m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } }),
    m.find(StaffEntity, { select: { id: true, name: true, divisionId: true, active: true } }),
    m.find(RosterEntity, { select: { id: true, divisionId: true, week: true, publishedVersion: true } }),
    m.findBy(ActualDayEntity, { day: Between(first, last) }),
  ]);
  const closed = closures.map((c) => c.day);
  const inPeriod = new Set(weeks);
  const published = rosters.filter((r) => r.publishedVersion > 0 && inPeriod.has(r.week));
  const pubs = published.length
    ? await m.find(RosterPublicationEntity, {
        select: { rosterId: true, assignments: true },
        where: published.map((r) => ({ rosterId: r.id, version: r.publishedVersion })),
      })
    : [];
  const actual = new Map(actuals.map((a) => [`${a.staffId}|${a.day}`, a.mode]));
  const open = new Map<IsoDate, boolean>();
  const isOpen = (day: IsoDate) => {
    let v = open.get(day);
    if (v === undefined) open.set(day, (v = isOpenDay(day, closed)));
    return v;
  };

  // Person-days by person and month, from the latest published version of each week.
  const days = new Map<string, Map<IsoMonth, PersonDay[]>>();
  for (const p of pubs) {
    for (const a of p.assignments) {
      if (a.day < first || a.day > last || !isOpen(a.day)) continue;
      const byMonth = days.get(a.staff) ?? new Map<IsoMonth, PersonDay[]>();
      days.set(a.staff, byMonth);
      const key = monthOf(a.day);
      const list = byMonth.get(key) ?? [];
      byMonth.set(key, list);
      list.push({
        granted: a.mode,
        worked: actual.get(`${a.staff}|${a.day}`) ?? a.mode,
        ...(a.mode === 'telework' && a.place ? { atPlace: true } : {}),
      });
    }
  }

  const divisionName = new Map(divisions.map((d) => [d.id, d.name]));
  const order = new Map(divisions.map((d, i) => [d.id, i]));
  const people: TallyPerson[] = staff
    .filter((s) => s.active || days.has(s.id))
    .map((s) => {
      const byMonth = days.get(s.id);
      const orderedByMonth = period.map((mo) => countDays(byMonth?.get(mo) ?? []).ordered);
      return {
        staffId: s.id,
        name: s.name,
        divisionId: s.divisionId,
        divisionName: divisionName.get(s.divisionId) ?? s.divisionId,
        counts: countDays(byMonth?.get(month) ?? []),
        orderedByMonth,
        allowance: allowanceFor(rule, orderedByMonth),
      };
    })
    .sort((a, b) => (order.get(a.divisionId) ?? 0) - (order.get(b.divisionId) ?? 0) || a.staffId.localeCompare(b.staffId));

  const monthWeeks = weeksOfMonth(month);
  const publishedWeeks = new Set(published.map((r) => `${r.divisionId}|${r.week}`));
  const weeksWithWork = monthWeeks.filter((w) => monthDays.some((d) => weekOf(d) === w && isOpen(d)));
  const summary = (list: readonly TallyPerson[]) => {
    const qualifying = list.filter((p) => p.allowance.qualifies).length;
    return {
      people: list.length,
      counts: list.reduce((s, p) => addCounts(s, p.counts), NO_DAYS),
      qualifying,
      costYen: qualifying * rule.amountYen,
    };
  };
  return {
    month,
    rule,
    period,
    workingDays: monthDays.filter(isOpen).length,
    weeks: monthWeeks,
    divisions: divisions.map((d) => ({
      id: d.id,
      name: d.name,
      ...summary(people.filter((p) => p.divisionId === d.id)),
      unpublished: weeksWithWork.filter((w) => !publishedWeeks.has(`${d.id}|${w}`)).map((w) => ({ week: w, label: weekLabel(w) })),
    })),
    people,
    total: summary(people),
  };
}

/** The CSV's columns, fixed for the pay system (documented in README). */
export const TALLY_CSV_HEADER = [
  '対象月',
  '職員番号',
  '氏名',
  '所属課コード',
  '所属課',
  '在宅勤務日数（許可）',
  '在宅勤務日数（実績）',
  '出勤日数',
  '休暇日数',
  '手当算定日数',
  '期間平均日数',
  '手当対象',
  '手当額（円）',
] as const;

/** One row per person; the average with two decimals, cut down (see averageText). */
export function tallyRows(tally: MonthlyTally): (string | number)[][] {
  return [
    [...TALLY_CSV_HEADER],
    ...tally.people.map((p) => [
      tally.month,
      p.staffId,
      p.name,
      p.divisionId,
      p.divisionName,
      p.counts.granted,
      p.counts.worked,
      p.counts.office,
      p.counts.absent,
      p.counts.ordered,
      averageText(p.allowance.average),
      p.allowance.qualifies ? '対象' : '',
      p.allowance.amountYen,
    ]),
  ];
}
