/**
 * Validation of problem files (`rotation-problem/1`): structure, references and
 * pins. Works on parsed JSON values; `validate.ts` adds the JSON text and the
 * result types around it.
 */
import {
  type Counter,
  type Division,
  type IsoDate,
  type PinnedMode,
  type Policy,
  type Problem,
  type Staff,
  type TeleworkRequest,
  LIMITS,
  PROBLEM_FORMAT,
  licencesOn,
  maxDaysOf,
  terminalsOf,
} from './rotation';
import {
  type JsonObject,
  type ValidationIssue,
  IssueList,
  JsonPlace,
  JsonReader,
  isJsonObject,
  quote,
  warnUnknownFields,
} from './json-path';

/** A week has at most seven days. */
export const MAX_DAYS = 7;

const PIN_MODES: readonly PinnedMode[] = ['office', 'telework'];

/** Staff ids named in one pin-conflict message before "and N more". */
const NAMED_IN_CONFLICT = 10;

/** The fields of each object of a problem; any other field is allowed but draws a warning. */
export const PROBLEM_FIELDS = {
  problem: ['format', 'name', 'days', 'policy', 'divisions', 'counters', 'staff'],
  policy: ['maxTeleworkDays', 'licencesPerDay', 'spreadBonus', 'shortfallPenalty'],
  division: ['id', 'name', 'terminals'],
  counter: ['id', 'division', 'name', 'min'],
  staff: ['id', 'division', 'name', 'canTelework', 'maxTeleworkDays', 'counters', 'requests', 'absent', 'pinned'],
  request: ['day', 'weight'],
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
    // Pins are only weighed against a problem that is otherwise sound, so that
    // their messages can rely on every id, day and limit.
    if (problem && issues.isEmpty()) checkPins(problem, issues);
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

  /** Request weights and the shortfall penalty: 0 … LIMITS.weight. */
  private readonly weight = (value: unknown, at: JsonPlace): number | undefined => this.r.integerIn(value, at, 0, LIMITS.weight);

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
    const days = this.r.field(o, at, 'days', this.dayList);
    this.divisionIds = this.uniqueIds(o, at, 'divisions');
    this.counterIds = this.uniqueIds(o, at, 'counters');
    this.uniqueIds(o, at, 'staff');
    const policy = this.r.field(o, at, 'policy', this.policy);
    const divisions = this.r.field(o, at, 'divisions', (v, p) => this.r.boundedList(v, p, LIMITS.divisions, this.division));
    const counters = this.r.field(o, at, 'counters', (v, p) => this.r.boundedList(v, p, LIMITS.counters, this.counter));
    const staff = this.r.field(o, at, 'staff', (v, p) => this.r.boundedList(v, p, LIMITS.staff, this.staffMember));
    if (!format || name === undefined || !days || !policy || !divisions || !counters || !staff) return undefined;
    return { format, name, days, policy, divisions, counters, staff };
  }

  private readonly format = (value: unknown, at: JsonPlace): typeof PROBLEM_FORMAT | undefined =>
    this.r.oneOf(value, at, [PROBLEM_FORMAT], 'unknown-format');

  private readonly dayList = (value: unknown, at: JsonPlace): IsoDate[] | undefined => {
    const items = this.r.array(value, at);
    if (!items) return undefined;
    const seen = new Set<IsoDate>();
    const out: IsoDate[] = [];
    let latest: IsoDate | undefined;
    for (let i = 0; i < items.length; i++) {
      const place = at.index(i);
      if (i === MAX_DAYS) {
        this.issues.add(
          place,
          'too-many-days',
          `days has ${items.length} entries but a week has at most ${MAX_DAYS} days`,
          `days に ${items.length} 日ありますが、1 週間は最大 ${MAX_DAYS} 日です`,
        );
      }
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
  };

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
    const out: Record<IsoDate, T> = {};
    let complete = true;
    Object.keys(o).forEach((key, order) => {
      const place = at.entry(key, order);
      const day = this.knownDay(key, place);
      const entry = read(o[key], place);
      if (day === undefined || entry === undefined) complete = false;
      else out[day] = entry;
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
    };
  };

  /** `staff[].counters`: counter ids that resolve, each once. */
  private readonly qualifications = (value: unknown, at: JsonPlace): string[] | undefined => {
    const firstAt = new Map<string, number>();
    return this.r.list(value, at, (item, place, i) => {
      const id = this.r.string(item, place);
      if (id === undefined) return undefined;
      const first = firstAt.get(id);
      if (first !== undefined) {
        this.issues.add(
          place,
          'duplicate-counter',
          `${quote(id)} is already listed at counters[${first}]`,
          `${quote(id)} は counters[${first}] と重複しています`,
        );
        return undefined;
      }
      firstAt.set(id, i);
      if (this.counterIds === undefined || this.counterIds.has(id)) return id;
      this.issues.add(
        place,
        'unknown-counter',
        `${quote(id)} is not the id of any counter`,
        `${quote(id)} はどの窓口（counters）の id でもありません`,
      );
      return undefined;
    });
  };

  private readonly requests = (value: unknown, at: JsonPlace): TeleworkRequest[] | undefined => {
    const firstAt = new Map<IsoDate, number>();
    return this.r.list(value, at, (item, place, i) => {
      const o = this.object(item, place, PROBLEM_FIELDS.request);
      if (!o) return undefined;
      const day = this.r.field(o, place, 'day', this.day);
      const weight = this.r.field(o, place, 'weight', this.weight);
      if (day === undefined) return undefined;
      const first = firstAt.get(day);
      if (first !== undefined) {
        this.issues.add(
          place.field(o, 'day'),
          'duplicate-request',
          `${day} is already requested at requests[${first}]; at most one request per day`,
          `${day} は requests[${first}] で既に希望されています。希望は 1 日につき 1 件までです`,
        );
        return undefined;
      }
      firstAt.set(day, i);
      return weight === undefined ? undefined : { day, weight };
    });
  };

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

// ---------------------------------------------------------------------------
// Pins

interface TeleworkPin {
  readonly staff: Staff;
  readonly day: IsoDate;
  readonly place: JsonPlace;
}

/**
 * Pins that cannot all hold. A pin that fails on its own (an absent day, someone
 * who cannot telework) is reported once and left out of the counts, so that the
 * limits below only weigh pins that could otherwise hold.
 */
function checkPins(problem: Problem, issues: IssueList): void {
  const staffPlace = JsonPlace.root.field(problem, 'staff');
  const teleworkByDay = new Map<IsoDate, TeleworkPin[]>();
  problem.staff.forEach((s, i) => {
    if (!s.pinned) return;
    const pinnedPlace = staffPlace.index(i).field(s, 'pinned');
    const absent = new Set(s.absent);
    const telework: TeleworkPin[] = [];
    Object.entries(s.pinned).forEach(([day, mode], order) => {
      const place = pinnedPlace.entry(day, order);
      if (absent.has(day)) {
        issues.add(
          place,
          'pin-conflict-absent',
          `pins in conflict: ${s.id} is pinned to ${mode} on ${day} but is absent that day`,
          `固定が矛盾しています: ${s.id} は ${day} に${MODE_JA[mode]}で固定されていますが、その日は休暇です`,
        );
      } else if (mode === 'telework' && !s.canTelework) {
        issues.add(
          place,
          'pin-conflict-can-telework',
          `pins in conflict: ${s.id} is pinned to telework on ${day} but cannot telework (canTelework is false)`,
          `固定が矛盾しています: ${s.id} は ${day} にテレワークで固定されていますが、テレワーク対象外です（canTelework が false）`,
        );
      } else if (mode === 'telework') {
        telework.push({ staff: s, day, place });
      }
    });
    const max = maxDaysOf(problem, s);
    if (telework.length > max) {
      const days = telework.map((p) => p.day).join(', ');
      const limit = s.maxTeleworkDays === undefined ? 'policy.maxTeleworkDays' : 'their maxTeleworkDays';
      const limitJa = s.maxTeleworkDays === undefined ? 'policy.maxTeleworkDays' : '本人の maxTeleworkDays';
      issues.add(
        telework[max].place,
        'pin-conflict-max-telework-days',
        `pins in conflict: ${s.id} is pinned to telework on ${telework.length} days (${days}) but ${limit} is ${max}`,
        `固定が矛盾しています: ${s.id} は ${telework.length} 日（${days}）テレワークで固定されていますが、${limitJa} は ${max} です`,
      );
    }
    for (const pin of telework) {
      const list = teleworkByDay.get(pin.day) ?? [];
      list.push(pin);
      teleworkByDay.set(pin.day, list);
    }
  });

  const divisions = new Map(problem.divisions.map((d) => [d.id, d]));
  for (const day of problem.days) {
    const pins = teleworkByDay.get(day) ?? [];
    const licences = licencesOn(problem.policy, day);
    if (pins.length > licences) {
      const limit = typeof problem.policy.licencesPerDay === 'number' ? 'licencesPerDay' : `licencesPerDay[${JSON.stringify(day)}]`;
      const ids = staffIds(pins);
      issues.add(
        pins[licences].place,
        'pin-conflict-licences',
        `pins in conflict: ${pins.length} staff pinned to telework on ${day} (${ids.en}) but ${limit} is ${licences}`,
        `固定が矛盾しています: ${day} に ${pins.length} 人がテレワークで固定されています（${ids.ja}）が、${limit} は ${licences} です`,
      );
    }
    const byDivision = new Map<string, TeleworkPin[]>();
    for (const pin of pins) {
      const list = byDivision.get(pin.staff.division) ?? [];
      list.push(pin);
      byDivision.set(pin.staff.division, list);
    }
    for (const [divisionId, group] of byDivision) {
      const division = divisions.get(divisionId);
      const terminals = division ? terminalsOf(division) : Infinity;
      if (group.length <= terminals) continue;
      const ids = staffIds(group);
      issues.add(
        group[terminals].place,
        'pin-conflict-terminals',
        `pins in conflict: ${group.length} staff of division ${divisionId} pinned to telework on ${day} (${ids.en}) but its terminals is ${terminals}`,
        `固定が矛盾しています: ${day} に課 ${divisionId} の職員 ${group.length} 人がテレワークで固定されています（${ids.ja}）が、共用端末（terminals）は ${terminals} 台です`,
      );
    }
  }
}

const MODE_JA: Readonly<Record<PinnedMode, string>> = { office: '出勤', telework: 'テレワーク' };

function staffIds(pins: readonly TeleworkPin[]): { en: string; ja: string } {
  const named = pins.slice(0, NAMED_IN_CONFLICT).map((p) => p.staff.id);
  const more = pins.length - named.length;
  return {
    en: named.join(', ') + (more > 0 ? `, and ${more} more` : ''),
    ja: named.join('、') + (more > 0 ? ` ほか ${more} 人` : ''),
  };
}
