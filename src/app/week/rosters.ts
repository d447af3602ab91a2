/**
 * The weekly roster of a division: generate it, adjust a cell (pin or
 * absence) and re-solve, publish it, explain a cell. Every change runs in one
 * transaction under the week's lock, checks the roster revision the person
 * was looking at (so two editors never silently overwrite each other), and
 * lands in the audit log.
 */
import { EntityManager } from 'typeorm';
import { Assignment, IsoDate, Problem, Roster, ROSTER_FORMAT } from '../../domain/rotation';
import { describeDenial, nameBook } from '../../domain/explanation';
import { writeProblem } from '../../domain/serialize';
import { parseProblemOrThrow } from '../../domain/validate';
import { explain, PinConflictError, solve } from '../../engine';
import { checkRoster } from '../../engine/check';
import { Database } from '../../persistence/database';
import { AbsenceEntity, AssignmentEntity, PinEntity, PublishedAssignment, PublishedDenial } from '../../persistence/entities';
import { RosterEntity, RosterPublicationEntity, StaffEntity, DivisionEntity } from '../../persistence/entities';
import { Actor, assertHr, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { conflict, invalid, notFound } from '../errors';
import { buildProblem, loadWeek } from './problem';

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
}

export async function generateDivision(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  seen: SeenRevision,
): Promise<GenerateResult> {
  assertManages(actor, divisionId);
  return db.write(
    async (m) => {
      await requireDivision(m, divisionId);
      const existing = await m.findOneBy(RosterEntity, { divisionId, week });
      assertRevision(existing, seen);
      return solveAndSave(m, actor, divisionId, week, existing, 'generate');
    },
    [week],
  );
}

/** HR: every division at once, sharing the licences, then each division's roster saved. */
export async function generateAll(
  db: Database,
  actor: Actor,
  week: string,
): Promise<{ divisions: number; granted: number; requested: number; shortfall: number }> {
  assertHr(actor);
  return db.write(
    async (m) => {
      const data = await loadWeek(m, week, null);
      const problem = buildProblem(data);
      const existing = await m.find(RosterEntity, { where: { week } });
      const previous = await stabilityTargets(m, existing);
      const roster = solveChecked(problem, previous.length ? asRoster(problem.name, previous) : undefined);
      const rows = new Map(existing.map((r) => [r.divisionId, r]));
      let granted = 0;
      let shortfall = 0;
      const divisionOf = new Map(problem.staff.map((s) => [s.id, s.division]));
      for (const d of data.divisions) {
        const mine = roster.assignments.filter((a) => divisionOf.get(a.staff) === d.id);
        await writeAssignments(m, actor, d.id, week, rows.get(d.id) ?? null, mine, 'generate-all');
      }
      // Each division's draft is stored with its own view of the week (others held fixed).
      for (const d of data.divisions) {
        const row = await m.findOneByOrFail(RosterEntity, { divisionId: d.id, week });
        const sub = buildProblem(await loadWeek(m, week, [d.id]));
        const report = checkRoster(sub, asRoster(sub.name, await assignmentsOf(m, row.id)));
        granted += report.granted;
        shortfall += report.shortfall;
        await m.update(
          RosterEntity,
          { id: row.id },
          { problemJson: writeProblem(sub), objective: report.objective, solveStatus: roster.status },
        );
      }
      await audit(m, actor.loginId, 'generate-all', 'week', week, null, { granted, requested: roster.stats?.requested, shortfall });
      return { divisions: data.divisions.length, granted, requested: roster.stats?.requested ?? 0, shortfall };
    },
    [week],
  );
}

/** Pin a cell to office or telework, mark an absence, or clear both; then re-solve the division. */
export async function setCell(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  staffId: string,
  day: IsoDate,
  action: CellAction,
  seen: SeenRevision,
): Promise<GenerateResult> {
  assertManages(actor, divisionId);
  if (!CELL_ACTIONS.includes(action)) throw invalid('操作の種類が正しくありません。');
  return db.write(
    async (m) => {
      const staff = await m.findOneBy(StaffEntity, { id: staffId, divisionId, active: true });
      if (!staff) throw notFound('この課の職員ではありません。');
      const data = await loadWeek(m, week, [divisionId]);
      if (!data.days.includes(day)) throw invalid(`${day} はこの週の開庁日ではありません。`);
      const existing = await m.findOneBy(RosterEntity, { divisionId, week });
      assertRevision(existing, seen);
      const before = await cellState(m, staffId, day);
      await m.delete(PinEntity, { staffId, day });
      await m.delete(AbsenceEntity, { staffId, day });
      if (action === 'absent') await m.insert(AbsenceEntity, { staffId, day, createdBy: actor.loginId });
      if (action === 'office' || action === 'telework') {
        if (action === 'telework' && data.policy.nonTeleworkJobTypes.includes(staff.jobType)) {
          throw invalid(`${staff.name}さんの職種（${staff.jobType}）はテレワーク対象外のため、在宅勤務に固定できません。`);
        }
        await m.insert(PinEntity, { staffId, day, mode: action, createdBy: actor.loginId });
      }
      await audit(m, actor.loginId, `cell-${action}`, 'staff-day', `${staffId}|${day}`, before, await cellState(m, staffId, day));
      return solveAndSave(m, actor, divisionId, week, existing, `cell-${action}`);
    },
    [week],
  );
}

