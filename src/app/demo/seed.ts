/**
 * The demo town (town-25 of town-data.md): 25 divisions, ~430 staff, their
 * counters and qualifications, requests and leave for the coming weeks, and
 * one login per person. Seeding runs once, on an empty database.
 */
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { TOWN_DIVISIONS, TOWN_POLICY, townProblem } from '../../generators';
import { weekdayOf, weekStart } from '../../domain/calendar';
import { splitMinimum } from '../../generators/demand';
import { Database } from '../../persistence/database';
import {
  AbsenceEntity,
  AccountEntity,
  CounterEntity,
  CounterOverrideEntity,
  DivisionEntity,
  PolicyEntity,
  ReasonCategory,
  RosterEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { actorOf, hashPassword, newSecret } from '../accounts/accounts';
import { audit } from '../accounts/audit';
import { Clock, shiftWeek, weekOfInstant } from '../calendar';
import { DEFAULT_POLICY } from '../organisation/policy';
import { generateAll, publish } from '../week/rosters';

export interface DemoAccount {
  readonly loginId: string;
  readonly role: string;
  readonly who: string;
}

export interface SeedResult {
  readonly seeded: boolean;
  readonly accounts: readonly DemoAccount[];
  readonly staff: number;
  readonly weeks: readonly string[];
}

/** Job types of staff whose role cannot telework, by division. */
const GROUNDED_JOB: Readonly<Record<string, string>> = {
  hoiku: '保育士',
  shobo: '消防職',
  kyushoku: '調理員',
  kenko: '保健師',
  shogai: '司書',
};

export const DEMO_PASSWORD_ENV = 'DEMO_PASSWORD';
export const DEFAULT_DEMO_PASSWORD = 'demo-password';

export async function seedDemoTown(
  db: Database,
  now: DateTime,
  password = process.env[DEMO_PASSWORD_ENV] ?? DEFAULT_DEMO_PASSWORD,
): Promise<SeedResult> {
  const thisWeek = weekOfInstant(now);
  const weeks = [0, 1, 2, 3].map((i) => shiftWeek(thisWeek, i));
  if ((await db.manager.count(DivisionEntity)) > 0) return { seeded: false, accounts: demoAccounts(), staff: 0, weeks };
  const passwordHash = await hashPassword(password);
  const org = townProblem(weeks[1]);
  await db.write(async (m) => {
    await m.insert(PolicyEntity, {
      id: 1,
      ...DEFAULT_POLICY,
      licencesPerDay: TOWN_POLICY.licencesPerDay,
      revision: 1,
      updatedBy: 'system',
      updatedAt: now.toUTC().toISO()!,
    });
    await m.insert(
      DivisionEntity,
      org.divisions.map((d, i) => ({ id: d.id, name: d.name, terminals: d.terminals ?? null, sortOrder: i })),
    );
    const counters = TOWN_DIVISIONS.flatMap((div, i) =>
      (div.counters ?? []).map((c, j) => ({
        id: `${div.id}-${c.id}`,
        divisionId: div.id,
        name: c.name,
        minByWeekday: [0, 1, 2, 3, 4, 5, 6].map((d) =>
          div.min && d < 5
            ? splitMinimum(
                div.min[d],
                (div.counters ?? []).map((k) => k.share),
              )[j]
            : 0,
        ),
        sortOrder: i * 10 + j,
      })),
    );
    await m.insert(CounterEntity, counters);
    for (const s of org.staff) {
      const div = s.division;
      await m.insert(StaffEntity, {
        id: s.id,
        name: s.name,
        divisionId: div,
        jobType: s.canTelework ? (div === 'kensetsu' || div === 'toshi' ? '技術職' : '一般事務') : (GROUNDED_JOB[div] ?? '技能労務職'),
        caregiver: s.maxTeleworkDays !== undefined && s.maxTeleworkDays > TOWN_POLICY.maxTeleworkDays,
        maxTeleworkDays: s.maxTeleworkDays ?? null,
        active: true,
      });
      if (s.counters.length)
        await m
          .createQueryBuilder()
          .relation(StaffEntity, 'counters')
          .of(s.id)
          .add([...s.counters]);
    }
    await m.insert(
      AccountEntity,
      org.staff.map((s) => ({
        loginId: loginIdOf(s.id),
        passwordHash,
        role: roleOf(s.id),
        staffId: s.id,
        icalToken: newSecret(),
        lastLoginAt: null,
      })),
    );
    for (const week of weeks) await seedWeek(m, week, counters, now);
    await audit(m, 'system', 'seed', 'organisation', 'town-25', null, { staff: org.staff.length, weeks });
  });
  // This week is already decided: generated and published, so staff see a roster at once.
  const hr = (await actorOf(db.manager, (await db.manager.findOneByOrFail(AccountEntity, { loginId: 'jinji' })).id))!;
  // As if done before the week began: on Monday morning nothing of it is past yet.
  const monday: Clock = () => weekStart(thisWeek);
  await generateAll(db, hr, thisWeek, monday);
  for (const d of org.divisions) {
    const row = await db.manager.findOneByOrFail(RosterEntity, { divisionId: d.id, week: thisWeek });
    await publish(db, hr, d.id, thisWeek, row.revision, monday);
  }
  return { seeded: true, accounts: demoAccounts(), staff: org.staff.length, weeks };
}

/** The chiefs, HR and a few staff members to try the app with. */
export function demoAccounts(): DemoAccount[] {
  return [
    { loginId: 'jinji', role: '人事課（全課の管理）', who: '総務課 人事担当' },
    { loginId: 'jumin-kacho', role: '課長', who: '住民課長（最大の窓口課）' },
    { loginId: 'zeimu-kacho', role: '課長', who: '税務課長' },
    { loginId: DEMO_STAFF, role: '職員', who: '住民課の職員' },
  ];
}

/** The first person listed in each division is its chief; the second of 総務課 is HR. */
const CHIEFS = new Map<string, string>();
let DEMO_STAFF = '';
{
  let n = 0;
  for (const div of TOWN_DIVISIONS) {
    CHIEFS.set(`t${String(n + 1).padStart(4, '0')}`, `${div.id}-kacho`);
    if (div.id === 'jumin') DEMO_STAFF = `t${String(n + 3).padStart(4, '0')}`;
    n += div.staff;
  }
}
const HR_STAFF = (() => {
  let n = 0;
  for (const div of TOWN_DIVISIONS) {
    if (div.id === 'somu') return `t${String(n + 2).padStart(4, '0')}`;
    n += div.staff;
  }
  return 't0001';
})();

function loginIdOf(staffId: string): string {
  if (staffId === HR_STAFF) return 'jinji';
  return CHIEFS.get(staffId) ?? staffId;
}

function roleOf(staffId: string): AccountEntity['role'] {
  if (staffId === HR_STAFF) return 'hr';
  return CHIEFS.has(staffId) ? 'chief' : 'staff';
}

const REASON_MIX: readonly ReasonCategory[] = ['other', 'other', 'other', 'health', 'other'];

async function seedWeek(
  m: EntityManager,
  week: string,
  counters: readonly { id: string; minByWeekday: number[] }[],
  now: DateTime,
): Promise<void> {
  const problem = townProblem(week);
  const createdAt = now.toUTC().toISO()!;
  for (const c of problem.counters) {
    const base = counters.find((k) => k.id === c.id);
    if (!base || typeof c.min === 'number') continue;
    for (const [day, min] of Object.entries(c.min)) {
      if (min !== base.minByWeekday[weekdayOf(day) - 1]) await m.insert(CounterOverrideEntity, { counterId: c.id, day, min });
    }
  }
  const requests = problem.staff.flatMap((s, i) =>
    [...s.requests]
      .sort((a, b) => b.weight - a.weight)
      .map((r, rank) => ({
        staffId: s.id,
        day: r.day,
        rank: rank + 1,
        reason: (s.maxTeleworkDays ?? 0) > TOWN_POLICY.maxTeleworkDays ? (i % 2 ? 'childcare' : 'care') : REASON_MIX[i % REASON_MIX.length],
        status: 'active' as const,
        createdAt,
      })),
  );
  for (let i = 0; i < requests.length; i += 200) await m.insert(TeleworkRequestEntity, requests.slice(i, i + 200));
  const absences = problem.staff.flatMap((s) => s.absent.map((day) => ({ staffId: s.id, day, createdBy: 'system' })));
  if (absences.length) await m.insert(AbsenceEntity, absences);
}
