/**
 * Reading what HR types or uploads: full-width digits and spaces are
 * accepted (NFKC), and every bad field adds one Japanese line naming it, so a
 * form can report all of its problems at once.
 */
import { DateTime } from 'luxon';
import { isNationalHoliday, isYearEndClosure, ZONE } from '../domain/calendar';
import { holidayName } from './calendar';
import type { AccountRole } from '../persistence/entities';

/** NFKC (全角数字 → 半角, 全角スペース → space), trimmed. */
export function clean(text: string): string {
  return text.normalize('NFKC').trim();
}

/** Free text (names): only the surrounding spaces go, half- or full-width; the characters stay as typed. */
export function trimText(text: string): string {
  return text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
}

function shown(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/** An integer in [min, max]; blank or bad adds a problem and gives undefined. */
export function readInt(text: string, label: string, min: number, max: number, problems: string[]): number | undefined {
  const t = clean(text);
  if (t === '') {
    problems.push(`「${label}」を入力してください（${min}〜${max}の整数）。`);
    return undefined;
  }
  return intOrProblem(t, label, min, max, problems);
}

/** Like readInt, but blank means "no value" (null): unlimited, or the policy's. */
export function readOptionalInt(text: string, label: string, min: number, max: number, problems: string[]): number | null | undefined {
  const t = clean(text);
  if (t === '') return null;
  return intOrProblem(t, label, min, max, problems);
}

function intOrProblem(t: string, label: string, min: number, max: number, problems: string[]): number | undefined {
  const n = /^-?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    problems.push(`「${label}」は${min}〜${max}の整数で入力してください（入力: ${shown(t)}）。`);
    return undefined;
  }
  return n;
}

/** A required text of at most `max` characters. */
export function readText(text: string, label: string, max: number, problems: string[]): string | undefined {
  const t = trimText(text);
  if (t === '') {
    problems.push(`「${label}」を入力してください。`);
    return undefined;
  }
  if (t.length > max) {
    problems.push(`「${label}」は${max}文字以内で入力してください（${t.length}文字）。`);
    return undefined;
  }
  return t;
}

/** Ids of staff and counters travel in URLs and CSV files: ASCII letters, digits, - _ . */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** Ids that name a page of their own (`/hr/staff/new`). */
export const RESERVED_IDS: ReadonlySet<string> = new Set(['new']);

export function readId(text: string, label: string, problems: string[]): string | undefined {
  const t = clean(text);
  if (t === '') {
    problems.push(`「${label}」を入力してください。`);
    return undefined;
  }
  if (RESERVED_IDS.has(t)) {
    problems.push(`「${label}」に「${t}」は使えません。`);
    return undefined;
  }
  if (!ID_PATTERN.test(t)) {
    problems.push(`「${label}」は半角の英数字（と - _ .）32文字以内で、英数字から始めてください（入力: ${shown(t)}）。`);
    return undefined;
  }
  return t;
}

/** A calendar date `YYYY-MM-DD` (also `2026/11/25`). */
export function readDate(text: string, label: string, problems: string[]): string | undefined {
  const t = clean(text).replace(/\//g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const d = m ? DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone: ZONE }) : null;
  if (!d || !d.isValid) {
    problems.push(
      t === '' ? `「${label}」を入力してください。` : `「${label}」は日付（例: 2026-11-25）で入力してください（入力: ${shown(t)}）。`,
    );
    return undefined;
  }
  return d.toISODate();
}

/** Why an office is closed anyway on a date (weekend, 祝日, 年末年始), or null. */
export function alwaysClosedBecause(day: string): string | null {
  const weekday = DateTime.fromISO(day, { zone: ZONE }).weekday;
  if (weekday === 6) return '土曜日';
  if (weekday === 7) return '日曜日';
  if (isNationalHoliday(day) || isYearEndClosure(day)) return holidayName(day) ?? '祝日';
  return null;
}

/** あり/なし, 1/0, はい/いいえ, ○/×: true, false, or undefined when it is none of these. */
export function yesNo(text: string): boolean | undefined {
  const t = clean(text).toLowerCase();
  if (['あり', '有', '1', 'はい', '○', '〇', 'true', 'yes', 'y', '在職', '対象'].includes(t)) return true;
  if (['なし', '無', '0', 'いいえ', '×', 'false', 'no', 'n', '退職', '対象外', '-', 'ー'].includes(t)) return false;
  return undefined;
}

export const ROLE_LABELS: Readonly<Record<AccountRole, string>> = { staff: '職員', chief: '課長', hr: '人事課' };

export function isRole(value: string): value is AccountRole {
  return Object.prototype.hasOwnProperty.call(ROLE_LABELS, value);
}

export const WEEKDAY_LABELS = ['月', '火', '水', '木', '金', '土', '日'] as const;
