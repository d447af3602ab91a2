/// <reference lib="dom" />
/**
 * axe-core on every page, as every role that sees it, at 1280 px and at
 * phone width (390 px), in Debian's headless Chromium: no critical or serious
 * violation of WCAG 2.0/2.1 A and AA (the target of JIS X 8341-3:2016, AA).
 *
 * The pages are one table (PAGES); a new page is one line. The run's
 * results go to test-artifacts/accessibility.json, and the アクセシビリティ方針
 * page shows docs/accessibility.json, which must list the same pages and
 * widths, all with 0 critical and 0 serious: regenerate it with
 * `ACCESSIBILITY_RECORD=1 npx jest test/browser/accessibility.test.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { demoAccounts } from '../../src/app/demo/seed';
import { SimulationRunner } from '../../src/app/simulation/runs';
import { NEXT_WEEK, PASSWORD, THIS_WEEK } from '../support/web';
import { BrowserSession, startBrowserSession } from '../support/browser';

type Role = 'anonymous' | 'staff' | 'chief' | 'hr';
const WIDTHS = [1280, 390] as const;
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const RECORD = path.join(__dirname, '..', '..', 'docs', 'accessibility.json');
const ARTIFACT = path.join(__dirname, '..', '..', 'test-artifacts', 'accessibility.json');

interface PageVisit {
  readonly name: string;
  readonly role: Role;
  /** The path, or how to reach the page (a form posted, a link followed) from a page already open. */
  readonly open: string | ((page: Page, base: string) => Promise<void>);
  /** Also captured at both widths into test-artifacts/screenshots/ under this name. */
  readonly shot?: string;
}

const STAFF = demoAccounts().find((a) => a.role === '職員')!.loginId;
const cell = `/divisions/jumin/weeks/${NEXT_WEEK}`;

