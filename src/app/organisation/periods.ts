/**
 * HR's periods (期間): a trial in which everyone takes a turn (試行期間: at least N telework
 * days each), a cap per month (月の上限), or both, over a date range and some divisions (all
 * when none are chosen). The week's problem carries every period that overlaps it, with the
 * days each person already teleworked in it in published weeks (problem.ts), and the engine
 * plans the goal and the cap with the week (docs/format-periods.md).
 *
 * Two periods with a goal whose dates overlap for a division must be nested (one inside the
 * other); a period with a cap only may overlap anything.
 */
import { EntityManager } from 'typeorm';
import { Database } from '../../persistence/database';
import { DivisionEntity, PeriodEntity, PeriodTurnDays } from '../../persistence/entities';
import { Actor, assertHr, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { AppError, conflict, forbidden, invalid, notFound } from '../errors';
import { clean, readDate, readOptionalInt, readText, trimText } from '../form-input';
import { readRevision, saveAtRevision, staleConflict } from './revision';

/** Longest period, and the most days a goal or a cap may name. */
export const MAX_PERIOD_DAYS = 366;
export const MAX_PERIOD_COUNT = 31;
export const MAX_PERIODS = 20;

export const TURN_DAY_LABELS: Readonly<Record<PeriodTurnDays, string>> = {
  requested: '希望した日だけ',
  possible: '「順番なら可」の日から',
  any: '出勤日ならどの日でも',
};

export interface PeriodInput {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly divisions: readonly string[];
  readonly minDays: string;
  readonly maxDays: string;
  readonly turnDays: string;
  readonly revision: string;
}

export interface PeriodView {
  readonly id: number;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly divisions: readonly string[];
  readonly minDays: number | null;
  readonly maxDays: number | null;
  readonly turnDays: PeriodTurnDays;
  readonly revision: number;
}

export const emptyPeriodInput = (): PeriodInput => ({
  name: '',
  from: '',
  to: '',
  divisions: [],
  minDays: '',
  maxDays: '',
  turnDays: 'requested',
  revision: '',
});

export const inputOfPeriod = (p: PeriodView): PeriodInput => ({
  name: p.name,
  from: p.from,
  to: p.to,
  divisions: p.divisions,
  minDays: p.minDays === null ? '' : String(p.minDays),
  maxDays: p.maxDays === null ? '' : String(p.maxDays),
  turnDays: p.turnDays,
  revision: String(p.revision),
});

export function viewOfPeriod(p: PeriodEntity): PeriodView {
  return {
    id: p.id,
    name: p.name,
    from: p.fromDay,
    to: p.toDay,
    divisions: divisionsOf(p),
    minDays: p.minDays,
    maxDays: p.maxDays,
    turnDays: p.turnDays,
    revision: p.revision,
  };
}

/** The division ids a period applies to; empty: every division. */
export function divisionsOf(p: Pick<PeriodEntity, 'divisionIds'>): string[] {
  return p.divisionIds === '' ? [] : p.divisionIds.split(',');
}

export async function periodsPage(m: EntityManager, actor: Actor): Promise<{ periods: PeriodView[]; divisions: DivisionEntity[] }> {
  assertHr(actor);
  const [periods, divisions] = [
    await m.find(PeriodEntity, { order: { fromDay: 'ASC', id: 'ASC' } }),
    await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } }),
  ];
  return { periods: periods.map(viewOfPeriod), divisions };
}

/**
 * A division's periods as its chief sees them: HR's that apply to it (read only) and the
 * division's own (those whose only division it is, which its chief may change).
 */
export async function divisionPeriodsPage(
  m: EntityManager,
  actor: Actor,
  divisionId: string,
): Promise<{ division: DivisionEntity; own: PeriodView[]; others: PeriodView[] }> {
  assertManages(actor, divisionId);
  const division = await m.findOneBy(DivisionEntity, { id: divisionId });
  if (!division) throw notFound('この課は登録されていません。');
  const all = (await m.find(PeriodEntity, { order: { fromDay: 'ASC', id: 'ASC' } })).map(viewOfPeriod);
  const applies = all.filter((p) => p.divisions.length === 0 || p.divisions.includes(divisionId));
  const own = applies.filter((p) => isOwnPeriod(p, divisionId));
  return { division, own, others: applies.filter((p) => !own.includes(p)) };
}

