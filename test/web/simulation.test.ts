/**
 * HR's simulations and the BCP day through the web app, on every database:
 * who may reach them, the form (prefilled, rejected with Japanese messages
 * and nothing saved), a small run from the form to its results and
 * downloads, cancelling, deleting, runs whose process stopped, and
 * the BCP page when most or none of the staff can come in.
 *
 * Under ts-jest there is no compiled worker, so runs compute in this thread:
 * they are kept small.
 */
import { parseProblem } from '../../src/domain/validate';
import { parseStudy } from '../../src/domain/validate-study';
import { demoAccounts } from '../../src/app/demo/seed';
import { actorOf } from '../../src/app/accounts/accounts';
import { defaultSimulationInput, simulationFormData } from '../../src/app/simulation/study-form';
import {
  cancelRun,
  createRun,
  isStale,
  NO_REPLAY_MESSAGE,
  RESTART_MESSAGE,
  SimulationRunner,
  STALE_MS,
} from '../../src/app/simulation/runs';
import { In } from 'typeorm';
import { AccountEntity, AuditEntity, SimulationRunEntity, TeleworkRequestEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import { Agent, csrfToken, DATABASES, login, startTestApp, TestApp } from '../support/web';
import request from 'supertest';

const STAFF_LOGIN = demoAccounts().find((a) => a.role === '職員')!.loginId;
const FINAL = ['done', 'cancelled', 'failed'];

const ROUTES: readonly (readonly ['GET' | 'POST', string])[] = [
  ['GET', '/hr/simulations'],
  ['GET', '/hr/simulations/new'],
  ['POST', '/hr/simulations'],
  ['GET', '/hr/simulations/1'],
  ['GET', '/hr/simulations/1/progress'],
  ['POST', '/hr/simulations/1/cancel'],
  ['POST', '/hr/simulations/1/delete'],
  ['GET', '/hr/simulations/1/csv/summary'],
  ['GET', '/hr/simulations/1/result.json'],
  ['GET', '/hr/simulations/1/study.json'],
  ['GET', '/hr/simulations/1/organisation.json'],
  ['GET', '/hr/bcp'],
  ['GET', '/hr/bcp?day=2026-11-19&share=90&seed=1'],
];

/** A small form: two weeks from 2026-W49, insights on one week, two scenarios. */
function smallForm(changes: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    name: '小さな試算',
    start: '2026-W49',
    weeks: '2',
    seed: '1',
    source: 'survey',
    requesterShare: '60',
    weeklyAskRate: '80',
    absenceRate: '3',
    insights: 'on',
    insightWeeks: '1',
    season1_target: 'division:jumin',
    season1_from: '03-15',
    season1_to: '04-10',
    season1_op: 'factor',
    season1_amount: '2',
    s1_name: 'ライセンス−20%',
    s1_licences: '40',
    s2_name: '週3日・兼務',
    s2_maxDays: '3',
    s2_trainCounter: 'jumin-juminhyo',
    s2_trainAdd: '2',
    s2_noTelework: ['zeimu'],
    ...changes,
  };
}

