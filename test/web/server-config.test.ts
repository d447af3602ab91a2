/**
 * `npm start`'s settings: defaults that are safe (loopback, no demo in
 * production), and every setting that cannot be used stops the start with a
 * message naming it, all at once, never showing a password.
 */
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
    });
  });

  it('reads what is set', () => {
    const c = serverConfig({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: '8080',
      SECURE_COOKIES: '1',
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
  });

  it.each([
    ['PORT', { PORT: '30o0' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['HOST', { HOST: 'every interface' }],
    ['NODE_ENV', { NODE_ENV: 'prod' }],
    ['SECURE_COOKIES', { SECURE_COOKIES: 'yes' }],
    ['SEED_DEMO', { SEED_DEMO: 'no' }],
    ['DB_LOG', { DB_LOG: 'true' }],
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

  it('names every unusable setting at once', () => {
    const problems = problemsOf({ PORT: 'x', HOST: '!', WEB_CONCURRENCY: '0', DATABASE_URL: 'mysql://a' });
    expect(problems.map((p) => p.split(' ')[0]).sort()).toEqual(['DATABASE_URL', 'HOST', 'PORT', 'WEB_CONCURRENCY']);
  });
});