/** A period of one division only, which that division's chief may set. */
export function isOwnPeriod(p: Pick<PeriodView, 'divisions'>, divisionId: string): boolean {
  return p.divisions.length === 1 && p.divisions[0] === divisionId;
}

/** HR may set any period; a chief only their own division's, for that division alone. */
function assertMaySet(actor: Actor, divisions: readonly string[]): void {
  if (actor.role === 'hr') return;
  if (divisions.length !== 1) throw forbidden('課長が設定できるのは、自分の課だけの期間です。');
  assertManages(actor, divisions[0]);
}

/** The periods that overlap the days from … to (inclusive). */
export function periodsOverlapping(m: EntityManager, from: string, to: string): Promise<PeriodEntity[]> {
  return m
    .createQueryBuilder(PeriodEntity, 'p')
    .where('p.fromDay <= :to AND p.toDay >= :from', { from, to })
    .orderBy('p.fromDay', 'ASC')
    .addOrderBy('p.id', 'ASC')
    .getMany();
}

interface PeriodFields {
  readonly name: string;
  readonly fromDay: string;
  readonly toDay: string;
  readonly divisionIds: string;
  readonly minDays: number | null;
  readonly maxDays: number | null;
  readonly turnDays: PeriodTurnDays;
}

/** Every field of the form checked, then the period against the others; all problems at once. */
async function readPeriod(
  m: EntityManager,
  input: PeriodInput,
  except: number | null,
  problems: string[],
): Promise<PeriodFields | undefined> {
  const name = readText(input.name, '期間の名前', 60, problems);
  const from = readDate(input.from, '開始日', problems);
  const to = readDate(input.to, '終了日', problems);
  if (from && to) {
    if (from > to) problems.push(`「終了日」${to} が「開始日」${from} より前です。`);
    else if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) problems.push(`期間は${MAX_PERIOD_DAYS}日までにしてください（${from}〜${to}）。`);
  }
  const minDays = readOptionalInt(input.minDays, '最低日数（目標）', 0, MAX_PERIOD_COUNT, problems);
  const maxDays = readOptionalInt(input.maxDays, '上限日数', 0, MAX_PERIOD_COUNT, problems);
  if (minDays === null && maxDays === null) problems.push('「最低日数（目標）」か「上限日数」の少なくとも一方を入れてください。');
  if (typeof minDays === 'number' && typeof maxDays === 'number' && minDays > maxDays)
    problems.push(`「最低日数（目標）」${minDays}日が「上限日数」${maxDays}日を超えています。`);
  const turnDays = (Object.keys(TURN_DAY_LABELS) as PeriodTurnDays[]).find((k) => k === input.turnDays);
  if (!turnDays) problems.push('「希望しない職員の順番」を選んでください。');
  const known = new Set((await m.find(DivisionEntity, { select: { id: true } })).map((d) => d.id));
  const divisions = [...new Set(input.divisions.map(clean).filter((id) => id !== ''))];
  if (divisions.some((id) => !known.has(id))) problems.push('「対象の課」に登録されていない課があります。選び直してください。');
  if (problems.length || !name || !from || !to || minDays === undefined || maxDays === undefined || !turnDays) return undefined;
  const others = (await m.find(PeriodEntity)).filter((p) => p.id !== except);
  if (others.length >= MAX_PERIODS && except === null)
    problems.push(`期間は${MAX_PERIODS}件までです。終わった期間を削除してから追加してください。`);
  if ((minDays ?? 0) > 0) {
    for (const other of others) {
      if ((other.minDays ?? 0) <= 0 || other.toDay < from || other.fromDay > to) continue;
      const theirs = divisionsOf(other);
      const shared = divisions.length === 0 || theirs.length === 0 || theirs.some((id) => divisions.includes(id));
      const nested = (other.fromDay <= from && to <= other.toDay) || (from <= other.fromDay && other.toDay <= to);
      if (shared && !nested)
        problems.push(
          `期間「${other.name}」（${other.fromDay}〜${other.toDay}）と日付が重なっています。目標のある期間どうしは、重ならないか、一方がもう一方を含むようにしてください。`,
        );
    }
  }
  if (problems.length) return undefined;
  return { name, fromDay: from, toDay: to, divisionIds: divisions.join(','), minDays, maxDays, turnDays };
}

