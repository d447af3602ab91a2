/// <reference lib="dom" />
/**
 * Notifications in Debian's headless Chromium: the unread count in the
 * header, the list, 開く going to the notice's page and lowering the count,
 * すべて既読にする, and the e-mail setting on 自分の予定; captured at 1280 px
 * and phone width (no sideways scrolling).
 */
import { notify } from '../../src/app/notifications/notify';
import { AccountEntity, StaffEntity } from '../../src/persistence/entities';
import { BrowserSession, startBrowserSession } from '../support/browser';

describe('browser: notifications', () => {
  let s: BrowserSession;

  beforeAll(async () => {
    s = await startBrowserSession();
  });
  afterAll(async () => {
    await s?.close();
    await s?.t.close();
  });

  it('shows, opens and clears notifications, and turns e-mail off', async () => {
    const { t, base } = s;
    const account = await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 't0083' });
    await t.db.source.manager.update(StaffEntity, { id: account.staffId }, { email: 't0083@town.example.lg.jp' });
    await t.db.write((m) =>
      notify(m, [
        {
          staffId: account.staffId,
          kind: 'deadline-near',
          title: '在宅勤務の希望の締切が近づいています（2026年11月23日〜11月27日（第48週））',
          body: '2026年11月23日〜11月27日（第48週）の在宅勤務の希望の締切は 11月19日(木) 12:00 です。\nこの週の希望はまだ出ていません。',
          link: '/me/weeks/2026-W48',
        },
        {
          staffId: account.staffId,
          kind: 'week-changed',
          title: '公開中の勤務表が変わりました（第47週）',
          body: '課長が勤務表の変更を公開しました。\n11月19日(木)：出勤 → 在宅勤務',
          link: '/me',
        },
      ]),
    );

    const page = await s.loginAs('t0083');
    expect(await page.textContent('[data-unread-count]')).toBe('2');
    await page.click('header.site a.notices');
    await page.waitForURL(`${base}/me/notifications`);
    expect(await page.locator('[data-notification]').count()).toBe(2);
    await s.capture(page, 'notifications-list');

    // 開く on the deadline reminder: read, and on the request form.
    await Promise.all([
      page.waitForURL(`${base}/me/weeks/2026-W48`),
      page.locator('[data-notification]', { hasText: '締切' }).getByRole('button', { name: '開く' }).click(),
    ]);
    expect(await page.textContent('[data-unread-count]')).toBe('1');

    await page.goto(`${base}/me/notifications`);
    await Promise.all([page.waitForURL(`${base}/me/notifications`), page.getByRole('button', { name: 'すべて既読にする' }).click()]);
    expect(await page.locator('[data-unread-count]').count()).toBe(0);
    expect(await page.textContent('main')).toContain('1件の通知を既読にしました');

    await page.goto(`${base}/me`);
    await s.capture(page, 'notifications-settings');
    expect(await page.textContent('#notification-settings')).toContain('t0083@town.example.lg.jp');
    await Promise.all([page.waitForURL(/\/me/), page.getByRole('button', { name: 'メールでの通知を止める' }).click()]);
    expect(await page.getAttribute('[data-email-notifications]', 'data-email-notifications')).toBe('off');
    expect((await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 't0083' })).emailNotifications).toBe(false);
  });
});
