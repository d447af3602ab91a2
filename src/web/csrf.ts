/**
 * CSRF tokens (synchroniser pattern, kept in the session). The app-wide check
 * reads the token from the parsed form body; a file upload's body is only
 * parsed by multer inside its route, so those few routes are skipped by the
 * app-wide check and run `csrfProtection` themselves right after multer.
 * A token is made lazily, only for a page that shows a form (lazyCsrfToken).
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

/**
 * The session's token for a view, made only when the view prints it (EJS
 * prints `<%= csrfToken %>` through String(), which calls toString). Making
 * a token writes it into the session, so a page without a form, a 404 or a
 * visitor's first look stores no session at all; the login form does.
 */
export function lazyCsrfToken(req: Request): { toString(): string } {
  let token: string | undefined;
  return { toString: () => (token ??= csrf.generateToken(req)) };
}

/** The check itself, never skipped: for the upload routes, after multer. */
export function csrfProtection(req: Request, _res: Response, next: NextFunction): void {
  if (csrf.isRequestValid(req)) next();
  else next(csrf.invalidCsrfTokenError);
}
