/**
 * One allocation for the whole organisation. Licences are shared by every
 * division and staff may serve another division's counter, so a division is
 * never solved on its own: every generate, re-solve and HR's generate-all
 * solves the organisation's week as one problem, and the result does not
 * depend on who clicked first.
 *
 * - Divisions that have published the week are held as published (their
 *   telework holds licences, their staff at other divisions' counters count
 *   there): published stays published until its own chief changes it. The
 *   division being edited is the exception.
 * - Every other division is solved together, its requests competing on equal
 *   terms whether or not its chief has generated yet.
 * - The past is frozen: on days before today (Asia/Tokyo) everyone is held to
 *   what they were told (the published version, or the office when nothing
 *   was published), and the saved cells of those days never change.
 * - The re-solve stays as close as possible to what people were told (the
 *   published versions); drafts are never followed, so that among equal
 *   rosters the choice does not depend on who generated first.
 */
import { EntityManager, EntityNotFoundError, SelectQueryBuilder } from 'typeorm';
import { Assignment, IsoDate, Problem, Roster, turnDayWeightOf } from '../../domain/rotation';
import { FormatError, parseProblemOrThrow } from '../../domain/validate';
import { PinConflictError, solve } from '../../engine';
import { AssignmentEntity, PublishedAssignment, RosterEntity, RosterPublicationEntity } from '../../persistence/entities';
import { invalid } from '../errors';
import { CELL_COLUMNS, CellRow, cellOfRow, cellValue, fromPublished, toPublished } from './cells';
import { buildProblem, heldIn, licenceFreePlaces, loadWeek, loadWeekBase, narrowWeek, reads, WeekBase, WeekData } from './problem';

export interface OrganisationSolve {
  readonly data: WeekData;
  /** The week as solved: the divisions in scope, the others held as published, the past pinned. */
  readonly problem: Problem;
  /** The optimum, with the cells of past days exactly as they were. */
  readonly roster: Roster;
  /** Divisions solved (the edited one and every division that has not published). */
  readonly scope: ReadonlySet<string>;
  /** Existing roster rows of the week, by division. */
  readonly rows: ReadonlyMap<string, RosterEntity>;
  /** Latest published cells of each division that has published, by division. */
  readonly published: ReadonlyMap<string, readonly PublishedAssignment[]>;
  readonly past: readonly IsoDate[];
  /** With `onlyDay`: the week's other days from today on, held as they stood. */
  readonly later: readonly IsoDate[];
  /** With the `drafts` option: every draft of the week as it was before the solve, by roster id (a roster without cells is absent). */
  readonly drafts?: ReadonlyMap<number, readonly Assignment[]>;
}

/**
 * Solves the week for `editing` (a division, or null for HR's generate-all,
 * which edits no published division). `today` is the first day that may
 * change.
 */
export async function solveOrganisation(
  m: EntityManager,
  week: string,
  today: IsoDate,
  editing: string | readonly string[] | null,
  options: SolveOptions = {},
): Promise<OrganisationSolve> {
  const edited = new Set(editing === null ? [] : typeof editing === 'string' ? [editing] : editing);
  const weekBase = options.base ?? (await loadWeekBase(m, week));
  // Drafts are read for a one-day change, which holds the other days as they stand (`standing` below), and for the caller.
  const withDrafts = options.onlyDay !== undefined || options.drafts === true;
  // The week's own rows, read together (one round trip after another only where the database answers synchronously).
  const [rowList, publications, all, weekDrafts] = await reads(m, [
    () => m.find(RosterEntity, { where: { week } }),
    () => latestPublications(m, week),
    () => loadWeek(m, week, null, { base: weekBase }),
    () => (withDrafts ? draftsOfWeek(m, week) : Promise.resolve(null)),
  ] as const);
  const rows = new Map(rowList.map((r) => [r.divisionId, r]));
  const published = latestPublished(rowList, publications);
  const scopeIds = all.divisions.map((d) => d.id).filter((id) => edited.has(id) || !published.has(id));
  const scope = new Set(scopeIds);
  // The divisions outside the scope are held as published: what `loadWeek` would read with `held: 'published'`, cut from what is read already.
  const outside = heldIn(
    [...published].flatMap(([id, cells]) => (scope.has(id) ? [] : cells)),
    licenceFreePlaces(all.places),
  );
  const data = scopeIds.length === all.divisions.length ? all : narrowWeek(all, scopeIds, outside, all.rostered);
  const past = data.days.filter((d) => d < today);
  const told = toldCells(scope, published);
  const drafts = weekDrafts ?? new Map<number, Assignment[]>();
  // Ties are broken towards what people were told (published versions) and never towards a draft:
  // a draft depends on who generated first, so following it would let the first chief keep the ties.
  const previous: Assignment[] = [];
  const standing: Assignment[] = [];
  for (const id of scopeIds) {
    const row = rows.get(id);
    if (published.has(id)) previous.push(...(published.get(id) ?? []).map(fromPublished));
    else if (row) standing.push(...(drafts.get(row.id) ?? []));
  }
  standing.push(...previous);
  let problem = freezePast(buildProblem(data), past, told);
  // A change of one day: every other day stays as it stands (published, or the draft where nothing is published).
  const only = options.onlyDay;
  const later = only === undefined ? [] : data.days.filter((d) => d !== only && d >= today);
  const base = new Map(standing.map((a) => [`${a.staff}|${a.day}`, toPublished(a)]));
  if (later.length) problem = freezePast(problem, later, base);
  if (options.adjust) problem = options.adjust(problem);
  const roster = solveOrThrow(problem, previous, options.conflictMessage);
  const restored = restorePast(restorePast(roster, past, told), later, base);
  return { data, problem, roster: restored, scope, rows, published, past, later, ...(options.drafts ? { drafts } : {}) };
}

