/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   Response bodies are read as JSON after callApi has validated each against its schema in the OpenAPI document. */
/**
 * The JSON API (/api/v1): every response checked against the OpenAPI
 * document (callApi), tokens made and revoked on HR's page, scopes, the
 * absence path that republishes and tells people as the chief's change on
 * the day does, the staff master upsert with If-Match, and the audit log.
 */
import { createHash } from 'crypto';
import request from 'supertest';
import { DateTime } from 'luxon';
import { ZONE } from '../../src/app/calendar';
import { createToken } from '../../src/app/api/tokens';
import { actorOf } from '../../src/app/accounts/accounts';
import {
  AbsenceEntity,
  AccountEntity,
  ApiTokenEntity,
  AuditEntity,
  NotificationEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import { OPENAPI_DOCUMENT } from '../../src/web/api/openapi';
import { createApp } from '../../src/web/app';
import { createLogger } from '../../src/web/log';
import { callApi, operationOf, validateDocument } from '../support/openapi-contract';
import { Agent, csrfToken, DATABASES, login, NOW, startTestApp, TestApp, THIS_WEEK } from '../support/web';

const TOMORROW = '2026-11-19';
const YESTERDAY = '2026-11-17';

describe('the OpenAPI document', () => {
  test('is a valid OpenAPI 3.1 document', () => {
    const result = validateDocument();
    expect(result.errors).toBeFalsy();
    expect(result.valid).toBe(true);
  });

  test('the validator does reject a broken document', () => {
    const broken = { ...OPENAPI_DOCUMENT, paths: { '/x': { get: { responses: { '200': { content: 5 } } } } } };
    expect(validateDocument(broken).valid).toBe(false);
  });

  test('every bearer operation says which scope it needs, and documents 401 and 403', () => {
    let seen = 0;
    for (const [path, item] of Object.entries(OPENAPI_DOCUMENT.paths)) {
      for (const [method, op] of Object.entries(item as unknown as Record<string, { security: unknown[]; responses: object }>)) {
        if (path.endsWith('openapi.json')) continue;
        if (path.startsWith('/api/v1/me/')) {
          expect(op.security).toEqual([{ session: [] }]);
          continue;
        }
        seen++;
        expect((op as Record<string, unknown>)['x-required-scope']).toEqual(
          expect.arrayContaining([expect.stringMatching(/^(read|absences|staff)$/)]),
        );
        expect(op.security).toEqual([{ bearer: [] }]);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
        expect(operationOf(method, path.replace(/\{[^}]+\}/g, 'x')).template).toBe(path);
      }
    }
    expect(seen).toBe(8);
  });

  test('the contract check fails on an undocumented path', () => {
    expect(() => operationOf('GET', '/api/v1/nothing')).toThrow(/undocumented path/);
    expect(() => operationOf('PATCH', '/api/v1/absences')).toThrow(/undocumented method/);
  });
});

