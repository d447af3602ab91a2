/**
 * Paths into JSON documents, and the issues a reader finds at them.
 *
 * The readers of the interchange format (`validate-problem.ts`,
 * `validate-roster.ts`) walk a parsed JSON value with a `JsonPlace` in hand and
 * record what is wrong in an `IssueList`. Places are cheap and lazy: the printed
 * path (`staff[12].requests[1].day`) and the position in document order are only
 * worked out for the places where something was wrong.
 */

/**
 * Every kind of issue a reader reports, with a stable code. Pin conflicts end in
 * the id of the roster rule (`rules.ts`) that the pins would break.
 */
export const ISSUE_CODES = {
  'json-syntax': 'the text is not JSON',
  unreadable: 'the value could not be inspected (not plain JSON)',
  'more-issues': 'more issues were found than are listed',
  required: 'a required field is missing',
  'wrong-type': 'a value has the wrong JSON type',
  'not-integer': 'a number that must be an integer has a fraction',
  'unsafe-integer': 'an integer beyond ±(2^53 − 1)',
  negative: 'a value that must be ≥ 0 is negative',
  'not-positive': 'a value that must be ≥ 1 is not',
  'empty-id': 'an id is the empty string',
  'unknown-format': "`format` is not this reader's format",
  'invalid-date': 'a day is not a real calendar date YYYY-MM-DD',
  'too-many-days': '`days` lists more than seven days (more than 42 with `weeks`)',
  'duplicate-day': '`days` lists a day twice',
  'days-not-ascending': '`days` is not in ascending order',
  'unknown-day': 'a day that is not one of `days`',
  'spread-increasing': '`policy.spreadBonus` increases',
  'duplicate-id': 'an id used twice in one list',
  'unknown-division': 'a division reference that does not resolve',
  'unknown-counter': 'a counter reference that does not resolve',
  'duplicate-counter': "a counter listed twice in one staff member's `counters`",
  'duplicate-request': 'two requests for one day',
  'duplicate-absent': 'a day listed twice in `absent`',
  'unknown-pin-mode': 'a pin that is neither "office" nor "telework"',
  'unknown-status': 'a roster status that is neither "optimal" nor "feasible"',
  'unknown-mode': 'an assignment mode that is not "office", "telework" or "absent"',
  'unknown-field': 'a field this format does not have (a typo?)',
  'out-of-range':
    'a number outside the range the field allows, an id longer than allowed, or a list with more entries than allowed (or none where one is needed)',
  'invalid-week': 'a week that is not a real ISO week YYYY-Www',
  'invalid-season-day': 'a season bound that is neither MM-DD nor YYYY-MM-DD',
  'rule-target': 'a counter rule that names neither or both of counter and division',
  'rule-change': 'a counter rule that sets none or several of set, add and factor',
  'pin-conflict-absent': "a pin on one of the person's absent days",
  'pin-conflict-can-telework': 'a telework pin for someone who cannot telework',
  'pin-conflict-max-telework-days': "more telework pins than the person's weekly maximum",
  'pin-conflict-licences': 'more telework pins on a day than licences',
  'pin-conflict-terminals': 'more telework pins of a division on a day than its terminals',
  // The extension for weeks, periods and places (docs/format-periods.md).
  'weeks-mismatch': '`weeks`, one after another, are not exactly `days`',
  'reserved-id': 'a place called `home`, the name that means at home',
  'unknown-place': 'a place that is neither `home` nor the id of a place',
  'unknown-staff': "a staff reference (a key of a period's `done`) that does not resolve",
  'duplicate-division': "a division listed twice in one period's `divisions`",
  'duplicate-possible': "two of a person's `possible` entries on one day",
  'possible-requested': 'a possible day that is also requested',
  'unknown-turn-days': 'a `turnDays` that is not "requested", "possible" or "any"',
  'from-after-to': 'a period whose `to` is before its `from`',
  'period-cuts-week': 'a period with a goal whose days in the problem cut a week',
  'period-overlap': 'two periods with goals for one person whose days overlap without nesting',
  'pin-conflict-desks': 'more telework pins at a place on a day than its desks',
  'pin-conflict-period': 'more telework pins of a person in a period than its cap allows',
} as const;

