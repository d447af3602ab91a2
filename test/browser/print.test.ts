/// <reference lib="dom" />
/**
 * The print view as Chromium prints it to PDF at A4 landscape: every
 * division on its own page. The demo town's 25 divisions (the fire
 * department's 65 staff among them) on 25 pages, one division alone on one,
 * and generated divisions of every shape the estimate in
 * src/web/print-sheet.ts must hold for (1 to 100 staff, up to 10 counters,
 * long names and holidays), each on exactly one page.
 */
import * as path from 'path';
import { renderFile } from 'ejs';
import type { Page } from 'playwright-core';
import type { GridRow, WeekGrid } from '../../src/app/week/grid';
import { weekLabel } from '../../src/app/calendar';
import { Rng } from '../../src/generators';
import { DivisionEntity } from '../../src/persistence/entities';
import { printSheet, printView } from '../../src/web/print-sheet';
import { NEXT_WEEK } from '../support/web';
import { BrowserSession, startBrowserSession } from '../support/browser';

/** The PDFs, to look at: test-artifacts/print-*.pdf. */
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

/** The sheet's printable height (A4 landscape less 10 mm margins) in CSS px. */
const SHEET_PX = (190 / 25.4) * 96;

/** Pages of a PDF: its page objects (Chromium writes each as `/Type /Page`). */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
}

async function printed(page: Page, file: string): Promise<{ pages: number; sections: { name: string; height: number; tables: number }[] }> {
  await page.emulateMedia({ media: 'print' });
  const sections = await page.$$eval('.division-page', (els) =>
    els.map((e) => ({
      name: e.querySelector('h1')!.textContent,
      height: (e as HTMLElement).scrollHeight,
      tables: e.querySelectorAll('table').length,
    })),
  );
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, path: path.join(ARTIFACTS, file) });
  await page.emulateMedia({ media: 'screen' });
  return { pages: pdfPages(pdf), sections };
}

describe('browser: the print view, one division per A4 landscape page', () => {
  let s: BrowserSession;
  beforeAll(async () => {
    s = await startBrowserSession();
  });
  afterAll(async () => {
    await s?.close();
    await s?.t.close();
  });

  it("prints the demo town's 25 divisions on 25 pages, and one division on one", async () => {
    const hr = await s.loginAs('jinji');
    await hr.goto(`${s.base}/hr/weeks/${NEXT_WEEK}`);
    await Promise.all([hr.waitForLoadState('load'), hr.click('button:has-text("全課の勤務表を作成")')]);
    await hr.goto(`${s.base}/hr/weeks/${NEXT_WEEK}/print`);
    const divisions = await s.t.db.manager.count(DivisionEntity);
    expect(divisions).toBe(25);
    const all = await printed(hr, 'print-town.pdf');
    expect(all.sections).toHaveLength(divisions);
    for (const section of all.sections) expect({ ...section, fits: section.height <= SHEET_PX }).toEqual({ ...section, fits: true });
    expect(all.pages).toBe(divisions);
    // The fire department (65 staff, no counters) is set in side-by-side tables.
    expect(all.sections.find((x) => x.name.startsWith('消防本部'))!.tables).toBeGreaterThan(1);
    await s.capture(hr, '30-hr-print');

    await hr.goto(`${s.base}/divisions/jumin/weeks/${NEXT_WEEK}/print`);
    const jumin = await printed(hr, 'print-jumin.pdf');
    expect(jumin).toMatchObject({ pages: 1, sections: [{ tables: 1 }] });
    expect(jumin.sections[0].name).toContain('住民課');
    await hr.close();
  });

  it('prints generated divisions of 1 to 100 staff, up to 10 counters and long names, each on one page', async () => {
    const grids = Array.from({ length: 36 }, (_, i) => generatedGrid(i + 1));
    for (const g of grids)
      expect({ division: g.division.name, fits: printSheet(g).fits }).toEqual({ division: g.division.name, fits: true });
    const html = await renderFile(path.join(__dirname, '..', '..', 'views', 'division', 'print.ejs'), {
      title: 'generated',
      actor: null,
      flash: null,
      path: '/print',
      weekLabel,
      ...printView(grids),
    });
    const page = await s.browser.newPage();
    await page.goto(`${s.base}/login`);
    await page.setContent(html, { waitUntil: 'load' });
    const result = await printed(page, 'print-generated.pdf');
    expect(result.sections).toHaveLength(grids.length);
    for (const section of result.sections) expect({ ...section, fits: section.height <= SHEET_PX }).toEqual({ ...section, fits: true });
    expect(result.pages).toBe(grids.length);
    // The family reaches the layouts it is meant to test: one, two and three tables, and smaller type.
    const sheets = grids.map(printSheet);
    expect(new Set(sheets.map((x) => x.tables.length))).toEqual(new Set([1, 2, 3]));
    expect(sheets.some((x) => x.fontPt < 8.5)).toBe(true);
    // Places: named in the cells where they fit, else marked Ⓐ Ⓑ … and named in the legend.
    const marked = sheets.filter((x) => x.placeMarks?.size);
    expect(marked.length).toBeGreaterThan(0);
    for (const x of marked) {
      for (const [name, mark] of x.placeMarks!) expect(x.legend).toContain(mark + name);
      const cell = x.grid.rows.flatMap((r) => r.cells).find((c) => c.mode === 'telework' && c.place)!;
      expect(x.cellText(cell)).toBe(x.placeMarks!.get(cell.place!));
    }
    const named = sheets.find((x) => !x.placeMarks && x.grid.rows.some((r) => r.cells.some((c) => c.mode === 'telework' && c.place)));
    if (named) {
      const cell = named.grid.rows.flatMap((r) => r.cells).find((c) => c.mode === 'telework' && c.place)!;
      expect(named.cellText(cell)).toBe(cell.place);
    }
    await page.close();
  });

  it('says when a division is too large for one sheet', () => {
    const huge = generatedGrid(99, 160);
    const sheet = printSheet(huge);
    expect(sheet.fits).toBe(false);
    expect(sheet.tables.flat()).toHaveLength(huge.rows.length + huge.counters.length);
  });
});

