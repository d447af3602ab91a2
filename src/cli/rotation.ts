/**
 * The `rotation` command line: solve, explain, check and generate weekly
 * telework rotations in the interchange format (rotation-problem/1,
 * rotation-roster/1).
 *
 * Exit codes: 0 done, 1 `check` found violations, 2 bad usage or input
 * (nothing is written then), 3 internal error, 130 cancelled with Ctrl-C.
 * Arguments are parsed here; the work runs in a worker thread
 * (commands/run-in-worker.ts), or for `simulate` on a pool of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { addAdminCommands } from './commands/admin';
import { addBackupCommands } from './commands/admin-backup';
import { Lang, LANGS, langFromEnv, messagesFor } from './commands/messages';
import { runInWorker } from './commands/run-in-worker';
import { EXIT, TaskOutput } from './commands/task';
import { projectRoot } from '../project-root';
import type { CoupledKnobs } from '../generators';

/** The package version. */
function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

interface GenerateOptions {
  staff?: string;
  town?: boolean;
  shape: string;
  cross?: string;
  terminalShare?: string;
  tightness?: string;
  licenceSwing?: string;
  days?: string;
  seed: string;
  week: string;
  out?: string;
}

interface GlobalOptions {
  readonly lang: Lang;
}

export function buildProgram(print: (output: TaskOutput) => void): Command {
  const program = new Command('rotation')
    .description(
      'Weekly telework rotations for municipal offices (市町村役場のテレワーク輪番表)\n' +
        'Exit codes: 0 done, 1 check found violations, 2 invalid usage or input, 3 internal error, 130 cancelled.',
    )
    .version(packageVersion())
    .addOption(new Option('--lang <lang>', 'language of messages (メッセージの言語)').choices(LANGS).default(langFromEnv()))
    .exitOverride()
    .showHelpAfterError('(rotation --help)');

  const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();

  program
    .command('solve')
    .description('solve a problem and write the roster (問題を解いて勤務表を書き出す)')
    .argument('<problem>', 'problem file (rotation-problem/1)')
    .option('-o, --out <file>', 'write the roster here (default: stdout, summary on stderr)')
    .option('--previous <roster>', 'stay as close as possible to this roster (前回の勤務表からの変更を最小に)')
    .option('--time-limit <seconds>', 'stop the search after this long and keep the best roster found')
    .action(async (problemFile: string, options: { out?: string; previous?: string; timeLimit?: string }, command: Command) => {
      const { lang } = globals(command);
      const timeLimit = options.timeLimit === undefined ? undefined : Number(options.timeLimit);
      if (timeLimit !== undefined && !(timeLimit > 0)) {
        return print({ exitCode: EXIT.invalid, stderr: [messagesFor(lang).usage.notSeconds(options.timeLimit!)] });
      }
      print(
        await runInWorker('solve', {
          lang,
          problemFile,
          outFile: options.out,
          previousFile: options.previous,
          timeLimitSeconds: timeLimit,
        }),
      );
    });

  program
    .command('explain')
    .description('why each denied request was denied (却下された希望の理由)')
    .argument('<problem>', 'problem file')
    .argument('<roster>', 'roster file of that problem')
    .option('--staff <id>', 'only this staff member')
    .option('--day <date>', 'only this day (YYYY-MM-DD)')
    .option('--json', 'print the explanations as JSON')
    .action(
      async (problemFile: string, rosterFile: string, options: { staff?: string; day?: string; json?: boolean }, command: Command) => {
        const { lang } = globals(command);
        print(
          await runInWorker('explain', {
            lang,
            problemFile,
            rosterFile,
            staff: options.staff,
            day: options.day,
            json: options.json === true,
          }),
        );
      },
    );

  program
    .command('check')
    .description('check a roster against every rule (勤務表の検査)')
    .argument('<problem>', 'problem file')
    .argument('<roster>', 'roster file')
    .option('--all', 'list every violation (default: the first 100)')
    .action(async (problemFile: string, rosterFile: string, options: { all?: boolean }, command: Command) => {
      const { lang } = globals(command);
      print(await runInWorker('check', { lang, problemFile, rosterFile, all: options.all === true }));
    });

  program
    .command('generate')
    .description('generate a realistic problem (現実的な問題を生成)')
    .option('--staff <n>', 'staff of a scaled organisation built like the city')
    .option('--town', 'the 25-division town of 426 staff instead')
    .option('--shape <shape>', 'city, or coupled: divisions linked by cross-qualified staff and shared terminals', 'city')
    .option('--cross <share>', 'coupled: share of staff also qualified for another division’s counter (0–0.2)')
    .option('--terminal-share <share>', 'coupled: share of divisions sharing 1–4 terminals (0–1)')
    .option('--tightness <t>', 'coupled: counter minimums, 0 ample … 1 some uncoverable')
    .option('--licence-swing <share>', 'coupled: licences per day vary by ± this share (0–0.2)')
    .option('--days <n>', 'coupled: 4 (a week with a holiday) or 5')
    .option('--seed <s>', 'random seed (same seed, same file)', '1')
    .option('--week <week>', 'ISO week', '2026-W50')
    .option('-o, --out <file>', 'write the problem here (default: stdout)')
    .action(async (options: GenerateOptions, command: Command) => {
      const { lang } = globals(command);
      const m = messagesFor(lang).usage;
      const town = options.town === true;
      const errors: string[] = [];
      const seed = Number(options.seed);
      if (!/^-?\d+$/.test(options.seed) || !Number.isSafeInteger(seed)) errors.push(m.notInteger('--seed', options.seed));
      const staff = options.staff === undefined ? undefined : Number(options.staff);
      if (options.staff !== undefined && (!/^\d+$/.test(options.staff) || !Number.isSafeInteger(staff) || staff! < 1)) {
        errors.push(m.notPositive('--staff', options.staff));
      }
      if (!town && options.staff === undefined) errors.push(m.needStaff);
      if (!/^\d{4}-W\d{2}$/.test(options.week)) errors.push(m.badWeek(options.week));
      if (options.shape !== 'city' && options.shape !== 'coupled') errors.push(m.badShape(options.shape));
      const coupled = options.shape === 'coupled';
      const knobs: { -readonly [K in keyof CoupledKnobs]?: CoupledKnobs[K] } = {};
      const share = (flag: string, value: string | undefined, max: number, set: (x: number) => void) => {
        if (value === undefined) return;
        if (!coupled) return errors.push(m.coupledOnly(flag));
        const x = Number(value);
        if (!/^\d*\.?\d+$/.test(value) || !(x >= 0 && x <= max)) return errors.push(m.notShare(flag, value, max));
        set(x);
      };
      share('--cross', options.cross, 0.2, (x) => (knobs.crossShare = x));
      share('--terminal-share', options.terminalShare, 1, (x) => (knobs.terminalShare = x));
      share('--tightness', options.tightness, 1, (x) => (knobs.tightness = x));
      share('--licence-swing', options.licenceSwing, 0.2, (x) => (knobs.licenceSwing = x));
      if (options.days !== undefined) {
        if (!coupled) errors.push(m.coupledOnly('--days'));
        else if (options.days !== '4' && options.days !== '5') errors.push(m.badDays(options.days));
        else knobs.dayCount = options.days === '4' ? 4 : 5;
      }
      if (coupled && command.getOptionValueSource('week') === 'cli') errors.push(m.notWithCoupled('--week'));
      if (coupled && town) errors.push(m.notWithCoupled('--town'));
      if (errors.length > 0) return print({ exitCode: EXIT.invalid, stderr: errors });
      print(
        await runInWorker('generate', {
          lang,
          staff,
          seed,
          week: options.week,
          town,
          outFile: options.out,
          shape: coupled ? 'coupled' : 'city',
          knobs,
        }),
      );
    });

  program
    .command('simulate')
    .description('compare telework policies over a simulated season (方針のシミュレーション)')
    .argument('<study>', 'study file (rotation-simulation/1)')
    .option('-o, --out <file>', 'write the results here (default: STUDY.result.json beside the study)')
    .option('--csv <dir>', 'also write every results table as a CSV file (Excel) into this directory')
    .option('--threads <n>', 'worker threads (default: one per core but one, at least one; 0 = this thread)')
    .action(async (studyFile: string, options: { out?: string; csv?: string; threads?: string }, command: Command) => {
      const { lang } = globals(command);
      const threads = options.threads === undefined ? undefined : Number(options.threads);
      if (threads !== undefined && (!/^\d+$/.test(options.threads!) || !Number.isSafeInteger(threads))) {
        return print({ exitCode: EXIT.invalid, stderr: [messagesFor(lang).simulate.badThreads(options.threads!)] });
      }
      const controller = new AbortController();
      const interrupt = () => controller.abort();
      process.once('SIGINT', interrupt);
      try {
        // Loaded here: the simulation's modules would add 60 ms to the start of every other command.
        const { simulateCommand } = await import('./commands/simulate');
        print(await simulateCommand({ lang, studyFile, outFile: options.out, csvDir: options.csv, threads, signal: controller.signal }));
      } finally {
        process.removeListener('SIGINT', interrupt);
      }
    });

  addAdminCommands(program, print, addBackupCommands);

  return program;
}

/** Prints an output: messages on stderr first, then stdout; sets the exit code. */
function printOutput(output: TaskOutput): void {
  for (const line of output.stderr ?? []) process.stderr.write(line + '\n');
  if (output.stdout) process.stdout.write(output.stdout);
  process.exitCode = output.exitCode;
}

export async function main(argv: readonly string[]): Promise<void> {
  // `rotation explain … | head` closes stdout early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const program = buildProgram(printOutput);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help / version) already.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.invalid;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(messagesFor(langFromEnv()).internal(message) + '\n');
    if (process.env.DEBUG && error instanceof Error && error.stack) process.stderr.write(error.stack + '\n');
    process.exitCode = EXIT.internal;
  }
}

if (require.main === module) void main(process.argv);
