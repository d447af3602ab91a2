/**
 * A real, throw-away OpenLDAP server (Debian's `slapd`) for the directory
 * login tests: its own slapd.conf and mdb database in a temp dir, filled with
 * slapadd, listening on 127.0.0.1 at free ports, run as the test's child
 * process in the foreground with the `stats` log on stderr (so a test can
 * see every BIND and SRCH the app sent). Schemas: core, cosine,
 * inetorgperson and nis from /etc/ldap/schema, and a small AD-like one
 * (`sAMAccountName`, `userAccountControl`) to try AD's filter and its
 * "disabled" bit. Accounts are locked as OpenLDAP administrators do it: the
 * ppolicy overlay with a default policy, and `pwdAccountLockedTime:
 * 000001010000Z` on the entry (every bind refused). With `tls`, a CA and a
 * server certificate for 127.0.0.1 are made with openssl, for STARTTLS and
 * ldaps://.
 *
 * Without slapd the tests fail, saying how to install it (`.ci/run` does).
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { AddressInfo, connect, createServer } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import type { DirectoryConfig } from '../../src/app/accounts/directory';

export const BASE_DN = 'dc=town,dc=example';
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
/** The service account that searches (read access to everything but passwords). */
export const SERVICE_DN = `cn=rotation-reader,${BASE_DN}`;
export const SERVICE_PASSWORD = 'reader-pa55-never-logged';

export interface DirectoryUser {
  readonly uid: string;
  readonly password: string;
  /** The staff id (LDAP_STAFF_ID_ATTRIBUTE=employeeNumber). */
  readonly employeeNumber?: string;
  /** Locked by OpenLDAP's ppolicy (pwdAccountLockedTime 000001010000Z): every bind is refused. */
  readonly locked?: boolean;
  /** AD's flags; 514 = a disabled normal account. */
  readonly userAccountControl?: number;
}

export interface TestSlapd {
  /** `ldap://127.0.0.1:port` (STARTTLS offered with `tls`). */
  readonly url: string;
  /** `ldaps://127.0.0.1:port`, with `tls` only. */
  readonly ldapsUrl: string | null;
  /** The CA certificate (PEM) that signed the server's, with `tls` only. */
  readonly ca: string | null;
  /** Settings for the app: this server, the service account, `(uid={login})`, staff id in employeeNumber. */
  config(extra?: Partial<DirectoryConfig>): DirectoryConfig;
  /** DNs of every BIND received so far ('' for anonymous), in order. */
  binds(): string[];
  /** Filters of every search received so far, as slapd logs them. */
  searches(): string[];
  stop(): Promise<void>;
}

/** slapd and slapadd live in /usr/sbin, which a non-root PATH may lack. */
function tool(name: string): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs.filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${name} is not installed, and the directory login tests need a real OpenLDAP server: ` +
      'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slapd ldap-utils (as .ci/run does)',
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'testAdAccount' AUXILIARY MAY ( sAMAccountName $ userAccountControl ) )
`;

function slapdConf(dir: string, tls: boolean): string {
  const schemas = ['core', 'cosine', 'inetorgperson', 'nis'].map((s) => `include /etc/ldap/schema/${s}.schema`);
  return [
    ...schemas,
    `include ${path.join(dir, 'ad.schema')}`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    'moduleload ppolicy',
    `pidfile ${path.join(dir, 'slapd.pid')}`,
    `argsfile ${path.join(dir, 'slapd.args')}`,
    ...(tls
      ? [
          `TLSCACertificateFile ${path.join(dir, 'ca.pem')}`,
          `TLSCertificateFile ${path.join(dir, 'server.pem')}`,
          `TLSCertificateKeyFile ${path.join(dir, 'server.key')}`,
        ]
      : []),
    'database mdb',
    `suffix "${BASE_DN}"`,
    `rootdn "cn=admin,${BASE_DN}"`,
    `rootpw admin-${Math.random().toString(36).slice(2)}`,
    `directory ${path.join(dir, 'db')}`,
    'maxsize 10485760',
    'overlay ppolicy',
    `ppolicy_default "cn=default,ou=policies,${BASE_DN}"`,
    'access to attrs=userPassword by anonymous auth by * none',
    'access to * by * read',
    '',
  ].join('\n');
}