export async function createPeriod(db: Database, actor: Actor, input: PeriodInput): Promise<{ id: number; name: string }> {
  assertMaySet(actor, input.divisions);
  return db.write(
    async (m) => {
      const problems: string[] = [];
      const fields = await readPeriod(m, input, null, problems);
      if (!fields) throw invalid('期間を追加できませんでした。次の項目を直してください。何も保存していません。', problems);
      const now = new Date().toISOString();
      const saved = await m.save(
        PeriodEntity,
        m.create(PeriodEntity, { ...fields, revision: 1, updatedBy: actor.loginId, updatedAt: now }),
      );
      await audit(m, actor.loginId, 'period-create', 'period', String(saved.id), null, { ...fields });
      return { id: saved.id, name: saved.name };
    },
    ['organisation'],
  );
}

export async function updatePeriod(db: Database, actor: Actor, id: number, input: PeriodInput): Promise<{ changed: boolean }> {
  assertMaySet(actor, input.divisions);
  const seen = readRevision(input.revision)!;
  return db.write(
    async (m) => {
      const p = await m.findOneBy(PeriodEntity, { id });
      if (!p) throw notFound('この期間は登録されていません。');
      assertMaySet(actor, divisionsOf(p));
      if (p.revision !== seen) throw periodConflict(p, input);
      const problems: string[] = [];
      const fields = await readPeriod(m, input, id, problems);
      if (!fields) throw invalid(`期間「${p.name}」を保存できませんでした。次の項目を直してください。何も保存していません。`, problems);
      const before: PeriodFields = {
        name: p.name,
        fromDay: p.fromDay,
        toDay: p.toDay,
        divisionIds: p.divisionIds,
        minDays: p.minDays,
        maxDays: p.maxDays,
        turnDays: p.turnDays,
      };
      const keys = (Object.keys(fields) as (keyof PeriodFields)[]).filter((k) => before[k] !== fields[k]);
      if (keys.length === 0) return { changed: false };
      const after = { ...fields, updatedBy: actor.loginId, updatedAt: new Date().toISOString() };
      if (!(await saveAtRevision(m, PeriodEntity, 'id = :id', { id }, seen, after)))
        throw periodConflict((await m.findOneBy(PeriodEntity, { id })) ?? p, input);
      await audit(
        m,
        actor.loginId,
        'period-update',
        'period',
        String(id),
        Object.fromEntries(keys.map((k) => [k, before[k]])),
        Object.fromEntries(keys.map((k) => [k, fields[k]])),
      );
      return { changed: true };
    },
    ['organisation'],
  );
}

export async function deletePeriod(db: Database, actor: Actor, id: number, revisionText: string): Promise<{ name: string }> {
  const seen = readRevision(revisionText)!;
  return db.write(
    async (m) => {
      const p = await m.findOneBy(PeriodEntity, { id });
      if (!p) throw conflict('この期間は、すでに削除されています（別の人が先に削除しました）。');
      assertMaySet(actor, divisionsOf(p));
      if (p.revision !== seen) throw staleConflict(`期間「${p.name}」`);
      const deleted = await m.delete(PeriodEntity, { id, revision: seen });
      if (deleted.affected !== 1) throw staleConflict(`期間「${p.name}」`);
      await audit(m, actor.loginId, 'period-delete', 'period', String(id), { ...viewOfPeriod(p) }, null);
      return { name: p.name };
    },
    ['organisation'],
  );
}

function periodConflict(p: PeriodEntity, input: PeriodInput): AppError {
  const saved = inputOfPeriod(viewOfPeriod(p));
  const label: Record<string, string> = {
    name: '名前',
    from: '開始日',
    to: '終了日',
    minDays: '最低日数',
    maxDays: '上限日数',
    turnDays: '順番',
  };
  const lines = Object.keys(label)
    .filter((k) => clean(String(saved[k as keyof PeriodInput])) !== trimText(String(input[k as keyof PeriodInput])))
    .map(
      (k) =>
        `${label[k]}: 保存済み「${String(saved[k as keyof PeriodInput]) || '（空欄）'}」／あなたの入力「${trimText(String(input[k as keyof PeriodInput])) || '（空欄）'}」`,
    );
  return staleConflict(`期間「${p.name}」`, lines.length ? lines : ['保存済みの値とあなたの入力に違いはありません。']);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
