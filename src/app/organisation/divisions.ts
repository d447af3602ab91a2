/**
 * Divisions (所属課): their name, shared telework terminals and place in the
 * lists; new ones, and removing one that nothing refers to (no staff, counter
 * or roster, past or present). A town starting from an empty database makes
 * its divisions here, or lets the staff CSV import make them.
 *
 * Ids travel in URLs and files: ASCII (ID_PATTERN). A division named in
 * ASCII gets its name as id (`Planning Office` → `planning-office`); a
 * Japanese name gets the first free `div-<n>`.
 */
import { EntityManager } from 'typeorm';
import { Database } from '../../persistence/database';
import { CounterEntity, DivisionEntity, RosterEntity, StaffEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { AppError, conflict, invalid, notFound } from '../errors';
import { clean, ID_PATTERN, readId, readInt, readOptionalInt, readText, RESERVED_IDS, trimText } from '../form-input';
import { isUniqueViolation, readRevision, saveAtRevision, staleConflict } from './revision';

export const MAX_TERMINALS = 1000;
export const MAX_SORT_ORDER = 9999;

/** The division form as typed. */
export interface DivisionInput {
  /** New divisions only; blank: made from the name. */
  readonly id: string;
  readonly name: string;
  /** Blank: no limit. */
  readonly terminals: string;
  /** Blank on a new division: after the others. */
  readonly sortOrder: string;
  /** The revision the form was built from ('' for a new division). */
  readonly revision: string;
}

export interface DivisionView {
  readonly id: string;
  readonly name: string;
  readonly terminals: number | null;
  readonly sortOrder: number;
  readonly revision: number;
  readonly staff: number;
  readonly counters: number;
  readonly rosters: number;
}

export const emptyDivisionInput = (): DivisionInput => ({ id: '', name: '', terminals: '', sortOrder: '', revision: '' });

export const inputOfDivision = (d: DivisionView): DivisionInput => ({
  id: d.id,
  name: d.name,
  terminals: d.terminals === null ? '' : String(d.terminals),
  sortOrder: String(d.sortOrder),
  revision: String(d.revision),
});

/** Every division in list order, with what refers to it. */
export async function divisionsPage(m: EntityManager, actor: Actor): Promise<DivisionView[]> {
  assertHr(actor);
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const count = async (entity: typeof StaffEntity | typeof CounterEntity | typeof RosterEntity) =>
    new Map(
      (
        await m
          .createQueryBuilder(entity, 'x')
          .select('x.divisionId', 'id')
          .addSelect('COUNT(*)', 'n')
          .groupBy('x.divisionId')
          .getRawMany<{ id: string; n: number | string }>()
      ).map((r) => [r.id, Number(r.n)]),
    );
  const [staff, counters, rosters] = [await count(StaffEntity), await count(CounterEntity), await count(RosterEntity)];
  return divisions.map((d) => ({
    id: d.id,
    name: d.name,
    terminals: d.terminals,
    sortOrder: d.sortOrder,
    revision: d.revision,
    staff: staff.get(d.id) ?? 0,
    counters: counters.get(d.id) ?? 0,
    rosters: rosters.get(d.id) ?? 0,
  }));
}

/** An id for a new division named `name`, not in `taken`. */
export function divisionIdFor(name: string, taken: ReadonlySet<string>): string {
  const text = clean(name);
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 26)
    .replace(/-+$/, '');
  if (/^[\x20-\x7e]+$/.test(text) && ID_PATTERN.test(slug) && !RESERVED_IDS.has(slug)) {
    let id = slug;
    for (let n = 2; taken.has(id); n++) id = `${slug}-${n}`;
    return id;
  }
  let n = 1;
  while (taken.has(`div-${n}`)) n++;
  return `div-${n}`;
}

/** The sort order after every division's. */
export async function nextDivisionOrder(m: EntityManager): Promise<number> {
  const last = await m.createQueryBuilder(DivisionEntity, 'd').select('MAX(d.sortOrder)', 'n').getRawOne<{ n: number | string | null }>();
  return last?.n === null || last?.n === undefined ? 0 : Number(last.n) + 1;
}

export interface NewDivision {
  readonly id: string;
  readonly name: string;
  readonly terminals: number | null;
  readonly sortOrder: number;
}

/** Inserts a division and audits it (`by`: the login id, or `cli`); inside the caller's transaction. */
export async function insertDivision(m: EntityManager, by: string, division: NewDivision): Promise<void> {
  await m.insert(DivisionEntity, { ...division });
  await audit(m, by, 'division-create', 'division', division.id, null, {
    name: division.name,
    terminals: division.terminals,
    sortOrder: division.sortOrder,
  });
}

/** Another division of that name (names are compared as the import reads them: NFKC, trimmed). */
async function nameTaken(m: EntityManager, name: string, except?: string): Promise<DivisionEntity | undefined> {
  return (await m.find(DivisionEntity)).find((d) => d.id !== except && clean(d.name) === clean(name));
}

