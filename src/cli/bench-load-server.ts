/**
 * The app as `npm run bench:load` runs it: in a child process of its own (so
 * the load generator's CPU is not the app's), on the database named by
 * DATABASE_URL or SQLITE_FILE, listening on HOST:PORT like `npm start` (with
 * its notifications), but with the login rate limit lifted, since the
 * benchmark's 200 users all log in from 127.0.0.1. Over IPC it says when it
 * listens, answers its memory (after a full collection when asked and run
 * with --expose-gc) with its event loop's delay and CPU time since the last
 * question, and stops. With WEB_CONCURRENCY above 1 it runs like `npm start`
 * does, in that many worker processes on one port: the primary answers for
 * all of them (memory and CPU summed, the worst event-loop delay).
 */
import 'reflect-metadata';
import { AddressInfo } from 'net';
import { monitorEventLoopDelay } from 'perf_hooks';
import type { Worker } from 'node:cluster';
import { Database } from '../persistence/database';
import { appProcesses, isWorker, startWorkers, stopper } from '../web/processes';
import { createApp } from '../web/app';
import { createLogger } from '../web/log';
import { mailConfigFromEnv } from '../app/notifications/mail-config';

export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number }
  | {
      readonly type: 'memory';
      readonly rss: number;
      readonly heapUsed: number;
      readonly heapTotal: number;
      readonly external: number;
      /** Since the last question: the event loop's delay (p99 and worst, ms) and the CPU time used (ms). */
      readonly loopP99: number;
      readonly loopMax: number;
      readonly cpuMs: number;
    };

export type ParentMessage = { readonly type: 'memory'; readonly gc: boolean } | { readonly type: 'stop' };

function send(message: ServerMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const processes = appProcesses();
  if (processes > 1 && !isWorker()) return primary(processes);
  const db = await Database.open(process.env, { migrate: !isWorker() });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let cpu = process.cpuUsage();
  const app = createApp({
    db,
    sessionSecret: process.env.SESSION_SECRET ?? 'bench-load',
    loginLimit: 1_000_000,
    notifications: { mail: mailConfigFromEnv() },
  });
  const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    send({ type: 'ready', port: (server.address() as AddressInfo).port });
  });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'memory') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (message.gc && gc) gc();
      const m = process.memoryUsage();
      const used = process.cpuUsage(cpu);
      send({
        type: 'memory',
        rss: m.rss,
        heapUsed: m.heapUsed,
        heapTotal: m.heapTotal,
        external: m.external,
        loopP99: loop.percentile(99) / 1e6,
        loopMax: loop.max / 1e6,
        cpuMs: (used.user + used.system) / 1000,
      });
      loop.reset();
      cpu = process.cpuUsage();
    } else {
      stop();
    }
  });
  const stop = stopper(app, server, db, { dropConnections: true });
  // A worker is stopped by its primary with SIGTERM.
  process.on('SIGTERM', stop);
}

/** Starts the workers and answers for them. */
async function primary(processes: number): Promise<void> {
  const workers = startWorkers(processes, createLogger('warn', process.stderr));
  send({ type: 'ready', port: await workers.listening });
  const ask = (w: Worker, gc: boolean) =>
    new Promise<Extract<ServerMessage, { type: 'memory' }>>((resolve) => {
      const answer = (m: ServerMessage) => {
        if (m.type !== 'memory') return;
        w.off('message', answer);
        resolve(m);
      };
      w.on('message', answer);
      w.send({ type: 'memory', gc } satisfies ParentMessage);
    });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      void workers.stop().then(() => process.exit(0));
      return;
    }
    void Promise.all(workers.list().map((w) => ask(w, message.gc))).then((answers) => {
      const own = process.memoryUsage();
      const sum = (f: (a: Extract<ServerMessage, { type: 'memory' }>) => number) => answers.reduce((n, a) => n + f(a), 0);
      send({
        type: 'memory',
        rss: own.rss + sum((a) => a.rss),
        heapUsed: own.heapUsed + sum((a) => a.heapUsed),
        heapTotal: own.heapTotal + sum((a) => a.heapTotal),
        external: own.external + sum((a) => a.external),
        loopP99: Math.max(...answers.map((a) => a.loopP99)),
        loopMax: Math.max(...answers.map((a) => a.loopMax)),
        cpuMs: sum((a) => a.cpuMs),
      });
    });
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