/** Every page, in an order that builds the state later pages show (the generated week, a simulation). */
const PAGES: readonly PageVisit[] = [
  { name: 'ログイン', role: 'anonymous', open: '/login' },
  { name: 'アクセシビリティ方針', role: 'anonymous', open: '/accessibility', shot: '40-accessibility' },
  { name: 'ページが見つかりません', role: 'anonymous', open: '/no-such-page' },
  { name: 'ログイン用リンク（無効）', role: 'anonymous', open: '/setup/0000000000000000000000000000000000000000000' },
  { name: '自分の予定', role: 'staff', open: '/me' },
  { name: '自分の週（希望の入力）', role: 'staff', open: `/me/weeks/${NEXT_WEEK}` },
  { name: '自分の週（公開済）', role: 'staff', open: `/me/weeks/${THIS_WEEK}` },
  { name: '今日', role: 'staff', open: '/me/today' },
  { name: 'カレンダー連携', role: 'staff', open: '/me/calendar' },
  { name: '通知', role: 'staff', open: '/me/notifications' },
  { name: 'パスワード変更', role: 'staff', open: '/me/password' },
  { name: '権限がありません', role: 'staff', open: '/hr/staff' },
  { name: 'アクセシビリティ方針（ログイン後）', role: 'staff', open: '/accessibility' },
  { name: '課の勤務表（未作成）', role: 'chief', open: cell },
  {
    name: '課の勤務表（下書き）',
    role: 'chief',
    open: async (page, base) => {
      await page.goto(`${base}${cell}`);
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("勤務表を作成")')]);
      await page.waitForSelector('.flash.ok');
    },
    shot: '41-chief-grid-accessible',
  },
  { name: 'セルの詳細', role: 'chief', open: `${cell}/cells/${STAFF}/2026-11-24` },
  { name: '課の勤務表（公開済）', role: 'chief', open: `/divisions/jumin/weeks/${THIS_WEEK}` },
  { name: '公開履歴', role: 'chief', open: `/divisions/jumin/weeks/${THIS_WEEK}/versions` },
  { name: '印刷用', role: 'chief', open: `${cell}/print` },
  { name: '希望の一覧', role: 'chief', open: '/divisions/jumin/requests' },
  { name: 'BCP（課の当日）', role: 'chief', open: '/divisions/jumin/bcp-day' },
  { name: '課の期間（試行・上限）', role: 'chief', open: '/divisions/jumin/periods', shot: '44-chief-periods' },
  { name: '全課の週', role: 'hr', open: `/hr/weeks/${NEXT_WEEK}` },
  { name: '全課の印刷', role: 'hr', open: `/hr/weeks/${NEXT_WEEK}/print` },
  { name: 'BCP（全庁の当日）', role: 'hr', open: '/hr/bcp-day' },
  { name: '方針', role: 'hr', open: '/hr/policy' },
  { name: '月次集計', role: 'hr', open: '/hr/tally?month=2026-11' },
  { name: '職員一覧', role: 'hr', open: '/hr/staff' },
  { name: '職員の追加', role: 'hr', open: '/hr/staff/new' },
  { name: '職員の編集', role: 'hr', open: `/hr/staff/${STAFF}` },
  {
    name: 'ログイン用リンク',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}/hr/staff/${STAFF}`);
      await Promise.all([page.waitForURL(/setup-link$/), page.click('button:has-text("ログイン用リンクを発行")')]);
    },
  },
  { name: '課の一覧', role: 'hr', open: '/hr/divisions' },
  { name: '課の追加', role: 'hr', open: '/hr/divisions/new' },
  { name: '課の編集', role: 'hr', open: '/hr/divisions/jumin' },
  { name: '期間（試行・上限）', role: 'hr', open: '/hr/periods' },
  {
    name: '期間（登録後）',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}/hr/periods`);
      const form = page.locator('#new-period form');
      await form.locator('input[name=name]').fill('試行期間');
      await form.locator('input[name=from]').fill('2026-11-23');
      await form.locator('input[name=to]').fill('2026-12-04');
      await form.locator('input[name=minDays]').fill('1');
      await form.locator('select[name=turnDays]').selectOption('any');
      await form.locator('select[name=divisions]').selectOption('jumin');
      await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
      await page.waitForSelector('.flash.ok');
    },
    shot: '42-hr-periods',
  },
  {
    name: '課の勤務表（試行期間の状況）',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}${cell}`);
      // The chief made a draft before the period existed: 再計算 plans it with the period.
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("再計算")')]);
      await page.waitForSelector('.period-status');
    },
    shot: '43-chief-grid-period',
  },
  { name: '場所の一覧', role: 'hr', open: '/hr/places' },
  {
    name: '場所（登録後）',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}/hr/places`);
      const form = page.locator('#new-place form');
      await form.locator('input[name=name]').fill('北部支所サテライトオフィス');
      await form.locator('input[name=desks]').fill('4');
      await form.locator('input[name=access][value=network]').check();
      await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
      await page.waitForSelector('.flash.ok');
    },
    shot: '45-hr-places',
  },
  { name: '窓口の一覧', role: 'hr', open: '/hr/counters' },
  { name: '窓口の追加', role: 'hr', open: '/hr/counters/new' },
  { name: '窓口の編集', role: 'hr', open: '/hr/counters/jumin-juminhyo' },
  { name: '職員の一括取込', role: 'hr', open: '/hr/import' },
  {
    name: '一括取込の確認',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}/hr/import`);
      const csv = `職員番号,氏名,課,職種\nT900,新規 太郎,jumin,一般事務\n`;
      await page.setInputFiles('input[type=file]', { name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await Promise.all([page.waitForLoadState('load'), page.click('form[action$="/preview"] button[type=submit]')]);
    },
  },
  { name: 'APIトークン', role: 'hr', open: '/hr/api-tokens' },
  {
    name: 'APIトークンの発行',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}/hr/api-tokens`);
      await page.fill('input[name=name]', '庶務事務システム');
      await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("発行する")')]);
    },
  },
  { name: 'APIトークン（発行後）', role: 'hr', open: '/hr/api-tokens' },
  { name: '監査ログ', role: 'hr', open: '/hr/audit' },
  { name: 'BCP（試算）', role: 'hr', open: '/hr/bcp?share=60' },
  { name: 'シミュレーション一覧（空）', role: 'hr', open: '/hr/simulations' },
  { name: 'シミュレーションの作成', role: 'hr', open: '/hr/simulations/new' },
  {
    name: 'シミュレーションの結果',
    role: 'hr',
    open: async (page, base) => {
      await page.goto(`${base}/hr/simulations/new`);
      await page.fill('input[name=name]', 'axe');
      await page.fill('input[name=start]', '2027-W10');
      await page.fill('input[name=weeks]', '2');
      await Promise.all([page.waitForURL(/\/hr\/simulations\/\d+$/), page.click('button:has-text("シミュレーションを開始")')]);
      await page.waitForSelector('table.sim-kpis', { timeout: 90_000 });
    },
  },
  { name: 'シミュレーション一覧', role: 'hr', open: '/hr/simulations' },
];

interface Finding {
  readonly page: string;
  readonly role: Role;
  readonly width: number;
  readonly url: string;
  readonly critical: number;
  readonly serious: number;
  readonly moderate: number;
  readonly minor: number;
  readonly passes: number;
  /** Table headings without a scope (row or column): must be none. */
  readonly unscopedHeadings: number;
  readonly violations: readonly { readonly rule: string; readonly impact: string; readonly targets: readonly string[] }[];
}

