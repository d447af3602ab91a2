/**
 * The アクセシビリティ方針 page: public, linked from every page's footer, and
 * stating the target and the figures of docs/accessibility.json (which the
 * browser test checks against its own run).
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import request from 'supertest';
import { login, startTestApp, TestApp } from '../support/web';

const record = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'docs', 'accessibility.json'), 'utf8')) as {
  axe: string;
  widths: number[];
  pages: { page: string; role: string; critical: number; serious: number }[];
};

describe('アクセシビリティ方針', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { seed: false });
  });
  afterAll(async () => t?.close());

  it('is open without a login and states the JIS X 8341-3:2016 AA target and the last results', async () => {
    const res = await request(t.app).get('/accessibility');
    expect(res.status).toBe(200);
    expect(res.text).toContain('JIS X 8341-3:2016');
    expect(res.text).toContain('適合レベルAA');
    expect(res.text).toContain(`axe-core ${record.axe}`);
    const pages = new Set(record.pages.map((p) => `${p.page}/${p.role}`)).size;
    expect(pages).toBeGreaterThan(30);
    expect(res.text).toContain(`${pages} 画面（役割ごと）× ${record.widths.length} 種類の幅で、重大 0 件、深刻 0 件`);
    for (const p of record.pages) expect(res.text).toContain(`<th scope="row">${p.page}</th>`);
  });

  it('is linked from the footer of the login page and of pages behind it', async () => {
    expect((await request(t.app).get('/login')).text).toContain('<a href="/accessibility">アクセシビリティ方針</a>');
    const seeded = await startTestApp('sqlite');
    try {
      const staff = await login(seeded.app, 'jumin-kacho');
      const me = await staff.get('/me');
      expect(me.status).toBe(200);
      expect(me.text).toContain('<a href="/accessibility">アクセシビリティ方針</a>');
    } finally {
      await seeded.close();
    }
  });
});
