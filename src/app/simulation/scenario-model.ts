/**
 * A scenario made concrete: the organisation with the baseline's and the
 * scenario's changes applied, and the week's problem built from it exactly as
 * the app builds a week (same weights from rank, caregiving and past denials).
 */
import type { Counter, IsoDate, Problem, Staff } from '../../domain/rotation';
import { PROBLEM_FORMAT } from '../../domain/rotation';
import { weekdayOf } from '../../domain/calendar';
import type { CounterRule, Scenario, ScenarioChanges, TrialChanges } from '../../domain/scenario';
import { applyRule, inSeason } from '../../domain/scenario';
import { requestWeight } from '../organisation/policy';
import type { PersonWeek, Profile } from './demand';
import { baseMinimum, SimDivision, SimOrganisation, SimPolicy } from './organisation';

export interface ScenarioModel {
  readonly name: string;
  readonly org: SimOrganisation;
  readonly policy: SimPolicy;
  readonly divisions: readonly SimDivision[];
  /** Per staff index. */
  readonly canTelework: readonly boolean[];
  readonly counters: readonly (readonly string[])[];
  /** Counter rules in the order they apply: demand seasons, baseline, scenario. */
  readonly rules: readonly CounterRule[];
  /** What could not be done as asked (fewer people left to cross-train, …), in Japanese. */
  readonly notes: readonly string[];
  /** The trial periods of the scenario (the baseline's unless the scenario sets or cancels them). */
  readonly trial: TrialChanges | null;
}

/** The trial period a week belongs to, with the telework days each person has had in it so far. */
export interface TrialWeek {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly done: Readonly<Record<string, number>>;
}

/** Applies the baseline's changes, then the scenario's (the scenario wins where both set something). */
export function scenarioModel(
  org: SimOrganisation,
  seasons: readonly CounterRule[],
  baseline: ScenarioChanges,
  scenario: Scenario,
): ScenarioModel {
  const layers = [baseline, scenario];
  const policy = layers.reduce<SimPolicy>((p, l) => ({ ...p, ...l.policy }), org.policy);
  const terminals = layers.reduce<Record<string, number | null>>((t, l) => ({ ...t, ...l.terminals }), {});
  const grounded = new Set(layers.flatMap((l) => l.noTeleworkDivisions ?? []));
  const divisions = org.divisions.map((d) => (d.id in terminals ? { ...d, terminals: terminals[d.id] } : d));
  const canTelework = org.staff.map((s) => !grounded.has(s.division) && !policy.nonTeleworkJobTypes.includes(s.jobType));
  const counters = org.staff.map((s) => [...s.counters]);
  const notes: string[] = [];
  for (const q of layers.flatMap((l) => l.qualifications ?? [])) {
    const added = crossTrain(org, canTelework, counters, q.counter, q.add);
    if (added < q.add) {
      const name = org.counters.find((c) => c.id === q.counter)?.name ?? q.counter;
      notes.push(`${name}: 兼務を ${q.add} 名追加する予定でしたが、課内に候補が ${added} 名しかいませんでした`);
    }
  }
  const rules = [...seasons, ...layers.flatMap((l) => l.counters ?? [])];
  const trial = scenario.trial !== undefined ? scenario.trial : (baseline.trial ?? null);
  return { name: scenario.name, org, policy, divisions, canTelework, counters, rules, notes, trial };
}

/** Trains up to `n` more members of the counter's division; returns how many. */
function crossTrain(org: SimOrganisation, canTelework: readonly boolean[], counters: string[][], counterId: string, n: number): number {
  const division = org.counters.find((c) => c.id === counterId)?.division;
  const pool = org.staff
    .map((_, i) => i)
    .filter((i) => org.staff[i].division === division && !counters[i].includes(counterId))
    .sort((a, b) => Number(canTelework[a]) - Number(canTelework[b]) || counters[a].length - counters[b].length || a - b);
  const chosen = pool.slice(0, n);
  for (const i of chosen) counters[i].push(counterId);
  return chosen.length;
}

/** A counter's minimum on a day: the organisation's, then every rule that applies, in order. */
export function minimumOn(model: ScenarioModel, counterIndex: number, day: IsoDate): number {
  const counter = model.org.counters[counterIndex];
  const weekday = weekdayOf(day);
  let min = baseMinimum(model.org, counter, day);
  for (const rule of model.rules) {
    if (rule.counter !== undefined && rule.counter !== counter.id) continue;
    if (rule.division !== undefined && rule.division !== counter.division) continue;
    if (rule.weekdays !== undefined && !rule.weekdays.includes(weekday)) continue;
    if (!inSeason(rule, day)) continue;
    min = applyRule(rule, min);
  }
  return min;
}

/** The weekly maximum of one person under the scenario's policy. */
export function maxDaysFor(model: ScenarioModel, i: number, caregiver: boolean): number | undefined {
  const own = model.org.staff[i].maxTeleworkDays;
  if (caregiver && model.policy.caregiverMaxDays !== null) return model.policy.caregiverMaxDays;
  return own ?? undefined;
}

/** The week's problem for the whole organisation, as HR's organisation-wide run builds it. */
export function weekProblem(
  model: ScenarioModel,
  week: string,
  days: readonly IsoDate[],
  demand: readonly PersonWeek[],
  profiles: readonly Profile[],
  deniedBefore: ArrayLike<number>,
  trialWeek?: TrialWeek,
): Problem {
  const trial = trialWeek ? model.trial : null;
  const { policy, org } = model;
  const counters = org.counters.map((c, k): Counter => ({
    id: c.id,
    division: c.division,
    name: c.name,
    min: Object.fromEntries(days.map((d) => [d, minimumOn(model, k, d)])),
  }));
  const staff = org.staff.map((s, i): Staff => {
    const caregiver = profiles[i].caregiver;
    const max = maxDaysFor(model, i, caregiver);
    const asked = model.canTelework[i] ? demand[i].requests : [];
    return {
      id: s.id,
      division: s.division,
      name: s.name,
      canTelework: model.canTelework[i],
      ...(max === undefined ? {} : { maxTeleworkDays: max }),
      counters: model.counters[i],
      requests: asked.map((day, rank) => ({ day, weight: requestWeight(policy, rank + 1, caregiver, deniedBefore[i]) })),
      absent: [...demand[i].absent],
      ...(trial?.turnDays === 'possible' &&
      model.canTelework[i] &&
      (profiles[i].wantsTelework || profiles[i].turnPropensity < trial.acceptShare)
        ? { possible: demand[i].possible.map((day) => ({ day })) }
        : {}),
    };
  });
  return {
    format: PROBLEM_FORMAT,
    name: `${model.name} ${week}`,
    days: [...days],
    policy: {
      maxTeleworkDays: policy.maxTeleworkDays,
      ...(policy.licencesPerDay === null ? {} : { licencesPerDay: policy.licencesPerDay }),
      spreadBonus: [...policy.spreadBonus],
    },
    divisions: model.divisions.map((d) => ({ id: d.id, name: d.name, ...(d.terminals === null ? {} : { terminals: d.terminals }) })),
    counters,
    staff,
    ...(trial && trialWeek
      ? {
          periods: [
            {
              id: 'trial',
              name: '試行期間',
              from: trialWeek.from,
              to: trialWeek.to,
              minDays: trial.minDays,
              turnDays: trial.turnDays,
              ...(Object.keys(trialWeek.done).length > 0 ? { done: trialWeek.done } : {}),
            },
          ],
        }
      : {}),
  };
}
