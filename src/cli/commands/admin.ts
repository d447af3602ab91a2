/**
 * `rotation admin …`: looking after the app's database on the server, with
 * the same DATABASE_URL / SQLITE_FILE as `npm start` (the schema is brought
 * up to date first).
 *
 * - `admin create-hr LOGIN [--name NAME] [--division ID] [--division-name NAME]`:
 *   an HR account, the first one of an empty database (SEED_DEMO=0) or
 *   another one. The password is read from stdin: typed twice without echo on
 *   a terminal, or the first line of a pipe. Its staff row, division and the
 *   town's policy are made when missing (app/organisation/hr-account.ts).
 *   Exit 2 for a login id that exists, a password too short or typed
 *   differently twice, or missing options.
 *
 * Other files add their subcommands to the group: rotation.ts passes their
 * `add…(admin, print)` functions (`addAdminCommands(program, print,
 * addBackupCommands)`), or calls them on the group returned. The database, typeorm
 * and argon2 are loaded inside the actions: `rotation --help` and the solver
 * commands start without them.
 */
import { Command } from 'commander';
import type { Lang } from './messages';
import { readNewPassword } from './password-input';
import { EXIT, TaskOutput } from './task';
import type { HrAccountProblem, HrAccountResult } from '../../app/organisation/hr-account';

type Print = (output: TaskOutput) => void;

/** Adds subcommands of its own to the `admin` group. */
export type AdminCommands = (admin: Command, print: Print) => void;

interface CreateHrOptions {
  readonly name?: string;
  readonly division?: string;
  readonly divisionName?: string;
}

/** Adds the `admin` command group to the program, with `more` subcommands from other files, and returns it. */
export function addAdminCommands(program: Command, print: Print, ...more: readonly AdminCommands[]): Command {
  const admin = program.command('admin').description('look after the app database: accounts (管理: アカウントなど)');
  const lang = (command: Command) => command.optsWithGlobals<{ lang: Lang }>().lang;

  admin
    .command('create-hr')
    .description('create an HR account; password from stdin (人事課のアカウントを作成。パスワードは標準入力から)')
    .argument('<login>', 'login id, also the staff id (ASCII letters, digits, - _ .)')
    .option('--name <name>', "the person's name (needed when they are not in the staff list yet)")
    .option('--division <id>', 'their division: an existing id, or the id of a new one named by --division-name')
    .option('--division-name <name>', 'their division: an existing name, or a new division (its id is made from the name)')
    .action(async (login: string, options: CreateHrOptions, command: Command) => {
      print(await createHr(login, options, lang(command)));
    });

  for (const add of more) add(admin, print);
  return admin;
}

async function createHr(login: string, options: CreateHrOptions, lang: Lang): Promise<TaskOutput> {
  const w = WORDS[lang];
  await import('reflect-metadata');
  const { Database } = await import('../../persistence/database');
  const { createHrAccount, loginTaken } = await import('../../app/organisation/hr-account');
  const db = await Database.open();
  try {
    // Before the password is typed: a login id that exists is refused at once.
    if (await loginTaken(db, login)) return invalidOutput(w.problem({ code: 'login-taken' }, login));
    const typed = await readNewPassword(process.stdin, process.stderr, { first: w.prompt(login), again: w.again });
    if (!typed.ok) {
      if (typed.reason === 'cancelled') return { exitCode: EXIT.cancelled, stderr: [w.cancelled] };
      return invalidOutput(typed.reason === 'mismatch' ? w.mismatch : w.empty);
    }
    const result = await createHrAccount(db, {
      loginId: login,
      password: typed.password,
      name: options.name,
      divisionId: options.division,
      divisionName: options.divisionName,
    });
    if (!result.ok) return { exitCode: EXIT.invalid, stderr: result.problems.map((p) => w.problem(p, login)) };
    return { exitCode: EXIT.ok, stdout: w.created(result).join('\n') + '\n' };
  } finally {
    await db.close();
  }
}

const invalidOutput = (line: string): TaskOutput => ({ exitCode: EXIT.invalid, stderr: [line] });

type Created = Extract<HrAccountResult, { ok: true }>;

