/**
 * Structural validation of roster files (`rotation-roster/1`), with the
 * extension's `assignments[].place` and `turnsShort` (docs/format-periods.md).
 * Whether a roster keeps the rules of its problem (one entry per staff-day,
 * qualified counters, places, limits, goals, objective) is the independent
 * checker's job, not this reader's.
 */
import {
  type Assignment,
  type Mode,
  type Roster,
  type RosterStatus,
  type Shortfall,
  type SolveStats,
  type TurnShort,
  ROSTER_FORMAT,
} from './rotation';
import { type JsonObject, type ValidationIssue, IssueList, JsonPlace, JsonReader, isJsonObject, warnUnknownFields } from './json-path';

const STATUSES: readonly RosterStatus[] = ['optimal', 'feasible'];
const MODES: readonly Mode[] = ['office', 'telework', 'absent'];

/** The fields of each object of a roster (`stats` is this project's extension); any other draws a warning. */
export const ROSTER_FIELDS = {
  roster: ['format', 'problem', 'status', 'objective', 'assignments', 'shortfalls', 'stats', 'turnsShort'],
  assignment: ['staff', 'day', 'mode', 'counter', 'place'],
  shortfall: ['counter', 'day', 'missing'],
  turnShort: ['period', 'staff', 'days', 'minDays'],
} as const satisfies Record<string, readonly string[]>;

export interface RosterCheck {
  /** Present exactly when there are no issues. */
  readonly roster?: Roster;
  readonly issues: ValidationIssue[];
  /** Fields the format does not know (allowed, but likely typos), with the nearest known name. */
  readonly warnings: ValidationIssue[];
}

/** The structural issues of a parsed JSON value read as a roster, in document order. */
export function validateRoster(value: unknown): ValidationIssue[] {
  return checkRoster(value).issues;
}

export function checkRoster(value: unknown): RosterCheck {
  const issues = new IssueList();
  const warnings = new IssueList();
  let roster: Roster | undefined;
  try {
    roster = readRoster(new JsonReader(issues), warnings, value, JsonPlace.root);
  } catch (error) {
    // Only values that are not plain JSON (proxies, throwing getters) get here.
    const reason = error instanceof Error ? error.message : 'unknown error';
    issues.add(JsonPlace.root, 'unreadable', `could not be read: ${reason}`, `読み取れませんでした: ${reason}`);
  }
  const warned = warnings.toIssues();
  return roster && issues.isEmpty() ? { roster, issues: [], warnings: warned } : { issues: issues.toIssues(), warnings: warned };
}

/** An object, with a warning for each field not in `known`. */
function objectOf(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace, known: readonly string[]): JsonObject | undefined {
  const o = r.object(value, at);
  if (o) warnUnknownFields(warnings, o, at, known);
  return o;
}

function readRoster(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): Roster | undefined {
  const o = objectOf(r, warnings, value, at, ROSTER_FIELDS.roster);
  if (!o) return undefined;
  const format = r.field(o, at, 'format', (v, p) => r.oneOf<typeof ROSTER_FORMAT>(v, p, [ROSTER_FORMAT], 'unknown-format'));
  const problem = r.field(o, at, 'problem', r.string);
  const status = r.field(o, at, 'status', (v, p) => r.oneOf(v, p, STATUSES, 'unknown-status'));
  const objective = r.field(o, at, 'objective', r.integer);
  const assignments = r.field(o, at, 'assignments', (v, p) => r.list(v, p, (item, place) => assignment(r, warnings, item, place)));
  const shortfalls = r.field(o, at, 'shortfalls', (v, p) => r.list(v, p, (item, place) => shortfall(r, warnings, item, place)));
  const turnsShort = r.optionalField(o, at, 'turnsShort', (v, p) => r.list(v, p, (item, place) => turnShort(r, warnings, item, place)));
  // `stats` is this project's extension: kept when it is an object, otherwise ignored like any unknown field.
  const stats = Object.hasOwn(o, 'stats') && isJsonObject(o.stats) ? (o.stats as SolveStats) : undefined;
  if (!format || problem === undefined || !status || objective === undefined || !assignments || !shortfalls) {
    return undefined;
  }
  const roster: Roster = { format, problem, status, objective, assignments, shortfalls, ...(turnsShort ? { turnsShort } : {}) };
  return stats ? { ...roster, stats } : roster;
}

function assignment(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): Assignment | undefined {
  const o = objectOf(r, warnings, value, at, ROSTER_FIELDS.assignment);
  if (!o) return undefined;
  const staff = r.field(o, at, 'staff', r.string);
  const day = r.field(o, at, 'day', r.string);
  const mode = r.field(o, at, 'mode', (v, p) => r.oneOf(v, p, MODES, 'unknown-mode'));
  const counter = r.optionalField(o, at, 'counter', r.string);
  const place = r.optionalField(o, at, 'place', r.string);
  if (staff === undefined || day === undefined || !mode) return undefined;
  // Plain literals: a roster may have hundreds of thousands of entries.
  if (place === undefined) return counter === undefined ? { staff, day, mode } : { staff, day, mode, counter };
  return counter === undefined ? { staff, day, mode, place } : { staff, day, mode, counter, place };
}

function shortfall(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): Shortfall | undefined {
  const o = objectOf(r, warnings, value, at, ROSTER_FIELDS.shortfall);
  if (!o) return undefined;
  const counter = r.field(o, at, 'counter', r.string);
  const day = r.field(o, at, 'day', r.string);
  const missing = r.field(o, at, 'missing', r.positive);
  if (counter === undefined || day === undefined || missing === undefined) return undefined;
  return { counter, day, missing };
}

/** Extension: one person below a period's goal. */
function turnShort(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): TurnShort | undefined {
  const o = objectOf(r, warnings, value, at, ROSTER_FIELDS.turnShort);
  if (!o) return undefined;
  const period = r.field(o, at, 'period', r.string);
  const staff = r.field(o, at, 'staff', r.string);
  const days = r.field(o, at, 'days', r.count);
  const minDays = r.field(o, at, 'minDays', r.count);
  if (period === undefined || staff === undefined || days === undefined || minDays === undefined) return undefined;
  return { period, staff, days, minDays };
}