export interface SolveOptions {
  /** Only this day may change: every other day of the week is held as it stands (a same-day change, a BCP day). */
  readonly onlyDay?: IsoDate;
  /** The message when the pins cannot all hold. */
  readonly conflictMessage?: string;
  /** A last change to the problem before it is solved (a BCP day marks who cannot come). */
  readonly adjust?: (problem: Problem) => Problem;
  /** The week's base, when the caller read it already (for the whole organisation). */
  readonly base?: WeekBase;
  /** Read the week's drafts with the solve's reads (`OrganisationSolve.drafts`), for a caller that saves. */
  readonly drafts?: boolean;
}

/**
 * The organisation's optimum with one division held to its draft, when the
 * draft is still part of an optimum (same objective as the free solve);
 * null when it is not: the data, or what other divisions published, changed
 * since the draft was made. Ties are not a change: any optimal draft stays
 * publishable, whichever of the equal rosters it is.
 */
export function holdDraft(solved: OrganisationSolve, divisionId: string, draft: readonly Assignment[]): Roster | null {
  const cells = new Map(draft.map((a) => [`${a.staff}|${a.day}`, a]));
  const past = new Set(solved.past);
  const staff = [];
  // A turn day (期間の順番: telework nobody asked for) weighs less than nothing, a pinned day nothing:
  // holding the draft's turn days by pins raises the objective by that much, and no more.
  let turns = 0;
  for (const s of solved.problem.staff) {
    if (s.division !== divisionId) {
      staff.push(s);
      continue;
    }
    const pinned = { ...(s.pinned ?? {}) };
    for (const day of solved.problem.days) {
      const cell = cells.get(`${s.id}|${day}`);
      if (!cell) return null;
      // Past days are held to what was published, whatever the draft says about them.
      if (past.has(day)) continue;
      if ((cell.mode === 'absent') !== s.absent.includes(day)) return null;
      if (cell.mode === 'telework' && !s.canTelework) return null;
      if (cell.mode === 'telework' && !s.pinned?.[day] && !s.requests.some((r) => r.day === day)) turns++;
      if (cell.mode !== 'absent' && !past.has(day)) pinned[day] = cell.mode;
    }
    staff.push({ ...s, pinned });
  }
  let held: Roster;
  try {
    held = solve(parseProblemOrThrow({ ...solved.problem, staff }), { previous: asRoster(solved.problem.name, draft) });
  } catch (e) {
    if (e instanceof PinConflictError) return null;
    throw e;
  }
  const objective = held.objective + turns * turnDayWeightOf(solved.problem.policy);
  if (objective !== solved.roster.objective) return null;
  return restorePast({ ...held, objective }, solved.past, toldCells(solved.scope, solved.published));
}

