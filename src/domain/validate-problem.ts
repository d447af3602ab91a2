/**
 * Validation of problem files (`rotation-problem/1`): structure, references and
 * pins, and the optional extension for weeks, periods and places
 * (docs/format-periods.md). Works on parsed JSON values; `validate.ts` adds the
 * JSON text and the result types around it. The rules that weigh a sound
 * problem as a whole are in `validate-periods.ts` (periods) and
 * `validate-pins.ts` (pins).
 */
import {
  type Counter,
  type Division,
  type IsoDate,
  type Period,
  type PinnedMode,
  type Place,
  type Policy,
  type PossibleDay,
  type Problem,
  type Staff,
  type TeleworkRequest,
  type TurnDays,
  HOME,
  LIMITS,
  PROBLEM_FORMAT,
} from './rotation';
import {
  type IssueCode,
  type JsonObject,
  type ValidationIssue,
  IssueList,
  JsonPlace,
  JsonReader,
  isJsonObject,
  quote,
  warnUnknownFields,
} from './json-path';
import { checkPeriods } from './validate-periods';
import { checkPins } from './validate-pins';

/** A week has at most seven days. */
export const MAX_DAYS = 7;

/** With `weeks`, `days` may hold up to LIMITS.weeks weeks of seven days. */
export const MAX_DAYS_WITH_WEEKS = LIMITS.weeks * MAX_DAYS;

/**
 * Issue codes only the extension's fields have (docs/format-periods.md), exercised by
 * test/domain/validate-extension.test.ts rather than the tests of the week format.
 */
export const EXTENSION_ISSUE_CODES: readonly IssueCode[] = [
  'weeks-mismatch',
  'reserved-id',
  'unknown-place',
  'unknown-staff',
  'duplicate-division',
  'duplicate-possible',
  'possible-requested',
  'unknown-turn-days',
  'from-after-to',
  'period-cuts-week',
  'period-overlap',
  'pin-conflict-desks',
  'pin-conflict-period',
];

const PIN_MODES: readonly PinnedMode[] = ['office', 'telework'];
const TURN_DAYS: readonly TurnDays[] = ['requested', 'possible', 'any'];

/**
 * The fields of each object of a problem; any other field is allowed but draws a warning. The
 * extension's fields come last, so that a typo of an older field is still matched to it first.
 */
export const PROBLEM_FIELDS = {
  problem: ['format', 'name', 'days', 'policy', 'divisions', 'counters', 'staff', 'weeks', 'places', 'periods'],
  policy: ['maxTeleworkDays', 'licencesPerDay', 'spreadBonus', 'shortfallPenalty'],
  division: ['id', 'name', 'terminals'],
  counter: ['id', 'division', 'name', 'min'],
  staff: ['id', 'division', 'name', 'canTelework', 'maxTeleworkDays', 'counters', 'requests', 'absent', 'pinned', 'possible'],
  request: ['day', 'weight', 'place'],
  place: ['id', 'name', 'desks', 'licence'],
  period: ['id', 'name', 'from', 'to', 'divisions', 'minDays', 'maxDays', 'turnDays', 'turnWeight', 'done'],
  possible: ['day', 'place'],
} as const satisfies Record<string, readonly string[]>;

export interface ProblemCheck {
  /** Present exactly when there are no issues. */
  readonly problem?: Problem;
  readonly issues: ValidationIssue[];
  /** Fields the format does not know (allowed, but likely typos), with the nearest known name. */
  readonly warnings: ValidationIssue[];
}

/** The issues of a parsed JSON value read as a problem, in document order (empty when valid). */
export function validateProblem(value: unknown): ValidationIssue[] {
  return checkProblem(value).issues;
}

