/**
 * A generated organisation (src/generators: the town, the city, a scaled
 * organisation) stored in the app's database through the entities: the
 * policy's licences, divisions with their terminals, counters with a minimum
 * per weekday and dated overrides, staff with their job type, caregiving,
 * personal maximum and counter qualifications, one login per person (each
 * division's first person is its chief, `<division>-kacho`; HR is `jinji`),
 * and the requests and leave of the given weeks. Deterministic: the same
 * problems give the same rows (only password salts and calendar secrets are
 * random). The demo town (seed.ts) and the city of the tests and benchmarks
 * are stored this way.
 */
import { DateTime } from 'luxon';
import { EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';
import { weekdayOf } from '../../domain/calendar';
import { Counter, IsoDate, Problem, Staff } from '../../domain/rotation';
import { cityProblem } from '../../generators';
import { Database } from '../../persistence/database';
import {
  AbsenceEntity,
  AccountEntity,
  AccountRole,
  CounterEntity,
  CounterOverrideEntity,
  DivisionEntity,
  PolicyEntity,
  ReasonCategory,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { hashPassword, newSecret } from '../accounts/accounts';
import { audit } from '../accounts/audit';
import { DEFAULT_POLICY } from '../organisation/policy';

export interface OrganisationSeed {
  /** Named in the audit log (`town-25`, `city-2900`). */
  readonly name: string;
  /** ISO weeks to seed requests, leave and counter minimums for. */
  readonly weeks: readonly string[];
  /**
   * The organisation's problem of a week. The generators keep the
   * organisation fixed by their seed and vary the week: the first week's
   * problem gives divisions, counters and staff. Pins are not stored.
   */
  readonly problemOf: (week: string) => Problem;
  readonly password: string;
  readonly now: DateTime;
  /** HR is the second person of this division (login `jinji`). */
  readonly hrDivision: string;
  /** 職種 of a person; staff who cannot telework must get one the policy lists as never teleworking. */
  readonly jobTypeOf?: (staff: Staff) => string;
  /** A counter's minimum Monday … Sunday; by default the most frequent minimum of each weekday in the weeks given. */
  readonly minByWeekday?: (counter: Counter) => readonly number[];
}

export interface SeededOrganisation {
  readonly staff: number;
  readonly divisions: readonly string[];
  /** Chief's login id of each division (that has staff). */
  readonly chiefs: ReadonlyMap<string, string>;
  /** HR's login id. */
  readonly hr: string;
  /** Name, staff and counters of each division. */
  readonly sizes: ReadonlyMap<string, { readonly name: string; readonly staff: number; readonly counters: number }>;
}

export const HR_LOGIN = 'jinji';

export const chiefLoginOf = (divisionId: string): string => `${divisionId}-kacho`;

/** Staff who can telework are 一般事務, the others 技能労務職 (a job type that never teleworks). */
export const defaultJobType = (s: Staff): string => (s.canTelework ? '一般事務' : '技能労務職');

/** The first person listed in each division is its chief; the second of `hrDivision` is HR. */
export function accountRoles(problem: Problem, hrDivision: string): Map<string, { loginId: string; role: AccountRole }> {
  const out = new Map<string, { loginId: string; role: AccountRole }>();
  const seen = new Map<string, number>();
  for (const s of problem.staff) {
    const n = (seen.get(s.division) ?? 0) + 1;
    seen.set(s.division, n);
    if (n === 1) out.set(s.id, { loginId: chiefLoginOf(s.division), role: 'chief' });
    else if (n === 2 && s.division === hrDivision) out.set(s.id, { loginId: HR_LOGIN, role: 'hr' });
  }
  return out;
}

/** Stores the organisation into an empty database, in one transaction. */
export async function seedOrganisation(db: Database, seed: OrganisationSeed): Promise<SeededOrganisation> {
  const problems = seed.weeks.map((w) => seed.problemOf(w));
  const [org] = problems;
  if (!org) throw new Error('seedOrganisation: no week to seed');
  const passwordHash = await hashPassword(seed.password);
  const jobTypeOf = seed.jobTypeOf ?? defaultJobType;
  const minOf = seed.minByWeekday ?? ((c: Counter) => commonMinimums(problems, c.id));
  const roles = accountRoles(org, seed.hrDivision);
  if (![...roles.values()].some((r) => r.role === 'hr'))
    throw new Error(`seedOrganisation: ${seed.hrDivision} has no second person to be HR`);
  const max = org.policy.maxTeleworkDays;
  await db.write(async (m) => {
    await m.insert(PolicyEntity, {
      id: 1,
      ...DEFAULT_POLICY,
      maxTeleworkDays: max,
      licencesPerDay: licencesOf(org),
      spreadBonus: [...(org.policy.spreadBonus ?? DEFAULT_POLICY.spreadBonus)],
      revision: 1,
      updatedBy: 'system',
      updatedAt: seed.now.toUTC().toISO()!,
    });
    await m.insert(
      DivisionEntity,
      org.divisions.map((d, i) => ({ id: d.id, name: d.name, terminals: d.terminals ?? null, sortOrder: i })),
    );
    const perDivision = new Map<string, number>();
    const divisionIndex = new Map(org.divisions.map((d, i) => [d.id, i]));
    const widest = Math.max(10, ...org.divisions.map((d) => org.counters.filter((c) => c.division === d.id).length));
    const counters = org.counters.map((c) => {
      const j = perDivision.get(c.division) ?? 0;
      perDivision.set(c.division, j + 1);
      return {
        id: c.id,
        divisionId: c.division,
        name: c.name,
        minByWeekday: [...minOf(c)],
        sortOrder: (divisionIndex.get(c.division) ?? 0) * widest + j,
      };
    });
    if (counters.length) await m.insert(CounterEntity, counters);
    const staff = org.staff.map((s) => ({
      id: s.id,
      name: s.name,
      divisionId: s.division,
      jobType: jobTypeOf(s),
      caregiver: s.maxTeleworkDays !== undefined && s.maxTeleworkDays > max,
      maxTeleworkDays: s.maxTeleworkDays ?? null,
      active: true,
    }));
    await insertChunked(m, StaffEntity, staff);
    const qualifications = org.staff.flatMap((s) => s.counters.map((counterId) => ({ staffId: s.id, counterId })));
    for (let i = 0; i < qualifications.length; i += CHUNK) {
      await m
        .createQueryBuilder()
        .insert()
        .into('staff_counters', ['staffId', 'counterId'])
        .values(qualifications.slice(i, i + CHUNK))
        .execute();
    }
    await insertChunked(
      m,
      AccountEntity,
      org.staff.map((s) => ({
        loginId: roles.get(s.id)?.loginId ?? s.id,
        passwordHash,
        role: roles.get(s.id)?.role ?? 'staff',
        staffId: s.id,
        icalToken: newSecret(),
        lastLoginAt: null,
      })),
    );
    for (const problem of problems) await seedWeek(m, problem, counters, seed.now);
    await audit(m, 'system', 'seed', 'organisation', seed.name, null, { staff: org.staff.length, weeks: seed.weeks });
  });
  const staffed = new Set(org.staff.map((s) => s.division));
  const chiefs = new Map(org.divisions.filter((d) => staffed.has(d.id)).map((d) => [d.id, chiefLoginOf(d.id)]));
  const sizes = new Map(
    org.divisions.map((d) => [
      d.id,
      {
        name: d.name,
        staff: org.staff.filter((s) => s.division === d.id).length,
        counters: org.counters.filter((c) => c.division === d.id).length,
      },
    ]),
  );
  return { staff: org.staff.length, divisions: org.divisions.map((d) => d.id), chiefs, hr: HR_LOGIN, sizes };
}

/** The city of 2,896 staff in 100 divisions (`cityProblem`, 300 licences a day), for the given weeks. */
export async function seedCity(
  db: Database,
  now: DateTime,
  weeks: readonly string[],
  password: string,
  seed = 1,
): Promise<SeededOrganisation> {
  return seedOrganisation(db, {
    name: `city-2900 (seed ${seed})`,
    weeks,
    problemOf: (w) => cityProblem(w, seed),
    password,
    now,
    hrDivision: 'jinji',
    jobTypeOf: cityJobType,
  });
}

/** Job types of the city's staff who cannot telework, by catalogue division (a ward's copy shares its entry's id after the dash). */
const CITY_GROUNDED_JOB: Readonly<Record<string, string>> = {
  hoikusho: '保育士',
  jidokan: '保育士',
  keibo: '消防職',
  shirei: '消防職',
  chuoshobo: '消防職',
  kitashobo: '消防職',
  minamishobo: '消防職',
  shobosomu: '消防職',
  kasaiyobo: '消防職',
  kyushoku: '調理員',
  kenko: '保健師',
  yobo: '保健師',
  hokencenter: '保健師',
  toshokan: '司書',
};

export function cityJobType(s: Staff): string {
  if (s.canTelework) return '一般事務';
  const entry = s.division.slice(s.division.lastIndexOf('-') + 1);
  return CITY_GROUNDED_JOB[entry] ?? '技能労務職';
}

const CHUNK = 200;

async function insertChunked<T extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<T>,
  rows: readonly QueryDeepPartialEntity<T>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await m.insert(entity, rows.slice(i, i + CHUNK));
}

/** The policy stores one number: a per-day licence count becomes its largest day. */
function licencesOf(problem: Problem): number | null {
  const l = problem.policy.licencesPerDay;
  if (l === undefined) return null;
  if (typeof l === 'number') return l;
  const values = Object.values(l);
  return values.length ? Math.max(...values) : null;
}

function minimumOn(c: Counter, day: IsoDate): number {
  return typeof c.min === 'number' ? c.min : (c.min[day] ?? 0);
}

/** For each weekday, the minimum the counter has most often on that weekday (the smaller on a tie); weekends 0. */
function commonMinimums(weeks: readonly Problem[], counterId: string): number[] {
  const byWeekday = new Map<number, number[]>();
  for (const p of weeks) {
    const c = p.counters.find((k) => k.id === counterId);
    if (!c) continue;
    for (const day of p.days) {
      const w = weekdayOf(day);
      byWeekday.set(w, [...(byWeekday.get(w) ?? []), minimumOn(c, day)]);
    }
  }
  const all = [...byWeekday.values()].flat();
  return [1, 2, 3, 4, 5, 6, 7].map((w) => (w > 5 ? 0 : mode(byWeekday.get(w) ?? all)));
}

function mode(xs: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  let best = 0;
  let n = 0;
  for (const [x, k] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (k > n) [best, n] = [x, k];
  }
  return best;
}

const REASON_MIX: readonly ReasonCategory[] = ['other', 'other', 'other', 'health', 'other'];

/** A week's counter minimums that differ from the weekday's, its requests (ranked by weight) and its leave. */
async function seedWeek(
  m: EntityManager,
  problem: Problem,
  counters: readonly { id: string; minByWeekday: number[] }[],
  now: DateTime,
): Promise<void> {
  const createdAt = now.toUTC().toISO()!;
  const base = new Map(counters.map((k) => [k.id, k]));
  const overrides: { counterId: string; day: IsoDate; min: number }[] = [];
  for (const c of problem.counters) {
    const weekdays = base.get(c.id)?.minByWeekday;
    if (!weekdays) continue;
    for (const day of problem.days) {
      const min = minimumOn(c, day);
      if (min !== weekdays[weekdayOf(day) - 1]) overrides.push({ counterId: c.id, day, min });
    }
  }
  await insertChunked(m, CounterOverrideEntity, overrides);
  const max = problem.policy.maxTeleworkDays;
  const requests = problem.staff.flatMap((s, i) =>
    [...s.requests]
      .sort((a, b) => b.weight - a.weight)
      .map((r, rank) => ({
        staffId: s.id,
        day: r.day,
        rank: rank + 1,
        reason: (s.maxTeleworkDays ?? 0) > max ? (i % 2 ? 'childcare' : 'care') : REASON_MIX[i % REASON_MIX.length],
        status: 'active' as const,
        createdAt,
      })),
  );
  await insertChunked(m, TeleworkRequestEntity, requests);
  const absences = problem.staff.flatMap((s) => s.absent.map((day) => ({ staffId: s.id, day, createdBy: 'system' })));
  await insertChunked(m, AbsenceEntity, absences);
}
