/**
 * Writing problem and roster files. Keys come in the order of the format
 * document; the top level is indented, but each list entry (a staff member, an
 * assignment) is one compact line, so that a roster of 250,000 assignments stays
 * small, diffs line by line and can be read with `grep`.
 */
import type {
  Assignment,
  Counter,
  Division,
  IsoDate,
  Period,
  Place,
  Policy,
  Problem,
  Roster,
  Shortfall,
  Staff,
  TurnShort,
} from './rotation';

const INDENT = '  ';

/** A top-level field and its JSON text; `undefined` text leaves an optional field out. */
type Field = readonly [string, string | undefined];

/**
 * The extension's fields (docs/format-periods.md) are written only when present:
 * `weeks` after `days` (one week a line), `places` and `periods` after `policy`.
 */
export function writeProblem(p: Problem): string {
  const byDays = <T>(map: Readonly<Record<IsoDate, T>>): Record<IsoDate, T> => inDayOrder(map, p.days);
  return writeDocument([
    ['format', JSON.stringify(p.format)],
    ['name', JSON.stringify(p.name)],
    ['days', JSON.stringify(p.days)],
    ['weeks', p.weeks && lines(p.weeks, (week) => week)],
    ['policy', nested(policyFields(p.policy, byDays))],
    ['places', p.places && lines(p.places, (place) => placeFields(place, byDays))],
    ['periods', p.periods && lines(p.periods, periodFields)],
    ['divisions', lines(p.divisions, divisionFields)],
    ['counters', lines(p.counters, (c) => counterFields(c, byDays))],
    ['staff', lines(p.staff, (s) => staffFields(s, byDays))],
  ]);
}

export function writeRoster(r: Roster): string {
  return writeDocument([
    ['format', JSON.stringify(r.format)],
    ['problem', JSON.stringify(r.problem)],
    ['status', JSON.stringify(r.status)],
    ['objective', JSON.stringify(r.objective)],
    ['assignments', lines(r.assignments, assignmentFields)],
    ['shortfalls', lines(r.shortfalls, shortfallFields)],
    ['turnsShort', r.turnsShort && lines(r.turnsShort, turnShortFields)],
    ['stats', r.stats && nested(r.stats)],
  ]);
}

type DayOrder = <T>(map: Readonly<Record<IsoDate, T>>) => Record<IsoDate, T>;

// Each builder lists the fields in the format's order; undefined optional
// fields vanish in JSON.stringify.

function policyFields(policy: Policy, byDays: DayOrder): object {
  const { licencesPerDay } = policy;
  return {
    maxTeleworkDays: policy.maxTeleworkDays,
    licencesPerDay: typeof licencesPerDay === 'object' ? byDays(licencesPerDay) : licencesPerDay,
    spreadBonus: policy.spreadBonus,
    shortfallPenalty: policy.shortfallPenalty,
  };
}

function placeFields(place: Place, byDays: DayOrder): object {
  const { desks } = place;
  return { id: place.id, name: place.name, desks: typeof desks === 'object' ? byDays(desks) : desks, licence: place.licence };
}

function periodFields(period: Period): object {
  return {
    id: period.id,
    name: period.name,
    from: period.from,
    to: period.to,
    divisions: period.divisions,
    minDays: period.minDays,
    maxDays: period.maxDays,
    turnDays: period.turnDays,
    turnWeight: period.turnWeight,
    done: period.done,
  };
}

function divisionFields(d: Division): object {
  return { id: d.id, name: d.name, terminals: d.terminals };
}

function counterFields(c: Counter, byDays: DayOrder): object {
  return { id: c.id, division: c.division, name: c.name, min: typeof c.min === 'object' ? byDays(c.min) : c.min };
}

function staffFields(s: Staff, byDays: DayOrder): object {
  return {
    id: s.id,
    division: s.division,
    name: s.name,
    canTelework: s.canTelework,
    maxTeleworkDays: s.maxTeleworkDays,
    counters: s.counters,
    requests: s.requests.map((q) => ({ day: q.day, weight: q.weight, place: q.place })),
    absent: s.absent,
    pinned: s.pinned && byDays(s.pinned),
    possible: s.possible?.map((d) => ({ day: d.day, place: d.place })),
  };
}

function assignmentFields(a: Assignment): object {
  return { staff: a.staff, day: a.day, mode: a.mode, counter: a.counter, place: a.place };
}

function turnShortFields(t: TurnShort): object {
  return { period: t.period, staff: t.staff, days: t.days, minDays: t.minDays };
}

function shortfallFields(s: Shortfall): object {
  return { counter: s.counter, day: s.day, missing: s.missing };
}

/** The days of `days` first, in that order, then any other keys as they come. */
function inDayOrder<T>(map: Readonly<Record<IsoDate, T>>, days: readonly IsoDate[]): Record<IsoDate, T> {
  const out: Record<IsoDate, T> = {};
  for (const day of days) if (Object.hasOwn(map, day)) out[day] = map[day];
  for (const key of Object.keys(map)) if (!Object.hasOwn(out, key)) out[key] = map[key];
  return out;
}

function writeDocument(fields: readonly Field[]): string {
  const body = fields
    .filter((field): field is readonly [string, string] => field[1] !== undefined)
    .map(([key, json]) => `${INDENT}${JSON.stringify(key)}: ${json}`)
    .join(',\n');
  return `{\n${body}\n}\n`;
}

/** An object one level below the top: one field per line, each value compact. */
function nested(value: object): string {
  const entries: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const json = JSON.stringify(field) as string | undefined; // undefined for absent optional fields
    if (json !== undefined) entries.push(`${INDENT}${INDENT}${JSON.stringify(key)}: ${json}`);
  }
  return entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n${INDENT}}`;
}

/** An array with one compact entry per line. */
function lines<T>(items: readonly T[], fields: (item: T) => object): string {
  if (items.length === 0) return '[]';
  const entryIndent = INDENT + INDENT;
  const entries = items.map((item) => entryIndent + JSON.stringify(fields(item)));
  return `[\n${entries.join(',\n')}\n${INDENT}]`;
}
