/**
 * Reading input files and writing output files for the commands. Expected
 * failures (a missing file, a directory, no permission) come back as a
 * message, never as an exception.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Lang, messagesFor } from './messages';

export type FileResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function readText(file: string, lang: Lang): FileResult<string> {
  try {
    return { ok: true, value: readFileSync(file, 'utf8') };
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