describe('browser: accessibility (axe-core, WCAG 2.0/2.1 A and AA)', () => {
  let s: BrowserSession;
  const contexts = new Map<Role, { context: BrowserContext; page: Page }>();

  beforeAll(async () => {
    s = await startBrowserSession();
  });

  afterAll(async () => {
    for (const { context } of contexts.values()) await context.close();
    await s?.close();
    await (s?.t.app.get('simulations') as SimulationRunner | undefined)?.idle();
    await s?.t.close();
  });

  async function pageOf(browser: Browser, role: Role): Promise<Page> {
    const known = contexts.get(role);
    if (known) return known.page;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    const login = { staff: STAFF, chief: 'jumin-kacho', hr: 'jinji' }[role as Exclude<Role, 'anonymous'>];
    if (login) {
      await page.goto(`${s.base}/login`);
      await page.fill('input[name=loginId]', login);
      await page.fill('input[name=password]', PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
    }
    contexts.set(role, { context, page });
    return page;
  }

  async function audit(page: Page, visit: PageVisit, width: number): Promise<Finding> {
    await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
    // axe runs through the DevTools protocol, which the app's Content-Security-Policy does not govern.
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
    const result = await page.evaluate(
      (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      TAGS,
    );
    const count = (impact: string) => result.violations.filter((v) => v.impact === impact).length;
    return {
      page: visit.name,
      role: visit.role,
      width,
      url: new URL(page.url()).pathname,
      critical: count('critical'),
      serious: count('serious'),
      moderate: count('moderate'),
      minor: count('minor'),
      passes: result.passes.length,
      unscopedHeadings: await page.locator('table th:not([scope])').count(),
      violations: result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact ?? 'none',
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      })),
    };
  }

  const findings: Finding[] = [];
  const ROLES: readonly Role[] = ['anonymous', 'staff', 'chief', 'hr'];

  it.each(ROLES)(
    'finds no critical or serious violation on any page as %s, at 1280 and 390 px',
    async (role) => {
      const mine: Finding[] = [];
      for (const visit of PAGES.filter((v) => v.role === role)) {
        const page = await pageOf(s.browser, visit.role);
        await page.setViewportSize({ width: 1280, height: 900 });
        if (typeof visit.open === 'string') await page.goto(`${s.base}${visit.open}`);
        else await visit.open(page, s.base);
        const seen = new URL(page.url()).pathname;
        // A visit by path must reach that page (not the login page by mistake).
        if (typeof visit.open === 'string')
          expect({ page: visit.name, url: seen }).toEqual({ page: visit.name, url: visit.open.replace(/\?.*$/, '') });
        for (const width of WIDTHS) mine.push(await audit(page, visit, width));
        if (visit.shot) {
          await page.setViewportSize({ width: 1280, height: 900 });
          await s.capture(page, visit.shot);
        }
      }
      findings.push(...mine);
      const bad = mine.filter((f) => f.critical + f.serious > 0);
      expect(
        bad.map((f) => ({
          page: f.page,
          width: f.width,
          url: f.url,
          violations: f.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious'),
        })),
      ).toEqual([]);
      // Every table heading says whether it heads a row or a column.
      expect(mine.filter((f) => f.unscopedHeadings > 0).map((f) => [f.page, f.width, f.unscopedHeadings])).toEqual([]);
    },
    300_000,
  );

  it('states these results on the アクセシビリティ方針 page', () => {
    expect(findings).toHaveLength(PAGES.length * WIDTHS.length);
    const record = {
      axe: axe.version,
      tags: TAGS,
      widths: WIDTHS,
      pages: PAGES.flatMap((visit) =>
        findings
          .filter((f) => f.page === visit.name && f.role === visit.role)
          .map(({ violations: _v, url: _u, unscopedHeadings: _h, ...f }) => f),
      ),
    };
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    writeFileSync(ARTIFACT, JSON.stringify({ ...record, findings }, null, 2));
    if (process.env.ACCESSIBILITY_RECORD)
      writeFileSync(RECORD, `${JSON.stringify({ tested: new Date().toISOString().slice(0, 10), ...record }, null, 2)}\n`);
    // docs/accessibility.json, which the page shows, lists the same pages, roles and widths, each with 0 critical and 0 serious, and the same axe.
    const stated = JSON.parse(readFileSync(RECORD, 'utf8')) as typeof record & { tested: string };
    expect({ axe: stated.axe, pages: stated.pages.map((p) => [p.page, p.role, p.width, p.critical, p.serious]) }).toEqual({
      axe: record.axe,
      pages: record.pages.map((p) => [p.page, p.role, p.width, 0, 0]),
    });
  });
});
