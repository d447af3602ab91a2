/// <reference lib="dom" />
/**
 * A town's first day, in Debian's headless Chromium, from an empty database
 * (no demo town): the HR account made as `rotation admin create-hr` makes it,
 * a division and a counter made in the app, the staff list imported from a
 * CSV file that names a division nobody has made yet, one-time login links
 * for a chief and a staff member (no password is ever shown), and the first
 * week requested, generated, published and seen. Pages are captured at
 * 1280 px and phone width into test-artifacts/screenshots/ and checked for
 * sideways overflow of the page itself.
 */
import * as path from 'path';
import { Page } from 'playwright-core';
import { createHrAccount } from '../../src/app/organisation/hr-account';
import { AccountEntity, AssignmentEntity, DivisionEntity, RosterEntity, StaffEntity } from '../../src/persistence/entities';
import { NEXT_WEEK, TestApp } from '../support/web';
import { BrowserSession, SHOTS, startBrowserSession } from '../support/browser';

const WEEK = NEXT_WEEK;
const HR_PASSWORD = 'jinji-first-password';
const CSV = [
  '職員番号,氏名,所属課,職種,介護・育児,週上限,担当窓口,在職',
  'k001,住民 一郎,住民課,一般事務,なし,,住民窓口,在職',
  'k002,住民 花子,住民課,一般事務,あり,,住民窓口,在職',
  'k003,住民 三郎,住民課,一般事務,なし,,住民窓口,在職',
  'p001,企画 四郎,企画振興課,一般事務,なし,,,在職',
].join('\r\n');

