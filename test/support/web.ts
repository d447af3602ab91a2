/**
 * A fresh database and app per test file, on SQLite always and on PostgreSQL
 * too when TEST_DATABASE_URL names a server (`.ci/run` starts one): each
 * PostgreSQL run gets its own throw-away database. The demo town is seeded
 * with a fixed clock: Wednesday 2026-11-18 10:00 in Tokyo, so next week
 * (2026-W48, with the 11/23 holiday) is still open for requests.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import request from 'supertest';
import type { Express } from 'express';
import { DEFAULT_DEMO_PASSWORD, seedDemoTown } from '../../src/app/demo/seed';
import { Clock, ZONE } from '../../src/app/calendar';
import { Database } from '../../src/persistence/database';
import { createApp } from '../../src/web/app';

export type DatabaseKind = 'sqlite' | 'postgres';

/** Databases the persistence and web tests run on. */
export const DATABASES: readonly DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export const NOW = DateTime.fromISO('2026-11-18T10:00', { zone: ZONE });
export const THIS_WEEK = '2026-W47';
export const NEXT_WEEK = '2026-W48';
export const PASSWORD = DEFAULT_DEMO_PASSWORD;

export interface TestClock {
  readonly clock: Clock;
  set(t: DateTime): void;
}

export function testClock(start: DateTime = NOW): TestClock {
  let now: DateTime = start;
  return { clock: () => now, set: (t) => (now = t) };
}

export interface TestDatabase {
  readonly db: Database;
  close(): Promise<void>;
}

/** An empty, migrated database of the given kind. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'rotation-test-'));
    const db = await Database.open({ SQLITE_FILE: path.join(dir, 'test.sqlite') });
    return { db, close: async () => (await db.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `rotation_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const db = await Database.open({ DATABASE_URL: url.toString() });
  return {
    db,
    close: async () => {
      await db.close();
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        // An autovacuum worker (the server's own role) on the fresh database cannot be ended by FORCE: wait and try again.
        for (let attempt = 1; ; attempt++) {
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
            break;
          } catch (e) {
            if (attempt >= 10) throw e;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

export interface TestApp extends TestDatabase {
  readonly app: Express;
  readonly time: TestClock;
}

/** A migrated database with the demo town seeded at NOW (unless `seed: false`: an empty database, as a town starts), and the app on it. */
export async function startTestApp(
  kind: DatabaseKind,
  options: { loginLimit?: number; trustProxy?: boolean | number | string; seed?: boolean } = {},
): Promise<TestApp> {
  const base = await openTestDatabase(kind);
  const time = testClock();
  if (options.seed ?? true) await seedDemoTown(base.db, NOW, PASSWORD);
  const app = createApp({
    db: base.db,
    sessionSecret: 'test-secret-not-for-production',
    clock: time.clock,
    loginLimit: options.loginLimit ?? 1000,
    trustProxy: options.trustProxy,
  });
  return { ...base, app, time };
}

export type Agent = ReturnType<typeof request.agent>;

/** A logged-in browser-like agent (cookies kept). */
export async function login(app: Express, loginId: string, password = PASSWORD): Promise<Agent> {
  const agent = request.agent(app);
  const token = await csrfToken(agent, '/login');
  const res = await agent.post('/login').type('form').send({ _csrf: token, loginId, password });
  if (res.status !== 302) throw new Error(`login as ${loginId} failed: ${res.status}`);
  return agent;
}

/** HR issues a person's one-time login link from their staff page: the link as the page shows it, once. */
export async function issueLoginLink(hr: Agent, staffId: string): Promise<string> {
  const page = `/hr/staff/${encodeURIComponent(staffId)}`;
  const res = await hr
    .post(`${page}/setup-link`)
    .type('form')
    .send({ _csrf: await csrfToken(hr, page) });
  const match = /data-setup-link>([^<]+)</.exec(res.text);
  if (res.status !== 200 || !match) throw new Error(`no login link for ${staffId} (status ${res.status})`);
  return match[1];
}

/** The person opens their link and sets a password: their agent, logged in. */
export async function setPasswordByLink(app: Express, link: string, password = PASSWORD): Promise<Agent> {
  const path = new URL(link).pathname;
  const agent = request.agent(app);
  // The token first: a new agent has its session cookie only after the page is read.
  const token = await csrfToken(agent, path);
  const res = await agent.post(path).type('form').send({ _csrf: token, next: password, confirm: password });
  if (res.status !== 302) throw new Error(`setting a password through ${path} failed: ${res.status}`);
  return agent;
}

/** The CSRF token of the agent's session, read from a form on a page. */
export async function csrfToken(agent: Agent, page = '/me'): Promise<string> {
  const res = await agent.get(page);
  const match = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!match) throw new Error(`no CSRF token on ${page} (status ${res.status})`);
  return match[1];
}

/** The roster revision shown in a page's forms (`none` before the first generation). */
export function revisionIn(html: string): string {
  const match = /name="revision" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no revision field on the page');
  return match[1];
}
