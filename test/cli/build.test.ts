/**
 * scripts/build.mjs, which `npm install`, `npm start` and `npm run build`
 * run: it compiles only when the sources changed, so a start on an
 * installed tree does not wait for the compiler. Run on a small project of
 * its own in a temp dir (the real dist/ is what other tests use).
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

describe('npm run build (scripts/build.mjs)', () => {
  let dir: string;
  const build = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(dir, 'scripts', 'build.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
    return { status: r.status, out: r.stdout + r.stderr };
  };
  const compiled = (out: string) => out.includes('compiling');

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rotation-build-'));
    mkdirSync(path.join(dir, 'scripts'));
    cpSync(path.join(ROOT, 'scripts', 'build.mjs'), path.join(dir, 'scripts', 'build.mjs'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    mkdirSync(path.join(dir, 'src', 'cli'), { recursive: true });
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, outDir: 'dist', module: 'commonjs', types: [], skipLibCheck: true } }),
    );
    writeFileSync(path.join(dir, 'tsconfig.build.json'), JSON.stringify({ extends: './tsconfig.json', include: ['src', 'ormconfig.ts'] }));
    writeFileSync(path.join(dir, 'ormconfig.ts'), 'export const orm = 1;\n');
    writeFileSync(path.join(dir, 'src', 'cli', 'start.ts'), 'export const start = 1;\n');
    writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 1;\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles the first time, then only when a source is added, edited or deleted', () => {
    const first = build();
    expect(first.out).not.toContain('error');
    expect(first.status).toBe(0);
    expect(compiled(first.out)).toBe(true);
    expect(existsSync(path.join(dir, 'dist', 'src', 'a.js'))).toBe(true);

    const again = build();
    expect(again.status).toBe(0);
    expect(again.out).toContain('up to date');

    // Touching a file's time (as a checkout does) is not a change.
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(dir, 'src', 'a.ts'), later, later);
    expect(compiled(build().out)).toBe(false);

    writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 2;\n');
    expect(compiled(build().out)).toBe(true);
    expect(compiled(build().out)).toBe(false);

    writeFileSync(path.join(dir, 'src', 'b.ts'), 'export const b = 1;\n');
    expect(compiled(build().out)).toBe(true);
    rmSync(path.join(dir, 'src', 'b.ts'));
    expect(compiled(build().out)).toBe(true);
    expect(compiled(build('--force').out)).toBe(true);
  });

  it('fails with the compiler errors, and compiles again next time instead of calling the broken sources current', () => {
    writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = "not a number";\n');
    const broken = build();
    expect(broken.status).not.toBe(0);
    expect(broken.out).toContain('TS2322');
    writeFileSync(path.join(dir, 'src', 'a.ts'), 'export const a: number = 3;\n');
    const fixed = build();
    expect(fixed.status).toBe(0);
    expect(compiled(fixed.out)).toBe(true);
  });

  it('is what npm start and npm install run', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/^node scripts\/build\.mjs && node dist\/src\/cli\/start\.js$/);
    expect(pkg.scripts.build).toBe('node scripts/build.mjs');
    expect(pkg.scripts.prepare).toBe('npm run build');
  });
});
