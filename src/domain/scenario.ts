/**
 * HR's policy simulations: a study compares scenarios (the organisation plus
 * changes) over a simulated period with the same demand. These are the parsed,
 * validated shapes of a study file (`rotation-simulation/1`); the web form
 * builds the same object.
 */
import type { IsoDate } from './rotation';

export const STUDY_FORMAT = 'rotation-simulation/1';
export const STUDY_RESULT_FORMAT = 'rotation-simulation-result/1';

/** Built-in organisations (src/generators): the 25-division town and the 2,900-staff city. */
export const GENERATORS = ['town-25', 'city-2900'] as const;
export type GeneratorName = (typeof GENERATORS)[number];

/** Where the organisation comes from. The web app always simulates its own organisation. */
export type OrganisationRef =
  | { readonly generator: GeneratorName; readonly seed: number }
  /** A problem file (path relative to the study file): its divisions, counters and staff. */
  | { readonly problem: string };

/** Policy fields a scenario may change; each absent field keeps the organisation's value. */
export interface PolicyChanges {
  readonly maxTeleworkDays?: number;
  /** Weekly maximum of everyone with caregiving duties (育児・介護); null keeps each person's own. */
  readonly caregiverMaxDays?: number | null;
  /** Remote-access licences a day across the organisation; null = unlimited. */
  readonly licencesPerDay?: number | null;
  readonly spreadBonus?: readonly number[];
  /** Weight of the 1st, 2nd, … ranked request (the last repeats). */
  readonly rankWeights?: readonly number[];
  readonly caregivingPriority?: number;
  /** Added per request denied in the last `fairnessWeeks` weeks, up to `fairnessMax`. */
  readonly fairnessPerDenial?: number;
  readonly fairnessMax?: number;
  readonly fairnessWeeks?: number;
  /** Job types that never telework (replaces the list). */
  readonly nonTeleworkJobTypes?: readonly string[];
}

/**
 * A change to counter minimums: for one counter or every counter of a
 * division, on the days in a season (`from`…`to`, `MM-DD` every year or a
 * full date; wraps over New Year) and weekdays (1 = Monday), the minimum is
 * set, raised by `add` or multiplied by `factor` (rounded up).
 */
export interface CounterRule {
  readonly counter?: string;
  readonly division?: string;
  readonly from?: string;
  readonly to?: string;
  readonly weekdays?: readonly number[];
  readonly set?: number;
  readonly add?: number;
  readonly factor?: number;
}

/**
 * Cross-train `add` more people of the counter's division for it: first those
 * who never telework (always in the office), then those trained for the fewest
 * counters, then in staff order.
 */
export interface QualificationChange {
  readonly counter: string;
  readonly add: number;
}

/**
 * A trial of telework (試行期間): the season in consecutive periods of `weeks` weeks, in each of
 * which everyone who can telework should telework at least `minDays` days (a period's goal,
 * docs/format-periods.md). People who did not ask get turns on days they would accept:
 * `possible` — the share `acceptShare` of them who would take a turn if offered mark 1–2
 * days a week; `any` — any day they are at work.
 */
export interface TrialChanges {
  readonly weeks: number;
  readonly minDays: number;
  readonly turnDays: 'possible' | 'any';
  readonly acceptShare: number;
}

export const DEFAULT_TRIAL: TrialChanges = { weeks: 2, minDays: 1, turnDays: 'possible', acceptShare: 0.5 };

export interface ScenarioChanges {
  readonly policy?: PolicyChanges;
  /** Shared telework terminals per division; null = unlimited. */
  readonly terminals?: Readonly<Record<string, number | null>>;
  readonly counters?: readonly CounterRule[];
  readonly qualifications?: readonly QualificationChange[];
  /** Divisions whose staff never telework in this scenario. */
  readonly noTeleworkDivisions?: readonly string[];
  /** Periods in which everyone takes a turn; null cancels the baseline's. */
  readonly trial?: TrialChanges | null;
}

export interface Scenario extends ScenarioChanges {
  readonly name: string;
}

/**
 * How staff ask for telework. `survey` draws requests from the figures in
 * town-data.md; `replay` repeats stored weeks of requests in turn.
 */
export interface DemandModel {
  readonly source: 'survey' | 'replay';
  /** Share of eligible staff who want to telework at all during the period. */
  readonly requesterShare: number;
  /** Chance that someone who wants to telework asks in a given week. */
  readonly weeklyAskRate: number;
  /** Days wanted per week, 1 … 5 days (relative weights). */
  readonly daysWanted: readonly number[];
  /** Preferred weekdays Monday … Friday (relative weights). */
  readonly weekdayPreference: readonly number[];
  /** Share of person-days on leave (in blocks of 1–5 days). */
  readonly absenceRate: number;
  /** When set, caregivers are redrawn with this share of eligible staff instead of the organisation's own. */
  readonly caregiverShare?: number;
  /** Seasonal counter demand on top of the organisation's minimums (all scenarios). */
  readonly seasons: readonly CounterRule[];
  /** `replay` from the command line: problem files whose requests are repeated week after week. */
  readonly replay?: readonly string[];
}

export interface InsightOptions {
  /** Most weeks re-solved per change (spread evenly over the period). */
  readonly weeks: number;
}

/** A study: scenarios compared over one period with one demand. */
export interface Study {
  readonly format: typeof STUDY_FORMAT;
  readonly name: string;
  readonly organisation?: OrganisationRef;
  /** First simulated ISO week, e.g. `2027-W14`. */
  readonly start: string;
  readonly weeks: number;
  readonly seed: number;
  readonly demand: DemandModel;
  /** Changes every scenario starts from (e.g. the March counter rules); its results are the baseline. */
  readonly baseline: Scenario;
  readonly scenarios: readonly Scenario[];
  /** Value of one more qualified person per counter and of one more licence; false to skip. */
  readonly insights: InsightOptions | false;
}

/** Demand figures from town-data.md ("Telework demand"). */
export const DEFAULT_DEMAND: DemandModel = {
  source: 'survey',
  requesterShare: 0.6,
  weeklyAskRate: 0.8,
  daysWanted: [34.7, 27.2, 10.5, 9.0, 18.5],
  weekdayPreference: [33.9, 4.6, 18.0, 4.6, 38.9],
  absenceRate: 0.03,
  seasons: [],
};

export const DEFAULT_INSIGHTS: InsightOptions = { weeks: 8 };

export const MAX_SIMULATED_WEEKS = 104;

/** Does a rule's season include this day? (No season: every day.) */
export function inSeason(rule: Pick<CounterRule, 'from' | 'to'>, day: IsoDate): boolean {
  if (rule.from === undefined && rule.to === undefined) return true;
  const key = (bound: string) => (bound.length === 5 ? day.slice(5) : day);
  const afterFrom = rule.from === undefined || key(rule.from) >= rule.from;
  const beforeTo = rule.to === undefined || key(rule.to) <= rule.to;
  // A yearly season that wraps over New Year (12-01 … 02-28) is "after from OR before to".
  if (rule.from?.length === 5 && rule.to?.length === 5 && rule.from > rule.to) return afterFrom || beforeTo;
  return afterFrom && beforeTo;
}

/** The minimum after one rule (the rule's season and weekdays already matched). */
export function applyRule(rule: CounterRule, min: number): number {
  if (rule.set !== undefined) return rule.set;
  if (rule.add !== undefined) return Math.max(0, min + rule.add);
  if (rule.factor !== undefined) return Math.ceil(min * rule.factor - 1e-9);
  return min;
}
