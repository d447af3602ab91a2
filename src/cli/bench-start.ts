/**
 * `npm run bench:start`: how long an installed tree takes from a command to
 * its answer, as an operator meets it (issue 14: `npm start` serves its first
 * page within 3 s; the first `npx rotation` is quick too). Each run is a new
 * process, timed from spawn to the answer:
 *
 * - `npm start` on a database that exists (the usual restart), until
 *   GET /login answers 200: the whole command, with its build check;
 * - the same on an empty database (`SEED_DEMO=0`: migrations only), and with
 *   the demo town seeded (the very first start of a demo);
 * - `rotation --version` as `node bin/rotation.js` and as `npx rotation`.
 *
 * BENCH_RUNS runs of each (default 5): median and worst.
 */
import { spawn, spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { projectRoot } from '../project-root';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = projectRoot();
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds from `npm start` to the first 200 on /login; the server is stopped after. */
async function timeStart(env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(NPM, ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error('npm start stopped before it served a page');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/login`);
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    // npm and the server it started: the whole process group.
    if (!exited && child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise<void>((resolve) => (exited ? resolve() : child.once('exit', () => resolve())));
  }
}

function timeCommand(command: string, args: readonly string[]): number {
  const started = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - started;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  const rows: [string, number[]][] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'rotation-bench-start-'));
  try {
    const restart: number[] = [];
    const empty: number[] = [];
    const seeded: number[] = [];
    const existing = path.join(dir, 'existing.sqlite');
    await timeStart({ SQLITE_FILE: existing, SEED_DEMO: '1' });
    for (let i = 0; i < RUNS; i++) {
      restart.push(await timeStart({ SQLITE_FILE: existing, SEED_DEMO: '1' }));
      empty.push(await timeStart({ SQLITE_FILE: path.join(dir, `empty-${i}.sqlite`), SEED_DEMO: '0' }));
      seeded.push(await timeStart({ SQLITE_FILE: path.join(dir, `demo-${i}.sqlite`), SEED_DEMO: '1' }));
    }
    rows.push(['`npm start`, database in use (restart)', restart]);
    rows.push(['`npm start`, empty database (migrations)', empty]);
    rows.push(['`npm start`, first demo start (migrations + seeding the town)', seeded]);
    const bin: number[] = [];
    const npx: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bin.push(timeCommand(process.execPath, ['bin/rotation.js', '--version']));
      npx.push(timeCommand('npx', ['rotation', '--version']));
    }
    rows.push(['`node bin/rotation.js --version`', bin]);
    rows.push(['`npx rotation --version`', npx]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`Node.js ${process.version}, ${RUNS} runs each, ms from spawn to the answer\n`);
  console.log('| command | median | worst |');
  console.log('| --- | ---: | ---: |');
  for (const [name, xs] of rows) console.log(`| ${name} | ${Math.round(median(xs))} | ${Math.round(Math.max(...xs))} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
