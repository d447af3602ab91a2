/**
 * Service counters (窓口): their name and minimum staff Monday to Friday,
 * new counters, and per-date overrides (a busy day after a holiday, a quiet
 * day in August).
 */
import { EntityManager, MoreThanOrEqual } from 'typeorm';
import { dayJa } from '../../domain/explanation';
import { weekdayOf, weekOf } from '../../domain/calendar';
import { Database } from '../../persistence/database';
import { ClosureDayEntity, CounterEntity, CounterOverrideEntity, DivisionEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { AppError, conflict, invalid, notFound } from '../errors';
import { alwaysClosedBecause, clean, readDate, readId, readInt, readText, WEEKDAY_LABELS } from '../form-input';
import { isUniqueViolation, readRevision, saveAtRevision, staleConflict } from './revision';

export const MAX_MINIMUM = 50;

/** A counter form as typed: name and Monday … Friday minimums. */
export interface CounterInput {
  readonly id: string;
  readonly divisionId: string;
  readonly name: string;
  readonly min: readonly string[];
  /** The revision the form was built from ('' for a new counter). */
  readonly revision: string;
}

export interface CounterView {
  readonly id: string;
  readonly divisionId: string;
  readonly name: string;
  /** Monday … Friday. */
  readonly min: readonly number[];
  readonly revision: number;
  readonly overrides: readonly {
    readonly id: number;
    readonly day: string;
    readonly label: string;
    readonly min: number;
    readonly usual: number;
    readonly revision: number;
  }[];
}

export interface CountersPage {
  readonly divisions: readonly { readonly id: string; readonly name: string; readonly counters: readonly CounterView[] }[];
  readonly from: string;
}

/** Every counter by division, with the overrides from `from` on. */
export async function countersPage(m: EntityManager, actor: Actor, from: string): Promise<CountersPage> {
  assertHr(actor);
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const counters = await m.find(CounterEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const overrides = await m.find(CounterOverrideEntity, { where: { day: MoreThanOrEqual(from) }, order: { day: 'ASC' } });
  const view = (c: CounterEntity): CounterView => ({
    id: c.id,
    divisionId: c.divisionId,
    name: c.name,
    min: c.minByWeekday.slice(0, 5),
    revision: c.revision,
    overrides: overrides
      .filter((o) => o.counterId === c.id)
      .map((o) => ({
        id: o.id,
        day: o.day,
        label: dayJa(o.day),
        min: o.min,
        usual: c.minByWeekday[weekdayOf(o.day) - 1] ?? 0,
        revision: o.revision,
      })),
  });
  return {
    divisions: divisions.map((d) => ({ id: d.id, name: d.name, counters: counters.filter((c) => c.divisionId === d.id).map(view) })),
    from,
  };
}

export const inputOfCounter = (c: CounterView): CounterInput => ({
  id: c.id,
  divisionId: c.divisionId,
  name: c.name,
  min: c.min.map(String),
  revision: String(c.revision),
});

function readMinimums(min: readonly string[], problems: string[], what: string): number[] {
  return WEEKDAY_LABELS.slice(0, 5).map((w, i) => readInt(min[i] ?? '', `${what}${w}曜日の最低人数`, 0, MAX_MINIMUM, problems) ?? 0);
}

export async function createCounter(db: Database, actor: Actor, input: CounterInput): Promise<string> {
  assertHr(actor);
  const problems: string[] = [];
  const id = readId(input.id, '窓口ID', problems);
  const name = readText(input.name, '窓口名', 100, problems);
  const min = readMinimums(input.min, problems, '');
  return db.write(
    async (m) => {
      const division = input.divisionId ? await m.findOneBy(DivisionEntity, { id: input.divisionId }) : null;
      if (!division) problems.push('「所属課」を選んでください。');
      if (id && (await m.existsBy(CounterEntity, { id }))) problems.push(`「窓口ID」${id} はすでに使われています。`);
      if (problems.length) throw invalid('窓口を追加できませんでした。次の項目を直してください。何も保存していません。', problems);
      const last = await m
        .createQueryBuilder(CounterEntity, 'c')
        .select('MAX(c.sortOrder)', 'n')
        .getRawOne<{ n: number | string | null }>();
      const sortOrder = Number(last?.n ?? 0) + 1;
      const row = { id: id!, divisionId: division!.id, name: name!, minByWeekday: [...min, 0, 0], sortOrder };
      try {
        await m.insert(CounterEntity, row);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw invalid('窓口を追加できませんでした。何も保存していません。', [`「窓口ID」${id} はすでに使われています。`]);
      }
      await audit(m, actor.loginId, 'counter-create', 'counter', id!, null, {
        divisionId: row.divisionId,
        name: row.name,
        minByWeekday: row.minByWeekday,
      });
      return id!;
    },
    ['organisation'],
  );
}

export async function updateCounter(db: Database, actor: Actor, id: string, input: CounterInput): Promise<{ changed: boolean }> {
  assertHr(actor);
  const seen = readRevision(input.revision)!;
  return db.write(
    async (m) => {
      const c = await m.findOneBy(CounterEntity, { id });
      if (!c) throw notFound('この窓口は登録されていません。');
      if (c.revision !== seen) throw counterConflict(c, input);
      const problems: string[] = [];
      const name = readText(input.name, `窓口名（${c.name}）`, 100, problems);
      const min = readMinimums(input.min, problems, `${c.name}の`);
      if (problems.length) throw invalid(`${c.name}を保存できませんでした。次の項目を直してください。何も保存していません。`, problems);
      const minByWeekday = [...min, c.minByWeekday[5] ?? 0, c.minByWeekday[6] ?? 0];
      if (name === c.name && JSON.stringify(minByWeekday) === JSON.stringify(c.minByWeekday)) return { changed: false };
      if (!(await saveAtRevision(m, CounterEntity, 'id = :id', { id }, seen, { name: name!, minByWeekday })))
        throw counterConflict((await m.findOneBy(CounterEntity, { id })) ?? c, input);
      await audit(
        m,
        actor.loginId,
        'counter-update',
        'counter',
        id,
        { name: c.name, minByWeekday: c.minByWeekday },
        { name, minByWeekday },
      );
      return { changed: true };
    },
    ['organisation'],
  );
}

/** Sets the minimum of one counter on one date (replacing an earlier override of that date). */
export async function setOverride(
  db: Database,
  actor: Actor,
  counterId: string,
  dayText: string,
  minText: string,
  /** The override's revision the form was built from; `none` for a date without one. */
  revisionText: string,
): Promise<{ day: string; week: string }> {
  assertHr(actor);
  const seen = readRevision(revisionText, true);
  const problems: string[] = [];
  const day = readDate(dayText, '日付', problems);
  const min = readInt(minText, 'その日の最低人数', 0, MAX_MINIMUM, problems);
  if (day) {
    const because = alwaysClosedBecause(day);
    if (because) problems.push(`${day} は${because}のため閉庁日です。開庁日を指定してください。`);
  }
  const week = day ? weekOf(day) : '';
  return db.write(
    async (m) => {
      const c = await m.findOneBy(CounterEntity, { id: counterId });
      if (!c) throw notFound('この窓口は登録されていません。');
      if (day) {
        const closure = await m.findOneBy(ClosureDayEntity, { day });
        if (closure) problems.push(`${day} は閉庁日（${closure.name}）です。開庁日を指定してください。`);
      }
      if (problems.length) throw invalid(`${c.name}の日別の最低人数を保存できませんでした。`, problems);
      const existing = await m.findOneBy(CounterOverrideEntity, { counterId, day: day! });
      const stale = () => overrideConflict(c.name, day!);
      if ((existing?.revision ?? null) !== seen) throw stale();
      if (existing) {
        if (!(await saveAtRevision(m, CounterOverrideEntity, 'id = :id', { id: existing.id }, existing.revision, { min: min! })))
          throw stale();
      } else {
        try {
          await m.insert(CounterOverrideEntity, { counterId, day: day!, min: min! });
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          throw stale();
        }
      }
      await audit(
        m,
        actor.loginId,
        'counter-override-set',
        'counter-override',
        `${counterId}|${day}`,
        existing ? { min: existing.min } : null,
        { min },
      );
      return { day: day!, week };
    },
    [week, 'organisation'],
  );
}

export async function deleteOverride(
  db: Database,
  actor: Actor,
  counterId: string,
  overrideId: number,
  /** The override's revision the page was built from. */
  revisionText: string,
): Promise<{ day: string; week: string }> {
  assertHr(actor);
  const seen = readRevision(revisionText)!;
  const gone = () => conflict('この日別の設定は、すでに取り消されています（別の人が先に取り消しました）。最新の内容を確認してください。');
  const row = Number.isSafeInteger(overrideId) ? await db.manager.findOneBy(CounterOverrideEntity, { id: overrideId, counterId }) : null;
  if (!row) throw gone();
  const week = weekOf(row.day);
  return db.write(
    async (m) => {
      const again = await m.findOneBy(CounterOverrideEntity, { id: overrideId, counterId });
      if (!again) throw gone();
      const c = await m.findOneBy(CounterEntity, { id: counterId });
      if (again.revision !== seen) throw overrideConflict(c?.name ?? counterId, again.day);
      const deleted = await m.delete(CounterOverrideEntity, { id: overrideId, revision: seen });
      if (deleted.affected !== 1) throw overrideConflict(c?.name ?? counterId, again.day);
      await audit(m, actor.loginId, 'counter-override-delete', 'counter-override', `${counterId}|${again.day}`, { min: again.min }, null);
      return { day: again.day, week };
    },
    [week, 'organisation'],
  );
}

/** Someone saved the counter after the form was opened: a 409 comparing the saved values with the input. */
function counterConflict(c: CounterEntity, input: CounterInput): AppError {
  const lines: string[] = [];
  if (clean(input.name) !== c.name) lines.push(`窓口名: 保存済み「${c.name}」／あなたの入力「${clean(input.name) || '（空欄）'}」`);
  WEEKDAY_LABELS.slice(0, 5).forEach((w, i) => {
    const saved = String(c.minByWeekday[i] ?? 0);
    const typed = clean(input.min[i] ?? '');
    if (saved !== typed) lines.push(`${w}曜日の最低人数: 保存済み「${saved}」／あなたの入力「${typed || '（空欄）'}」`);
  });
  return staleConflict(`窓口「${c.name}」`, lines.length ? lines : ['保存済みの値とあなたの入力に違いはありません。']);
}

/** The override of that date changed (set, changed or taken back) after the page was opened. */
function overrideConflict(counterName: string, day: string): AppError {
  return staleConflict(`${counterName}の ${day} の日別の最低人数`);
}
