/**
 * One division's week on one A4 landscape sheet. A small division prints as
 * one table at full size; a large one (a fire department of 65) is set in
 * two or three side-by-side tables, and only then in a smaller type, so
 * that it still fits on its page.
 *
 * Browsers do not shrink a table to fit a page, so the layout is chosen
 * here, from an estimate of the printed height: every cell's text is
 * measured in em (a kanji or kana 1 em, other characters 0.6 em), wrapped to
 * its column's width, and the tallest table must stay inside the sheet with
 * a margin for the estimate's error. print.css draws the sheet with the same
 * dimensions (all in mm and pt). A division too large for any layout (over
 * about 130 rows) continues on a second sheet, its column headings repeated.
 */
import { weekLabel } from '../app/calendar';
import type { CounterLine, GridRow, WeekGrid } from '../app/week/grid';

/** A4 landscape, 10 mm margins (print.css `@page`). */
const SHEET_WIDTH_MM = 277;
const SHEET_HEIGHT_MM = 190;
/** The heading's type (13 pt) and the legend's (9 pt) in print.css, and the space under each. */
const TITLE_PT = 13;
const LEGEND_PT = 9;
const HEADING_GAPS_MM = 3;
/** The estimate is checked against Chromium's print in the tests; this keeps it on the safe side. */
const SAFETY = 0.9;
const GAP_MM = 4;
const PT_MM = 25.4 / 72;
const LINE_HEIGHT = 1.25;
/** A cell's padding (2 px each side) and border, in mm. */
const CELL_PAD_V_MM = 1.1;
const CELL_PAD_H_MM = 1.6;
/** The narrowest day column worth printing. */
const MIN_DAY_MM = 9.5;
const NAME_SHARE = 0.24;
/** Type sizes tried, largest first; each with one to three tables side by side. */
const SIZES_PT = [8.5, 8, 7.5, 7, 6.5, 6] as const;
const MAX_TABLES = 3;

export type SheetLine = { readonly kind: 'person'; readonly row: GridRow } | { readonly kind: 'counter'; readonly counter: CounterLine };

export interface PrintSheet {
  readonly grid: WeekGrid;
  /** The tables side by side, staff in the roster's order, then the counters, kept together in the last. */
  readonly tables: readonly (readonly SheetLine[])[];
  readonly fontPt: number;
  /** Fits on one sheet by the estimate; if not, the last layout tried, and the sheet continues. */
  readonly fits: boolean;
  /**
   * Where long counter names would not fit in the cells, each counter gets a
   * mark (①②…) shown in the cells and before its name in its row.
   */
  readonly marks: ReadonlyMap<string, string> | null;
  /** The same for the places staff telework at (Ⓐ Ⓑ …), with the counters' marks. */
  readonly placeMarks: ReadonlyMap<string, string> | null;
  /** The sheet's heading: the division and the week. */
  readonly title: string;
  /** The line under the heading: the roster's state and what the cells mean. */
  readonly legend: string;
  /** What the sheet prints in a cell, and as a counter's row heading. */
  cellText(c: GridRow['cells'][number]): string;
  counterHeading(k: CounterLine): string;
}

export function printSheet(grid: WeekGrid): PrintSheet {
  const lines: SheetLine[] = [
    ...grid.rows.map((row) => ({ kind: 'person' as const, row })),
    ...grid.counters.map((counter) => ({ kind: 'counter' as const, counter })),
  ];
  let last: PrintSheet | null = null;
  for (const [marks, placeMarks] of [
    [null, null],
    [counterMarks(grid), placeMarksOf(grid)],
  ] as const) {
    const words = wording(marks, placeMarks);
    const legend = legendOf(grid, marks, placeMarks);
    const room = SHEET_HEIGHT_MM - headingHeight(titleOf(grid), legend);
    for (const fontPt of SIZES_PT) {
      for (let count = 1; count <= MAX_TABLES; count++) {
        const widths = columnWidths(count, grid.days.length);
        if (!widths) break;
        const tables = split(lines, count, grid.counters.length);
        const height = Math.max(...tables.map((t) => tableHeight(grid, t, widths, fontPt, words)));
        last = { grid, tables, fontPt, fits: height <= room * SAFETY, marks, placeMarks, title: titleOf(grid), legend, ...words };
        if (last.fits) return last;
      }
    }
  }
  return last!;
}

/** The sheet's heading: the division and the week. */
export function titleOf(grid: WeekGrid): string {
  return `${grid.division.name}\u3000勤務表\u3000${weekLabel(grid.week)}`;
}

function legendOf(grid: WeekGrid, marks: ReadonlyMap<string, string> | null, placeMarks: ReadonlyMap<string, string> | null): string {
  const state = !grid.roster
    ? '未作成'
    : grid.roster.status === 'published'
      ? `公開済 第${grid.roster.publishedVersion}版`
      : '下書き（未公開）';
  const office = marks ? `出勤①など：担当窓口（${[...marks].map(([name, mark]) => mark + name).join('\u3000')}）` : '出勤：（担当窓口）';
  const places = placeMarks?.size
    ? `\u3000Ⓐなど：テレワークの場所（${[...placeMarks].map(([name, mark]) => mark + name).join('\u3000')}）`
    : '';
  return `${state}\u3000在宅：在宅勤務\u3000休暇：休暇\u3000${office}${places}`;
}

