/**
 * Reading a study file (`rotation-simulation/1`, see scenario.ts). Unlike the
 * interchange format, a study is written by hand, so a field this format does
 * not know is reported (a misspelt `licencePerDay` must not silently change
 * nothing). Ids of counters and divisions are checked against the
 * organisation once it is known (`checkStudyReferences`).
 */
import { DateTime } from 'luxon';
import type { IsoDate } from './rotation';
import {
  CounterRule,
  DEFAULT_DEMAND,
  DEFAULT_INSIGHTS,
  DemandModel,
  GENERATORS,
  InsightOptions,
  MAX_SIMULATED_WEEKS,
  OrganisationRef,
  PolicyChanges,
  QualificationChange,
  Scenario,
  STUDY_FORMAT,
  Study,
  DEFAULT_TRIAL,
  TrialChanges,
} from './scenario';
import { EXPECTED, IssueCode, IssueList, JsonObject, JsonPlace, JsonReader, quote, ValidationIssue } from './json-path';
import { isIsoDate } from './validate-problem';
import type { ParseResult } from './validate';

export const BASELINE_NAME = '現行';

/**
 * Issue codes exercised by the study tests rather than the problem and roster
 * tests: only study files have them, except `out-of-range`, which the problem
 * reader also reports for values beyond the format's bounds (test/domain/limits.test.ts).
 */
export const STUDY_ISSUE_CODES: readonly IssueCode[] = [
  'unknown-field',
  'out-of-range',
  'invalid-week',
  'invalid-season-day',
  'rule-target',
  'rule-change',
];

/** Reads a study from JSON text or a parsed value. */
export function parseStudy(input: unknown): ParseResult<Study> {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        issues: [{ path: '$', code: 'json-syntax', message: `$: not JSON (${why})`, messageJa: `$: JSON として読めません（${why}）` }],
      };
    }
  }
  const issues = new IssueList();
  const study = new StudyReader(new JsonReader(issues)).study(value, JsonPlace.root);
  return study && issues.isEmpty() ? { ok: true, value: study } : { ok: false, issues: issues.toIssues() };
}

type Fields = Readonly<Record<string, true>>;

class StudyReader {
  constructor(private readonly r: JsonReader) {}

  private get issues(): IssueList {
    return this.r.issues;
  }

  study(value: unknown, at: JsonPlace): Study | undefined {
    const o = this.fields(value, at, {
      format: true,
      name: true,
      organisation: true,
      start: true,
      weeks: true,
      seed: true,
      demand: true,
      baseline: true,
      scenarios: true,
      insights: true,
    });
    if (!o) return undefined;
    const format = this.r.field(o, at, 'format', (v, p) => this.r.oneOf(v, p, [STUDY_FORMAT] as const, 'unknown-format'));
    const name = this.r.field(o, at, 'name', this.r.string);
    const organisation = this.r.optionalField(o, at, 'organisation', this.organisation);
    const start = this.r.field(o, at, 'start', this.week);
    const weeks = this.r.optionalField(o, at, 'weeks', (v, p) => this.intIn(v, p, 1, MAX_SIMULATED_WEEKS)) ?? 13;
    const seed = this.r.optionalField(o, at, 'seed', this.r.integer) ?? 1;
    const demand = Object.hasOwn(o, 'demand') ? this.demand(o.demand, at.field(o, 'demand')) : DEFAULT_DEMAND;
    const baseline = Object.hasOwn(o, 'baseline') ? this.scenario(o.baseline, at.field(o, 'baseline'), false) : { name: BASELINE_NAME };
    const scenarios = this.r.optionalField(o, at, 'scenarios', (v, p) => this.scenarios(v, p)) ?? [];
    const insights = Object.hasOwn(o, 'insights') ? this.insights(o.insights, at.field(o, 'insights')) : DEFAULT_INSIGHTS;
    if (!format || name === undefined || !start || !demand || !baseline || insights === undefined) return undefined;
    return {
      format,
      name,
      ...(organisation ? { organisation } : {}),
      start,
      weeks,
      seed,
      demand,
      baseline,
      scenarios,
      insights,
    };
  }