export type IssueCode = keyof typeof ISSUE_CODES;

/** One thing wrong with a document, located by its JSON path. */
export interface ValidationIssue {
  /** `staff[12].requests[1].day`, `policy.licencesPerDay["2026-11-23"]`, or `$` for the whole document. */
  readonly path: string;
  /** Stable, machine-readable kind of issue (`unknown-day`, `pin-conflict-licences`, …). */
  readonly code: IssueCode;
  /** English, starting with the path: `staff[12].requests[1].day: 2026-11-29 is not one of days`. */
  readonly message: string;
  /** Japanese, starting with the path: `staff[12].requests[1].day: 2026-11-29 は days に含まれていません`. */
  readonly messageJa: string;
}

/** Most issues reported for one document; the last one then says how many more were found. */
export const MAX_ISSUES = 50;

export const ROOT_PATH = '$';

/** A parsed JSON object (own, enumerable string keys). */
export type JsonObject = Readonly<Record<string, unknown>>;

type StepKind = 'root' | 'field' | 'index' | 'entry';

/** Where a value sits in a document. One small object per step, so that reading a large file stays cheap. */
export class JsonPlace {
  static readonly root = new JsonPlace(undefined, 'root', '', undefined, 0);

  /**
   * @param key    the field name, the data key of an entry, or '' for indexes
   * @param holder for a field, the object it belongs to (its key order gives the field's position)
   * @param order  for an index or an entry, its position
   */
  private constructor(
    private readonly parent: JsonPlace | undefined,
    private readonly kind: StepKind,
    private readonly key: string,
    private readonly holder: object | undefined,
    private readonly order: number,
  ) {}

  /** A named field of the object `holder` (present or missing) at this place. */
  field(holder: object, name: string): JsonPlace {
    return new JsonPlace(this, 'field', name, holder, 0);
  }

  /** Element `index` of the array at this place. */
  index(index: number): JsonPlace {
    return new JsonPlace(this, 'index', '', undefined, index);
  }

  /** The entry under a data key (a day, say) of the map at this place, the `order`-th key of that map. */
  entry(key: string, order: number): JsonPlace {
    return new JsonPlace(this, 'entry', key, undefined, order);
  }

  get path(): string {
    const segments = this.lineage().map((p) => p.segment());
    return segments.length === 0 ? ROOT_PATH : segments.reverse().join('');
  }

  /**
   * Position in document order: one number per step. A field's number is its key's
   * index in its object; a missing field sorts after the fields that are there.
   */
  position(): number[] {
    return this.lineage()
      .map((p) => p.ownPosition())
      .reverse();
  }

  /** This place and the places it is in, innermost first, the root left out. */
  private lineage(): JsonPlace[] {
    return this.parent ? [this, ...this.parent.lineage()] : [];
  }

  private segment(): string {
    switch (this.kind) {
      case 'root':
        return '';
      case 'field':
        return this.parent?.parent ? `.${this.key}` : this.key;
      case 'index':
        return `[${this.order}]`;
      case 'entry':
        return `[${JSON.stringify(this.key)}]`;
    }
  }

  private ownPosition(): number {
    if (this.kind !== 'field' || this.holder === undefined) return this.order;
    const keys = Object.keys(this.holder);
    const at = keys.indexOf(this.key);
    return at >= 0 ? at : keys.length;
  }
}