/** Reads a parsed JSON value as a problem: the typed problem, or the issues in document order. */
export function checkProblem(value: unknown): ProblemCheck {
  const issues = new IssueList();
  const warnings = new IssueList();
  let problem: Problem | undefined;
  try {
    problem = new ProblemReader(new JsonReader(issues), warnings).problem(value, JsonPlace.root);
    // Periods and pins are only weighed against a problem that is otherwise sound,
    // so that their messages can rely on every id, day and limit.
    if (problem && issues.isEmpty()) {
      checkPeriods(problem, issues);
      checkPins(problem, issues);
    }
  } catch (error) {
    // Only values that are not plain JSON (proxies, throwing getters) get here.
    const reason = error instanceof Error ? error.message : 'unknown error';
    issues.add(JsonPlace.root, 'unreadable', `could not be read: ${reason}`, `読み取れませんでした: ${reason}`);
  }
  const warned = warnings.toIssues();
  return problem && issues.isEmpty() ? { problem, issues: [], warnings: warned } : { issues: issues.toIssues(), warnings: warned };
}

/**
 * Reads the problem top-down. Lists that others refer to (days, divisions,
 * counters) are read first so that references can be resolved; the issue list
 * puts everything back into document order at the end.
 */
class ProblemReader {
  /** Valid dates listed in `days`; undefined when `days` itself is unusable. */
  private days?: ReadonlySet<IsoDate>;
  private divisionIds?: ReadonlySet<string>;
  private counterIds?: ReadonlySet<string>;
  private staffIds?: ReadonlySet<string>;
  /** Ids of `places` (empty without the field). */
  private placeIds?: ReadonlySet<string>;

  constructor(
    private readonly r: JsonReader,
    private readonly warnings: IssueList,
  ) {}

  /** An id: a non-empty string of at most LIMITS.idLength characters. */
  private readonly id = (value: unknown, at: JsonPlace): string | undefined => {
    const id = this.r.boundedString(value, at, LIMITS.idLength);
    return id === undefined ? undefined : this.r.id(id, at);
  };

  /** maxTeleworkDays, licences, terminals, counter minimums: 0 … LIMITS.count. */
  private readonly count = (value: unknown, at: JsonPlace): number | undefined => this.r.integerIn(value, at, 0, LIMITS.count);

  /** Request weights, the shortfall penalty and turn weights: 0 … LIMITS.weight. */
  private readonly weight = (value: unknown, at: JsonPlace): number | undefined => this.r.integerIn(value, at, 0, LIMITS.weight);

  /** A period's minDays and maxDays, and days done: 0 … LIMITS.periodDays. */
  private readonly periodDays = (value: unknown, at: JsonPlace): number | undefined => this.r.integerIn(value, at, 0, LIMITS.periodDays);

  private object(value: unknown, at: JsonPlace, known: readonly string[]): JsonObject | undefined {
    const o = this.r.object(value, at);
    if (o) warnUnknownFields(this.warnings, o, at, known);
    return o;
  }

  private get issues(): IssueList {
    return this.r.issues;
  }

  problem(value: unknown, at: JsonPlace): Problem | undefined {
    const o = this.object(value, at, PROBLEM_FIELDS.problem);
    if (!o) return undefined;
    const format = this.r.field(o, at, 'format', this.format);
    const name = this.r.field(o, at, 'name', this.r.string);
    const hasWeeks = Object.hasOwn(o, 'weeks');
    const days = this.r.field(o, at, 'days', (v, p) => this.dayList(v, p, hasWeeks ? MAX_DAYS_WITH_WEEKS : MAX_DAYS));
    const weeks = this.r.optionalField(o, at, 'weeks', (v, p) => this.weeks(v, p, days));
    this.divisionIds = this.uniqueIds(o, at, 'divisions');
    this.counterIds = this.uniqueIds(o, at, 'counters');
    this.staffIds = this.uniqueIds(o, at, 'staff');
    this.placeIds = Object.hasOwn(o, 'places') ? this.uniqueIds(o, at, 'places') : new Set();
    this.uniqueIds(o, at, 'periods');
    const policy = this.r.field(o, at, 'policy', this.policy);
    const places = this.r.optionalField(o, at, 'places', (v, p) => this.r.boundedList(v, p, LIMITS.places, this.place));
    const periods = this.r.optionalField(o, at, 'periods', (v, p) => this.r.boundedList(v, p, LIMITS.periods, this.period));
    const divisions = this.r.field(o, at, 'divisions', (v, p) => this.r.boundedList(v, p, LIMITS.divisions, this.division));
    const counters = this.r.field(o, at, 'counters', (v, p) => this.r.boundedList(v, p, LIMITS.counters, this.counter));
    const staff = this.r.field(o, at, 'staff', (v, p) => this.r.boundedList(v, p, LIMITS.staff, this.staffMember));
    if (!format || name === undefined || !days || !policy || !divisions || !counters || !staff) return undefined;
    return {
      format,
      name,
      days,
      ...optional('weeks', weeks),
      policy,
      ...optional('places', places),
      ...optional('periods', periods),
      divisions,
      counters,
      staff,
    };
  }

