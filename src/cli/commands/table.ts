/** Aligned two-column text for summaries on a terminal. */

/** `key   value` rows with the values aligned (East Asian wide characters count double). */
export function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([key]) => displayWidth(key)));
  return rows.map(([key, value]) => `${key}${' '.repeat(width - displayWidth(key) + 2)}${value}`);
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}
