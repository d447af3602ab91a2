/**
 * What HR reads off a simulated period: figures kept week by week while the
 * scenario runs, and the KPIs they add up to. Every figure is a count of
 * person-days or people from the rosters; rates are derived at the end.
 */
import type { IsoDate, Problem, Roster } from '../../domain/rotation';
import { weekdayOf, weekdaysOf } from '../../domain/calendar';
import {
  allowanceCost,
  allowanceFor,
  AllowanceRule,
  IsoMonth,
  monthOf,
  NATIONAL_ALLOWANCE_RULE,
  weeksOfMonth,
} from '../../domain/allowance';
import type { ScenarioModel } from './scenario-model';

/** HR's target: at least half of the staff who can telework actually do. */
export const TARGET_SHARE = 0.5;

export interface WeekRow {
  readonly week: string;
  readonly openDays: number;
  readonly requested: number;
  readonly granted: number;
  /** Staff who teleworked at least one day this week. */
  readonly teleworkers: number;
  readonly shortfall: number;
  /** Most staff teleworking on one day of the week. */
  readonly peakLicences: number;
}

export interface WeekdayRow {
  /** 1 = Monday … 5 = Friday. */
  readonly weekday: number;
  readonly openDays: number;
  /** Staff teleworking on an open day of this weekday, on average. */
  readonly meanTeleworking: number;
  readonly peakTeleworking: number;
  /** Licences a day (null = unlimited) and the mean share of them in use. */
  readonly licences: number | null;
  readonly utilisation: number | null;
}

export interface DivisionRow {
  readonly id: string;
  readonly name: string;
  readonly staff: number;
  readonly eligible: number;
  readonly requesters: number;
  readonly requested: number;
  readonly granted: number;
  readonly grantRate: number | null;
  readonly teleworked: number;
  readonly shareTeleworked: number | null;
  readonly daysPerEligiblePerWeek: number | null;
  readonly shortfall: number;
}

export interface CounterRow {
  readonly id: string;
  readonly name: string;
  readonly division: string;
  readonly required: number;
  readonly shortfall: number;
}

export interface Summary {
  readonly weeks: number;
  readonly openWeeks: number;
  readonly openDays: number;
  readonly staff: number;
  /** Staff who can telework under the scenario. */
  readonly eligible: number;
  /** Eligible staff who asked at least once. */
  readonly requesters: number;
  readonly requested: number;
  readonly granted: number;
  readonly grantRate: number | null;
  readonly daysPerEligiblePerWeek: number | null;
  /** Eligible staff who teleworked at least one day in the period, and their share of the eligible. */
  readonly teleworked: number;
  readonly shareTeleworked: number | null;
  readonly target: number;
  readonly meetsTarget: boolean;
  /** Jain's index of the share of their requests each requester was granted (1 = perfectly even). */
  readonly jain: number | null;
  /** Telework days granted per requester over the period: 10th, 50th, 90th percentile. */
  readonly grantedDaysP10: number;
  readonly grantedDaysMedian: number;
  readonly grantedDaysP90: number;
  /** Missing person-days at counters, and counter-days with someone missing. */
  readonly shortfall: number;
  readonly shortfallCounterDays: number;
  /** Weeks the engine could not prove optimal (kept with the best roster found). */
  readonly unprovenWeeks: number;
  /**
   * The telework allowance under HR's rule (the national one for a generated organisation; src/domain/allowance.ts), over the
   * calendar months the season covers whole (every ISO week of the month simulated):
   * how many months, the staff whose average granted telework days a month is more
   * than the threshold, and the yearly cost at that rate (12 × qualifying × amount).
   * Absent from results written before; null when the season covers no whole month.
   */
  readonly allowanceMonths?: number;
  /**
   * A trial scenario: its periods, and the share of eligible staff and periods in which the person reached the goal
   * (teleworked at least the trial's minDays). Absent without a trial.
   */
  readonly trialPeriods?: number;
  readonly trialMinDays?: number;
  readonly trialReachedShare?: number | null;
  readonly allowanceQualifying?: number | null;
  readonly allowanceYearlyCostYen?: number | null;
}

export interface ScenarioResult {
  readonly name: string;
  readonly summary: Summary;
  readonly weekly: readonly WeekRow[];
  readonly weekdays: readonly WeekdayRow[];
  readonly divisions: readonly DivisionRow[];
  readonly counters: readonly CounterRow[];
  readonly notes: readonly string[];
}

