/**
 * HR's pages (人事課): the policy form (every field checked, nothing saved on
 * any error, the revision conflict), closure days, the organisation's week
 * against the database, generating every division at once, staff and
 * counters, the staff master CSV import in UTF-8 and Shift_JIS, the audit log,
 * and who may reach any of it.
 */
import * as iconv from 'iconv-lite';
import request from 'supertest';
import { In } from 'typeorm';
import { loadWeek } from '../../src/app/week/problem';
import { demoAccounts } from '../../src/app/demo/seed';
import {
  AccountEntity,
  AssignmentEntity,
  AuditEntity,
  ClosureDayEntity,
  CounterEntity,
  CounterOverrideEntity,
  DivisionEntity,
  PolicyEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import {
  Agent,
  csrfToken,
  DATABASES,
  issueLoginLink,
  login,
  NEXT_WEEK,
  PASSWORD,
  setPasswordByLink,
  startTestApp,
  TestApp,
  THIS_WEEK,
} from '../support/web';

const STAFF_LOGIN = demoAccounts().find((a) => a.role === '職員')!.loginId;
const HEADER = '職員番号,氏名,所属課,職種,介護・育児,週上限,担当窓口,在職';

/** Every HR route, GET and POST (the POSTs with a body that would otherwise be accepted). */
const ROUTES: readonly (readonly ['GET' | 'POST', string])[] = [
  ['GET', '/hr'],
  ['GET', `/hr/weeks/${NEXT_WEEK}`],
  ['POST', `/hr/weeks/${NEXT_WEEK}/generate-all`],
  ['GET', `/hr/weeks/${NEXT_WEEK}/print`],
  ['GET', '/hr/policy'],
  ['POST', '/hr/policy'],
  ['POST', '/hr/closures'],
  ['POST', '/hr/closures/2026-12-01/delete'],
  ['GET', '/hr/staff'],
  ['GET', '/hr/staff/new'],
  ['POST', '/hr/staff/new'],
  ['GET', '/hr/staff/t0003'],
  ['POST', '/hr/staff/t0003'],
  ['POST', '/hr/staff/t0003/setup-link'],
  ['GET', '/hr/divisions'],
  ['POST', '/hr/divisions/new'],
  ['POST', '/hr/divisions/jumin'],
  ['POST', '/hr/divisions/jumin/delete'],
  ['GET', '/hr/counters'],
  ['POST', '/hr/counters/new'],
  ['POST', '/hr/counters/jumin-juminhyo'],
  ['POST', '/hr/counters/jumin-juminhyo/overrides'],
  ['POST', '/hr/counters/jumin-juminhyo/overrides/1/delete'],
  ['GET', '/hr/import'],
  ['GET', '/hr/import/template.csv'],
  ['GET', '/hr/import/staff.csv'],
  ['POST', '/hr/import/preview'],
  ['POST', '/hr/import/commit'],
  ['GET', '/hr/audit'],
];

/** The uploaded file travels as multipart; the token goes in the body and, for today's app-wide check, in the header. */
function upload(agent: Agent, token: string | null, bytes: Buffer, name = 'staff.csv') {
  const req = agent.post('/hr/import/preview');
  if (token !== null) req.set('x-csrf-token', token).field('_csrf', token);
  return req.attach('file', bytes, { filename: name, contentType: 'text/csv' });
}

describe.each(DATABASES)('HR pages on %s', (kind) => {
  let t: TestApp;
  let hr: Agent;
  beforeAll(async () => {
    t = await startTestApp(kind);
    hr = await login(t.app, 'jinji');
  });
  afterAll(async () => t.close());

  const m = () => t.db.manager;
  const policy = () => m().findOneByOrFail(PolicyEntity, { id: 1 });

  /** The policy form as the page would send it, from what is stored, with some fields changed. */
  async function policyForm(changes: Record<string, string> = {}): Promise<Record<string, string>> {
    const p = await policy();
    const divisions = await m().find(DivisionEntity);
    return {
      _csrf: await csrfToken(hr, '/hr/policy'),
      revision: String(p.revision),
      maxTeleworkDays: String(p.maxTeleworkDays),
      licencesPerDay: p.licencesPerDay === null ? '' : String(p.licencesPerDay),
      deadlineWeekday: String(p.deadlineWeekday),
      deadlineTime: p.deadlineTime,
      ...Object.fromEntries(p.rankWeights.map((w, i) => [`rank${i + 1}`, String(w)])),
      caregivingPriority: String(p.caregivingPriority),
      fairnessPerDenial: String(p.fairnessPerDenial),
      fairnessMax: String(p.fairnessMax),
      fairnessWeeks: String(p.fairnessWeeks),
      spreadBonus: p.spreadBonus.join(', '),
      nonTeleworkJobTypes: p.nonTeleworkJobTypes.join('\n'),
      ...Object.fromEntries(divisions.map((d) => [`terminals_${d.id}`, d.terminals === null ? '' : String(d.terminals)])),
      ...changes,
    };
  }

  /** What a form post may change: the policy row and every division's terminals. */
  async function snapshot() {
    return JSON.stringify({ policy: await policy(), terminals: await m().find(DivisionEntity, { order: { id: 'ASC' } }) });
  }

  describe('policy', () => {
    it('saves every field in one go, with the revision counted up and an audit entry with before and after', async () => {
      const before = await policy();
      const form = await policyForm({
        maxTeleworkDays: '３', // full-width digits are read too
        licencesPerDay: '45',
        deadlineWeekday: '3',
        deadlineTime: '9:30',
        rank1: '40',
        caregivingPriority: '20',
        fairnessWeeks: '6',
        spreadBonus: '25、10, 5',
        nonTeleworkJobTypes: '保育士, 消防職\n調理員\n\n保育士',
        terminals_jumin: '4',
        terminals_zeimu: '',
      });
      const res = await hr.post('/hr/policy').type('form').send(form);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/hr/policy');
      const after = await policy();
      expect(after).toMatchObject({
        maxTeleworkDays: 3,
        licencesPerDay: 45,
        deadlineWeekday: 3,
        deadlineTime: '09:30',
        caregivingPriority: 20,
        fairnessWeeks: 6,
        spreadBonus: [25, 10, 5],
        nonTeleworkJobTypes: ['保育士', '消防職', '調理員'],
        revision: before.revision + 1,
        updatedBy: 'jinji',
      });
      expect(after.rankWeights[0]).toBe(40);
      expect((await m().findOneByOrFail(DivisionEntity, { id: 'jumin' })).terminals).toBe(4);
      expect((await m().findOneByOrFail(DivisionEntity, { id: 'zeimu' })).terminals).toBeNull();
      const entry = await m().findOneOrFail(AuditEntity, { where: { action: 'policy-update' }, order: { id: 'DESC' } });
      expect(JSON.parse(entry.before!)).toMatchObject({ maxTeleworkDays: before.maxTeleworkDays, licencesPerDay: before.licencesPerDay });
      expect(JSON.parse(entry.after!)).toMatchObject({ maxTeleworkDays: 3, licencesPerDay: 45, 'terminals:jumin': 4 });
      const page = await hr.get('/hr/policy');
      expect(page.text).toContain('方針を保存しました');
      expect(page.text).toContain('value="45"');
    });

    const BAD: readonly (readonly [string, string, RegExp])[] = [
      ['maxTeleworkDays', '6', /「週の在宅勤務の上限日数」は0〜5の整数で入力してください（入力: 6）/],
      ['maxTeleworkDays', '', /「週の在宅勤務の上限日数」を入力してください/],
      ['licencesPerDay', '-1', /「1日あたりのリモート接続ライセンス数」は0〜100000の整数/],
      ['licencesPerDay', 'たくさん', /「1日あたりのリモート接続ライセンス数」は0〜100000の整数で入力してください（入力: たくさん）/],
      ['deadlineWeekday', '8', /「申請締切の曜日」は1〜7の整数/],
      ['deadlineTime', '25:00', /「申請締切の時刻」は 00:00〜23:59 の時刻/],
      ['deadlineTime', '', /「申請締切の時刻」を入力してください/],
      ['rank1', '0', /「第1希望の重み」は1〜1000の整数/],
      ['rank3', 'abc', /「第3希望の重み」は1〜1000の整数/],
      ['rank5', '', /「第5希望の重み」を入力してください/],
      ['caregivingPriority', '1.5', /「介護・育児の優先加点」は0〜1000の整数/],
      ['fairnessPerDenial', '-5', /「却下1件あたりの公平性加点」は0〜1000の整数/],
      ['fairnessMax', '100000', /「公平性加点の上限」は0〜1000の整数/],
      ['fairnessWeeks', '99', /「公平性で振り返る週数」は0〜26の整数/],
      ['spreadBonus', '10, 20', /「分散ボーナス」は前の値以下の数を並べてください/],
      ['spreadBonus', '20, x', /「分散ボーナス」の2番目（x）は0〜1000の整数/],
      ['spreadBonus', '9 8 7 6 5 4', /「分散ボーナス」は5個までにしてください/],
      ['nonTeleworkJobTypes', 'あ'.repeat(51), /「テレワーク対象外の職種」の各職種は50文字以内/],
      ['terminals_jumin', '三台', /「住民課の共用端末数」は0〜1000の整数/],
      ['revision', '', /フォームの版番号がありません/],
    ];

    it.each(BAD)('refuses %s = %j with a 422 naming the field, and saves nothing', async (name, value, message) => {
      const before = await snapshot();
      const res = await hr
        .post('/hr/policy')
        .type('form')
        .send(await policyForm({ [name]: value, licencesPerDay: name === 'licencesPerDay' ? value : '77', terminals_somu: '9' }));
      expect(res.status).toBe(422);
      expect(res.text).toMatch(message);
      expect(res.text).not.toContain('方針を保存しました');
      expect(await snapshot()).toBe(before);
    });

    it('reports every bad field at once and shows the form again as typed', async () => {
      const before = await snapshot();
      const res = await hr
        .post('/hr/policy')
        .type('form')
        .send(await policyForm({ maxTeleworkDays: '8', rank2: 'x', deadlineTime: '7時', fairnessMax: '12', terminals_jumin: '-3' }));
      expect(res.status).toBe(422);
      for (const label of ['週の在宅勤務の上限日数', '第2希望の重み', '申請締切の時刻', '住民課の共用端末数'])
        expect(res.text).toContain(`「${label}」`);
      expect(res.text).toContain('name="fairnessMax" type="number" inputmode="numeric" min="0" max="1000" value="12"');
      expect(res.text).toContain('value="7時"');
      expect(await snapshot()).toBe(before);
    });

    it('answers 409 when someone saved in between, overwrites nothing and keeps the input', async () => {
      const stale = await policyForm({ licencesPerDay: '30', fairnessWeeks: '2' });
      const first = await hr
        .post('/hr/policy')
        .type('form')
        .send(await policyForm({ licencesPerDay: '60' }));
      expect(first.status).toBe(302);
      const saved = await snapshot();
      const res = await hr.post('/hr/policy').type('form').send(stale);
      expect(res.status).toBe(409);
      expect(res.text).toContain('あなたの変更はまだ保存していません');
      expect(res.text).toContain('1日あたりのリモート接続ライセンス数: 保存済み「60」／あなたの入力「30」');
      expect(res.text).toContain('value="30"');
      expect(await snapshot()).toBe(saved);
      expect((await policy()).licencesPerDay).toBe(60);
      // The form now carries the new revision: sending it again is a deliberate overwrite.
      const revision = /name="revision" value="(\d+)"/.exec(res.text)![1];
      expect(Number(revision)).toBe((await policy()).revision);
      const again = await hr
        .post('/hr/policy')
        .type('form')
        .send({ ...stale, revision, _csrf: await csrfToken(hr, '/hr/policy') });
      expect(again.status).toBe(302);
      expect((await policy()).licencesPerDay).toBe(30);
    });
  });

  describe('closure days', () => {
    const DAY = '2026-11-25';

    it('adds a closure day, which leaves the week, and deletes it again', async () => {
      const res = await hr
        .post('/hr/closures')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/policy'), day: DAY, name: '町制施行記念日' });
      expect(res.status).toBe(302);
      expect(await m().findOneBy(ClosureDayEntity, { day: DAY })).toMatchObject({ name: '町制施行記念日' });
      expect((await loadWeek(m(), NEXT_WEEK, ['jumin'])).days).toEqual(['2026-11-24', '2026-11-26', '2026-11-27']);
      const grid = await hr.get(`/divisions/jumin/weeks/${NEXT_WEEK}`);
      expect(grid.status).toBe(200);
      expect(grid.text).toContain('町制施行記念日');
      const overview = await hr.get(`/hr/weeks/${NEXT_WEEK}`);
      expect(overview.text).toContain('町制施行記念日');
      expect(overview.text).not.toContain(`data-day="${DAY}"`);
      expect((await hr.get('/hr/policy')).text).toContain('町制施行記念日');
      expect(await m().countBy(AuditEntity, { action: 'closure-add', entityId: DAY })).toBe(1);

      const del = await hr
        .post(`/hr/closures/${DAY}/delete`)
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/policy') });
      expect(del.status).toBe(302);
      expect(await m().findOneBy(ClosureDayEntity, { day: DAY })).toBeNull();
      expect((await loadWeek(m(), NEXT_WEEK, ['jumin'])).days).toContain(DAY);
      expect(await m().countBy(AuditEntity, { action: 'closure-delete', entityId: DAY })).toBe(1);
    });

    it.each([
      ['2026-11-28', '名前', /2026-11-28 は土曜日のため、もともと閉庁日です/],
      ['2026-11-23', '名前', /勤労感謝の日のため、もともと閉庁日です/],
      ['2026-02-30', '名前', /「閉庁日の日付」は日付（例: 2026-11-25）で入力してください/],
      ['2026-12-02', '', /「閉庁日の名称」を入力してください/],
    ])('refuses %s (%j) with a 422', async (day, name, message) => {
      const count = await m().count(ClosureDayEntity);
      const res = await hr
        .post('/hr/closures')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/policy'), day, name });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(message);
      expect(await m().count(ClosureDayEntity)).toBe(count);
    });

    it('refuses a day that is already closed, and says so (409, no 500) deleting one that is not', async () => {
      const token = await csrfToken(hr, '/hr/policy');
      expect((await hr.post('/hr/closures').type('form').send({ _csrf: token, day: '2026-12-01', name: '一回目' })).status).toBe(302);
      const twice = await hr.post('/hr/closures').type('form').send({ _csrf: token, day: '2026-12-01', name: '二回目' });
      expect(twice.status).toBe(422);
      expect(twice.text).toContain('2026-12-01 はすでに閉庁日として登録されています');
      expect((await m().findOneByOrFail(ClosureDayEntity, { day: '2026-12-01' })).name).toBe('一回目');
      const gone = await hr.post('/hr/closures/2026-12-02/delete').type('form').send({ _csrf: token });
      expect(gone.status).toBe(409);
      expect(gone.text).toContain('2026-12-02 は、すでに閉庁日から外されています');
      expect((await hr.post('/hr/closures/not-a-day/delete').type('form').send({ _csrf: token })).status).toBe(404);
    });
  });

  describe('the organisation week', () => {
    it('shows per division and day the requests, grants and denials the database holds', async () => {
      const res = await hr.get(`/hr/weeks/${THIS_WEEK}`);
      expect(res.status).toBe(200);
      const data = await loadWeek(m(), THIS_WEEK, null);
      const rosters = await m().findBy(RosterEntity, { week: THIS_WEEK });
      const cells = await m().findBy(AssignmentEntity, { rosterId: In(rosters.map((r) => r.id)) });
      const mode = new Map(cells.map((a) => [`${a.staffId}|${a.day}`, a.mode]));
      const divisionOf = new Map((await m().find(StaffEntity)).map((s) => [s.id, s.divisionId]));
      const requests = await m().find(TeleworkRequestEntity, { where: { status: 'active', day: In([...data.days]) } });
      let checked = 0;
      for (const division of data.divisions) {
        for (const day of data.days) {
          const mine = requests.filter((r) => divisionOf.get(r.staffId) === division.id && r.day === day);
          const granted = mine.filter((r) => mode.get(`${r.staffId}|${r.day}`) === 'telework').length;
          const denied = mine.filter((r) => mode.get(`${r.staffId}|${r.day}`) === 'office').length;
          const cell = new RegExp(
            `data-division="${division.id}" data-day="${day}" data-requested="(\\d+)" data-granted="(\\d+)" data-denied="(\\d+)"`,
          ).exec(res.text);
          expect(cell).not.toBeNull();
          expect(cell!.slice(1).map(Number)).toEqual([mine.length, granted, denied]);
          checked += mine.length;
        }
      }
      expect(checked).toBeGreaterThan(100);
      const total = Number(/data-total="granted">(\d+)</.exec(res.text)![1]);
      expect(total).toBe(
        cells.filter((a) => a.mode === 'telework' && requests.some((r) => r.staffId === a.staffId && r.day === a.day)).length,
      );
      // Licence use per day is every telework day of the week, against the policy's limit.
      for (const day of data.days) {
        const used = Number(new RegExp(`data-licences="${day}" data-used="(\\d+)"`).exec(res.text)![1]);
        expect(used).toBe(cells.filter((a) => a.day === day && a.mode === 'telework').length);
      }
      // The seed published this week for all 25 divisions.
      expect(res.text.match(/data-state="published"/g)).toHaveLength(25);
      expect(res.text).toContain('公開済 第1版');
      expect(res.text).toContain(`href="/divisions/jumin/weeks/${THIS_WEEK}"`);
      // Staff who can telework and got a day in the published weeks, out of all who can.
      const pubs = await m().findBy(RosterPublicationEntity, { rosterId: In(rosters.map((r) => r.id)) });
      const reached = new Set(pubs.flatMap((p) => p.assignments.filter((a) => a.mode === 'telework').map((a) => a.staff)));
      const eligible = data.staff.filter((s) => !data.policy.nonTeleworkJobTypes.includes(s.jobType));
      expect(Number(/data-share="eligible">(\d+)</.exec(res.text)![1])).toBe(eligible.length);
      expect(Number(/data-share="reached">(\d+)</.exec(res.text)![1])).toBe(eligible.filter((s) => reached.has(s.id)).length);
      expect(res.text).toContain('目標 50%');
    });

    it('lists the next week as not generated, with links to the weeks around it', async () => {
      const res = await hr.get(`/hr/weeks/${NEXT_WEEK}`);
      expect(res.status).toBe(200);
      expect(res.text.match(/data-state="none"/g)).toHaveLength(25);
      expect(res.text).toContain('href="/hr/weeks/2026-W47"');
      expect(res.text).toContain('href="/hr/weeks/2026-W49"');
      expect(res.text).toContain('勤労感謝の日');
      expect(res.text).toContain('全課の勤務表を作成');
      expect((await hr.get('/hr')).headers.location).toBe(`/hr/weeks/${NEXT_WEEK}`);
      expect((await hr.get('/hr/weeks/2026-W99')).status).toBe(404);
    });

    it('generates all 25 divisions at once within the licences, then shows them as drafts', async () => {
      const res = await hr
        .post(`/hr/weeks/${NEXT_WEEK}/generate-all`)
        .type('form')
        .send({ _csrf: await csrfToken(hr, `/hr/weeks/${NEXT_WEEK}`) });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/hr/weeks/${NEXT_WEEK}`);
      const rosters = await m().findBy(RosterEntity, { week: NEXT_WEEK });
      expect(rosters).toHaveLength(25);
      const limit = (await policy()).licencesPerDay!;
      const cells = await m().findBy(AssignmentEntity, { rosterId: In(rosters.map((r) => r.id)), mode: 'telework' });
      const perDay = new Map<string, number>();
      for (const c of cells) perDay.set(c.day, (perDay.get(c.day) ?? 0) + 1);
      expect(perDay.size).toBeGreaterThan(0);
      for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(limit);
      const page = await hr.get(`/hr/weeks/${NEXT_WEEK}`);
      expect(page.text).toContain('まだ公開していない 25 課の勤務表を作成しました');
      expect(page.text.match(/data-state="draft"/g)).toHaveLength(25);
      expect(await m().countBy(AuditEntity, { action: 'generate-all', entityId: NEXT_WEEK })).toBe(1);
    });

    it('prints every division of the week', async () => {
      const res = await hr.get(`/hr/weeks/${NEXT_WEEK}/print`);
      expect(res.status).toBe(200);
      expect(res.text.match(/class="division-page"/g)).toHaveLength(25);
      expect(res.text).toContain('住民課');
      expect(res.text).toContain('税務課');
    });
  });

  describe('staff', () => {
    const token = () => csrfToken(hr, '/hr/staff/new');
    const revisionOf = async (page: string) => /name="revision" value="(\d+)"/.exec((await hr.get(page)).text)![1];
    const good = {
      id: 'x0001',
      name: '新任 花子',
      divisionId: 'jumin',
      jobType: '一般事務',
      maxTeleworkDays: '',
      role: 'staff',
      active: 'on',
      counters: ['jumin-juminhyo', 'zeimu-kazei'],
    };

    it('lists and filters staff by division and by name or id', async () => {
      const all = await hr.get('/hr/staff');
      expect(Number(/data-staff-count="(\d+)"/.exec(all.text)![1])).toBe(await m().countBy(StaffEntity, { active: true }));
      const jumin = await hr.get('/hr/staff?division=jumin');
      expect(Number(/data-staff-count="(\d+)"/.exec(jumin.text)![1])).toBe(
        await m().countBy(StaffEntity, { divisionId: 'jumin', active: true }),
      );
      const one = await m().findOneByOrFail(StaffEntity, { id: 't0010' });
      const byName = await hr.get(`/hr/staff?q=${encodeURIComponent(one.name)}`);
      expect(byName.text).toContain(`data-staff="t0010"`);
      const byId = await hr.get('/hr/staff?q=t0010');
      expect(Number(/data-staff-count="(\d+)"/.exec(byId.text)![1])).toBe(1);
    });

    it.each([
      [{ id: '' }, /「職員番号」を入力してください/],
      [{ id: 'スタッフ' }, /「職員番号」は半角の英数字/],
      [{ id: 't0003' }, /「職員番号」t0003 はすでに登録されています/],
      [{ id: 'jinji' }, /「職員番号」jinji は別の職員のログインIDとして使われています/],
      [{ name: '  ' }, /「氏名」を入力してください/],
      [{ divisionId: 'nowhere' }, /「所属課」（nowhere）は登録されていません/],
      [{ jobType: '' }, /「職種」を入力してください/],
      [{ maxTeleworkDays: '9' }, /「週の上限日数（個人）」は0〜5の整数/],
      [{ role: 'boss' }, /「権限」は 職員・課長・人事課 のいずれか/],
      [{ counters: ['no-such-counter'] }, /「担当窓口」に登録されていない窓口があります: no-such-counter/],
    ])('refuses a new person with %j (422, nothing saved)', async (change, message) => {
      const count = await m().count(StaffEntity);
      const accounts = await m().count(AccountEntity);
      const res = await hr
        .post('/hr/staff/new')
        .type('form')
        .send({ _csrf: await token(), ...good, ...change });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(message);
      expect(res.text).toContain('職員を登録できませんでした');
      expect(await m().count(StaffEntity)).toBe(count);
      expect(await m().count(AccountEntity)).toBe(accounts);
    });

    it('creates a person with an account that has no password until they use a login link', async () => {
      const res = await hr
        .post('/hr/staff/new')
        .type('form')
        .send({ _csrf: await token(), ...good, caregiver: 'on', maxTeleworkDays: '３' });
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/hr/staff/x0001');
      const page = await hr.get('/hr/staff/x0001');
      expect(page.text).toContain('を登録しました（ログインID：x0001）');
      expect(page.text).toContain('data-login-state="none"');
      expect(page.text).not.toMatch(/初期パスワード|data-password/);
      const s = await m().findOneOrFail(StaffEntity, { where: { id: 'x0001' }, relations: { counters: true } });
      expect(s).toMatchObject({ name: '新任 花子', divisionId: 'jumin', caregiver: true, maxTeleworkDays: 3, active: true });
      expect(s.counters!.map((c) => c.id).sort()).toEqual(['jumin-juminhyo', 'zeimu-kazei']);
      const account = await m().findOneByOrFail(AccountEntity, { staffId: 'x0001' });
      expect(account).toMatchObject({ loginId: 'x0001', role: 'staff' });
      expect(account.icalToken.length).toBeGreaterThan(20);
      // No password works: not even an empty one or the marker itself.
      for (const password of ['!', PASSWORD]) await expect(login(t.app, 'x0001', password)).rejects.toThrow();
      const me = await setPasswordByLink(t.app, await issueLoginLink(hr, 'x0001'), 'x0001-own-password');
      expect((await me.get('/me')).status).toBe(200);
      expect((await login(t.app, 'x0001', 'x0001-own-password').then((a) => a.get('/me'))).status).toBe(200);
      expect(await m().countBy(AuditEntity, { action: 'staff-create', entityId: 'x0001' })).toBe(1);
      expect((await hr.get('/hr/staff/x0001')).text).toContain('data-login-state="password"');
    });

    it('edits a person: division, counters, role; and refuses bad input without saving', async () => {
      const page = '/hr/staff/x0001';
      const edit = {
        ...good,
        id: undefined,
        divisionId: 'zeimu',
        jobType: '一般事務',
        counters: ['zeimu-shuno'],
        role: 'chief',
        active: 'on',
      };
      const bad = await hr
        .post(page)
        .type('form')
        .send({ _csrf: await csrfToken(hr, page), ...edit, name: '', maxTeleworkDays: 'x', revision: await revisionOf(page) });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('「氏名」を入力してください');
      expect(bad.text).toContain('「週の上限日数（個人）」は0〜5の整数');
      expect((await m().findOneByOrFail(StaffEntity, { id: 'x0001' })).divisionId).toBe('jumin');

      const ok = await hr
        .post(page)
        .type('form')
        .send({ _csrf: await csrfToken(hr, page), ...edit, revision: await revisionOf(page) });
      expect(ok.status).toBe(302);
      const s = await m().findOneOrFail(StaffEntity, { where: { id: 'x0001' }, relations: { counters: true } });
      expect(s).toMatchObject({ divisionId: 'zeimu', caregiver: false, maxTeleworkDays: null });
      expect(s.counters!.map((c) => c.id)).toEqual(['zeimu-shuno']);
      expect((await m().findOneByOrFail(AccountEntity, { staffId: 'x0001' })).role).toBe('chief');
      const entry = await m().findOneOrFail(AuditEntity, { where: { action: 'staff-update', entityId: 'x0001' }, order: { id: 'DESC' } });
      expect(JSON.parse(entry.before!)).toMatchObject({ divisionId: 'jumin', role: 'staff' });
      expect(JSON.parse(entry.after!)).toMatchObject({ divisionId: 'zeimu', role: 'chief' });
      expect((await hr.get('/hr/staff/nobody')).status).toBe(404);
    });

    it('will not let HR remove their own HR role', async () => {
      const me = await m().findOneByOrFail(AccountEntity, { loginId: 'jinji' });
      const s = await m().findOneByOrFail(StaffEntity, { id: me.staffId });
      const page = `/hr/staff/${me.staffId}`;
      const res = await hr
        .post(page)
        .type('form')
        .send({
          _csrf: await csrfToken(hr, page),
          name: s.name,
          divisionId: s.divisionId,
          jobType: s.jobType,
          role: 'staff',
          active: 'on',
          revision: String(s.revision),
        });
      expect(res.status).toBe(422);
      expect(res.text).toContain('自分自身の人事課の権限は外せません');
      expect((await m().findOneByOrFail(AccountEntity, { loginId: 'jinji' })).role).toBe('hr');
    });

    it('issues a one-time login link instead of a password: the old password stops working, the link works once', async () => {
      const loginId = (await m().findOneByOrFail(AccountEntity, { staffId: 't0003' })).loginId;
      expect((await (await login(t.app, loginId)).get('/me')).status).toBe(200);
      const link = await issueLoginLink(hr, 't0003');
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/setup\/[A-Za-z0-9_-]{32}$/);
      await expect(login(t.app, loginId)).rejects.toThrow();
      expect((await hr.get('/hr/staff/t0003')).text).toContain('発行済みのリンク：有効期限');
      const me = await setPasswordByLink(t.app, link, 'a-password-of-my-own');
      expect((await me.get('/me')).status).toBe(200);
      // Used once: the link is gone.
      expect((await request(t.app).get(new URL(link).pathname)).status).toBe(404);
      expect(await m().countBy(AuditEntity, { action: 'setup-link-issue', entityId: loginId })).toBe(1);
      expect(await m().countBy(AuditEntity, { action: 'setup-link-use', entityId: loginId })).toBe(1);
      await setPasswordByLink(t.app, await issueLoginLink(hr, 't0003'), PASSWORD);
    });
  });

  describe('divisions', () => {
    const token = () => csrfToken(hr, '/hr/divisions');

    it('lists every division with what refers to it, and adds one: id made from the name, or given', async () => {
      const page = await hr.get('/hr/divisions');
      expect(page.status).toBe(200);
      expect(page.text).toContain('aria-current="page">所属課</a>');
      expect(page.text).toMatch(/data-division-uses="jumin">職員 <strong>[1-9]\d*<\/strong> 名/);
      const made = await hr
        .post('/hr/divisions/new')
        .type('form')
        .send({ _csrf: await token(), name: '　企画振興課 ', terminals: '３', sortOrder: '' });
      expect(made.status).toBe(302);
      const kikaku = await m().findOneByOrFail(DivisionEntity, { name: '企画振興課' });
      expect(kikaku).toMatchObject({ id: 'div-1', terminals: 3, revision: 1 });
      expect(kikaku.sortOrder).toBeGreaterThan(
        Math.max(...(await m().find(DivisionEntity)).filter((d) => d.id !== 'div-1').map((d) => d.sortOrder)),
      );
      const given = await hr
        .post('/hr/divisions/new')
        .type('form')
        .send({ _csrf: await token(), id: 'bousai', name: '防災課', terminals: '', sortOrder: '5' });
      expect(given.status).toBe(302);
      expect(await m().findOneByOrFail(DivisionEntity, { id: 'bousai' })).toMatchObject({ name: '防災課', terminals: null, sortOrder: 5 });
      const entry = await m().findOneByOrFail(AuditEntity, { action: 'division-create', entityId: 'bousai' });
      expect(JSON.parse(entry.after!)).toEqual({ name: '防災課', terminals: null, sortOrder: 5 });
      expect((await hr.get('/hr/audit?action=division-create')).text).toContain('所属課の追加');
    });

    it('refuses a bad new division, naming each field, and saves nothing', async () => {
      const count = await m().count(DivisionEntity);
      const cases: [Record<string, string>, RegExp][] = [
        [{ name: '' }, /「課の名前」を入力してください/],
        [{ name: 'あ'.repeat(101) }, /「課の名前」は100文字以内/],
        [{ name: '住民課' }, /「課の名前」住民課 の課はすでにあります（課ID：jumin）/],
        [{ name: '新しい課', id: 'jumin' }, /「課ID」jumin はすでに使われています/],
        [{ name: '新しい課', id: '課' }, /「課ID」は半角の英数字/],
        [{ name: '新しい課', terminals: '-1' }, /「共用端末数」は0〜1000の整数/],
        [{ name: '新しい課', sortOrder: 'x' }, /「表示順」は0〜9999の整数/],
      ];
      for (const [fields, message] of cases) {
        const res = await hr
          .post('/hr/divisions/new')
          .type('form')
          .send({ _csrf: await token(), id: '', terminals: '', sortOrder: '', ...fields });
        expect(res.status).toBe(422);
        expect(res.text).toContain('所属課を追加できませんでした');
        expect(res.text).toMatch(message);
      }
      expect(await m().count(DivisionEntity)).toBe(count);
    });

    it('renames a division and sets its terminals and order; a form from before another save is refused', async () => {
      const d = await m().findOneByOrFail(DivisionEntity, { id: 'div-1' });
      const form = { name: '企画課', terminals: '', sortOrder: String(d.sortOrder), revision: String(d.revision) };
      const ok = await hr
        .post('/hr/divisions/div-1')
        .type('form')
        .send({ _csrf: await token(), ...form });
      expect(ok.status).toBe(302);
      expect(await m().findOneByOrFail(DivisionEntity, { id: 'div-1' })).toMatchObject({ name: '企画課', terminals: null, revision: 2 });
      const entry = await m().findOneOrFail(AuditEntity, {
        where: { action: 'division-update', entityId: 'div-1' },
        order: { id: 'DESC' },
      });
      expect(JSON.parse(entry.before!)).toEqual({ name: '企画振興課', terminals: 3 });
      expect(JSON.parse(entry.after!)).toEqual({ name: '企画課', terminals: null });
      const stale = await hr
        .post('/hr/divisions/div-1')
        .type('form')
        .send({ _csrf: await token(), ...form, name: '古い画面の課' });
      expect(stale.status).toBe(409);
      expect(stale.text).toContain('課の名前: 保存済み「企画課」／あなたの入力「古い画面の課」');
      const bad = await hr
        .post('/hr/divisions/div-1')
        .type('form')
        .send({ _csrf: await token(), ...form, revision: '2', name: '', terminals: 'many' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('「課の名前（企画課）」を入力してください');
      expect(bad.text).toContain('「企画課の共用端末数」は0〜1000の整数');
      expect((await m().findOneByOrFail(DivisionEntity, { id: 'div-1' })).name).toBe('企画課');
    });

    it('takes counters for a new division', async () => {
      const res = await hr
        .post('/hr/counters/new')
        .type('form')
        .send({
          _csrf: await csrfToken(hr, '/hr/counters'),
          id: 'kikaku-madoguchi',
          divisionId: 'div-1',
          name: '企画窓口',
          min1: '1',
          min2: '1',
          min3: '1',
          min4: '1',
          min5: '2',
        });
      expect(res.status).toBe(302);
      expect(await m().findOneByOrFail(CounterEntity, { id: 'kikaku-madoguchi' })).toMatchObject({
        divisionId: 'div-1',
        minByWeekday: [1, 1, 1, 1, 2, 0, 0],
      });
      expect((await hr.get('/hr/counters')).text).toContain('id="division-div-1"');
    });

    it('deletes only a division nothing refers to', async () => {
      const jumin = await m().findOneByOrFail(DivisionEntity, { id: 'jumin' });
      const refused = await hr
        .post('/hr/divisions/jumin/delete')
        .type('form')
        .send({ _csrf: await token(), revision: String(jumin.revision) });
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('所属課「住民課」は削除できません');
      expect(refused.text).toMatch(/職員 \d+ 名・窓口 \d+ 件/);
      expect(await m().existsBy(DivisionEntity, { id: 'jumin' })).toBe(true);
      // A division with a counter shows no delete button; an empty one does, and goes.
      const page = (await hr.get('/hr/divisions')).text;
      expect(page).not.toContain('action="/hr/divisions/div-1/delete"');
      expect(page).toContain('action="/hr/divisions/bousai/delete"');
      const bousai = await m().findOneByOrFail(DivisionEntity, { id: 'bousai' });
      const gone = await hr
        .post('/hr/divisions/bousai/delete')
        .type('form')
        .send({ _csrf: await token(), revision: String(bousai.revision) });
      expect(gone.status).toBe(302);
      expect(await m().existsBy(DivisionEntity, { id: 'bousai' })).toBe(false);
      expect(await m().countBy(AuditEntity, { action: 'division-delete', entityId: 'bousai' })).toBe(1);
      const again = await hr
        .post('/hr/divisions/bousai/delete')
        .type('form')
        .send({ _csrf: await token(), revision: String(bousai.revision) });
      expect(again.status).toBe(409);
    });
  });

  describe('counters', () => {
    const token = () => csrfToken(hr, '/hr/counters');
    const mins = (list: string[]) => Object.fromEntries(list.map((v, i) => [`min${i + 1}`, v]));

    it('saves a counter’s name and weekday minimums, and refuses bad ones', async () => {
      const before = await m().findOneByOrFail(CounterEntity, { id: 'jumin-juminhyo' });
      const bad = await hr
        .post('/hr/counters/jumin-juminhyo')
        .type('form')
        .send({ _csrf: await token(), name: '住民票窓口', ...mins(['2', '-1', '1', 'x', '2']), revision: String(before.revision) });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('「住民票窓口の火曜日の最低人数」は0〜50の整数');
      expect(bad.text).toContain('「住民票窓口の木曜日の最低人数」は0〜50の整数');
      expect(await m().findOneByOrFail(CounterEntity, { id: 'jumin-juminhyo' })).toEqual(before);

      const ok = await hr
        .post('/hr/counters/jumin-juminhyo')
        .type('form')
        .send({ _csrf: await token(), name: '住民票・証明窓口', ...mins(['3', '2', '2', '2', '3']), revision: String(before.revision) });
      expect(ok.status).toBe(302);
      const after = await m().findOneByOrFail(CounterEntity, { id: 'jumin-juminhyo' });
      expect(after).toMatchObject({ name: '住民票・証明窓口', minByWeekday: [3, 2, 2, 2, 3, 0, 0] });
      expect(await m().countBy(AuditEntity, { action: 'counter-update', entityId: 'jumin-juminhyo' })).toBe(1);
      expect(
        (
          await hr
            .post('/hr/counters/no-such')
            .type('form')
            .send({ _csrf: await token(), name: 'x', ...mins(['1', '1', '1', '1', '1']), revision: '1' })
        ).status,
      ).toBe(404);
    });

    it('adds a counter, and refuses a duplicate id or a missing division', async () => {
      const body = { id: 'jumin-mynumber', divisionId: 'jumin', name: 'マイナンバー窓口', ...mins(['1', '1', '1', '1', '2']) };
      const dup = await hr
        .post('/hr/counters/new')
        .type('form')
        .send({ _csrf: await token(), ...body, id: 'jumin-koseki', divisionId: '' });
      expect(dup.status).toBe(422);
      expect(dup.text).toContain('「窓口ID」jumin-koseki はすでに使われています');
      expect(dup.text).toContain('「所属課」を選んでください');
      const ok = await hr
        .post('/hr/counters/new')
        .type('form')
        .send({ _csrf: await token(), ...body });
      expect(ok.status).toBe(302);
      expect(await m().findOneByOrFail(CounterEntity, { id: 'jumin-mynumber' })).toMatchObject({
        divisionId: 'jumin',
        minByWeekday: [1, 1, 1, 1, 2, 0, 0],
      });
    });

    it('sets a minimum for one date and removes it again', async () => {
      const day = '2026-12-09';
      const bad = await hr
        .post('/hr/counters/jumin-koseki/overrides')
        .type('form')
        .send({ _csrf: await token(), day: '2026-12-12', min: '3', revision: 'none' });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('2026-12-12 は土曜日のため閉庁日です');
      const res = await hr
        .post('/hr/counters/jumin-koseki/overrides')
        .type('form')
        .send({ _csrf: await token(), day, min: '3', revision: 'none' });
      expect(res.status).toBe(302);
      const row = await m().findOneByOrFail(CounterOverrideEntity, { counterId: 'jumin-koseki', day });
      expect(row.min).toBe(3);
      expect((await hr.get('/hr/counters')).text).toContain('12月9日(水)');
      const del = await hr
        .post(`/hr/counters/jumin-koseki/overrides/${row.id}/delete`)
        .type('form')
        .send({ _csrf: await token(), revision: String(row.revision) });
      expect(del.status).toBe(302);
      expect(await m().findOneBy(CounterOverrideEntity, { id: row.id })).toBeNull();
    });
  });

  describe('staff master CSV import', () => {
    const badCsv = [
      HEADER,
      'y001,取込 良子,住民課,一般事務,なし,,戸籍窓口,在職',
      'y002,取込 悪子,新設課,一般事務,なし,,,在職',
      'y001,取込 重複,住民課,一般事務,なし,,,在職',
      'y004,,住民課,一般事務,なし,,,在職',
      'y005,取込 数字,住民課,一般事務,なし,週3,,在職',
      'y006,取込 窓口,住民課,一般事務,なし,,謎の窓口,在職',
    ].join('\r\n');

    it('previews a UTF-8 file, naming each bad row with its line, and saves nothing', async () => {
      const count = await m().count(StaffEntity);
      const res = await upload(hr, await csrfToken(hr, '/hr/import'), Buffer.from('\uFEFF' + badCsv, 'utf8'));
      expect(res.status).toBe(422);
      expect(res.text).toContain('文字コード：UTF-8');
      expect(res.text).toMatch(/新しく作成する所属課: <strong data-new-division="div-\d+">新設課<\/strong>/);
      expect(res.text).toContain('4行目（y001 取込 重複）: 職員番号 y001 が 2行目と重複しています');
      expect(res.text).toContain('5行目（y004）: 氏名がありません');
      expect(res.text).toContain('6行目（y005 取込 数字）: 週上限「週3」は0〜5の整数');
      expect(res.text).toContain('7行目（y006 取込 窓口）: 担当窓口「謎の窓口」は登録されていません');
      expect(res.text).toContain('data-line="2" data-kind="new"');
      expect(res.text).not.toContain('name="csv"');
      expect(res.text).not.toContain('この内容で取り込む');
      expect(await m().count(StaffEntity)).toBe(count);
      expect(await m().existsBy(DivisionEntity, { name: '新設課' })).toBe(false);
    });

    it('previews a Shift_JIS file, then commits it in one go, lists who was created and shows no password', async () => {
      const existing = await m().findOneOrFail(StaffEntity, { where: { id: 't0020' }, relations: { counters: true } });
      const division = await m().findOneByOrFail(DivisionEntity, { id: existing.divisionId });
      const csv = [
        HEADER,
        `y101,髙橋 一郎,税務課,一般事務,あり,3,課税窓口/収納窓口,在職`,
        `y102,渡邊 二郎,住民課,保育士,0,,,1`,
        `t0020,${existing.name},${division.name},${existing.jobType},なし,,,退職`,
      ].join('\r\n');
      const res = await upload(hr, await csrfToken(hr, '/hr/import'), iconv.encode(csv, 'cp932'), '職員.csv');
      expect(res.status).toBe(200);
      expect(res.text).toContain('文字コード：Shift_JIS');
      expect(res.text).toContain('髙橋 一郎');
      expect(res.text).toContain('data-line="2" data-kind="new"');
      expect(res.text).toContain('data-line="4" data-kind="changed"');
      expect(res.text).toContain('在職：<del>在職</del> → <ins>退職</ins>');
      expect(res.text).toContain('この内容で取り込む（新規 2 名・変更 1 名）');
      expect(await m().existsBy(StaffEntity, { id: 'y101' })).toBe(false);

      const encoded = /name="csv" value="([^"]+)"/.exec(res.text)![1];
      const done = await hr
        .post('/hr/import/commit')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/import'), csv: encoded });
      expect(done.status).toBe(200);
      expect(done.text).toContain('職員名簿を取り込みました');
      const y101 = await m().findOneOrFail(StaffEntity, { where: { id: 'y101' }, relations: { counters: true } });
      expect(y101).toMatchObject({ name: '髙橋 一郎', divisionId: 'zeimu', caregiver: true, maxTeleworkDays: 3 });
      expect(y101.counters!.map((c) => c.id).sort()).toEqual(['zeimu-kazei', 'zeimu-shuno']);
      expect(await m().findOneByOrFail(StaffEntity, { id: 'y102' })).toMatchObject({ jobType: '保育士', caregiver: false, active: true });
      expect((await m().findOneByOrFail(StaffEntity, { id: 't0020' })).active).toBe(false);
      expect(done.text).toContain(
        'data-created="y101"><td><code>y101</code></td><td>髙橋 一郎</td><td>税務課</td><td><a href="/hr/staff/y101#setup-link-h">',
      );
      expect(done.text).not.toMatch(/data-password|初期パスワード/);
      const y101Hash = (await m().findOneByOrFail(AccountEntity, { loginId: 'y101' })).passwordHash;
      expect(y101Hash).toBe('!');
      expect((await (await setPasswordByLink(t.app, await issueLoginLink(hr, 'y101'))).get('/me')).status).toBe(200);
      expect(await m().countBy(AuditEntity, { action: 'staff-import-update', entityId: 't0020' })).toBe(1);
    });

    it('re-checks the confirmed content and saves nothing when it no longer passes', async () => {
      const count = await m().count(StaffEntity);
      const encoded = Buffer.from(badCsv, 'utf8').toString('base64');
      const res = await hr
        .post('/hr/import/commit')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/import'), csv: encoded });
      expect(res.status).toBe(422);
      expect(res.text).toContain('4行目（y001 取込 重複）: 職員番号 y001 が 2行目と重複しています');
      expect(await m().count(StaffEntity)).toBe(count);
      expect(await m().existsBy(DivisionEntity, { name: '新設課' })).toBe(false);
      const garbage = await hr
        .post('/hr/import/commit')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/import'), csv: '' });
      expect(garbage.status).toBe(422);
      expect(garbage.text).toContain('確認画面から送られたデータが読み取れません');
    });

    it('asks for a file when none is sent, and refuses one that is too large', async () => {
      const token = await csrfToken(hr, '/hr/import');
      const none = await hr.post('/hr/import/preview').set('x-csrf-token', token).field('_csrf', token);
      expect(none.status).toBe(422);
      expect(none.text).toContain('CSVファイルを選んでから「内容を確認」を押してください');
      const big = await upload(hr, token, Buffer.alloc(1024 * 1024 + 10, 0x41));
      expect(big.status).toBe(422);
      expect(big.text).toContain('ファイルが大きすぎます');
    });

    it('offers a template (UTF-8 with BOM) and the current staff as CSV', async () => {
      const template = await hr
        .get('/hr/import/template.csv')
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(template.status).toBe(200);
      expect(template.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(template.headers['content-disposition']).toMatch(/attachment/);
      const bytes = template.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toContain(HEADER);
      const current = await hr.get('/hr/import/staff.csv');
      expect(current.text).toContain('t0003,');
    });
  });

  describe('audit log', () => {
    it('shows the latest entries with before and after, narrowed by action and by who', async () => {
      const res = await hr.get('/hr/audit?action=policy-update');
      expect(res.status).toBe(200);
      const rows = res.text.match(/data-audit="/g) ?? [];
      expect(rows.length).toBe(await m().countBy(AuditEntity, { action: 'policy-update' }));
      expect(res.text).toContain('方針の変更');
      expect(res.text).toMatch(/ライセンス数<\/span>：60 → 30/);
      const system = await hr.get('/hr/audit?actor=system');
      expect(system.text).toContain('デモデータの作成');
      expect(system.text).toContain('<code class="muted small">seed</code>');
      expect(system.text).not.toContain('<code class="muted small">policy-update</code>');
      const all = await hr.get('/hr/audit');
      expect((all.text.match(/data-audit="/g) ?? []).length).toBe(Math.min(200, await m().count(AuditEntity)));
    });
  });

  describe('access', () => {
    it.each(['chief', 'staff'] as const)('gives a %s 403 on every HR route, GET and POST, and changes nothing', async (who) => {
      const agent = await login(t.app, who === 'chief' ? 'jumin-kacho' : STAFF_LOGIN);
      const token = await csrfToken(agent, '/me');
      const before = await snapshot();
      const staff = await m().count(StaffEntity);
      for (const [method, path] of ROUTES) {
        const res =
          method === 'GET'
            ? await agent.get(path)
            : path === '/hr/import/preview'
              ? await upload(agent, token, Buffer.from(`${HEADER}\nq1,名前,住民課,一般事務,,,,\n`))
              : await agent.post(path).type('form').send({
                  _csrf: token,
                  day: '2026-12-03',
                  name: '不正',
                  id: 'q1',
                  divisionId: 'jumin',
                  jobType: '一般事務',
                  role: 'hr',
                  min: '1',
                  csv: '',
                });
        expect([method, path, res.status]).toEqual([method, path, 403]);
        expect(res.text).toContain('権限がありません');
      }
      expect(await snapshot()).toBe(before);
      expect(await m().count(StaffEntity)).toBe(staff);
    });

    it('sends a visitor without a session to the login page', async () => {
      const res = await request(t.app).get('/hr/policy');
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(/^\/login/);
    });

    it('refuses HR forms without a CSRF token (403), the upload included', async () => {
      const before = await snapshot();
      const closures = await m().count(ClosureDayEntity);
      const staff = await m().count(StaffEntity);
      const posts: [string, Record<string, string>][] = [
        ['/hr/policy', { ...(await policyForm({ licencesPerDay: '1' })), _csrf: '' }],
        ['/hr/closures', { day: '2026-12-03', name: '偽物' }],
        ['/hr/staff/new', { id: 'z9', name: 'x', divisionId: 'jumin', jobType: 'x', role: 'hr' }],
        [`/hr/weeks/${NEXT_WEEK}/generate-all`, {}],
        ['/hr/import/commit', { csv: Buffer.from(`${HEADER}\nz8,x,住民課,一般事務,,,,\n`).toString('base64') }],
      ];
      for (const [path, body] of posts) {
        const res = await hr.post(path).type('form').send(body);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).toContain('フォームの有効期限が切れました');
      }
      const wrong = await hr
        .post('/hr/policy')
        .type('form')
        .send({ ...(await policyForm({ licencesPerDay: '1' })), _csrf: 'x'.repeat(256) });
      expect(wrong.status).toBe(403);
      const multipart = await upload(hr, null, Buffer.from(`${HEADER}\nz7,x,住民課,一般事務,,,,\n`));
      expect(multipart.status).toBe(403);
      expect(await snapshot()).toBe(before);
      expect(await m().count(ClosureDayEntity)).toBe(closures);
      expect(await m().count(StaffEntity)).toBe(staff);
    });
  });
});
