/**
 * What the results page of a simulation shows, ready for the template: the
 * KPIs side by side with each scenario's difference to the baseline (and
 * whether it is better), the charts as SVG geometry (drawn by the template as
 * inline SVG; colours come from `series-N` classes in app.css), the tables,
 * and each scenario's changes in words.
 */
import type { Scenario, Study } from '../domain/scenario';
import { seasonBoundJa } from '../domain/validate-study';
import { effectJa } from '../app/simulation/insights';
import type { StudyResult } from '../app/simulation/run-study';
import { Cell, summaryFields, table, TABLE_TITLES, TableName, WEEKDAY_JA } from '../app/simulation/result-tables';

type Direction = 'up' | 'down' | 'neutral';
export type Tone = 'better' | 'worse' | 'same' | 'neutral';

/** Which way each KPI of `summaryFields` is better (by its header); others are shown without colour. */
const DIRECTIONS: Readonly<Record<string, Direction>> = {
  在宅勤務可能な職員: 'up',
  '承認（人日）': 'up',
  '承認率（%）': 'up',
  可能職員1人あたり週の在宅日数: 'up',
  期間中1日以上在宅勤務した職員: 'up',
  'その割合（%、目標50%）': 'up',
  '公平性（Jain指数）': 'up',
  '承認日数 10%点': 'up',
  '承認日数 中央値': 'up',
  '承認日数 90%点': 'up',
  '窓口の不足（人日）': 'down',
  不足のあった窓口日: 'down',
  最適性未証明の週: 'down',
};

export interface KpiCell {
  readonly value: string;
  readonly diff: string | null;
  readonly tone: Tone;
  /** For 目標達成: met or not. */
  readonly met?: boolean;
}

export interface KpiRow {
  readonly label: string;
  readonly cells: readonly KpiCell[];
}

const numberJa = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 3 });

export function formatCell(v: Cell): string {
  return typeof v === 'number' ? numberJa.format(v) : v;
}

function signed(x: number): string {
  const text = numberJa.format(Math.abs(x));
  return x > 0 ? `+${text}` : x < 0 ? `−${text}` : '±0';
}

export function kpiRows(result: StudyResult): KpiRow[] {
  const fields = result.scenarios.map((s) => summaryFields(s.summary));
  const base = fields[0] ?? [];
  return base.map(([label, baseValue], k) => ({
    label,
    cells: fields.map((f, i): KpiCell => {
      const value = f[k][1];
      if (label === '目標達成') return { value: formatCell(value), diff: null, tone: 'neutral', met: value === '達成' };
      if (i === 0 || typeof value !== 'number' || typeof baseValue !== 'number')
        return { value: formatCell(value), diff: null, tone: 'neutral' };
      const d = Math.round((value - baseValue) * 1000) / 1000;
      const dir = DIRECTIONS[label] ?? 'neutral';
      const tone: Tone = dir === 'neutral' ? 'neutral' : d === 0 ? 'same' : d > 0 === (dir === 'up') ? 'better' : 'worse';
      return { value: formatCell(value), diff: signed(d), tone };
    }),
  }));
}

// ── Charts ────────────────────────────────────────────────────────────────

export interface Tick {
  readonly at: number;
  readonly label: string;
}

export interface Frame {
  readonly width: number;
  readonly height: number;
  /** Plot area. */
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly yTicks: readonly Tick[];
  readonly xTicks: readonly Tick[];
}

export interface LineSeries {
  readonly index: number;
  readonly name: string;
  readonly points: string;
  readonly dots: readonly { readonly x: number; readonly y: number; readonly title: string }[];
}

export interface WeeklyChart extends Frame {
  readonly series: readonly LineSeries[];
}

export interface Bar {
  readonly series: number;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly title: string;
}

export interface DivisionChart extends Frame {
  readonly rows: readonly { readonly label: string; readonly y: number }[];
  readonly bars: readonly Bar[];
}

export interface WeekdayChart extends Frame {
  readonly bars: readonly Bar[];
  /** Licences a day: one dashed line per scenario that caps them, one label per distinct number. */
  readonly limits: readonly { readonly series: number; readonly y: number; readonly value: number }[];
  readonly limitLabels: readonly { readonly y: number; readonly label: string }[];
}

/** A round upper bound for an axis, and its ticks. */
function axis(max: number, count = 5): { max: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const top = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return { max: top, ticks };
}

const r1 = (x: number) => Math.round(x * 10) / 10;

