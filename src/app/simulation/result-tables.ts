/**
 * The tables of a study's results, as HR reads them (Japanese headers): the
 * same rows feed the web page, the CSV downloads and the CLI's CSV files.
 * Every scenario row carries its difference to the baseline.
 */
import { excelCsv } from '../excel-csv';
import { effectJa } from './insights';
import type { ScenarioResult, Summary } from './kpis';
import type { StudyResult } from './run-study';

export const TABLES = ['summary', 'weekly', 'weekdays', 'divisions', 'counters', 'insights'] as const;
export type TableName = (typeof TABLES)[number];

export const TABLE_TITLES: Readonly<Record<TableName, string>> = {
  summary: '主要指標',
  weekly: '週ごとの推移',
  weekdays: '曜日別のライセンス利用',
  divisions: '課別',
  counters: '窓口別',
  insights: '改善の提案',
};

export const WEEKDAY_JA = ['月', '火', '水', '木', '金', '土', '日'];

export type Cell = string | number;

export interface Table {
  readonly name: TableName;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export function isTableName(value: unknown): value is TableName {
  return typeof value === 'string' && (TABLES as readonly string[]).includes(value);
}

const pct = (x: number | null): Cell => (x === null ? '' : round(x * 100, 1));
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
const opt = (x: number | null, digits = 2): Cell => (x === null ? '' : round(x, digits));

/** The summary figures in display order: [header, value]. */
export function summaryFields(s: Summary): [string, Cell][] {
  return [
    ['対象職員', s.staff],
    ['在宅勤務可能な職員', s.eligible],
    ['希望した職員', s.requesters],
    ['希望（人日）', s.requested],
    ['承認（人日）', s.granted],
    ['承認率（%）', pct(s.grantRate)],
    ['可能職員1人あたり週の在宅日数', opt(s.daysPerEligiblePerWeek)],
    ['期間中1日以上在宅勤務した職員', s.teleworked],
    ['その割合（%、目標50%）', pct(s.shareTeleworked)],
    ['目標達成', s.meetsTarget ? '達成' : '未達'],
    ['公平性（Jain指数）', opt(s.jain, 3)],
    ['承認日数 10%点', s.grantedDaysP10],
    ['承認日数 中央値', s.grantedDaysMedian],
    ['承認日数 90%点', s.grantedDaysP90],
    ['窓口の不足（人日）', s.shortfall],
    ['不足のあった窓口日', s.shortfallCounterDays],
    ['最適性未証明の週', s.unprovenWeeks],
    ['在宅勤務等手当の対象（人）', s.allowanceQualifying ?? ''],
    ['在宅勤務等手当 年額（円）', s.allowanceYearlyCostYen ?? ''],
    ['試行期間の数', s.trialPeriods ?? ''],
    ['試行期間の目標を達成した割合（%）', s.trialReachedShare === undefined ? '' : pct(s.trialReachedShare)],
  ];
}

/** Figures whose difference to the baseline is shown (numbers only). */
function difference(a: Cell, b: Cell): Cell {
  return typeof a === 'number' && typeof b === 'number' ? round(a - b, 3) : '';
}

export function table(result: StudyResult, name: TableName): Table {
  const scenarios = result.scenarios;
  const base = scenarios[0];
  switch (name) {
    case 'summary': {
      const fields = (s: ScenarioResult) => summaryFields(s.summary);
      const header = ['シナリオ', ...fields(base).flatMap(([h]) => [h, `${h} 差`])];
      const rows = scenarios.map((s) => {
        const values = fields(s).map(([, v]) => v);
        const baseValues = fields(base).map(([, v]) => v);
        return [s.name, ...values.flatMap((v, i) => [v, s === base ? '' : difference(v, baseValues[i])])];
      });
      return { name, header, rows };
    }
    case 'weekly':
      return {
        name,
        header: ['シナリオ', '週', '開庁日', '希望（人日）', '承認（人日）', '在宅勤務した職員', '窓口の不足（人日）', '1日の最大在宅人数'],
        rows: scenarios.flatMap((s) =>
          s.weekly.map((w) => [s.name, w.week, w.openDays, w.requested, w.granted, w.teleworkers, w.shortfall, w.peakLicences]),
        ),
      };
    case 'weekdays':
      return {
        name,
        header: ['シナリオ', '曜日', '開庁日数', '平均在宅人数', '最大在宅人数', 'ライセンス', '利用率（%）'],
        rows: scenarios.flatMap((s) =>
          s.weekdays.map((w) => [
            s.name,
            WEEKDAY_JA[w.weekday - 1],
            w.openDays,
            round(w.meanTeleworking, 1),
            w.peakTeleworking,
            w.licences ?? '無制限',
            pct(w.utilisation),
          ]),
        ),
      };
    case 'divisions':
      return {
        name,
        header: [
          'シナリオ',
          '課',
          '職員',
          '在宅勤務可能',
          '希望した職員',
          '希望（人日）',
          '承認（人日）',
          '承認率（%）',
          '承認率 差',
          '1日以上在宅（%）',
          '週あたり在宅日数',
          '窓口の不足（人日）',
        ],
        rows: scenarios.flatMap((s) =>
          s.divisions.map((d, i) => {
            const b = base.divisions[i];
            return [
              s.name,
              d.name,
              d.staff,
              d.eligible,
              d.requesters,
              d.requested,
              d.granted,
              pct(d.grantRate),
              s === base ? '' : difference(pct(d.grantRate), pct(b.grantRate)),
              pct(d.shareTeleworked),
              opt(d.daysPerEligiblePerWeek),
              d.shortfall,
            ];
          }),
        ),
      };
    case 'counters':
      return {
        name,
        header: ['シナリオ', '窓口', '課', '必要人数（人日）', '不足（人日）'],
        rows: scenarios.flatMap((s) =>
          s.counters.map((c) => [s.name, c.name, divisionName(result, s, c.division), c.required, c.shortfall]),
        ),
      };
    case 'insights':
      return {
        name,
        header: ['順位', '提案', '効果', '在宅勤務 +日/週', '窓口の不足 −人日/週', '1単位あたり +日/週', '再計算した週'],
        rows: (result.insights ?? []).map((i, k) => [
          k + 1,
          i.label,
          effectJa(i),
          round(i.grantedPerWeek, 2),
          round(i.shortfallAvoidedPerWeek, 2),
          round(i.grantedPerUnit, 2),
          i.weeks,
        ]),
      };
  }
}

function divisionName(_result: StudyResult, s: ScenarioResult, id: string): string {
  return s.divisions.find((d) => d.id === id)?.name ?? id;
}

export function tableCsv(result: StudyResult, name: TableName): string {
  const t = table(result, name);
  return excelCsv([t.header, ...t.rows]);
}