  /** An object with only the given fields. */
  private fields(value: unknown, at: JsonPlace, known: Fields): JsonObject | undefined {
    const o = this.r.object(value, at);
    if (!o) return undefined;
    for (const key of Object.keys(o)) {
      if (known[key]) continue;
      const names = Object.keys(known).join(', ');
      this.issues.add(
        at.field(o, key),
        'unknown-field',
        `this format has no field ${quote(key)} (expected one of ${names})`,
        `${quote(key)} という項目はありません（使える項目: ${names}）`,
      );
    }
    return o;
  }

  private readonly organisation = (value: unknown, at: JsonPlace): OrganisationRef | undefined => {
    const o = this.fields(value, at, { generator: true, seed: true, problem: true });
    if (!o) return undefined;
    if (Object.hasOwn(o, 'problem')) {
      const problem = this.r.field(o, at, 'problem', this.r.id);
      return problem === undefined ? undefined : { problem };
    }
    const generator = this.r.field(o, at, 'generator', (v, p) => this.r.oneOf(v, p, GENERATORS, 'unknown-format'));
    const seed = this.r.optionalField(o, at, 'seed', this.r.integer) ?? 1;
    return generator ? { generator, seed } : undefined;
  };

  private readonly week = (value: unknown, at: JsonPlace): string | undefined => {
    const text = this.r.string(value, at);
    if (text === undefined) return undefined;
    const m = /^(\d{4})-W(\d{2})$/.exec(text);
    // Luxon takes week 0 of year 0 for a real week; no ISO week is numbered 0.
    if (m && Number(m[2]) >= 1 && DateTime.fromObject({ weekYear: Number(m[1]), weekNumber: Number(m[2]) }).isValid) return text;
    this.issues.add(
      at,
      'invalid-week',
      `${quote(text)} is not an ISO week written like 2027-W14`,
      `${quote(text)} は 2027-W14 の形式の実在する週ではありません`,
    );
    return undefined;
  };

  private intIn(value: unknown, at: JsonPlace, lo: number, hi: number): number | undefined {
    const n = this.r.integerAtLeast(value, at, lo);
    if (n === undefined || n <= hi) return n;
    this.outOfRange(at, n, lo, hi);
    return undefined;
  }