export function weeklyChart(result: StudyResult): WeeklyChart {
  const width = 600;
  const height = 280;
  const left = 48;
  const right = width - 24;
  const top = 14;
  const bottom = height - 30;
  const weeks = result.scenarios[0]?.weekly.map((w) => w.week) ?? [];
  const { max, ticks } = axis(Math.max(0, ...result.scenarios.flatMap((s) => s.weekly.map((w) => w.granted))));
  const xOf = (i: number) => (weeks.length <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (weeks.length - 1));
  const yOf = (v: number) => bottom - ((bottom - top) * v) / max;
  const every = Math.max(1, Math.ceil(weeks.length / 8));
  return {
    width,
    height,
    left,
    top,
    right,
    bottom,
    yTicks: ticks.map((v) => ({ at: r1(yOf(v)), label: numberJa.format(v) })),
    xTicks: weeks.map((w, i) => ({ at: r1(xOf(i)), label: w.replace(/^\d{4}-/, '') })).filter((_, i) => i % every === 0),
    series: result.scenarios.map((s, index) => {
      const pts = s.weekly.map((w, i) => ({ x: r1(xOf(i)), y: r1(yOf(w.granted)), title: `${s.name} ${w.week}: 承認 ${w.granted}日` }));
      return { index, name: s.name, points: pts.map((p) => `${p.x},${p.y}`).join(' '), dots: weeks.length <= 30 ? pts : [] };
    }),
  };
}

/** Grant rate per division (those where someone can telework), one bar per scenario. */
export function divisionChart(result: StudyResult): DivisionChart {
  const base = result.scenarios[0];
  const shown = (base?.divisions ?? [])
    .map((d, k) => ({ d, k }))
    .filter(({ k }) => result.scenarios.some((s) => s.divisions[k]?.grantRate !== null));
  const n = result.scenarios.length;
  const bar = n > 3 ? 7 : 9;
  const group = n * bar + 10;
  const width = 600;
  const left = 116;
  const right = width - 24;
  const top = 28;
  const bottom = top + shown.length * group;
  const xOf = (share: number) => left + (right - left) * share;
  const bars: Bar[] = [];
  shown.forEach(({ d, k }, row) => {
    result.scenarios.forEach((s, i) => {
      const rate = s.divisions[k]?.grantRate;
      if (rate === null || rate === undefined) return;
      bars.push({
        series: i,
        x: left,
        y: top + row * group + 6 + i * bar,
        w: r1(Math.max(0.5, xOf(rate) - left)),
        h: bar - 2,
        title: `${d.name} ${s.name}: 承認率 ${r1(rate * 100)}%`,
      });
    });
  });
  return {
    width,
    height: bottom + 8,
    left,
    top,
    right,
    bottom,
    yTicks: [],
    xTicks: [0, 0.25, 0.5, 0.75, 1].map((v) => ({ at: r1(xOf(v)), label: `${v * 100}%` })),
    rows: shown.map(({ d }, row) => ({ label: d.name, y: top + row * group + group / 2 + 2 })),
    bars,
  };
}

/** Mean staff teleworking per weekday, per scenario, against each scenario's licences. */
export function weekdayChart(result: StudyResult): WeekdayChart {
  const width = 600;
  const height = 270;
  const left = 44;
  const right = width - 52;
  const top = 14;
  const bottom = height - 32;
  const n = result.scenarios.length;
  const limits = result.scenarios.map((s, i) => ({ i, l: s.weekdays[0]?.licences ?? null })).filter((x) => x.l !== null) as {
    i: number;
    l: number;
  }[];
  const peak = Math.max(0, ...result.scenarios.flatMap((s) => s.weekdays.map((w) => w.meanTeleworking)), ...limits.map((x) => x.l));
  const { max, ticks } = axis(peak);
  const yOf = (v: number) => bottom - ((bottom - top) * v) / max;
  const slot = (right - left) / 5;
  const bw = Math.min(22, (slot - 16) / n);
  const bars: Bar[] = [];
  result.scenarios.forEach((s, i) => {
    for (const w of s.weekdays) {
      const x = left + slot * (w.weekday - 1) + (slot - bw * n) / 2 + i * bw;
      const y = yOf(w.meanTeleworking);
      bars.push({
        series: i,
        x: r1(x),
        y: r1(y),
        w: r1(bw - 2),
        h: r1(bottom - y),
        title: `${s.name} ${WEEKDAY_JA[w.weekday - 1]}曜: 平均 ${r1(w.meanTeleworking)}人`,
      });
    }
  });
  // One dashed line per scenario in its colour; one label per distinct number (equal limits share it).
  const lines = limits.map(({ i, l }) => ({ series: i, y: r1(yOf(l)), value: l }));
  let lastLabel = -Infinity;
  const labels = [...new Set(limits.map((x) => x.l))]
    .sort((a, b) => b - a)
    .map((l) => {
      const labelY = Math.max(r1(yOf(l)) + 4, lastLabel + 14);
      lastLabel = labelY;
      return { y: labelY, label: `${l}本` };
    });
  return {
    width,
    height,
    left,
    top,
    right,
    bottom,
    yTicks: ticks.map((v) => ({ at: r1(yOf(v)), label: numberJa.format(v) })),
    xTicks: [1, 2, 3, 4, 5].map((wd) => ({ at: r1(left + slot * (wd - 0.5)), label: `${WEEKDAY_JA[wd - 1]}曜` })),
    bars,
    limits: lines,
    limitLabels: labels,
  };
}

