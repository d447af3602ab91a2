/**
 * Small hand-made organisations and studies for the simulation tests, whose
 * answers can be worked out on paper.
 */
import { DEFAULT_DEMAND, Study, STUDY_FORMAT } from '../../src/domain/scenario';
import type { ReplayWeek, ResolvedDemand } from '../../src/app/simulation/demand';
import { OFFICE_JOB, SimOrganisation, SimPolicy, SimStaff } from '../../src/app/simulation/organisation';

export const POLICY: SimPolicy = {
  maxTeleworkDays: 2,
  caregiverMaxDays: null,
  licencesPerDay: 2,
  spreadBonus: [20, 10],
  rankWeights: [30, 20, 10],
  caregivingPriority: 15,
  fairnessPerDenial: 5,
  fairnessMax: 10,
  fairnessWeeks: 4,
  nonTeleworkJobTypes: ['消防職'],
};

export function person(id: string, counters: string[] = [], extra: Partial<SimStaff> = {}): SimStaff {
  return { id, division: 'd', name: `職員${id}`, jobType: OFFICE_JOB, caregiver: false, maxTeleworkDays: null, counters, ...extra };
}

/**
 * One division with one counter needing one person every weekday. A and B
 * can serve it, C cannot; F is a firefighter (never teleworks).
 */
export function tinyOrganisation(policy: Partial<SimPolicy> = {}): SimOrganisation {
  return {
    name: 'tiny',
    policy: { ...POLICY, ...policy },
    divisions: [{ id: 'd', name: '住民課', terminals: null }],
    counters: [{ id: 'k', division: 'd', name: '住民票窓口', byWeekday: [1, 1, 1, 1, 1, 0, 0] }],
    staff: [person('A', ['k']), person('B', ['k']), person('C'), person('F', [], { jobType: '消防職' })],
    overrides: {},
    closures: [],
  };
}

/** Demand replayed from a fixed week, with nobody on leave. */
export function replayDemand(week: ReplayWeek): ResolvedDemand {
  const { replay: _ignored, ...model } = { ...DEFAULT_DEMAND, replay: undefined };
  return { ...model, source: 'replay', absenceRate: 0, replayWeeks: [week] };
}

export function study(fields: Partial<Study> = {}): Study {
  return {
    format: STUDY_FORMAT,
    name: 'test',
    start: '2027-W06',
    weeks: 2,
    seed: 1,
    demand: DEFAULT_DEMAND,
    baseline: { name: '現行' },
    scenarios: [],
    insights: false,
    ...fields,
  };
}