export interface PublishResult {
  readonly version: number;
  readonly changes: number;
  readonly denials: number;
}

export async function publish(db: Database, actor: Actor, divisionId: string, week: string, seen: SeenRevision): Promise<PublishResult> {
  assertManages(actor, divisionId);
  return db.write(
    async (m) => {
      const row = await m.findOneBy(RosterEntity, { divisionId, week });
      if (!row) throw invalid('この週の勤務表はまだ作成されていません。先に「勤務表を作成」を押してください。');
      assertRevision(row, seen);
      const problem = parseProblemOrThrow(row.problemJson);
      if (isStale(problem, buildProblem(await loadWeek(m, week, [divisionId])))) {
        throw conflict('作成後に希望・休暇・固定が変更されています。「再計算」してから公開してください。');
      }
      const assignments = await assignmentsOf(m, row.id);
      const roster = asRoster(problem.name, assignments, row.objective);
      const names = nameBook(problem);
      const denials: PublishedDenial[] = explain(problem, roster).map((e) => ({
        staff: e.staff,
        day: e.day,
        reason: describeDenial(e, names).headline,
      }));
      const last = await latestPublication(m, row);
      const changes = last ? diffAssignments(last.assignments, assignments).length : 0;
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
      return { version, changes, denials: denials.length };
    },
    [week],
  );
}

export interface CellChange {
  readonly staff: string;
  readonly day: IsoDate;
  readonly before: PublishedAssignment | null;
  readonly after: PublishedAssignment | null;
}

