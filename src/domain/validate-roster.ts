/**
 * Structural validation of roster files (`rotation-roster/1`). Whether a roster
 * keeps the rules of its problem (one entry per staff-day, qualified counters,
 * limits, objective) is the independent checker's job, not this reader's.
 */
import { type Assignment, type Mode, type Roster, type RosterStatus, type Shortfall, type SolveStats, ROSTER_FORMAT } from './rotation';
import { type ValidationIssue, IssueList, JsonPlace, JsonReader, isJsonObject, warnUnknownFields } from './json-path';

const STATUSES: readonly RosterStatus[] = ['optimal', 'feasible'];
const MODES: readonly Mode[] = ['office', 'telework', 'absent'];

/** The fields of each object of a roster (`stats` is this project's extension); any other draws a warning. */
export const ROSTER_FIELDS = {
  roster: ['format', 'problem', 'status', 'objective', 'assignments', 'shortfalls', 'stats'],
  assignment: ['staff', 'day', 'mode', 'counter'],
  shortfall: ['counter', 'day', 'missing'],
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

function readRoster(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): Roster | undefined {
  const o = r.object(value, at);
  if (!o) return undefined;
  warnUnknownFields(warnings, o, at, ROSTER_FIELDS.roster);
  const format = r.field(o, at, 'format', (v, p) => r.oneOf<typeof ROSTER_FORMAT>(v, p, [ROSTER_FORMAT], 'unknown-format'));
  const problem = r.field(o, at, 'problem', r.string);
  const status = r.field(o, at, 'status', (v, p) => r.oneOf(v, p, STATUSES, 'unknown-status'));
  const objective = r.field(o, at, 'objective', r.integer);
  const assignments = r.field(o, at, 'assignments', (v, p) => r.list(v, p, (item, place) => assignment(r, warnings, item, place)));
  const shortfalls = r.field(o, at, 'shortfalls', (v, p) => r.list(v, p, (item, place) => shortfall(r, warnings, item, place)));
  // `stats` is this project's extension: kept when it is an object, otherwise ignored like any unknown field.
  const stats = Object.hasOwn(o, 'stats') && isJsonObject(o.stats) ? (o.stats as SolveStats) : undefined;
  if (!format || problem === undefined || !status || objective === undefined || !assignments || !shortfalls) {
    return undefined;
  }
  const roster: Roster = { format, problem, status, objective, assignments, shortfalls };
  return stats ? { ...roster, stats } : roster;
}

function assignment(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): Assignment | undefined {
  const o = r.object(value, at);
  if (!o) return undefined;
  warnUnknownFields(warnings, o, at, ROSTER_FIELDS.assignment);
  const staff = r.field(o, at, 'staff', r.string);
  const day = r.field(o, at, 'day', r.string);
  const mode = r.field(o, at, 'mode', (v, p) => r.oneOf(v, p, MODES, 'unknown-mode'));
  const counter = r.optionalField(o, at, 'counter', r.string);
  if (staff === undefined || day === undefined || !mode) return undefined;
  return counter === undefined ? { staff, day, mode } : { staff, day, mode, counter };
}

function shortfall(r: JsonReader, warnings: IssueList, value: unknown, at: JsonPlace): Shortfall | undefined {
  const o = r.object(value, at);
  if (!o) return undefined;
  warnUnknownFields(warnings, o, at, ROSTER_FIELDS.shortfall);
  const counter = r.field(o, at, 'counter', r.string);
  const day = r.field(o, at, 'day', r.string);
  const missing = r.field(o, at, 'missing', r.positive);
  if (counter === undefined || day === undefined || missing === undefined) return undefined;
  return { counter, day, missing };
}
