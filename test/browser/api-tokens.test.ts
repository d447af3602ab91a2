/// <reference lib="dom" />
/**
 * HR's API tokens page in Debian's headless Chromium: issue a token (the
 * secret shown once), see it listed by its prefix, revoke it after the
 * confirmation; captured at 1280 px and phone width (no sideways scrolling).
 */
import { ApiTokenEntity } from '../../src/persistence/entities';
import { BrowserSession, startBrowserSession } from '../support/browser';

describe('browser: API tokens', () => {
  let s: BrowserSession;

  beforeAll(async () => {
    s = await startBrowserSession();
  });
  afterAll(async () => {
    await s?.close();
    await s?.t.close();
  });

  it('issues, lists and revokes a token', async () => {
    const { t, base } = s;
    const page = await s.loginAs('jinji');
    await page.goto(`${base}/hr/api-tokens`);
    await page.getByRole('link', { name: 'APIトークン' }).waitFor();
    await page.getByLabel('名前').fill('庶務事務システム');
    await page.getByLabel('権限').selectOption('absences');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '発行する' }).click()]);
    const secret = (await page.locator('[data-api-token]').textContent())!;
    expect(secret).toMatch(/^trs_/);
    await s.capture(page, 'api-token-created');

    await page.goto(`${base}/hr/api-tokens`);
    // A second token so the table has more than one row in the pictures.
    await page.getByLabel('名前').fill('人事システム（職員マスタ）');
    await page.getByLabel('権限').selectOption('staff');
    await page.getByLabel('有効期限（任意）').fill('2027-03-31');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: '発行する' }).click()]);
    await page.goto(`${base}/hr/api-tokens`);
    const row = page.locator('tr', { hasText: '庶務事務システム' });
    await expect(row.locator('th[scope=row]').textContent()).resolves.toBe('庶務事務システム');
    await expect(page.content()).resolves.not.toContain(secret);
    await s.capture(page, 'api-tokens');

    await Promise.all([page.waitForURL(`${base}/hr/api-tokens`), row.getByRole('button', { name: '取り消す' }).click()]);
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('取り消しました');
    expect((await t.db.manager.findOneByOrFail(ApiTokenEntity, { name: '庶務事務システム' })).revokedAt).not.toBeNull();
    await page.close();
  });
});
