/**
 * The demo town (town-25 of town-data.md): 25 divisions, ~430 staff, their
 * counters and qualifications, requests and leave for the coming weeks, and
 * one login per person. Seeding runs once, on an empty database.
 */
import { DateTime } from 'luxon';
import { TOWN_DIVISIONS, townProblem } from '../../generators';
import { weekStart } from '../../domain/calendar';
import { splitMinimum } from '../../generators/demand';
import { Database } from '../../persistence/database';
import { AccountEntity, DivisionEntity, PlaceEntity, RosterEntity } from '../../persistence/entities';
import { actorOf } from '../accounts/accounts';
import { Clock, shiftWeek, weekOfInstant } from '../calendar';
import { generateAll, publish } from '../week/rosters';
import { HR_LOGIN, seedOrganisation } from './seed-organisation';

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
  // Only into an empty database: not one that has a division, nor one with an account (its first HR account, made by `rotation admin`).
  if ((await db.manager.count(DivisionEntity)) > 0 || (await db.manager.count(AccountEntity)) > 0) {
    const demo = await db.manager.existsBy(AccountEntity, { loginId: HR_LOGIN });
    return { seeded: false, accounts: demo ? demoAccounts() : [], staff: 0, weeks };
  }
  const org = await seedOrganisation(db, {
    name: 'town-25',
    weeks,
    problemOf: (week) => townProblem(week),
    password,
    now,
    hrDivision: 'somu',
    jobTypeOf: (s) =>
      s.canTelework
        ? s.division === 'kensetsu' || s.division === 'toshi'
          ? '技術職'
          : '一般事務'
        : (GROUNDED_JOB[s.division] ?? '技能労務職'),
    minByWeekday: (c) => TOWN_MINIMUMS.get(c.id) ?? [0, 0, 0, 0, 0, 0, 0],
  });
  // Two places to telework from besides home: a branch office on the internal network, and a co-working space that needs a licence.
  await db.write(async (m) => {
    const at = { updatedBy: 'system', updatedAt: now.toUTC().toISO()! };
    await m.insert(PlaceEntity, [
      { name: '北支所', desks: 4, licence: false, sortOrder: 1, ...at },
      { name: '駅前コワーキング', desks: 2, licence: true, sortOrder: 2, ...at },
    ]);
  });
  // This week is already decided: generated and published, so staff see a roster at once.
  const hr = (await actorOf(db.manager, (await db.manager.findOneByOrFail(AccountEntity, { loginId: HR_LOGIN })).id))!;
  // As if done before the week began: on Monday morning nothing of it is past yet.
  const monday: Clock = () => weekStart(thisWeek);
  await generateAll(db, hr, thisWeek, monday);
  for (const d of org.divisions) {
    const row = await db.manager.findOneByOrFail(RosterEntity, { divisionId: d, week: thisWeek });
    await publish(db, hr, d, thisWeek, row.revision, monday);
  }
  return { seeded: true, accounts: demoAccounts(), staff: org.staff, weeks };
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

/** The third person of 住民課 (its first is the chief, see seed-organisation.ts). */
const DEMO_STAFF = (() => {
  let n = 0;
  for (const div of TOWN_DIVISIONS) {
    if (div.id === 'jumin') return `t${String(n + 3).padStart(4, '0')}`;
    n += div.staff;
  }
  return 't0003';
})();

/** Each counter's minimum Monday … Sunday: its share of the division's weekday minimum (the calendar's rules become dated overrides). */
const TOWN_MINIMUMS = new Map(
  TOWN_DIVISIONS.flatMap((div) =>
    (div.counters ?? []).map((c, j): [string, number[]] => [
      `${div.id}-${c.id}`,
      [0, 1, 2, 3, 4, 5, 6].map((d) =>
        div.min && d < 5
          ? splitMinimum(
              div.min[d],
              (div.counters ?? []).map((k) => k.share),
            )[j]
          : 0,
      ),
    ]),
  ),
);
