/**
 * HR's places (場所): where staff may telework besides home — a satellite office (サテライトオフィス),
 * a branch (支所), a co-working space. Each has desks per open day, shared by every division
 * (0: no new requests there), and says whether a day there takes a remote-access licence and a
 * terminal, as a day at home does (a co-working space), or not (an office on the internal
 * network). The week's problem names a place `place-<id>` (place-names.ts).
 *
 * A place that anything refers to — a request, a possible day, an assignment, a published
 * roster — cannot be deleted: the records would lose where the day was. Setting its desks to 0
 * stops new requests instead.
 */
import { EntityManager } from 'typeorm';
import { Database } from '../../persistence/database';
import {
  AssignmentEntity,
  PlaceEntity,
  PossibleDayEntity,
  RosterPublicationEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { AppError, conflict, invalid, notFound } from '../errors';
import { clean, readInt, readOptionalInt, readText, trimText } from '../form-input';
import { MAX_SORT_ORDER } from './divisions';
import { listPlaces, placeKey } from './place-names';
import { isUniqueViolation, readRevision, saveAtRevision, staleConflict } from './revision';

export const MAX_PLACES = 1000;
export const MAX_DESKS = 10_000;
export const MAX_PLACE_NAME = 60;

/** How a day at the place reaches the office's systems: the form's radio values. */
export type PlaceAccess = 'network' | 'remote';

export const ACCESS_LABELS: Readonly<Record<PlaceAccess, string>> = {
  network: '庁内ネットワークにつながる（ライセンス・端末は使わない）',
  remote: 'リモート接続が必要（ライセンスと端末を1つずつ使う）',
};

/** The place form as typed. */
export interface PlaceInput {
  readonly name: string;
  readonly desks: string;
  /** `network`, `remote`, or '' when neither was chosen. */
  readonly access: string;
  /** Blank: after the other places. */
  readonly sortOrder: string;
  /** The revision the form was built from ('' for a new place). */
  readonly revision: string;
}

export interface PlaceView {
  readonly id: number;
  readonly name: string;
  readonly desks: number;
  readonly licence: boolean;
  readonly sortOrder: number;
  readonly revision: number;
}

export const emptyPlaceInput = (): PlaceInput => ({ name: '', desks: '', access: '', sortOrder: '', revision: '' });

export const accessOf = (licence: boolean): PlaceAccess => (licence ? 'remote' : 'network');

export const inputOfPlace = (p: PlaceView): PlaceInput => ({
  name: p.name,
  desks: String(p.desks),
  access: accessOf(p.licence),
  sortOrder: String(p.sortOrder),
  revision: String(p.revision),
});

export const viewOfPlace = (p: PlaceEntity): PlaceView => ({
  id: p.id,
  name: p.name,
  desks: p.desks,
  licence: p.licence,
  sortOrder: p.sortOrder,
  revision: p.revision,
});

/** Every place in HR's order. */
export async function placesPage(m: EntityManager, actor: Actor): Promise<PlaceView[]> {
  assertHr(actor);
  return (await listPlaces(m)).map(viewOfPlace);
}

interface PlaceFields {
  readonly name: string;
  readonly desks: number;
  readonly licence: boolean;
  readonly sortOrder: number;
}

const FIELD_LABELS = { name: '名前', desks: '席数（1日あたり）', access: 'ライセンス・端末', sortOrder: '表示順' } as const;

/** Every field of the form checked, then the name and the count against the other places; all problems at once. */
async function readPlace(m: EntityManager, input: PlaceInput, except: number | null, problems: string[]): Promise<PlaceFields | undefined> {
  const name = readText(input.name, FIELD_LABELS.name, MAX_PLACE_NAME, problems);
  const desks = readInt(input.desks, FIELD_LABELS.desks, 0, MAX_DESKS, problems);
  const access = input.access === 'network' || input.access === 'remote' ? input.access : undefined;
  if (!access)
    problems.push(`「${FIELD_LABELS.access}」を選んでください（庁内ネットワークにつながる場所か、リモート接続が必要な場所か）。`);
  const sortOrder = readOptionalInt(input.sortOrder, FIELD_LABELS.sortOrder, 0, MAX_SORT_ORDER, problems);
  const others = (await m.find(PlaceEntity)).filter((p) => p.id !== except);
  // Names are compared as people read them: full-width and half-width alike (NFKC), spaces around ignored.
  const same = name === undefined ? undefined : others.find((p) => clean(p.name) === clean(name));
  if (same) problems.push(`「${FIELD_LABELS.name}」${name} の場所はすでにあります。別の名前にしてください。`);
  if (except === null && others.length >= MAX_PLACES)
    problems.push(`場所は${MAX_PLACES}件までです。使っていない場所を削除してから追加してください。`);
  if (problems.length || name === undefined || desks === undefined || !access || sortOrder === undefined) return undefined;
  const last = others.reduce((n, p) => Math.max(n, p.sortOrder), -1);
  return { name, desks, licence: access === 'remote', sortOrder: sortOrder ?? Math.min(last + 1, MAX_SORT_ORDER) };
}

/** The database refused a name another save took meanwhile. */
const nameTakenLine = (name: string) => `「${FIELD_LABELS.name}」${name} の場所はすでにあります。別の名前にしてください。`;

export async function createPlace(db: Database, actor: Actor, input: PlaceInput): Promise<{ id: number; name: string; desks: number }> {
  assertHr(actor);
  const failed = (problems: readonly string[]) =>
    invalid('場所を追加できませんでした。次の項目を直してください。何も保存していません。', problems);
  return db.write(
    async (m) => {
      const problems: string[] = [];
      const fields = await readPlace(m, input, null, problems);
      if (!fields) throw failed(problems);
      let saved: PlaceEntity;
      try {
        saved = await m.save(
          PlaceEntity,
          m.create(PlaceEntity, { ...fields, revision: 1, updatedBy: actor.loginId, updatedAt: new Date().toISOString() }),
        );
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw failed([nameTakenLine(fields.name)]);
      }
      await audit(m, actor.loginId, 'place-create', 'place', String(saved.id), null, { ...fields });
      return { id: saved.id, name: saved.name, desks: saved.desks };
    },
    ['organisation'],
  );
}

export async function updatePlace(
  db: Database,
  actor: Actor,
  id: number,
  input: PlaceInput,
): Promise<{ changed: readonly string[]; name: string; desks: number }> {
  assertHr(actor);
  const seen = readRevision(input.revision)!;
  return db.write(
    async (m) => {
      const p = await m.findOneBy(PlaceEntity, { id });
      if (!p) throw notFound('この場所は登録されていません。');
      if (p.revision !== seen) throw placeConflict(p, input);
      const problems: string[] = [];
      const fields = await readPlace(m, input, id, problems);
      const failed = (lines: readonly string[]) =>
        invalid(`場所「${p.name}」を保存できませんでした。次の項目を直してください。何も保存していません。`, lines);
      if (!fields) throw failed(problems);
      const before: PlaceFields = { name: p.name, desks: p.desks, licence: p.licence, sortOrder: p.sortOrder };
      const keys = (Object.keys(fields) as (keyof PlaceFields)[]).filter((k) => before[k] !== fields[k]);
      if (keys.length === 0) return { changed: [], name: p.name, desks: p.desks };
      const after = { ...fields, updatedBy: actor.loginId, updatedAt: new Date().toISOString() };
      let saved: boolean;
      try {
        saved = await saveAtRevision(m, PlaceEntity, 'id = :id', { id }, seen, after);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw failed([nameTakenLine(fields.name)]);
      }
      if (!saved) throw placeConflict((await m.findOneBy(PlaceEntity, { id })) ?? p, input);
      await audit(
        m,
        actor.loginId,
        'place-update',
        'place',
        String(id),
        Object.fromEntries(keys.map((k) => [k, before[k]])),
        Object.fromEntries(keys.map((k) => [k, fields[k]])),
      );
      return { changed: keys.map((k) => FIELD_LABELS[k === 'licence' ? 'access' : k]), name: fields.name, desks: fields.desks };
    },
    ['organisation'],
  );
}

/** Removes a place nothing refers to; one in use is refused (409), saying what uses it and to set its desks to 0 instead. */
export async function deletePlace(db: Database, actor: Actor, id: number, revisionText: string): Promise<{ name: string }> {
  assertHr(actor);
  const seen = readRevision(revisionText)!;
  return db.write(
    async (m) => {
      // On PostgreSQL the row is locked before anything that names it is counted: a request saving a place reads it
      // FOR SHARE (requests.ts), so it either committed before (and is counted) or waits and then finds the place gone.
      const lock = db.kind === 'postgres' ? { mode: 'pessimistic_write' as const } : undefined;
      const p = await m.findOne(PlaceEntity, { where: { id }, ...(lock ? { lock } : {}) });
      if (!p) throw conflict('この場所は、すでに削除されています（別の人が先に削除しました）。');
      if (p.revision !== seen) throw staleConflict(`場所「${p.name}」`);
      const used = (await usesOf(m, id)).filter(([n]) => n > 0).map(([n, what, unit]) => `${what} ${n} ${unit}`);
      if (used.length)
        throw new AppError('conflict', 409, `場所「${p.name}」は使われているため、削除できません。何も変更していません。`, [
          `${used.join('・')}がこの場所を指しています。削除すると、これらの日をどこで勤務したかが分からなくなります。`,
          '新しい希望を受け付けないようにするには、削除せずに「席数（1日あたり）」を0にして保存してください。',
        ]);
      const deleted = await m.delete(PlaceEntity, { id, revision: seen });
      if (deleted.affected !== 1) throw staleConflict(`場所「${p.name}」`);
      const { name, desks, licence, sortOrder } = p;
      await audit(m, actor.loginId, 'place-delete', 'place', String(id), { name, desks, licence, sortOrder }, null);
      return { name };
    },
    ['organisation'],
  );
}

/**
 * What refers to a place: the placeId columns, and published rosters, whose assignments are
 * JSON text (simple-json on both databases) naming it `"place":"place-<id>"`; the closing quote
 * keeps place-1 from matching place-12.
 */
async function usesOf(m: EntityManager, id: number): Promise<readonly (readonly [number, string, string])[]> {
  const published = await m
    .createQueryBuilder(RosterPublicationEntity, 'p')
    .where('p.assignments LIKE :key', { key: `%"${placeKey(id)}"%` })
    .getCount();
  return [
    [await m.countBy(TeleworkRequestEntity, { placeId: id }), '在宅勤務の希望', '件'],
    [await m.countBy(PossibleDayEntity, { placeId: id }), '可能日', '件'],
    [await m.countBy(AssignmentEntity, { placeId: id }), '勤務表（下書きを含む）の割り当て', '件'],
    [published, '公開した勤務表', '版'],
  ];
}

/** Someone saved the place after the form was opened: a 409 comparing the saved values with the input. */
function placeConflict(p: PlaceEntity, input: PlaceInput): AppError {
  const words = (access: string) => (access === 'network' || access === 'remote' ? ACCESS_LABELS[access] : access);
  const saved = { name: p.name, desks: String(p.desks), access: ACCESS_LABELS[accessOf(p.licence)], sortOrder: String(p.sortOrder) };
  const typed = { name: trimText(input.name), desks: clean(input.desks), access: words(input.access), sortOrder: clean(input.sortOrder) };
  const lines = (Object.keys(saved) as (keyof typeof saved)[])
    .filter((k) => saved[k] !== typed[k])
    .map((k) => `${FIELD_LABELS[k]}: 保存済み「${saved[k] || '（空欄）'}」／あなたの入力「${typed[k] || '（空欄）'}」`);
  return staleConflict(`場所「${p.name}」`, lines.length ? lines : ['保存済みの値とあなたの入力に違いはありません。']);
}
