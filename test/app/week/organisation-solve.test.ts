/**
 * One allocation for the whole organisation: whoever generates first, in
 * whatever order chiefs generate and publish, and HR's generate-all all end
 * with the same organisation-wide objective and granted total, and the
 * rosters together keep every rule (licences are never over-committed).
 */
import fc from 'fast-check';
import { Actor } from '../../../src/app/accounts/actor';
import { Clock } from '../../../src/app/calendar';
import { todayOf } from '../../../src/app/calendar';
import { asRoster, draftOf, solveOrganisation } from '../../../src/app/week/organisation-solve';
import { buildProblem, loadWeek } from '../../../src/app/week/problem';
import { generateAll, generateDivision, publish, setCell } from '../../../src/app/week/rosters';
import { writeProblem } from '../../../src/domain/serialize';
import { checkRoster } from '../../../src/engine/check';
import { RosterEntity } from '../../../src/persistence/entities';
import { demoActors, organisationTotals as totalsOf } from '../../support/organisation';
import { DATABASES, NEXT_WEEK, startTestApp, TestApp } from '../../support/web';

const WEEK = NEXT_WEEK;

describe.each(DATABASES)('organisation-wide allocation on %s', (kind) => {
  let t: TestApp;
  let divisions: string[];
  let hr: Actor;
  let chiefs: Map<string, Actor>;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp(kind);
    clock = t.time.clock;
    ({ divisions, hr, chiefs } = await demoActors(t.db));
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

  it('stores with each saved draft the view its grid reads, and solves what a fresh read of the held divisions gives', async () => {
    const m = t.db.manager;
    const revisions = async () => new Map((await m.find(RosterEntity, { where: { week: WEEK } })).map((r) => [r.id, r.revision]));
    /** Every draft saved by `change`: its stored view is what `loadWeek` reads for the division now, the others held as their drafts stand. */
    async function savedViews(change: () => Promise<unknown>): Promise<number> {
      const before = await revisions();
      await change();
      let saved = 0;
      for (const row of await m.find(RosterEntity, { where: { week: WEEK } })) {
        if (before.get(row.id) === row.revision) continue;
        saved++;
        const fresh = buildProblem(await loadWeek(m, WEEK, [row.divisionId]));
        expect({ division: row.divisionId, view: row.problemJson }).toEqual({ division: row.divisionId, view: writeProblem(fresh) });
        // Its objective is the division's share (a draft may break a rule against others' drafts: the grid marks it stale).
        expect(row.objective).toBe(checkRoster(fresh, asRoster(fresh.name, await draftOf(m, row.id))).objective);
      }
      return saved;
    }
    await reset();
    expect(await savedViews(() => generateAll(t.db, hr, WEEK, clock))).toBe(divisions.length);
    const [first, second, third, fourth] = divisions;
    for (const d of [first, second, third]) await publishOne(d);
    // A published division's chief pins (its draft now differs from what it published), then an unpublished one does.
    for (const d of [second, fourth]) {
      const row = await m.findOneByOrFail(RosterEntity, { divisionId: d, week: WEEK });
      const cells = await draftOf(m, row.id);
      const cell = cells.find((a) => a.mode === 'telework') ?? cells.find((a) => a.mode === 'office')!;
      const action = cell.mode === 'telework' ? 'office' : 'absent';
      expect(
        await savedViews(() => setCell(t.db, chiefs.get(d)!, d, WEEK, cell.staff, cell.day, action, row.revision, clock)),
      ).toBeGreaterThan(0);
    }
    expect(await savedViews(() => generate(divisions[divisions.length - 1]))).toBeGreaterThan(0);
    // A solve for a published division: the published ones outside its scope held as published.
    const solved = await solveOrganisation(m, WEEK, todayOf(clock), second);
    expect(solved.scope.has(first)).toBe(false);
    expect(solved.data.heldLicences.size).toBeGreaterThan(0);
    const read = await loadWeek(m, WEEK, [...solved.scope], { held: 'published' });
    expect(writeProblem(buildProblem(solved.data))).toBe(writeProblem(buildProblem(read)));
  });
});