/** Running totals of one scenario. */
export class Tally {
  private readonly staffIndex: Map<string, number>;
  private readonly counterIndex: Map<string, number>;
  private readonly requested: Int32Array;
  private readonly granted: Int32Array;
  private readonly counterShortfall: Int32Array;
  private readonly counterRequired: Int32Array;
  private readonly weekdayOpen = new Int32Array(5);
  private readonly weekdayTeleworking = new Float64Array(5);
  private readonly weekdayPeak = new Int32Array(5);
  private readonly weekly: WeekRow[] = [];
  /** Granted telework days per month and staff index (a simulated week has no actual days: granted = worked). */
  private readonly monthly = new Map<IsoMonth, Int32Array>();
  private shortfallCounterDays = 0;
  private unproven = 0;
  private trialPeriods = 0;
  private trialShort = 0;

  constructor(private readonly model: ScenarioModel) {
    const { staff, counters } = model.org;
    this.staffIndex = new Map(staff.map((s, i) => [s.id, i]));
    this.counterIndex = new Map(counters.map((c, i) => [c.id, i]));
    this.requested = new Int32Array(staff.length);
    this.granted = new Int32Array(staff.length);
    this.counterShortfall = new Int32Array(counters.length);
    this.counterRequired = new Int32Array(counters.length);
  }

  /** The end of a trial period: how many eligible staff fell short of its goal (null: the period had no open day). */
  trialPeriod(short: number | null): void {
    this.trialPeriods++;
    this.trialShort += short ?? this.model.canTelework.filter(Boolean).length;
  }

  closedWeek(week: string): void {
    this.weekly.push({ week, openDays: 0, requested: 0, granted: 0, teleworkers: 0, shortfall: 0, peakLicences: 0 });
  }

