/**
 * `rotation admin backup FILE` and `rotation admin restore FILE`: the
 * embedded SQLite database (SQLITE_FILE, or data/rotation.sqlite) copied to
 * a file while the app runs, and copied back (persistence/sqlite-backup.ts).
 *
 * - `backup FILE [--force]`: a consistent copy of what is committed, taken
 *   with SQLite's online backup API; FILE must not exist unless `--force`.
 * - `restore FILE [--force]`: FILE is checked (a SQLite database, undamaged,
 *   of this app and not of a newer version) and copied into the database;
 *   a database that has data is replaced only with `--force` (stop the app
 *   first). The next start applies the migrations the backup predates.
 *
 * With PostgreSQL (DATABASE_URL) both say to use pg_dump / pg_restore
 * (docs/deploy.md) and exit 2. Exit 2 too for every refusal; nothing is
 * changed then. better-sqlite3 and the schema are loaded inside the actions.
 */
import type { Command } from 'commander';
import type { Lang } from './messages';
import { EXIT, TaskOutput } from './task';
import type { BackupProblem, DatabaseFacts } from '../../persistence/sqlite-backup';

interface Options {
  readonly force: boolean;
  readonly lang: Lang;
  readonly env?: NodeJS.ProcessEnv;
}

/** Adds `backup` and `restore` to the `admin` group. */
export function addBackupCommands(admin: Command, print: (output: TaskOutput) => void): void {
  const options = (force: boolean | undefined, command: Command): Options => ({
    force: force === true,
    lang: command.optsWithGlobals<{ lang: Lang }>().lang,
  });
  admin
    .command('backup')
    .description('copy the SQLite database to FILE, also while the app runs (データベースをバックアップ)')
    .argument('<file>', 'the backup file to write')
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, o: { force?: boolean }, command: Command) => print(await backupCommand(file, options(o.force, command))));
  admin
    .command('restore')
    .description('replace the SQLite database with a backup; stop the app first (バックアップから復元。先にアプリを停止)')
    .argument('<file>', 'a backup made by `rotation admin backup`')
    .option('--force', 'replace a database that has data')
    .action(async (file: string, o: { force?: boolean }, command: Command) => print(await restoreCommand(file, options(o.force, command))));
}

export async function backupCommand(file: string, options: Options): Promise<TaskOutput> {
  const w = WORDS[options.lang];
  const database = await sqliteDatabase(options.env ?? process.env);
  if (!database.ok) return refused(database.kind === 'postgres' ? w.postgresBackup : database.message);
  const { backupSqlite } = await import('../../persistence/sqlite-backup');
  const result = await backupSqlite(database.file, file, { force: options.force });
  if (!result.ok) return refused(w.problem(result.problem, 'backup'));
  return { exitCode: EXIT.ok, stdout: w.backedUp(database.file, result.facts) + '\n' };
}

export async function restoreCommand(file: string, options: Options): Promise<TaskOutput> {
  const w = WORDS[options.lang];
  const database = await sqliteDatabase(options.env ?? process.env);
  if (!database.ok) return refused(database.kind === 'postgres' ? w.postgresRestore : database.message);
  const { restoreSqlite } = await import('../../persistence/sqlite-backup');
  const result = await restoreSqlite(file, database.file, { force: options.force });
  if (!result.ok) return refused(w.problem(result.problem, 'restore'));
  return { exitCode: EXIT.ok, stdout: w.restored(file, result.facts).join('\n') + '\n' };
}

type Target = { readonly ok: true; readonly file: string } | { readonly ok: false; readonly kind?: 'postgres'; readonly message: string };

