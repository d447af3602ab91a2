/** HR's policy: defaults for a new organisation, and how it turns into weights. */
import type { PolicyEntity, StaffEntity } from '../../persistence/entities';
import type { ReasonCategory } from '../../persistence/entities';

export type PolicyValues = Omit<PolicyEntity, 'id' | 'revision' | 'updatedBy' | 'updatedAt'>;

/** Figures from town-data.md: 2 days a week, rank weights 30/20/10, caregiving +15. */
export const DEFAULT_POLICY: PolicyValues = {
  maxTeleworkDays: 2,
  licencesPerDay: 50,
  deadlineWeekday: 4,
  deadlineTime: '12:00',
  rankWeights: [30, 20, 10, 5, 5],
  caregivingPriority: 15,
  fairnessPerDenial: 5,
  fairnessMax: 10,
  fairnessWeeks: 4,
  spreadBonus: [20, 10],
  nonTeleworkJobTypes: ['保育士', '消防職', '調理員', '保健師', '司書', '技能労務職'],
};

export const REASONS: Readonly<Record<ReasonCategory, string>> = {
  childcare: '育児',
  care: '介護',
  health: '健康上の理由',
  'sick-child': '子の看護',
  illness: '急病・けが',
  other: 'その他',
};

/** Reasons that give a request the caregiving priority. */
export const CAREGIVING_REASONS: ReadonlySet<ReasonCategory> = new Set(['childcare', 'care', 'sick-child']);

/** Staff whose job type the policy lists as never teleworking (firefighters, nursery teachers …) cannot telework. */
export function canTelework(policy: Pick<PolicyEntity, 'nonTeleworkJobTypes'>, staff: Pick<StaffEntity, 'jobType'>): boolean {
  return !policy.nonTeleworkJobTypes.includes(staff.jobType);
}

export function isReason(value: unknown): value is ReasonCategory {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REASONS, value);
}

/**
 * A request's weight: its rank's weight, the caregiving priority when the
 * reason or the person is caregiving, and the fairness carry-over for
 * requests denied in earlier weeks.
 */
/** The policy fields a request's weight depends on (the app's policy, or a simulated one). */
export interface WeightPolicy {
  readonly rankWeights: readonly number[];
  readonly caregivingPriority: number;
  readonly fairnessPerDenial: number;
  readonly fairnessMax: number;
}

export function requestWeight(policy: WeightPolicy, rank: number, caregiving: boolean, deniedBefore: number): number {
  const ranks = policy.rankWeights;
  const base = ranks[Math.min(rank, ranks.length) - 1] ?? 1;
  const care = caregiving ? policy.caregivingPriority : 0;
  const fairness = Math.min(policy.fairnessMax, policy.fairnessPerDenial * deniedBefore);
  return Math.max(1, base + care + fairness);
}
