/** Aligned two-column text for summaries on a terminal. */

/** `key   value` rows with the values aligned (East Asian wide characters count double). */
export function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([key]) => displayWidth(key)));
  return rows.map(([key, value]) => `${key}${' '.repeat(width - displayWidth(key) + 2)}${value}`);
}

/** Rows of cells in aligned columns, two spaces apart; numbers-like cells are right-aligned. */
export function grid(rows: readonly (readonly string[])[]): string[] {
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...rows.map((r) => displayWidth(r[c] ?? ''))));
  return rows.map((r) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - displayWidth(cell));
        return c > 0 && /^[−+\-\d.,%]+/.test(cell) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}
