/**
 * CSRF tokens (synchroniser pattern, kept in the session). The app-wide check
 * reads the token from the parsed form body; a file upload's body is only
 * parsed by multer inside its route, so those few routes are skipped by the
 * app-wide check and run `csrfProtection` themselves right after multer.
 */
import { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/** Multipart forms whose route checks the token itself, after reading the body. */
export const UPLOAD_PATHS: ReadonlySet<string> = new Set(['/hr/import/preview']);

export function isCheckedInRoute(req: Request): boolean {
  return req.method === 'POST' && UPLOAD_PATHS.has(req.path) && req.is('multipart/form-data') === 'multipart/form-data';
}

export const csrf = csrfSync({
  getTokenFromRequest: (req) =>
    (req.body as Record<string, string> | undefined)?._csrf ?? (req.headers['x-csrf-token'] as string | undefined),
  errorConfig: {
    statusCode: 403,
    message: 'フォームの有効期限が切れました。画面を読み込み直して、もう一度操作してください。',
    code: 'EBADCSRFTOKEN',
  },
  skipCsrfProtection: isCheckedInRoute,
});

/** The check itself, never skipped: for the upload routes, after multer. */
export function csrfProtection(req: Request, _res: Response, next: NextFunction): void {
  if (csrf.isRequestValid(req)) next();
  else next(csrf.invalidCsrfTokenError);
}
