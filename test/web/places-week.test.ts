/**
 * Places in the week (サテライトオフィス, 支所): a request names a place; the roster says where each
 * person works; a place's desks are shared by the whole organisation, whoever generates first; a
 * place on the internal network takes no licence or terminal; and a trial's turn can be taken at
 * a place on a day the person marked as possible (可能日). Every roster passes the checker.
 */
import { checkRoster } from '../../src/engine/check';
import { turnsShortOf } from '../../src/engine/horizon';
import { parseProblemOrThrow } from '../../src/domain/validate';
import { Problem } from '../../src/domain/rotation';
import { assignmentsOf } from '../../src/app/week/rosters';
import { asRoster } from '../../src/app/week/organisation-solve';
import { weekGrid } from '../../src/app/week/grid';
import { weekRoster } from '../../src/app/api/reads';
import { placeKey } from '../../src/app/organisation/place-names';
import { Actor } from '../../src/app/accounts/actor';
import {
  AbsenceEntity,
  AssignmentEntity,
  DivisionEntity,
  PeriodEntity,
  PlaceEntity,
  PossibleDayEntity,
  RosterEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import { Not } from 'typeorm';
import { csrfToken, DATABASES, login, NEXT_WEEK, revisionIn, startTestApp, TestApp } from '../support/web';

const WEEK = NEXT_WEEK;
const PAGE = `/divisions/jumin/weeks/${WEEK}`;
const TUESDAY = '2026-11-24';
const WEDNESDAY = '2026-11-25';
const THURSDAY = '2026-11-26';
const CHIEF: Actor = { accountId: 0, loginId: 'jumin-kacho', role: 'chief', staffId: '', name: '課長', divisionId: 'jumin' };

describe.each(DATABASES)('places in the week on %s', (kind) => {
  let t: TestApp;
  let kita: PlaceEntity;
  let cowork: PlaceEntity;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const base = { updatedBy: 'jinji', updatedAt: '2026-11-18T01:00:00.000Z' };
    [kita, cowork] = await t.db.write((m) =>
      m.save([
        m.create(PlaceEntity, { name: '西支所', desks: 1, licence: false, ...base }),
        m.create(PlaceEntity, { name: 'コワーキング駅前', desks: 10, licence: true, ...base }),
      ]),
    );
  });
  afterAll(async () => t.close());

  /** Replaces a person's requests of the week by one, first choice, at `place` (null: home). */
  async function ask(staffId: string, day: string, place: PlaceEntity | null): Promise<void> {
    await t.db.write(async (m) => {
      await m.delete(TeleworkRequestEntity, { staffId });
      await m.delete(AbsenceEntity, { staffId, day });
      await m.insert(TeleworkRequestEntity, {
        staffId,
        day,
        rank: 1,
        reason: 'other',
        status: 'active',
        placeId: place?.id ?? null,
        createdAt: '2026-11-18T01:00:00.000Z',
      });
    });
  }

  async function generate(who = 'jumin-kacho', page = PAGE): Promise<void> {
    const chief = await login(t.app, who);
    const res = await chief
      .post(`${page}/generate`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, page), revision: revisionIn((await chief.get(page)).text) });
    expect(res.status).toBe(302);
  }

  /** Every cell of the week's drafts, of every division. */
  async function allCells(): Promise<AssignmentEntity[]> {
    const rosters = await t.db.manager.findBy(RosterEntity, { week: WEEK });
    return (await Promise.all(rosters.map((r) => t.db.manager.findBy(AssignmentEntity, { rosterId: r.id })))).flat();
  }

  /** The jumin draft checked against the problem it was made for. */
  async function checkedJumin(): Promise<Problem> {
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: WEEK });
    const problem = parseProblemOrThrow(row.problemJson);
    const assignments = await assignmentsOf(t.db.manager, row.id);
    const roster = { ...asRoster(problem.name, assignments, row.objective), turnsShort: turnsShortOf(problem, assignments) };
    const report = checkRoster(problem, roster);
    expect(report.violations).toEqual([]);
    return problem;
  }

  it("shares a place's desks across divisions: two divisions ask for the one desk, one gets it, and the grid shows the desk used", async () => {
    const { id: other, divisionId: division } = (
      await t.db.manager.find(StaffEntity, {
        where: { jobType: '一般事務', active: true, divisionId: Not('jumin') },
        order: { id: 'ASC' },
        take: 1,
      })
    )[0];
    await ask('t0081', TUESDAY, kita);
    await ask(other, TUESDAY, kita);
    // Each chief generates; the organisation is solved as one, so the order does not matter.
    await generate();
    await generate(`${division}-kacho`, `/divisions/${division}/weeks/${WEEK}`);
    const atKita = (await allCells()).filter((c) => c.day === TUESDAY && c.placeId === kita.id);
    expect(atKita).toHaveLength(1);
    expect(atKita[0].mode).toBe('telework');
    expect(['t0081', other]).toContain(atKita[0].staffId);
    // The other is in the office: a day asked for at a place is never moved home.
    const denied = ['t0081', other].find((id) => id !== atKita[0].staffId)!;
    expect((await allCells()).find((c) => c.staffId === denied && c.day === TUESDAY)).toMatchObject({ mode: 'office', placeId: null });
    const deniedPage = denied === 't0081' ? PAGE : `/divisions/${division}/weeks/${WEEK}`;
    const chiefOf = denied === 't0081' ? 'jumin-kacho' : `${division}-kacho`;
    const why = await (await login(t.app, chiefOf)).get(`${deniedPage}/cells/${denied}/${TUESDAY}`);
    expect(why.text).toContain('西支所の席はこの日すべて使用されています。');
    const problem = await checkedJumin();
    const place = problem.places?.find((p) => p.id === placeKey(kita.id));
    expect(place).toMatchObject({ name: '西支所' });
    expect(place?.licence).toBeUndefined();
    const grid = await weekGrid(t.db.manager, CHIEF, 'jumin', WEEK);
    const line = grid.places.find((p) => p.name === '西支所')!;
    expect(line.perDay[grid.days.findIndex((d) => d.day === TUESDAY)]).toEqual({ used: 1, limit: 1 });
    const page = await (await login(t.app, 'jumin-kacho')).get(PAGE);
    expect(page.text).toContain('全庁の席の使用／席数');
    if (atKita[0].staffId === 't0081') expect(page.text).toMatch(/<span class="mode">西支所/);
  });

  it('takes no licence or terminal for a day at a place on the internal network, and one at a place that needs it', async () => {
    await t.db.write(async (m) => {
      await m.update(DivisionEntity, { id: 'jumin' }, { terminals: 1 });
      await m.update(PlaceEntity, { id: kita.id }, { desks: 5 });
    });
    for (const id of ['t0082', 't0084', 't0086']) await ask(id, WEDNESDAY, kita);
    await ask('t0088', WEDNESDAY, null);
    await ask('t0091', WEDNESDAY, cowork);
    await generate();
    const wednesday = (await allCells()).filter((c) => c.day === WEDNESDAY);
    const jumin = new Set((await t.db.manager.findBy(StaffEntity, { divisionId: 'jumin' })).map((r) => r.id));
    const mine = wednesday.filter((c) => jumin.has(c.staffId) && c.mode === 'telework');
    // Three at 西支所 although the division has one terminal: the office needs none.
    expect(mine.filter((c) => c.placeId === kita.id).map((c) => c.staffId)).toEqual(expect.arrayContaining(['t0082', 't0084', 't0086']));
    // Home and the co-working space share the one terminal.
    const licensed = mine.filter((c) => c.placeId !== kita.id);
    expect(licensed).toHaveLength(1);
    await checkedJumin();
    const grid = await weekGrid(t.db.manager, CHIEF, 'jumin', WEEK);
    const i = grid.days.findIndex((d) => d.day === WEDNESDAY);
    expect(grid.terminals[i]).toEqual({ used: 1, limit: 1 });
    // The licences row counts the organisation's days at home and at places that need one.
    const everyone = wednesday.filter((c) => c.mode === 'telework' && c.placeId !== kita.id).length;
    expect(grid.licences[i].used).toBe(everyone);
    const cell = grid.rows.find((r) => r.id === 't0082')!.cells[i];
    expect(cell).toMatchObject({ mode: 'telework', place: '西支所', takesLicence: false, requestPlace: '西支所' });
  });

  it("plans a trial's turn at a place on a day the person marked as possible, and the published roster names the place", async () => {
    await t.db.write(async (m) => {
      await m.delete(TeleworkRequestEntity, { staffId: 't0093' });
      await m.delete(TeleworkRequestEntity, { staffId: 't0089' });
      await m.insert(PossibleDayEntity, { staffId: 't0093', day: THURSDAY, placeId: kita.id, createdAt: '2026-11-18T01:00:00.000Z' });
      await m.insert(PeriodEntity, {
        name: '試行期間',
        fromDay: '2026-11-23',
        toDay: '2026-11-27',
        divisionIds: 'jumin',
        minDays: 1,
        maxDays: null,
        turnDays: 'possible',
        revision: 1,
        updatedBy: 'jinji',
        updatedAt: '2026-11-18T01:00:00.000Z',
      });
    });
    await generate();
    const problem = await checkedJumin();
    expect(problem.staff.find((s) => s.id === 't0093')?.possible).toEqual([{ day: THURSDAY, place: placeKey(kita.id) }]);
    expect(problem.periods?.[0]).toMatchObject({ minDays: 1, turnDays: 'possible' });
    const cells = await allCells();
    expect(cells.find((c) => c.staffId === 't0093' && c.day === THURSDAY)).toMatchObject({ mode: 'telework', placeId: kita.id });
    const grid = await weekGrid(t.db.manager, CHIEF, 'jumin', WEEK);
    const day = grid.days.findIndex((d) => d.day === THURSDAY);
    expect(grid.rows.find((r) => r.id === 't0093')!.cells[day]).toMatchObject({ mode: 'telework', place: '西支所', possible: '西支所' });
    expect(grid.rows.find((r) => r.id === 't0089')!.cells[day].possible).toBeNull();
    // Without a request or a possible day, no turn is given.
    expect(cells.filter((c) => c.staffId === 't0089' && c.mode === 'telework')).toEqual([]);
    const chief = await login(t.app, 'jumin-kacho');
    const page = await chief.get(PAGE);
    expect(page.text).toContain('大塚 誠（0日）');
    const res = await chief
      .post(`${PAGE}/publish`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(page.text) });
    expect(res.status).toBe(302);
    const api = await weekRoster(t.db.manager, WEEK, 'jumin');
    const thursday = api.divisions[0].days.find((d) => d.date === THURSDAY)!;
    expect(thursday.telework).toContainEqual({ employeeNumber: 't0093', name: '小島 智子', place: '西支所' });
    for (const p of thursday.telework) if (p.employeeNumber !== 't0093') expect([null, '西支所', 'コワーキング駅前']).toContain(p.place);
  });
});