describe.each(DATABASES)('simulations and BCP on %s', (kind) => {
  let t: TestApp;
  let hr: Agent;
  beforeAll(async () => {
    t = await startTestApp(kind);
    hr = await login(t.app, 'jinji');
  });
  afterAll(async () => {
    await (t.app.get('simulations') as SimulationRunner).idle();
    await t.close();
  });

  const m = () => t.db.manager;
  const runs = () => m().find(SimulationRunEntity, { order: { id: 'ASC' } });

  async function post(path: string, body: Record<string, string | string[]> = {}) {
    return hr
      .post(path)
      .type('form')
      .send({ _csrf: await csrfToken(hr, '/hr/simulations'), ...body });
  }

  async function create(body: Record<string, string | string[]>): Promise<number> {
    const res = await post('/hr/simulations', body);
    expect(res.status).toBe(302);
    const id = Number(/\/hr\/simulations\/(\d+)$/.exec(res.headers.location)?.[1]);
    expect(id).toBeGreaterThan(0);
    return id;
  }

  /** Polls the progress endpoint as the page does, until the run has ended. */
  async function waitUntilFinished(id: number, timeoutMs = 90_000): Promise<{ status: string; done: number; total: number }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await hr.get(`/hr/simulations/${id}/progress`).set('Accept', 'application/json');
      expect(res.status).toBe(200);
      const body = res.body as { status: string; done: number; total: number };
      if (FINAL.includes(body.status)) return body;
      if (Date.now() > until) throw new Error(`run ${id} still ${body.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  describe('access', () => {
    it('refuses staff and chiefs (403) and sends visitors to the login', async () => {
      for (const loginId of [STAFF_LOGIN, 'jumin-kacho']) {
        const agent = await login(t.app, loginId);
        const token = await csrfToken(agent, '/me');
        for (const [method, path] of ROUTES) {
          const res =
            method === 'GET'
              ? await agent.get(path)
              : await agent
                  .post(path)
                  .type('form')
                  .send({ _csrf: token, ...smallForm() });
          expect({ loginId, method, path, status: res.status }).toEqual({ loginId, method, path, status: 403 });
        }
      }
      for (const [method, path] of ROUTES.filter(([method]) => method === 'GET')) {
        const res = await request(t.app).get(path);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 302 });
        expect(res.headers.location).toMatch(/^\/login\?next=/);
      }
      expect(await runs()).toEqual([]);
    });

    it('refuses a form without the CSRF token and saves nothing', async () => {
      const res = await hr.post('/hr/simulations').type('form').send(smallForm());
      expect(res.status).toBe(403);
      for (const path of ['/hr/simulations/1/cancel', '/hr/simulations/1/delete'])
        expect((await hr.post(path).type('form').send({})).status).toBe(403);
      expect(await runs()).toEqual([]);
    });

    it('links the simulations and the BCP page from the HR navigation', async () => {
      const res = await hr.get('/hr/policy');
      expect(res.text).toContain('href="/hr/simulations"');
      expect(res.text).toContain('href="/hr/bcp"');
      expect(res.text).toContain('BCP（試算）');
      expect(res.text).toContain('href="/hr/bcp-day"');
      expect(res.text).toContain('BCP（当日対応）');
      const list = await hr.get('/hr/simulations');
      expect(list.status).toBe(200);
      expect(list.text).toContain('まだシミュレーションはありません');
      expect(list.text).toMatch(/<a class="button" href="\/hr\/bcp">BCP（出勤困難時）/);
    });
  });

  describe('the form', () => {
    it('is prefilled: next week, 13 weeks, the survey demand, the busy seasons, and an example scenario', async () => {
      const res = await hr.get('/hr/simulations/new');
      expect(res.status).toBe(200);
      const value = (name: string) => new RegExp(`name="${name}"[^>]* value="([^"]*)"`).exec(res.text)?.[1];
      expect(value('start')).toBe('2026-W48');
      expect(value('weeks')).toBe('13');
      expect(value('requesterShare')).toBe('60');
      expect(value('s1_name')).toBe('ライセンス−20%');
      expect(value('s1_licences')).toBe('40');
      expect(value('season1_from')).toBe('03-15');
      expect(value('season1_to')).toBe('04-10');
      expect(value('season2_from')).toBe('06-01');
      expect(res.text).toMatch(/name="season1_target"[\s\S]*?<option value="division:jumin" selected>/);
      expect(res.text).toMatch(/name="season2_target"[\s\S]*?<option value="division:zeimu" selected>/);
      // The baseline column shows the policy in force.
      expect(res.text).toContain('<td class="sim-current">50本</td>');
      expect(res.text).toContain('<td class="sim-current">2日</td>');
    });

    it('rejects bad fields with one Japanese line each (422), keeps what was typed, and saves nothing', async () => {
      const res = await post(
        '/hr/simulations',
        smallForm({
          weeks: '200',
          s1_licences: 'たくさん',
          s2_name: '',
          season1_to: '',
          requesterShare: '120',
          start: '2026-W60',
        }),
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('シミュレーションを開始できませんでした');
      expect(res.text).toContain('「週数」は1〜104の整数で入力してください（入力: 200）。');
      expect(res.text).toContain('「シナリオ1の1日のライセンス数」は0〜100000の整数で入力してください（入力: たくさん）。');
      expect(res.text).toContain('「シナリオ2の名前」を入力してください。');
      expect(res.text).toContain('「季節による増員の1行目の期間」は開始と終了の両方を入れてください');
      expect(res.text).toContain('「在宅勤務を希望する職員の割合（%）」は0〜100の数で入力してください（入力: 120）。');
      expect(res.text).toContain('「開始週」は 2027-W14 の形の週で入力してください（入力: 2026-W60）。');
      expect(res.text).toContain('value="たくさん"');
      expect(res.text).toContain('value="200"');
      expect(await runs()).toEqual([]);
    });

    it('refuses a counter or division that does not exist, and the baseline name for a scenario', async () => {
      const res = await post(
        '/hr/simulations',
        smallForm({ s1_trainCounter: 'no-such-counter', s1_trainAdd: '1', s2_name: '現行', s2_noTelework: ['nowhere'] }),
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('「シナリオ1の兼務を増やす窓口」を選んでください。');
      expect(res.text).toContain('「シナリオ2の在宅勤務をしない課」に登録されていない課があります。');
      expect(await runs()).toEqual([]);
    });
  });

  describe('a trial scenario', () => {
    it('refuses a bad trial with one Japanese line each and saves nothing', async () => {
      const res = await post(
        '/hr/simulations',
        smallForm({ s3_name: '試行', s3_trialWeeks: '20', s3_trialAccept: '150', s4_name: '試行2', s4_trialMinDays: '2' }),
      );
      expect(res.status).toBe(422);
      expect(res.text).toContain('「シナリオ3の試行期間の週数」は1〜13の整数で入力してください（入力: 20）。');
      expect(res.text).toContain('「シナリオ3の順番を受ける職員の割合（%）」は0〜100の数で入力してください（入力: 150）。');
      expect(res.text).toContain('「シナリオ4の試行期間の週数」を入れてください（空欄なら試行期間なし）。');
      expect(res.text).toContain('value="20"');
      expect(await runs()).toEqual([]);
    });

    it('runs: every eligible person takes a turn in each period, measured against the 50% target', async () => {
      const id = await create(smallForm({ insights: '', s3_name: '全員が順番に', s3_trialWeeks: '2', s3_trialTurnDays: 'any' }));
      const page = await hr.get(`/hr/simulations/${id}`);
      expect(page.text).toContain('試行期間 2週ごとに全員1日以上（希望しない職員はどの日でも順番に）');
      expect(await waitUntilFinished(id)).toMatchObject({ status: 'done' });
      const row = await m().findOneByOrFail(SimulationRunEntity, { id });
      const result = JSON.parse(row.resultJson!) as {
        scenarios: {
          name: string;
          summary: { shareTeleworked: number; meetsTarget: boolean; trialPeriods?: number; trialReachedShare?: number };
        }[];
      };
      const [current, , , trial] = result.scenarios;
      expect(trial.name).toBe('全員が順番に');
      expect(current.summary.trialPeriods).toBeUndefined();
      expect(trial.summary.trialPeriods).toBe(1);
      expect(trial.summary.trialReachedShare).toBeGreaterThan(0.9);
      expect(trial.summary.shareTeleworked).toBeGreaterThan(current.summary.shareTeleworked);
      expect(trial.summary.meetsTarget).toBe(true);
      const done = await hr.get(`/hr/simulations/${id}`);
      expect(done.text).toContain('試行期間の目標を達成した割合（%）');
    });
  });

  describe('a run', () => {
    let id: number;

    it('runs from the form to its results, with progress on the way', async () => {
      id = await create(smallForm());
      const page = await hr.get(`/hr/simulations/${id}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('小さな試算');
      // The changes are named from the organisation, before any result is there.
      expect(page.text).toContain('季節: 住民課の全窓口の最低人数 ×2（3月15日〜4月10日）');
      expect(page.text).toContain('住民票窓口の兼務 +2名');
      const final = await waitUntilFinished(id);
      expect(final).toMatchObject({ status: 'done' });
      expect(final.done).toBe(final.total);
      expect(final.total).toBeGreaterThan(3 * 2); // three scenarios × two weeks, then the insights
      const row = await m().findOneByOrFail(SimulationRunEntity, { id });
      expect(row).toMatchObject({ status: 'done', createdBy: 'jinji', error: null });
      expect(row.startedAt).not.toBeNull();
      expect(row.finishedAt).not.toBeNull();
      const result = JSON.parse(row.resultJson!) as { scenarios: { name: string }[] };
      expect(result.scenarios.map((s) => s.name)).toEqual(['現行', 'ライセンス−20%', '週3日・兼務']);
      const logged = await m().findBy(AuditEntity, { action: 'simulation-create', entityId: String(id) });
      expect(logged).toHaveLength(1);
    });

    it('shows the scenarios side by side with their differences, charts, insights and tables', async () => {
      const res = await hr.get(`/hr/simulations/${id}`);
      expect(res.status).toBe(200);
      const text = res.text;
      expect(text).not.toContain('<progress');
      expect(text).not.toContain('http-equiv="refresh"');
      for (const name of ['現行', 'ライセンス−20%', '週3日・兼務']) expect(text).toContain(`<th scope="col" class="num">${name}</th>`);
      expect(text).toContain('主要指標');
      expect(text).toContain('目標達成');
      expect(text).toMatch(/class="num sim-(better|worse|same)"/);
      expect((text.match(/<svg class="chart/g) ?? []).length).toBe(3);
      expect(text).toContain('<polyline class="line"');
      expect(text).toContain('改善の提案');
      expect(text).toContain('1日のライセンス 40本');
      expect(text).toContain('在宅勤務しない課: 税務課');
      expect(text).toContain('季節: 住民課の全窓口の最低人数 ×2（3月15日〜4月10日）');
      expect(text).toContain('<summary>課別（');
      expect(text).toContain(`href="/hr/simulations/${id}/csv/divisions"`);
      expect(text).not.toMatch(/ style=/);
    });

    it('downloads every table as Excel CSV with a BOM and the right header', async () => {
      const res = await hr
        .get(`/hr/simulations/${id}/csv/summary`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename=.*filename\*=UTF-8''/);
      expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(res.headers['content-disposition'])![1])).toBe('小さな試算_主要指標.csv');
      const body = res.body as Buffer;
      expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = body.subarray(3).toString('utf8').split(/\r?\n/);
      expect(lines[0].startsWith('シナリオ,対象職員,対象職員 差,')).toBe(true);
      expect(lines[1].startsWith('現行,426,')).toBe(true);
      for (const table of ['weekly', 'weekdays', 'divisions', 'counters', 'insights']) {
        const r = await hr.get(`/hr/simulations/${id}/csv/${table}`);
        expect({ table, status: r.status }).toEqual({ table, status: 200 });
      }
      expect((await hr.get(`/hr/simulations/${id}/csv/nothing`)).status).toBe(404);
    });

    it('downloads the results, and the study with the organisation for the command line', async () => {
      const result = await hr.get(`/hr/simulations/${id}/result.json`);
      expect(result.status).toBe(200);
      expect(result.headers['content-disposition']).toContain(`simulation-${id}-result.json`);
      expect((JSON.parse(result.text) as { format: string }).format).toBe('rotation-simulation-result/1');
      const study = await hr.get(`/hr/simulations/${id}/study.json`);
      const parsed = parseStudy(study.text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.organisation).toEqual({ problem: `simulation-${id}-organisation.json` });
      expect(parsed.value.scenarios.map((s) => s.name)).toEqual(['ライセンス−20%', '週3日・兼務']);
      expect(parsed.value.baseline.policy).toMatchObject({ maxTeleworkDays: 2, licencesPerDay: 50, rankWeights: [30, 20, 10, 5, 5] });
      const org = await hr.get(`/hr/simulations/${id}/organisation.json`);
      const problem = parseProblem(org.text);
      expect(problem.ok).toBe(true);
      if (problem.ok) {
        expect(problem.value.staff).toHaveLength(426);
        expect(problem.value.days).toHaveLength(5);
      }
    });

    it('lists the run, refuses to cancel it once done, and deletes it with an audit entry', async () => {
      const list = await hr.get('/hr/simulations');
      expect(list.text).toContain(`<a href="/hr/simulations/${id}">小さな試算</a>`);
      expect(list.text).toContain('data-status="done"');
      const cancel = await post(`/hr/simulations/${id}/cancel`);
      expect(cancel.status).toBe(409);
      expect(cancel.text).toContain('すでに完了のため、中止できません');
      const del = await post(`/hr/simulations/${id}/delete`);
      expect(del.status).toBe(302);
      expect(await m().findOneBy(SimulationRunEntity, { id })).toBeNull();
      expect(await m().findBy(AuditEntity, { action: 'simulation-delete', entityId: String(id) })).toHaveLength(1);
      expect((await hr.get(`/hr/simulations/${id}`)).status).toBe(404);
      expect((await hr.get('/hr/simulations/abc')).status).toBe(404);
    });
  });

  describe('cancelling', () => {
    const runner = () => t.app.get('simulations') as SimulationRunner;

    it('cancels a queued run before it starts', async () => {
      // Stored as queued without waking the runner: it stays queued until cancelled.
      const [row] = (
        await t.db.source.manager.insert(SimulationRunEntity, {
          name: '待っている試算',
          status: 'queued',
          studyJson: JSON.stringify({
            format: 'rotation-simulation/1',
            name: '待っている試算',
            start: '2026-W49',
            weeks: 1,
            insights: false,
          }),
          progressDone: 0,
          progressTotal: 0,
          createdBy: 'jinji',
          createdAt: new Date().toISOString(),
        })
      ).identifiers as { id: number }[];
      const id = row.id;
      const waiting = await hr.get(`/hr/simulations/${id}`);
      expect(waiting.text).toContain('<progress id="sim-progress">');
      expect(waiting.text).toContain(`data-progress-url="/hr/simulations/${id}/progress"`);
      expect(waiting.text).toContain('順番を待っています');
      expect(waiting.text).toContain('<noscript><meta http-equiv="refresh" content="3"></noscript>');
      const progress = await hr.get(`/hr/simulations/${id}/progress`).set('Accept', 'application/json');
      expect(progress.body).toEqual({ status: 'queued', statusLabel: '待機中', done: 0, total: 0, phase: null });
      expect((await post(`/hr/simulations/${id}/delete`)).status).toBe(409);

      const res = await post(`/hr/simulations/${id}/cancel`);
      expect(res.status).toBe(302);
      expect(await m().findOneByOrFail(SimulationRunEntity, { id })).toMatchObject({
        status: 'cancelled',
        startedAt: null,
        resultJson: null,
      });
      expect(await m().findBy(AuditEntity, { action: 'simulation-cancel', entityId: String(id) })).toHaveLength(1);
      const page = await hr.get(`/hr/simulations/${id}`);
      expect(page.text).toContain('このシミュレーションは中止されました');
      expect(page.text).not.toContain('<progress');
      expect((await post(`/hr/simulations/${id}/cancel`)).status).toBe(409);
    });

    it('stops a running run at once, without results', async () => {
      // In this thread a run holds the event loop between its steps, so this test calls the use cases directly.
      const account = await m().findOneByOrFail(AccountEntity, { loginId: 'jinji' });
      const actor = (await actorOf(m(), account.id))!;
      const input = { ...defaultSimulationInput(await simulationFormData(m(), actor), '2026-W49'), name: '長い試算', weeks: '104' };
      const id = await createRun(t.db, actor, input, runner());
      while (!runner().progress(id)) await new Promise((r) => setImmediate(r));
      const seen = runner().progress(id)!;
      await cancelRun(t.db, actor, id, runner());
      await runner().idle();
      expect(seen.total === 0 || seen.done < seen.total).toBe(true);
      const row = await m().findOneByOrFail(SimulationRunEntity, { id });
      expect(row).toMatchObject({ status: 'cancelled', resultJson: null });
      expect(row.startedAt).not.toBeNull();
      expect(await waitUntilFinished(id)).toMatchObject({ status: 'cancelled' });
    });
  });

  describe('progress in the database', () => {
    /** Database writes of one small run on its own runner: claim, progress, outcome. */
    async function writesOfRun(saveEveryMs: number, heartbeatMs?: number): Promise<number> {
      const scenarios = [30, 35, 40].map((licences) => ({ name: `ライセンス${licences}`, policy: { licencesPerDay: licences } }));
      const study = { format: 'rotation-simulation/1', name: '進み具合', start: '2026-W49', weeks: 2, scenarios, insights: { weeks: 1 } };
      const ins = await t.db.source.manager.insert(SimulationRunEntity, {
        name: '進み具合',
        status: 'queued',
        studyJson: JSON.stringify(study),
        progressDone: 0,
        progressTotal: 0,
        createdBy: 'jinji',
        createdAt: new Date().toISOString(),
      });
      const id = (ins.identifiers[0] as { id: number }).id;
      const runner = new SimulationRunner(t.db, { threads: 0, saveEveryMs, ...(heartbeatMs === undefined ? {} : { heartbeatMs }) });
      const write = jest.spyOn(t.db, 'write');
      let writes: number;
      try {
        runner.kick();
        await runner.idle();
        writes = write.mock.calls.length;
      } finally {
        write.mockRestore();
      }
      const row = await m().findOneByOrFail(SimulationRunEntity, { id });
      expect(row.status).toBe('done');
      expect(Date.parse(row.heartbeatAt!)).toBeGreaterThanOrEqual(Date.parse(row.startedAt!));
      expect(row.progressDone).toBe(row.progressTotal);
      expect(row.progressTotal).toBeGreaterThan(4);
      await t.db.source.manager.delete(SimulationRunEntity, { id });
      return writes;
    }

    it('is saved while the run goes, but not more often than asked', async () => {
      // Looking for runs whose process stopped, claiming the run, its first step (then at most one save per
      // interval), the outcome, and finding no other run.
      expect(await writesOfRun(60_000)).toBe(5);
      // Without a pause every step may be saved, one save at a time (how many depends on when the database answers).
      expect(await writesOfRun(0)).toBeGreaterThanOrEqual(5);
    });

    it('writes a heartbeat while the run goes', async () => {
      // Every job is a turn of the event loop here, and a heartbeat due every millisecond is written between them.
      const before = await writesOfRun(60_000, 1);
      expect(before).toBeGreaterThan(5);
    });
  });

  describe('runs whose process stopped', () => {
    it('are shown failed at once, marked failed when an app starts, and the queued ones run', async () => {
      const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
      const small = { format: 'rotation-simulation/1', name: '待っていた', start: '2026-W49', weeks: 1, insights: false };
      const base = { studyJson: JSON.stringify(small), progressDone: 0, progressTotal: 0, createdBy: 'jinji', createdAt: ago(300_000) };
      const ins = await t.db.source.manager.insert(SimulationRunEntity, [
        { ...base, name: '鼓動なし', status: 'running', startedAt: ago(200_000), heartbeatAt: null },
        { ...base, name: '2分前に停止', status: 'running', startedAt: ago(200_000), heartbeatAt: ago(STALE_MS + 60_000) },
        { ...base, name: '他のプロセスで実行中', status: 'running', startedAt: ago(200_000), heartbeatAt: ago(1_000) },
        { ...base, name: '待っていた', status: 'queued' },
      ]);
      const [lost, stopped, elsewhere, queued] = (ins.identifiers as { id: number }[]).map((r) => r.id);

      // Before any runner has looked: the stale runs read as failed, and can be deleted.
      const list = await hr.get('/hr/simulations');
      expect(list.text).toContain(RESTART_MESSAGE);
      const progress = await hr.get(`/hr/simulations/${stopped}/progress`).set('Accept', 'application/json');
      expect(progress.body).toMatchObject({ status: 'failed', statusLabel: '失敗' });
      expect((await hr.get(`/hr/simulations/${elsewhere}/progress`).set('Accept', 'application/json')).body).toMatchObject({
        status: 'running',
      });

      const app = createApp({ db: t.db, sessionSecret: 'another-secret', clock: t.time.clock });
      const runner = app.get('simulations') as SimulationRunner;
      await runner.whenStarted();
      await runner.idle();
      const status = async (id: number) => m().findOneByOrFail(SimulationRunEntity, { id });
      expect(await status(lost)).toMatchObject({ status: 'failed', error: RESTART_MESSAGE });
      expect(await status(stopped)).toMatchObject({ status: 'failed', error: RESTART_MESSAGE });
      expect(await status(elsewhere)).toMatchObject({ status: 'running', error: null });
      expect(await status(queued)).toMatchObject({ status: 'done', error: null });

      expect((await post(`/hr/simulations/${lost}/delete`)).status).toBe(302);
      expect((await post(`/hr/simulations/${elsewhere}/delete`)).status).toBe(409);
      await t.db.source.manager.delete(SimulationRunEntity, { id: In([stopped, elsewhere, queued]) });
    });

    it('answers a clear message, not an error page, for a run whose stored study cannot be read, and deletes it', async () => {
      const ins = await t.db.source.manager.insert(SimulationRunEntity, {
        name: '手で書き換えた試算',
        status: 'failed',
        studyJson: '{}',
        progressDone: 0,
        progressTotal: 0,
        createdBy: 'jinji',
        createdAt: new Date().toISOString(),
      });
      const id = (ins.identifiers[0] as { id: number }).id;
      for (const path of [`/hr/simulations/${id}`, `/hr/simulations/${id}/study.json`]) {
        const res = await hr.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 409 });
        expect(res.text).toContain('「手で書き換えた試算」の条件は、このバージョンでは読めない形で保存されています');
      }
      expect((await hr.get('/hr/simulations')).text).toContain('手で書き換えた試算');
      expect((await post(`/hr/simulations/${id}/delete`)).status).toBe(302);
      expect(await m().findOneBy(SimulationRunEntity, { id })).toBeNull();
    });

    it('tells a stale run by its heartbeat', () => {
      const at = Date.parse('2026-11-22T10:00:00Z');
      const iso = (ms: number) => new Date(at - ms).toISOString();
      expect(isStale({ status: 'running', heartbeatAt: null }, at)).toBe(true);
      expect(isStale({ status: 'running', heartbeatAt: iso(STALE_MS + 1) }, at)).toBe(true);
      expect(isStale({ status: 'running', heartbeatAt: iso(STALE_MS - 1) }, at)).toBe(false);
      expect(isStale({ status: 'queued', heartbeatAt: null }, at)).toBe(false);
      expect(isStale({ status: 'done', heartbeatAt: iso(STALE_MS * 10) }, at)).toBe(false);
    });
  });

  describe('replaying stored requests', () => {
    it('is refused with a clear message when no requests are stored', async () => {
      await t.db.source.manager.clear(TeleworkRequestEntity);
      const before = (await runs()).length;
      const res = await post('/hr/simulations', smallForm({ source: 'replay' }));
      expect(res.status).toBe(422);
      expect(res.text).toContain('保存された在宅勤務の希望がありません');
      expect(await runs()).toHaveLength(before);
    });

    it('fails a run with the reason when the requests are gone by the time it starts', async () => {
      const study = {
        format: 'rotation-simulation/1',
        name: '再生',
        start: '2026-W49',
        weeks: 1,
        demand: { source: 'replay' },
        insights: false,
      };
      const ins = await t.db.source.manager.insert(SimulationRunEntity, {
        name: '再生',
        status: 'queued',
        studyJson: JSON.stringify(study),
        progressDone: 0,
        progressTotal: 0,
        createdBy: 'jinji',
        createdAt: new Date().toISOString(),
      });
      const id = (ins.identifiers[0] as { id: number }).id;
      const runner = t.app.get('simulations') as SimulationRunner;
      runner.kick();
      await runner.idle();
      expect(await m().findOneByOrFail(SimulationRunEntity, { id })).toMatchObject({
        status: 'failed',
        error: NO_REPLAY_MESSAGE,
        resultJson: null,
      });
      const page = await hr.get(`/hr/simulations/${id}`);
      expect(page.text).toContain('このシミュレーションは失敗しました');
      expect(page.text).toContain('保存された在宅勤務の希望がないため');
    });
  });

  describe('BCP day', () => {
    const statuses = (html: string) => [...html.matchAll(/<tr class="bcp-\w+" data-counter="[^"]+" data-status="(\w+)"/g)].map((m) => m[1]);

    it('opens with tomorrow (the next open day), 30% and the policy licences', async () => {
      const res = await hr.get('/hr/bcp');
      expect(res.status).toBe(200);
      expect(res.text).toContain('type="date" name="day" value="2026-11-19"');
      expect(res.text).toContain('name="share" inputmode="decimal" value="30"');
      expect(statuses(res.text)).toHaveLength(22);
    });

    it('closes or reduces counters when 90% cannot come in, and lists who teleworks and who is stranded', async () => {
      const res = await hr.get('/hr/bcp?day=2026-11-19&share=90&seed=1&licences=');
      expect(res.status).toBe(200);
      const s = statuses(res.text);
      expect(s.filter((x) => x !== 'open').length).toBeGreaterThan(0);
      expect(s).toContain('closed');
      expect(res.text).toContain('自宅待機・特別休暇');
      expect(res.text).toContain('出勤できない職員（');
      expect(res.text).toContain('383</strong> 名（90%）が出勤できない場合');
    });

    it('keeps every counter open when everyone can come in', async () => {
      const res = await hr.get('/hr/bcp?day=2026-11-19&share=0&seed=1&unlimited=on');
      expect(res.status).toBe(200);
      const s = statuses(res.text);
      expect(s).toHaveLength(22);
      expect(s.every((x) => x === 'open')).toBe(true);
      expect(res.text).toContain('data-bcp-count="closed" class="">0<');
      expect(res.text).toContain('ライセンス：無制限');
    });

    it('rejects a closed day and a share over 100% (422)', async () => {
      const res = await hr.get('/hr/bcp?day=2026-11-21&share=150&seed=1');
      expect(res.status).toBe(422);
      expect(res.text).toContain('「日付」2026-11-21 は土曜日のため閉庁日です。');
      expect(res.text).toContain('「出勤できない職員の割合」は0〜100の数で入力してください（入力: 150）。');
    });
  });
});
