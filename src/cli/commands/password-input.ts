/**
 * A new password for the command line (`rotation admin create-hr`), never as
 * an argument (it would stay in the shell's history and the process list):
 * on a terminal it is typed twice without echo; from a pipe it is the first
 * line (`printf '%s\n' "$PASSWORD" | rotation admin create-hr …`).
 */
import type { Readable, Writable } from 'node:stream';

/** stdin as far as reading a password needs it (a TTY can turn its echo off). */
export interface PasswordSource extends Readable {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export type NewPassword =
  { readonly ok: true; readonly password: string } | { readonly ok: false; readonly reason: 'empty' | 'mismatch' | 'cancelled' };

/** Asks twice (`ask` gives null when the person cancels) and requires the same answer. */
export async function askNewPassword(ask: (which: 'first' | 'again') => Promise<string | null>): Promise<NewPassword> {
  const first = await ask('first');
  if (first === null) return { ok: false, reason: 'cancelled' };
  if (first === '') return { ok: false, reason: 'empty' };
  const again = await ask('again');
  if (again === null) return { ok: false, reason: 'cancelled' };
  if (again !== first) return { ok: false, reason: 'mismatch' };
  return { ok: true, password: first };
}

/** The password from `input`: typed twice on a terminal (prompts on `output`), else the first line of the pipe. */
export async function readNewPassword(
  input: PasswordSource,
  output: Writable,
  prompts: { readonly first: string; readonly again: string },
): Promise<NewPassword> {
  if (input.isTTY && input.setRawMode) return askNewPassword((which) => readHidden(input, output, prompts[which]));
  const line = await readFirstLine(input);
  if (line === null) return { ok: false, reason: 'empty' };
  return line === '' ? { ok: false, reason: 'empty' } : { ok: true, password: line };
}

/**
 * One line typed on a terminal without echo: characters until Enter,
 * Backspace deletes one; Ctrl-C or Ctrl-D cancels (null).
 */
export function readHidden(input: PasswordSource, output: Writable, prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    let text = '';
    // Echo goes off before the prompt shows, so nothing typed after it is ever echoed.
    input.setRawMode?.(true);
    input.setEncoding('utf8');
    output.write(prompt);
    const done = (value: string | null) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(text);
        if (ch === '\u0003' || ch === '\u0004') return done(null);
        if (ch === '\u007f' || ch === '\b') text = [...text].slice(0, -1).join('');
        else if (ch >= ' ') text += ch;
      }
    };
    input.on('data', onData);
    input.resume();
  });
}

/** The first line of a pipe, without its line end; null when the pipe is empty. */
export function readFirstLine(input: Readable): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = () => {
      input.removeListener('data', onData);
      input.removeListener('end', finish);
      input.removeListener('error', reject);
      input.pause();
      const end = text.search(/\r?\n/);
      resolve(end >= 0 ? text.slice(0, end) : text === '' ? null : text);
    };
    const onData = (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) finish();
    };
    input.setEncoding('utf8');
    input.on('data', onData);
    input.once('end', finish);
    input.once('error', reject);
    input.resume();
  });
}
