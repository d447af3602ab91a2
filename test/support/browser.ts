/// <reference lib="dom" />
/**
 * The test app served on a free port and driven by Debian's headless
 * Chromium (playwright-core): logins, and screenshots at 1280 px and phone
 * width into test-artifacts/screenshots/, with a check that the page itself
 * never scrolls sideways (wide tables and charts scroll inside their box).
 */
import { mkdirSync } from 'fs';
import { Server } from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';
import { PASSWORD, startTestApp, TestApp } from './web';

export const SHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  readonly t: TestApp;
  readonly base: string;
  readonly browser: Browser;
  loginAs(loginId: string, width?: number, password?: string): Promise<Page>;
  /** Screenshot at desktop and phone width; the page body must not scroll sideways. */
  capture(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** The app on SQLite with the demo town, or (`seed: false`) on an empty database, as a town starts. */
export async function startBrowserSession(options: { seed?: boolean } = {}): Promise<BrowserSession> {
  mkdirSync(SHOTS, { recursive: true });
  const t = await startTestApp('sqlite', { seed: options.seed ?? true });
  const server: Server = t.app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  return {
    t,
    base,
    browser,
    async loginAs(loginId, width = 1280, password = PASSWORD) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${base}/login`);
      await page.fill('input[name=loginId]', loginId);
      await page.fill('input[name=password]', password);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('button[type=submit]')]);
      return page;
    },
    async capture(page, name) {
      await page.screenshot({ path: path.join(SHOTS, `${name}-1280.png`), fullPage: true });
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, storageState: await page.context().storageState() });
      await phone.goto(page.url());
      await phone.screenshot({ path: path.join(SHOTS, `${name}-390.png`), fullPage: true });
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ name, overflow }).toEqual({ name, overflow: 0 });
      await phone.close();
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