  private readonly format = (value: unknown, at: JsonPlace): typeof PROBLEM_FORMAT | undefined =>
    this.r.oneOf(value, at, [PROBLEM_FORMAT], 'unknown-format');

  /** `days`: at most `max` of them (a week's seven, or six weeks' with `weeks`). */
  private dayList(value: unknown, at: JsonPlace, max: number): IsoDate[] | undefined {
    const items = this.r.array(value, at);
    if (!items) return undefined;
    const seen = new Set<IsoDate>();
    const out: IsoDate[] = [];
    let latest: IsoDate | undefined;
    for (let i = 0; i < items.length; i++) {
      const place = at.index(i);
      if (i === max) this.tooManyDays(place, items.length, max);
      const day = this.date(items[i], place);
      if (day === undefined) continue;
      if (seen.has(day)) {
        this.issues.add(place, 'duplicate-day', `${day} is listed twice`, `${day} が重複しています`);
      } else if (latest !== undefined && day < latest) {
        this.issues.add(
          place,
          'days-not-ascending',
          `${day} comes after ${latest}; days must be in ascending order`,
          `${day} が ${latest} の後にあります。days は昇順である必要があります`,
        );
      }
      seen.add(day);
      out.push(day);
      if (latest === undefined || day > latest) latest = day;
    }
    this.days = seen;
    return out.length === items.length ? out : undefined;
  }

  private tooManyDays(at: JsonPlace, count: number, max: number): void {
    if (max === MAX_DAYS) {
      this.issues.add(
        at,
        'too-many-days',
        `days has ${count} entries but a week has at most ${MAX_DAYS} days`,
        `days に ${count} 日ありますが、1 週間は最大 ${MAX_DAYS} 日です`,
      );
    } else {
      this.issues.add(
        at,
        'too-many-days',
        `days has ${count} entries but at most ${max} are allowed with weeks (${LIMITS.weeks} weeks of ${MAX_DAYS} days)`,
        `days に ${count} 日ありますが、weeks を使う場合も最大 ${max} 日（${LIMITS.weeks} 週 × ${MAX_DAYS} 日）です`,
      );
    }
  }

  /**
   * `weeks`: at most LIMITS.weeks lists of 1 to 7 dates which, one after another, are exactly
   * `days` (compared when `days` could be read; the first difference is reported).
   */
  private weeks(value: unknown, at: JsonPlace, days: readonly IsoDate[] | undefined): IsoDate[][] | undefined {
    const weeks = this.r.boundedList(value, at, LIMITS.weeks, (item, place) => {
      if (Array.isArray(item) && item.length === 0) {
        this.issues.add(place, 'out-of-range', 'has no days; a week has 1 to 7 days', '日がありません。1 週間は 1〜7 日です');
        return undefined;
      }
      return this.r.boundedList(item, place, MAX_DAYS, (day, dayPlace) => this.date(day, dayPlace));
    });
    if (weeks && days) this.matchWeeks(weeks, days, at);
    return weeks;
  }