const KANJI = '山田川本中村小林加藤吉田佐藤鈴木高橋伊藤渡辺斎藤松本井上木村清水森池橋石原窓口住民票戸籍税証明保険年金福祉介護児童';

/** A division's week as the print sees it, of a size and shape drawn from the seed. */
function generatedGrid(seed: number, staffCount?: number): WeekGrid {
  const rng = Rng.derive(seed, 'print-sheet');
  const word = (lo: number, hi: number) => Array.from({ length: rng.int(lo, hi) }, () => KANJI[rng.int(0, KANJI.length - 1)]).join('');
  const staff = staffCount ?? (seed % 4 === 0 ? rng.int(60, 100) : rng.int(1, 60));
  const dayCount = rng.int(4, 7);
  const counterNames = Array.from({ length: rng.int(0, 10) }, () => `${word(2, 10)}窓口`);
  const days = Array.from({ length: dayCount }, (_, d) => {
    const closed = d > 0 && rng.float() < 0.15;
    return {
      day: `2026-12-${String(21 + d).padStart(2, '0')}`,
      label: `12月${21 + d}日(${'月火水木金土日'[d]})`,
      open: !closed,
      past: false,
      ...(closed ? { closedBecause: rng.float() < 0.5 ? '年末年始（12/29〜1/3）' : word(3, 8) } : {}),
    };
  });
  const rows: GridRow[] = Array.from({ length: staff }, (_, i) => ({
    id: `p${i}`,
    name: `${word(1, 3)} ${word(1, 4)}${rng.float() < 0.05 ? 'ジョンソン・エリザベス' : ''}`,
    jobType: '一般事務',
    canTelework: true,
    caregiver: false,
    maxDays: 2,
    teleworkDays: 0,
    cells: days.map((d) => {
      const r = rng.float();
      const mode = r < 0.3 ? ('telework' as const) : r < 0.35 ? ('absent' as const) : ('office' as const);
      const counter =
        mode === 'office' && counterNames.length > 0 && rng.float() < 0.4 ? counterNames[rng.int(0, counterNames.length - 1)] : null;
      const place = mode === 'telework' && rng.float() < 0.2 ? `${word(2, 6)}支所` : null;
      return {
        day: d.day,
        open: d.open,
        mode,
        counter,
        place,
        takesLicence: mode === 'telework',
        requestRank: null,
        requestReason: null,
        requestPlace: null,
        possible: null,
        pin: null,
        changed: false,
        actual: null,
      };
    }),
  }));
  const counters = counterNames.map((name, i) => ({
    id: `c${i}`,
    name,
    perDay: days.map(() => ({ required: rng.int(1, 12), assigned: rng.int(0, 12), short: false })),
  }));
  return {
    division: { id: `g${seed}`, name: `生成${seed}課（${staff}人・窓口${counters.length}）`, terminals: null },
    week: '2026-W52',
    days,
    roster: null,
    revision: null,
    rows,
    counters,
    licences: [],
    places: [],
    terminals: [],
    requested: 0,
    granted: 0,
    changes: [],
    pendingUrgent: 0,
    pastWeek: false,
    periods: [],
  };
}