  /** Adds a solved week; returns the requests denied per staff index. */
  add(week: string, problem: Problem, roster: Roster): Int32Array {
    const n = this.requested.length;
    const grantedNow = new Int32Array(n);
    const requestedNow = new Int32Array(n);
    const perDay = new Map<IsoDate, number>(problem.days.map((d) => [d, 0]));
    problem.staff.forEach((s, i) => (requestedNow[i] = s.requests.length));
    for (const a of roster.assignments) {
      if (a.mode !== 'telework') continue;
      const index = this.staffIndex.get(a.staff)!;
      grantedNow[index]++;
      const month = monthOf(a.day);
      let counts = this.monthly.get(month);
      if (!counts) this.monthly.set(month, (counts = new Int32Array(n)));
      counts[index]++;
      perDay.set(a.day, (perDay.get(a.day) ?? 0) + 1);
    }
    let requested = 0;
    let granted = 0;
    let teleworkers = 0;
    const denied = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.requested[i] += requestedNow[i];
      this.granted[i] += grantedNow[i];
      requested += requestedNow[i];
      granted += grantedNow[i];
      if (grantedNow[i] > 0) teleworkers++;
      denied[i] = Math.max(0, requestedNow[i] - grantedNow[i]);
    }
    for (const c of problem.counters) {
      const k = this.counterIndex.get(c.id)!;
      for (const d of problem.days) this.counterRequired[k] += typeof c.min === 'number' ? c.min : (c.min[d] ?? 0);
    }
    let shortfall = 0;
    for (const s of roster.shortfalls) {
      this.counterShortfall[this.counterIndex.get(s.counter)!] += s.missing;
      shortfall += s.missing;
      this.shortfallCounterDays++;
    }
    for (const [day, count] of perDay) {
      const w = weekdayOf(day) - 1;
      if (w > 4) continue;
      this.weekdayOpen[w]++;
      this.weekdayTeleworking[w] += count;
      this.weekdayPeak[w] = Math.max(this.weekdayPeak[w], count);
    }
    if (roster.status !== 'optimal') this.unproven++;
    const peakLicences = Math.max(0, ...perDay.values());
    this.weekly.push({ week, openDays: problem.days.length, requested, granted, teleworkers, shortfall, peakLicences });
    return denied;
  }

  finish(): ScenarioResult {
    const { org, canTelework, policy } = this.model;
    const eligible = (i: number) => canTelework[i];
    const openWeeks = this.weekly.filter((w) => w.openDays > 0).length;
    const everyone = org.staff.map((_, i) => i);
    const group = this.groupFigures(everyone, openWeeks);
    const requesters = everyone.filter((i) => eligible(i) && this.requested[i] > 0);
    const satisfaction = requesters.map((i) => this.granted[i] / this.requested[i]);
    const days = requesters.map((i) => this.granted[i]).sort((a, b) => a - b);
    const shortfall = this.counterShortfall.reduce((a, b) => a + b, 0);
    const summary: Summary = {
      weeks: this.weekly.length,
      openWeeks,
      openDays: this.weekly.reduce((a, w) => a + w.openDays, 0),
      staff: org.staff.length,
      eligible: group.eligible,
      requesters: group.requesters,
      requested: group.requested,
      granted: group.granted,
      grantRate: group.grantRate,
      daysPerEligiblePerWeek: group.daysPerEligiblePerWeek,
      teleworked: group.teleworked,
      shareTeleworked: group.shareTeleworked,
      target: TARGET_SHARE,
      meetsTarget: group.shareTeleworked !== null && group.shareTeleworked >= TARGET_SHARE,
      jain: jainIndex(satisfaction),
      grantedDaysP10: quantile(days, 0.1),
      grantedDaysMedian: quantile(days, 0.5),
      grantedDaysP90: quantile(days, 0.9),
      shortfall,
      shortfallCounterDays: this.shortfallCounterDays,
      unprovenWeeks: this.unproven,
      ...this.allowance(),
      ...(this.model.trial
        ? {
            trialPeriods: this.trialPeriods,
            trialMinDays: this.model.trial.minDays,
            trialReachedShare: ratio(this.trialPeriods * group.eligible - this.trialShort, this.trialPeriods * group.eligible),
          }
        : {}),
    };
    const weekdays: WeekdayRow[] = Array.from({ length: 5 }, (_, w) => {
      const open = this.weekdayOpen[w];
      const mean = open > 0 ? this.weekdayTeleworking[w] / open : 0;
      const licences = policy.licencesPerDay;
      return {
        weekday: w + 1,
        openDays: open,
        meanTeleworking: mean,
        peakTeleworking: this.weekdayPeak[w],
        licences,
        utilisation: licences === null || licences === 0 || open === 0 ? null : mean / licences,
      };
    });
    const divisions: DivisionRow[] = org.divisions.map((d) => {
      const members = everyone.filter((i) => org.staff[i].division === d.id);
      const shortfall = org.counters.reduce((a, c, k) => a + (c.division === d.id ? this.counterShortfall[k] : 0), 0);
      return { id: d.id, name: d.name, ...this.groupFigures(members, openWeeks), shortfall };
    });
    const counters: CounterRow[] = org.counters.map((c, k) => ({
      id: c.id,
      name: c.name,
      division: c.division,
      required: this.counterRequired[k],
      shortfall: this.counterShortfall[k],
    }));
    return { name: this.model.name, summary, weekly: this.weekly, weekdays, divisions, counters, notes: this.model.notes };
  }

  /** The allowance over the months the season covers whole; see Summary. */
  private allowance(): Pick<Summary, 'allowanceMonths' | 'allowanceQualifying' | 'allowanceYearlyCostYen'> {
    const simulated = new Set(this.weekly.map((w) => w.week));
    const months = [...new Set(this.weekly.flatMap((w) => weekdaysOf(w.week).map(monthOf)))]
      .sort()
      .filter((m) => weeksOfMonth(m).every((w) => simulated.has(w)));
    if (months.length === 0) return { allowanceMonths: 0, allowanceQualifying: null, allowanceYearlyCostYen: null };
    const rule: AllowanceRule = { ...NATIONAL_ALLOWANCE_RULE, ...this.model.org.allowance, periodMonths: months.length };
    const outcomes = this.model.org.staff.map((_, i) =>
      allowanceFor(
        rule,
        months.map((m) => this.monthly.get(m)?.[i] ?? 0),
      ),
    );
    const { qualifying, costYen } = allowanceCost(rule, outcomes);
    return { allowanceMonths: months.length, allowanceQualifying: qualifying, allowanceYearlyCostYen: costYen * 12 };
  }

  private groupFigures(members: readonly number[], openWeeks: number) {
    const able = members.filter((i) => this.model.canTelework[i]);
    const sum = (f: (i: number) => number) => able.reduce((a, i) => a + f(i), 0);
    const requested = sum((i) => this.requested[i]);
    const granted = sum((i) => this.granted[i]);
    const teleworked = able.filter((i) => this.granted[i] > 0).length;
    return {
      staff: members.length,
      eligible: able.length,
      requesters: able.filter((i) => this.requested[i] > 0).length,
      requested,
      granted,
      grantRate: ratio(granted, requested),
      teleworked,
      shareTeleworked: ratio(teleworked, able.length),
      daysPerEligiblePerWeek: openWeeks > 0 ? ratio(granted, able.length * openWeeks) : null,
    };
  }
}

export function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/** Jain's fairness index (Σx)² / (n·Σx²); null when nobody was granted anything or there is nobody. */
export function jainIndex(xs: readonly number[]): number | null {
  const sum = xs.reduce((a, b) => a + b, 0);
  const squares = xs.reduce((a, b) => a + b * b, 0);
  return squares > 0 ? (sum * sum) / (xs.length * squares) : null;
}

/** The q-quantile of sorted values (nearest rank); 0 for none. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