describe('browser: a town starts from an empty database', () => {
  let s: BrowserSession;
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    s = await startBrowserSession({ seed: false });
    ({ t, base } = s);
  });

  afterAll(async () => {
    await s?.close();
    await s?.t.close();
  });

  const capture = (page: Page, name: string): Promise<void> => s.capture(page, `first-run-${name}`);

  /** A page that answered a form (its address cannot be opened again): both widths of this very page. */
  async function captureHere(page: Page, name: string): Promise<void> {
    const size = page.viewportSize()!;
    await page.screenshot({ path: path.join(SHOTS, `first-run-${name}-1280.png`), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `first-run-${name}-390.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect({ name, overflow }).toEqual({ name, overflow: 0 });
    await page.setViewportSize(size);
  }

  /** HR issues a person's one-time login link from their staff page: the link shown once. */
  async function issueLink(hr: Page, staffId: string, shots?: readonly [string, string]): Promise<string> {
    await hr.goto(`${base}/hr/staff/${staffId}`);
    expect(await hr.getAttribute('[data-login-state]', 'data-login-state')).toBe('none');
    if (shots) await capture(hr, shots[0]);
    await Promise.all([hr.waitForURL(`${base}/hr/staff/${staffId}/setup-link`), hr.click('button:has-text("ログイン用リンクを発行")')]);
    const link = ((await hr.textContent('[data-setup-link]')) ?? '').trim();
    expect(link).toMatch(new RegExp(`^${base}/setup/[A-Za-z0-9_-]{32}$`));
    if (shots) await captureHere(hr, shots[1]);
    return link;
  }

  /** The person opens their link in a browser of their own and chooses a password: logged in. */
  async function useLink(link: string, password: string, shot?: string): Promise<Page> {
    const page = await s.browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (d) => void d.accept());
    await page.goto(link);
    if (shot) await capture(page, shot);
    await page.fill('input[name=next]', password);
    await page.fill('input[name=confirm]', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/setup')), page.click('button[type=submit].primary')]);
    expect(await page.textContent('.flash.ok')).toContain('パスワードを設定しました');
    return page;
  }

  it('goes from the first HR account to a published week', async () => {
    // 0. An empty database has nobody who could log in.
    expect(await t.db.manager.count(AccountEntity)).toBe(0);
    const made = await createHrAccount(t.db, { loginId: 'jinji', password: HR_PASSWORD, name: '人事 太郎', divisionName: '総務課' });
    expect(made).toMatchObject({ ok: true, createdDivision: true, createdStaff: true, createdPolicy: true });

    // 1. HR logs in and makes a division.
    const hr = await s.loginAs('jinji', 1280, HR_PASSWORD);
    await hr.goto(`${base}/hr/divisions`);
    await capture(hr, '01-divisions');
    await hr.fill('#new-division input[name=name]', '住民課');
    await hr.fill('#new-division input[name=id]', 'jumin');
    await hr.fill('#new-division input[name=terminals]', '2');
    await Promise.all([hr.waitForURL(/\/hr\/divisions#division-jumin$/), hr.click('#new-division button[type=submit]')]);
    expect(await hr.textContent('.flash.ok')).toContain('所属課「住民課」を追加しました');
    expect(await t.db.manager.findOneByOrFail(DivisionEntity, { id: 'jumin' })).toMatchObject({ name: '住民課', terminals: 2 });
    await capture(hr, '02-division-added');

    // 2. A counter with a minimum for it.
    await hr.goto(`${base}/hr/counters`);
    await hr.fill('#new-counter input[name=id]', 'jumin-madoguchi');
    await hr.selectOption('#new-counter select[name=divisionId]', 'jumin');
    await hr.fill('#new-counter input[name=name]', '住民窓口');
    for (let i = 1; i <= 5; i++) await hr.fill(`#new-counter input[name=min${i}]`, '1');
    await Promise.all([hr.waitForURL(/#counter-jumin-madoguchi$/), hr.click('#new-counter button[type=submit]')]);
    expect(await hr.textContent('.flash.ok')).toContain('窓口「住民窓口」を追加しました');
    await capture(hr, '03-counters');

    // 3. The staff list from CSV: the preview says which division it will make; nothing is saved before the confirmation.
    await hr.goto(`${base}/hr/import`);
    await hr.setInputFiles('input[name=file]', { name: '職員名簿.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await Promise.all([hr.waitForURL(`${base}/hr/import/preview`), hr.click('button:has-text("内容を確認")')]);
    expect(await hr.textContent('[data-new-divisions]')).toContain('新しく作成する所属課: 企画振興課（課ID：div-2）');
    expect(await t.db.manager.existsBy(DivisionEntity, { name: '企画振興課' })).toBe(false);
    await captureHere(hr, '04-import-preview');
    await Promise.all([hr.waitForURL(`${base}/hr/import/commit`), hr.click('button:has-text("この内容で取り込む")')]);
    expect(await hr.textContent('h1')).toContain('職員名簿を取り込みました');
    expect(await hr.textContent('main')).not.toMatch(/初期パスワード/);
    expect(await hr.$$('[data-created]')).toHaveLength(4);
    expect(await t.db.manager.findOneByOrFail(StaffEntity, { id: 'p001' })).toMatchObject({ divisionId: 'div-2' });
    await captureHere(hr, '05-import-done');

    // 4. 住民 一郎 becomes the chief.
    await hr.goto(`${base}/hr/staff/k001`);
    await hr.selectOption('select[name=role]', 'chief');
    await Promise.all([hr.waitForURL(`${base}/hr/staff/k001`), hr.click('button:has-text("保存")')]);
    expect((await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 'k001' })).role).toBe('chief');

    // 5. One-time links for the chief and a staff member; each sets a password and is logged in.
    const chiefLink = await issueLink(hr, 'k001', ['06-hr-staff-page', '07-hr-link-issued']);
    const staffLink = await issueLink(hr, 'k002');
    const staff = await useLink(staffLink, 'hanako-own-password', '08-setup-page');
    await capture(staff, '09-staff-first-login');
    const chief = await useLink(chiefLink, 'ichiro-own-password');
    // Used once: the link now says so.
    const again = await s.browser.newPage();
    expect((await again.goto(staffLink))?.status()).toBe(404);
    expect(await again.textContent('main')).toContain('このリンクは使えません');
    await again.close();

    // 6. The staff member asks for two days of next week.
    await staff.goto(`${base}/me/weeks/${WEEK}`);
    await staff.selectOption('select[name="days[2026-11-24][rank]"]', '1');
    await staff.selectOption('select[name="days[2026-11-24][reason]"]', 'childcare');
    await staff.selectOption('select[name="days[2026-11-26][rank]"]', '2');
    await capture(staff, '10-staff-requests');
    await Promise.all([staff.waitForURL(`${base}/me`), staff.click('form button[type=submit].primary')]);

    // 7. The chief generates and publishes the week.
    await chief.goto(`${base}/divisions/jumin/weeks/${WEEK}`);
    await capture(chief, '11-chief-empty-week');
    await Promise.all([chief.waitForLoadState('load'), chief.click('button:has-text("勤務表を作成")')]);
    await chief.waitForSelector('.flash.ok');
    expect(await chief.textContent('.flash.ok')).toContain('勤務表を作成しました');
    await Promise.all([chief.waitForLoadState('load'), chief.click('button:has-text("公開する")')]);
    await chief.waitForSelector('.flash.ok');
    expect(await chief.textContent('.flash.ok')).toContain('第1版を公開しました');
    await capture(chief, '12-chief-published');
    const roster = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: WEEK });
    expect(roster.publishedVersion).toBe(1);

    // 8. The staff member sees the published week: both days at home, the counter staffed by the others.
    const cells = await t.db.manager.find(AssignmentEntity, { where: { rosterId: roster.id, staffId: 'k002' }, order: { day: 'ASC' } });
    expect(cells.filter((c) => c.mode === 'telework').map((c) => c.day)).toEqual(['2026-11-24', '2026-11-26']);
    await staff.goto(`${base}/me`);
    expect(await staff.textContent('main')).toMatch(/勤務表 公開済み（第1版）[\s\S]*希望2日のうち2日が在宅勤務になりました/);
    await capture(staff, '13-staff-published');
  });
});
