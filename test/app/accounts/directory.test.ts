/**
 * The directory's answer about a login, asked of a real OpenLDAP server
 * (test/support/slapd.ts): found and proven, refused (wrong, locked,
 * disabled, ambiguous), unknown (the local password's turn), or down (with a
 * reason that names the step and a code, nothing personal). The login id is
 * escaped into the filter; an empty password is never sent.
 */
import { createServer, Server, Socket } from 'net';
import { DirectoryCheck, directoryAuthenticate, DIRECTORY_PASSWORD_HASH, isUserFilter } from '../../../src/app/accounts/directory';
import { NO_PASSWORD } from '../../../src/app/accounts/setup-links';
import { freePort, PEOPLE_DN, SERVICE_PASSWORD, startSlapd, TestSlapd } from '../../support/slapd';

const USERS = [
  { uid: 'yamada', password: 'yamada-directory-pw', employeeNumber: 's0101' },
  { uid: 'tanaka', password: 'tanaka-directory-pw', employeeNumber: 's0102', locked: true },
  { uid: 'kato', password: 'kato-directory-pw', employeeNumber: 's0103', userAccountControl: 514 },
  { uid: 'mori', password: 'mori-directory-pw', employeeNumber: 's0104', userAccountControl: 512 },
  { uid: 'nostaff', password: 'nostaff-directory-pw' },
  { uid: 'twin-a', password: 'twin-directory-pw', employeeNumber: 's0200' },
  { uid: 'twin-b', password: 'twin-directory-pw', employeeNumber: 's0200' },
];

let slapd: TestSlapd;

beforeAll(async () => {
  slapd = await startSlapd(USERS, { tls: true });
});

afterAll(async () => {
  await slapd?.stop();
});

