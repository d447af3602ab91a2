/**
 * The monthly tally against a small organisation computed by hand: September
 * 2026, whose first ISO week (W36, 8/31–9/6) and last (W40, 9/28–10/4) are
 * split with August and October, with the national holidays 9/21–9/23
 * (敬老の日, 国民の休日, 秋分の日) and a closure (9/4) HR added after W36 was
 * published. Division A publishes every week (W37 twice: only version 2
 * counts); division B has not published W38.
 *
 * Open days of September: W36 9/1–9/3 (9/4 closed) 3, W37 5, W38 5, W39 9/24–25
 * 2, W40 9/28–30 3 = 18.
 *
 * a1 (A): telework Mon–Wed, office Thu–Fri; W37 v1 all telework, v2 Mon–Tue;
 *   actual 9/8 office.
 *   W36 T T O | W37 T o(9/8) O O O | W38 T T T O O | W39 O O | W40 T T T
 *   granted 2+2+3+0+3 = 10, worked 2+1+3+0+3 = 9, ordered 9, office 1+4+2+2 = 9, leave 0.
 * a2 (A): telework Thu–Fri, office Mon–Wed; 9/25 leave as published; actual
 *   9/2 telework (published office), actual 9/10 leave (published telework).
 *   W36 O t(9/2) T | W37 O O O a(9/10) T | W38 O O O T T | W39 T A | W40 O O O
 *   granted 1+2+2+1 = 6, worked 2+1+2+1 = 6, ordered 1+1+2+1 = 5, office 1+3+3+0+3 = 10, leave 1+1 = 2.
 * b1 (B): telework every day; W38 not published (its actual 9/15 is not counted).
 *   granted = worked = ordered = 3+5+2+3 = 13, office 0, leave 0.
 * A: granted 16, worked 15, office 19, leave 2; B: 13, 13, 0, 0; all: 29, 28, 19, 2.
 *
 * The allowance (6 months, April–September): a1 is given 11, 11, 10, 9, 10
 * ordered days in April–August, and W36's Monday 8/31 (published telework)
 * counts in August, not September: 11, 11, 10, 9, 11 = 52, 52 + 9 = 61,
 * 61 / 6 = 10.17 > 10: qualifies. a2 has 11 × 5 = 55 (8/31 is an office day
 * for a2), 55 + 5 = 60, 60 / 6 = 10.0, not MORE than 10: does not. b1 has only
 * 8/31 before September: (1 + 13) / 6 = 2.33. One qualifying person, 3,000 yen.
 */
import { isOpenDay, weekOf } from '../../../src/domain/calendar';
import { Actor } from '../../../src/app/accounts/actor';
import { monthlyTally, tallyRows, TALLY_CSV_HEADER } from '../../../src/app/tally/monthly-tally';
import { daysOfMonth } from '../../../src/domain/allowance';
import {
  ActualDayEntity,
  ClosureDayEntity,
  DivisionEntity,
  PublishedAssignment,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
} from '../../../src/persistence/entities';
import { Database } from '../../../src/persistence/database';
import { DATABASES, openTestDatabase, TestDatabase } from '../../support/web';

const HR: Actor = { accountId: 1, loginId: 'jinji', role: 'hr', staffId: 'h1', name: '人事', divisionId: 'A' };
const CHIEF: Actor = { accountId: 2, loginId: 'a-kacho', role: 'chief', staffId: 'a1', name: '課長', divisionId: 'A' };

type Mode = PublishedAssignment['mode'];

async function publish(db: Database, divisionId: string, week: string, versions: readonly PublishedAssignment[][]): Promise<void> {
  await db.write(async (m) => {
    const row = await m.save(RosterEntity, {
      divisionId,
      week,
      status: 'published',
      revision: 1,
      publishedVersion: versions.length,
      objective: 0,
      solveStatus: 'optimal',
      problemJson: '{}',
      generatedBy: 'test',
      generatedAt: '2026-08-01T00:00:00.000Z',
      publishedBy: 'test',
      publishedAt: '2026-08-01T00:00:00.000Z',
    });
    for (const [i, assignments] of versions.entries())
      await m.insert(RosterPublicationEntity, {
        rosterId: row.id,
        version: i + 1,
        publishedBy: 'test',
        publishedAt: '2026-08-01T00:00:00.000Z',
        objective: 0,
        changes: 0,
        assignments,
        denials: [],
      });
  });
}