  private matchWeeks(weeks: readonly (readonly IsoDate[])[], days: readonly IsoDate[], at: JsonPlace): void {
    const rule = 'the weeks, one after another, must be exactly days';
    const ruleJa = 'weeks をつなげると days と完全に一致する必要があります';
    let k = 0;
    for (let w = 0; w < weeks.length; w++) {
      for (let j = 0; j < weeks[w].length; j++, k++) {
        const day = weeks[w][j];
        if (day === days[k]) continue;
        const place = at.index(w).index(j);
        if (k < days.length) {
          this.issues.add(
            place,
            'weeks-mismatch',
            `${day} stands where days[${k}] (${days[k]}) should; ${rule}`,
            `${day} の位置には days[${k}]（${days[k]}）が来る必要があります。${ruleJa}`,
          );
        } else {
          this.issues.add(
            place,
            'weeks-mismatch',
            `${day} is beyond the ${days.length} days of days; ${rule}`,
            `${day} は days の ${days.length} 日を超えています。${ruleJa}`,
          );
        }
        return;
      }
    }
    if (k < days.length) {
      this.issues.add(
        at,
        'weeks-mismatch',
        `the weeks hold ${k} days but days has ${days.length}: days[${k}] (${days[k]}) is in no week; ${rule}`,
        `weeks には ${k} 日しかありませんが days は ${days.length} 日です。days[${k}]（${days[k]}）がどの週にも含まれていません。${ruleJa}`,
      );
    }
  }

  /** A real calendar date written `YYYY-MM-DD`. */
  private date(value: unknown, at: JsonPlace): IsoDate | undefined {
    const text = this.r.string(value, at);
    if (text === undefined) return undefined;
    if (isIsoDate(text)) return text;
    this.issues.add(
      at,
      'invalid-date',
      `${quote(text)} is not a calendar date written YYYY-MM-DD`,
      `${quote(text)} は YYYY-MM-DD 形式の実在する日付ではありません`,
    );
    return undefined;
  }

  /** A day that must be one of `days`. */
  private readonly day = (value: unknown, at: JsonPlace): IsoDate | undefined => {
    const text = this.r.string(value, at);
    return text === undefined ? undefined : this.knownDay(text, at);
  };

  private knownDay(text: string, at: JsonPlace): IsoDate | undefined {
    if (this.days === undefined) {
      // `days` is unusable (and already reported); still catch what cannot be a day at all.
      return this.date(text, at);
    }
    if (this.days.has(text)) return text;
    const shown = isIsoDate(text) ? text : quote(text);
    this.issues.add(at, 'unknown-day', `${shown} is not one of days`, `${shown} は days に含まれていません`);
    return undefined;
  }