describe('directoryAuthenticate', () => {
  it('finds the person with the service account, binds as them and gives the staff id', async () => {
    expect(await directoryAuthenticate(slapd.config(), 'yamada', 'yamada-directory-pw')).toEqual({
      kind: 'ok',
      account: { staffId: 's0101' },
    });
    expect(slapd.binds().slice(-2)).toEqual([expect.stringMatching(/^cn=rotation-reader,/), `uid=yamada,${PEOPLE_DN}`]);
  });

  it('without a staff id attribute the login id is the account', async () => {
    const check = await directoryAuthenticate(slapd.config({ staffIdAttribute: null }), 'yamada', 'yamada-directory-pw');
    expect(check).toEqual({ kind: 'ok', account: { loginId: 'yamada' } });
  });

  it("works with AD's filter and an anonymous search", async () => {
    const config = slapd.config({ userFilter: '(&(objectClass=inetOrgPerson)(sAMAccountName={login}))', bind: null });
    const before = slapd.binds().length;
    expect(await directoryAuthenticate(config, 'yamada', 'yamada-directory-pw')).toEqual({ kind: 'ok', account: { staffId: 's0101' } });
    expect(slapd.binds().slice(before)).toEqual([`uid=yamada,${PEOPLE_DN}`]);
  });

  it('refuses a wrong password, a locked (ppolicy) entry and an AD-disabled one', async () => {
    expect(await directoryAuthenticate(slapd.config(), 'yamada', 'not-the-password')).toEqual({ kind: 'wrong' });
    expect(await directoryAuthenticate(slapd.config(), 'tanaka', 'tanaka-directory-pw')).toEqual({ kind: 'wrong' });
    // The locked entry's bind was sent and the server refused it; the AD-disabled one is not even tried.
    expect(slapd.binds()).toContain(`uid=tanaka,${PEOPLE_DN}`);
    expect(await directoryAuthenticate(slapd.config(), 'kato', 'kato-directory-pw')).toEqual({ kind: 'wrong' });
    expect(slapd.binds()).not.toContain(`uid=kato,${PEOPLE_DN}`);
    // userAccountControl without the disabled bit (512, a normal account) logs in.
    expect((await directoryAuthenticate(slapd.config(), 'mori', 'mori-directory-pw')).kind).toBe('ok');
  });

  it('refuses an entry without a staff id, and a filter that finds two entries', async () => {
    expect(await directoryAuthenticate(slapd.config(), 'nostaff', 'nostaff-directory-pw')).toEqual({ kind: 'wrong' });
    const byNumber = slapd.config({ userFilter: '(employeeNumber={login})' });
    expect(await directoryAuthenticate(byNumber, 's0200', 'twin-directory-pw')).toEqual({ kind: 'wrong' });
    expect(await directoryAuthenticate(byNumber, 's0101', 'yamada-directory-pw')).toEqual({ kind: 'ok', account: { staffId: 's0101' } });
  });

  it("leaves an unknown login id to the local password, unless the account's staff id is a directory person's", async () => {
    expect(await directoryAuthenticate(slapd.config(), 'nobody', 'whatever-pw')).toEqual({ kind: 'unknown' });
    expect(await directoryAuthenticate(slapd.config(), 'jinji', 'whatever-pw', 't0002')).toEqual({ kind: 'unknown' });
    expect(await directoryAuthenticate(slapd.config(), 'yamada-local', 'whatever-pw', 's0101')).toEqual({ kind: 'wrong' });
    // Without the staff id attribute the login id alone says who is in the directory.
    expect(await directoryAuthenticate(slapd.config({ staffIdAttribute: null }), 'yamada-local', 'pw', 's0101')).toEqual({
      kind: 'unknown',
    });
  });

  it('never sends an empty password (an unauthenticated bind that many servers accept)', async () => {
    const binds = slapd.binds().length;
    const searches = slapd.searches().length;
    expect(await directoryAuthenticate(slapd.config(), 'yamada', '')).toEqual({ kind: 'wrong' });
    expect(await directoryAuthenticate(slapd.config({ bind: null }), 'yamada', '')).toEqual({ kind: 'wrong' });
    expect(slapd.binds()).toHaveLength(binds);
    expect(slapd.searches()).toHaveLength(searches);
  });

  it.each(['*', '*)(uid=*', 'yamada)(|(uid=*', 'ya*', '\\2a', 'yamada\u0000'])('escapes the login id %j into the filter', async (login) => {
    const binds = slapd.binds().length;
    expect(await directoryAuthenticate(slapd.config(), login, 'yamada-directory-pw')).toEqual({ kind: 'unknown' });
    // Only the service account bound: no person was found, whatever the login id held.
    expect(slapd.binds().slice(binds)).toEqual([expect.stringMatching(/^cn=rotation-reader,/)]);
    expect(slapd.searches().at(-1)).toMatch(/^\(uid=[^*()]*\)$/);
  });

  it('is down when the service account is refused or the base DN does not exist, naming the step and the code only', async () => {
    const refused = await directoryAuthenticate(
      slapd.config({ bind: { dn: `cn=rotation-reader,dc=town,dc=example`, password: 'wrong' } }),
      'yamada',
      'yamada-directory-pw',
    );
    expect(refused).toEqual({ kind: 'down', reason: 'service-bind: LDAP result 49 (InvalidCredentialsError)' });
    const nowhere = await directoryAuthenticate(slapd.config({ baseDn: 'ou=nowhere,dc=town,dc=example' }), 'yamada', 'yamada-directory-pw');
    expect(nowhere).toEqual({ kind: 'down', reason: 'search: LDAP result 32 (NoSuchObjectError)' });
    for (const r of [refused, nowhere]) expect(JSON.stringify(r)).not.toMatch(/yamada|wrong|reader-pa55/);
    expect(SERVICE_PASSWORD).toBe('reader-pa55-never-logged');
  });

  it('is down when nothing answers, or the server does not answer in time', async () => {
    const closed = `ldap://127.0.0.1:${await freePort()}`;
    expect(await directoryAuthenticate(slapd.config({ url: closed }), 'yamada', 'yamada-directory-pw')).toEqual({
      kind: 'down',
      reason: 'service-bind: ECONNREFUSED',
    });
    const silent = await silentServer();
    try {
      const started = Date.now();
      const check = await directoryAuthenticate(slapd.config({ url: silent.url, timeoutMs: 300 }), 'yamada', 'yamada-directory-pw');
      expect(check).toEqual({ kind: 'down', reason: 'service-bind: timed out' });
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await silent.close();
    }
  });

  it('speaks TLS (STARTTLS and ldaps://) with the CA of LDAP_CA_FILE, and refuses a certificate it cannot trust', async () => {
    const startTls = slapd.config({ startTls: true, ca: slapd.ca });
    expect((await directoryAuthenticate(startTls, 'yamada', 'yamada-directory-pw')).kind).toBe('ok');
    const ldaps = slapd.config({ url: slapd.ldapsUrl!, ca: slapd.ca });
    expect((await directoryAuthenticate(ldaps, 'yamada', 'yamada-directory-pw')).kind).toBe('ok');
    // Without the CA neither is trusted: down, and no password crossed in clear.
    const binds = slapd.binds().length;
    const untrusted = await directoryAuthenticate(slapd.config({ startTls: true }), 'yamada', 'yamada-directory-pw');
    expect(reasonOf(untrusted)).toMatch(/^starttls: [A-Z_]+$/);
    const untrustedLdaps = await directoryAuthenticate(slapd.config({ url: slapd.ldapsUrl! }), 'yamada', 'yamada-directory-pw');
    expect(reasonOf(untrustedLdaps)).toMatch(/^service-bind: [A-Z_]+$/);
    expect(slapd.binds()).toHaveLength(binds);
  });
});

describe('isUserFilter', () => {
  it.each(['(uid={login})', '(sAMAccountName={login})', '(&(objectClass=person)(|(uid={login})(mail={login})))'])('takes %s', (f) =>
    expect(isUserFilter(f)).toBe(true),
  );
  it.each(['uid={login}', '(uid=admin)', '(uid={login}', '(uid={login}))', '(uid={login})(cn=x)', '((uid={login})'])('refuses %s', (f) =>
    expect(isUserFilter(f)).toBe(false),
  );
});

it("a directory account's local password is the accounts' 'no password'", () => {
  expect(DIRECTORY_PASSWORD_HASH).toBe(NO_PASSWORD);
});

/** Why the directory was down (or what it answered instead). */
const reasonOf = (check: DirectoryCheck): string => (check.kind === 'down' ? check.reason : check.kind);

/** A TCP server that accepts and never answers. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ldap://127.0.0.1:${port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