  private number(value: unknown, at: JsonPlace, lo: number, hi: number): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.r.wrongType(value, at, { en: 'a number', ja: '数値' });
    if (value >= lo && value <= hi) return value;
    this.outOfRange(at, value, lo, hi);
    return undefined;
  }

  private outOfRange(at: JsonPlace, value: number, lo: number, hi: number): void {
    const range = hi === Infinity ? `≥ ${lo}` : `${lo}–${hi}`;
    this.issues.add(at, 'out-of-range', `${value} is outside ${range}`, `${value} は範囲外です（${range}）`);
  }

  private readonly share = (value: unknown, at: JsonPlace) => this.number(value, at, 0, 1);

  /** Five relative weights, Monday … Friday or 1 … 5 days, not all zero. */
  private readonly fiveWeights = (value: unknown, at: JsonPlace): number[] | undefined => {
    const list = this.r.list(value, at, (v, p) => this.number(v, p, 0, Infinity));
    if (!list) return undefined;
    if (list.length === 5 && list.some((w) => w > 0)) return list;
    this.issues.add(at, 'out-of-range', 'expected 5 weights, not all 0', '5 つの重み（すべて 0 ではないもの）が必要です');
    return undefined;
  };

  private demand(value: unknown, at: JsonPlace): DemandModel | undefined {
    const o = this.fields(value, at, {
      source: true,
      requesterShare: true,
      weeklyAskRate: true,
      daysWanted: true,
      weekdayPreference: true,
      absenceRate: true,
      caregiverShare: true,
      seasons: true,
      replay: true,
    });
    if (!o) return undefined;
    const d = DEFAULT_DEMAND;
    const source = this.r.optionalField(o, at, 'source', (v, p) => this.r.oneOf(v, p, ['survey', 'replay'] as const, 'unknown-format'));
    const caregiverShare = this.r.optionalField(o, at, 'caregiverShare', this.share);
    const replay = this.r.optionalField(o, at, 'replay', (v, p) => this.r.list(v, p, this.r.id));
    const out: DemandModel = {
      source: source ?? d.source,
      requesterShare: this.r.optionalField(o, at, 'requesterShare', this.share) ?? d.requesterShare,
      weeklyAskRate: this.r.optionalField(o, at, 'weeklyAskRate', this.share) ?? d.weeklyAskRate,
      daysWanted: this.r.optionalField(o, at, 'daysWanted', this.fiveWeights) ?? d.daysWanted,
      weekdayPreference: this.r.optionalField(o, at, 'weekdayPreference', this.fiveWeights) ?? d.weekdayPreference,
      absenceRate: this.r.optionalField(o, at, 'absenceRate', (v, p) => this.number(v, p, 0, 0.5)) ?? d.absenceRate,
      ...(caregiverShare === undefined ? {} : { caregiverShare }),
      seasons: this.r.optionalField(o, at, 'seasons', (v, p) => this.r.list(v, p, this.counterRule)) ?? [],
      ...(replay === undefined ? {} : { replay }),
    };
    return out;
  }

  private scenarios(value: unknown, at: JsonPlace): Scenario[] | undefined {
    const list = this.r.list(value, at, (v, p) => this.scenario(v, p, true));
    if (!list) return undefined;
    const seen = new Set<string>([BASELINE_NAME]);
    list.forEach((s, i) => {
      if (seen.has(s.name)) {
        const place = at.index(i).field(value as object, 'name');
        this.issues.add(
          place,
          'duplicate-id',
          `the scenario name ${quote(s.name)} is used twice`,
          `シナリオ名 ${quote(s.name)} が重複しています`,
        );
      }
      seen.add(s.name);
    });
    return list;
  }

  private scenario(value: unknown, at: JsonPlace, named: boolean): Scenario | undefined {
    const o = this.fields(value, at, {
      name: true,
      policy: true,
      terminals: true,
      counters: true,
      qualifications: true,
      noTeleworkDivisions: true,
      trial: true,
    });
    if (!o) return undefined;
    const name = named ? this.r.field(o, at, 'name', this.r.id) : (this.r.optionalField(o, at, 'name', this.r.id) ?? BASELINE_NAME);
    const policy = this.r.optionalField(o, at, 'policy', this.policy);
    const terminals = this.r.optionalField(o, at, 'terminals', this.terminals);
    const counters = this.r.optionalField(o, at, 'counters', (v, p) => this.r.list(v, p, this.counterRule));
    const qualifications = this.r.optionalField(o, at, 'qualifications', (v, p) => this.r.list(v, p, this.qualification));
    const noTeleworkDivisions = this.r.optionalField(o, at, 'noTeleworkDivisions', (v, p) => this.r.list(v, p, this.r.id));
    const trial = this.r.optionalField(o, at, 'trial', (v, p) => (v === null ? null : this.trial(v, p)));
    if (name === undefined) return undefined;
    return {
      name,
      ...(policy ? { policy } : {}),
      ...(terminals ? { terminals } : {}),
      ...(counters ? { counters } : {}),
      ...(qualifications ? { qualifications } : {}),
      ...(noTeleworkDivisions ? { noTeleworkDivisions } : {}),
      ...(trial !== undefined ? { trial } : {}),
    };
  }

  private readonly trial = (value: unknown, at: JsonPlace): TrialChanges | undefined => {
    const o = this.fields(value, at, { weeks: true, minDays: true, turnDays: true, acceptShare: true });
    if (!o) return undefined;
    const weeks = this.r.optionalField(o, at, 'weeks', (v, p) => this.intIn(v, p, 1, 13)) ?? DEFAULT_TRIAL.weeks;
    const minDays = this.r.optionalField(o, at, 'minDays', (v, p) => this.intIn(v, p, 1, 10)) ?? DEFAULT_TRIAL.minDays;
    const turnDays =
      this.r.optionalField(o, at, 'turnDays', (v, p) => this.r.oneOf(v, p, ['possible', 'any'] as const, 'unknown-format')) ??
      DEFAULT_TRIAL.turnDays;
    const acceptShare = this.r.optionalField(o, at, 'acceptShare', this.share) ?? DEFAULT_TRIAL.acceptShare;
    return { weeks, minDays, turnDays, acceptShare };
  };

  private readonly countOrNull = (value: unknown, at: JsonPlace): number | null | undefined =>
    value === null ? null : this.r.count(value, at);

  private readonly policy = (value: unknown, at: JsonPlace): PolicyChanges | undefined => {
    const o = this.fields(value, at, {
      maxTeleworkDays: true,
      caregiverMaxDays: true,
      licencesPerDay: true,
      spreadBonus: true,
      rankWeights: true,
      caregivingPriority: true,
      fairnessPerDenial: true,
      fairnessMax: true,
      fairnessWeeks: true,
      nonTeleworkJobTypes: true,
    });
    if (!o) return undefined;
    const out: Record<string, unknown> = {};
    const read = (name: string, f: (v: unknown, p: JsonPlace) => unknown) => {
      if (!Object.hasOwn(o, name)) return;
      const v = f(o[name], at.field(o, name));
      if (v !== undefined) out[name] = v;
    };
    read('maxTeleworkDays', (v, p) => this.intIn(v, p, 0, 7));
    read('caregiverMaxDays', (v, p) => (v === null ? null : this.intIn(v, p, 0, 7)));
    read('licencesPerDay', this.countOrNull);
    read('spreadBonus', (v, p) => this.spreadBonus(v, p));
    read('rankWeights', (v, p) => {
      const list = this.r.list(v, p, this.r.count);
      if (list && list.length === 0) return this.issues.add(p, 'out-of-range', 'needs at least one weight', '重みが 1 つ以上必要です');
      return list;
    });
    for (const name of ['caregivingPriority', 'fairnessPerDenial', 'fairnessMax']) read(name, this.r.count);
    read('fairnessWeeks', (v, p) => this.intIn(v, p, 0, 52));
    read('nonTeleworkJobTypes', (v, p) => this.r.list(v, p, this.r.id));
    return out;
  };

  private spreadBonus(value: unknown, at: JsonPlace): number[] | undefined {
    const list = this.r.list(value, at, this.r.count);
    if (!list) return undefined;
    for (let i = 1; i < list.length; i++) {
      if (list[i] > list[i - 1]) {
        this.issues.add(
          at.index(i),
          'spread-increasing',
          `${list[i]} is more than the entry before it`,
          `${list[i]} が前の値より大きくなっています（増やせません）`,
        );
        return undefined;
      }
    }
    return list;
  }

  private readonly terminals = (value: unknown, at: JsonPlace): Record<string, number | null> | undefined => {
    const o = this.r.object(value, at);
    if (!o) return undefined;
    const out: Record<string, number | null> = {};
    let ok = true;
    Object.keys(o).forEach((key, i) => {
      const v = this.countOrNull(o[key], at.entry(key, i));
      if (v === undefined) ok = false;
      else out[key] = v;
    });
    return ok ? out : undefined;
  };

  private readonly seasonDay = (value: unknown, at: JsonPlace): string | undefined => {
    const text = this.r.string(value, at);
    if (text === undefined) return undefined;
    if (isIsoDate(text) || (/^\d{2}-\d{2}$/.test(text) && isIsoDate(`2028-${text}`))) return text;
    this.issues.add(
      at,
      'invalid-season-day',
      `${quote(text)} is neither MM-DD nor YYYY-MM-DD`,
      `${quote(text)} は MM-DD または YYYY-MM-DD の形式ではありません`,
    );
    return undefined;
  };

  private readonly counterRule = (value: unknown, at: JsonPlace): CounterRule | undefined => {
    const o = this.fields(value, at, {
      counter: true,
      division: true,
      from: true,
      to: true,
      weekdays: true,
      set: true,
      add: true,
      factor: true,
    });
    if (!o) return undefined;
    const counter = this.r.optionalField(o, at, 'counter', this.r.id);
    const division = this.r.optionalField(o, at, 'division', this.r.id);
    const from = this.r.optionalField(o, at, 'from', this.seasonDay);
    const to = this.r.optionalField(o, at, 'to', this.seasonDay);
    const weekdays = this.r.optionalField(o, at, 'weekdays', (v, p) => this.r.list(v, p, (x, q) => this.intIn(x, q, 1, 7)));
    const set = this.r.optionalField(o, at, 'set', this.r.count);
    const add = this.r.optionalField(o, at, 'add', this.r.integer);
    const factor = this.r.optionalField(o, at, 'factor', (v, p) => this.number(v, p, 0, 100));
    const targets = ['counter', 'division'].filter((k) => Object.hasOwn(o, k)).length;
    const changes = ['set', 'add', 'factor'].filter((k) => Object.hasOwn(o, k)).length;
    if (targets !== 1) {
      this.issues.add(
        at,
        'rule-target',
        'name exactly one of counter and division',
        'counter と division のどちらか一方を指定してください',
      );
    }
    if (changes !== 1) {
      this.issues.add(at, 'rule-change', 'give exactly one of set, add and factor', 'set・add・factor のいずれか 1 つを指定してください');
    }
    if (targets !== 1 || changes !== 1) return undefined;
    if (from !== undefined && to !== undefined && from.length !== to.length) {
      this.issues.add(
        at,
        'invalid-season-day',
        'from and to must both be MM-DD or both YYYY-MM-DD',
        'from と to は同じ形式（MM-DD または YYYY-MM-DD）にしてください',
      );
      return undefined;
    }
    return {
      ...(counter !== undefined ? { counter } : {}),
      ...(division !== undefined ? { division } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(weekdays !== undefined ? { weekdays } : {}),
      ...(set !== undefined ? { set } : {}),
      ...(add !== undefined ? { add } : {}),
      ...(factor !== undefined ? { factor } : {}),
    };
  };

  private readonly qualification = (value: unknown, at: JsonPlace): QualificationChange | undefined => {
    const o = this.fields(value, at, { counter: true, add: true });
    if (!o) return undefined;
    const counter = this.r.field(o, at, 'counter', this.r.id);
    const add = this.r.field(o, at, 'add', (v, p) => this.intIn(v, p, 1, 1000));
    return counter === undefined || add === undefined ? undefined : { counter, add };
  };

  private insights(value: unknown, at: JsonPlace): InsightOptions | false | undefined {
    if (value === false) return false;
    if (value === true) return DEFAULT_INSIGHTS;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.r.wrongType(value, at, { en: `${EXPECTED.boolean.en} or an object`, ja: `${EXPECTED.boolean.ja}またはオブジェクト` });
    }
    const o = this.fields(value, at, { weeks: true });
    if (!o) return undefined;
    return { weeks: this.r.optionalField(o, at, 'weeks', (v, p) => this.intIn(v, p, 1, 52)) ?? DEFAULT_INSIGHTS.weeks };
  }
}

