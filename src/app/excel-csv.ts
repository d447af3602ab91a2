import { stringify } from 'csv-stringify/sync';

/**
 * A cell a spreadsheet would run as a formula: it starts with = + - @, a tab or a carriage
 * return (OWASP, "CSV injection"). A plain number such as "-3" or "-2.5%" is no formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?%?$/;

/**
 * Whether a cell needs a leading ': it would run as a formula, or it already starts with a ' that
 * `unguardCell` would otherwise take away (so reading our own file back is exact).
 */
function needsGuard(text: string): boolean {
  if (text.startsWith("'")) return needsGuard(text.slice(1));
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** The cell as text that a spreadsheet shows as written: a formula-like string gets a leading '. */
export function safeCell(value: string | number): string {
  const text = String(value);
  return typeof value === 'string' && needsGuard(text) ? `'${text}` : text;
}

/**
 * CSV for Excel: UTF-8 with a BOM and CRLF, so it opens with the right characters; every string
 * cell that could run as a formula (a name, a reason, a division someone typed) stays text.
 */
export function excelCsv(rows: readonly (readonly (string | number)[])[]): string {
  return (
    '\uFEFF' +
    stringify(
      rows.map((r) => r.map(safeCell)),
      { record_delimiter: '\r\n' },
    )
  );
}

/** The inverse of `safeCell`, for files we read back (an exported staff list, re-imported). */
export function unguardCell(text: string): string {
  return text.startsWith("'") && needsGuard(text.slice(1)) ? text.slice(1) : text;
}
