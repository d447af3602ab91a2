/**
 * The worker pool on real worker threads, with a stand-in worker that speaks
 * the simulation worker's messages (test/support/fake-worker.js): warm
 * workers are reused, jobs are cancelled one by one, a failing or dying
 * worker fails its job only, idle workers end, and a study stops its other
 * jobs when one fails.
 */
import { join } from 'node:path';
import { CancelledError, JobPool } from '../../../src/app/simulation/pool';
import { runStudy } from '../../../src/app/simulation/run-study';
import { DEFAULT_DEMAND } from '../../../src/domain/scenario';
import { study, tinyOrganisation } from '../../support/simulation';

const script = join(__dirname, '../../support/fake-worker.js');
const spin = (value: number, steps = 2, msPerStep = 5) => ({ kind: 'spin', value, steps, msPerStep });
type Spun = { value: number; threadId: number };

let pool: JobPool;
afterEach(() => pool.close());

describe('JobPool', () => {
  it('runs jobs on at most `threads` workers and keeps them for the next jobs', async () => {
    pool = new JobPool(2, { script });
    const first = (await Promise.all([1, 2, 3, 4, 5].map((v) => pool.run(spin(v))))) as Spun[];
    expect(first.map((o) => o.value)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(first.map((o) => o.threadId)).size).toBe(2);
    const second = (await Promise.all([6, 7].map((v) => pool.run(spin(v))))) as Spun[];
    expect(pool.spawned).toBe(2);
    expect(new Set([...first, ...second].map((o) => o.threadId)).size).toBe(2);
  });

  it('reports progress step by step', async () => {
    pool = new JobPool(1, { script });
    const seen: number[] = [];
    await pool.run(spin(1, 4), { onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('drops a queued job that is cancelled and runs the others', async () => {
    pool = new JobPool(1, { script });
    const controller = new AbortController();
    const running = pool.run(spin(1, 4, 20));
    const queued = pool.run(spin(2), { signal: controller.signal });
    const after = pool.run(spin(3));
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(CancelledError);
    expect(((await running) as Spun).value).toBe(1);
    expect(((await after) as Spun).value).toBe(3);
    expect(pool.spawned).toBe(1);
  });

  it('ends the worker of a running job that is cancelled; a new worker takes the next job', async () => {
    pool = new JobPool(1, { script });
    const controller = new AbortController();
    const long = pool.run(spin(1, 1000, 10), { signal: controller.signal, onProgress: () => controller.abort() });
    const started = Date.now();
    await expect(long).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(5000);
    const next = (await pool.run(spin(2))) as Spun;
    expect(next.value).toBe(2);
    expect(pool.spawned).toBe(2);
  });

  it('rejects a job that is cancelled before it is run', async () => {
    pool = new JobPool(1, { script });
    const controller = new AbortController();
    controller.abort();
    await expect(pool.run(spin(1), { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(pool.spawned).toBe(0);
  });

  it('fails only the job whose worker reports an error or dies, and goes on', async () => {
    pool = new JobPool(1, { script });
    await expect(pool.run({ kind: 'throw', message: 'no such counter' })).rejects.toThrow('no such counter');
    await expect(pool.run({ kind: 'exit', code: 3 })).rejects.toThrow('a simulation worker stopped unexpectedly (exit code 3)');
    expect(((await pool.run(spin(7))) as Spun).value).toBe(7);
    expect(pool.spawned).toBe(2);
  });

  it('ends idle workers after idleMs and starts new ones on demand', async () => {
    pool = new JobPool(1, { script, idleMs: 50 });
    const a = (await pool.run(spin(1))) as Spun;
    const b = (await pool.run(spin(2))) as Spun;
    expect(b.threadId).toBe(a.threadId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const c = (await pool.run(spin(3))) as Spun;
    expect(c.threadId).not.toBe(a.threadId);
    expect(pool.spawned).toBe(2);
  });

  it('rejects what is queued or running when closed, and every job after', async () => {
    pool = new JobPool(1, { script });
    const running = pool.run(spin(1, 100, 10));
    const queued = pool.run(spin(2));
    pool.close();
    await expect(running).rejects.toThrow('the job pool was closed');
    await expect(queued).rejects.toThrow('the job pool was closed');
    await expect(pool.run(spin(3))).rejects.toThrow('the job pool was closed');
  });

  it('refuses a worker script that does not exist', () => {
    pool = new JobPool(0);
    expect(() => new JobPool(1, { script: join(__dirname, 'missing.js') })).toThrow('worker threads need');
  });
});

describe('a study on a pool', () => {
  it("fails with the failing job's error, not with the cancelling of its other jobs, and leaves a given pool open", async () => {
    pool = new JobPool(2, { script });
    const s = study({ weeks: 2, scenarios: [{ name: 'a' }, { name: 'b' }] });
    await expect(runStudy(s, tinyOrganisation(), DEFAULT_DEMAND, { pool })).rejects.toThrow('fake worker: scenario');
    expect(((await pool.run(spin(1))) as Spun).value).toBe(1);
  });

  it('stops with CancelledError when its signal is aborted', async () => {
    pool = new JobPool(1, { script });
    const controller = new AbortController();
    controller.abort();
    await expect(
      runStudy(study({ weeks: 2 }), tinyOrganisation(), DEFAULT_DEMAND, { pool, signal: controller.signal }),
    ).rejects.toBeInstanceOf(CancelledError);
  });
});