/** The ids an organisation offers to a study. */
export interface StudyTargets {
  readonly divisions: ReadonlySet<string>;
  readonly counters: ReadonlySet<string>;
}

/** Counters and divisions a study names that the organisation does not have. */
export function checkStudyReferences(study: Study, targets: StudyTargets): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const unknown = (path: string, kind: 'counter' | 'division', id: string) => {
    const ja = kind === 'counter' ? '窓口' : '課';
    issues.push({
      path,
      code: kind === 'counter' ? 'unknown-counter' : 'unknown-division',
      message: `${path}: the organisation has no ${kind} ${quote(id)}`,
      messageJa: `${path}: ${quote(id)} という${ja}はありません`,
    });
  };
  const rules = (path: string, list: readonly CounterRule[] | undefined) =>
    list?.forEach((rule, i) => {
      if (rule.counter !== undefined && !targets.counters.has(rule.counter)) unknown(`${path}[${i}].counter`, 'counter', rule.counter);
      if (rule.division !== undefined && !targets.divisions.has(rule.division))
        unknown(`${path}[${i}].division`, 'division', rule.division);
    });
  rules('demand.seasons', study.demand.seasons);
  const scenario = (path: string, s: Scenario) => {
    for (const id of Object.keys(s.terminals ?? {}))
      if (!targets.divisions.has(id)) unknown(`${path}.terminals[${JSON.stringify(id)}]`, 'division', id);
    rules(`${path}.counters`, s.counters);
    s.qualifications?.forEach((q, i) => {
      if (!targets.counters.has(q.counter)) unknown(`${path}.qualifications[${i}].counter`, 'counter', q.counter);
    });
    s.noTeleworkDivisions?.forEach((id, i) => {
      if (!targets.divisions.has(id)) unknown(`${path}.noTeleworkDivisions[${i}]`, 'division', id);
    });
  };
  scenario('baseline', study.baseline);
  study.scenarios.forEach((s, i) => scenario(`scenarios[${i}]`, s));
  return issues;
}

/** Days of a yearly (MM-DD) or dated season bound, for display. */
export function seasonBoundJa(bound: IsoDate): string {
  const [m, d] = bound.length === 5 ? bound.split('-') : bound.slice(5).split('-');
  return `${bound.length === 5 ? '' : `${bound.slice(0, 4)}年`}${Number(m)}月${Number(d)}日`;
}
