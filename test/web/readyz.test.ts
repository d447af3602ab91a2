/**
 * `/healthz` says the process is alive; `/readyz` says it can serve: the
 * database answers and its schema has every migration of this build. Neither
 * stores a session, and `/readyz` names no address or credential.
 */
import request from 'supertest';
import { createApp } from '../../src/web/app';
import { DATABASES, openTestDatabase, TestDatabase } from '../support/web';

describe.each(DATABASES)('/healthz and /readyz on %s', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await openTestDatabase(kind);
  });
  afterEach(async () => t.close());

  const appOf = () => createApp({ db: t.db, sessionSecret: 'test-secret-not-for-production' });

  it('is ready on a migrated database, without a session', async () => {
    const res = await request(appOf()).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.text).toBe('ready');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await request(appOf()).get('/healthz')).text).toBe('ok');
  });

  it('is not ready while a migration of this build is not applied', async () => {
    const last = t.db.source.migrations[t.db.source.migrations.length - 1].name!;
    await t.db.write((m) => m.query(`DELETE FROM "migrations" WHERE "name" = ${kind === 'postgres' ? '$1' : '?'}`, [last]));
    const res = await request(appOf()).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.text).toBe('not ready: 1 migration(s) not applied');
  });

  it('is not ready when the database cannot be reached, and says nothing of where it is', async () => {
    const app = appOf();
    await t.db.close();
    const res = await request(app).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.text).toBe('not ready: the database cannot be reached');
    expect((await request(app).get('/healthz')).status).toBe(200);
  });
});
