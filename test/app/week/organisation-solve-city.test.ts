/**
 * One allocation for the whole organisation, at the size of a city: the
 * generated city of 2,896 staff in 100 divisions (`cityProblem`, 300
 * licences a day) seeded into the database. Chiefs generating one after
 * another in list order, in reverse order and in a random order all end
 * with the organisation-wide objective and granted total of HR's
 * generate-all, and every roster keeps every rule (the drafts together
 * against the whole week, and each against the view stored with it).
 */
import fc from 'fast-check';
import { Actor } from '../../../src/app/accounts/actor';
import { seedCity } from '../../../src/app/demo/seed-organisation';
import { generateAll, generateDivision } from '../../../src/app/week/rosters';
import { PolicyEntity, RosterEntity, StaffEntity, TeleworkRequestEntity } from '../../../src/persistence/entities';
import { actorByLogin, expectEveryDraftValid, organisationTotals, OrganisationTotals } from '../../support/organisation';
import { DATABASES, NEXT_WEEK, NOW, openTestDatabase, PASSWORD, testClock, TestDatabase } from '../../support/web';

const WEEK = NEXT_WEEK;

describe.each(DATABASES)('organisation-wide allocation on the 2,900-staff city on %s', (kind) => {
  let t: TestDatabase;
  let divisions: string[];
  let hr: Actor;
  const chiefs = new Map<string, Actor>();
  const clock = testClock().clock;
  let all: OrganisationTotals;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const city = await seedCity(t.db, NOW, [WEEK], PASSWORD);
    divisions = [...city.divisions];
    hr = await actorByLogin(t.db, city.hr);
    for (const d of divisions) chiefs.set(d, await actorByLogin(t.db, city.chiefs.get(d)!));
    await generateAll(t.db, hr, WEEK, clock);
    all = await organisationTotals(t.db, WEEK, divisions);
  });
  afterAll(async () => t.close());

  async function reset(): Promise<void> {
    await t.db.write((m) => m.delete(RosterEntity, { week: WEEK }));
  }

  async function generate(division: string): Promise<void> {
    const row = await t.db.manager.findOneBy(RosterEntity, { divisionId: division, week: WEEK });
    await generateDivision(t.db, chiefs.get(division)!, division, WEEK, row?.revision ?? null, clock);
  }

  it('seeds the city and HR generates every division in one valid allocation', async () => {
    const m = t.db.manager;
    expect(divisions).toHaveLength(100);
    expect(await m.countBy(StaffEntity, { active: true })).toBe(2896);
    expect(await m.count(TeleworkRequestEntity)).toBeGreaterThan(2000);
    expect((await m.findOneByOrFail(PolicyEntity, { id: 1 })).licencesPerDay).toBe(300);
    // The week (2026-W48, four open days) has more requests than licences: they are all used.
    expect(all.granted).toBeGreaterThan(1000);
    await expectEveryDraftValid(t.db, WEEK);
  });

  const orders: [string, () => string[]][] = [
    ['list order', () => divisions],
    ['reverse order', () => [...divisions].reverse()],
    ['a random order', () => fc.sample(fc.shuffledSubarray(divisions, { minLength: divisions.length }), { numRuns: 1, seed: 1 })[0]],
  ];

  it.each(orders)("chiefs generating in %s end with HR's organisation-wide result", async (_name, order) => {
    await reset();
    for (const d of order()) await generate(d);
    const totals = await organisationTotals(t.db, WEEK, divisions);
    expect({ objective: totals.objective, granted: totals.granted }).toEqual({ objective: all.objective, granted: all.granted });
    await expectEveryDraftValid(t.db, WEEK);
  });
});