  /**
   * Ids of the list `name` of the top-level object, reporting each repeated id at
   * its later occurrence. Other faults of the entries are left to their reader.
   */
  private uniqueIds(o: JsonObject, at: JsonPlace, name: string): ReadonlySet<string> | undefined {
    const items = o[name];
    if (!Object.hasOwn(o, name) || !Array.isArray(items)) return undefined;
    const listPlace = at.field(o, name);
    const firstAt = new Map<string, number>();
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      if (!isJsonObject(item) || !Object.hasOwn(item, 'id')) continue;
      const id = item.id;
      if (typeof id !== 'string' || id === '' || id.length > LIMITS.idLength) continue;
      const first = firstAt.get(id);
      if (first === undefined) {
        firstAt.set(id, i);
        continue;
      }
      this.issues.add(
        listPlace.index(i).field(item, 'id'),
        'duplicate-id',
        `${quote(id)} is already the id of ${name}[${first}]`,
        `${quote(id)} は ${name}[${first}] の id と重複しています`,
      );
    }
    return new Set(firstAt.keys());
  }

  private readonly policy = (value: unknown, at: JsonPlace): Policy | undefined => {
    const o = this.object(value, at, PROBLEM_FIELDS.policy);
    if (!o) return undefined;
    const maxTeleworkDays = this.r.field(o, at, 'maxTeleworkDays', this.count);
    const licencesPerDay = this.r.optionalField(o, at, 'licencesPerDay', this.licencesOrDayMap);
    const spreadBonus = this.r.optionalField(o, at, 'spreadBonus', this.spreadBonus);
    const shortfallPenalty = this.r.optionalField(o, at, 'shortfallPenalty', this.weight);
    if (maxTeleworkDays === undefined) return undefined;
    return {
      maxTeleworkDays,
      ...optional('licencesPerDay', licencesPerDay),
      ...optional('spreadBonus', spreadBonus),
      ...optional('shortfallPenalty', shortfallPenalty),
    };
  };

  /** Licences: 0 … LIMITS.licences for every day, or an object from day to such an integer. */
  private readonly licencesOrDayMap = (value: unknown, at: JsonPlace): number | Readonly<Record<IsoDate, number>> | undefined =>
    this.integerOrDayMap(value, at, (v, p) => this.r.integerIn(v, p, 0, LIMITS.licences));

  /** Counter minimums: 0 … LIMITS.count for every day, or an object from day to such an integer. */
  private readonly countOrDayMap = (value: unknown, at: JsonPlace): number | Readonly<Record<IsoDate, number>> | undefined =>
    this.integerOrDayMap(value, at, this.count);

  /** An integer ≥ 0 for every day, or an object from day to integer ≥ 0, each read with `read`. */
  private integerOrDayMap(
    value: unknown,
    at: JsonPlace,
    read: (value: unknown, at: JsonPlace) => number | undefined,
  ): number | Readonly<Record<IsoDate, number>> | undefined {
    if (typeof value === 'number') return read(value, at);
    if (isJsonObject(value)) return this.dayMap(value, at, read);
    return this.r.wrongType(value, at, {
      en: 'an integer ≥ 0 or an object from day to integer ≥ 0',
      ja: '0 以上の整数、または日付から 0 以上の整数へのオブジェクト',
    });
  }

  /** An object whose keys are days; `undefined` when a key or a value is wrong. */
  private dayMap<T>(o: JsonObject, at: JsonPlace, read: (value: unknown, at: JsonPlace) => T | undefined): Record<IsoDate, T> | undefined {
    return this.keyedMap(o, at, (key, place) => this.knownDay(key, place), read);
  }

  /** An object whose keys are read with `readKey` and values with `read`; `undefined` when a key or a value is wrong. */
  private keyedMap<T>(
    o: JsonObject,
    at: JsonPlace,
    readKey: (key: string, at: JsonPlace) => string | undefined,
    read: (value: unknown, at: JsonPlace) => T | undefined,
  ): Record<string, T> | undefined {
    const out: Record<string, T> = {};
    let complete = true;
    Object.keys(o).forEach((key, order) => {
      const place = at.entry(key, order);
      const checked = readKey(key, place);
      const entry = read(o[key], place);
      if (checked === undefined || entry === undefined) complete = false;
      else if (checked === '__proto__')
        Object.defineProperty(out, checked, { value: entry, enumerable: true, writable: true, configurable: true });
      else out[checked] = entry;
    });
    return complete ? out : undefined;
  }

  private readonly spreadBonus = (value: unknown, at: JsonPlace): number[] | undefined => {
    let previous: number | undefined;
    return this.r.boundedList(value, at, LIMITS.spreadBonusEntries, (item, place) => {
      const bonus = this.r.integerIn(item, place, -LIMITS.weight, LIMITS.weight);
      if (bonus === undefined) return undefined;
      if (previous !== undefined && bonus > previous) {
        this.issues.add(
          place,
          'spread-increasing',
          `${bonus} is greater than the entry before it (${previous}); spreadBonus must be non-increasing`,
          `${bonus} は直前の値（${previous}）より大きくなっています。spreadBonus は非増加である必要があります`,
        );
      }
      previous = bonus;
      return bonus;
    });
  };

  private readonly division = (value: unknown, at: JsonPlace): Division | undefined => {
    const o = this.object(value, at, PROBLEM_FIELDS.division);
    if (!o) return undefined;
    const id = this.r.field(o, at, 'id', this.id);
    const name = this.r.field(o, at, 'name', this.r.string);
    const terminals = this.r.optionalField(o, at, 'terminals', this.count);
    if (id === undefined || name === undefined) return undefined;
    return { id, name, ...optional('terminals', terminals) };
  };

  private readonly divisionRef = (value: unknown, at: JsonPlace): string | undefined => {
    const id = this.r.string(value, at);
    if (id === undefined || this.divisionIds === undefined || this.divisionIds.has(id)) return id;
    this.issues.add(
      at,
      'unknown-division',
      `${quote(id)} is not the id of any division`,
      `${quote(id)} はどの課（divisions）の id でもありません`,
    );
    return undefined;
  };

  private readonly counterRef = (value: unknown, at: JsonPlace): string | undefined => {
    const id = this.r.string(value, at);
    if (id === undefined || this.counterIds === undefined || this.counterIds.has(id)) return id;
    this.issues.add(
      at,
      'unknown-counter',
      `${quote(id)} is not the id of any counter`,
      `${quote(id)} はどの窓口（counters）の id でもありません`,
    );
    return undefined;
  };

  /** A key of a period's `done`: the id of a staff member. */
  private readonly staffRef = (id: string, at: JsonPlace): string | undefined => {
    if (this.staffIds === undefined || this.staffIds.has(id)) return id;
    this.issues.add(
      at,
      'unknown-staff',
      `${quote(id)} is not the id of any staff member`,
      `${quote(id)} はどの職員（staff）の id でもありません`,
    );
    return undefined;
  };

  /** Where a day of telework is spent: `home`, or the id of a place. */
  private readonly placeRef = (value: unknown, at: JsonPlace): string | undefined => {
    const id = this.r.string(value, at);
    if (id === undefined || id === HOME || this.placeIds === undefined || this.placeIds.has(id)) return id;
    this.issues.add(
      at,
      'unknown-place',
      `${quote(id)} is neither "home" nor the id of any place`,
      `${quote(id)} は "home" でも、どの場所（places）の id でもありません`,
    );
    return undefined;
  };

  /** A list of ids read with `resolve`, each once; a repeated one is reported under `code`. */
  private distinctIds(
    value: unknown,
    at: JsonPlace,
    list: string,
    code: IssueCode,
    resolve: (value: unknown, at: JsonPlace) => string | undefined,
  ): string[] | undefined {
    const firstAt = new Map<string, number>();
    return this.r.list(value, at, (item, place, i) => {
      const id = this.r.string(item, place);
      if (id === undefined) return undefined;
      const first = firstAt.get(id);
      if (first !== undefined) {
        this.issues.add(
          place,
          code,
          `${quote(id)} is already listed at ${list}[${first}]`,
          `${quote(id)} は ${list}[${first}] と重複しています`,
        );
        return undefined;
      }
      firstAt.set(id, i);
      return resolve(id, place);
    });
  }

  private readonly counter = (value: unknown, at: JsonPlace): Counter | undefined => {
    const o = this.object(value, at, PROBLEM_FIELDS.counter);
    if (!o) return undefined;
    const id = this.r.field(o, at, 'id', this.id);
    const division = this.r.field(o, at, 'division', this.divisionRef);
    const name = this.r.field(o, at, 'name', this.r.string);
    const min = this.r.field(o, at, 'min', this.countOrDayMap);
    if (id === undefined || division === undefined || name === undefined || min === undefined) return undefined;
    return { id, division, name, min };
  };

  /** A satellite office or branch office: an id other than `home`, a name, desks, and whether a day there takes a licence. */
  private readonly place = (value: unknown, at: JsonPlace): Place | undefined => {
    const o = this.object(value, at, PROBLEM_FIELDS.place);
    if (!o) return undefined;
    const id = this.r.field(o, at, 'id', this.placeId);
    const name = this.r.field(o, at, 'name', this.r.string);
    const desks = this.r.field(o, at, 'desks', this.countOrDayMap);
    const licence = this.r.optionalField(o, at, 'licence', this.r.boolean);
    if (id === undefined || name === undefined || desks === undefined) return undefined;
    return { id, name, desks, ...optional('licence', licence) };
  };

  private readonly placeId = (value: unknown, at: JsonPlace): string | undefined => {
    const id = this.id(value, at);
    if (id !== HOME) return id;
    this.issues.add(
      at,
      'reserved-id',
      `"${HOME}" cannot be the id of a place: it means at home wherever a place is named`,
      `"${HOME}" は場所の id にできません（場所の指定では自宅を表します）`,
    );
    return undefined;
  };

  /** A period: its dates (not necessarily days of this problem), scope, goal, cap, turns and days done. */
  private readonly period = (value: unknown, at: JsonPlace): Period | undefined => {
    const o = this.object(value, at, PROBLEM_FIELDS.period);
    if (!o) return undefined;
    const id = this.r.field(o, at, 'id', this.id);
    const name = this.r.optionalField(o, at, 'name', this.r.string);
    const from = this.r.field(o, at, 'from', this.anyDate);
    const to = this.r.field(o, at, 'to', this.anyDate);
    const divisions = this.r.optionalField(o, at, 'divisions', (v, p) =>
      this.distinctIds(v, p, 'divisions', 'duplicate-division', this.divisionRef),
    );
    const minDays = this.r.optionalField(o, at, 'minDays', this.periodDays);
    const maxDays = this.r.optionalField(o, at, 'maxDays', this.periodDays);
    const turnDays = this.r.optionalField(o, at, 'turnDays', (v, p) => this.r.oneOf(v, p, TURN_DAYS, 'unknown-turn-days'));
    const turnWeight = this.r.optionalField(o, at, 'turnWeight', this.weight);
    const done = this.r.optionalField(o, at, 'done', this.doneDays);
    if (id === undefined || from === undefined || to === undefined) return undefined;
    if (to < from) {
      this.issues.add(
        at.field(o, 'to'),
        'from-after-to',
        `${to} is before from (${from}); a period ends on or after its first day`,
        `${to} は from（${from}）より前の日付です。期間の終わりは始まりと同じ日かそれ以降にしてください`,
      );
      return undefined;
    }
    return {
      id,
      ...optional('name', name),
      from,
      to,
      ...optional('divisions', divisions),
      ...optional('minDays', minDays),
      ...optional('maxDays', maxDays),
      ...optional('turnDays', turnDays),
      ...optional('turnWeight', turnWeight),
      ...optional('done', done),
    };
  };

  /** Any real calendar date (a period's bounds may lie outside `days`). */
  private readonly anyDate = (value: unknown, at: JsonPlace): IsoDate | undefined => this.date(value, at);

  /** A period's `done`: staff id → days already worked, 0 … LIMITS.periodDays. */
  private readonly doneDays = (value: unknown, at: JsonPlace): Record<string, number> | undefined => {
    const o = this.r.object(value, at);
    return o && this.keyedMap(o, at, this.staffRef, this.periodDays);
  };

  private readonly staffMember = (value: unknown, at: JsonPlace): Staff | undefined => {
    const o = this.object(value, at, PROBLEM_FIELDS.staff);
    if (!o) return undefined;
    const id = this.r.field(o, at, 'id', this.id);
    const division = this.r.field(o, at, 'division', this.divisionRef);
    const name = this.r.field(o, at, 'name', this.r.string);
    const canTelework = this.r.field(o, at, 'canTelework', this.r.boolean);
    const maxTeleworkDays = this.r.optionalField(o, at, 'maxTeleworkDays', this.count);
    const counters = this.r.field(o, at, 'counters', this.qualifications);
    const requests = this.r.field(o, at, 'requests', this.requests);
    const absent = this.r.field(o, at, 'absent', this.absentDays);
    const pinned = this.r.optionalField(o, at, 'pinned', this.pins);
    const possible = this.r.optionalField(o, at, 'possible', (v, p) => this.possibleDays(v, p, requests));
    if (
      id === undefined ||
      division === undefined ||
      name === undefined ||
      canTelework === undefined ||
      counters === undefined ||
      requests === undefined ||
      absent === undefined
    ) {
      return undefined;
    }
    return {
      id,
      division,
      name,
      canTelework,
      ...optional('maxTeleworkDays', maxTeleworkDays),
      counters,
      requests,
      absent,
      ...optional('pinned', pinned),
      ...optional('possible', possible),
    };
  };

  /** `staff[].counters`: counter ids that resolve, each once. */
  private readonly qualifications = (value: unknown, at: JsonPlace): string[] | undefined =>
    this.distinctIds(value, at, 'counters', 'duplicate-counter', this.counterRef);

  private readonly requests = (value: unknown, at: JsonPlace): TeleworkRequest[] | undefined =>
    this.oncePerDay(
      value,
      at,
      PROBLEM_FIELDS.request,
      (day, first) => ({
        code: 'duplicate-request',
        en: `${day} is already requested at requests[${first}]; at most one request per day`,
        ja: `${day} は requests[${first}] で既に希望されています。希望は 1 日につき 1 件までです`,
      }),
      (o, place, day) => {
        const weight = this.r.field(o, place, 'weight', this.weight);
        const where = this.r.optionalField(o, place, 'place', this.placeRef);
        return day === undefined || weight === undefined ? undefined : { day, weight, ...optional('place', where) };
      },
    );

  /** `staff[].possible`: days not requested (compared when the requests could be read), at most one entry a day. */
  private possibleDays(value: unknown, at: JsonPlace, requests: readonly TeleworkRequest[] | undefined): PossibleDay[] | undefined {
    const requested = new Map(requests?.map((q, i) => [q.day, i]));
    return this.oncePerDay(
      value,
      at,
      PROBLEM_FIELDS.possible,
      (day, first) => ({
        code: 'duplicate-possible',
        en: `${day} is already listed at possible[${first}]; at most one possible entry per day`,
        ja: `${day} は possible[${first}] と重複しています。possible は 1 日につき 1 件までです`,
      }),
      (o, place, day) => {
        const where = this.r.optionalField(o, place, 'place', this.placeRef);
        if (day === undefined) return undefined;
        const asked = requested.get(day);
        if (asked === undefined) return { day, ...optional('place', where) };
        this.issues.add(
          place.field(o, 'day'),
          'possible-requested',
          `${day} is requested (requests[${asked}]); a possible day is one the person did not ask for`,
          `${day} は希望日（requests[${asked}]）です。possible には希望していない日を指定してください`,
        );
        return undefined;
      },
    );
  }

  /**
   * A list of objects with a `day` of `days` each, at most one a day (a repeated day is reported as
   * `repeated` says); `build` reads the rest of an entry, even when its day is wrong.
   */
  private oncePerDay<T>(
    value: unknown,
    at: JsonPlace,
    known: readonly string[],
    repeated: (day: IsoDate, first: number) => { code: IssueCode; en: string; ja: string },
    build: (o: JsonObject, at: JsonPlace, day: IsoDate | undefined) => T | undefined,
  ): T[] | undefined {
    const firstAt = new Map<IsoDate, number>();
    return this.r.list(value, at, (item, place, i) => {
      const o = this.object(item, place, known);
      if (!o) return undefined;
      const day = this.r.field(o, place, 'day', this.day);
      const entry = build(o, place, day);
      if (day === undefined) return undefined;
      const first = firstAt.get(day);
      if (first !== undefined) {
        const { code, en, ja } = repeated(day, first);
        this.issues.add(place.field(o, 'day'), code, en, ja);
        return undefined;
      }
      firstAt.set(day, i);
      return entry;
    });
  }

  private readonly absentDays = (value: unknown, at: JsonPlace): IsoDate[] | undefined => {
    const firstAt = new Map<IsoDate, number>();
    return this.r.list(value, at, (item, place, i) => {
      const day = this.day(item, place);
      if (day === undefined) return undefined;
      const first = firstAt.get(day);
      if (first === undefined) {
        firstAt.set(day, i);
        return day;
      }
      this.issues.add(
        place,
        'duplicate-absent',
        `${day} is already listed at absent[${first}]`,
        `${day} は absent[${first}] と重複しています`,
      );
      return undefined;
    });
  };

  private readonly pins = (value: unknown, at: JsonPlace): Record<IsoDate, PinnedMode> | undefined => {
    const o = this.r.object(value, at);
    return o && this.dayMap(o, at, (mode, place) => this.r.oneOf(mode, place, PIN_MODES, 'unknown-pin-mode'));
  };
}

/** `YYYY-MM-DD` naming a day that exists in the proleptic Gregorian calendar. */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * `{ [key]: value }`, or `{}` when the value is undefined: optional fields are
 * left out rather than set to undefined (and without `delete`, which would slow
 * every later read of the object).
 */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
