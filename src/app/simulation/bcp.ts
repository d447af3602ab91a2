/**
 * A BCP day (事業継続): a share of staff cannot reach the office (snow, an
 * outbreak). One day is solved with the engine: counters are staffed first
 * from those who can come in, everyone else who can telework does (those who
 * cannot come in get the licences first), and the counters that cannot be
 * staffed are reduced or closed.
 */
import type { IsoDate, Problem, Roster } from '../../domain/rotation';
import { PROBLEM_FORMAT } from '../../domain/rotation';
import { Rng } from '../../generators/random';
import { solve } from '../../engine';
import { baseMinimum, SimOrganisation } from './organisation';

export interface BcpInput {
  readonly day: IsoDate;
  /** Share of staff who cannot reach the office, 0 … 1. */
  readonly unreachableShare: number;
  readonly seed: number;
  /** Licences for the day (default: the policy's; null = unlimited). */
  readonly licences?: number | null;
}

export type CounterStatus = 'open' | 'reduced' | 'closed';

export interface BcpPerson {
  readonly id: string;
  readonly name: string;
  readonly division: string;
}

export interface BcpCounter {
  readonly id: string;
  readonly name: string;
  readonly division: string;
  readonly required: number;
  readonly staffed: number;
  readonly status: CounterStatus;
  readonly staff: readonly BcpPerson[];
}

export interface BcpResult {
  readonly day: IsoDate;
  readonly unreachableShare: number;
  readonly seed: number;
  readonly staff: number;
  readonly unreachable: number;
  readonly licences: number | null;
  readonly counters: readonly BcpCounter[];
  /** Who should telework: those who cannot come in first, then everyone not needed in the office. */
  readonly telework: readonly (BcpPerson & { readonly reachable: boolean })[];
  /** Cannot come in and cannot telework (role, or no licence left): special leave. */
  readonly stranded: readonly BcpPerson[];
  /** Come in without a counter (cannot telework, or no licence left). */
  readonly inOffice: readonly BcpPerson[];
}

/** Weight of telework for someone who cannot come in, against 1 for someone who could. */
const STRANDED_WEIGHT = 100;

export function bcpDay(org: SimOrganisation, input: BcpInput): BcpResult {
  const able = (jobType: string) => !org.policy.nonTeleworkJobTypes.includes(jobType);
  const rng = Rng.stream(input.seed, `bcp:${input.day}`);
  const count = Math.round(org.staff.length * input.unreachableShare);
  const away = new Set(
    rng.sample(
      org.staff.map((s) => s.id),
      count,
    ),
  );
  const licences = input.licences === undefined ? org.policy.licencesPerDay : input.licences;
  const problem: Problem = {
    format: PROBLEM_FORMAT,
    name: `BCP ${input.day}`,
    days: [input.day],
    policy: {
      maxTeleworkDays: 1,
      ...(licences === null ? {} : { licencesPerDay: licences }),
      spreadBonus: [],
    },
    divisions: org.divisions.map((d) => ({ id: d.id, name: d.name, ...(d.terminals === null ? {} : { terminals: d.terminals }) })),
    counters: org.counters.map((c) => ({
      id: c.id,
      division: c.division,
      name: c.name,
      min: { [input.day]: baseMinimum(org, c, input.day) },
    })),
    staff: org.staff.map((s) => {
      const unreachable = away.has(s.id);
      const canTelework = able(s.jobType);
      return {
        id: s.id,
        division: s.division,
        name: s.name,
        canTelework,
        maxTeleworkDays: 1,
        counters: unreachable ? [] : [...s.counters],
        requests: canTelework ? [{ day: input.day, weight: unreachable ? STRANDED_WEIGHT : 1 }] : [],
        absent: unreachable && !canTelework ? [input.day] : [],
      };
    }),
  };
  return describe(org, input, problem, solve(problem), away, licences);
}

function describe(
  org: SimOrganisation,
  input: BcpInput,
  problem: Problem,
  roster: Roster,
  away: ReadonlySet<string>,
  licences: number | null,
): BcpResult {
  const person = (id: string): BcpPerson => {
    const s = org.staff.find((x) => x.id === id)!;
    return { id: s.id, name: s.name, division: s.division };
  };
  const atCounter = new Map<string, BcpPerson[]>();
  const telework: (BcpPerson & { reachable: boolean })[] = [];
  const stranded: BcpPerson[] = [];
  const inOffice: BcpPerson[] = [];
  for (const a of roster.assignments) {
    if (a.mode === 'telework') telework.push({ ...person(a.staff), reachable: !away.has(a.staff) });
    else if (a.mode === 'absent' || away.has(a.staff)) stranded.push(person(a.staff));
    else if (a.counter) atCounter.set(a.counter, [...(atCounter.get(a.counter) ?? []), person(a.staff)]);
    else inOffice.push(person(a.staff));
  }
  telework.sort((a, b) => Number(a.reachable) - Number(b.reachable));
  const counters = problem.counters.map((c): BcpCounter => {
    const required = typeof c.min === 'number' ? c.min : (c.min[input.day] ?? 0);
    const staff = atCounter.get(c.id) ?? [];
    const staffed = Math.min(required, staff.length);
    const status: CounterStatus = staffed >= required ? 'open' : staffed > 0 ? 'reduced' : 'closed';
    return { id: c.id, name: c.name, division: c.division, required, staffed, status, staff };
  });
  return {
    day: input.day,
    unreachableShare: input.unreachableShare,
    seed: input.seed,
    staff: org.staff.length,
    unreachable: away.size,
    licences,
    counters,
    telework,
    stranded,
    inOffice,
  };
}