/** The cells people were told, for the divisions in scope that have published. */
function toldCells(
  scope: ReadonlySet<string>,
  published: ReadonlyMap<string, readonly PublishedAssignment[]>,
): Map<string, PublishedAssignment> {
  const out = new Map<string, PublishedAssignment>();
  for (const [division, cells] of published) {
    if (!scope.has(division)) continue;
    for (const a of cells) out.set(`${a.staff}|${a.day}`, a);
  }
  return out;
}

/**
 * Holds every person in the problem on each of `days` to what they were
 * told: exactly the published (or standing) cell where there is one, leave
 * included; where there is none, recorded leave, else the office. A day's
 * licences are never below the telework already held on it.
 */
function freezePast(problem: Problem, past: readonly IsoDate[], told: ReadonlyMap<string, PublishedAssignment>): Problem {
  if (past.length === 0) return problem;
  const teleworked = new Map<IsoDate, number>();
  const atPlace = new Map<string, number>();
  const licensed = new Set((problem.places ?? []).filter((p) => p.licence).map((p) => p.id));
  const staff = problem.staff.map((s) => {
    const pinned = { ...(s.pinned ?? {}) };
    const absent = new Set(s.absent);
    for (const day of past) {
      const was = told.get(`${s.id}|${day}`)?.mode;
      if (was === 'absent' || (was === undefined && absent.has(day))) {
        absent.add(day);
        delete pinned[day];
        continue;
      }
      absent.delete(day);
      const mode = was === 'telework' && s.canTelework ? 'telework' : 'office';
      pinned[day] = mode;
      if (mode === 'telework') {
        // Where the engine puts a telework day: the request's place, else the possible day's, else home.
        const place = s.requests.find((r) => r.day === day)?.place ?? s.possible?.find((p) => p.day === day)?.place;
        if (place) atPlace.set(`${place}|${day}`, (atPlace.get(`${place}|${day}`) ?? 0) + 1);
        if (!place || licensed.has(place)) teleworked.set(day, (teleworked.get(day) ?? 0) + 1);
      }
    }
    const away = [...absent].sort();
    return { ...s, pinned, absent: away, requests: s.requests.filter((r) => !absent.has(r.day)) };
  });
  const licences = problem.policy.licencesPerDay;
  const policy =
    licences === undefined || typeof licences === 'number'
      ? problem.policy
      : {
          ...problem.policy,
          licencesPerDay: Object.fromEntries(Object.entries(licences).map(([d, n]) => [d, Math.max(n, teleworked.get(d) ?? 0)])),
        };
  // Nor a place's desks below the days already worked there (HR may have taken desks away since).
  const places = problem.places?.map((p) => {
    const raised = past.filter((d) => (atPlace.get(`${p.id}|${d}`) ?? 0) > deskCount(p.desks, d));
    if (raised.length === 0) return p;
    const desks = Object.fromEntries(problem.days.map((d) => [d, Math.max(deskCount(p.desks, d), atPlace.get(`${p.id}|${d}`) ?? 0)]));
    return { ...p, desks };
  });
  return { ...problem, policy, staff, ...(places ? { places } : {}) };
}

/** A place's desks on a day (`desks` as the format has it: one number, or per day with 0 for a day not named). */
function deskCount(desks: number | Readonly<Record<IsoDate, number>>, day: IsoDate): number {
  return typeof desks === 'number' ? desks : (desks[day] ?? 0);
}

/** Past cells exactly as people were told (with their counter); nothing before today is ever rewritten. */
function restorePast(roster: Roster, past: readonly IsoDate[], told: ReadonlyMap<string, PublishedAssignment>): Roster {
  if (past.length === 0) return roster;
  const isPast = new Set(past);
  return {
    ...roster,
    assignments: roster.assignments.map((a) => {
      if (!isPast.has(a.day) || a.mode === 'absent') return a;
      const was = told.get(`${a.staff}|${a.day}`);
      return was && was.mode === a.mode ? fromPublished(was) : a;
    }),
  };
}

function solveOrThrow(problem: Problem, previous: readonly Assignment[], message?: string): Roster {
  try {
    const checked = parseProblemOrThrow(problem);
    return solve(checked, previous.length ? { previous: asRoster(checked.name, previous) } : {});
  } catch (e) {
    // Pins that cannot all hold are caught by the validator (one person, one day) or by the engine (together).
    const pinsOnly = e instanceof FormatError && e.issues.every((i) => i.code.startsWith('pin-conflict'));
    if (e instanceof PinConflictError || pinsOnly) {
      throw invalid(
        message ?? '課長による固定が両立しません。在宅勤務への固定がライセンス数・端末数・週の上限を超えていないか確認してください。',
      );
    }
    throw e;
  }
}

