import { stringify } from 'csv-stringify/sync';

/** CSV for Excel: UTF-8 with a BOM and CRLF, so it opens with the right characters. */
export function excelCsv(rows: readonly (readonly (string | number)[])[]): string {
  return (
    '\uFEFF' +
    stringify(
      rows.map((r) => r.map(String)),
      { record_delimiter: '\r\n' },
    )
  );
}
