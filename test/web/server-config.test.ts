/**
 * `npm start`'s settings: defaults that are safe (loopback, no demo in
 * production), and every setting that cannot be used stops the start with a
 * message naming it, all at once, never showing a password.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { ConfigError, serverConfig } from '../../src/web/server-config';

const problemsOf = (env: NodeJS.ProcessEnv): readonly string[] => {
  try {
    serverConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('server settings', () => {
  it('defaults to loopback, port 3000, SQLite, one process, no e-mail and the demo town outside production', () => {
    expect(serverConfig({})).toEqual({
      production: false,
      host: '127.0.0.1',
      port: 3000,
      secureCookies: false,
      seedDemo: true,
      database: 'sqlite',
      processes: 1,
      mail: null,
      directory: null,
      trustProxy: false,
      loginLimitPerClient: 50,
      logLevel: 'info',
    });
  });

  it('reads what is set', () => {
    const c = serverConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      SECURE_COOKIES: '1',
      TRUST_PROXY: '1',
      LOGIN_LIMIT_PER_CLIENT: '200',
      DATABASE_URL: 'postgres://app:pw@db/rotation',
      DATABASE_POOL_SIZE: '10',
      WEB_CONCURRENCY: '4',
      SMTP_HOST: 'mail.town.example.lg.jp',
      MAIL_FROM: 'rotation@town.example.lg.jp',
    });
    expect(c).toMatchObject({
      production: true,
      host: '0.0.0.0',
      port: 8080,
      secureCookies: true,
      trustProxy: 1,
      loginLimitPerClient: 200,
      seedDemo: false,
      database: 'postgres',
      processes: 4,
    });
    expect(c.mail?.host).toBe('mail.town.example.lg.jp');
    expect(serverConfig({ HOST: 'rotation.town.example.lg.jp', PORT: '0' })).toMatchObject({
      host: 'rotation.town.example.lg.jp',
      port: 0,
    });
    expect(serverConfig({ HOST: '::1' }).host).toBe('::1');
    expect(serverConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(serverConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(serverConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(serverConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(serverConfig({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }).trustProxy).toBe('10.0.0.5,10.1.0.0/16,::1');
    expect(serverConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it.each([
    ['PORT', { PORT: '30o0' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['HOST', { HOST: 'every interface' }],
    ['NODE_ENV', { NODE_ENV: 'prod' }],
    ['SECURE_COOKIES', { SECURE_COOKIES: 'yes' }],
    ['SECURE_COOKIES=1 needs TRUST_PROXY', { SECURE_COOKIES: '1' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['TRUST_PROXY', { TRUST_PROXY: '11' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.5,proxy.example' }],
    ['TRUST_PROXY', { TRUST_PROXY: '10.0.0.0/33' }],
    ['LOGIN_LIMIT_PER_CLIENT', { LOGIN_LIMIT_PER_CLIENT: '0' }],
    ['LOGIN_LIMIT_PER_CLIENT', { LOGIN_LIMIT_PER_CLIENT: 'many' }],
    ['SEED_DEMO', { SEED_DEMO: 'no' }],
    ['DB_LOG', { DB_LOG: 'true' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['DEMO_PASSWORD', { DEMO_PASSWORD: 's3cret' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgress://app:s3cret@db/rotation' }],
    ['DATABASE_POOL_SIZE', { DATABASE_URL: 'postgres://app:s3cret@db/rotation', DATABASE_POOL_SIZE: 'lots' }],
    ['WEB_CONCURRENCY', { WEB_CONCURRENCY: 'two' }],
    ['MAIL_FROM', { SMTP_URL: 'smtp://u:s3cret@mail:587' }],
    ['SEED_DEMO', { NODE_ENV: 'production', SEED_DEMO: '1' }],
  ] as const)('stops on an unusable %s, naming it', (name, env) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).not.toContain('s3cret');
  });

  it.each([
    [{ SECURE_COOKIE: '1' }, 'SECURE_COOKIE is not a setting of this app (did you mean SECURE_COOKIES?)'],
    [{ DATABASE_URI: 'postgres://a:s3cret@db/x' }, 'DATABASE_URI is not a setting of this app (did you mean DATABASE_URL?)'],
    [
      { LDAP_URL: 'ldap://dir', LDAP_BASE_DN: 'dc=x', LDAP_BASEDN: 'dc=x' },
      'LDAP_BASEDN is not a setting of this app (did you mean LDAP_BASE_DN?)',
    ],
    [{ TRUST_PROXIES: '1' }, 'TRUST_PROXIES is not a setting of this app (did you mean TRUST_PROXY?)'],
    [{ SMTP_SERVER: 'mail' }, 'SMTP_SERVER is not a setting of this app'],
    [{ database_url: 'postgres://a@db/x' }, 'database_url is not a setting: settings are in capitals (DATABASE_URL)'],
  ] as const)('names a mistyped setting name: %j', (env, message) => {
    expect(problemsOf(env)).toEqual([message]);
  });

  it('leaves variables of other programs alone', () => {
    expect(
      problemsOf({
        HOME: '/root',
        PATH: '/usr/bin',
        LANG: 'ja_JP.UTF-8',
        TEST_DATABASE_URL: 'x',
        npm_config_cache: '/c',
        TZ: 'Asia/Tokyo',
      }),
    ).toEqual([]);
  });

  it('names every unusable setting at once', () => {
    const problems = problemsOf({ PORT: 'x', HOST: '!', WEB_CONCURRENCY: '0', DATABASE_URL: 'mysql://a' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'HOST', 'PORT', 'WEB_CONCURRENCY']);
  });
});

describe('directory login settings (LDAP_*)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-ldap-ca-'));
  const caPath = path.join(dir, 'town-ca.pem');
  const ca = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  writeFileSync(caPath, ca);
  writeFileSync(path.join(dir, 'not-a-cert.txt'), 'hello');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const AD = {
    LDAP_URL: 'ldaps://dc01.town.example.lg.jp',
    LDAP_BASE_DN: 'OU=職員,DC=town,DC=example,DC=lg,DC=jp',
    LDAP_BIND_DN: 'CN=rotation-reader,OU=Service Accounts,DC=town,DC=example,DC=lg,DC=jp',
    LDAP_BIND_PASSWORD: ' s3cret ',
    LDAP_USER_FILTER: '(&(objectClass=user)(sAMAccountName={login}))',
    LDAP_STAFF_ID_ATTRIBUTE: 'employeeNumber',
    LDAP_CA_FILE: caPath,
    LDAP_TIMEOUT_MS: '3000',
  };

  it('is off without LDAP_URL, and reads what is set', () => {
    expect(serverConfig({}).directory).toBeNull();
    expect(serverConfig(AD).directory).toEqual({
      url: 'ldaps://dc01.town.example.lg.jp',
      baseDn: AD.LDAP_BASE_DN,
      bind: { dn: AD.LDAP_BIND_DN, password: ' s3cret ' },
      userFilter: AD.LDAP_USER_FILTER,
      staffIdAttribute: 'employeeNumber',
      startTls: false,
      ca,
      timeoutMs: 3000,
    });
    expect(
      serverConfig({ LDAP_URL: 'ldap://ldap.town.example.jp:389/', LDAP_BASE_DN: 'ou=people,dc=town,dc=example,dc=jp' }).directory,
    ).toEqual({
      url: 'ldap://ldap.town.example.jp:389',
      baseDn: 'ou=people,dc=town,dc=example,dc=jp',
      bind: null,
      userFilter: '(uid={login})',
      staffIdAttribute: null,
      startTls: false,
      ca: null,
      timeoutMs: 5000,
    });
    const startTls = {
      LDAP_URL: 'ldap://ldap.town.example.jp',
      LDAP_BASE_DN: 'dc=town,dc=example,dc=jp',
      LDAP_STARTTLS: '1',
      LDAP_CA_FILE: caPath,
    };
    expect(serverConfig(startTls).directory).toMatchObject({ startTls: true, ca });
  });

  const base = { LDAP_URL: 'ldap://ldap.town.example.jp', LDAP_BASE_DN: 'dc=town,dc=example,dc=jp' };
  it.each([
    ['LDAP_URL', { ...base, LDAP_URL: 'https://ldap.town.example.jp' }],
    ['LDAP_URL', { ...base, LDAP_URL: 'ldap://ldap.town.example.jp/dc=town?uid' }],
    ['LDAP_URL', { ...base, LDAP_URL: 'ldap.town.example.jp' }],
    ['LDAP_URL', { LDAP_BASE_DN: 'dc=town,dc=example,dc=jp', LDAP_BIND_PASSWORD: 's3cret' }],
    ['LDAP_BASE_DN', { LDAP_URL: 'ldap://ldap.town.example.jp' }],
    ['LDAP_BASE_DN', { ...base, LDAP_BASE_DN: 'town.example.jp' }],
    ['LDAP_BIND_PASSWORD', { ...base, LDAP_BIND_DN: 'cn=reader,dc=town,dc=example,dc=jp' }],
    ['LDAP_BIND_PASSWORD', { ...base, LDAP_BIND_PASSWORD: 's3cret' }],
    ['LDAP_BIND_DN', { ...base, LDAP_BIND_DN: 'reader', LDAP_BIND_PASSWORD: 's3cret' }],
    ['LDAP_USER_FILTER', { ...base, LDAP_USER_FILTER: '(uid=admin)' }],
    ['LDAP_USER_FILTER', { ...base, LDAP_USER_FILTER: '(uid={login}' }],
    ['LDAP_USER_FILTER', { ...base, LDAP_USER_FILTER: 'uid={login}' }],
    ['LDAP_STAFF_ID_ATTRIBUTE', { ...base, LDAP_STAFF_ID_ATTRIBUTE: 'employee number' }],
    ['LDAP_STARTTLS', { ...base, LDAP_STARTTLS: 'yes' }],
    ['LDAP_STARTTLS', { ...base, LDAP_URL: 'ldaps://ldap.town.example.jp', LDAP_STARTTLS: '1' }],
    ['LDAP_CA_FILE', { ...base, LDAP_URL: 'ldaps://ldap.town.example.jp', LDAP_CA_FILE: path.join(dir, 'missing.pem') }],
    ['LDAP_CA_FILE', { ...base, LDAP_URL: 'ldaps://ldap.town.example.jp', LDAP_CA_FILE: path.join(dir, 'not-a-cert.txt') }],
    ['LDAP_CA_FILE', { ...base, LDAP_CA_FILE: caPath }],
    ['LDAP_TIMEOUT_MS', { ...base, LDAP_TIMEOUT_MS: '5s' }],
    ['LDAP_TIMEOUT_MS', { ...base, LDAP_TIMEOUT_MS: '10' }],
  ] as const)('stops on an unusable %s, naming it and never the password', (name, env) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
    expect(problems[0]).not.toContain('s3cret');
  });
});
