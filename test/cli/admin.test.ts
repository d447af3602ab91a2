/**
 * `rotation admin create-hr`, run as a town runs it on an empty database:
 * the built CLI under dist/ in a child process, the password on stdin
 * (piped, or typed twice on a terminal through `script`), and the account
 * then logging into the web app. The prompt itself is tested as a function.
 */
import { buildDist } from '../support/build';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client } from 'pg';
import { askNewPassword, readFirstLine, readHidden, readNewPassword } from '../../src/cli/commands/password-input';
import { Database } from '../../src/persistence/database';
import { AccountEntity, AuditEntity, DivisionEntity, PolicyEntity, StaffEntity } from '../../src/persistence/entities';
import { createApp } from '../../src/web/app';
import { DATABASES, DatabaseKind, login } from '../support/web';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'rotation.js');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function rotation(env: NodeJS.ProcessEnv, input: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', DEBUG: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  // dist/ as the sources are now (compiled only if they changed since the last build).
  buildDist();
}, 120_000);

test('rotation --help loads neither the database nor argon2', () => {
  const loaded = execFileSync(
    process.execPath,
    [
      '-e',
      `const cli = require(${JSON.stringify(join(ROOT, 'dist/src/cli/rotation.js'))});
       cli.buildProgram(() => {});
       console.log(Object.keys(require.cache).filter((k) => /typeorm|argon2|better-sqlite3|[\\\\/]pg[\\\\/]/.test(k)).length);`,
    ],
    { encoding: 'utf8' },
  );
  expect(loaded.trim()).toBe('0');
});

