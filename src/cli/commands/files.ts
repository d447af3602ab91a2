/**
 * Reading input files and writing output files for the commands. Expected
 * failures (a missing file, a directory, no permission) come back as a
 * message, never as an exception.
 */
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Lang, messagesFor } from './messages';

export type FileResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The largest input file read: 128 MiB. A problem of the format's largest
 * organisation (100,000 staff, LIMITS in domain/rotation.ts) written by
 * `writeProblem` takes about 30 MB (290 bytes a person, as in the city
 * fixture) and its roster 30–42 MB (60 bytes an assignment, 5–7 a person);
 * the cap leaves three times that for other layouts and longer names and ids,
 * and refuses anything larger before it is read or parsed.
 */
export const MAX_INPUT_BYTES = 128 * 1024 * 1024;

/** The cap in force: MAX_INPUT_BYTES, or `ROTATION_MAX_INPUT_BYTES` when set to a positive integer (tests, operators). */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.ROTATION_MAX_INPUT_BYTES;
  const n = set === undefined || !/^\d+$/.test(set) ? NaN : Number(set);
  return Number.isSafeInteger(n) && n > 0 ? n : MAX_INPUT_BYTES;
}

export function readText(file: string, lang: Lang): FileResult<string> {
  try {
    const fd = openSync(file, 'r');
    try {
      const { size } = fstatSync(fd);
      const max = maxInputBytes();
      if (size > max) return { ok: false, message: messagesFor(lang).tooLarge(file, size, max) };
      return { ok: true, value: readFileSync(fd, 'utf8') };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, message: messagesFor(lang).cannotRead(file, reason(error, lang)) };
  }
}

/**
 * Writes `text` to a temporary file beside `file`, then renames it over
 * `file`: a crash or a full disk never leaves half a file behind.
 */
export function writeAtomically(file: string, text: string, lang: Lang): FileResult<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    return { ok: true, value: undefined };
  } catch (error) {
    rmSync(temp, { force: true });
    return { ok: false, message: messagesFor(lang).cannotWrite(file, reason(error, lang)) };
  }
}

function reason(error: unknown, lang: Lang): string {
  const m = messagesFor(lang);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return m.notFound;
  if (code === 'EISDIR') return m.isDirectory;
  if (code === 'EACCES' || code === 'EPERM') return m.noPermission;
  return error instanceof Error ? error.message : String(error);
}
