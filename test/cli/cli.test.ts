/**
 * The `rotation` command and `npm start`, run as a user runs them: the built
 * files under dist/, in child processes, on small problems in a temp dir.
 */
import { createServer, AddressInfo } from 'node:net';
import { buildDist } from '../support/build';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayJa } from '../../src/domain/explanation';
import type { Problem, Roster } from '../../src/domain/rotation';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'rotation.js');
const TOWN_W48 = join(ROOT, 'fixtures', 'town-25-2026-W48.json');

let dir: string;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function rotation(...args: string[]): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', DEBUG: '' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;

/** The generated problem with staff[3] in a division that does not exist. */
function writeInvalidProblem(file: string): void {
  const problem = readJson<{ staff: { division: string }[] }>('p.json');
  problem.staff[3].division = 'no-such-division';
  writeFileSync(join(dir, file), JSON.stringify(problem));
}

beforeAll(() => {
  // dist/ as the sources are now (compiled only if they changed since the last build).
  buildDist();
  dir = mkdtempSync(join(tmpdir(), 'rotation-cli-'));
  const made = rotation('generate', '--staff', '80', '--seed', '7', '--out', 'p.json');
  expect(made.status).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('rotation generate', () => {
  test('is deterministic for the same seed and differs for another', () => {
    expect(rotation('generate', '--staff', '80', '--seed', '7', '--out', 'p-again.json').status).toBe(0);
    expect(readFileSync(join(dir, 'p-again.json'), 'utf8')).toBe(readFileSync(join(dir, 'p.json'), 'utf8'));
    const other = rotation('generate', '--staff', '80', '--seed', '8');
    expect(other.status).toBe(0);
    expect(other.stdout).not.toBe(readFileSync(join(dir, 'p.json'), 'utf8'));
    expect((JSON.parse(other.stdout) as { format: string }).format).toBe('rotation-problem/1');
  });

  test('rejects a staff count that is not a positive integer', () => {
    const run = rotation('generate', '--staff', 'many');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--staff many');
  });

  test('--shape coupled: the coupled family, knobs from the seed or given, and solve proves it', () => {
    const made = rotation(
      'generate',
      '--staff',
      '300',
      '--shape',
      'coupled',
      '--seed',
      '3',
      '--cross',
      '0.1',
      '--days',
      '4',
      '--out',
      'c.json',
    );
    expect(made.status).toBe(0);
    const problem = readJson<Problem>('c.json');
    expect(problem.days).toHaveLength(4);
    const division = new Map(problem.counters.map((c) => [c.id, c.division]));
    const crossed = problem.staff.filter((s) => s.counters.some((c) => division.get(c) !== s.division)).length;
    expect(crossed).toBeGreaterThanOrEqual(25);
    expect(rotation('generate', '--staff', '300', '--shape', 'coupled', '--seed', '3', '--cross', '0.1', '--days', '4').stdout).toBe(
      readFileSync(join(dir, 'c.json'), 'utf8'),
    );
    const solved = rotation('solve', 'c.json', '--out', 'cr.json');
    expect(solved.status).toBe(0);
    expect(solved.stdout).toMatch(/status\s+optimal/);
    expect(rotation('check', 'c.json', 'cr.json').status).toBe(0);
  });

  test('--shape coupled: knobs out of range or without the shape are refused, naming the option', () => {
    const wrong = rotation('generate', '--staff', '300', '--shape', 'coupled', '--cross', '0.5', '--days', '6', '--week', '2026-W49');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('--cross 0.5');
    expect(wrong.stderr).toContain('--days 6');
    expect(wrong.stderr).toContain('--week');
    const plain = rotation('generate', '--staff', '300', '--tightness', '1');
    expect(plain.status).toBe(2);
    expect(plain.stderr).toContain('--tightness');
    expect(rotation('generate', '--staff', '30', '--shape', 'ring').stderr).toContain('--shape ring');
  });
});

describe('rotation solve and check', () => {
  test('solve writes a roster that check accepts', () => {
    const solved = rotation('solve', 'p.json', '--out', 'r.json');
    expect(solved.status).toBe(0);
    expect(solved.stdout).toMatch(/status\s+optimal/);
    expect(solved.stdout).toMatch(/requests\s+\d+ of \d+ granted/);
    const roster = readJson<Roster>('r.json');
    expect(roster.format).toBe('rotation-roster/1');
    expect(roster.problem).toBe(readJson<Problem>('p.json').name);

    const checked = rotation('check', 'p.json', 'r.json');
    expect(checked.status).toBe(0);
    expect(checked.stdout).toContain('OK');
    expect(checked.stdout).toContain(`objective ${roster.objective}`);
  });

  test('without --out the roster goes to stdout and the summary to stderr', () => {
    const run = rotation('solve', 'p.json');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { format: string }).format).toBe('rotation-roster/1');
    expect(run.stderr).toMatch(/objective\s+-?\d+/);
  });

  test('text that is not JSON: exit 2, a message at $, nothing written', () => {
    writeFileSync(join(dir, 'broken.json'), '{"format": "rotation-problem/1",');
    const run = rotation('solve', 'broken.json', '--out', 'broken-roster.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('broken.json: $');
    expect(run.stderr).toContain('line 1');
    expect(existsSync(join(dir, 'broken-roster.json'))).toBe(false);
  });

  test('an invalid problem: exit 2, the JSON path on stderr, no output file', () => {
    writeInvalidProblem('invalid.json');
    const run = rotation('solve', 'invalid.json', '--out', 'invalid-roster.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('staff[3].division');
    expect(run.stderr).toContain('no-such-division');
    expect(run.stdout).toBe('');
    expect(readdirSync(dir).filter((f) => f.startsWith('invalid-roster') || f.endsWith('.tmp'))).toEqual([]);
  });

  test('messages follow --lang ja', () => {
    writeInvalidProblem('invalid-ja.json');
    const run = rotation('--lang', 'ja', 'solve', 'invalid-ja.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('staff[3].division');
    expect(run.stderr).toMatch(/[\u3040-\u30ff]/);
  });

  test('a missing file or a directory: exit 2, a clear message, no stack trace', () => {
    for (const input of ['missing.json', '.']) {
      const run = rotation('check', input, 'r.json');
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`${input}: cannot read`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test('check on a tampered roster: exit 1, naming the rule', () => {
    const roster = readJson<Roster & { objective: number }>('r.json');
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify({ ...roster, objective: roster.objective + 7 }));
    const run = rotation('check', 'p.json', 'tampered.json');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[objective]');
  });

  test('check on a roster that is not a roster: exit 2', () => {
    const run = rotation('check', 'p.json', 'p.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('p.json: format');
  });

  test('an unknown command or a missing argument: exit 2', () => {
    expect(rotation('frobnicate').status).toBe(2);
    expect(rotation('solve').status).toBe(2);
  });
});

describe('rotation explain', () => {
  let denied: { staff: string; name: string; day: string };

  beforeAll(() => {
    expect(rotation('solve', TOWN_W48, '--out', 'w48.json').status).toBe(0);
    const problem = JSON.parse(readFileSync(TOWN_W48, 'utf8')) as Problem;
    const telework = new Set(
      readJson<Roster>('w48.json')
        .assignments.filter((a) => a.mode === 'telework')
        .map((a) => `${a.staff} ${a.day}`),
    );
    const found = problem.staff.flatMap((s) =>
      s.requests.filter((r) => !telework.has(`${s.id} ${r.day}`)).map((r) => ({ staff: s.id, name: s.name, day: r.day })),
    );
    expect(found.length).toBeGreaterThan(0);
    denied = found[0];
  });

  test('prints a line for a denied request, under the staff member', () => {
    const run = rotation('explain', TOWN_W48, 'w48.json', '--staff', denied.staff);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(denied.name);
    expect(run.stdout).toMatch(new RegExp(`^  ${escape(dayJa(denied.day))} .*\\[[a-z-]+\\]$`, 'm'));
  });

  test('--json prints the explanations as data', () => {
    const run = rotation('explain', TOWN_W48, 'w48.json', '--staff', denied.staff, '--json');
    expect(run.status).toBe(0);
    const explanations = JSON.parse(run.stdout) as { staff: string; day: string; rule: string }[];
    expect(explanations).toContainEqual(expect.objectContaining({ staff: denied.staff, day: denied.day }));
  });

  test('a roster of another problem: a warning, not an error', () => {
    const roster = readJson<Roster>('w48.json');
    writeFileSync(join(dir, 'renamed.json'), JSON.stringify({ ...roster, problem: 'another week' }));
    const run = rotation('explain', TOWN_W48, 'renamed.json', '--staff', denied.staff);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('another week');
  });

  test('an unknown --staff: exit 2', () => {
    const run = rotation('explain', TOWN_W48, 'w48.json', '--staff', 'nobody');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nobody');
  });
});

describe('rotation simulate', () => {
  const writeStudy = (file: string, study: Record<string, unknown>) =>
    writeFileSync(join(dir, file), JSON.stringify({ format: 'rotation-simulation/1', name: 'テスト', start: '2027-W14', ...study }));

  test('runs the scenarios on worker threads and writes the results and every table as CSV', () => {
    writeStudy('study.json', {
      organisation: { generator: 'town-25', seed: 1 },
      weeks: 3,
      scenarios: [{ name: 'ライセンス30', policy: { licencesPerDay: 30 } }],
      insights: { weeks: 1 },
    });
    const run = rotation('simulate', 'study.json', '--csv', 'tables', '--threads', '2');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/現行\s+\d+\.\d%/);
    expect(run.stdout).toMatch(/ライセンス30\s+\d+\.\d%/);
    expect(run.stderr).toContain('(2 workers)');
    const result = readJson<{ format: string; scenarios: { name: string; weekly: unknown[] }[]; insights: unknown[] }>('study.result.json');
    expect(result.format).toBe('rotation-simulation-result/1');
    expect(result.scenarios.map((x) => [x.name, x.weekly.length])).toEqual([
      ['現行', 3],
      ['ライセンス30', 3],
    ]);
    expect(result.insights.length).toBeGreaterThan(0);
    const summary = readFileSync(join(dir, 'tables', 'summary.csv'), 'utf8');
    expect(summary.startsWith('\uFEFFシナリオ,対象職員,')).toBe(true);
    expect(readdirSync(join(dir, 'tables')).sort()).toEqual([
      'counters.csv',
      'divisions.csv',
      'insights.csv',
      'summary.csv',
      'weekdays.csv',
      'weekly.csv',
    ]);
  });

  test('gives the same results on one thread as on two', () => {
    writeStudy('same.json', {
      organisation: { generator: 'town-25', seed: 1 },
      weeks: 2,
      scenarios: [{ name: '週3日', policy: { maxTeleworkDays: 3 } }],
      insights: false,
    });
    expect(rotation('simulate', 'same.json', '-o', 'one.json', '--threads', '0').status).toBe(0);
    expect(rotation('simulate', 'same.json', '-o', 'two.json', '--threads', '2').status).toBe(0);
    const strip = (f: string) => ({ ...readJson<Record<string, unknown>>(f), run: null });
    expect(strip('one.json')).toEqual(strip('two.json'));
  });

  test('simulates the organisation of a problem file, replaying its requests', () => {
    writeStudy('replay.json', {
      organisation: { problem: 'p.json' },
      weeks: 2,
      demand: { source: 'replay', replay: ['p.json'] },
      insights: false,
    });
    const run = rotation('simulate', 'replay.json', '-o', 'replay-out.json');
    expect(run.status).toBe(0);
    const problem = readJson<Problem>('p.json');
    const result = readJson<{ scenarios: { summary: { staff: number; requested: number } }[] }>('replay-out.json');
    expect(result.scenarios[0].summary.staff).toBe(problem.staff.length);
    expect(result.scenarios[0].summary.requested).toBeGreaterThan(0);
  });

  test('a study with mistakes: exit 2, every mistake at its path, nothing written', () => {
    writeStudy('bad.json', {
      organisation: { generator: 'town-25' },
      weeks: 0,
      scenarios: [{ name: 'x', policy: { licencePerDay: 3 } }],
    });
    const run = rotation('--lang', 'ja', 'simulate', 'bad.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad.json: weeks: 0 は 1 より小さい値です');
    expect(run.stderr).toContain('bad.json: scenarios[0].policy.licencePerDay: "licencePerDay" という項目はありません');
    expect(existsSync(join(dir, 'bad.result.json'))).toBe(false);

    writeStudy('unknown.json', {
      organisation: { generator: 'town-25' },
      weeks: 1,
      scenarios: [{ name: 'x', qualifications: [{ counter: 'nope', add: 1 }] }],
    });
    const refs = rotation('simulate', 'unknown.json');
    expect(refs.status).toBe(2);
    expect(refs.stderr).toContain('scenarios[0].qualifications[0].counter: the organisation has no counter "nope"');
  });

  test('Ctrl-C cancels: exit 130 and no results file', async () => {
    writeStudy('long.json', {
      organisation: { generator: 'city-2900', seed: 1 },
      weeks: 104,
      scenarios: [{ name: 'a', policy: { licencesPerDay: 200 } }],
    });
    const child = spawn(process.execPath, [BIN, 'simulate', 'long.json'], { cwd: dir, env: { ...process.env, LANG: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // Ctrl-C once the command listens for it (on a busy machine, loading takes a while): SigCgt has SIGINT's bit.
    const catchesSigint = () => {
      const mask = /SigCgt:\s*([0-9a-f]+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      return mask !== undefined && (BigInt(`0x${mask}`) & 2n) !== 0n;
    };
    for (let waited = 0; !catchesSigint(); waited += 50) {
      if (waited > 60_000) throw new Error('the command never listened for Ctrl-C');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    expect(stderr).toContain('cancelled (no results written)');
    expect(existsSync(join(dir, 'long.result.json'))).toBe(false);
  });
});

describe('npm start', () => {
  let server: ChildProcess | undefined;

  afterAll(() => {
    server?.kill();
  });

  test('migrates, seeds the demo town, prints the demo accounts and serves the login page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotation-start-'));
    server = spawn(process.execPath, [join(ROOT, 'dist/src/cli/start.js')], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SQLITE_FILE: join(dir, 'demo.sqlite'), DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      server!.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const match = /http:\/\/localhost:\d+\//.exec(out);
        if (match && out.includes('t0')) resolve(match[0]);
      });
      server!.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    expect(out).toContain('demo town seeded: 426 staff');
    for (const id of ['jinji', 'jumin-kacho', 'zeimu-kacho']) expect(out).toContain(id);

    const home = await fetch(url, { redirect: 'manual' });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toMatch(/^\/login/);
    const page = await fetch(new URL('/login', url));
    expect(page.status).toBe(200);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('ログイン');
    expect(html).not.toMatch(/<script>|style=/);

    const css = await fetch(new URL('/assets/app.css', url));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await fetch(new URL('/nowhere', url))).status).toBe(404);
  }, 90_000);

  test('does not start on a setting that cannot be used: one line per setting, no stack trace, no password, nothing created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rotation-start-'));
    const file = join(dir, 'never.sqlite');
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/start.js')], {
      env: {
        ...process.env,
        SQLITE_FILE: file,
        DATABASE_URL: '',
        PORT: '30o0',
        SECURE_COOKIES: 'yes',
        SMTP_URL: 'smtp://u:s3cret@mail:587',
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('did not start');
    for (const name of ['PORT', 'SECURE_COOKIES', 'MAIL_FROM']) expect(run.stderr).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('s3cret');
    expect(existsSync(file)).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  test('says in one line, without a stack trace or password, that the database cannot be reached', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/start.js')], {
      env: { ...process.env, HOST: '127.0.0.1', DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/rotation' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'テレワーク輪番表 did not start: the database cannot be used (nothing answers at its address, ECONNREFUSED). Check DATABASE_URL or SQLITE_FILE.',
    );
  });

  test('says in one line that the port is taken, and stops', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'rotation-port-'));
    try {
      const run = spawnSync(process.execPath, [join(ROOT, 'dist/src/cli/start.js')], {
        env: {
          ...process.env,
          HOST: '127.0.0.1',
          PORT: String(port),
          SEED_DEMO: '0',
          SQLITE_FILE: join(dir, 'x.sqlite'),
          DATABASE_URL: '',
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `テレワーク輪番表 did not start: it cannot listen on 127.0.0.1:${port} (another program already listens there, EADDRINUSE). Check HOST and PORT.`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
