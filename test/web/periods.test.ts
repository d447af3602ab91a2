/**
 * HR's periods (期間): a trial in which everyone of 住民課 takes a turn, set on a form that
 * refuses bad input without saving, audited, revision-checked; the chief's next roster plans
 * the goal (every eligible person teleworks, or is named with the reason), the checker accepts
 * it, and the cap of a month holds.
 */
import { checkRoster } from '../../src/engine/check';
import { parseProblemOrThrow } from '../../src/domain/validate';
import { assignmentsOf } from '../../src/app/week/rosters';
import { asRoster } from '../../src/app/week/organisation-solve';
import { AuditEntity, PeriodEntity, RosterEntity } from '../../src/persistence/entities';
import { csrfToken, DATABASES, login, NEXT_WEEK, revisionIn, startTestApp, TestApp } from '../support/web';

const WEEK = NEXT_WEEK;
const PAGE = `/divisions/jumin/weeks/${WEEK}`;

describe.each(DATABASES)('periods on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  const form = (fields: Record<string, string | string[]>) => ({
    name: '試行期間',
    from: '2026-11-23',
    to: '2026-12-04',
    divisions: ['jumin'],
    minDays: '1',
    maxDays: '',
    turnDays: 'any',
    ...fields,
  });

  it('is HR only', async () => {
    for (const who of ['jumin-kacho', 't0083']) {
      const agent = await login(t.app, who);
      expect((await agent.get('/hr/periods')).status).toBe(403);
    }
  });

  it('refuses bad fields with one Japanese line each, and saves nothing', async () => {
    const hr = await login(t.app, 'jinji');
    const res = await hr
      .post('/hr/periods/new')
      .type('form')
      .send({
        _csrf: await csrfToken(hr, '/hr/periods'),
        ...form({ from: '2026-12-10', to: '2026-12-01', minDays: '40', divisions: ['nowhere'] }),
      });
    expect(res.status).toBe(422);
    expect(res.text).toContain('「終了日」2026-12-01 が「開始日」2026-12-10 より前です。');
    expect(res.text).toContain('「最低日数（目標）」は0〜31の整数で入力してください');
    expect(res.text).toContain('「対象の課」に登録されていない課があります。');
    const none = await hr
      .post('/hr/periods/new')
      .type('form')
      .send({ _csrf: await csrfToken(hr, '/hr/periods'), ...form({ minDays: '', maxDays: '' }) });
    expect(none.status).toBe(422);
    expect(none.text).toContain('「最低日数（目標）」か「上限日数」の少なくとも一方を入れてください。');
    expect(await t.db.manager.count(PeriodEntity)).toBe(0);
  });

  it('adds a trial, audited; a crossing goal period is refused; a stale edit is a conflict', async () => {
    const hr = await login(t.app, 'jinji');
    const res = await hr
      .post('/hr/periods/new')
      .type('form')
      .send({ _csrf: await csrfToken(hr, '/hr/periods'), ...form({}) });
    expect(res.status).toBe(302);
    const saved = await t.db.manager.findOneByOrFail(PeriodEntity, { name: '試行期間' });
    expect(saved).toMatchObject({
      fromDay: '2026-11-23',
      toDay: '2026-12-04',
      divisionIds: 'jumin',
      minDays: 1,
      maxDays: null,
      turnDays: 'any',
    });
    expect(await t.db.manager.countBy(AuditEntity, { action: 'period-create', entityId: String(saved.id) })).toBe(1);
    const crossing = await hr
      .post('/hr/periods/new')
      .type('form')
      .send({
        _csrf: await csrfToken(hr, '/hr/periods'),
        ...form({ name: '別の試行', from: '2026-11-30', to: '2026-12-11', divisions: [] }),
      });
    expect(crossing.status).toBe(422);
    expect(crossing.text).toContain('期間「試行期間」（2026-11-23〜2026-12-04）と日付が重なっています。');
    const page = await hr.get('/hr/periods');
    expect(page.text).toContain('住民課：全員1日以上');
    const stale = await hr
      .post(`/hr/periods/${saved.id}`)
      .type('form')
      .send({ _csrf: await csrfToken(hr, '/hr/periods'), ...form({ name: '試行期間（改）' }), revision: String(saved.revision + 1) });
    expect(stale.status).toBe(409);
    expect((await t.db.manager.findOneByOrFail(PeriodEntity, { id: saved.id })).name).toBe('試行期間');
  });

  it("plans the trial in the chief's roster: everyone eligible teleworks, or is named with the reason; the checker accepts it", async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const res = await chief
      .post(`${PAGE}/generate`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn((await chief.get(PAGE)).text) });
    expect(res.status).toBe(302);
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: WEEK });
    const problem = parseProblemOrThrow(row.problemJson);
    expect(problem.periods).toEqual([
      expect.objectContaining({
        name: '試行期間',
        from: '2026-11-23',
        to: '2026-12-04',
        divisions: ['jumin'],
        minDays: 1,
        turnDays: 'any',
      }),
    ]);
    const assignments = await assignmentsOf(t.db.manager, row.id);
    const roster = asRoster(problem.name, assignments, row.objective);
    const report = checkRoster(problem, { ...roster, turnsShort: turnsShort(problem, assignments) });
    expect(report.violations).toEqual([]);
    const eligible = problem.staff.filter((s) => s.canTelework);
    const teleworked = new Set(assignments.filter((a) => a.mode === 'telework').map((a) => a.staff));
    const without = eligible.filter((s) => !teleworked.has(s.id));
    const page = await chief.get(PAGE);
    expect(page.text).toContain('試行期間');
    if (without.length === 0) expect(page.text).toContain(`対象の${eligible.length}名全員が、この勤務表までで目標の日数に届いています。`);
    else {
      expect(page.text).toContain(`<strong>${without.length}名</strong>がこの勤務表までで目標の日数に届いていません`);
      for (const s of without) expect(page.text).toContain(`${s.name}（0日）：`);
    }
    // Most of 住民課 takes a turn in a week whose counters allow it.
    expect(teleworked.size).toBeGreaterThan(eligible.length / 2);
    // Turn days nobody asked for are part of the optimum as it is published (a pinned day weighs nothing, a turn day less).
    const requested = new Set(problem.staff.flatMap((s) => s.requests.map((r) => `${s.id}|${r.day}`)));
    expect(assignments.some((a) => a.mode === 'telework' && !requested.has(`${a.staff}|${a.day}`))).toBe(true);
    const published = await chief
      .post(`${PAGE}/publish`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(page.text) });
    expect(published.status).toBe(302);
    expect((await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: WEEK })).publishedVersion).toBe(1);
  });
});