/** The SQLite file of the settings, or why there is none. */
async function sqliteDatabase(env: NodeJS.ProcessEnv): Promise<Target> {
  const { databaseKind, sqliteFile } = await import('../../persistence/data-source');
  try {
    if (databaseKind(env) === 'postgres') return { ok: false, kind: 'postgres', message: '' };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
  return { ok: true, file: sqliteFile(env) };
}

const refused = (line: string): TaskOutput => ({ exitCode: EXIT.invalid, stderr: [line] });

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const EN = {
  postgresBackup:
    'DATABASE_URL names PostgreSQL: back it up with pg_dump (pg_dump -Fc -f FILE "$DATABASE_URL"); see docs/deploy.md. Nothing was written.',
  postgresRestore:
    'DATABASE_URL names PostgreSQL: restore with pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" FILE); see docs/deploy.md. Nothing was changed.',
  problem: (p: BackupProblem, task: 'backup' | 'restore'): string => {
    const nothing = task === 'backup' ? 'Nothing was written.' : 'Nothing was changed.';
    switch (p.code) {
      case 'no-file':
        return task === 'backup' ? `There is no database at ${p.file} (SQLITE_FILE). ${nothing}` : `${p.file} does not exist. ${nothing}`;
      case 'no-directory':
        return `The folder of ${p.file} does not exist. ${nothing}`;
      case 'same-file':
        return `${p.file} is the database itself. ${nothing}`;
      case 'exists':
        return `${p.file} exists already: choose another name, or --force to overwrite it. ${nothing}`;
      case 'not-sqlite':
        return `${p.file} is not a SQLite database. ${nothing}`;
      case 'damaged':
        return `${p.file} is damaged (integrity_check: ${p.detail}). ${nothing}`;
      case 'not-this-app':
        return `${p.file} is not a database of this app (no ${p.missing.join(', ')}). ${nothing}`;
      case 'newer-version':
        return `${p.file} was made by a newer version of this app (migrations ${p.unknown.join(', ')}): update the app first. ${nothing}`;
      case 'has-data':
        return (
          `The database ${p.file} has data${p.inUse ? ' and seems to be in use (its -wal file is not empty)' : ''}: ` +
          `stop the app (systemctl stop telework-rotation), then restore with --force to replace it. ${nothing}`
        );
    }
  },
  backedUp: (source: string, f: DatabaseFacts): string =>
    `Backed up ${source} to ${f.file} (${megabytes(f.bytes)} MB, ${f.migrations.length} migrations, integrity ok).`,
  restored: (file: string, f: DatabaseFacts): string[] => [
    `Restored ${file} into ${f.file} (${megabytes(f.bytes)} MB, integrity ok).`,
    ...(f.pending ? [`The next start applies the ${f.pending} migration(s) of this version that the backup predates.`] : []),
    'Start the app again (systemctl start telework-rotation, or npm start).',
  ],
};

const JA: typeof EN = {
  postgresBackup:
    'DATABASE_URL は PostgreSQL です。pg_dump でバックアップしてください（pg_dump -Fc -f FILE "$DATABASE_URL"、docs/deploy.md 参照）。何も書き出していません。',
  postgresRestore:
    'DATABASE_URL は PostgreSQL です。pg_restore で復元してください（pg_restore --clean --if-exists -d "$DATABASE_URL" FILE、docs/deploy.md 参照）。何も変更していません。',
  problem: (p: BackupProblem, task: 'backup' | 'restore'): string => {
    const nothing = task === 'backup' ? '何も書き出していません。' : '何も変更していません。';
    switch (p.code) {
      case 'no-file':
        return task === 'backup' ? `${p.file} にデータベースがありません（SQLITE_FILE）。${nothing}` : `${p.file} がありません。${nothing}`;
      case 'no-directory':
        return `${p.file} のフォルダーがありません。${nothing}`;
      case 'same-file':
        return `${p.file} はデータベースそのものです。${nothing}`;
      case 'exists':
        return `${p.file} はすでにあります。別の名前にするか、上書きするときは --force を付けてください。${nothing}`;
      case 'not-sqlite':
        return `${p.file} は SQLite のデータベースではありません。${nothing}`;
      case 'damaged':
        return `${p.file} は壊れています（integrity_check: ${p.detail}）。${nothing}`;
      case 'not-this-app':
        return `${p.file} はこのアプリのデータベースではありません（${p.missing.join(', ')} がありません）。${nothing}`;
      case 'newer-version':
        return `${p.file} はこのアプリの新しい版で作られています（マイグレーション ${p.unknown.join(', ')}）。先にアプリを更新してください。${nothing}`;
      case 'has-data':
        return (
          `データベース ${p.file} にはデータがあります${p.inUse ? '（-wal ファイルが空でないため、使用中の可能性があります）' : ''}。` +
          `アプリを停止してから（systemctl stop telework-rotation）、--force を付けて復元してください。${nothing}`
        );
    }
  },
  backedUp: (source: string, f: DatabaseFacts): string =>
    `${source} を ${f.file} にバックアップしました（${megabytes(f.bytes)} MB、マイグレーション ${f.migrations.length} 件、整合性 ok）。`,
  restored: (file: string, f: DatabaseFacts): string[] => [
    `${file} を ${f.file} に復元しました（${megabytes(f.bytes)} MB、整合性 ok）。`,
    ...(f.pending ? [`次の起動時に、バックアップ後に追加されたマイグレーション ${f.pending} 件を適用します。`] : []),
    'アプリを起動してください（systemctl start telework-rotation、または npm start）。',
  ],
};

const WORDS: Readonly<Record<Lang, typeof EN>> = { en: EN, ja: JA };
