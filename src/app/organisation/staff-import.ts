/**
 * The staff master from a CSV file (the personnel system's export, or one
 * kept in Excel): read it in UTF-8 or Shift_JIS, check every row, show what
 * would change, then apply all rows in one transaction or none.
 *
 * Nothing is kept between the preview and the confirmation: the confirm form
 * carries the normalised file back (base64 of UTF-8) and it is checked again,
 * inside the transaction, before anything is written.
 *
 * Columns (Japanese headers, any order; the last five may be left out):
 * 職員番号, 氏名, 所属課 (id or name; a name no division has yet makes a new
 * division, listed in the preview), 職種, 介護・育児 (あり/なし, 1/0),
 * 週上限 (blank = the policy's), 担当窓口 (ids or names separated by
 * ・ / ; 、), 在職 (在職/退職, 1/0), メールアドレス (blank = none; where
 * notifications are e-mailed). A column left out keeps the stored value.
 * Staff missing from the file are left as they are.
 *
 * New staff get an account without a password: HR issues each person a
 * one-time login link from their staff page (setup-links.ts). The result
 * lists who was created, never a password.
 */
import { parse } from 'csv-parse/sync';
import { excelCsv, unguardCell } from '../excel-csv';
import * as iconv from 'iconv-lite';
import { EntityManager } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, CounterEntity, DivisionEntity, StaffEntity } from '../../persistence/entities';
import { endOtherSessions } from '../accounts/accounts';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { invalid } from '../errors';
import { clean, ID_PATTERN, RESERVED_IDS, trimText, yesNo } from '../form-input';
import { divisionIdFor, insertDivision, nextDivisionOrder } from './divisions';
import { insertStaff, readEmail, sessionEndReasons } from './staff';

export const MAX_IMPORT_BYTES = 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

type Column = 'id' | 'name' | 'division' | 'jobType' | 'caregiver' | 'max' | 'counters' | 'active' | 'email';

/** The header written in templates and exports, in this order. */
export const COLUMN_HEADERS: Readonly<Record<Column, string>> = {
  id: '職員番号',
  name: '氏名',
  division: '所属課',
  jobType: '職種',
  caregiver: '介護・育児',
  max: '週上限',
  counters: '担当窓口',
  active: '在職',
  email: 'メールアドレス',
};
const REQUIRED: readonly Column[] = ['id', 'name', 'division', 'jobType'];

/** Header spellings accepted, compared without spaces and ・. */
const ALIASES: Readonly<Record<string, Column>> = {
  職員番号: 'id',
  職員id: 'id',
  職員コード: 'id',
  氏名: 'name',
  名前: 'name',
  職員名: 'name',
  所属課: 'division',
  所属: 'division',
  課: 'division',
  課名: 'division',
  職種: 'jobType',
  介護育児: 'caregiver',
  育児介護: 'caregiver',
  介護: 'caregiver',
  週上限: 'max',
  週の上限: 'max',
  週の上限日数: 'max',
  上限日数: 'max',
  担当窓口: 'counters',
  窓口: 'counters',
  在職: 'active',
  在職区分: 'active',
  在職状況: 'active',
  メールアドレス: 'email',
  メール: 'email',
  eメール: 'email',
  eメールアドレス: 'email',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  mailaddress: 'email',
};

export type Encoding = 'UTF-8' | 'Shift_JIS';

/** Strict UTF-8 first (a BOM is dropped); anything else is read as Shift_JIS (cp932, as Excel writes it). */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: Encoding } {
  let text: string;
  let encoding: Encoding = 'UTF-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(Buffer.from(bytes), 'cp932');
    encoding = 'Shift_JIS';
  }
  return { text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), encoding };
}

/** The normalised text as the confirm form carries it. */
export const encodeForForm = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export function decodeFromForm(encoded: string): string {
  const bytes = Buffer.from(encoded, 'base64');
  try {
    if (bytes.length === 0 || bytes.length > MAX_IMPORT_BYTES * 2) throw new Error('size');
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('確認画面から送られたデータが読み取れません。もう一度CSVファイルを選んで「内容を確認」からやり直してください。');
  }
}