// ── Tables, insights, the study in words ─────────────────────────────────

export interface ShownTable {
  readonly name: TableName;
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly { readonly text: string; readonly num: boolean }[])[];
}

export function shownTable(result: StudyResult, name: TableName): ShownTable {
  const t = table(result, name);
  return {
    name,
    title: TABLE_TITLES[name],
    header: t.header,
    rows: t.rows.map((row) => row.map((c) => ({ text: formatCell(c), num: typeof c === 'number' }))),
  };
}

export interface InsightLine {
  readonly rank: number;
  readonly label: string;
  readonly effect: string;
}

/** The changes that gain something, best first (the CSV has every change). */
export function insightLines(result: StudyResult, limit = 15): InsightLine[] | null {
  if (!result.insights) return null;
  return result.insights
    .filter((i) => i.grantedPerWeek > 0.05 || i.shortfallAvoidedPerWeek > 0.05)
    .slice(0, limit)
    .map((i, k) => ({ rank: k + 1, label: i.label, effect: effectJa(i) }));
}

export interface Names {
  readonly counters: Readonly<Record<string, string>>;
  readonly divisions: Readonly<Record<string, string>>;
}

/** Each scenario's changes in HR's words (a counter or division no longer there keeps its id). */
export function changesJa(study: Study, names: Names): { name: string; changes: string[] }[] {
  const counter = (id: string) => names.counters[id] ?? id;
  const division = (id: string) => names.divisions[id] ?? id;
  const season = (from?: string, to?: string) => (from && to ? `（${seasonBoundJa(from)}〜${seasonBoundJa(to)}）` : '（通年）');
  const describe = (s: Scenario): string[] => {
    const out: string[] = [];
    const p = s.policy ?? {};
    if (p.licencesPerDay !== undefined) out.push(`1日のライセンス ${p.licencesPerDay === null ? '無制限' : `${p.licencesPerDay}本`}`);
    if (p.maxTeleworkDays !== undefined) out.push(`週の上限 ${p.maxTeleworkDays}日`);
    if (p.caregiverMaxDays !== undefined)
      out.push(`介護・育児の職員の上限 ${p.caregiverMaxDays === null ? '各職員の設定' : `${p.caregiverMaxDays}日`}`);
    if (p.fairnessPerDenial !== undefined)
      out.push(p.fairnessPerDenial === 0 ? '公平性の加点なし' : `公平性の加点 却下1件あたり${p.fairnessPerDenial}点`);
    for (const q of s.qualifications ?? []) out.push(`${counter(q.counter)}の兼務 +${q.add}名`);
    for (const r of s.counters ?? []) out.push(`${ruleTarget(r, counter, division)}の最低人数 ${ruleChange(r)}${season(r.from, r.to)}`);
    if (s.noTeleworkDivisions?.length) out.push(`在宅勤務しない課: ${s.noTeleworkDivisions.map(division).join('、')}`);
    if (s.trial === null) out.push('試行期間なし');
    else if (s.trial)
      out.push(
        `試行期間 ${s.trial.weeks}週ごとに全員${s.trial.minDays}日以上（希望しない職員は` +
          (s.trial.turnDays === 'any' ? 'どの日でも順番に）' : `${Math.round(s.trial.acceptShare * 100)}%が可能な日に）`),
      );
    return out;
  };
  const seasons = study.demand.seasons.map((r) => `${ruleTarget(r, counter, division)}の最低人数 ${ruleChange(r)}${season(r.from, r.to)}`);
  return [
    { name: study.baseline.name, changes: [...seasons.map((t) => `季節: ${t}`), ...describe(study.baseline)] },
    ...study.scenarios.map((s) => ({ name: s.name, changes: describe(s) })),
  ];
}

function ruleTarget(r: { counter?: string; division?: string }, counter: (id: string) => string, division: (id: string) => string): string {
  return r.counter !== undefined ? counter(r.counter) : `${division(r.division ?? '')}の全窓口`;
}

function ruleChange(r: { set?: number; add?: number; factor?: number }): string {
  if (r.set !== undefined) return `${r.set}名に`;
  if (r.add !== undefined) return `${r.add >= 0 ? '+' : '−'}${Math.abs(r.add)}名`;
  return `×${r.factor}`;
}
