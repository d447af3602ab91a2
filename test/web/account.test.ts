/**
 * The smaller forms: changing one's password, and the chief deciding urgent
 * requests made after the deadline.
 */
import { verify } from '@node-rs/argon2';
import { AccountEntity, AuditEntity, TeleworkRequestEntity } from '../../src/persistence/entities';
import { csrfToken, DATABASES, login, NEXT_WEEK, PASSWORD, startTestApp, TestApp } from '../support/web';

describe.each(DATABASES)('account and urgent requests on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  it('refuses a bad password change, naming each problem, and keeps the old password', async () => {
    const agent = await login(t.app, 't0100');
    const before = (await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 't0100' })).passwordHash;
    const cases: [Record<string, string>, RegExp][] = [
      [{ current: 'wrong', next: 'long-enough-1', confirm: 'long-enough-1' }, /現在のパスワードが正しくありません/],
      [{ current: PASSWORD, next: 'short', confirm: 'short' }, /10文字以上/],
      [{ current: PASSWORD, next: 'long-enough-1', confirm: 'long-enough-2' }, /一致しません/],
      [{}, /現在のパスワードが正しくありません/],
    ];
    for (const [body, message] of cases) {
      const res = await agent
        .post('/me/password')
        .type('form')
        .send({ _csrf: await csrfToken(agent, '/me/password'), ...body });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(message);
    }
    expect((await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 't0100' })).passwordHash).toBe(before);
  });

  it('changes the password: the new one logs in, the old one no longer does', async () => {
    const agent = await login(t.app, 't0101');
    const res = await agent
      .post('/me/password')
      .type('form')
      .send({ _csrf: await csrfToken(agent, '/me/password'), current: PASSWORD, next: 'a-new-password', confirm: 'a-new-password' });
    expect(res.status).toBe(302);
    const account = await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 't0101' });
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verify(account.passwordHash, 'a-new-password')).toBe(true);
    await expect(login(t.app, 't0101')).rejects.toThrow('401');
    await login(t.app, 't0101', 'a-new-password');
    expect(await t.db.manager.countBy(AuditEntity, { action: 'change-password', actor: 't0101' })).toBe(1);
  });

  it('lets the chief approve or reject an urgent request, only once, only in their division', async () => {
    const staffId = 't0090';
    const insert = async (day: string) =>
      (
        await t.db.source.manager.save(TeleworkRequestEntity, {
          staffId,
          day,
          rank: 9,
          reason: 'health',
          status: 'pending',
          createdAt: new Date().toISOString(),
        })
      ).id;
    await t.db.source.manager.delete(TeleworkRequestEntity, { staffId });
    const a = await insert('2026-11-24');
    const b = await insert('2026-11-25');
    const chief = await login(t.app, 'jumin-kacho');
    const list = await chief.get('/divisions/jumin/requests');
    expect(list.status).toBe(200);
    expect(list.text).toContain('健康上の理由');
    const token = await csrfToken(chief, '/divisions/jumin/requests');
    expect((await chief.post(`/divisions/jumin/requests/${a}`).type('form').send({ _csrf: token, decision: 'approve' })).status).toBe(302);
    expect((await chief.post(`/divisions/jumin/requests/${b}`).type('form').send({ _csrf: token, decision: 'reject' })).status).toBe(302);
    expect((await t.db.manager.findOneByOrFail(TeleworkRequestEntity, { id: a })).status).toBe('active');
    expect((await t.db.manager.findOneByOrFail(TeleworkRequestEntity, { id: b })).status).toBe('rejected');
    const again = await chief.post(`/divisions/jumin/requests/${a}`).type('form').send({ _csrf: token, decision: 'reject' });
    expect(again.status).toBe(422);
    expect(again.text).toContain('すでに処理されています');
    const bad = await chief.post(`/divisions/jumin/requests/${a}`).type('form').send({ _csrf: token, decision: 'maybe' });
    expect(bad.status).toBe(422);
    const other = await login(t.app, 'zeimu-kacho');
    const foreign = await other
      .post(`/divisions/zeimu/requests/${a}`)
      .type('form')
      .send({ _csrf: await csrfToken(other, '/divisions/zeimu/requests'), decision: 'reject' });
    expect(foreign.status).toBe(404);
    expect((await t.db.manager.findOneByOrFail(TeleworkRequestEntity, { id: a })).status).toBe('active');
    // The approved request makes the week's draft stale once a roster exists.
    const week = await chief.get(`/divisions/jumin/weeks/${NEXT_WEEK}`);
    expect(week.status).toBe(200);
  });
});
