/**
 * Exports that spreadsheets keep as written: every cell read back by a CSV parser (csv-parse,
 * as LibreOffice and Excel split the file) equals what was meant, formula-like text is guarded
 * with a leading ' (and unguarded again when we read our own file back).
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { excelCsv, safeCell, unguardCell } from '../../src/app/excel-csv';

function readBack(text: string): string[][] {
  const rows: string[][] = parse(text, { bom: true, record_delimiter: '\r\n', relax_column_count: true });
  return rows;
}

describe('excelCsv', () => {
  it('guards every cell a spreadsheet would run as a formula, and nothing else', () => {
    const cells: [string | number, string][] = [
      ['=1+1', "'=1+1"],
      ['+81 3-1234-5678', "'+81 3-1234-5678"],
      ['-2+3', "'-2+3"],
      ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
      ['\tx', "'\tx"],
      ['\rx', "'\rx"],
      ['=HYPERLINK("http://example.com","住民課")', '\'=HYPERLINK("http://example.com","住民課")'],
      ['-3', '-3'],
      ['-2.5%', '-2.5%'],
      [-3, '-3'],
      ['住民課', '住民課'],
      ['2人/2人', '2人/2人'],
      ["'quoted", "'quoted"],
      ['', ''],
    ];
    const text = excelCsv([cells.map(([v]) => v)]);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(readBack(text)).toEqual([cells.map(([, shown]) => shown)]);
  });

  it('reads back cell by cell as written, for any text (commas, quotes, line breaks, Japanese)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.oneof(fc.string(), fc.constantFrom('=', '+', '-', '@', '住民課,税務課', '"引用"', '改\n行', '-1', '1/1')), {
            minLength: 1,
            maxLength: 6,
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (rows) => {
          const back = readBack(excelCsv(rows));
          expect(back).toEqual(rows.map((r) => r.map(safeCell)));
          // What our own import reads is what was exported.
          expect(back.map((r) => r.map(unguardCell))).toEqual(rows);
        },
      ),
      { numRuns: 300, seed: 20261126 },
    );
  });
});