/** Person-days whose mode or counter differ between two versions. */
export function diffAssignments(before: readonly PublishedAssignment[], after: readonly Assignment[]): CellChange[] {
  const old = new Map(before.map((a) => [`${a.staff}|${a.day}`, a]));
  const out: CellChange[] = [];
  const seen = new Set<string>();
  for (const a of after) {
    const key = `${a.staff}|${a.day}`;
    seen.add(key);
    const b = old.get(key) ?? null;
    if (!b || b.mode !== a.mode || (b.counter ?? null) !== (a.counter ?? null))
      out.push({ staff: a.staff, day: a.day, before: b, after: toPublished(a) });
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

/** Why a cell is what it is ("なぜ？"), from the engine's explanation of the stored draft. */
export async function explainCell(
  db: Database,
  actor: Actor,
  divisionId: string,
  week: string,
  staffId: string,
  day: IsoDate,
): Promise<CellExplanation> {
  assertManages(actor, divisionId);
  const m = db.manager;
  const row = await m.findOneBy(RosterEntity, { divisionId, week });
  if (!row) throw notFound('この週の勤務表はまだ作成されていません。');
  const problem = parseProblemOrThrow(row.problemJson);
  const person = problem.staff.find((s) => s.id === staffId);
  if (!person || !problem.days.includes(day)) throw notFound('この職員・日は勤務表にありません。');
  const assignments = await assignmentsOf(m, row.id);
  const cell = assignments.find((a) => a.staff === staffId && a.day === day);
  const requested = person.requests.some((r) => r.day === day);
  const pin = person.pinned?.[day];
  if (cell?.mode === 'absent') return { requested, granted: false, headline: '休暇のため勤務はありません。', details: [] };
  if (cell?.mode === 'telework') {
    return pin === 'telework'
      ? { requested, granted: true, headline: '課長が在宅勤務に固定しています。', details: [] }
      : { requested, granted: true, headline: '在宅勤務の希望が認められました。', details: [] };
  }
  if (pin === 'office') return { requested, granted: false, headline: '課長が出勤に固定しています。', details: [] };
  if (!requested) {
    const counter = problem.counters.find((c) => c.id === cell?.counter);
    return {
      requested,
      granted: false,
      headline: counter ? `在宅勤務の希望がない日のため出勤し、${counter.name}を担当します。` : '在宅勤務の希望がない日のため出勤です。',
      details: [],
    };
  }
  const [e] = explain(problem, asRoster(problem.name, assignments, row.objective), { staff: staffId, day });
  if (!e) return { requested, granted: false, headline: '説明を作れませんでした。再計算してください。', details: [] };
  const text = describeDenial(e, nameBook(problem));
  return { requested, granted: false, headline: text.headline, details: text.details };
}

export async function assignmentsOf(m: EntityManager, rosterId: number): Promise<Assignment[]> {
  const rows = await m.find(AssignmentEntity, { where: { rosterId }, order: { staffId: 'ASC', day: 'ASC' } });
  return rows.map((r) => ({ staff: r.staffId, day: r.day, mode: r.mode, ...(r.counterId ? { counter: r.counterId } : {}) }));
}

export async function latestPublication(m: EntityManager, row: RosterEntity): Promise<RosterPublicationEntity | null> {
  if (row.publishedVersion === 0) return null;
  return m.findOneBy(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
}

/** The draft was solved against other requests, absences or pins than the current ones. */
export function isStale(stored: Problem, current: Problem): boolean {
  return JSON.stringify(stored.staff) !== JSON.stringify(current.staff) || JSON.stringify(stored.days) !== JSON.stringify(current.days);
}

function assertRevision(row: RosterEntity | null, seen: SeenRevision): void {
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

async function solveAndSave(
  m: EntityManager,
  actor: Actor,
  divisionId: string,
  week: string,
  existing: RosterEntity | null,
  action: string,
): Promise<GenerateResult> {
  const problem = buildProblem(await loadWeek(m, week, [divisionId]));
  const previous = existing ? await stabilityTargets(m, [existing]) : [];
  const roster = solveChecked(problem, previous.length ? asRoster(problem.name, previous) : undefined);
  const saved = await writeAssignments(m, actor, divisionId, week, existing, roster.assignments, action, problem, roster);
  const report = checkRoster(problem, roster);
  return {
    roster: saved,
    granted: report.granted,
    requested: report.requested,
    shortfall: report.shortfall,
    millis: roster.stats?.millis ?? 0,
  };
}

/** What a re-solve should stay close to: the published version if any, else the current draft. */
async function stabilityTargets(m: EntityManager, rows: readonly RosterEntity[]): Promise<Assignment[]> {
  const out: Assignment[] = [];
  for (const row of rows) {
    const pub = await latestPublication(m, row);
    if (pub) out.push(...pub.assignments.map(fromPublished));
    else out.push(...(await assignmentsOf(m, row.id)));
  }
  return out;
}

function solveChecked(problem: Problem, previous?: Roster): Roster {
  try {
    return solve(parseProblemOrThrow(problem), previous ? { previous } : {});
  } catch (e) {
    if (e instanceof PinConflictError) {
      throw invalid('課長による固定が両立しません。在宅勤務への固定がライセンス数・端末数・週の上限を超えていないか確認してください。');
    }
    throw e;
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
  problem?: Problem,
  roster?: Roster,
): Promise<RosterEntity> {
  const now = new Date().toISOString();
  const fields = {
    status: 'draft' as const,
    generatedBy: actor.loginId,
    generatedAt: now,
    ...(problem && roster ? { problemJson: writeProblem(problem), objective: roster.objective, solveStatus: roster.status } : {}),
  };
  let row: RosterEntity;
  if (existing) {
    const before = await assignmentsOf(m, existing.id);
    await m.update(RosterEntity, { id: existing.id }, { ...fields, revision: existing.revision + 1 });
    await m.delete(AssignmentEntity, { rosterId: existing.id });
    row = await m.findOneByOrFail(RosterEntity, { id: existing.id });
    await audit(
      m,
      actor.loginId,
      action,
      'roster',
      `${divisionId}|${week}`,
      { revision: existing.revision, changed: diffAssignments(before.map(toPublished), assignments).length },
      { revision: row.revision },
    );
  } else {
    row = await m.save(
      m.create(RosterEntity, {
        divisionId,
        week,
        revision: 1,
        publishedVersion: 0,
        objective: 0,
        solveStatus: 'optimal',
        problemJson: '{}',
        ...fields,
      }),
    );
    await audit(m, actor.loginId, action, 'roster', `${divisionId}|${week}`, null, { revision: 1 });
  }
  const rows = assignments.map((a) => ({ rosterId: row.id, staffId: a.staff, day: a.day, mode: a.mode, counterId: a.counter ?? null }));
  for (let i = 0; i < rows.length; i += 200) await m.insert(AssignmentEntity, rows.slice(i, i + 200));
  return row;
}

async function cellState(m: EntityManager, staffId: string, day: IsoDate) {
  const pin = await m.findOneBy(PinEntity, { staffId, day });
  const absence = await m.findOneBy(AbsenceEntity, { staffId, day });
  return { pin: pin?.mode ?? null, absent: absence !== null };
}

export function asRoster(problem: string, assignments: readonly Assignment[], objective = 0): Roster {
  return { format: ROSTER_FORMAT, problem, status: 'optimal', objective, assignments: [...assignments], shortfalls: [] };
}

function toPublished(a: Assignment): PublishedAssignment {
  return { staff: a.staff, day: a.day, mode: a.mode, ...(a.counter ? { counter: a.counter } : {}) };
}

function fromPublished(a: PublishedAssignment): Assignment {
  return { staff: a.staff, day: a.day, mode: a.mode, ...(a.counter ? { counter: a.counter } : {}) };
}