/** The Monday-to-Friday days of a week (the published version holds no holiday). */
function weekDays(week: string): string[] {
  return daysOfMonth('2026-08')
    .concat(daysOfMonth('2026-09'), daysOfMonth('2026-10'))
    .filter((d) => weekOf(d) === week && isOpenDay(d));
}
const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay(); // 1 = Monday … 5 = Friday

async function seed(db: Database): Promise<void> {
  await db.write(async (m) => {
    await m.insert(DivisionEntity, [
      { id: 'A', name: '企画課', terminals: null, sortOrder: 1 },
      { id: 'B', name: '税務課', terminals: null, sortOrder: 2 },
    ]);
    const person = (id: string, name: string, divisionId: string) => ({
      id,
      name,
      divisionId,
      jobType: '一般事務',
      caregiver: false,
      maxTeleworkDays: null,
      active: true,
      email: null,
    });
    await m.insert(StaffEntity, [person('a1', '青木 一郎', 'A'), person('a2', '=秋山 二郎', 'A'), person('b1', '馬場 三子', 'B')]);
  });
  const a1 = (day: string): Mode => (weekday(day) <= 3 ? 'telework' : 'office');
  const a2 = (day: string): Mode => (day === '2026-09-25' ? 'absent' : weekday(day) >= 4 ? 'telework' : 'office');
  const cells = (week: string, modes: Record<string, (day: string) => Mode>) =>
    weekDays(week).flatMap((day) => Object.entries(modes).map(([staff, f]) => ({ staff, day, mode: f(day) })));
  for (const week of ['2026-W36', '2026-W38', '2026-W39', '2026-W40']) await publish(db, 'A', week, [cells(week, { a1, a2 })]);
  await publish(db, 'A', '2026-W37', [
    cells('2026-W37', { a1: () => 'telework', a2 }),
    cells('2026-W37', { a1: (d) => (weekday(d) <= 2 ? 'telework' : 'office'), a2 }),
  ]);
  for (const week of ['2026-W36', '2026-W37', '2026-W39', '2026-W40'])
    await publish(db, 'B', week, [cells(week, { b1: () => 'telework' })]);

  // April–August: a1 teleworks the first 11, 11, 10, 9, 10 open days of each month, a2 the first 11.
  const earlier: Record<string, PublishedAssignment[]> = {};
  for (const [month, n1] of [
    ['2026-04', 11],
    ['2026-05', 11],
    ['2026-06', 10],
    ['2026-07', 9],
    ['2026-08', 10],
  ] as const) {
    const open = daysOfMonth(month).filter((d) => isOpenDay(d));
    for (const [i, day] of open.slice(0, 11).entries()) {
      const list = (earlier[weekOf(day)] ??= []);
      list.push({ staff: 'a2', day, mode: 'telework' });
      list.push({ staff: 'a1', day, mode: i < n1 ? 'telework' : 'office' });
    }
  }
  // W36 of A is already published (8/31 is Monday of W36): its August day goes into that version instead.
  for (const [week, list] of Object.entries(earlier)) {
    if (week === '2026-W36') throw new Error('an August telework day fell in W36; choose other days');
    await publish(db, 'A', week, [list]);
  }

  await db.write(async (m) => {
    await m.insert(ClosureDayEntity, { day: '2026-09-04', name: '庁舎点検' });
    const actual = (staffId: string, day: string, mode: Mode) => ({
      staffId,
      day,
      mode,
      recordedBy: 'a-kacho',
      recordedAt: '2026-09-30T09:00:00.000Z',
    });
    await m.insert(ActualDayEntity, [
      actual('a1', '2026-09-08', 'office'),
      actual('a2', '2026-09-02', 'telework'),
      actual('a2', '2026-09-10', 'absent'),
      actual('b1', '2026-09-15', 'telework'),
    ]);
  });
}