function ldif(users: readonly DirectoryUser[]): string {
  const entries = [
    [`dn: ${BASE_DN}`, 'objectClass: dcObject', 'objectClass: organization', 'dc: town', 'o: Test Town'],
    [`dn: ${PEOPLE_DN}`, 'objectClass: organizationalUnit', 'ou: people'],
    [`dn: ou=policies,${BASE_DN}`, 'objectClass: organizationalUnit', 'ou: policies'],
    [
      `dn: cn=default,ou=policies,${BASE_DN}`,
      'objectClass: organizationalRole',
      'objectClass: pwdPolicy',
      'cn: default',
      'pwdAttribute: userPassword',
      'pwdLockout: TRUE',
    ],
    [
      `dn: ${SERVICE_DN}`,
      'objectClass: organizationalRole',
      'objectClass: simpleSecurityObject',
      'cn: rotation-reader',
      `userPassword: ${SERVICE_PASSWORD}`,
    ],
    ...users.map((u) => [
      `dn: uid=${u.uid},${PEOPLE_DN}`,
      'objectClass: inetOrgPerson',
      'objectClass: testAdAccount',
      `uid: ${u.uid}`,
      `sAMAccountName: ${u.uid}`,
      `cn: ${u.uid}`,
      `sn: ${u.uid}`,
      `userPassword: ${u.password}`,
      ...(u.employeeNumber ? [`employeeNumber: ${u.employeeNumber}`] : []),
      ...(u.userAccountControl !== undefined ? [`userAccountControl: ${u.userAccountControl}`] : []),
      ...(u.locked ? ['pwdAccountLockedTime: 000001010000Z'] : []),
    ]),
  ];
  return entries.map((e) => e.join('\n')).join('\n\n') + '\n';
}

/** A CA and a server certificate for 127.0.0.1 / localhost, valid for two days. */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Town CA');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'server.ext',
  );
}

/** Resolves once 127.0.0.1:port takes a connection. */
async function accepting(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => (socket.destroy(), resolve(false)));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`slapd does not take connections on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts slapd with these people in ou=people (and the service account); `tls` adds STARTTLS and ldaps://. */
export async function startSlapd(users: readonly DirectoryUser[], options: { tls?: boolean } = {}): Promise<TestSlapd> {
  const slapd = tool('slapd');
  const slapadd = tool('slapadd');
  const tls = options.tls ?? false;
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-slapd-'));
  let child: ChildProcess | null = null;
  const cleanup = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    mkdirSync(path.join(dir, 'db'));
    writeFileSync(path.join(dir, 'ad.schema'), AD_SCHEMA);
    if (tls) makeCertificates(dir);
    writeFileSync(path.join(dir, 'slapd.conf'), slapdConf(dir, tls));
    writeFileSync(path.join(dir, 'data.ldif'), ldif(users));
    execFileSync(slapadd, ['-q', '-f', path.join(dir, 'slapd.conf'), '-l', path.join(dir, 'data.ldif')], { stdio: 'pipe' });
    const port = await freePort();
    const ldapsPort = tls ? await freePort() : null;
    const url = `ldap://127.0.0.1:${port}`;
    const ldapsUrl = ldapsPort ? `ldaps://127.0.0.1:${ldapsPort}` : null;
    const listen = [`${url}/`, ...(ldapsUrl ? [`${ldapsUrl}/`] : [])].join(' ');
    // -d stats: stay in the foreground (a child of this test) and log every operation on stderr.
    const proc = spawn(slapd, ['-f', path.join(dir, 'slapd.conf'), '-h', listen, '-d', 'stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let log = '';
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => (log += chunk));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`slapd did not start within 10 s:\n${log.slice(-2000)}`)), 10_000);
      const onData = () => {
        if (!log.includes('slapd starting')) return;
        clearTimeout(timer);
        proc.stderr.off('data', onData);
        resolve();
      };
      proc.stderr.on('data', onData);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`slapd exited (${code}) before it started:\n${log.slice(-2000)}`));
      });
    });
    // "slapd starting" comes before its listeners take connections.
    for (const p of [port, ...(ldapsPort ? [ldapsPort] : [])]) await accepting(p, 10_000);
    const ca = tls ? readFileSync(path.join(dir, 'ca.pem'), 'utf8') : null;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    return {
      url,
      ldapsUrl,
      ca,
      config: (extra = {}) => ({
        url,
        baseDn: BASE_DN,
        bind: { dn: SERVICE_DN, password: SERVICE_PASSWORD },
        userFilter: '(uid={login})',
        staffIdAttribute: 'employeeNumber',
        startTls: false,
        ca: null,
        timeoutMs: 5000,
        ...extra,
      }),
      binds: () => [...log.matchAll(/ BIND dn="([^"]*)" method=/g)].map((m) => m[1]),
      searches: () => [...log.matchAll(/ SRCH base="[^"]*" scope=\d+ deref=\d+ filter="([^"]*)"/g)].map((m) => m[1]),
      stop: async () => {
        proc.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
        clearTimeout(timer);
        cleanup();
      },
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
