/**
 * The staff master as the personnel system (人事システム) sends it: one person
 * by employee number (職員番号), created or updated through the same checks as
 * HR's staff form (staff.ts), with the record's revision as its ETag: an
 * update names the revision it was built from (If-Match) and is refused when
 * someone saved the person since.
 */
import { EntityManager } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, StaffEntity } from '../../persistence/entities';
import { AppError, invalid, notFound } from '../errors';
import { createStaff, StaffInput, updateStaff } from '../organisation/staff';
import { ApiClient, clientActor } from './tokens';

export interface ApiStaff {
  readonly employeeNumber: string;
  readonly name: string;
  readonly divisionCode: string;
  readonly jobType: string;
  readonly caregiver: boolean;
  readonly maxTeleworkDays: number | null;
  readonly active: boolean;
  readonly role: string;
  readonly counters: readonly string[];
  readonly email: string | null;
  readonly revision: number;
}

export async function staffRecord(m: EntityManager, employeeNumber: string): Promise<ApiStaff | null> {
  const s = await m.findOne(StaffEntity, { where: { id: employeeNumber }, relations: { counters: true } });
  if (!s) return null;
  const account = await m.findOneBy(AccountEntity, { staffId: s.id });
  return {
    employeeNumber: s.id,
    name: s.name,
    divisionCode: s.divisionId,
    jobType: s.jobType,
    caregiver: s.caregiver,
    maxTeleworkDays: s.maxTeleworkDays,
    active: s.active,
    role: account?.role ?? 'staff',
    counters: (s.counters ?? []).map((c) => c.id).sort(),
    email: s.email,
    revision: s.revision,
  };
}

export async function readStaff(m: EntityManager, employeeNumber: string): Promise<ApiStaff> {
  const found = await staffRecord(m, employeeNumber);
  if (!found) throw notFound(`職員番号 ${employeeNumber} の職員は登録されていません。`);
  return found;
}

/** What an upsert was given: a missing If-Match on an existing person, or a stale one. */
export class PreconditionError extends Error {
  constructor(
    readonly status: 412 | 428,
    message: string,
    readonly current: number,
  ) {
    super(message);
  }
}

const FIELDS = ['name', 'divisionCode', 'jobType', 'caregiver', 'maxTeleworkDays', 'active', 'role', 'counters', 'email'] as const;

/**
 * Creates or updates one person. Fields left out keep their value (or the
 * form's default for a new person); `ifMatch` is the revision from the ETag,
 * required to update.
 */
export async function upsertStaff(
  db: Database,
  client: ApiClient,
  employeeNumber: string,
  body: unknown,
  ifMatch: number | null,
): Promise<{ created: boolean; staff: ApiStaff }> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('本文はJSONのオブジェクトで送ってください。');
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const unknownKeys = Object.keys(b).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknownKeys.length) problems.push(`知らない項目があります: ${unknownKeys.slice(0, 5).join('、')}`);
  const text = (k: string, label: string) => {
    if (b[k] === undefined) return undefined;
    if (typeof b[k] !== 'string') problems.push(`${k}（${label}）は文字列で指定してください。`);
    return typeof b[k] === 'string' ? b[k] : undefined;
  };
  const flag = (k: string, label: string) => {
    if (b[k] === undefined) return undefined;
    if (typeof b[k] !== 'boolean') problems.push(`${k}（${label}）は true か false で指定してください。`);
    return typeof b[k] === 'boolean' ? b[k] : undefined;
  };
  const name = text('name', '氏名');
  const divisionCode = text('divisionCode', '所属課コード');
  const jobType = text('jobType', '職種');
  const role = text('role', '権限');
  const caregiver = flag('caregiver', '介護・育児');
  const active = flag('active', '在職');
  let max: string | undefined;
  if (b.maxTeleworkDays === null) max = '';
  else if (typeof b.maxTeleworkDays === 'number' && Number.isInteger(b.maxTeleworkDays)) max = String(b.maxTeleworkDays);
  else if (b.maxTeleworkDays !== undefined) problems.push('maxTeleworkDays（週の上限日数）は 0〜5 の整数か null で指定してください。');
  let counters: string[] | undefined;
  if (Array.isArray(b.counters) && b.counters.every((c) => typeof c === 'string')) counters = b.counters;
  else if (b.counters !== undefined) problems.push('counters（担当窓口）は窓口IDの文字列の配列で指定してください。');
  let email: string | undefined;
  if (b.email === null) email = '';
  else if (typeof b.email === 'string') email = b.email;
  else if (b.email !== undefined) problems.push('email（メールアドレス）は文字列か null で指定してください。');
  if (problems.length) throw invalid('職員を登録・更新できませんでした。次の項目を直してください。何も保存していません。', problems);

  const actor = clientActor(client);
  const current = await staffRecord(db.manager, employeeNumber);
  if (!current) {
    const input: StaffInput = {
      id: employeeNumber,
      name: name ?? '',
      divisionId: divisionCode ?? '',
      jobType: jobType ?? '',
      caregiver: caregiver ?? false,
      maxTeleworkDays: max ?? '',
      active: active ?? true,
      role: role ?? 'staff',
      counters: counters ?? [],
      email: email ?? '',
      revision: '',
    };
    await createStaff(db, actor, input);
    return { created: true, staff: await readStaff(db.manager, employeeNumber) };
  }
  if (ifMatch === null)
    throw new PreconditionError(
      428,
      `職員番号 ${employeeNumber} はすでに登録されています。更新には If-Match に現在の版（ETag）を指定してください。`,
      current.revision,
    );
  const input: StaffInput = {
    id: employeeNumber,
    name: name ?? current.name,
    divisionId: divisionCode ?? current.divisionCode,
    jobType: jobType ?? current.jobType,
    caregiver: caregiver ?? current.caregiver,
    maxTeleworkDays: max ?? (current.maxTeleworkDays === null ? '' : String(current.maxTeleworkDays)),
    active: active ?? current.active,
    role: role ?? current.role,
    counters: counters ?? [...current.counters],
    email: email ?? current.email ?? '',
    revision: String(ifMatch),
  };
  try {
    await updateStaff(db, actor, employeeNumber, input);
  } catch (e) {
    // The revision is checked inside the update's transaction: a stale one changes nothing.
    if (e instanceof AppError && e.code === 'conflict') {
      const now = await readStaff(db.manager, employeeNumber);
      throw new PreconditionError(
        412,
        `職員番号 ${employeeNumber} は指定の版（${ifMatch}）の後に更新されています（現在の版: ${now.revision}）。最新の内容を読み直してから送ってください。何も保存していません。`,
        now.revision,
      );
    }
    throw e;
  }
  return { created: false, staff: await readStaff(db.manager, employeeNumber) };
}
