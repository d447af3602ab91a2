/// <reference lib="dom" />
/**
 * The week as people live it, in Debian's headless Chromium: a staff member
 * enters requests, the chief generates, pins, explains and publishes, the
 * staff member sees the result. Every page is also captured at 1280 px and
 * at phone width into test-artifacts/screenshots/ and checked for sideways
 * overflow of the page itself (wide tables scroll inside their own box).
 */
import { Page } from 'playwright-core';
import { AssignmentEntity, PinEntity, RosterEntity, TeleworkRequestEntity } from '../../src/persistence/entities';
import { demoAccounts } from '../../src/app/demo/seed';
import { NEXT_WEEK, TestApp } from '../support/web';
import { BrowserSession, startBrowserSession } from '../support/browser';

const WEEK = NEXT_WEEK;

describe('browser: a week from requests to the published roster', () => {
  let s: BrowserSession;
  let t: TestApp;
  let base: string;
  const staffLogin = demoAccounts().find((a) => a.role === '職員')!.loginId;

  beforeAll(async () => {
    s = await startBrowserSession();
    ({ t, base } = s);
  });

  afterAll(async () => {
    await s?.close();
    await s?.t.close();
  });

  const loginAs = (loginId: string, width?: number): Promise<Page> => s.loginAs(loginId, width);
  const capture = (page: Page, name: string): Promise<void> => s.capture(page, name);

  it('runs the whole week', async () => {
    // 1. A staff member ranks two days for next week.
    const staff = await loginAs(staffLogin);
    await capture(staff, '01-staff-me');
    await staff.goto(`${base}/me/weeks/${WEEK}`);
    for (const select of await staff.$$('select[name$="[rank]"]')) await select.selectOption('');
    await staff.selectOption('select[name="days[2026-11-24][rank]"]', '2');
    await staff.selectOption('select[name="days[2026-11-27][rank]"]', '1');
    await staff.selectOption('select[name="days[2026-11-27][reason]"]', 'childcare');
    await capture(staff, '02-staff-requests');
    await Promise.all([staff.waitForURL(`${base}/me`), staff.click('form button[type=submit].primary')]);
    const mine = await t.db.manager.find(TeleworkRequestEntity, { where: { staffId: staffLogin }, order: { rank: 'ASC' } });
    expect(mine.filter((r) => r.day >= '2026-11-23' && r.day <= '2026-11-27').map((r) => [r.day, r.rank, r.reason])).toEqual([
      ['2026-11-27', 1, 'childcare'],
      ['2026-11-24', 2, 'other'],
    ]);

    // 2. The chief generates the week.
    const chief = await loginAs('jumin-kacho');
    await chief.goto(`${base}/divisions/jumin/weeks/${WEEK}`);
    await capture(chief, '03-chief-empty-week');
    await Promise.all([chief.waitForLoadState('load'), chief.click('button:has-text("勤務表を作成")')]);
    await chief.waitForSelector('.flash.ok');
    expect(await chief.textContent('.flash.ok')).toContain('勤務表を作成しました');
    await capture(chief, '04-chief-generated');

    // 3. Pins the staff member's first choice to office, and explains a denied cell.
    await chief.click(`a.cell[href$="/cells/${staffLogin}/2026-11-27"]`);
    await chief.waitForSelector('h2:has-text("なぜ？")');
    await capture(chief, '05-chief-cell');
    await Promise.all([chief.waitForURL(/#staff-/), chief.click('button[value=office]')]);
    expect(await t.db.manager.findOneBy(PinEntity, { staffId: staffLogin, day: '2026-11-27' })).toMatchObject({ mode: 'office' });
    await chief.click(`a.cell[href$="/cells/${staffLogin}/2026-11-27"]`);
    expect(await chief.textContent('.why')).toContain('課長が出勤に固定しています');

    // 4. Publishes (the confirmation dialog is accepted).
    await chief.goto(`${base}/divisions/jumin/weeks/${WEEK}`);
    await Promise.all([chief.waitForLoadState('load'), chief.click('button:has-text("公開する")')]);
    await chief.waitForSelector('.flash.ok');
    expect(await chief.textContent('.flash.ok')).toContain('第1版を公開しました');
    await capture(chief, '06-chief-published');
    await chief.goto(`${base}/divisions/jumin/weeks/${WEEK}/print`);
    await capture(chief, '07-chief-print');
    const roster = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: WEEK });
    expect(roster.publishedVersion).toBe(1);

    // 5. The staff member sees the result, with the reason for the pinned day.
    await staff.goto(`${base}/me`);
    const text = (await staff.textContent('main')) ?? '';
    const cell = await t.db.manager.findOneByOrFail(AssignmentEntity, { rosterId: roster.id, staffId: staffLogin, day: '2026-11-27' });
    expect(cell.mode).toBe('office');
    expect(text).toContain('固定');
    await capture(staff, '08-staff-published');
  });

  it('shows HR its pages at both widths', async () => {
    const hr = await loginAs('jinji');
    for (const [name, url] of [
      ['09-hr-overview', `/hr/weeks/${WEEK}`],
      ['10-hr-policy', '/hr/policy'],
      ['11-hr-staff', '/hr/staff'],
      ['12-hr-import', '/hr/import'],
    ] as const) {
      const res = await hr.goto(base + url);
      expect({ url, status: res?.status() }).toEqual({ url, status: 200 });
      await capture(hr, name);
    }
  });
});
