/**
 * A person's notifications (every role has them): the list, opening one
 * (which marks it read and goes to its page), marking one or all read, and
 * the e-mail choice shown on /me. There are no staff ids in these URLs;
 * a notification id that is not the actor's own is a 404. Every change is a
 * POST with the CSRF token.
 */
import { Request, Router } from 'express';
import { markAllRead, markRead, myNotifications, setEmailNotifications } from '../../../app/notifications/inbox';
import { notFound } from '../../../app/errors';
import type { AppContext } from '../../context';
import { actorOfRequest, flash, requireLogin } from '../../auth';
import { field, queryText } from '../../forms';

export function notificationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use('/me/notifications', requireLogin);
  const now = () => ctx.clock().toUTC().toISO()!;

  r.get('/me/notifications', async (req, res) => {
    const page = Number(queryText(req.query.page) || '1');
    const list = await myNotifications(ctx.db.manager, actorOfRequest(req), Number.isFinite(page) ? page : 1);
    res.render('me/notifications', { title: '通知', list });
  });

  r.post('/me/notifications/read-all', async (req, res) => {
    const n = await markAllRead(ctx.db, actorOfRequest(req), now());
    flash(req, 'ok', n ? `${n}件の通知を既読にしました。` : '未読の通知はありません。');
    res.redirect('/me/notifications');
  });

  r.post('/me/notifications/email', async (req, res) => {
    const choice = field(req.body, 'email');
    if (choice !== 'on' && choice !== 'off') throw notFound();
    const enabled = choice === 'on';
    const changed = await setEmailNotifications(ctx.db, actorOfRequest(req), enabled);
    flash(
      req,
      'ok',
      !changed
        ? '設定は変わっていません。'
        : enabled
          ? '通知をメールでも受け取るようにしました。'
          : 'メールでの通知を止めました。通知はこの画面の「通知」で確認できます。',
    );
    res.redirect(field(req.body, 'back') === 'notifications' ? '/me/notifications' : '/me#notification-settings');
  });

  // Opening a notification: read, then its page.
  r.post('/me/notifications/:id/open', async (req, res) => {
    const link = await markRead(ctx.db, actorOfRequest(req), idParam(req), now());
    res.redirect(link ?? '/me/notifications');
  });

  r.post('/me/notifications/:id/read', async (req, res) => {
    await markRead(ctx.db, actorOfRequest(req), idParam(req), now());
    const page = Number(field(req.body, 'page'));
    res.redirect(Number.isInteger(page) && page > 1 ? `/me/notifications?page=${page}` : '/me/notifications');
  });

  return r;
}

function idParam(req: Request): number {
  const text = String(req.params.id);
  if (!/^[1-9]\d{0,15}$/.test(text)) throw notFound('この通知は見つかりませんでした。');
  return Number(text);
}
