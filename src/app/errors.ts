/**
 * Expected failures of a use case, each with a code and a message in Japanese
 * for the person who caused it. The web layer maps `status` to the HTTP
 * status; anything else that is thrown is a bug and shows a generic page.
 */
export type AppErrorCode = 'invalid' | 'not-found' | 'forbidden' | 'conflict' | 'deadline';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly status: number,
    message: string,
    /** Field-level problems of a form: one Japanese line each. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

export const invalid = (message: string, problems: readonly string[] = []) => new AppError('invalid', 422, message, problems);
export const notFound = (message = 'お探しのページは見つかりませんでした。') => new AppError('not-found', 404, message);
export const forbidden = (message = 'この操作を行う権限がありません。') => new AppError('forbidden', 403, message);
export const conflict = (message: string) => new AppError('conflict', 409, message);