function headingHeight(titleText: string, legend: string): number {
  const block = (text: string, pt: number, lineHeight: number) => wrapped(text, SHEET_WIDTH_MM, pt * PT_MM, 0) * pt * PT_MM * lineHeight;
  return block(titleText, TITLE_PT, 1.2) + block(legend, LEGEND_PT, 1.25) + HEADING_GAPS_MM;
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

function counterMarks(grid: WeekGrid): Map<string, string> {
  return new Map(grid.counters.map((k, i) => [k.name, i < CIRCLED.length ? CIRCLED[i] : `[${i + 1}]`]));
}

const LETTERS = 'ⒶⒷⒸⒹⒺⒻⒼⒽⒾⒿⓀⓁⓂⓃⓄⓅⓆⓇⓈⓉⓊⓋⓌⓍⓎⓏ';

/** A mark for each place a cell names, in the order they first appear. */
function placeMarksOf(grid: WeekGrid): Map<string, string> {
  const names = [...new Set(grid.rows.flatMap((r) => r.cells.flatMap((c) => (c.mode === 'telework' && c.place ? [c.place] : []))))];
  return new Map(names.map((name, i) => [name, i < LETTERS.length ? LETTERS[i] : `(${i + 1})`]));
}

function wording(
  marks: ReadonlyMap<string, string> | null,
  placeMarks: ReadonlyMap<string, string> | null,
): Pick<PrintSheet, 'cellText' | 'counterHeading'> {
  return {
    cellText(c) {
      if (!c.open) return '';
      if (c.mode === 'telework') return c.place ? (placeMarks?.get(c.place) ?? c.place) : '在宅';
      if (c.mode === 'absent') return '休暇';
      if (c.mode !== 'office') return '';
      if (!c.counter) return '出勤';
      const mark = marks?.get(c.counter);
      return mark ? `出勤${mark}` : `出勤（${c.counter}）`;
    },
    counterHeading(k) {
      return `${marks?.get(k.name) ?? ''}${k.name}（配置/必要）`;
    },
  };
}

/** The name column's and each day column's width in mm, or null when the days would be too narrow. */
function columnWidths(tables: number, days: number): { readonly name: number; readonly day: number } | null {
  const width = (SHEET_WIDTH_MM - GAP_MM * (tables - 1)) / tables;
  const name = width * NAME_SHARE;
  const day = (width - name) / Math.max(days, 1);
  return day >= MIN_DAY_MM ? { name, day } : null;
}

/**
 * Balanced tables: each gets about the same number of lines; the counters
 * (which read together) all go to the last one, which takes fewer staff.
 */
function split(lines: readonly SheetLine[], count: number, counters: number): SheetLine[][] {
  const people = lines.length - counters;
  const per = Math.ceil(lines.length / count);
  const tables: SheetLine[][] = [];
  let at = 0;
  for (let i = 0; i < count - 1; i++) {
    const take = Math.min(per, people - at);
    if (take <= 0) break;
    tables.push(lines.slice(at, at + take));
    at += take;
  }
  tables.push(lines.slice(at));
  return tables;
}

function tableHeight(
  grid: WeekGrid,
  lines: readonly SheetLine[],
  widths: { readonly name: number; readonly day: number },
  fontPt: number,
  words: Pick<PrintSheet, 'cellText' | 'counterHeading'>,
): number {
  const em = fontPt * PT_MM;
  const row = (texts: readonly string[], nameText: string): number => {
    const linesOf = Math.max(wrapped(nameText, widths.name, em), ...texts.map((t) => wrapped(t, widths.day, em)));
    return linesOf * em * LINE_HEIGHT + CELL_PAD_V_MM;
  };
  let height = row(grid.days.map(dayHeading), '職員');
  for (const line of lines) {
    height +=
      line.kind === 'person'
        ? row(line.row.cells.map(words.cellText), line.row.name)
        : row(
            line.counter.perDay.map((p) => `${p.assigned}/${p.required}`),
            words.counterHeading(line.counter),
          );
  }
  return height;
}

function wrapped(text: string, widthMm: number, emMm: number, padMm = CELL_PAD_H_MM): number {
  const room = Math.max(widthMm - padMm, emMm);
  let width = 0;
  for (const ch of text) width += ch.charCodeAt(0) > 0x2e7f ? emMm : emMm * 0.6;
  return Math.max(1, Math.ceil(width / room));
}

/** A day's heading on the sheet. */
export function dayHeading(d: WeekGrid['days'][number]): string {
  return d.open ? d.label : `${d.label}（${d.closedBecause ?? '休み'}）`;
}

/** What views/division/print.ejs needs: a sheet per division. */
export function printView(grids: readonly WeekGrid[]) {
  return { sheets: grids.map(printSheet), printDayHeading: dayHeading };
}