describe.each(DATABASES)('JSON API (%s)', (kind) => {
  let t: TestApp;
  let hr: Agent;
  const tokens: Record<'read' | 'absences' | 'staff', string> = { read: '', absences: '', staff: '' };
  let person: { id: string; name: string };
  let chiefStaffId: string;

  /** HR issues a token on the page: the secret as the page shows it, once. */
  async function issue(name: string, scope: string, expires = ''): Promise<string> {
    const res = await hr
      .post('/hr/api-tokens')
      .type('form')
      .send({ _csrf: await csrfToken(hr, '/hr/api-tokens'), name, scope, expires });
    const match = /data-api-token>([^<]+)</.exec(res.text);
    if (res.status !== 200 || !match) throw new Error(`no token (status ${res.status})`);
    return match[1];
  }

  beforeAll(async () => {
    t = await startTestApp(kind);
    hr = await login(t.app, 'jinji');
    tokens.read = await issue('勤務表の連携', 'read');
    tokens.absences = await issue('庶務事務システム', 'absences');
    tokens.staff = await issue('人事システム', 'staff');
    const chief = await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' });
    chiefStaffId = chief.staffId;
    const staff = await t.db.manager.find(StaffEntity, { where: { divisionId: 'jumin', active: true }, order: { id: 'ASC' } });
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
    const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
    // Someone the published roster has at work tomorrow, so the absence changes what they were told.
    const atWork = staff.find(
      (s) => s.id !== chiefStaffId && pub.assignments.some((a) => a.staff === s.id && a.day === TOMORROW && a.mode !== 'absent'),
    )!;
    person = { id: atWork.id, name: atWork.name };
  });
  afterAll(async () => {
    await t.close();
  });

  describe('tokens on HR page', () => {
    test('the secret is shown once, stored only as its SHA-256, and the list shows a prefix', async () => {
      expect(tokens.read).toMatch(/^trs_[A-Za-z0-9_-]{43}$/);
      const rows = await t.db.manager.find(ApiTokenEntity);
      expect(rows).toHaveLength(3);
      const row = rows.find((r) => r.name === '勤務表の連携')!;
      expect(row.tokenHash).toBe(createHash('sha256').update(tokens.read).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(tokens.read.slice(4));
      const page = await hr.get('/hr/api-tokens');
      expect(page.status).toBe(200);
      expect(page.text).toContain(`${tokens.read.slice(0, 10)}…`);
      expect(page.text).not.toContain(tokens.read);
      expect(page.text).toContain('<th scope="col">権限</th>');
      const audit = await t.db.manager.findOneByOrFail(AuditEntity, { action: 'api-token-create', entityId: String(row.id) });
      expect(audit.actor).toBe('jinji');
      expect(audit.after).not.toContain(tokens.read.slice(4));
    });

    test('a form with a missing name or scope is shown again with the problem named', async () => {
      const res = await hr
        .post('/hr/api-tokens')
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/api-tokens'), name: '', scope: 'everything' });
      expect(res.status).toBe(422);
      expect(res.text).toContain('「名前」を入力してください');
      expect(res.text).toContain('「権限」は');
      expect(await t.db.manager.count(ApiTokenEntity)).toBe(3);
    });

    test('creating without the CSRF token is refused', async () => {
      const res = await hr.post('/hr/api-tokens').type('form').send({ name: '偽物', scope: 'read' });
      expect(res.status).toBe(403);
      expect(await t.db.manager.countBy(ApiTokenEntity, { name: '偽物' })).toBe(0);
    });

    test('staff and chiefs cannot see or make tokens', async () => {
      for (const loginId of ['jumin-kacho', 't0003']) {
        const agent = await login(t.app, loginId);
        expect((await agent.get('/hr/api-tokens')).status).toBe(403);
        const res = await agent
          .post('/hr/api-tokens')
          .type('form')
          .send({ _csrf: await csrfToken(agent, '/me'), name: 'x', scope: 'read' });
        expect(res.status).toBe(403);
      }
      expect(await t.db.manager.countBy(ApiTokenEntity, { name: 'x' })).toBe(0);
    });
  });

  describe('authentication and scopes', () => {
    const url = `/api/v1/weeks/${THIS_WEEK}/roster`;

    test('the document is served without a token', async () => {
      const res = await callApi(t.app, 'GET', '/api/v1/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    });

    test('no token, an unknown one, or not a bearer one: 401 with WWW-Authenticate', async () => {
      for (const res of [
        await callApi(t.app, 'GET', url),
        await callApi(t.app, 'GET', url, { token: `trs_${'A'.repeat(43)}` }),
        await callApi(t.app, 'GET', url, { headers: { Authorization: `Basic ${tokens.read}` } }),
      ]) {
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
        expect(res.body.code).toBe('unauthorized');
      }
    });

    test('a token without the scope gets 403 on every operation it may not call', async () => {
      const cases: [string, 'GET' | 'POST' | 'PUT' | 'DELETE', string, unknown?][] = [
        [tokens.absences, 'GET', url],
        [tokens.staff, 'GET', `/api/v1/weeks/${THIS_WEEK}/requests`],
        [tokens.absences, 'GET', `/api/v1/staff/${person.id}/telework-days?month=2026-11`],
        [tokens.read, 'POST', '/api/v1/absences', { employeeNumber: person.id, date: TOMORROW }],
        [tokens.staff, 'POST', '/api/v1/absences', { employeeNumber: person.id, date: TOMORROW }],
        [tokens.read, 'DELETE', '/api/v1/absences/1'],
        [tokens.read, 'PUT', '/api/v1/staff/x1', { name: 'x' }],
        [tokens.absences, 'PUT', '/api/v1/staff/x1', { name: 'x' }],
        [tokens.absences, 'GET', `/api/v1/staff/${person.id}`],
      ];
      for (const [token, method, path, body] of cases) {
        const res = await callApi(t.app, method, path, { token, body });
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'insufficient-scope']);
      }
      expect(await t.db.manager.count(AbsenceEntity, { where: { createdBy: 'api:庶務事務システム' } })).toBe(0);
      expect(await t.db.manager.existsBy(StaffEntity, { id: 'x1' })).toBe(false);
    });

    test('a revoked token gets 401; revoking needs HR and the CSRF token', async () => {
      const secret = await issue('取り消すトークン', 'read');
      expect((await callApi(t.app, 'GET', url, { token: secret })).status).toBe(200);
      const row = await t.db.manager.findOneByOrFail(ApiTokenEntity, { name: '取り消すトークン' });
      expect((await hr.post(`/hr/api-tokens/${row.id}/revoke`).type('form').send({})).status).toBe(403);
      const res = await hr
        .post(`/hr/api-tokens/${row.id}/revoke`)
        .type('form')
        .send({ _csrf: await csrfToken(hr, '/hr/api-tokens') });
      expect(res.status).toBe(302);
      const after = await callApi(t.app, 'GET', url, { token: secret });
      expect(after.status).toBe(401);
      expect(after.body.detail).toContain('取り消されています');
      expect((await t.db.manager.findOneByOrFail(ApiTokenEntity, { id: row.id })).revokedBy).toBe('jinji');
      expect(await t.db.manager.existsBy(AuditEntity, { action: 'api-token-revoke', entityId: String(row.id), actor: 'jinji' })).toBe(true);
      expect((await hr.get('/hr/api-tokens')).text).toContain('取消済み');
    });

    test('an expired token gets 401', async () => {
      const hrActor = (await actorOf(t.db.manager, (await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 'jinji' })).id))!;
      const { secret } = await createToken(t.db, hrActor, { name: '期限つき', scope: 'read', expires: '2026-11-18' }, t.time.clock);
      expect((await callApi(t.app, 'GET', url, { token: secret })).status).toBe(200);
      t.time.set(DateTime.fromISO('2026-11-19T00:00:01', { zone: ZONE }));
      try {
        const res = await callApi(t.app, 'GET', url, { token: secret });
        expect(res.status).toBe(401);
        expect(res.body.detail).toContain('有効期限');
      } finally {
        t.time.set(NOW);
      }
    });

    test('last use is recorded, at most once a minute', async () => {
      const row = await t.db.manager.findOneByOrFail(ApiTokenEntity, { name: '勤務表の連携' });
      await callApi(t.app, 'GET', url, { token: tokens.read });
      const first = (await t.db.manager.findOneByOrFail(ApiTokenEntity, { id: row.id })).lastUsedAt;
      expect(first).toBe(NOW.toUTC().toISO());
      t.time.set(NOW.plus({ seconds: 30 }));
      await callApi(t.app, 'GET', url, { token: tokens.read });
      expect((await t.db.manager.findOneByOrFail(ApiTokenEntity, { id: row.id })).lastUsedAt).toBe(first);
      t.time.set(NOW.plus({ seconds: 61 }));
      await callApi(t.app, 'GET', url, { token: tokens.read });
      expect((await t.db.manager.findOneByOrFail(ApiTokenEntity, { id: row.id })).lastUsedAt).toBe(
        NOW.plus({ seconds: 61 }).toUTC().toISO(),
      );
      t.time.set(NOW);
    });
  });

  describe('reads', () => {
    test('the organisation roster of a week: every division, each person once a day, as published', async () => {
      const res = await callApi(t.app, 'GET', `/api/v1/weeks/${THIS_WEEK}/roster`, { token: tokens.read });
      expect(res.status).toBe(200);
      expect(res.body.week).toBe(THIS_WEEK);
      const jumin = res.body.divisions.find((d: { code: string }) => d.code === 'jumin');
      const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
      const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
      expect(jumin).toMatchObject({ status: 'published', version: row.publishedVersion });
      for (const day of jumin.days) {
        const mine = pub.assignments.filter((a) => a.day === day.date);
        expect(day.telework.map((p: { employeeNumber: string }) => p.employeeNumber).sort()).toEqual(
          mine
            .filter((a) => a.mode === 'telework')
            .map((a) => a.staff)
            .sort(),
        );
        expect(day.telework.length + day.office.length + day.absent.length).toBe(mine.length);
      }
      expect(res.body.divisions.every((d: { status: string }) => d.status === 'published')).toBe(true);
    });

    test('one division; a week without a published roster says so', async () => {
      const one = await callApi(t.app, 'GET', `/api/v1/weeks/${THIS_WEEK}/divisions/jumin/roster`, { token: tokens.read });
      expect(one.status).toBe(200);
      expect(one.body.divisions.map((d: { code: string }) => d.code)).toEqual(['jumin']);
      const later = await callApi(t.app, 'GET', '/api/v1/weeks/2026-W52/divisions/jumin/roster', { token: tokens.read });
      expect(later.body.divisions[0]).toMatchObject({ status: 'unpublished', version: null, days: [] });
    });

    test('an unknown division is 404, a bad week 400', async () => {
      const missing = await callApi(t.app, 'GET', `/api/v1/weeks/${THIS_WEEK}/divisions/nope/roster`, { token: tokens.read });
      expect([missing.status, missing.body.code]).toEqual([404, 'not-found']);
      expect(missing.body.detail).toContain('nope');
      const bad = await callApi(t.app, 'GET', '/api/v1/weeks/2026-W60/roster', { token: tokens.read });
      expect([bad.status, bad.body.code]).toEqual([400, 'bad-request']);
    });

    test("a person's telework days of a month, with the weeks not yet published", async () => {
      const res = await callApi(t.app, 'GET', `/api/v1/staff/${person.id}/telework-days?month=2026-11`, { token: tokens.read });
      expect(res.status).toBe(200);
      expect(res.body.weeks.map((w: { week: string }) => w.week)).toEqual([
        '2026-W44',
        '2026-W45',
        '2026-W46',
        '2026-W47',
        '2026-W48',
        '2026-W49',
      ]);
      expect(res.body.weeks.find((w: { week: string }) => w.week === THIS_WEEK).status).toBe('published');
      expect(res.body.weeks.find((w: { week: string }) => w.week === '2026-W49').status).toBe('unpublished');
      const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
      const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
      const mine = pub.assignments.filter((a) => a.staff === person.id);
      expect(res.body.days.map((d: { date: string; mode: string }) => `${d.date}:${d.mode}`)).toEqual(
        mine.map((a) => `${a.day}:${a.mode}`).sort(),
      );
      expect(res.body.teleworkDays).toBe(mine.filter((a) => a.mode === 'telework').length);
    });

    test('a bad month is 400, an unknown person 404', async () => {
      const bad = await callApi(t.app, 'GET', `/api/v1/staff/${person.id}/telework-days?month=2026-13`, { token: tokens.read });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toContain('month');
      const none = await callApi(t.app, 'GET', '/api/v1/staff/nobody/telework-days?month=2026-11', { token: tokens.read });
      expect(none.status).toBe(404);
    });

    test("a week's requests, of everyone or one division", async () => {
      const all = await callApi(t.app, 'GET', '/api/v1/weeks/2026-W48/requests', { token: tokens.read });
      expect(all.status).toBe(200);
      expect(all.body.requests.length).toBeGreaterThan(0);
      const jumin = await callApi(t.app, 'GET', '/api/v1/weeks/2026-W48/requests?division=jumin', { token: tokens.read });
      const ids = new Set((await t.db.manager.find(StaffEntity, { where: { divisionId: 'jumin' } })).map((s) => s.id));
      expect(jumin.body.requests.length).toBeGreaterThan(0);
      expect(jumin.body.requests.length).toBeLessThan(all.body.requests.length);
      expect(jumin.body.requests.every((r: { employeeNumber: string }) => ids.has(r.employeeNumber))).toBe(true);
    });

    test('personal data read through the API is in the audit log under the token name, once a day per subject', async () => {
      const before = await t.db.manager.countBy(AuditEntity, { action: 'api-read', actor: 'api:勤務表の連携' });
      await callApi(t.app, 'GET', `/api/v1/staff/${person.id}/telework-days?month=2026-10`, { token: tokens.read });
      await callApi(t.app, 'GET', `/api/v1/staff/${person.id}/telework-days?month=2026-10`, { token: tokens.read });
      expect(await t.db.manager.countBy(AuditEntity, { action: 'api-read', actor: 'api:勤務表の連携' })).toBe(before + 1);
    });
  });

  describe('absences', () => {
    test('an absence for tomorrow republishes the day and tells the person and the chief, once', async () => {
      const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
      const notesBefore = await t.db.manager.countBy(NotificationEntity, { staffId: person.id });
      const res = await callApi(t.app, 'POST', '/api/v1/absences', {
        token: tokens.absences,
        body: { employeeNumber: person.id, date: TOMORROW },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        created: true,
        absence: { employeeNumber: person.id, date: TOMORROW, createdBy: 'api:庶務事務システム' },
      });
      expect(res.body.published).toEqual([{ division: 'jumin', version: row.publishedVersion + 1 }]);
      const after = await t.db.manager.findOneByOrFail(RosterEntity, { id: row.id });
      expect(after.publishedVersion).toBe(row.publishedVersion + 1);
      const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: after.publishedVersion });
      expect(pub.assignments.find((a) => a.staff === person.id && a.day === TOMORROW)?.mode).toBe('absent');
      // Only tomorrow was re-solved: the other days are as they were published.
      const old = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
      const others = (p: RosterPublicationEntity) =>
        JSON.stringify(
          p.assignments.filter((a) => a.day !== TOMORROW).sort((a, b) => `${a.staff}${a.day}`.localeCompare(`${b.staff}${b.day}`)),
        );
      expect(others(pub)).toBe(others(old));
      expect(await t.db.manager.countBy(NotificationEntity, { staffId: person.id })).toBe(notesBefore + 1);
      const chiefNote = await t.db.manager.findOneBy(NotificationEntity, {
        staffId: chiefStaffId,
        title: `${person.name}さんの11月19日(木)の休暇が登録されました（庶務事務システム）`,
      });
      expect(chiefNote).not.toBeNull();
      const audit = await t.db.manager.findOneByOrFail(AuditEntity, { action: 'api-absence-create', entityId: `${person.id}|${TOMORROW}` });
      expect(audit.actor).toBe('api:庶務事務システム');
      const roster = await callApi(t.app, 'GET', `/api/v1/weeks/${THIS_WEEK}/divisions/jumin/roster`, { token: tokens.read });
      const day = roster.body.divisions[0].days.find((d: { date: string }) => d.date === TOMORROW);
      expect(day.absent.map((p: { employeeNumber: string }) => p.employeeNumber)).toContain(person.id);

      const again = await callApi(t.app, 'POST', '/api/v1/absences', {
        token: tokens.absences,
        body: { employeeNumber: person.id, date: TOMORROW },
      });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ created: false, absence: { id: res.body.absence.id }, published: [], changes: 0 });
      expect(await t.db.manager.countBy(AbsenceEntity, { staffId: person.id, day: TOMORROW })).toBe(1);
      expect((await t.db.manager.findOneByOrFail(RosterEntity, { id: row.id })).publishedVersion).toBe(after.publishedVersion);
      expect(await t.db.manager.countBy(NotificationEntity, { staffId: person.id })).toBe(notesBefore + 1);
    });

    test('deleting it republishes the day without the absence', async () => {
      const absence = await t.db.manager.findOneByOrFail(AbsenceEntity, { staffId: person.id, day: TOMORROW });
      const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
      const res = await callApi(t.app, 'DELETE', `/api/v1/absences/${absence.id}`, { token: tokens.absences });
      expect(res.status).toBe(200);
      expect(res.body.published).toEqual([{ division: 'jumin', version: row.publishedVersion + 1 }]);
      expect(await t.db.manager.existsBy(AbsenceEntity, { id: absence.id })).toBe(false);
      const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion + 1 });
      expect(pub.assignments.find((a) => a.staff === person.id && a.day === TOMORROW)?.mode).not.toBe('absent');
      expect(await t.db.manager.existsBy(AuditEntity, { action: 'api-absence-delete', actor: 'api:庶務事務システム' })).toBe(true);
      const gone = await callApi(t.app, 'DELETE', `/api/v1/absences/${absence.id}`, { token: tokens.absences });
      expect([gone.status, gone.body.code]).toEqual([404, 'not-found']);
    });

    test('the past is not changed: an absence for yesterday, or deleting one of yesterday, is refused', async () => {
      const res = await callApi(t.app, 'POST', '/api/v1/absences', {
        token: tokens.absences,
        body: { employeeNumber: person.id, date: YESTERDAY },
      });
      expect([res.status, res.body.code]).toEqual([422, 'invalid']);
      expect(res.body.detail).toContain('過ぎた日');
      expect(await t.db.manager.existsBy(AbsenceEntity, { staffId: person.id, day: YESTERDAY })).toBe(false);
      await t.db.write((m) => m.insert(AbsenceEntity, { staffId: person.id, day: YESTERDAY, createdBy: 'jumin-kacho' }));
      const old = await t.db.manager.findOneByOrFail(AbsenceEntity, { staffId: person.id, day: YESTERDAY });
      const del = await callApi(t.app, 'DELETE', `/api/v1/absences/${old.id}`, { token: tokens.absences });
      expect(del.status).toBe(422);
      expect(await t.db.manager.existsBy(AbsenceEntity, { id: old.id })).toBe(true);
    });

    test('bad input: unreadable JSON is 400, missing or wrong fields 422 naming them, an unknown person 404', async () => {
      const broken = await callApi(t.app, 'POST', '/api/v1/absences', { token: tokens.absences, rawBody: '{"employeeNumber": ' });
      expect([broken.status, broken.body.code]).toEqual([400, 'bad-json']);
      const empty = await callApi(t.app, 'POST', '/api/v1/absences', { token: tokens.absences, body: {} });
      expect(empty.status).toBe(422);
      expect(empty.body.problems.join('\n')).toMatch(/employeeNumber[\s\S]*date/);
      const badDate = await callApi(t.app, 'POST', '/api/v1/absences', {
        token: tokens.absences,
        body: { employeeNumber: person.id, date: '2026-02-30' },
      });
      expect(badDate.status).toBe(422);
      expect(badDate.body.problems[0]).toContain('date');
      const unknown = await callApi(t.app, 'POST', '/api/v1/absences', {
        token: tokens.absences,
        body: { employeeNumber: 'nobody', date: TOMORROW },
      });
      expect(unknown.status).toBe(404);
      const array = await callApi(t.app, 'POST', '/api/v1/absences', { token: tokens.absences, body: [1, 2] });
      expect(array.status).toBe(422);
      const big = await callApi(t.app, 'POST', '/api/v1/absences', {
        token: tokens.absences,
        rawBody: JSON.stringify({ employeeNumber: person.id, date: TOMORROW, pad: 'x'.repeat(70_000) }),
      });
      expect([big.status, big.body.code]).toEqual([413, 'too-large']);
    });
  });

  describe('staff master', () => {
    test('create, then update with If-Match; a stale or missing If-Match changes nothing', async () => {
      const created = await callApi(t.app, 'PUT', '/api/v1/staff/api0001', {
        token: tokens.staff,
        body: { name: '連携 太郎', divisionCode: 'jumin', jobType: '一般事務', maxTeleworkDays: 2 },
      });
      expect(created.status).toBe(201);
      expect(created.headers.etag).toBe('"1"');
      expect(created.body).toMatchObject({
        employeeNumber: 'api0001',
        divisionCode: 'jumin',
        role: 'staff',
        maxTeleworkDays: 2,
        revision: 1,
      });
      expect((await t.db.manager.findOneByOrFail(AuditEntity, { action: 'staff-create', entityId: 'api0001' })).actor).toBe(
        'api:人事システム',
      );

      const noMatch = await callApi(t.app, 'PUT', '/api/v1/staff/api0001', { token: tokens.staff, body: { jobType: '技術職' } });
      expect([noMatch.status, noMatch.body.code]).toEqual([428, 'precondition-required']);

      const updated = await callApi(t.app, 'PUT', '/api/v1/staff/api0001', {
        token: tokens.staff,
        body: { jobType: '技術職' },
        headers: { 'If-Match': '"1"' },
      });
      expect(updated.status).toBe(200);
      expect(updated.headers.etag).toBe('"2"');
      expect(updated.body).toMatchObject({ name: '連携 太郎', jobType: '技術職', maxTeleworkDays: 2, revision: 2 });

      const stale = await callApi(t.app, 'PUT', '/api/v1/staff/api0001', {
        token: tokens.staff,
        body: { jobType: '保育士' },
        headers: { 'If-Match': '"1"' },
      });
      expect([stale.status, stale.body.code]).toEqual([412, 'precondition-failed']);
      expect(stale.body.detail).toContain('現在の版: 2');
      expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: 'api0001' })).jobType).toBe('技術職');

      const read = await callApi(t.app, 'GET', '/api/v1/staff/api0001', { token: tokens.staff });
      expect([read.status, read.headers.etag, read.body.jobType]).toEqual([200, '"2"', '技術職']);
    });

    test('invalid values are refused with each field named, through the same checks as the HR form', async () => {
      const res = await callApi(t.app, 'PUT', '/api/v1/staff/api0002', {
        token: tokens.staff,
        body: { name: '', divisionCode: 'nowhere', jobType: '一般事務', maxTeleworkDays: 9, email: 'not-an-address' },
      });
      expect([res.status, res.body.code]).toEqual([422, 'invalid']);
      const text = res.body.problems.join('\n');
      expect(text).toContain('氏名');
      expect(text).toContain('所属課');
      expect(text).toContain('週の上限日数');
      expect(text).toContain('メールアドレス');
      const types = await callApi(t.app, 'PUT', '/api/v1/staff/api0002', {
        token: tokens.staff,
        body: { name: 'x', divisionCode: 'jumin', jobType: 'y', caregiver: 'yes', extra: 1 },
      });
      expect(types.status).toBe(422);
      expect(types.body.problems.join('\n')).toContain('caregiver（介護・育児）は true か false');
      expect(types.body.problems.join('\n')).toContain('知らない項目があります: extra');
      expect(await t.db.manager.existsBy(StaffEntity, { id: 'api0002' })).toBe(false);
      const badTag = await callApi(t.app, 'PUT', '/api/v1/staff/api0001', {
        token: tokens.staff,
        body: {},
        headers: { 'If-Match': 'two' },
      });
      expect(badTag.status).toBe(400);
    });
  });

  describe("the logged-in person's own requests (/api/v1/me)", () => {
    const url = '/api/v1/me/weeks/2026-W48/requests';

    test('without a login: 401 problem+json, not the login page', async () => {
      const res = await callApi(t.app, 'GET', url);
      expect([res.status, res.body.code]).toEqual([401, 'unauthorized']);
      const token = await callApi(t.app, 'GET', url, { token: tokens.read });
      expect(token.status).toBe(401);
    });

    test('a person sends their requests with the session and its CSRF token, as on the page', async () => {
      const me = await login(t.app, 't0003');
      const staff = await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 't0003' });
      const csrf = await callApi(t.app, 'GET', '/api/v1/me/csrf-token', { agent: me });
      expect(csrf.status).toBe(200);
      const body = {
        requests: [
          { date: '2026-11-25', rank: 1, reason: 'childcare' },
          { date: '2026-11-27', rank: 2 },
        ],
      };

      const noCsrf = await callApi(t.app, 'PUT', url, { agent: me, body });
      expect([noCsrf.status, noCsrf.body.code]).toEqual([403, 'forbidden']);

      const res = await callApi(t.app, 'PUT', url, { agent: me, body, headers: { 'X-CSRF-Token': csrf.body.token } });
      expect(res.status).toBe(200);
      expect(res.body.open).toBe(true);
      expect(res.body.requests).toEqual([
        { date: '2026-11-25', rank: 1, reason: 'childcare', status: 'active' },
        { date: '2026-11-27', rank: 2, reason: 'other', status: 'active' },
      ]);
      const rows = await t.db.manager.find(TeleworkRequestEntity, { where: { staffId: staff.staffId }, order: { day: 'ASC' } });
      expect(rows.filter((r) => r.day >= '2026-11-23' && r.day <= '2026-11-27').map((r) => `${r.day}:${r.rank}`)).toEqual([
        '2026-11-25:1',
        '2026-11-27:2',
      ]);
      const read = await callApi(t.app, 'GET', url, { agent: me });
      expect(read.body.requests).toHaveLength(2);

      const bad = await callApi(t.app, 'PUT', url, {
        agent: me,
        body: { requests: [{ date: '2026-11-23', rank: 1 }] },
        headers: { 'X-CSRF-Token': csrf.body.token },
      });
      expect(bad.status).toBe(422);
      expect(bad.body.problems.join('\n')).toContain('開庁日ではない');
      expect((await callApi(t.app, 'GET', url, { agent: me })).body.requests).toHaveLength(2);

      const days = await callApi(t.app, 'GET', '/api/v1/me/telework-days?month=2026-11', { agent: me });
      expect([days.status, days.body.employeeNumber]).toEqual([200, staff.staffId]);
    });
  });

  test('the token is never written to the log, whatever the answer', async () => {
    const written: string[] = [];
    const logger = createLogger('debug', { write: (text: string) => void written.push(text) });
    const logged = createApp({ db: t.db, sessionSecret: 'test-secret-not-for-production', clock: t.time.clock, logger });
    for (const [path, token] of [
      [`/api/v1/weeks/${THIS_WEEK}/roster`, tokens.read],
      ['/api/v1/absences/999999', tokens.absences],
      [`/api/v1/weeks/${THIS_WEEK}/roster?token=${tokens.staff}`, tokens.staff],
    ] as const) {
      const res = await request(logged).get(path).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBeGreaterThanOrEqual(200);
    }
    const log = written.join('');
    expect(written.filter((l) => l.includes('/api/v1/'))).toHaveLength(3);
    const readId = (await t.db.manager.findOneByOrFail(ApiTokenEntity, { name: '勤務表の連携' })).id;
    const first = JSON.parse(written.find((l) => l.includes('/roster'))!) as { path: string; status: number; apiTokenId?: number };
    expect(first).toMatchObject({ path: `/api/v1/weeks/${THIS_WEEK}/roster`, status: 200, apiTokenId: readId });
    for (const secret of Object.values(tokens)) expect(log).not.toContain(secret.slice(4));
    expect(log).not.toMatch(/authorization|bearer/i);
  });

  test('an unknown API path is a problem+json 404, not the HTML page', async () => {
    const res = await request(t.app).get('/api/v1/nothing').set('Authorization', `Bearer ${tokens.read}`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
