import { databaseKind, dataSourceOptions, poolSize, readerOptions } from '../../src/persistence/data-source';
import { appProcesses } from '../../src/web/processes';

describe('ormconfig', () => {
  it('uses PostgreSQL for a postgres:// or postgresql:// DATABASE_URL and SQLite without one', () => {
    expect(databaseKind({ DATABASE_URL: 'postgres://u:p@localhost/rotation' })).toBe('postgres');
    expect(databaseKind({ DATABASE_URL: 'postgresql://localhost/rotation' })).toBe('postgres');
    expect(databaseKind({})).toBe('sqlite');
    expect(databaseKind({ DATABASE_URL: '' })).toBe('sqlite');
  });

  it('refuses a mistyped DATABASE_URL instead of falling back to SQLite, without showing its password', () => {
    for (const url of ['postgress://app:s3cret@db/rotation', 'mysql://app:s3cret@db/rotation', 'app:s3cret@db/rotation', 'rotation']) {
      let message = '';
      try {
        databaseKind({ DATABASE_URL: url });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
      expect(message).not.toContain('s3cret');
    }
    expect(() => databaseKind({ DATABASE_URL: 'postgress://app:s3cret@db/rotation' })).toThrow('starts with "postgress:"');
  });

  it('never synchronises the schema, and keeps migrations per database', () => {
    const pg = dataSourceOptions({ DATABASE_URL: 'postgres://localhost/rotation' });
    const lite = dataSourceOptions({ SQLITE_FILE: '/tmp/x.sqlite' });
    expect(pg.synchronize).toBe(false);
    expect(lite.synchronize).toBe(false);
    expect(lite.type).toBe('better-sqlite3');
    expect((pg.migrations as { name: string }[])[0].name).toMatch(/^Initial/);
    expect(pg.migrations).not.toEqual(lite.migrations);
    expect((lite as { database: string }).database).toBe('/tmp/x.sqlite');
  });

  it('sets WAL, synchronous=FULL and foreign keys on every SQLite connection', () => {
    const pragmas: string[] = [];
    const lite = dataSourceOptions({}) as { prepareDatabase: (db: { pragma(s: string): void }) => void };
    lite.prepareDatabase({ pragma: (s) => pragmas.push(s) });
    expect(pragmas).toEqual(['journal_mode = WAL', 'synchronous = FULL', 'foreign_keys = ON']);
  });

  it('reads SQLite through a query-only connection to the same file', () => {
    const pragmas: string[] = [];
    const reader = readerOptions({ SQLITE_FILE: '/tmp/x.sqlite' }) as {
      database: string;
      prepareDatabase: (db: { pragma(s: string): void }) => void;
    };
    reader.prepareDatabase({ pragma: (s) => pragmas.push(s) });
    expect(reader.database).toBe('/tmp/x.sqlite');
    expect(pragmas).toEqual(['query_only = ON']);
  });

  it('sizes the PostgreSQL pool from DATABASE_POOL_SIZE (default 20) and refuses a size that is not one', () => {
    expect((dataSourceOptions({ DATABASE_URL: 'postgres://localhost/rotation' }) as { poolSize: number }).poolSize).toBe(20);
    expect(poolSize({ DATABASE_POOL_SIZE: '40' })).toBe(40);
    for (const bad of ['0', '-1', '2.5', 'many', '1001']) {
      expect(() => poolSize({ DATABASE_POOL_SIZE: bad })).toThrow(`DATABASE_POOL_SIZE must be a whole number from 1 to 1000, not "${bad}"`);
    }
  });

  it('runs WEB_CONCURRENCY app processes (default 1) and refuses a count that is not one', () => {
    expect(appProcesses({})).toBe(1);
    expect(appProcesses({ WEB_CONCURRENCY: '4' })).toBe(4);
    for (const bad of ['0', '65', '1.5', 'auto']) {
      expect(() => appProcesses({ WEB_CONCURRENCY: bad })).toThrow(`WEB_CONCURRENCY must be a whole number from 1 to 64, not "${bad}"`);
    }
  });
});