export type RowKind = 'new' | 'changed' | 'unchanged' | 'error';

export interface ImportChange {
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

export interface ImportRow {
  /** Line of the file where the row starts (the header is line 1). */
  readonly line: number;
  readonly id: string;
  readonly name: string;
  readonly division: string;
  readonly kind: RowKind;
  readonly changes: readonly ImportChange[];
  readonly errors: readonly string[];
}

export interface ImportAnalysis {
  readonly ok: boolean;
  readonly rows: readonly ImportRow[];
  /** Every problem, file-level first, then one line per bad row naming its line number. */
  readonly problems: readonly string[];
  readonly counts: Readonly<Record<RowKind, number>>;
  readonly ignoredColumns: readonly string[];
  /** Columns left out of the file: stored values are kept. */
  readonly missingOptional: readonly string[];
  /** Divisions the file names that do not exist yet: made by the import, before its staff. */
  readonly newDivisions: readonly NewDivisionName[];
  readonly text: string;
}

export interface NewDivisionName {
  readonly id: string;
  readonly name: string;
}

interface StaffValues {
  name: string;
  divisionId: string;
  jobType: string;
  caregiver: boolean;
  maxTeleworkDays: number | null;
  active: boolean;
  counters: string[];
  email: string | null;
}

interface Planned {
  readonly id: string;
  readonly kind: 'new' | 'changed';
  readonly values: StaffValues;
  readonly before: StaffValues | null;
}

export async function analyseImport(m: EntityManager, actor: Actor, text: string): Promise<ImportAnalysis> {
  assertHr(actor);
  return (await plan(m, actor, text)).analysis;
}

export type CommitResult =
  | { readonly ok: false; readonly analysis: ImportAnalysis }
  | {
      readonly ok: true;
      /** Who now has an account without a password: HR issues each a login link from their page. */
      readonly created: readonly { readonly id: string; readonly name: string; readonly division: string }[];
      readonly newDivisions: readonly NewDivisionName[];
      readonly updated: number;
      readonly unchanged: number;
    };

/** Applies the confirmed file: every row, and the divisions it makes, or none. */
export async function commitImport(db: Database, actor: Actor, encoded: string): Promise<CommitResult> {
  assertHr(actor);
  const text = decodeFromForm(encoded);
  return db.write(
    async (m): Promise<CommitResult> => {
      const { analysis, planned, divisions } = await plan(m, actor, text);
      if (!analysis.ok) return { ok: false, analysis };
      let sortOrder = await nextDivisionOrder(m);
      for (const d of analysis.newDivisions) await insertDivision(m, actor.loginId, { ...d, terminals: null, sortOrder: sortOrder++ });
      const created: { id: string; name: string; division: string }[] = [];
      for (const p of planned) {
        if (p.kind === 'new') {
          await insertStaff(m, p.id, p.values);
          await audit(m, actor.loginId, 'staff-import-create', 'staff', p.id, null, p.values);
          created.push({ id: p.id, name: p.values.name, division: divisions.get(p.values.divisionId) ?? p.values.divisionId });
        } else {
          const { counters, ...fields } = p.values;
          // The revision counts up, so a staff form opened before the import is refused instead of reverting it.
          await m.update(StaffEntity, { id: p.id }, { ...fields, revision: () => 'revision + 1' });
          const old = p.before!.counters;
          const add = counters.filter((c) => !old.includes(c));
          const remove = old.filter((c) => !counters.includes(c));
          if (add.length || remove.length)
            await m.createQueryBuilder().relation(StaffEntity, 'counters').of(p.id).addAndRemove(add, remove);
          const keys = (Object.keys(p.values) as (keyof StaffValues)[]).filter(
            (k) => JSON.stringify(p.values[k]) !== JSON.stringify(p.before![k]),
          );
          await audit(m, actor.loginId, 'staff-import-update', 'staff', p.id, pick(p.before!, keys), pick(p.values, keys));
          const ends = sessionEndReasons(keys, p.values.active);
          const account = ends.length ? await m.findOneBy(AccountEntity, { staffId: p.id }) : null;
          if (account) await endOtherSessions(m, actor, account, ...ends);
        }
      }
      const updated = planned.filter((p) => p.kind === 'changed').length;
      await audit(m, actor.loginId, 'staff-import', 'staff', 'csv', null, {
        created: created.length,
        updated,
        unchanged: analysis.counts.unchanged,
        ...(analysis.newDivisions.length ? { newDivisions: analysis.newDivisions.map((d) => d.id) } : {}),
      });
      return { ok: true, created, newDivisions: analysis.newDivisions, updated, unchanged: analysis.counts.unchanged };
    },
    ['staff'],
  );
}

function pick<T extends object>(o: T, keys: readonly (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
}

interface Plan {
  readonly analysis: ImportAnalysis;
  readonly planned: readonly Planned[];
  readonly divisions: ReadonlyMap<string, string>;
}

async function plan(m: EntityManager, actor: Actor, text: string): Promise<Plan> {
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const counters = await m.find(CounterEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const staff = await m.find(StaffEntity, { relations: { counters: true } });
  const logins = new Map((await m.find(AccountEntity, { select: { loginId: true, staffId: true } })).map((a) => [a.loginId, a.staffId]));
  const names = new Map(divisions.map((d) => [d.id, d.name]));
  const newDivisions: NewDivisionName[] = [];
  const divisionIds = new Set(divisions.map((d) => d.id));
  const counterNames = new Map(counters.map((c) => [c.id, c.name]));
  const fileProblems: string[] = [];
  const rows: ImportRow[] = [];
  const planned: Planned[] = [];
  const ignoredColumns: string[] = [];
  let missingOptional: string[] = [];

  const records = readRecords(text, fileProblems);
  const header = records.shift();
  const columns = new Map<Column, number>();
  if (!header && fileProblems.length === 0)
    fileProblems.push('CSVファイルにデータがありません。1行目に見出し（職員番号,氏名,所属課,職種 …）を入れてください。');
  if (header) {
    header.cells.forEach((cell, i) => {
      const key =
        ALIASES[
          clean(cell)
            .replace(/[\s・･]/g, '')
            .toLowerCase()
        ];
      if (!key) {
        if (clean(cell) !== '') ignoredColumns.push(clean(cell));
      } else if (columns.has(key)) fileProblems.push(`1行目（見出し）: 「${COLUMN_HEADERS[key]}」の列が2つあります。`);
      else columns.set(key, i);
    });
    const missing = REQUIRED.filter((c) => !columns.has(c));
    if (missing.length) {
      fileProblems.push(
        `1行目（見出し）に ${missing.map((c) => `「${COLUMN_HEADERS[c]}」`).join('')} の列がありません。見本のCSVの1行目をそのまま使ってください。`,
      );
    }
    missingOptional = (['caregiver', 'max', 'counters', 'active', 'email'] as const)
      .filter((c) => !columns.has(c))
      .map((c) => COLUMN_HEADERS[c]);
    if (records.length > MAX_IMPORT_ROWS)
      fileProblems.push(`行が多すぎます（${records.length}行）。一度に${MAX_IMPORT_ROWS}行までにしてください。`);
  }

  if (fileProblems.length === 0) {
    const existing = new Map(staff.map((s) => [s.id, s]));
    const firstLine = new Map<string, number>();
    // Codes and numbers are read through NFKC (全角 digits); names keep their characters as written.
    const cell = (cells: readonly string[], c: Column) => {
      if (!columns.has(c)) return undefined;
      const raw = cells[columns.get(c)!] ?? '';
      return c === 'name' || c === 'jobType' ? trimText(raw) : clean(raw);
    };
    for (const record of records) {
      const errors: string[] = [];
      const get = (c: Column) => cell(record.cells, c);
      if (record.cells.length > header!.cells.length && record.cells.slice(header!.cells.length).some((x) => clean(x) !== '')) {
        errors.push(
          `列の数（${record.cells.length}）が見出し（${header!.cells.length}）より多くなっています。値の中の「,」は " " で囲んでください。`,
        );
      }
      const id = get('id') ?? '';
      if (id === '') errors.push('職員番号がありません。');
      else if (!ID_PATTERN.test(id) || RESERVED_IDS.has(id))
        errors.push(
          `職員番号「${id.slice(0, 32)}」は半角の英数字（と - _ .）32文字以内にしてください${RESERVED_IDS.has(id) ? `（「${id}」は使えません）` : ''}。`,
        );
      else if (firstLine.has(id)) errors.push(`職員番号 ${id} が ${firstLine.get(id)}行目と重複しています。`);
      if (id !== '' && !firstLine.has(id)) firstLine.set(id, record.line);
      const before = existing.get(id);
      const prior = before ? valuesOf(before) : null;

      const name = get('name') ?? '';
      if (name === '') errors.push('氏名がありません。');
      else if (name.length > 100) errors.push('氏名が長すぎます（100文字まで）。');
      const divisionText = get('division') ?? '';
      let division: NewDivisionName | undefined =
        divisions.find((d) => d.id === divisionText) ??
        divisions.find((d) => clean(d.name) === divisionText) ??
        newDivisions.find((d) => d.name === divisionText);
      if (divisionText === '') errors.push('所属課がありません。');
      else if (divisionText.length > 100 && !division) errors.push('所属課の名前が長すぎます（100文字まで）。');
      else if (!division) {
        // A division not registered yet: made by the import (the preview lists it, so a misspelt name shows).
        division = { id: divisionIdFor(divisionText, divisionIds), name: divisionText };
        divisionIds.add(division.id);
        newDivisions.push(division);
        names.set(division.id, division.name);
      }
      const jobType = get('jobType') ?? '';
      if (jobType === '') errors.push('職種がありません。');
      else if (jobType.length > 50) errors.push('職種が長すぎます（50文字まで）。');

      const caregiverText = get('caregiver');
      let caregiver = prior?.caregiver ?? false;
      if (caregiverText !== undefined) {
        const v = caregiverText === '' ? false : yesNo(caregiverText);
        if (v === undefined) errors.push(`介護・育児「${caregiverText.slice(0, 20)}」は あり／なし（または 1／0）で入れてください。`);
        else caregiver = v;
      }
      const maxText = get('max');
      let maxTeleworkDays = prior?.maxTeleworkDays ?? null;
      if (maxText !== undefined) {
        if (maxText === '') maxTeleworkDays = null;
        else if (/^\d+$/.test(maxText) && Number(maxText) <= 5) maxTeleworkDays = Number(maxText);
        else errors.push(`週上限「${maxText.slice(0, 20)}」は0〜5の整数にしてください（空欄なら方針どおり）。`);
      }
      const activeText = get('active');
      let active = prior?.active ?? true;
      if (activeText !== undefined) {
        const v = activeText === '' ? true : yesNo(activeText);
        if (v === undefined) errors.push(`在職「${activeText.slice(0, 20)}」は 在職／退職（または 1／0）で入れてください。`);
        else active = v;
      }
      if (id === actor.staffId && !active) errors.push('自分自身を退職にはできません。');
      const countersText = get('counters');
      let counterIds = prior?.counters ?? [];
      if (countersText !== undefined) {
        const resolved = resolveCounters(countersText, counters, division?.id);
        errors.push(...resolved.errors);
        counterIds = resolved.ids;
      }
      const emailText = get('email');
      let email = prior?.email ?? null;
      if (emailText !== undefined) {
        const v = readEmail(emailText, 'メールアドレス', errors);
        if (v !== undefined) email = v;
      }
      if (id !== '' && !before && logins.has(id) && logins.get(id) !== id)
        errors.push(`職員番号 ${id} は別の職員のログインIDとして使われています。`);

      const values: StaffValues = {
        name,
        divisionId: division?.id ?? '',
        jobType,
        caregiver,
        maxTeleworkDays,
        active,
        counters: [...new Set(counterIds)].sort(),
        email,
      };
      const changes = prior && errors.length === 0 ? differences(prior, values, names, counterNames) : [];
      const kind: RowKind = errors.length ? 'error' : !prior ? 'new' : changes.length ? 'changed' : 'unchanged';
      rows.push({ line: record.line, id, name, division: division?.name ?? divisionText, kind, changes, errors });
      if (kind === 'new' || kind === 'changed') planned.push({ id, kind, values, before: prior });
    }
  }

  const rowProblems = rows.flatMap((r) =>
    r.errors.map((e) => `${r.line}行目${r.id ? `（${r.id}${r.name ? ` ${r.name}` : ''}）` : ''}: ${e}`),
  );
  const counts: Record<RowKind, number> = { new: 0, changed: 0, unchanged: 0, error: 0 };
  for (const r of rows) counts[r.kind] += 1;
  if (fileProblems.length === 0 && rows.length === 0) fileProblems.push('見出しの下にデータの行がありません。');
  const problems = [...fileProblems, ...rowProblems];
  return {
    analysis: { ok: problems.length === 0, rows, problems, counts, ignoredColumns, missingOptional, newDivisions, text },
    planned,
    divisions: names,
  };
}

interface RawRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

function readRecords(text: string, problems: string[]): RawRecord[] {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text, { info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as unknown as typeof parsed;
  } catch (e) {
    const line = (e as { lines?: unknown }).lines;
    problems.push(
      `CSVの形式が正しくありません${typeof line === 'number' ? `（${line}行目付近）` : ''}。「"」の閉じ忘れがないか確認してください。`,
    );
    return [];
  }
  const out: RawRecord[] = [];
  for (const { record, info } of parsed) {
    const inner = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    const line = info.lines - inner;
    if (record.every((c) => clean(c) === '')) continue;
    // A first cell starting with # is a note (the template's example row).
    if (out.length > 0 && clean(record[0] ?? '').startsWith('#')) continue;
    // Cells our own export guarded against spreadsheet formulas ('=…) come back as written.
    out.push({ line, cells: record.map(unguardCell) });
  }
  return out;
}

/**
 * Counter ids or names, separated by / ; 、 , or ・. Names may themselves
 * contain ・ (健診・予防接種窓口), so ・-separated pieces are joined back
 * when together they name a counter.
 */
function resolveCounters(
  text: string,
  counters: readonly CounterEntity[],
  divisionId: string | undefined,
): { ids: string[]; errors: string[] } {
  const ids: string[] = [];
  const errors: string[] = [];
  const lookup = (token: string): CounterEntity | 'ambiguous' | undefined => {
    const byId = counters.find((c) => c.id === token);
    if (byId) return byId;
    const named = counters.filter((c) => clean(c.name) === token);
    if (named.length <= 1) return named[0];
    return named.find((c) => c.divisionId === divisionId) ?? 'ambiguous';
  };
  for (const part of text
    .split(/[/;、,]+/)
    .map((x) => x.trim())
    .filter((x) => x !== '')) {
    const pieces = part.split(/[・･]/).map((x) => x.trim());
    let i = 0;
    while (i < pieces.length) {
      let found: CounterEntity | 'ambiguous' | undefined;
      let end = i;
      for (let j = pieces.length; j > i && !found; j--) {
        found = lookup(pieces.slice(i, j).join('・'));
        end = j;
      }
      if (found === 'ambiguous')
        errors.push(`担当窓口「${pieces.slice(i, end).join('・')}」は複数の課にあります。窓口IDで指定してください。`);
      else if (found) ids.push(found.id);
      else {
        errors.push(`担当窓口「${part.slice(0, 40)}」は登録されていません（窓口の名前か窓口IDを「/」で区切って入れてください）。`);
        break;
      }
      i = end;
    }
  }
  return { ids, errors };
}

function valuesOf(s: StaffEntity): StaffValues {
  return {
    name: s.name,
    divisionId: s.divisionId,
    jobType: s.jobType,
    caregiver: s.caregiver,
    maxTeleworkDays: s.maxTeleworkDays,
    active: s.active,
    counters: (s.counters ?? []).map((c) => c.id).sort(),
    email: s.email,
  };
}

function differences(
  before: StaffValues,
  after: StaffValues,
  divisions: ReadonlyMap<string, string>,
  counters: ReadonlyMap<string, string>,
): ImportChange[] {
  const out: ImportChange[] = [];
  const add = (field: string, a: string, b: string) => {
    if (a !== b) out.push({ field, before: a, after: b });
  };
  add('氏名', before.name, after.name);
  add('所属課', divisions.get(before.divisionId) ?? before.divisionId, divisions.get(after.divisionId) ?? after.divisionId);
  add('職種', before.jobType, after.jobType);
  add('介護・育児', before.caregiver ? 'あり' : 'なし', after.caregiver ? 'あり' : 'なし');
  add(
    '週上限',
    before.maxTeleworkDays === null ? '方針どおり' : `${before.maxTeleworkDays}日`,
    after.maxTeleworkDays === null ? '方針どおり' : `${after.maxTeleworkDays}日`,
  );
  const counterList = (ids: readonly string[]) => (ids.length ? ids.map((id) => counters.get(id) ?? id).join('／') : 'なし');
  add('担当窓口', counterList(before.counters), counterList(after.counters));
  add('在職', before.active ? '在職' : '退職', after.active ? '在職' : '退職');
  add('メールアドレス', before.email ?? 'なし', after.email ?? 'なし');
  return out;
}

const HEADER_ROW = (Object.keys(COLUMN_HEADERS) as Column[]).map((c) => COLUMN_HEADERS[c]);

function csvText(rows: readonly (readonly string[])[]): string {
  return excelCsv([HEADER_ROW, ...rows]);
}

/** The header and one example row (ignored when read back: its first cell starts with #). */
export async function templateCsv(m: EntityManager, actor: Actor): Promise<string> {
  assertHr(actor);
  const counter = await m.findOne(CounterEntity, { where: {}, order: { sortOrder: 'ASC', id: 'ASC' } });
  const division = counter
    ? await m.findOneBy(DivisionEntity, { id: counter.divisionId })
    : await m.findOne(DivisionEntity, { where: {}, order: { sortOrder: 'ASC' } });
  return csvText([
    [
      '# 記入例（#で始まる行は読み込まれません）',
      '山田 花子',
      division?.name ?? '総務課',
      '一般事務',
      'なし',
      '',
      counter?.name ?? '',
      '在職',
      'yamada.hanako@town.example.lg.jp',
    ],
  ]);
}

/** Every person as the import reads them: download, edit in Excel, upload. */
export async function currentStaffCsv(m: EntityManager, actor: Actor): Promise<string> {
  assertHr(actor);
  const divisions = new Map((await m.find(DivisionEntity)).map((d) => [d.id, d.name]));
  const staff = await m.find(StaffEntity, { relations: { counters: true }, order: { id: 'ASC' } });
  const uses = new Map<string, number>();
  for (const c of await m.find(CounterEntity)) uses.set(clean(c.name), (uses.get(clean(c.name)) ?? 0) + 1);
  // A name two divisions share is written as the counter's id, which is never ambiguous.
  const counterText = (c: CounterEntity) => (uses.get(clean(c.name)) === 1 ? c.name : c.id);
  return csvText(
    staff.map((s) => [
      s.id,
      s.name,
      divisions.get(s.divisionId) ?? s.divisionId,
      s.jobType,
      s.caregiver ? 'あり' : 'なし',
      s.maxTeleworkDays === null ? '' : String(s.maxTeleworkDays),
      (s.counters ?? []).map(counterText).join('/'),
      s.active ? '在職' : '退職',
      s.email ?? '',
    ]),
  );
}