describe.each(DATABASES)("a chief's own periods on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  const fields = { name: '課の試行', from: '2026-11-23', to: '2026-11-27', minDays: '1', maxDays: '2', turnDays: 'any' };

  it('lets the chief set a period for their division alone, audited, and shows it on the grid', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const page = await chief.get('/divisions/jumin/periods');
    expect(page.status).toBe(200);
    expect((await chief.get(PAGE)).text).toContain('href="/divisions/jumin/periods"');
    // A division field in the body is ignored: the period is the URL's division's.
    const res = await chief
      .post('/divisions/jumin/periods/new')
      .type('form')
      .send({ _csrf: await csrfToken(chief, '/divisions/jumin/periods'), ...fields, divisions: ['zeimu'] });
    expect(res.status).toBe(302);
    const saved = await t.db.manager.findOneByOrFail(PeriodEntity, { name: '課の試行' });
    expect(saved).toMatchObject({ divisionIds: 'jumin', minDays: 1, maxDays: 2, turnDays: 'any' });
    const audit = await t.db.manager.findOneByOrFail(AuditEntity, { action: 'period-create', entityId: String(saved.id) });
    expect(audit.actor).toBe('jumin-kacho');
    expect((await chief.get('/divisions/jumin/periods')).text).toContain('課の試行');
    const generated = await chief
      .post(`${PAGE}/generate`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn((await chief.get(PAGE)).text) });
    expect(generated.status).toBe(302);
    expect((await chief.get(PAGE)).text).toContain('課の試行');
  });

  it("refuses another division's chief, staff, and a chief changing HR's period or another division's", async () => {
    const other = await login(t.app, 'zeimu-kacho');
    expect((await other.get('/divisions/jumin/periods')).status).toBe(403);
    const bad = await other
      .post('/divisions/jumin/periods/new')
      .type('form')
      .send({ _csrf: await csrfToken(other, '/divisions/zeimu/periods'), ...fields, name: '他課の期間' });
    expect(bad.status).toBe(403);
    const staff = await login(t.app, 't0083');
    expect((await staff.get('/divisions/jumin/periods')).status).toBe(403);
    const hr = await login(t.app, 'jinji');
    await hr
      .post('/hr/periods/new')
      .type('form')
      .send({ _csrf: await csrfToken(hr, '/hr/periods'), ...fields, name: '全庁の上限', minDays: '', maxDays: '8', divisions: [] });
    const orgWide = await t.db.manager.findOneByOrFail(PeriodEntity, { name: '全庁の上限' });
    const chief = await login(t.app, 'jumin-kacho');
    const page = await chief.get('/divisions/jumin/periods');
    expect(page.text).toContain('人事課が決めた期間');
    expect(page.text).toContain('全庁の上限');
    const change = await chief
      .post(`/divisions/jumin/periods/${orgWide.id}`)
      .type('form')
      .send({
        _csrf: await csrfToken(chief, '/divisions/jumin/periods'),
        ...fields,
        name: '全庁の上限',
        revision: String(orgWide.revision),
      });
    expect(change.status).toBe(403);
    const remove = await chief
      .post(`/divisions/jumin/periods/${orgWide.id}/delete`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, '/divisions/jumin/periods'), revision: String(orgWide.revision) });
    expect(remove.status).toBe(403);
    expect(await t.db.manager.countBy(PeriodEntity, { id: orgWide.id })).toBe(1);
    expect(await t.db.manager.countBy(PeriodEntity, { name: '他課の期間' })).toBe(0);
  });
});

function turnsShort(problem: ReturnType<typeof parseProblemOrThrow>, assignments: readonly { staff: string; day: string; mode: string }[]) {
  const out = [];
  for (const p of problem.periods ?? []) {
    if (!p.minDays) continue;
    for (const s of problem.staff) {
      if (!s.canTelework || (p.divisions && !p.divisions.includes(s.division))) continue;
      const days =
        (p.done?.[s.id] ?? 0) +
        assignments.filter((a) => a.staff === s.id && a.mode === 'telework' && a.day >= p.from && a.day <= p.to).length;
      if (days < p.minDays) out.push({ period: p.id, staff: s.id, days, minDays: p.minDays });
    }
  }
  return out;
}
