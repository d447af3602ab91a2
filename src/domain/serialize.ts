/**
 * Writing problem and roster files. Keys come in the order of the format
 * document; the top level is indented, but each list entry (a staff member, an
 * assignment) is one compact line, so that a roster of 250,000 assignments stays
 * small, diffs line by line and can be read with `grep`.
 */
import type { Assignment, Counter, Division, IsoDate, Policy, Problem, Roster, Shortfall, Staff } from './rotation';

const INDENT = '  ';

export function writeProblem(p: Problem): string {
  const byDays = <T>(map: Readonly<Record<IsoDate, T>>): Record<IsoDate, T> => inDayOrder(map, p.days);
  return writeDocument([
    ['format', JSON.stringify(p.format)],
    ['name', JSON.stringify(p.name)],
    ['days', JSON.stringify(p.days)],
    ['policy', nested(policyFields(p.policy, byDays))],
    ['divisions', lines(p.divisions, divisionFields)],
    ['counters', lines(p.counters, (c) => counterFields(c, byDays))],
    ['staff', lines(p.staff, (s) => staffFields(s, byDays))],
  ]);
}

export function writeRoster(r: Roster): string {
  const fields: [string, string][] = [
    ['format', JSON.stringify(r.format)],
    ['problem', JSON.stringify(r.problem)],
    ['status', JSON.stringify(r.status)],
    ['objective', JSON.stringify(r.objective)],
    ['assignments', lines(r.assignments, assignmentFields)],
    ['shortfalls', lines(r.shortfalls, shortfallFields)],
  ];
  if (r.stats !== undefined) fields.push(['stats', nested(r.stats)]);
  return writeDocument(fields);
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
    requests: s.requests.map((q) => ({ day: q.day, weight: q.weight })),
    absent: s.absent,
    pinned: s.pinned && byDays(s.pinned),
  };
}

function assignmentFields(a: Assignment): object {
  return { staff: a.staff, day: a.day, mode: a.mode, counter: a.counter };
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

function writeDocument(fields: readonly (readonly [string, string])[]): string {
  const body = fields.map(([key, json]) => `${INDENT}${JSON.stringify(key)}: ${json}`).join(',\n');
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