/** One division's cells of a roster. */
export function sliceOf(problem: Problem, roster: Roster, divisionId: string): Assignment[] {
  const members = new Set(problem.staff.filter((s) => s.division === divisionId).map((s) => s.id));
  return roster.assignments.filter((a) => members.has(a.staff));
}

export async function draftOf(m: EntityManager, rosterId: number): Promise<Assignment[]> {
  const rows = await m.find(AssignmentEntity, { where: { rosterId }, order: { staffId: 'ASC', day: 'ASC' } });
  return rows.map(cellOfRow);
}

/** `draftOf` of several rosters in one query (a city has a hundred): the cells of each, by roster id; a roster without cells is absent. */
export async function draftsOf(m: EntityManager, rosterIds: readonly number[]): Promise<Map<number, Assignment[]>> {
  if (rosterIds.length === 0) return new Map();
  return cellsByRoster(cellsQuery(m).where('a.rosterId IN (:...ids)', { ids: [...new Set(rosterIds)] }));
}

/** `draftsOf` every roster of the week (one query). */
function draftsOfWeek(m: EntityManager, week: string): Promise<Map<number, Assignment[]>> {
  return cellsByRoster(cellsQuery(m).innerJoin(RosterEntity, 'r', 'r.id = a.rosterId').where('r.week = :week', { week }));
}

function cellsQuery(m: EntityManager): SelectQueryBuilder<AssignmentEntity> {
  return m.createQueryBuilder(AssignmentEntity, 'a').select(['a.rosterId AS "rosterId"', ...CELL_COLUMNS]);
}

async function cellsByRoster(query: SelectQueryBuilder<AssignmentEntity>): Promise<Map<number, Assignment[]>> {
  const out = new Map<number, Assignment[]>();
  const rows: (CellRow & { rosterId: number | string })[] = await query
    .orderBy('a.rosterId', 'ASC')
    .addOrderBy('a.staffId', 'ASC')
    .addOrderBy('a.day', 'ASC')
    .getRawMany();
  for (const r of rows) {
    const id = Number(r.rosterId);
    const cells = out.get(id) ?? [];
    if (cells.length === 0) out.set(id, cells);
    cells.push(cellOfRow(r));
  }
  return out;
}

/** The latest published version of each roster of the week (one query). */
function latestPublications(m: EntityManager, week: string): Promise<RosterPublicationEntity[]> {
  return m
    .createQueryBuilder(RosterPublicationEntity, 'p')
    .innerJoin(RosterEntity, 'r', 'r.id = p.rosterId AND r.publishedVersion = p.version')
    .where('r.week = :week', { week })
    .getMany();
}

/** The cells of each division's latest published version, by division, for the rows that have published. */
function latestPublished(rows: readonly RosterEntity[], pubs: readonly RosterPublicationEntity[]): Map<string, PublishedAssignment[]> {
  const out = new Map<string, PublishedAssignment[]>();
  const publishedRows = rows.filter((r) => r.publishedVersion !== 0);
  const byRoster = new Map(pubs.map((p) => [p.rosterId, p]));
  for (const row of publishedRows) {
    const pub = byRoster.get(row.id);
    if (!pub || pub.version !== row.publishedVersion) {
      throw new EntityNotFoundError(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
    }
    out.set(row.divisionId, pub.assignments);
  }
  return out;
}

export function asRoster(problem: string, assignments: readonly Assignment[], objective = 0): Roster {
  return { format: 'rotation-roster/1', problem, status: 'optimal', objective, assignments: [...assignments], shortfalls: [] };
}

export { fromPublished, toPublished };

/** Whether two sets of cells are the same (mode, counter and place of each person-day). */
export function sameCells(a: readonly Assignment[], b: readonly Assignment[]): boolean {
  if (a.length !== b.length) return false;
  const key = (x: Assignment) => `${x.staff}|${x.day}|${cellValue(x)}`;
  const left = new Set(a.map(key));
  return b.every((x) => left.has(key(x)));
}
