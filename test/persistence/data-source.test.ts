import { databaseKind, dataSourceOptions } from '../../src/persistence/data-source';

describe('ormconfig', () => {
  it('uses PostgreSQL only for a postgres:// or postgresql:// DATABASE_URL', () => {
    expect(databaseKind({ DATABASE_URL: 'postgres://u:p@localhost/rotation' })).toBe('postgres');
    expect(databaseKind({ DATABASE_URL: 'postgresql://localhost/rotation' })).toBe('postgres');
    expect(databaseKind({ DATABASE_URL: 'mysql://localhost/rotation' })).toBe('sqlite');
    expect(databaseKind({})).toBe('sqlite');
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
});
