/**
 * HR's staff master import from CSV (UTF-8 or Shift_JIS): a preview that
 * names every bad row before anything is saved, then the import in one
 * transaction. Every route needs the HR role, and every use case checks it
 * again.
 */
import { NextFunction, Request, Response, Router } from 'express';
import multer from 'multer';
import { AppError, invalid } from '../../../app/errors';
import {
  analyseImport,
  commitImport,
  currentStaffCsv,
  decodeCsv,
  encodeForForm,
  MAX_IMPORT_BYTES,
  templateCsv,
} from '../../../app/organisation/staff-import';
import type { AppContext } from '../../context';
import { recordExport } from '../../../app/accounts/security-events';
import { actorOfRequest, requireRole } from '../../auth';
import { csrfProtection } from '../../csrf';
import { field, problemLocals } from '../../forms';
import { csvPayload, sendCsv } from '../../csv-response';

export function staffImportRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/hr/import', requireRole('hr'));
  const m = () => ctx.db.manager;

  const renderImport = (res: Response, error?: AppError) =>
    res
      .status(error ? error.status : 200)
      .render('hr/import', { title: '職員名簿の取り込み（CSV）', maxBytes: MAX_IMPORT_BYTES, ...problemLocals(error) });

  r.get('/hr/import', (_req, res) => renderImport(res));

  r.get('/hr/import/template.csv', async (req, res) => {
    const text = await templateCsv(m(), actorOfRequest(req));
    sendCsv(res, '職員名簿_見本.csv', csvPayload(req, text));
  });

  r.get('/hr/import/staff.csv', async (req, res) => {
    const actor = actorOfRequest(req);
    const payload = csvPayload(req, await currentStaffCsv(m(), actor));
    await recordExport(ctx.db, actor, 'staff-csv', 'organisation');
    sendCsv(res, '職員名簿_現在.csv', payload);
  });

  r.post('/hr/import/preview', receiveUpload(renderImport), csrfProtection, async (req, res) => {
    const actor = actorOfRequest(req);
    const file = req.file;
    if (!file || file.size === 0)
      return renderImport(res, invalid('CSVファイルを読み込めませんでした。', ['CSVファイルを選んでから「内容を確認」を押してください。']));
    const { text, encoding } = decodeCsv(file.buffer);
    const analysis = await analyseImport(m(), actor, text);
    res.status(analysis.ok ? 200 : 422).render('hr/import-preview', {
      title: '取り込み内容の確認',
      analysis,
      encoding,
      fileName: file.originalname,
      encoded: analysis.ok ? encodeForForm(analysis.text) : '',
    });
  });

  r.post('/hr/import/commit', async (req, res) => {
    const result = await commitImport(ctx.db, actorOfRequest(req), field(req.body, 'csv'));
    if (!result.ok) {
      res.status(422).render('hr/import-preview', {
        title: '取り込み内容の確認',
        analysis: result.analysis,
        encoding: null,
        fileName: null,
        encoded: '',
      });
      return;
    }
    res.render('hr/import-done', { title: '職員名簿を取り込みました', result });
  });

  return r;
}

/** multer for one CSV file in memory; its failures become a 422 page in Japanese. */
const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10, parts: 12, fieldSize: 10 * 1024 },
  defParamCharset: 'utf8',
}).single('file');

function receiveUpload(onError: (res: Response, error: AppError) => void) {
  return (req: Request, res: Response, next: NextFunction): void => {
    upload(req, res, (err: unknown) => {
      if (!err) return next();
      const tooBig = err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE';
      // Nothing was read or changed: the upload page again, with the reason.
      onError(
        res,
        invalid('CSVファイルを受け取れませんでした。', [
          tooBig
            ? `ファイルが大きすぎます（${Math.round(MAX_IMPORT_BYTES / 1024 / 1024)}MBまで）。職員を何回かに分けて取り込んでください。`
            : 'ファイルを1つだけ選んで、もう一度送信してください。',
        ]),
      );
    });
  };
}