export function comparePositions(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

interface Found {
  readonly place: JsonPlace;
  readonly code: IssueCode;
  readonly en: string;
  readonly ja: string;
}

/** Issues found while reading one document, reported in document order. */
export class IssueList {
  private readonly found: Found[] = [];

  /** Records an issue; `en` and `ja` are the reason, without the path. */
  add(place: JsonPlace, code: IssueCode, en: string, ja: string): void {
    this.found.push({ place, code, en, ja });
  }

  get count(): number {
    return this.found.length;
  }

  isEmpty(): boolean {
    return this.found.length === 0;
  }

  /**
   * The issues sorted into document order (a stable sort: issues at one place keep
   * the order they were found in), at most `cap` of them.
   */
  toIssues(cap: number = MAX_ISSUES): ValidationIssue[] {
    const sorted = this.found
      .map((found) => ({ found, position: found.place.position() }))
      .sort((a, b) => comparePositions(a.position, b.position))
      .map(({ found }) => found);
    if (sorted.length <= cap) return sorted.map(render);
    const shown = sorted.slice(0, cap - 1).map(render);
    const omitted = sorted.length - shown.length;
    shown.push({
      path: ROOT_PATH,
      code: 'more-issues',
      message: `${ROOT_PATH}: ${omitted} more issues were found and omitted`,
      messageJa: `${ROOT_PATH}: ほかに ${omitted} 件の問題があります（省略しました）`,
    });
    return shown;
  }
}

function render(found: Found): ValidationIssue {
  const path = found.place.path;
  return { path, code: found.code, message: `${path}: ${found.en}`, messageJa: `${path}: ${found.ja}` };
}

/** What a reader expected, in both languages: `a string` / `文字列`. */
export interface Expected {
  readonly en: string;
  readonly ja: string;
}

export const EXPECTED = {
  object: { en: 'an object', ja: 'オブジェクト' },
  array: { en: 'an array', ja: '配列' },
  string: { en: 'a string', ja: '文字列' },
  boolean: { en: 'a boolean (true or false)', ja: '真偽値（true または false）' },
  integer: { en: 'an integer', ja: '整数' },
} as const satisfies Record<string, Expected>;

const SHOWN_STRING_LENGTH = 40;

/** A short rendering of a string as found in the document (JSON-quoted, shortened). */
export function quote(text: string): string {
  return text.length > SHOWN_STRING_LENGTH ? `${JSON.stringify(text.slice(0, SHOWN_STRING_LENGTH)).slice(0, -1)}…"` : JSON.stringify(text);
}

/** A short description of any value, for "expected X, found Y". */
export function describe(value: unknown): Expected {
  if (value === null) return { en: 'null', ja: 'null' };
  if (Array.isArray(value)) return { en: 'an array', ja: '配列' };
  switch (typeof value) {
    case 'string':
      return { en: `the string ${quote(value)}`, ja: `文字列 ${quote(value)}` };
    case 'number':
      return { en: `the number ${String(value)}`, ja: `数値 ${String(value)}` };
    case 'boolean':
      return { en: `the boolean ${String(value)}`, ja: `真偽値 ${String(value)}` };
    case 'object':
      return { en: 'an object', ja: 'オブジェクト' };
    case 'undefined':
      return { en: 'nothing', ja: '値なし' };
    default:
      return { en: `a value of type ${typeof value}`, ja: `${typeof value} 型の値` };
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Read<T> = (value: unknown, at: JsonPlace) => T | undefined;

/**
 * Typed reads of JSON values. Each read returns the value, or `undefined` after
 * recording why it could not. The readers are arrow properties so they can be
 * passed around as `Read` functions.
 */
export class JsonReader {
  constructor(readonly issues: IssueList) {}

  /** Field `name` of `holder`, read with `read`; a missing field is an issue. */
  field<T>(holder: JsonObject, at: JsonPlace, name: string, read: Read<T>): T | undefined {
    const place = at.field(holder, name);
    if (!Object.hasOwn(holder, name)) {
      this.issues.add(place, 'required', 'is required but missing', '必須の項目がありません');
      return undefined;
    }
    return read(holder[name], place);
  }

  /** Field `name` of `holder`, read with `read`; a missing field is fine and reads as `undefined`. */
  optionalField<T>(holder: JsonObject, at: JsonPlace, name: string, read: Read<T>): T | undefined {
    return Object.hasOwn(holder, name) ? read(holder[name], at.field(holder, name)) : undefined;
  }

  /**
   * Every element of an array read with `read`; `undefined` when it is not an
   * array or any element could not be read.
   */
  list<T>(value: unknown, at: JsonPlace, read: (value: unknown, at: JsonPlace, index: number) => T | undefined): T[] | undefined {
    const items = this.array(value, at);
    if (!items) return undefined;
    const out: T[] = [];
    let complete = true;
    for (let i = 0; i < items.length; i++) {
      const item = read(items[i], at.index(i), i);
      if (item === undefined) complete = false;
      else out.push(item);
    }
    return complete ? out : undefined;
  }

  wrongType(value: unknown, at: JsonPlace, expected: Expected): undefined {
    const found = describe(value);
    this.issues.add(
      at,
      'wrong-type',
      `expected ${expected.en}, found ${found.en}`,
      `${expected.ja}である必要があります（実際の値: ${found.ja}）`,
    );
    return undefined;
  }

  readonly object = (value: unknown, at: JsonPlace): JsonObject | undefined =>
    isJsonObject(value) ? value : this.wrongType(value, at, EXPECTED.object);

  readonly array = (value: unknown, at: JsonPlace): readonly unknown[] | undefined =>
    Array.isArray(value) ? value : this.wrongType(value, at, EXPECTED.array);

  readonly string = (value: unknown, at: JsonPlace): string | undefined =>
    typeof value === 'string' ? value : this.wrongType(value, at, EXPECTED.string);

  readonly boolean = (value: unknown, at: JsonPlace): boolean | undefined =>
    typeof value === 'boolean' ? value : this.wrongType(value, at, EXPECTED.boolean);

  /** A non-empty string. */
  readonly id = (value: unknown, at: JsonPlace): string | undefined => {
    const id = this.string(value, at);
    if (id !== '') return id;
    this.issues.add(at, 'empty-id', 'id must not be empty', 'id を空にすることはできません');
    return undefined;
  };

  /** Any safe integer. */
  readonly integer = (value: unknown, at: JsonPlace): number | undefined => this.integerAtLeast(value, at, -Infinity);

  /** A safe integer ≥ 0. */
  readonly count = (value: unknown, at: JsonPlace): number | undefined => this.integerAtLeast(value, at, 0);

  /** A safe integer ≥ 1. */
  readonly positive = (value: unknown, at: JsonPlace): number | undefined => this.integerAtLeast(value, at, 1);

  integerAtLeast(value: unknown, at: JsonPlace, min: number): number | undefined {
    const expected = expectedInteger(min);
    if (typeof value !== 'number') return this.wrongType(value, at, expected);
    const shown = String(value);
    if (Number.isNaN(value) || (Number.isFinite(value) && !Number.isInteger(value))) {
      this.issues.add(
        at,
        'not-integer',
        `${shown} is not an integer (expected ${expected.en})`,
        `${shown} は整数ではありません（${expected.ja}である必要があります）`,
      );
      return undefined;
    }
    if (!Number.isSafeInteger(value)) {
      this.issues.add(
        at,
        'unsafe-integer',
        `${shown} is beyond the safe integer range (±${Number.MAX_SAFE_INTEGER})`,
        `${shown} は安全な整数の範囲（±${Number.MAX_SAFE_INTEGER}）を超えています`,
      );
      return undefined;
    }
    if (value < min) {
      this.issues.add(
        at,
        min === 0 ? 'negative' : 'not-positive',
        `${shown} is less than ${min} (expected ${expected.en})`,
        `${shown} は ${min} より小さい値です（${expected.ja}である必要があります）`,
      );
      return undefined;
    }
    return value === 0 ? 0 : value; // JSON `-0` reads as 0
  }

  /**
   * A safe integer from `min` to `max`. Below a `min` of 0 or 1 is reported as
   * `negative` / `not-positive` (like `count` and `positive`), everything else
   * outside the range as `out-of-range`.
   */
  integerIn(value: unknown, at: JsonPlace, min: number, max: number): number | undefined {
    const n = this.integerAtLeast(value, at, min === 0 || min === 1 ? min : -Infinity);
    if (n === undefined || (n >= min && n <= max)) return n;
    this.issues.add(
      at,
      'out-of-range',
      `${n} is outside the range ${min} to ${max} this format allows`,
      `${n} は範囲外です（${min} 以上 ${max} 以下の整数である必要があります）`,
    );
    return undefined;
  }

  /** A string of at most `max` characters (ids); checked by length alone, so a huge string costs nothing more. */
  boundedString(value: unknown, at: JsonPlace, max: number): string | undefined {
    const text = this.string(value, at);
    if (text === undefined || text.length <= max) return text;
    this.issues.add(
      at,
      'out-of-range',
      `${quote(text)} has ${text.length} characters; at most ${max} are allowed`,
      `${quote(text)} は ${text.length} 文字です。${max} 文字までにしてください`,
    );
    return undefined;
  }

  /** Every element of an array of at most `max` entries, read with `read` (see `list`); a longer array is not read. */
  boundedList<T>(
    value: unknown,
    at: JsonPlace,
    max: number,
    read: (value: unknown, at: JsonPlace, index: number) => T | undefined,
  ): T[] | undefined {
    if (Array.isArray(value) && value.length > max) {
      this.issues.add(
        at,
        'out-of-range',
        `has ${value.length} entries; at most ${max} are allowed`,
        `${value.length} 件あります。${max} 件までにしてください`,
      );
      return undefined;
    }
    return this.list(value, at, read);
  }

  /** One of a few fixed strings; anything else is recorded under `code`. */
  oneOf<T extends string>(value: unknown, at: JsonPlace, allowed: readonly T[], code: IssueCode): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const options = allowed.map((a) => JSON.stringify(a));
    const found = describe(value);
    this.issues.add(
      at,
      code,
      `expected ${orList(options)}, found ${found.en}`,
      `${options.join('、')} のいずれかである必要があります（実際の値: ${found.ja}）`,
    );
    return undefined;
  }
}

function expectedInteger(min: number): Expected {
  if (min === -Infinity) return EXPECTED.integer;
  return { en: `an integer ≥ ${min}`, ja: `${min} 以上の整数` };
}

function orList(options: readonly string[]): string {
  return options.length <= 1 ? options.join('') : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
}

/** Fields longer than this are not compared for a suggestion (they are no typo of a field name). */
const SUGGESTED_KEY_LENGTH = 64;

/**
 * Records a warning for each field of `o` that is not in `known`, naming the
 * nearest known name when it is a likely typo (`policy.licensesPerDay: unknown
 * field; did you mean licencesPerDay?`). The format allows unknown fields, so
 * these are warnings, not issues.
 */
export function warnUnknownFields(warnings: IssueList, o: JsonObject, at: JsonPlace, known: readonly string[]): void {
  const keys = Object.keys(o);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (known.includes(key)) continue;
    const near = nearestName(key, known);
    warnings.add(
      at.field(o, key),
      'unknown-field',
      near === undefined ? 'unknown field (ignored)' : `unknown field; did you mean ${near}?`,
      near === undefined ? '不明な項目です（無視します）' : `不明な項目です。${near} の誤りではありませんか？`,
    );
  }
}

/** The known name nearest to `key` by edit distance, when it is close enough to be a typo (ignoring case). */
export function nearestName(key: string, known: readonly string[]): string | undefined {
  if (key.length > SUGGESTED_KEY_LENGTH) return undefined;
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const limit = Math.max(1, Math.floor(name.length / 3));
    const d = editDistance(lower, name.toLowerCase(), limit);
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance of two short strings; anything above `limit` comes back as `limit + 1`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}
