/**
 * Directory login (LDAP) through the login page, against a real OpenLDAP
 * server (test/support/slapd.ts) and the demo town, on each database: the
 * directory proves the password and the app's account gives the role; a
 * login id the directory knows is never checked against a local password;
 * local-only accounts keep their local password, also while the directory
 * is down (then the others get 503 and a message saying why).
 */
import type { Express } from 'express';
import request from 'supertest';
import { DIRECTORY_PASSWORD_HASH } from '../../src/app/accounts/directory';
import { demoAccounts, seedDemoTown } from '../../src/app/demo/seed';
import { AccountEntity, AuditEntity, StaffEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import type { DirectoryConfig } from '../../src/app/accounts/directory';
import { freePort, PEOPLE_DN, startSlapd, TestSlapd } from '../support/slapd';
import { csrfToken, DATABASES, NOW, openTestDatabase, PASSWORD, TestDatabase, testClock } from '../support/web';

const WRONG = '職員番号（ログインID）またはパスワードが正しくありません。';
const DOWN = 'ディレクトリ（LDAP）サーバーに接続できないため、ディレクトリのアカウントではログインできません。';
/** A demo staff member whose login id is their staff id (as for accounts made on the staff page). */
const STAFF = demoAccounts().find((a) => a.role === '職員')!.loginId;

const YAMADA = 'yamada-directory-pw';

describe.each(DATABASES)('directory login (LDAP) on %s', (kind) => {
  let base: TestDatabase;
  let slapd: TestSlapd;
  const time = testClock(NOW);
  /** Staff id by login id, of the demo accounts. */
  const staffIdOf = new Map<string, string>();
  /** LDAP_STAFF_ID_ATTRIBUTE=employeeNumber: directory people are mapped by staff id. */
  let byStaffId: Express;
  /** No staff id attribute: the directory login id is the app's login id. */
  let byLoginId: Express;
  /** LDAP_URL at a port where nothing listens. */
  let down: Express;

  beforeAll(async () => {
    base = await openTestDatabase(kind);
    await seedDemoTown(base.db, NOW, PASSWORD);
    const accounts = await base.db.manager.find(AccountEntity, { order: { id: 'ASC' } });
    for (const a of accounts) staffIdOf.set(a.loginId, a.staffId);
    const others = accounts.filter((a) => a.role === 'staff' && a.loginId !== STAFF);
    staffIdOf.set('other-1', others[0].staffId);
    staffIdOf.set('other-2', others[1].staffId);
    slapd = await startSlapd([
      { uid: 'yamada', password: YAMADA, employeeNumber: staffIdOf.get('jumin-kacho') },
      { uid: 'suzuki', password: 'suzuki-directory-pw', employeeNumber: staffIdOf.get('zeimu-kacho') },
      { uid: STAFF, password: 'staff-directory-pw', employeeNumber: staffIdOf.get(STAFF) },
      { uid: 'tanaka', password: 'tanaka-directory-pw', employeeNumber: staffIdOf.get('other-1'), locked: true },
      { uid: 'kato', password: 'kato-directory-pw', employeeNumber: staffIdOf.get('other-2'), userAccountControl: 514 },
      { uid: 'sato', password: 'sato-directory-pw', employeeNumber: 'x9999' },
    ]);
    const app = (directory: DirectoryConfig) =>
      createApp({ db: base.db, sessionSecret: 'test-secret-not-for-production', clock: time.clock, loginLimit: 1000, directory });
    byStaffId = app(slapd.config());
    byLoginId = app(slapd.config({ staffIdAttribute: null }));
    down = app(slapd.config({ url: `ldap://127.0.0.1:${await freePort()}`, timeoutMs: 1000 }));
  });

  // A day between tests: the per-login-id throttle forgets each test's failures.
  beforeEach(() => time.set(time.clock().plus({ hours: 25 })));

  afterAll(async () => {
    await slapd?.stop();
    await base?.close();
  });

  /** Posts the login form; a login that succeeds is followed to the role's start page. */
  async function logIn(app: Express, loginId: string, password: string): Promise<{ status: number; text: string; landing: string | null }> {
    const agent = request.agent(app);
    const token = await csrfToken(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf: token, loginId, password });
    if (res.status !== 302) return { status: res.status, text: res.text, landing: null };
    const start = await agent.get(res.headers.location);
    return { status: res.status, text: res.text, landing: start.status === 302 ? start.headers.location : null };
  }

  const hashOf = async (loginId: string) => (await base.db.manager.findOneByOrFail(AccountEntity, { loginId })).passwordHash;

  it("logs a directory person in with the directory password, as the app's account of their staff id, with its role", async () => {
    const chief = await logIn(byStaffId, 'yamada', YAMADA);
    expect(chief.status).toBe(302);
    expect(chief.landing).toMatch(/^\/divisions\/jumin\/weeks\/\d{4}-W\d{2}$/);
    expect(slapd.binds().at(-1)).toBe(`uid=yamada,${PEOPLE_DN}`);
    const account = await base.db.manager.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' });
    expect(account.lastLoginAt).not.toBeNull();
    // From now on the account has no local password: it is not a way in, even while the directory is down.
    expect(account.passwordHash).toBe(DIRECTORY_PASSWORD_HASH);
    // The audit log says how: through the directory.
    const event = await base.db.manager.findOneByOrFail(AuditEntity, { action: 'login', actor: 'jumin-kacho' });
    expect(JSON.parse(event.after!)).toMatchObject({ method: 'directory' });
    expect((await logIn(byStaffId, STAFF, 'staff-directory-pw')).landing).toBe('/me');
  });

  it('without a staff id attribute, the directory login id is the account', async () => {
    expect((await logIn(byLoginId, STAFF, 'staff-directory-pw')).landing).toBe('/me');
    // yamada is in the directory, but no account has the login id yamada.
    const res = await logIn(byLoginId, 'yamada', YAMADA);
    expect(res.status).toBe(401);
    expect(res.text).toContain(WRONG);
  });

  it('refuses a wrong password and an unknown login id with the same message', async () => {
    for (const [loginId, password] of [
      ['yamada', 'not-the-password'],
      ['nobody', YAMADA],
    ]) {
      const res = await logIn(byStaffId, loginId, password);
      expect(res.status).toBe(401);
      expect(res.text).toContain(WRONG);
    }
  });

  it('refuses an account locked in OpenLDAP (ppolicy) and one disabled in AD (userAccountControl)', async () => {
    for (const [loginId, password] of [
      ['tanaka', 'tanaka-directory-pw'],
      ['kato', 'kato-directory-pw'],
    ]) {
      const res = await logIn(byStaffId, loginId, password);
      expect(res.status).toBe(401);
      expect(res.text).toContain(WRONG);
    }
    expect(await hashOf(demoLoginOf(staffIdOf.get('other-1')!))).not.toBe(DIRECTORY_PASSWORD_HASH);
  });

  it('refuses a directory person without an active account in the app', async () => {
    const stranger = await logIn(byStaffId, 'sato', 'sato-directory-pw');
    expect(stranger.status).toBe(401);
    expect(stranger.text).toContain(WRONG);
    const staffId = staffIdOf.get(STAFF)!;
    await base.db.write((m) => m.update(StaffEntity, { id: staffId }, { active: false }));
    try {
      expect((await logIn(byStaffId, STAFF, 'staff-directory-pw')).status).toBe(401);
    } finally {
      await base.db.write((m) => m.update(StaffEntity, { id: staffId }, { active: true }));
    }
  });

  it('keeps the local password for an account the directory does not know (the first HR account)', async () => {
    const hr = await logIn(byStaffId, 'jinji', PASSWORD);
    expect(hr.status).toBe(302);
    const event = await base.db.manager.findOneByOrFail(AuditEntity, { action: 'login', actor: 'jinji' });
    expect(JSON.parse(event.after!)).toMatchObject({ method: 'password' });
    expect(hr.landing).toMatch(/^\/hr\/weeks\//);
    expect((await logIn(byStaffId, 'jinji', 'not-the-password')).status).toBe(401);
  });

  it("never accepts a directory person's local password", async () => {
    // zeimu-kacho has a local password (the demo's) and has never logged in through the directory,
    // but suzuki's employeeNumber is its staff id: the account is suzuki's, and only the directory checks it.
    expect(await hashOf('zeimu-kacho')).not.toBe(DIRECTORY_PASSWORD_HASH);
    expect((await logIn(byStaffId, 'zeimu-kacho', PASSWORD)).status).toBe(401);
    expect((await logIn(byStaffId, 'suzuki', PASSWORD)).status).toBe(401);
    // Login id and uid alike: the directory's answer is final.
    expect((await logIn(byLoginId, STAFF, PASSWORD)).status).toBe(401);
    expect((await logIn(byStaffId, 'suzuki', 'suzuki-directory-pw')).landing).toMatch(/^\/divisions\/zeimu\/weeks\//);
  });

  it('while the directory is down: 503 with the reason for directory people, local accounts still log in', async () => {
    expect((await logIn(byStaffId, 'yamada', YAMADA)).status).toBe(302);
    const hr = await logIn(down, 'jinji', PASSWORD);
    expect(hr.status).toBe(302);
    expect(hr.landing).toMatch(/^\/hr\/weeks\//);
    for (const [loginId, password] of [
      ['yamada', YAMADA],
      ['nobody', 'whatever-password'],
      // Logged in through the directory before: its local password is gone.
      ['jumin-kacho', PASSWORD],
    ]) {
      const res = await logIn(down, loginId, password);
      expect(res.status).toBe(503);
      expect(res.text).toContain(DOWN);
      expect(res.text).toContain(`value="${loginId}"`);
    }
  });

  it('escapes the login id into the filter: an injected filter finds nobody', async () => {
    const binds = slapd.binds().length;
    for (const loginId of ['*)(uid=*', '*', 'yama*']) {
      const res = await logIn(byStaffId, loginId, YAMADA);
      expect(res.status).toBe(401);
      expect(res.text).toContain(WRONG);
    }
    expect(
      slapd
        .binds()
        .slice(binds)
        .filter((dn) => dn.startsWith('uid=')),
    ).toEqual([]);
    expect(slapd.searches().slice(-3)).toEqual(['(uid=\\2A\\29\\28uid=\\2A)', '(uid=\\2A)', '(uid=yama\\2A)']);
  });

  it('refuses an empty password without sending a bind', async () => {
    const binds = slapd.binds().length;
    const res = await logIn(byStaffId, 'yamada', '');
    expect(res.status).toBe(401);
    expect(slapd.binds()).toHaveLength(binds);
  });

  /** The demo login id of a staff id. */
  function demoLoginOf(staffId: string): string {
    return [...staffIdOf].find(([login, id]) => id === staffId && !login.startsWith('other-'))![0];
  }
});
