/**
 * Sends a CSV export: UTF-8 with a BOM by default (Excel 2016 and later, LibreOffice), or
 * Shift_JIS (CP932) with `?encoding=sjis` for older Excel, which reads UTF-8 as mojibake.
 * A text with a character CP932 cannot hold (𠮷, ①… are fine; emoji and some rare kanji are
 * not) is refused with the characters named rather than written with "?" in their place.
 */
import type { Request, Response } from 'express';
import * as iconv from 'iconv-lite';
import { AppError } from '../app/errors';

export type CsvEncoding = 'utf-8' | 'sjis';

export function csvEncodingOf(req: Request): CsvEncoding {
  const value = req.query.encoding;
  if (value === undefined || value === 'utf-8') return 'utf-8';
  if (value === 'sjis') return 'sjis';
  throw new AppError('invalid', 400, '文字コードの指定が正しくありません（encoding=sjis か utf-8）。');
}

/** A CSV export's body and type in the encoding asked for; throws (before anything is recorded) when it cannot be encoded. */
export function csvPayload(req: Request, text: string): { readonly type: string; readonly body: string | Buffer } {
  if (csvEncodingOf(req) === 'utf-8') return { type: 'text/csv; charset=utf-8', body: text };
  const plain = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const bytes = iconv.encode(plain, 'cp932');
  if (iconv.decode(bytes, 'cp932') !== plain) {
    const missing = [...new Set([...plain].filter((ch) => iconv.decode(iconv.encode(ch, 'cp932'), 'cp932') !== ch))];
    throw new AppError(
      'invalid',
      422,
      `Shift_JIS（CP932）では表せない文字があります（${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' ほか' : ''}）。UTF-8 の CSV をお使いください。`,
    );
  }
  return { type: 'text/csv; charset=Shift_JIS', body: bytes };
}

export function sendCsv(res: Response, filename: string, payload: { readonly type: string; readonly body: string | Buffer }): void {
  // attachment() sets the type from the file name, so the type comes after it.
  res.attachment(filename).type(payload.type).send(payload.body);
}