describe.each(DATABASES)('monthly tally on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seed(t.db);
  });
  afterAll(async () => t.close());

  it('counts September 2026 as computed by hand, per person, division and organisation', async () => {
    const tally = await monthlyTally(t.db.manager, HR, '2026-09');
    expect(tally.workingDays).toBe(18);
    expect(tally.weeks).toEqual(['2026-W36', '2026-W37', '2026-W38', '2026-W39', '2026-W40']);
    expect(tally.period).toEqual(['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09']);
    const row = (id: string) => tally.people.find((p) => p.staffId === id)!;
    expect(row('a1').counts).toEqual({ granted: 10, worked: 9, ordered: 9, office: 9, absent: 0 });
    expect(row('a2').counts).toEqual({ granted: 6, worked: 6, ordered: 5, office: 10, absent: 2 });
    expect(row('b1').counts).toEqual({ granted: 13, worked: 13, ordered: 13, office: 0, absent: 0 });
    expect(row('a1').orderedByMonth).toEqual([11, 11, 10, 9, 11, 9]);
    expect(row('a2').orderedByMonth).toEqual([11, 11, 11, 11, 11, 5]);
    expect(row('b1').orderedByMonth).toEqual([0, 0, 0, 0, 1, 13]);

    expect(row('a1').allowance).toEqual({ average: 61 / 6, qualifies: true, amountYen: 3000 });
    expect(row('a2').allowance).toEqual({ average: 10, qualifies: false, amountYen: 0 });
    expect(row('b1').allowance).toEqual({ average: 14 / 6, qualifies: false, amountYen: 0 });

    const [a, b] = tally.divisions;
    expect(a).toMatchObject({
      id: 'A',
      people: 2,
      counts: { granted: 16, worked: 15, ordered: 14, office: 19, absent: 2 },
      qualifying: 1,
      costYen: 3000,
      unpublished: [],
    });
    expect(b).toMatchObject({
      id: 'B',
      people: 1,
      counts: { granted: 13, worked: 13, ordered: 13, office: 0, absent: 0 },
      qualifying: 0,
      costYen: 0,
    });
    expect(b.unpublished.map((w) => w.week)).toEqual(['2026-W38']);
    expect(tally.total).toEqual({
      people: 3,
      counts: { granted: 29, worked: 28, ordered: 27, office: 19, absent: 2 },
      qualifying: 1,
      costYen: 3000,
    });
  });

  it('writes one CSV row per person with fixed headers, the formula-like name kept as text', async () => {
    const rows = tallyRows(await monthlyTally(t.db.manager, HR, '2026-09'));
    expect(rows[0]).toEqual([...TALLY_CSV_HEADER]);
    expect(rows.slice(1)).toEqual([
      ['2026-09', 'a1', '青木 一郎', 'A', '企画課', 10, 9, 9, 0, 9, '10.16', '対象', 3000],
      ['2026-09', 'a2', '=秋山 二郎', 'A', '企画課', 6, 6, 10, 2, 5, '10.00', '', 0],
      ['2026-09', 'b1', '馬場 三子', 'B', '税務課', 13, 13, 0, 0, 13, '2.33', '', 0],
    ]);
  });

  it('follows the rule HR sets: a 1-month period of more than 8 days qualifies a1 and b1 in September', async () => {
    await t.db.write((m) => m.update('allowance_rule', { id: 1 }, { thresholdDays: 8, periodMonths: 1, amountYen: 5000 }));
    try {
      const tally = await monthlyTally(t.db.manager, HR, '2026-09');
      expect(tally.people.filter((p) => p.allowance.qualifies).map((p) => p.staffId)).toEqual(['a1', 'b1']);
      expect(tally.total).toMatchObject({ qualifying: 2, costYen: 10000 });
    } finally {
      await t.db.write((m) => m.update('allowance_rule', { id: 1 }, { thresholdDays: 10, periodMonths: 6, amountYen: 3000 }));
    }
  });

  it('is HR’s only', async () => {
    await expect(monthlyTally(t.db.manager, CHIEF, '2026-09')).rejects.toMatchObject({ status: 403 });
  });
});
