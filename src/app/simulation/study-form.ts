/**
 * HR's simulation form: a period, a demand model, seasonal counter demand and
 * up to five scenarios side by side with the current policy (the baseline).
 *
 * The form travels as text (`SimulationInput`) both ways, so a rejected form
 * is shown again exactly as typed. Each field is read here with a Japanese
 * line naming it; the study built from the fields then goes through the same
 * `parseStudy` and `checkStudyReferences` as a study file, so the rules of a
 * study live in one place.
 */
import { EntityManager } from 'typeorm';
import { weekOf } from '../../domain/calendar';
import {
  CounterRule,
  DEFAULT_DEMAND,
  DEFAULT_INSIGHTS,
  MAX_SIMULATED_WEEKS,
  PolicyChanges,
  QualificationChange,
  Scenario,
  STUDY_FORMAT,
  Study,
  DEFAULT_TRIAL,
  TrialChanges,
} from '../../domain/scenario';
import { BASELINE_NAME, checkStudyReferences, parseStudy } from '../../domain/validate-study';
import { isIsoDate } from '../../domain/validate-problem';
import type { ValidationIssue } from '../../domain/json-path';
import { Actor, assertHr } from '../accounts/actor';
import { parseWeek } from '../calendar';
import { clean, readInt, readText } from '../form-input';
import { loadOrganisation, loadReplayWeeks } from './organisation-db';
import type { SimPolicy } from './organisation';

export const MAX_SCENARIOS = 5;
export const SEASON_ROWS = 4;
export const MAX_LICENCES = 100000;
const MAX_SEED = 2147483647;

/** One scenario column as typed; every field blank keeps the baseline's value. */
export interface ScenarioInput {
  readonly name: string;
  readonly licences: string;
  readonly unlimited: boolean;
  readonly maxDays: string;
  readonly caregiverMaxDays: string;
  readonly fairness: string;
  readonly trainCounter: string;
  readonly trainAdd: string;
  /** `counter:<id>` or `division:<id>`. */
  readonly ruleTarget: string;
  readonly ruleFrom: string;
  readonly ruleTo: string;
  readonly ruleAdd: string;
  readonly noTelework: readonly string[];
  /** Trial periods (試行期間): weeks per period (blank: no trial), days each, where turns fall, who would take one (%). */
  readonly trialWeeks: string;
  readonly trialMinDays: string;
  readonly trialTurnDays: string;
  readonly trialAccept: string;
}

/** A row of seasonal counter demand on top of every scenario: `factor` (×) or `add` (+). */
export interface SeasonInput {
  readonly target: string;
  readonly from: string;
  readonly to: string;
  readonly op: string;
  readonly amount: string;
}

