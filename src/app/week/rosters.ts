/**
 * The weekly roster of a division: generate it, adjust a cell (pin or
 * absence) and re-solve, publish it, explain a cell. Every change runs in one
 * transaction under the week's lock, checks the roster revision the person
 * was looking at (so two editors never silently overwrite each other), and
 * lands in the audit log.
 */
import { EntityManager, In, MoreThan } from 'typeorm';
import { Assignment, IsoDate, Problem } from '../../domain/rotation';
import { dayJa, denialText, describeDenial, nameBook } from '../../domain/explanation';
import { denialContext } from './licence-use';
import { writeProblem } from '../../domain/serialize';
import { explain } from '../../engine';
import { Database } from '../../persistence/database';
import { AbsenceEntity, AssignmentEntity, PinEntity, PublishedAssignment, PublishedDenial } from '../../persistence/entities';
import { RosterEntity, RosterPublicationEntity, DivisionEntity } from '../../persistence/entities';
import { Actor, assertHr, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { Clock, todayOf } from '../calendar';
import { conflict, invalid, notFound } from '../errors';
import { checkRoster } from '../../engine/check';
import {
  asRoster,
  draftOf,
  draftsOf,
  holdDraft,
  OrganisationSolve,
  sameCells,
  sliceOf,
  solveOrganisation,
  toPublished,
} from './organisation-solve';
import {
  buildProblem,
  cellKey,
  draftHoldings,
  heldOutside,
  licenceFreePlaces,
  loadWeek,
  loadWeekBase,
  narrowWeek,
  openDaysOf,
  WeekBase,
} from './problem';
import { notify } from '../notifications/notify';
import { CellChange, changeNotices, describeChanges } from './day-changes';
import { cellOfRow, cellValue, rowOfCell } from './cells';

export type CellAction = 'office' | 'telework' | 'absent' | 'clear';
export const CELL_ACTIONS: readonly CellAction[] = ['office', 'telework', 'absent', 'clear'];

/** What the editor saw: the roster's revision, or null when there was no roster yet. */
export type SeenRevision = number | null;

export interface GenerateResult {
  readonly roster: RosterEntity;
  readonly granted: number;
  readonly requested: number;
  readonly shortfall: number;
  readonly millis: number;
  /** Other divisions whose draft changed with this solve (their requests compete on equal terms). */
  readonly othersChanged: number;
}

/**
 * A chief generates their division: the organisation is solved as a whole
 * (organisation-solve.ts), the division's cells are saved, and so are the
 * drafts of the other unpublished divisions that changed with it.
 */
export async function generateDivision(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  seen: SeenRevision,
  clock: Clock,
): Promise<GenerateResult> {
  assertManages(actor, divisionId);
  const today = todayOf(clock);
  const early = await baseBeforeLock(db, week);
  return db.write(
    async (m) => {
      await requireDivision(m, divisionId);
      const existing = await m.findOneBy(RosterEntity, { divisionId, week });
      assertRevision(existing, seen);
      await assertNotPastWeek(m, week, today);
      const edits = new Map([[divisionId, { actor, action: 'generate' as const }]]);
      return (await solveAndSave(m, week, today, edits, early ?? (await loadWeekBase(m, week)))).get(divisionId)!;
    },
    [week],
  );
}

/**
 * HR: every division that has not published the week, solved together and
 * saved; the published ones are held as published (their chiefs change
 * them). The same solve as a chief's generate, so the order in which chiefs
 * and HR generate does not matter.
 */
export async function generateAll(
  db: Database,
  actor: Actor,
  week: string,
  clock: Clock,
): Promise<{ divisions: number; published: number; granted: number; requested: number; shortfall: number }> {
  assertHr(actor);
  const today = todayOf(clock);
  const early = await baseBeforeLock(db, week);
  return db.write(
    async (m) => {
      await assertNotPastWeek(m, week, today);
      const divisions = await m.count(DivisionEntity);
      const published = await m.count(RosterEntity, { where: { week, publishedVersion: MoreThan(0) } });
      if (published === divisions) return { divisions: 0, published, granted: 0, requested: 0, shortfall: 0 };
      const base = early ?? (await loadWeekBase(m, week));
      const solved = await solveOrganisation(m, week, today, null, { base, drafts: true });
      let granted = 0;
      let requested = 0;
      let shortfall = 0;
      const saved: SavedDivision[] = [];
      for (const id of solved.scope) {
        const division = await saveDivision(m, actor, week, solved, id, 'generate-all');
        saved.push(division);
        granted += division.granted;
        requested += division.requested;
        shortfall += division.shortfall;
      }
      await storeViews(m, week, solved, saved);
      await audit(m, actor.loginId, 'generate-all', 'week', week, null, {
        divisions: solved.scope.size,
        published,
        granted,
        requested,
        shortfall,
      });
      return { divisions: solved.scope.size, published, granted, requested, shortfall };
    },
    [week],
  );
}

/**
 * Pin a cell to office or telework, mark an absence, or clear both; then
 * re-solve the organisation's week.
 *
 * Chiefs' edits of the same week that arrive while one waits for the week's
 * lock are applied together, in order of arrival, with one re-solve (group
 * commit): at the request deadline the re-solves do not queue one behind
 * another. The outcome is what the edits would give one after another: each
 * is checked against the revision its chief saw (a second edit of the same
 * division built on the same revision is refused, as it would be after the
 * first), and the week is solved with every edit in place, the edited
 * divisions free to change as in their own re-solves. When pins of the batch
 * cannot hold together, each edit is applied again on its own.
 */
export async function setCell(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  staffId: string,
  day: IsoDate,
  action: CellAction,
  seen: SeenRevision,
  clock: Clock,
): Promise<GenerateResult> {
  assertManages(actor, divisionId);
  if (!CELL_ACTIONS.includes(action)) throw invalid('操作の種類が正しくありません。');
  const today = todayOf(clock);
  if (day < today) throw invalid(`${dayJa(day)}は過ぎた日のため、固定・休暇の変更はできません。`);
  return joinCellBatch(db, week, { actor, divisionId, staffId, day, action, seen, today });
}

interface CellEdit {
  readonly actor: Actor;
  readonly divisionId: string;
  readonly staffId: string;
  readonly day: IsoDate;
  readonly action: CellAction;
  readonly seen: SeenRevision;
  readonly today: IsoDate;
}

type Outcome = { readonly ok: true; readonly result: GenerateResult } | { readonly ok: false; readonly error: unknown };

interface WaitingEdit {
  readonly edit: CellEdit;
  settle(outcome: Outcome): void;
}

/** Edits waiting for the week's lock, by database and week: the batch a new edit joins. */
const forming = new WeakMap<Database, Map<string, WaitingEdit[]>>();

function joinCellBatch(db: Database, week: string, edit: CellEdit): Promise<GenerateResult> {
  return new Promise((resolve, reject) => {
    const waiting: WaitingEdit = {
      edit,
      settle: (o) => (o.ok ? resolve(o.result) : reject(o.error instanceof Error ? o.error : new Error(String(o.error)))),
    };
    let weeks = forming.get(db);
    if (!weeks) forming.set(db, (weeks = new Map<string, WaitingEdit[]>()));
    const open = weeks.get(week);
    if (open) {
      open.push(waiting);
      return;
    }
    const batch = [waiting];
    weeks.set(week, batch);
    // Closed once the lock is held: later edits form the next batch.
    const close = () => {
      if (weeks.get(week) === batch) weeks.delete(week);
      return [...batch];
    };
    void runCellBatch(db, week, close);
  });
}

async function runCellBatch(db: Database, week: string, close: () => WaitingEdit[]): Promise<void> {
  let batch: WaitingEdit[] | null = null;
  let outcomes: Map<WaitingEdit, Outcome>;
  try {
    const early = await baseBeforeLock(db, week);
    outcomes = await db.write(async (m) => applyCells(m, week, (batch = close()), early), [week]);
  } catch (error) {
    batch ??= close();
    if (batch.length === 1) batch[0].settle({ ok: false, error });
    // Nothing of the batch was saved: each edit again, on its own (its own error, if it has one).
    else for (const waiting of batch) await runCellBatch(db, week, () => [waiting]);
    return;
  }
  for (const waiting of batch!) waiting.settle(outcomes.get(waiting)!);
}

/** A cell's pin or absence as the chief set it, and its audit. */
async function writeCell(m: EntityManager, actor: Actor, staffId: string, day: IsoDate, action: CellAction): Promise<void> {
  const before = await cellState(m, staffId, day);
  const after = { pin: action === 'office' || action === 'telework' ? action : null, absent: action === 'absent' };
  await m.delete(PinEntity, { staffId, day });
  await m.delete(AbsenceEntity, { staffId, day });
  if (action === 'absent') await m.insert(AbsenceEntity, { staffId, day, createdBy: actor.loginId });
  if (action === 'office' || action === 'telework') await m.insert(PinEntity, { staffId, day, mode: action, createdBy: actor.loginId });
  await audit(m, actor.loginId, `cell-${action}`, 'staff-day', `${staffId}|${day}`, before, after);
}

/** One batch of cell edits under the week's lock: each checked, the valid ones applied, the week solved once and saved. */
async function applyCells(
  m: EntityManager,
  week: string,
  batch: readonly WaitingEdit[],
  early: WeekBase | null,
): Promise<Map<WaitingEdit, Outcome>> {
  const out = new Map<WaitingEdit, Outcome>();
  const divisions = [...new Set(batch.map((w) => w.edit.divisionId))];
  // The revisions first: a stale grid is refused before anything is read for the solve.
  const rows = new Map((await m.findBy(RosterEntity, { week, divisionId: In(divisions) })).map((r) => [r.divisionId, r]));
  const base = early ?? (await loadWeekBase(m, week));
  const accepted: WaitingEdit[] = [];
  for (const waiting of batch) {
    const { divisionId, staffId, day, action, seen } = waiting.edit;
    try {
      const first = accepted.find((a) => a.edit.divisionId === divisionId);
      const row = rows.get(divisionId) ?? null;
      // After an earlier edit of the batch, the division's revision has moved on.
      assertRevision(
        first ? m.create(RosterEntity, { ...row, revision: (row?.revision ?? 0) + 1, generatedBy: first.edit.actor.loginId }) : row,
        seen,
      );
      const staff = base.staff.find((s) => s.id === staffId && s.divisionId === divisionId);
      if (!staff) throw notFound('この課の職員ではありません。');
      if (!base.days.includes(day)) throw invalid(`${day} はこの週の開庁日ではありません。`);
      if (action === 'telework' && base.policy.nonTeleworkJobTypes.includes(staff.jobType)) {
        throw invalid(`${staff.name}さんの職種（${staff.jobType}）はテレワーク対象外のため、在宅勤務に固定できません。`);
      }
      accepted.push(waiting);
    } catch (error) {
      out.set(waiting, { ok: false, error });
    }
  }
  if (accepted.length === 0) return out;
  for (const { edit } of accepted) await writeCell(m, edit.actor, edit.staffId, edit.day, edit.action);
  const edits = new Map(accepted.map((w) => [w.edit.divisionId, { actor: w.edit.actor, action: `cell-${w.edit.action}` as const }]));
  const results = await solveAndSave(m, week, accepted[0].edit.today, edits, base);
  for (const waiting of accepted) out.set(waiting, { ok: true, result: results.get(waiting.edit.divisionId)! });
  return out;
}

export interface PublishResult {
  readonly version: number;
  readonly changes: number;
  readonly denials: number;
}

export async function publish(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  seen: SeenRevision,
  clock: Clock,
): Promise<PublishResult> {
  assertManages(actor, divisionId);
  const today = todayOf(clock);
  return db.write(
    async (m) => {
      const row = await m.findOneBy(RosterEntity, { divisionId, week });
      if (!row) throw invalid('この週の勤務表はまだ作成されていません。先に「勤務表を作成」を押してください。');
      assertRevision(row, seen);
      await assertNotPastWeek(m, week, today);
      // What is published must still be part of the organisation's optimum, every other published division as it is.
      const solved = await solveOrganisation(m, week, today, divisionId);
      const held = holdDraft(solved, divisionId, await draftOf(m, row.id));
      if (!held) {
        throw conflict(
          '作成後に希望・休暇・固定、またはほかの課の公開内容が変わったため、この下書きは最新ではありません。「再計算」して内容を確認してから公開してください。',
        );
      }
      // The draft's days, with counters that fit what the other divisions do now.
      const assignments = sliceOf(solved.problem, held, divisionId);
      const names = nameBook(solved.problem);
      const denials: PublishedDenial[] = [];
      for (const s of solved.problem.staff) {
        if (s.division !== divisionId || s.requests.length === 0) continue;
        for (const e of explain(solved.problem, held, { staff: s.id })) {
          denials.push({ staff: e.staff, day: e.day, reason: denialText(e, names, denialContext(solved, held, divisionId, 'staff')) });
        }
      }
      const last = await latestPublication(m, row);
      const changed = last ? diffAssignments(last.assignments, assignments) : [];
      const changes = changed.length;
      const version = row.publishedVersion + 1;
      const now = new Date().toISOString();
      await m.insert(RosterPublicationEntity, {
        rosterId: row.id,
        version,
        publishedBy: actor.loginId,
        publishedAt: now,
        objective: row.objective,
        changes,
        assignments: assignments.map(toPublished),
        denials,
      });
      await m.delete(AssignmentEntity, { rosterId: row.id });
      await insertCells(m, row.id, assignments);
      await m.update(
        RosterEntity,
        { id: row.id },
        { status: 'published', publishedVersion: version, publishedBy: actor.loginId, publishedAt: now, revision: row.revision + 1 },
      );
      await audit(
        m,
        actor.loginId,
        'publish',
        'roster',
        `${divisionId}|${week}`,
        { version: row.publishedVersion },
        { version, changes, denials: denials.length },
      );
      // Everyone whose published days changed is told (the first version changes nobody's published days).
      await notify(m, changeNotices(await describeChanges(m, changed), 'week-changed', '課長が勤務表の変更を公開しました'));
      return { version, changes, denials: denials.length };
    },
    [week],
  );
}

export type { CellChange } from './day-changes';

/** Person-days whose mode, counter or place differ between two versions. */
export function diffAssignments(before: readonly PublishedAssignment[], after: readonly Assignment[]): CellChange[] {
  const old = new Map(before.map((a) => [`${a.staff}|${a.day}`, a]));
  const out: CellChange[] = [];
  const seen = new Set<string>();
  for (const a of after) {
    const key = `${a.staff}|${a.day}`;
    seen.add(key);
    const b = old.get(key) ?? null;
    if (!b || cellValue(b) !== cellValue(a)) out.push({ staff: a.staff, day: a.day, before: b, after: toPublished(a) });
  }
  for (const [key, b] of old) if (!seen.has(key)) out.push({ staff: b.staff, day: b.day, before: b, after: null });
  return out;
}

export interface CellExplanation {
  readonly requested: boolean;
  readonly granted: boolean;
  readonly headline: string;
  readonly details: readonly string[];
}

/** Why a cell is what it is ("なぜ？"): the engine's explanation, on the organisation's week as it stands now. */
export async function explainCell(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  staffId: string,
  day: IsoDate,
  clock: Clock,
): Promise<CellExplanation> {
  assertManages(actor, divisionId);
  const m = db.manager;
  const today = todayOf(clock);
  const row = await m.findOneBy(RosterEntity, { divisionId, week });
  if (!row) throw notFound('この週の勤務表はまだ作成されていません。');
  const solved = await solveOrganisation(m, week, today, divisionId);
  const { problem } = solved;
  const person = problem.staff.find((s) => s.id === staffId);
  if (!person || person.division !== divisionId || !problem.days.includes(day)) throw notFound('この職員・日は勤務表にありません。');
  const cell = (await draftOf(m, row.id)).find((a) => a.staff === staffId && a.day === day);
  const requested = person.requests.some((r) => r.day === day);
  const granted = cell?.mode === 'telework';
  if (cell?.mode === 'absent') return { requested, granted: false, headline: '休暇のため勤務はありません。', details: [] };
  if (day < today) {
    return { requested, granted, headline: `${granted ? '在宅勤務' : '出勤'}の日でした。過ぎた日の勤務は変わりません。`, details: [] };
  }
  const pin = person.pinned?.[day];
  if (granted) {
    return pin === 'telework'
      ? { requested, granted, headline: '課長が在宅勤務に固定しています。', details: [] }
      : { requested, granted, headline: '在宅勤務の希望が認められました。', details: [] };
  }
  if (pin === 'office') return { requested, granted, headline: '課長が出勤に固定しています。', details: [] };
  if (!requested) {
    const counter = problem.counters.find((c) => c.id === cell?.counter);
    return {
      requested,
      granted,
      headline: counter ? `在宅勤務の希望がない日のため出勤し、${counter.name}を担当します。` : '在宅勤務の希望がない日のため出勤です。',
      details: [],
    };
  }
  const held = holdDraft(solved, divisionId, await draftOf(m, row.id));
  if (!held) {
    return {
      requested,
      granted,
      headline: 'この下書きは最新の状況と違います。「再計算」してから、もう一度確かめてください。',
      details: [],
    };
  }
  const [e] = explain(problem, held, { staff: staffId, day });
  if (!e) return { requested, granted, headline: '説明を作れませんでした。再計算してください。', details: [] };
  const text = describeDenial(e, nameBook(problem), denialContext(solved, held, divisionId, 'chief'));
  return { requested, granted, headline: text.headline, details: text.details };
}

export async function assignmentsOf(m: EntityManager, rosterId: number): Promise<Assignment[]> {
  const rows = await m.find(AssignmentEntity, { where: { rosterId }, order: { staffId: 'ASC', day: 'ASC' } });
  return rows.map(cellOfRow);
}

export async function latestPublication(m: EntityManager, row: RosterEntity): Promise<RosterPublicationEntity | null> {
  if (row.publishedVersion === 0) return null;
  return m.findOneBy(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
}

/** The draft was solved against other requests, absences or pins than the current ones. */
export function isStale(stored: Problem, current: Problem): boolean {
  return JSON.stringify(stored.staff) !== JSON.stringify(current.staff) || JSON.stringify(stored.days) !== JSON.stringify(current.days);
}

export function assertRevision(row: RosterEntity | null, seen: SeenRevision): void {
  if (row === null && seen === null) return;
  if (row !== null && row.revision === seen) return;
  throw conflict(
    row
      ? `この週の勤務表は、あなたが画面を開いた後に別の人が更新しました（最終更新: ${row.generatedBy}）。あなたの操作は保存していません。最新の内容を確認してから、もう一度操作してください。`
      : 'この週の勤務表は、表示した後に削除されています。画面を読み込み直してください。',
  );
}

async function requireDivision(m: EntityManager, divisionId: string): Promise<void> {
  if (!(await m.existsBy(DivisionEntity, { id: divisionId }))) throw notFound('この課は見つかりません。');
}

/** How a chief changed a division: generated it, or set one of its cells. */
type EditAction = 'generate' | 'cell-office' | 'cell-telework' | 'cell-absent' | 'cell-clear';

/**
 * Solves the week with `edits` (division → who edited it and how), saves each
 * edited division and every other unpublished division whose draft changed
 * with them, then their views.
 */
async function solveAndSave(
  m: EntityManager,
  week: string,
  today: IsoDate,
  edits: ReadonlyMap<string, { readonly actor: Actor; readonly action: EditAction }>,
  base: WeekBase,
): Promise<Map<string, GenerateResult>> {
  const edited = [...edits.keys()];
  const solved = await solveOrganisation(m, week, today, edited, { base, drafts: true });
  const saveEdited = (id: string, actor: Actor, action: EditAction) => saveDivision(m, actor, week, solved, id, action);
  const mine: SavedDivision[] = [];
  for (const [id, edit] of edits) mine.push(await saveEdited(id, edit.actor, edit.action));
  const others: SavedDivision[] = [];
  const [first] = edits.values();
  for (const id of solved.scope) {
    if (edits.has(id) || !solved.rows.has(id)) continue;
    const other = await saveDivision(m, first.actor, week, solved, id, 'resolve-other', edited[0]);
    if (other.changed) others.push(other);
  }
  const views = await storeViews(m, week, solved, [...mine, ...others]);
  const out = new Map<string, GenerateResult>();
  for (const division of mine) {
    out.set(division.row.divisionId, {
      roster: m.create(RosterEntity, { ...division.row, ...views.get(division.row.id) }),
      granted: division.granted,
      requested: division.requested,
      shortfall: division.shortfall,
      millis: solved.roster.stats?.millis ?? 0,
      othersChanged: others.length,
    });
  }
  return out;
}

interface SavedDivision {
  readonly row: RosterEntity;
  /** The division's draft cells now. */
  readonly cells: readonly Assignment[];
  readonly changed: boolean;
  readonly granted: number;
  readonly requested: number;
  readonly shortfall: number;
}

/**
 * Stores one division's cells of an organisation-wide solve as its draft.
 * A division solved only because another one was (`because`) keeps its row
 * untouched when its cells did not change.
 */
export async function saveDivision(
  m: EntityManager,
  actor: Actor,
  week: string,
  solved: OrganisationSolve,
  divisionId: string,
  action: string,
  because?: string,
): Promise<SavedDivision> {
  const index = solveIndex(solved);
  const existing = solved.rows.get(divisionId) ?? null;
  const before = existing ? await draftBefore(m, solved, existing) : undefined;
  // A draft's past days stay as they were, even where they differ from what was published.
  const cells = keepPast(index.cells.get(divisionId) ?? [], before, solved.past);
  const staff = index.staff.get(divisionId) ?? [];
  const teleworks = new Set(cells.filter((a) => a.mode === 'telework').map((a) => `${a.staff}|${a.day}`));
  const requested = staff.reduce((n, s) => n + s.requests.length, 0);
  const granted = staff.reduce((n, s) => n + s.requests.filter((r) => teleworks.has(`${s.id}|${r.day}`)).length, 0);
  const own = index.counters.get(divisionId) ?? new Set<string>();
  const shortfall = solved.roster.shortfalls.filter((f) => own.has(f.counter)).reduce((n, f) => n + f.missing, 0);
  if (because && existing && before && sameCells(before, cells))
    return { row: existing, cells: before, changed: false, granted, requested, shortfall };
  const row = await writeAssignments(m, actor, divisionId, week, existing, cells, action, solved.roster.status, because, before);
  if (existing) (await draftsBefore.get(solved))?.delete(existing.id);
  return { row, cells, changed: true, granted, requested, shortfall };
}

/** The solved cells, with the past days of the existing draft (if any) kept exactly. */
function keepPast(cells: readonly Assignment[], before: readonly Assignment[] | undefined, past: readonly IsoDate[]): Assignment[] {
  if (!before || past.length === 0) return [...cells];
  const isPast = new Set(past);
  const was = new Map(before.filter((a) => isPast.has(a.day)).map((a) => [`${a.staff}|${a.day}`, a]));
  return cells.map((a) => (isPast.has(a.day) ? (was.get(`${a.staff}|${a.day}`) ?? a) : a));
}

/** A solve's cells, staff and counters by division, grouped once: `sliceOf` per division is a pass over the whole organisation. */
interface SolveIndex {
  readonly cells: ReadonlyMap<string, Assignment[]>;
  readonly staff: ReadonlyMap<string, Problem['staff'][number][]>;
  readonly counters: ReadonlyMap<string, Set<string>>;
}

const solveIndexes = new WeakMap<OrganisationSolve, SolveIndex>();

function solveIndex(solved: OrganisationSolve): SolveIndex {
  const known = solveIndexes.get(solved);
  if (known) return known;
  const add = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  const divisionOf = new Map(solved.problem.staff.map((s) => [s.id, s.division]));
  const cells = new Map<string, Assignment[]>();
  for (const a of solved.roster.assignments) {
    const division = divisionOf.get(a.staff);
    if (division !== undefined) add(cells, division, a);
  }
  const staff = new Map<string, Problem['staff'][number][]>();
  for (const s of solved.problem.staff) add(staff, s.division, s);
  const counters = new Map<string, Set<string>>();
  for (const c of solved.problem.counters) counters.set(c.division, (counters.get(c.division) ?? new Set<string>()).add(c.id));
  const index = { cells, staff, counters };
  solveIndexes.set(solved, index);
  return index;
}

/**
 * The drafts of a solve's divisions as they were before its first save, read
 * in one query at that first save (rather than one query per division); a
 * division's entry goes once its draft is rewritten.
 */
const draftsBefore = new WeakMap<OrganisationSolve, Promise<Map<number, Assignment[]>>>();

async function draftBefore(m: EntityManager, solved: OrganisationSolve, row: RosterEntity): Promise<Assignment[]> {
  let drafts = draftsBefore.get(solved);
  if (!drafts) {
    const ids = [...solved.rows.values()].filter((r) => solved.scope.has(r.divisionId)).map((r) => r.id);
    // Read with the solve when it was asked to (`drafts`), else now.
    drafts = (solved.drafts ? Promise.resolve(new Map([...solved.drafts].map(([id, cells]) => [id, [...cells]]))) : draftsOf(m, ids)).then(
      (found) => {
        for (const id of ids) if (!found.has(id)) found.set(id, []);
        return found;
      },
    );
    draftsBefore.set(solved, drafts);
  }
  return (await drafts).get(row.id) ?? draftOf(m, row.id);
}

/**
 * Stores with a saved draft the division's own view of the week: its staff,
 * with every other division held as its draft now stands. The checker reads
 * the draft against it, the grid compares it with the data to see whether
 * the draft is stale, and its objective is the division's share.
 */
export async function storeView(
  m: EntityManager,
  row: RosterEntity,
  week: string,
  base?: WeekBase,
  /** The draft's cells, when the caller has just written them. */
  cells?: readonly Assignment[],
): Promise<{ problemJson: string; objective: number }> {
  const view = buildProblem(await loadWeek(m, week, [row.divisionId], { base }));
  const report = checkRoster(view, asRoster(view.name, cells ?? (await draftOf(m, row.id))));
  const stored = { problemJson: writeProblem(view), objective: report.objective };
  await m.update(RosterEntity, { id: row.id }, stored);
  return stored;
}

/**
 * `storeView` for the divisions just saved from one solve, without reading
 * the week again: each view is cut from what the solve read (the saves
 * change no request, absence or pin), with the other divisions held as
 * their drafts now stand (one query for all of them).
 */
async function storeViews(
  m: EntityManager,
  week: string,
  solved: OrganisationSolve,
  saved: readonly Pick<SavedDivision, 'row' | 'cells'>[],
): Promise<Map<number, { problemJson: string; objective: number }>> {
  const out = new Map<number, { problemJson: string; objective: number }>();
  if (saved.length === 0) return out;
  const holdings = await draftHoldings(m, week);
  const rostered = new Set([...solved.rows.keys(), ...saved.map((s) => s.row.divisionId)]);
  for (const { row, cells } of saved) {
    const view = buildProblem(
      narrowWeek(
        solved.data,
        [row.divisionId],
        heldOutside(holdings, new Set([row.divisionId]), licenceFreePlaces(solved.data.places)),
        rostered,
      ),
    );
    const report = checkRoster(view, asRoster(view.name, cells));
    const stored = { problemJson: writeProblem(view), objective: report.objective };
    await m.update(RosterEntity, { id: row.id }, stored);
    out.set(row.id, stored);
  }
  return out;
}

/**
 * The week's base read before the write's lock, on PostgreSQL: an
 * organisation-wide solve then holds the week's lock only for the reads and
 * writes of the week itself. Nothing is lost by it: HR's edits of the base
 * (staff, counters, policy) do not take the week's lock, and under READ
 * COMMITTED each statement inside the lock would see their latest commit
 * just the same. On SQLite the base is read inside the transaction (one
 * snapshot; reads there cost no round trips).
 */
async function baseBeforeLock(db: Database, week: string): Promise<WeekBase | null> {
  return db.kind === 'postgres' ? loadWeekBase(db.manager, week) : null;
}

/** A week whose every open day is before today is the past: it is only read. */
export async function assertNotPastWeek(m: EntityManager, week: string, today: IsoDate): Promise<void> {
  const days = await openDaysOf(m, week);
  if (days.length > 0 && days.every((d) => d < today)) {
    throw invalid('過ぎた週の勤務表は作成・変更・公開できません。');
  }
}

async function writeAssignments(
  m: EntityManager,
  actor: Actor,
  divisionId: string,
  week: string,
  existing: RosterEntity | null,
  assignments: readonly Assignment[],
  action: string,
  solveStatus: string,
  because?: string,
  /** The draft being replaced, when the caller has read it already. */
  previous?: readonly Assignment[],
): Promise<RosterEntity> {
  const now = new Date().toISOString();
  // The view and the objective are stored once every division of the solve is saved (storeView).
  const fields = { status: 'draft' as const, generatedBy: actor.loginId, generatedAt: now, solveStatus, problemJson: '{}', objective: 0 };
  if (existing) {
    const before = previous ?? (await draftOf(m, existing.id));
    await m.update(RosterEntity, { id: existing.id }, { ...fields, revision: existing.revision + 1 });
    const row = m.create(RosterEntity, { ...existing, ...fields, revision: existing.revision + 1 });
    await audit(
      m,
      actor.loginId,
      action,
      'roster',
      `${divisionId}|${week}`,
      { revision: existing.revision, changed: diffAssignments(before.map(toPublished), assignments).length },
      { revision: row.revision, ...(because ? { because } : {}) },
    );
    await replaceCells(m, existing.id, before, assignments);
    return row;
  }
  const row = await m.save(m.create(RosterEntity, { divisionId, week, revision: 1, publishedVersion: 0, ...fields }));
  await audit(m, actor.loginId, action, 'roster', `${divisionId}|${week}`, null, { revision: 1 });
  await insertCells(m, row.id, assignments);
  return row;
}

/**
 * A draft's cells from `before` (what the roster holds now) to `after`,
 * writing only the cells that differ: a chief's pin changes a handful of a
 * division's hundred cells. Should the stored cells not be `before` after
 * all (the rows deleted are not the ones expected), every cell is written again.
 */
async function replaceCells(
  m: EntityManager,
  rosterId: number,
  before: readonly Assignment[],
  after: readonly Assignment[],
): Promise<void> {
  const key = (a: Assignment) => cellKey(a.staff, a.day);
  const same = (a: Assignment, b: Assignment) => cellValue(a) === cellValue(b);
  const was = new Map(before.map((a) => [key(a), a]));
  const now = new Map(after.map((a) => [key(a), a]));
  const gone = before.filter((a) => {
    const next = now.get(key(a));
    return !next || !same(a, next);
  });
  const added = after.filter((a) => {
    const old = was.get(key(a));
    return !old || !same(old, a);
  });
  if (gone.length * 2 > before.length || was.size !== before.length || now.size !== after.length) {
    await m.delete(AssignmentEntity, { rosterId });
    await insertCells(m, rosterId, after);
    return;
  }
  let deleted = 0;
  for (let i = 0; i < gone.length; i += 100) {
    const where = gone.slice(i, i + 100).map((a) => ({ rosterId, staffId: a.staff, day: a.day }));
    deleted += (await m.delete(AssignmentEntity, where)).affected ?? 0;
  }
  if (deleted !== gone.length) {
    await m.delete(AssignmentEntity, { rosterId });
    await insertCells(m, rosterId, after);
    return;
  }
  await insertCells(m, rosterId, added);
}

export async function insertCells(m: EntityManager, rosterId: number, assignments: readonly Assignment[]): Promise<void> {
  const rows = assignments.map((a) => ({ rosterId, ...rowOfCell(a) }));
  // Nothing reads the new ids back: no RETURNING and no copying them into the rows (a tenth of a city's generate-all on PostgreSQL).
  for (let i = 0; i < rows.length; i += 200) {
    await m
      .createQueryBuilder()
      .insert()
      .into(AssignmentEntity)
      .values(rows.slice(i, i + 200))
      .updateEntity(false)
      .execute();
  }
}

async function cellState(m: EntityManager, staffId: string, day: IsoDate) {
  const pin = await m.findOneBy(PinEntity, { staffId, day });
  const absence = await m.findOneBy(AbsenceEntity, { staffId, day });
  return { pin: pin?.mode ?? null, absent: absence !== null };
}
