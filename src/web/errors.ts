/**
 * One place maps failures to pages: expected ones with their Japanese message, bugs with a generic one.
 * A bug is logged with its stack and the request id (log.ts), which the page shows for an enquiry.
 */
import { NextFunction, Request, Response } from 'express';
import { AppError } from '../app/errors';
import { loggedPath } from './log';

export function notFoundHandler(_req: Request, res: Response): void {
  res.status(404).render('error', { title: 'ページが見つかりません', message: 'お探しのページは見つかりませんでした。', problems: [] });
}

export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  if (res.headersSent) return;
  const status = statusOf(err);
  if (status >= 500) req.log.error({ err, method: req.method, path: loggedPath(req.originalUrl) }, 'request error');
  const message =
    // eslint-disable-next-line no-control-regex -- any character outside ASCII marks a message written for people (Japanese)
    err instanceof AppError || (status < 500 && err instanceof Error && /[^\x00-\x7F]/.test(err.message))
      ? err.message
      : status === 413
        ? '送信されたデータが大きすぎます。'
        : status < 500
          ? '要求を処理できませんでした。'
          : 'システムでエラーが起きました。時間をおいてもう一度お試しください。問題が続く場合は人事課にご連絡ください。';
  const problems = err instanceof AppError ? err.problems : [];
  res.status(status);
  if (req.accepts(['html', 'json']) === 'json') {
    const code = err instanceof AppError ? err.code : status >= 500 ? 'internal' : 'bad-request';
    res.json({ error: { code, message, problems, requestId: res.locals.requestId as unknown } });
    return;
  }
  res.render('error', { title: titleOf(status), message, problems }, (renderError, html) => {
    if (renderError) {
      req.log.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain; charset=utf-8').send(`${message}\n${enquiryLine(res.locals.requestId)}`);
      return;
    }
    res.send(html);
  });
}

function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  const s = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

function titleOf(status: number): string {
  if (status === 401) return 'ログインが必要です';
  if (status === 403) return '権限がありません';
  if (status === 404) return 'ページが見つかりません';
  if (status === 409) return '今の状態ではできません'; // the message says why (changed meanwhile, already finished, …)
  if (status === 422) return '入力内容を確認してください';
  if (status === 429) return 'しばらくお待ちください';
  return 'エラー';
}

/** The line under an error that lets the log be searched for it. */
export function enquiryLine(requestId: unknown): string {
  return `お問い合わせの際はこの番号をお伝えください: ${String(requestId)}`;
}