export interface SimulationInput {
  readonly name: string;
  readonly start: string;
  readonly weeks: string;
  readonly seed: string;
  readonly source: string;
  readonly requesterShare: string;
  readonly weeklyAskRate: string;
  readonly absenceRate: string;
  readonly insights: boolean;
  readonly insightWeeks: string;
  readonly seasons: readonly SeasonInput[];
  readonly scenarios: readonly ScenarioInput[];
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** What the form offers: the current policy, the divisions and counters, the stored weeks of requests. */
export interface SimulationFormData {
  readonly policy: SimPolicy;
  readonly divisions: readonly Choice[];
  readonly counters: readonly Choice[];
  /** Counters grouped under their division, and whole divisions (`division:` / `counter:` values). */
  readonly targets: readonly { readonly division: Choice; readonly counters: readonly Choice[] }[];
  readonly replayWeeks: number;
}

export const LABELS = {
  name: '名前',
  start: '開始週',
  weeks: '週数',
  seed: '乱数の種',
  source: '希望の出し方',
  requesterShare: '在宅勤務を希望する職員の割合',
  weeklyAskRate: '希望者が各週に申請する確率',
  absenceRate: '休暇の割合',
  insightWeeks: '改善の提案で再計算する週数',
  scenario: (i: number) => `シナリオ${i + 1}`,
  season: (i: number) => `季節による増員の${i + 1}行目`,
} as const;

export async function simulationFormData(m: EntityManager, actor: Actor): Promise<SimulationFormData> {
  assertHr(actor);
  const org = await loadOrganisation(m);
  const replayWeeks = (await loadReplayWeeks(m)).length;
  const divisionName = new Map(org.divisions.map((d) => [d.id, d.name]));
  return {
    policy: org.policy,
    divisions: org.divisions.map((d) => ({ value: d.id, label: d.name })),
    counters: org.counters.map((c) => ({ value: c.id, label: `${c.name}（${divisionName.get(c.division) ?? c.division}）` })),
    targets: org.divisions
      .map((d) => ({
        division: { value: `division:${d.id}`, label: `${d.name}の全窓口` },
        counters: org.counters.filter((c) => c.division === d.id).map((c) => ({ value: `counter:${c.id}`, label: c.name })),
      }))
      .filter((g) => g.counters.length > 0),
    replayWeeks,
  };
}

export const emptyScenario = (): ScenarioInput => ({
  name: '',
  licences: '',
  unlimited: false,
  maxDays: '',
  caregiverMaxDays: '',
  fairness: '',
  trainCounter: '',
  trainAdd: '',
  ruleTarget: '',
  ruleFrom: '',
  ruleTo: '',
  ruleAdd: '',
  noTelework: [],
  trialWeeks: '',
  trialMinDays: '',
  trialTurnDays: 'possible',
  trialAccept: '',
});

export const emptySeason = (): SeasonInput => ({ target: '', from: '', to: '', op: 'factor', amount: '' });

/**
 * A form that is useful at once: the next 13 weeks from `start`, the survey's
 * demand, the moving season at 住民課 and the tax season at 税務課 (when the
 * organisation has them), and one example scenario with 20% fewer licences.
 */
export function defaultSimulationInput(data: SimulationFormData, start: string): SimulationInput {
  const has = (id: string) => data.targets.some((t) => t.division.value === `division:${id}`);
  const seasons: SeasonInput[] = [];
  if (has('jumin')) seasons.push({ target: 'division:jumin', from: '03-15', to: '04-10', op: 'factor', amount: '2' });
  if (has('zeimu')) seasons.push({ target: 'division:zeimu', from: '06-01', to: '07-31', op: 'add', amount: '1' });
  while (seasons.length < SEASON_ROWS) seasons.push(emptySeason());
  const licences = data.policy.licencesPerDay;
  const example: ScenarioInput =
    licences === null
      ? { ...emptyScenario(), name: 'ライセンス50本', licences: '50' }
      : { ...emptyScenario(), name: 'ライセンス−20%', licences: String(Math.round(licences * 0.8)) };
  return {
    name: `方針の比較 ${start}〜`,
    start,
    weeks: '13',
    seed: '1',
    source: 'survey',
    requesterShare: percentText(DEFAULT_DEMAND.requesterShare),
    weeklyAskRate: percentText(DEFAULT_DEMAND.weeklyAskRate),
    absenceRate: percentText(DEFAULT_DEMAND.absenceRate),
    insights: true,
    insightWeeks: String(DEFAULT_INSIGHTS.weeks),
    seasons,
    // A trial of two weeks in which everyone takes a turn (who would, if offered: half of those who do not ask).
    scenarios: [
      example,
      { ...emptyScenario(), name: '試行期間（2週ごとに全員1日）', trialWeeks: '2', trialMinDays: '1' },
      ...Array.from({ length: MAX_SCENARIOS - 2 }, emptyScenario),
    ],
  };
}

const percentText = (share: number) => String(Math.round(share * 1000) / 10);

export type StudyOfInput = { readonly ok: true; readonly study: Study } | { readonly ok: false; readonly problems: readonly string[] };

/** Every field checked, then the study as a whole; all problems at once, or the study. */
export function studyOfInput(input: SimulationInput, data: SimulationFormData): StudyOfInput {
  const p: string[] = [];
  const name = readText(input.name, LABELS.name, 100, p);
  const start = readStart(input.start, p);
  const weeks = readInt(input.weeks, LABELS.weeks, 1, MAX_SIMULATED_WEEKS, p);
  const seed = readInt(input.seed, LABELS.seed, 0, MAX_SEED, p);
  const source = input.source === 'replay' ? 'replay' : input.source === 'survey' ? 'survey' : undefined;
  if (!source) p.push(`「${LABELS.source}」を選んでください。`);
  if (source === 'replay' && data.replayWeeks === 0) {
    p.push(
      `「${LABELS.source}」で「保存された希望を繰り返す」を選びましたが、保存された在宅勤務の希望がありません。「アンケートの傾向から作る」を選んでください。`,
    );
  }
  const requesterShare = readPercent(input.requesterShare, LABELS.requesterShare, 100, p);
  const weeklyAskRate = readPercent(input.weeklyAskRate, LABELS.weeklyAskRate, 100, p);
  const absenceRate = readPercent(input.absenceRate, LABELS.absenceRate, 50, p);
  const insightWeeks = input.insights ? readInt(input.insightWeeks, LABELS.insightWeeks, 1, 52, p) : undefined;

  const seasonRows: number[] = [];
  const seasons: CounterRule[] = [];
  input.seasons.forEach((row, i) => {
    if (clean(row.target) === '' && clean(row.amount) === '' && clean(row.from) === '' && clean(row.to) === '') return;
    const rule = readSeason(row, LABELS.season(i), data, p);
    if (rule) {
      seasons.push(rule);
      seasonRows.push(i);
    }
  });

  const scenarioColumns: number[] = [];
  const scenarios: Scenario[] = [];
  const names = new Map<string, number>();
  input.scenarios.forEach((column, i) => {
    if (isBlank(column)) return;
    const scenario = readScenario(column, LABELS.scenario(i), data, p);
    if (!scenario) return;
    const first = names.get(scenario.name);
    if (scenario.name === BASELINE_NAME)
      p.push(`「${LABELS.scenario(i)}の名前」に「${BASELINE_NAME}」は使えません（今の方針の列の名前です）。`);
    else if (first !== undefined)
      p.push(`「${LABELS.scenario(i)}の名前」が${LABELS.scenario(first)}と同じ「${scenario.name}」です。別の名前にしてください。`);
    names.set(scenario.name, i);
    scenarios.push(scenario);
    scenarioColumns.push(i);
  });
  if (p.length) return { ok: false, problems: p };

  const built: Study = {
    format: STUDY_FORMAT,
    name: name!,
    start: start!,
    weeks: weeks!,
    seed: seed!,
    demand: {
      ...DEFAULT_DEMAND,
      source: source!,
      requesterShare: requesterShare!,
      weeklyAskRate: weeklyAskRate!,
      absenceRate: absenceRate!,
      seasons,
    },
    baseline: { name: BASELINE_NAME },
    scenarios,
    insights: insightWeeks === undefined ? false : { weeks: insightWeeks },
  };
  const place = placeOf(seasonRows, scenarioColumns, scenarios);
  const parsed = parseStudy(JSON.parse(JSON.stringify(built)));
  if (!parsed.ok) return { ok: false, problems: parsed.issues.map(place) };
  const refs = checkStudyReferences(parsed.value, {
    divisions: new Set(data.divisions.map((d) => d.value)),
    counters: new Set(data.counters.map((c) => c.value)),
  });
  if (refs.length) return { ok: false, problems: refs.map(place) };
  return { ok: true, study: parsed.value };
}

function isBlank(s: ScenarioInput): boolean {
  const texts = [
    s.name,
    s.licences,
    s.maxDays,
    s.caregiverMaxDays,
    s.fairness,
    s.trainCounter,
    s.trainAdd,
    s.ruleTarget,
    s.ruleFrom,
    s.ruleTo,
    s.ruleAdd,
    s.trialWeeks,
    s.trialMinDays,
    s.trialAccept,
  ];
  return texts.every((t) => clean(t) === '') && !s.unlimited && s.noTelework.length === 0;
}

function readScenario(s: ScenarioInput, column: string, data: SimulationFormData, p: string[]): Scenario | undefined {
  const before = p.length;
  const name = readText(s.name, `${column}の名前`, 40, p);
  const policy: { -readonly [K in keyof PolicyChanges]: PolicyChanges[K] } = {};
  if (s.unlimited) {
    if (clean(s.licences) !== '') p.push(`「${column}の1日のライセンス数」は、本数を入れるか「無制限」にするかのどちらかにしてください。`);
    policy.licencesPerDay = null;
  } else if (clean(s.licences) !== '') {
    policy.licencesPerDay = readInt(s.licences, `${column}の1日のライセンス数`, 0, MAX_LICENCES, p);
  }
  if (clean(s.maxDays) !== '') policy.maxTeleworkDays = readInt(s.maxDays, `${column}の週の上限日数`, 0, 5, p);
  if (clean(s.caregiverMaxDays) !== '')
    policy.caregiverMaxDays = readInt(s.caregiverMaxDays, `${column}の介護・育児の職員の上限日数`, 0, 5, p);
  if (clean(s.fairness) !== '') policy.fairnessPerDenial = readInt(s.fairness, `${column}の公平性の加点`, 0, 1000, p);

  const qualifications: QualificationChange[] = [];
  if (clean(s.trainCounter) !== '' || clean(s.trainAdd) !== '') {
    const counter = data.counters.some((c) => c.value === s.trainCounter) ? s.trainCounter : undefined;
    if (!counter) p.push(`「${column}の兼務を増やす窓口」を選んでください。`);
    const add = readInt(s.trainAdd, `${column}の兼務を増やす人数`, 1, 100, p);
    if (counter && add !== undefined) qualifications.push({ counter, add });
  }

  const counters: CounterRule[] = [];
  if ([s.ruleTarget, s.ruleAdd, s.ruleFrom, s.ruleTo].some((t) => clean(t) !== '')) {
    const target = readTarget(s.ruleTarget, `${column}の最低人数を変える窓口`, data, p);
    const season = readSeasonRange(s.ruleFrom, s.ruleTo, `${column}の最低人数を変える期間`, p);
    const add = readInt(s.ruleAdd, `${column}の最低人数の増減`, -50, 50, p);
    if (add === 0) p.push(`「${column}の最低人数の増減」に0は使えません（増やすなら 1、減らすなら -1 など）。`);
    if (target && season && add) counters.push({ ...target, ...season, add });
  }

  const known = new Set(data.divisions.map((d) => d.value));
  const unknown = s.noTelework.filter((id) => !known.has(id));
  if (unknown.length) p.push(`「${column}の在宅勤務をしない課」に登録されていない課があります。選び直してください。`);
  const noTeleworkDivisions = [...new Set(s.noTelework)];
  const trial = readTrial(s, column, p);

  if (p.length > before || name === undefined) return undefined;
  return {
    name,
    ...(Object.keys(policy).length ? { policy } : {}),
    ...(qualifications.length ? { qualifications } : {}),
    ...(counters.length ? { counters } : {}),
    ...(noTeleworkDivisions.length ? { noTeleworkDivisions } : {}),
    ...(trial ? { trial } : {}),
  };
}

/** The scenario's trial periods: none while the weeks are blank; the other fields default. */
function readTrial(s: ScenarioInput, column: string, p: string[]): TrialChanges | undefined {
  if (clean(s.trialWeeks) === '') {
    if (clean(s.trialMinDays) !== '' || clean(s.trialAccept) !== '')
      p.push(`「${column}の試行期間の週数」を入れてください（空欄なら試行期間なし）。`);
    return undefined;
  }
  const weeks = readInt(s.trialWeeks, `${column}の試行期間の週数`, 1, 13, p);
  const minDays = clean(s.trialMinDays) === '' ? DEFAULT_TRIAL.minDays : readInt(s.trialMinDays, `${column}の試行期間の最低日数`, 1, 10, p);
  const turnDays = s.trialTurnDays === 'any' ? 'any' : s.trialTurnDays === 'possible' ? 'possible' : undefined;
  if (!turnDays) p.push(`「${column}の試行期間で希望しない職員の順番」を選んでください。`);
  const acceptShare =
    clean(s.trialAccept) === '' ? DEFAULT_TRIAL.acceptShare : readPercent(s.trialAccept, `${column}の順番を受ける職員の割合`, 100, p);
  if (weeks === undefined || minDays === undefined || !turnDays || acceptShare === undefined) return undefined;
  return { weeks, minDays, turnDays, acceptShare };
}

function readSeason(row: SeasonInput, label: string, data: SimulationFormData, p: string[]): CounterRule | undefined {
  const before = p.length;
  const target = readTarget(row.target, `${label}の窓口`, data, p);
  const season = readSeasonRange(row.from, row.to, `${label}の期間`, p);
  let change: { factor: number } | { add: number } | undefined;
  if (row.op === 'factor') {
    const factor = readDecimal(row.amount, `${label}の倍率`, 0, 10, p);
    if (factor !== undefined) change = { factor };
  } else if (row.op === 'add') {
    const add = readInt(row.amount, `${label}の増員数`, -50, 50, p);
    if (add !== undefined) change = { add };
  } else {
    p.push(`「${label}の増やし方」を選んでください。`);
  }
  if (p.length > before || !target || !season || !change) return undefined;
  return { ...target, ...season, ...change };
}

function readTarget(
  text: string,
  label: string,
  data: SimulationFormData,
  p: string[],
): { counter: string } | { division: string } | undefined {
  const t = text.trim();
  const m = /^(counter|division):(.+)$/.exec(t);
  const known = m && (m[1] === 'counter' ? data.counters : data.divisions).some((c) => c.value === m[2]);
  if (!m || !known) {
    p.push(t === '' ? `「${label}」を選んでください。` : `「${label}」に登録されていない窓口が指定されました。選び直してください。`);
    return undefined;
  }
  return m[1] === 'counter' ? { counter: m[2] } : { division: m[2] };
}

/** Both ends of a season (`MM-DD`, also `3/15` or `3月15日`), or neither (all year). */
function readSeasonRange(fromText: string, toText: string, label: string, p: string[]): { from?: string; to?: string } | undefined {
  if (clean(fromText) === '' && clean(toText) === '') return {};
  if (clean(fromText) === '' || clean(toText) === '') {
    p.push(`「${label}」は開始と終了の両方を入れてください（通年なら両方とも空欄）。`);
    return undefined;
  }
  const from = readSeasonDay(fromText, `${label}（開始）`, p);
  const to = readSeasonDay(toText, `${label}（終了）`, p);
  if (from === undefined || to === undefined) return undefined;
  if (from.length !== to.length) {
    p.push(`「${label}」は開始と終了を同じ形（どちらも 03-15 の形、またはどちらも 2027-03-15 の形）で入れてください。`);
    return undefined;
  }
  return { from, to };
}

function readSeasonDay(text: string, label: string, p: string[]): string | undefined {
  const t = clean(text).replace(/[/月]/g, '-').replace(/日$/, '');
  const md = /^(\d{1,2})-(\d{1,2})$/.exec(t);
  if (md) {
    const value = `${md[1].padStart(2, '0')}-${md[2].padStart(2, '0')}`;
    if (isIsoDate(`2028-${value}`)) return value;
  }
  const full = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (full) {
    const value = `${full[1]}-${full[2].padStart(2, '0')}-${full[3].padStart(2, '0')}`;
    if (isIsoDate(value)) return value;
  }
  p.push(`「${label}」は月日（例: 03-15）で入力してください（入力: ${shown(t)}）。`);
  return undefined;
}

/** `2027-W14`, or any date of that week. */
function readStart(text: string, p: string[]): string | undefined {
  const t = clean(text).toUpperCase().replace(/\//g, '-');
  const week = parseWeek(t);
  if (week) return week;
  if (/^\d{4}-\d{2}-\d{2}$/.test(t) && isIsoDate(t)) return weekOf(t);
  p.push(
    t === ''
      ? `「${LABELS.start}」を入力してください（例: 2027-W14）。`
      : `「${LABELS.start}」は 2027-W14 の形の週で入力してください（入力: ${shown(t)}）。`,
  );
  return undefined;
}

/** A percentage (decimals allowed) as a share 0 … max/100. */
function readPercent(text: string, label: string, max: number, p: string[]): number | undefined {
  const n = readDecimal(text.replace(/[%％]\s*$/, ''), `${label}（%）`, 0, max, p);
  return n === undefined ? undefined : Math.round(n * 100) / 10000;
}

function readDecimal(text: string, label: string, min: number, max: number, p: string[]): number | undefined {
  const t = clean(text);
  if (t === '') {
    p.push(`「${label}」を入力してください（${min}〜${max}）。`);
    return undefined;
  }
  const n = /^\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    p.push(`「${label}」は${min}〜${max}の数で入力してください（入力: ${shown(t)}）。`);
    return undefined;
  }
  return n;
}

function shown(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}

/** A study issue with its JSON path named as the form names the place (シナリオ2, 季節による増員の1行目). */
function placeOf(seasonRows: readonly number[], scenarioColumns: readonly number[], scenarios: readonly Scenario[]) {
  return (issue: ValidationIssue): string => {
    const scenario = /^scenarios\[(\d+)\]\.?(.*)$/.exec(issue.path);
    const season = /^demand\.seasons\[(\d+)\]\.?(.*)$/.exec(issue.path);
    const rest = issue.messageJa.slice(issue.path.length).replace(/^:\s*/, '');
    if (scenario) {
      const k = Number(scenario[1]);
      const where = `${LABELS.scenario(scenarioColumns[k] ?? k)}「${scenarios[k]?.name ?? ''}」`;
      return `${where}${scenario[2] ? `（${scenario[2]}）` : ''}: ${rest}`;
    }
    if (season)
      return `${LABELS.season(seasonRows[Number(season[1])] ?? Number(season[1]))}${season[2] ? `（${season[2]}）` : ''}: ${rest}`;
    return issue.messageJa;
  };
}