/** An empty database for the CLI: a fresh SQLite file, or a throw-away PostgreSQL database. */
async function emptyDatabase(kind: DatabaseKind): Promise<{ env: NodeJS.ProcessEnv; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rotation-admin-'));
    return {
      env: { SQLITE_FILE: join(dir, 'town.sqlite'), DATABASE_URL: '' },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const admin = process.env.TEST_DATABASE_URL!;
  const name = `rotation_admin_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const run = async (sql: string) => {
    const c = new Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { env: { DATABASE_URL: url.toString() }, drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

describe.each(DATABASES)('rotation admin create-hr on %s', (kind) => {
  let town: { env: NodeJS.ProcessEnv; drop(): Promise<void> };
  beforeAll(async () => {
    town = await emptyDatabase(kind);
  });
  afterAll(async () => town.drop());

  /** The database the CLI wrote, opened as the app opens it. */
  async function opened<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const db = await Database.open(town.env);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  test('makes the first HR account of an empty database from a piped password, with its division, staff row and policy', async () => {
    const run = rotation(town.env, 'first-password-1\n', 'admin', 'create-hr', 'jinji', '--name', '人事 太郎', '--division-name', '総務課');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Created HR account jinji: 人事 太郎, 総務課 (div-1).');
    expect(run.stdout).not.toContain('first-password-1');
    await opened(async (db) => {
      const account = await db.manager.findOneByOrFail(AccountEntity, { loginId: 'jinji' });
      expect(account).toMatchObject({ role: 'hr', staffId: 'jinji' });
      expect(account.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await db.manager.findOneByOrFail(StaffEntity, { id: 'jinji' })).toMatchObject({
        name: '人事 太郎',
        divisionId: 'div-1',
        active: true,
      });
      expect(await db.manager.findOneByOrFail(DivisionEntity, { id: 'div-1' })).toMatchObject({ name: '総務課' });
      expect(await db.manager.existsBy(PolicyEntity, { id: 1 })).toBe(true);
      const entry = await db.manager.findOneByOrFail(AuditEntity, { action: 'admin-create-hr' });
      expect(entry).toMatchObject({ actor: 'cli', entityId: 'jinji' });
      expect(JSON.parse(entry.after!)).toMatchObject({ createdStaff: true, createdDivision: true, createdPolicy: true });
    });
  });

  test('logs into the web app with that account', async () => {
    await opened(async (db) => {
      const app = createApp({ db, sessionSecret: 'test-secret-not-for-production' });
      const hr = await login(app, 'jinji', 'first-password-1');
      const page = await hr.get('/hr/divisions');
      expect(page.status).toBe(200);
      expect(page.text).toContain('総務課');
    });
  });

  test('refuses a login id that exists (exit 2), before asking for a password', () => {
    const run = rotation(town.env, '', 'admin', 'create-hr', 'jinji', '--name', 'x', '--division-name', 'y');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('The login id jinji exists already: nothing was saved.');
    expect(run.stdout).toBe('');
  });

  test('refuses a password that is too short, or none, and saves nothing', async () => {
    const short = rotation(
      town.env,
      'short\n',
      '--lang',
      'ja',
      'admin',
      'create-hr',
      'hr2',
      '--name',
      '人事 次郎',
      '--division-name',
      '総務課',
    );
    expect(short.status).toBe(2);
    expect(short.stderr).toContain('パスワードが短すぎます（10文字以上にしてください）。');
    const none = rotation(town.env, '', 'admin', 'create-hr', 'hr2', '--name', '人事 次郎', '--division-name', '総務課');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('No password was given on standard input');
    const noDivision = rotation(town.env, 'long-enough-password\n', 'admin', 'create-hr', 'hr2', '--name', '人事 次郎');
    expect(noDivision.status).toBe(2);
    expect(noDivision.stderr).toContain('give their division with --division-name');
    await opened(async (db) => expect(await db.manager.existsBy(AccountEntity, { loginId: 'hr2' })).toBe(false));
  });

  test('adds a second HR account to a database that has data: an existing division by id', async () => {
    const run = rotation(town.env, 'second-password\r\n', 'admin', 'create-hr', 'hr2', '--name', '人事 次郎', '--division', 'div-1');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('new division');
    await opened(async (db) => {
      expect(await db.manager.count(DivisionEntity)).toBe(1);
      expect((await db.manager.findOneByOrFail(StaffEntity, { id: 'hr2' })).divisionId).toBe('div-1');
      const app = createApp({ db, sessionSecret: 'test-secret-not-for-production' });
      expect((await (await login(app, 'hr2', 'second-password')).get('/hr/staff')).status).toBe(200);
    });
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

(hasScript && DATABASES.includes('sqlite') ? describe : describe.skip)('rotation admin create-hr on a terminal', () => {
  let town: { env: NodeJS.ProcessEnv; drop(): Promise<void> };
  beforeAll(async () => {
    town = await emptyDatabase('sqlite');
  });
  afterAll(async () => town.drop());

  /** The command in a pseudo-terminal (`script`), answering each prompt as it appears. */
  function typed(answers: readonly string[], ...args: readonly string[]): Promise<{ status: number | null; output: string }> {
    const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, ...town.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' },
    });
    let output = '';
    let answered = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const prompts = (output.match(/Password for|The same password again/g) ?? []).length;
      while (answered < prompts && answered < answers.length) child.stdin.write(`${answers[answered++]}\r`);
    });
    return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
  }

  const TTY_CREATE = ['admin', 'create-hr', 'tty1', '--name', '端末 一郎', '--division-name', '総務課'] as const;

  test('asks twice without echo and refuses two different passwords', async () => {
    const run = await typed(['typed-password-1', 'typed-password-2'], ...TTY_CREATE);
    expect(run.output).toContain('Password for tty1:');
    expect(run.output).toContain('The same password again:');
    expect(run.output).toContain('The two passwords do not match: nothing was saved.');
    expect(run.output).not.toContain('typed-password');
    expect(run.status).toBe(2);
  });

  test('creates the account when both match', async () => {
    const run = await typed(['typed-password-1', 'typed-password-1'], ...TTY_CREATE);
    expect(run.output).toContain('Created HR account tty1');
    expect(run.output).not.toContain('typed-password');
    expect(run.status).toBe(0);
  });
});

describe('reading a new password', () => {
  /** A stand-in for a terminal: raw mode is recorded, keys are pushed. */
  function terminal() {
    const input = Object.assign(new PassThrough(), { isTTY: true, modes: [] as boolean[] });
    const tty = Object.assign(input, { setRawMode: (mode: boolean) => input.modes.push(mode) });
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString('utf8')));
    return { input: tty, output, shown: () => shown };
  }

  test('asks twice and requires the same answer', async () => {
    const answers = (list: (string | null)[]) => {
      const queue = [...list];
      return () => Promise.resolve(queue.shift() ?? null);
    };
    expect(await askNewPassword(answers(['same-password', 'same-password']))).toEqual({ ok: true, password: 'same-password' });
    expect(await askNewPassword(answers(['one-password', 'another-one']))).toEqual({ ok: false, reason: 'mismatch' });
    expect(await askNewPassword(answers(['', '']))).toEqual({ ok: false, reason: 'empty' });
    expect(await askNewPassword(answers([null]))).toEqual({ ok: false, reason: 'cancelled' });
    expect(await askNewPassword(answers(['first', null]))).toEqual({ ok: false, reason: 'cancelled' });
  });

  test('reads keys on a terminal in raw mode, without echo, with Backspace; Ctrl-C cancels', async () => {
    const t = terminal();
    const reading = readHidden(t.input, t.output, 'Password: ');
    t.input.write('pass');
    t.input.write('x\u007fword\r');
    expect(await reading).toBe('password');
    expect(t.shown()).toBe('Password: \n');
    expect(t.input.modes).toEqual([true, false]);
    const cancelled = readHidden(t.input, t.output, 'Password: ');
    t.input.write('abc\u0003');
    expect(await cancelled).toBeNull();
  });

  test('asks twice on a terminal and once reads the first line of a pipe', async () => {
    const t = terminal();
    const reading = readNewPassword(t.input, t.output, { first: 'P1: ', again: 'P2: ' });
    t.input.write('same-password\r');
    await new Promise((resolve) => setImmediate(resolve));
    t.input.write('same-password\r');
    expect(await reading).toEqual({ ok: true, password: 'same-password' });
    expect(t.shown()).toBe('P1: \nP2: \n');

    const pipe = new PassThrough();
    const line = readFirstLine(pipe);
    pipe.end('from-a-pipe\r\nignored second line\n');
    expect(await line).toBe('from-a-pipe');
    const empty = new PassThrough();
    const none = readFirstLine(empty);
    empty.end();
    expect(await none).toBeNull();
  });
});
