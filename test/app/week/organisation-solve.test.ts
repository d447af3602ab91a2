/**
 * One allocation for the whole organisation: whoever generates first, in
 * whatever order chiefs generate and publish, and HR's generate-all all end
 * with the same organisation-wide objective and granted total, and the
 * rosters together keep every rule (licences are never over-committed).
 */
import fc from 'fast-check';
import { actorOf } from '../../../src/app/accounts/accounts';
import { Actor } from '../../../src/app/accounts/actor';
import { Clock } from '../../../src/app/calendar';
import { draftOf } from '../../../src/app/week/organisation-solve';
import { generateAll, generateDivision, publish } from '../../../src/app/week/rosters';
import { AccountEntity, DivisionEntity, RosterEntity } from '../../../src/persistence/entities';
import { organisationTotals as totalsOf } from '../../support/organisation';
import { DATABASES, NEXT_WEEK, startTestApp, TestApp } from '../../support/web';

const WEEK = NEXT_WEEK;

describe.each(DATABASES)('organisation-wide allocation on %s', (kind) => {
  let t: TestApp;
  let divisions: string[];
  let hr: Actor;
  const chiefs = new Map<string, Actor>();
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp(kind);
    clock = t.time.clock;
    const m = t.db.manager;
    divisions = (await m.find(DivisionEntity, { order: { sortOrder: 'ASC' } })).map((d) => d.id);
    const actor = async (loginId: string) => (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId })).id))!;
    hr = await actor('jinji');
    for (const d of divisions) chiefs.set(d, await actor(`${d}-kacho`));
  });
  afterAll(async () => t.close());

  async function reset(): Promise<void> {
    await t.db.write((m) => m.delete(RosterEntity, { week: WEEK }));
  }

  async function generate(division: string): Promise<void> {
    const row = await t.db.manager.findOneBy(RosterEntity, { divisionId: division, week: WEEK });
    await generateDivision(t.db, chiefs.get(division)!, division, WEEK, row?.revision ?? null, clock);
  }

  async function publishOne(division: string): Promise<void> {
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: division, week: WEEK });
    await publish(t.db, chiefs.get(division)!, division, WEEK, row.revision, clock);
  }

  const organisationTotals = () => totalsOf(t.db, WEEK, divisions);

  it('gives the same organisation-wide result in any order, published or not, as HR generating all', async () => {
    await reset();
    await generateAll(t.db, hr, WEEK, clock);
    const all = await organisationTotals();
    expect(all.granted).toBeGreaterThan(150);

    const orders: [string, string[], boolean][] = [
      ['list order', divisions, false],
      ['reverse order', [...divisions].reverse(), false],
      ['list order, each published at once', divisions, true],
      ['reverse order, each published at once', [...divisions].reverse(), true],
    ];
    for (const seed of [1, 2]) {
      const shuffled = fc.sample(fc.shuffledSubarray(divisions, { minLength: divisions.length }), { numRuns: 1, seed })[0];
      orders.push([`random order ${seed}, each published at once`, shuffled, true]);
    }
    for (const [name, order, publishing] of orders) {
      await reset();
      for (const d of order) {
        await generate(d);
        if (publishing) await publishOne(d);
      }
      const totals = await organisationTotals();
      expect({ name, objective: totals.objective, granted: totals.granted }).toEqual({
        name,
        objective: all.objective,
        granted: all.granted,
      });
    }
  });

  it('keeps published divisions as published when HR generates all, and a late division cannot take their licences', async () => {
    await reset();
    const [first, second, ...rest] = divisions;
    await generate(first);
    await publishOne(first);
    const published = await draftOf(t.db.manager, (await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: first, week: WEEK })).id);
    const result = await generateAll(t.db, hr, WEEK, clock);
    expect(result).toMatchObject({ divisions: divisions.length - 1, published: 1 });
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: first, week: WEEK });
    expect(row.status).toBe('published');
    expect(await draftOf(t.db.manager, row.id)).toEqual(published);
    await generate(second);
    for (const d of rest) await publishOne(d);
    await publishOne(second);
    const totals = await organisationTotals();
    await reset();
    await generateAll(t.db, hr, WEEK, clock);
    expect((await organisationTotals()).objective).toBe(totals.objective);
  });
});