const EN = {
  prompt: (login: string) => `Password for ${login}: `,
  again: 'The same password again: ',
  cancelled: 'Cancelled: nothing was saved.',
  mismatch: 'The two passwords do not match: nothing was saved.',
  empty: 'No password was given on standard input: nothing was saved.',
  problem: (p: HrAccountProblem, login: string): string => {
    switch (p.code) {
      case 'bad-login':
        return `${login}: a login id is 1–32 ASCII letters, digits, - _ . starting with a letter or digit (and not "new").`;
      case 'short-password':
        return `The password is too short: at least ${p.min} characters.`;
      case 'login-taken':
        return `The login id ${login} exists already: nothing was saved.`;
      case 'staff-has-account':
        return `Staff ${login} has an account already (login id ${p.loginId}): nothing was saved.`;
      case 'need-name':
        return `${login} is not in the staff list yet: give their name with --name.`;
      case 'bad-name':
        return '--name: at most 100 characters.';
      case 'need-division':
        return `${login} is not in the staff list yet: give their division with --division-name (and --division for its id if you like).`;
      case 'bad-division-id':
        return '--division: a division id is 1–32 ASCII letters, digits, - _ . starting with a letter or digit.';
      case 'need-division-name':
        return '--division names a division that does not exist: give its name with --division-name to create it.';
      case 'bad-division-name':
        return '--division-name: at most 100 characters.';
    }
  },
  created: (r: Created): string[] => [
    `Created HR account ${r.loginId}: ${r.name}, ${r.division.name} (${r.division.id}).`,
    ...(r.createdDivision ? [`  new division: ${r.division.name} (${r.division.id})`] : []),
    ...(r.createdStaff ? [`  new staff: ${r.loginId} ${r.name}`] : []),
    ...(r.createdPolicy ? ['  the policy: the defaults (change them on the 方針 page)'] : []),
    'Log in with it, then add divisions, counters and staff (README: First run on an empty database).',
  ],
};

const JA: typeof EN = {
  prompt: (login: string) => `${login} のパスワード: `,
  again: 'もう一度同じパスワード: ',
  cancelled: '中止しました（何も保存していません）。',
  mismatch: '2回のパスワードが一致しません（何も保存していません）。',
  empty: '標準入力からパスワードを読み取れませんでした（何も保存していません）。',
  problem: (p: HrAccountProblem, login: string): string => {
    switch (p.code) {
      case 'bad-login':
        return `${login}: ログインIDは半角の英数字（と - _ .）32文字以内で、英数字から始めてください（「new」は使えません）。`;
      case 'short-password':
        return `パスワードが短すぎます（${p.min}文字以上にしてください）。`;
      case 'login-taken':
        return `ログインID ${login} はすでにあります（何も保存していません）。`;
      case 'staff-has-account':
        return `職員 ${login} にはすでにアカウント（ログインID ${p.loginId}）があります（何も保存していません）。`;
      case 'need-name':
        return `${login} は職員として登録されていません。--name で氏名を指定してください。`;
      case 'bad-name':
        return '--name: 氏名は100文字以内にしてください。';
      case 'need-division':
        return `${login} は職員として登録されていません。--division-name で所属課を指定してください（課IDを決めるときは --division も）。`;
      case 'bad-division-id':
        return '--division: 課IDは半角の英数字（と - _ .）32文字以内で、英数字から始めてください。';
      case 'need-division-name':
        return '--division の課はまだありません。作成するときは --division-name で課の名前を指定してください。';
      case 'bad-division-name':
        return '--division-name: 課の名前は100文字以内にしてください。';
    }
  },
  created: (r: Created): string[] => [
    `人事課のアカウント ${r.loginId} を作成しました: ${r.name}、${r.division.name}（${r.division.id}）`,
    ...(r.createdDivision ? [`  作成した所属課: ${r.division.name}（${r.division.id}）`] : []),
    ...(r.createdStaff ? [`  作成した職員: ${r.loginId} ${r.name}`] : []),
    ...(r.createdPolicy ? ['  方針: 初期値で作成しました（「方針」の画面で変更できます）'] : []),
    'このアカウントでログインし、所属課・窓口・職員を登録してください（README「初めて使うとき」）。',
  ],
};

const WORDS: Readonly<Record<Lang, typeof EN>> = { en: EN, ja: JA };
