/**
 * The organisation a simulation runs on: divisions, counters with their
 * minimums, staff with their roles and qualifications, and the policy in
 * force. Plain data, so that it can be handed to worker threads; it comes from
 * the app's database (organisation-db.ts), a built-in generator or a problem
 * file (below).
 */
import type { IsoDate, Problem } from '../../domain/rotation';
import { counterMin } from '../../domain/rotation';
import { townProblem, cityProblem } from '../../generators';
import { weekdayOf } from '../../domain/calendar';
import type { GeneratorName } from '../../domain/scenario';
import { DEFAULT_POLICY, type PolicyValues } from '../organisation/policy';

export interface SimPolicy {
  readonly maxTeleworkDays: number;
  /** Weekly maximum of every caregiver; null = each person's own maximum (or the policy's). */
  readonly caregiverMaxDays: number | null;
  readonly licencesPerDay: number | null;
  readonly spreadBonus: readonly number[];
  readonly rankWeights: readonly number[];
  readonly caregivingPriority: number;
  readonly fairnessPerDenial: number;
  readonly fairnessMax: number;
  readonly fairnessWeeks: number;
  readonly nonTeleworkJobTypes: readonly string[];
}

export interface SimDivision {
  readonly id: string;
  readonly name: string;
  readonly terminals: number | null;
}

export interface SimCounter {
  readonly id: string;
  readonly division: string;
  readonly name: string;
  /** Minimum Monday … Sunday. */
  readonly byWeekday: readonly number[];
}

export interface SimStaff {
  readonly id: string;
  readonly division: string;
  readonly name: string;
  readonly jobType: string;
  /** Childcare or care duties: a higher weekly maximum and priority. */
  readonly caregiver: boolean;
  /** Own weekly maximum; null = the policy's. */
  readonly maxTeleworkDays: number | null;
  readonly counters: readonly string[];
}

export interface SimOrganisation {
  readonly name: string;
  readonly policy: SimPolicy;
  readonly divisions: readonly SimDivision[];
  readonly counters: readonly SimCounter[];
  readonly staff: readonly SimStaff[];
  /** Minimums for particular dates (`counter|day`), replacing the weekday's. */
  readonly overrides: Readonly<Record<string, number>>;
  /** Office closures besides national holidays and 12/29–1/3. */
  readonly closures: readonly IsoDate[];
  /**
   * HR's telework allowance rule (月次集計): days a month to exceed on average and
   * the monthly amount; absent (a generated organisation), the national rule.
   */
  readonly allowance?: { readonly thresholdDays: number; readonly amountYen: number };
}

/** The app's policy fields that a simulation uses. */
export function simPolicyOf(p: PolicyValues, caregiverMaxDays: number | null = null): SimPolicy {
  return {
    maxTeleworkDays: p.maxTeleworkDays,
    caregiverMaxDays,
    licencesPerDay: p.licencesPerDay,
    spreadBonus: [...p.spreadBonus],
    rankWeights: [...p.rankWeights],
    caregivingPriority: p.caregivingPriority,
    fairnessPerDenial: p.fairnessPerDenial,
    fairnessMax: p.fairnessMax,
    fairnessWeeks: p.fairnessWeeks,
    nonTeleworkJobTypes: [...p.nonTeleworkJobTypes],
  };
}

export const overrideKey = (counter: string, day: IsoDate): string => `${counter}|${day}`;

/** The organisation's own minimum of a counter on a day (before scenario rules). */
export function baseMinimum(org: SimOrganisation, counter: SimCounter, day: IsoDate): number {
  return org.overrides[overrideKey(counter.id, day)] ?? counter.byWeekday[weekdayOf(day) - 1] ?? 0;
}

/** Job types given to generated staff who cannot telework, by division (the rest are 一般事務). */
const GROUNDED_JOB: Readonly<Record<string, string>> = {
  hoiku: '保育士',
  shobo: '消防職',
  kyushoku: '調理員',
  kenko: '保健師',
  shogai: '司書',
};
export const OFFICE_JOB = '一般事務';
const OTHER_GROUNDED_JOB = '技能労務職';

/**
 * A built-in organisation over the given weeks. The generators' calendar rules
 * (住民課 in the moving season, 税務課 in June–July, Mondays after holidays)
 * become per-date minimums; requests and pins they draw are dropped.
 */
export function generatedOrganisation(generator: GeneratorName, seed: number, weeks: readonly string[]): SimOrganisation {
  const make = generator === 'town-25' ? townProblem : cityProblem;
  const problems = weeks.map((w) => make(w, seed));
  const first = problems[0] ?? make('2027-W02', seed);
  const org = fromProblem(first, generator);
  const overrides: Record<string, number> = {};
  for (const p of problems) {
    for (const c of p.counters) for (const d of p.days) overrides[overrideKey(c.id, d)] = counterMin(c, d);
  }
  return { ...org, overrides };
}

/**
 * The organisation of a problem file: its divisions, counters and staff, the
 * minimums of its days by weekday. Staff allowed more days than the policy are
 * taken as caregivers; those who cannot telework get a job type that never does.
 */
export function fromProblem(problem: Problem, name = problem.name): SimOrganisation {
  const policyMax = problem.policy.maxTeleworkDays;
  const licences = problem.policy.licencesPerDay;
  const sameEveryDay = typeof licences === 'number' ? licences : licences === undefined ? null : Math.max(...Object.values(licences));
  const caregiverMax = problem.staff.find((s) => (s.maxTeleworkDays ?? 0) > policyMax)?.maxTeleworkDays ?? null;
  return {
    name,
    policy: {
      ...simPolicyOf(DEFAULT_POLICY),
      maxTeleworkDays: policyMax,
      caregiverMaxDays: caregiverMax,
      licencesPerDay: sameEveryDay,
      spreadBonus: [...(problem.policy.spreadBonus ?? [])],
    },
    divisions: problem.divisions.map((d) => ({ id: d.id, name: d.name, terminals: d.terminals ?? null })),
    counters: problem.counters.map((c) => {
      const byWeekday = new Array<number>(7).fill(0);
      for (const d of problem.days) byWeekday[weekdayOf(d) - 1] = counterMin(c, d);
      return { id: c.id, division: c.division, name: c.name, byWeekday };
    }),
    staff: problem.staff.map((s) => {
      const caregiver = caregiverMax !== null && s.maxTeleworkDays === caregiverMax;
      return {
        id: s.id,
        division: s.division,
        name: s.name,
        jobType: s.canTelework ? OFFICE_JOB : (GROUNDED_JOB[s.division] ?? OTHER_GROUNDED_JOB),
        caregiver,
        maxTeleworkDays: caregiver || s.maxTeleworkDays === undefined ? null : s.maxTeleworkDays,
        counters: [...s.counters],
      };
    }),
    overrides: {},
    closures: [],
  };
}