export async function createDivision(db: Database, actor: Actor, input: DivisionInput): Promise<{ id: string; name: string }> {
  assertHr(actor);
  const problems: string[] = [];
  const typedId = clean(input.id) === '' ? undefined : readId(input.id, '課ID', problems);
  const name = readText(input.name, '課の名前', 100, problems);
  const terminals = readOptionalInt(input.terminals, '共用端末数', 0, MAX_TERMINALS, problems);
  const sortOrder = readOptionalInt(input.sortOrder, '表示順', 0, MAX_SORT_ORDER, problems);
  const failed = (lines: readonly string[]) =>
    invalid('所属課を追加できませんでした。次の項目を直してください。何も保存していません。', lines);
  return db.write(
    async (m) => {
      if (typedId && (await m.existsBy(DivisionEntity, { id: typedId }))) problems.push(`「課ID」${typedId} はすでに使われています。`);
      const same = name ? await nameTaken(m, name) : undefined;
      if (same) problems.push(`「課の名前」${name} の課はすでにあります（課ID：${same.id}）。`);
      if (problems.length) throw failed(problems);
      const taken = new Set((await m.find(DivisionEntity, { select: { id: true } })).map((d) => d.id));
      const id = typedId ?? divisionIdFor(name!, taken);
      const division = { id, name: name!, terminals: terminals!, sortOrder: sortOrder ?? (await nextDivisionOrder(m)) };
      try {
        await insertDivision(m, actor.loginId, division);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw failed([`「課ID」${id} はすでに使われています。`]);
      }
      return { id, name: division.name };
    },
    ['organisation'],
  );
}

export async function updateDivision(
  db: Database,
  actor: Actor,
  id: string,
  input: DivisionInput,
): Promise<{ changed: readonly string[] }> {
  assertHr(actor);
  const seen = readRevision(input.revision)!;
  return db.write(
    async (m) => {
      const d = await m.findOneBy(DivisionEntity, { id });
      if (!d) throw notFound('この所属課は登録されていません。');
      if (d.revision !== seen) throw divisionConflict(d, input);
      const problems: string[] = [];
      const name = readText(input.name, `課の名前（${d.name}）`, 100, problems);
      const terminals = readOptionalInt(input.terminals, `${d.name}の共用端末数`, 0, MAX_TERMINALS, problems);
      const sortOrder = readInt(input.sortOrder, `${d.name}の表示順`, 0, MAX_SORT_ORDER, problems);
      const same = name ? await nameTaken(m, name, id) : undefined;
      if (same) problems.push(`「課の名前」${name} の課はすでにあります（課ID：${same.id}）。`);
      if (problems.length) throw invalid(`${d.name}を保存できませんでした。次の項目を直してください。何も保存していません。`, problems);
      const before = { name: d.name, terminals: d.terminals, sortOrder: d.sortOrder };
      const after = { name: name!, terminals: terminals!, sortOrder: sortOrder! };
      const keys = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
      if (keys.length === 0) return { changed: [] };
      if (!(await saveAtRevision(m, DivisionEntity, 'id = :id', { id }, seen, after)))
        throw divisionConflict((await m.findOneBy(DivisionEntity, { id })) ?? d, input);
      await audit(
        m,
        actor.loginId,
        'division-update',
        'division',
        id,
        Object.fromEntries(keys.map((k) => [k, before[k]])),
        Object.fromEntries(keys.map((k) => [k, after[k]])),
      );
      return { changed: keys.map((k) => FIELD_LABELS[k]) };
    },
    ['organisation'],
  );
}

/** Removes a division nothing refers to; one with staff, counters or rosters is refused, saying which. */
export async function deleteDivision(db: Database, actor: Actor, id: string, revisionText: string): Promise<{ name: string }> {
  assertHr(actor);
  const seen = readRevision(revisionText)!;
  return db.write(
    async (m) => {
      const d = await m.findOneBy(DivisionEntity, { id });
      if (!d) throw conflict('この所属課は、すでに削除されています（別の人が先に削除しました）。');
      if (d.revision !== seen) throw staleConflict(`所属課「${d.name}」`);
      const uses = [
        [await m.countBy(StaffEntity, { divisionId: id }), '職員', '名'],
        [await m.countBy(CounterEntity, { divisionId: id }), '窓口', '件'],
        [await m.countBy(RosterEntity, { divisionId: id }), '勤務表', '週分'],
      ] as const;
      const used = uses.filter(([n]) => n > 0).map(([n, what, unit]) => `${what} ${n} ${unit}`);
      if (used.length)
        throw invalid(`所属課「${d.name}」は削除できません。`, [
          `${used.join('・')}がこの課に登録されています。職員と窓口をほかの課に移してから削除してください（勤務表のある課は、記録のため削除できません。名前を変えて使ってください）。`,
        ]);
      const deleted = await m.delete(DivisionEntity, { id, revision: seen });
      if (deleted.affected !== 1) throw staleConflict(`所属課「${d.name}」`);
      await audit(
        m,
        actor.loginId,
        'division-delete',
        'division',
        id,
        { name: d.name, terminals: d.terminals, sortOrder: d.sortOrder },
        null,
      );
      return { name: d.name };
    },
    ['organisation'],
  );
}

const FIELD_LABELS = { name: '課の名前', terminals: '共用端末数', sortOrder: '表示順' } as const;

/** Someone saved the division after the form was opened: a 409 comparing the saved values with the input. */
function divisionConflict(d: DivisionEntity, input: DivisionInput): AppError {
  const saved = { name: d.name, terminals: d.terminals === null ? '' : String(d.terminals), sortOrder: String(d.sortOrder) };
  const typed = { name: trimText(input.name), terminals: clean(input.terminals), sortOrder: clean(input.sortOrder) };
  const lines = (Object.keys(saved) as (keyof typeof saved)[])
    .filter((k) => saved[k] !== typed[k])
    .map((k) => `${FIELD_LABELS[k]}: 保存済み「${saved[k] || '（空欄）'}」／あなたの入力「${typed[k] || '（空欄）'}」`);
  return staleConflict(`所属課「${d.name}」`, lines.length ? lines : ['保存済みの値とあなたの入力に違いはありません。']);
}
