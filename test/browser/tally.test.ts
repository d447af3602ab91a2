/**
 * The monthly tally as HR sees it in Chromium, at 1280 and 390 px (screenshots
 * in test-artifacts/screenshots/): no sideways scroll of the page at phone
 * width (the wide tables scroll in their box), every input labelled.
 */
import path from 'node:path';
import { BrowserSession, SHOTS, startBrowserSession } from '../support/browser';

describe('monthly tally in the browser', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await startBrowserSession();
  }, 60_000);
  afterAll(async () => s?.close());

  it('shows the month, the unpublished weeks and the rule form, and fits a phone', async () => {
    const hr = await s.loginAs('jinji');
    await hr.goto(`${s.base}/hr/tally?month=2026-11`);
    expect(await hr.textContent('h1')).toContain('月次集計 2026年11月');
    expect(await hr.locator('[data-unpublished]').count()).toBe(1);
    expect(await hr.locator('table[data-people] tbody tr').count()).toBeGreaterThan(10);
    // Every visible input has a label around it.
    const unlabelled = await hr.evaluate(
      () => Array.from(document.querySelectorAll('input:not([type=hidden])')).filter((i) => !(i as HTMLInputElement).labels?.length).length,
    );
    expect(unlabelled).toBe(0);
    await s.capture(hr, '40-hr-tally');
    // The top of the page at both widths (the full pages are as long as the staff list).
    await hr.screenshot({ path: path.join(SHOTS, '41-hr-tally-top-1280.png') });
    await hr.setViewportSize({ width: 390, height: 844 });
    await hr.screenshot({ path: path.join(SHOTS, '41-hr-tally-top-390.png') });
    await hr.close();
  }, 60_000);
});
