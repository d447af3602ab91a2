/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   The tests edit the raw JSON of the fixture to make it what they need. */
/**
 * The `rotation` command on input at and beyond the format's bounds: the
 * built dist/ (run `npm run build` first), in child processes, in a temp dir.
 * Unknown fields draw a warning on stderr and do not change the exit code;
 * out-of-range numbers and files over the size cap exit 2.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'rotation.js');
const TOWN_W48 = join(ROOT, 'fixtures', 'town-25-2026-W48.json');

let dir: string;

function rotation(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', DEBUG: '', ROTATION_MAX_INPUT_BYTES: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const town = (): any => JSON.parse(readFileSync(TOWN_W48, 'utf8'));

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/src/cli/rotation.js'))) throw new Error('run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'rotation-limits-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('unknown fields', () => {
  test('solve and check warn about each, naming the nearest known field; the exit code stays 0', () => {
    const p = town();
    p.policy.licensesPerDay = p.policy.licencesPerDay;
    delete p.policy.licencesPerDay;
    p.staff[2].requsts = [];
    writeFileSync(join(dir, 'typo.json'), JSON.stringify(p));

    const solved = rotation(['solve', 'typo.json', '--out', 'typo-roster.json']);
    expect(solved.status).toBe(0);
    expect(solved.stderr).toContain('typo.json: policy.licensesPerDay: unknown field; did you mean licencesPerDay?');
    expect(solved.stderr).toContain('typo.json: staff[2].requsts: unknown field; did you mean requests?');
    expect(solved.stdout).toMatch(/status\s+optimal/);

    const checked = rotation(['check', 'typo.json', 'typo-roster.json']);
    expect(checked.status).toBe(0);
    expect(checked.stderr).toContain('policy.licensesPerDay: unknown field; did you mean licencesPerDay?');

    const ja = rotation(['--lang', 'ja', 'check', 'typo.json', 'typo-roster.json']);
    expect(ja.status).toBe(0);
    expect(ja.stderr).toContain('policy.licensesPerDay: 不明な項目です。licencesPerDay の誤りではありませんか？');
  });

  test('a roster field too', () => {
    expect(rotation(['solve', TOWN_W48, '--out', 'w48.json']).status).toBe(0);
    const roster = JSON.parse(readFileSync(join(dir, 'w48.json'), 'utf8')) as { shortfalls: unknown[]; shortfall?: unknown };
    roster.shortfall = roster.shortfalls;
    writeFileSync(join(dir, 'w48-extra.json'), JSON.stringify(roster));
    const checked = rotation(['check', TOWN_W48, 'w48-extra.json']);
    expect(checked.status).toBe(0);
    expect(checked.stderr).toContain('w48-extra.json: shortfall: unknown field; did you mean shortfalls?');
  });
});

describe('bounds', () => {
  test('a counter min of 2^31: exit 2 with its path, nothing written', () => {
    const p = town();
    p.counters[0].min = 2 ** 31;
    writeFileSync(join(dir, 'big-min.json'), JSON.stringify(p));
    const run = rotation(['solve', 'big-min.json', '--out', 'big-min-roster.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('big-min.json: counters[0].min: 2147483648 is outside the range 0 to 10000');
    expect(existsSync(join(dir, 'big-min-roster.json'))).toBe(false);
  });

  test('an id of 65 characters: exit 2 with its path', () => {
    const p = town();
    p.staff[0].id = 'x'.repeat(65);
    writeFileSync(join(dir, 'long-id.json'), JSON.stringify(p));
    const run = rotation(['solve', 'long-id.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('long-id.json: staff[0].id:');
    expect(run.stderr).toContain('at most 64');
  });
});

describe('the size cap', () => {
  test('a file just over the cap is refused before it is read: exit 2, a clear message', () => {
    const text = readFileSync(TOWN_W48, 'utf8');
    const size = Buffer.byteLength(text);
    writeFileSync(join(dir, 'at-cap.json'), text);
    // Exactly at the cap is read; one byte over is not.
    expect(rotation(['solve', 'at-cap.json', '--out', 'at-cap-roster.json'], { ROTATION_MAX_INPUT_BYTES: String(size) }).status).toBe(0);
    writeFileSync(join(dir, 'over-cap.json'), text + ' ');
    const run = rotation(['solve', 'over-cap.json', '--out', 'over-cap-roster.json'], { ROTATION_MAX_INPUT_BYTES: String(size) });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('over-cap.json: the file is too large');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'over-cap-roster.json'))).toBe(false);
  });

  test('the default cap (128 MiB): a sparse file of 128 MiB + 1 byte is refused at once', () => {
    const file = join(dir, 'sparse.json');
    const fd = openSync(file, 'w');
    try {
      writeSync(fd, '{');
      ftruncateSync(fd, 128 * 1024 * 1024 + 1);
    } finally {
      closeSync(fd);
    }
    const started = Date.now();
    const run = rotation(['check', 'sparse.json', 'sparse.json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('sparse.json: the file is too large (128.0 MiB; at most 128.0 MiB is read)');
    expect(Date.now() - started).toBeLessThan(10_000);
    const ja = rotation(['--lang', 'ja', 'solve', 'sparse.json']);
    expect(ja.status).toBe(2);
    expect(ja.stderr).toContain('sparse.json: ファイルが大きすぎます');
  });
});
