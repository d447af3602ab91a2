/**
 * HR's staff master: the list, a person's details (division, job type,
 * caregiving, personal maximum, counters they can serve, account role, the
 * e-mail address notifications are sent to), and new staff with their login
 * account. A new account has no password: HR issues a one-time login link
 * from the person's page (setup-links.ts), and no page ever shows a password.
 */
import { EntityManager, In } from 'typeorm';
import { Database } from '../../persistence/database';
import { AccountEntity, AccountRole, CounterEntity, DivisionEntity, PolicyEntity, StaffEntity } from '../../persistence/entities';
import { endOtherSessions, newSecret, SessionEndReason } from '../accounts/accounts';
import { LoginState, loginStateOf, NO_PASSWORD } from '../accounts/setup-links';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { AppError, invalid, notFound } from '../errors';
import { clean, isRole, readId, readOptionalInt, readText, ROLE_LABELS } from '../form-input';
import { canTelework } from './policy';
import { isUniqueViolation, readRevision, saveAtRevision, staleConflict } from './revision';

/** The staff form as typed. */
export interface StaffInput {
  readonly id: string;
  readonly name: string;
  readonly divisionId: string;
  readonly jobType: string;
  readonly caregiver: boolean;
  readonly maxTeleworkDays: string;
  readonly active: boolean;
  readonly role: string;
  readonly counters: readonly string[];
  /** Where notifications are e-mailed; blank: none. */
  readonly email: string;
  /** The revision the form was built from ('' for a new person). */
  readonly revision: string;
}

export interface StaffListItem {
  readonly id: string;
  readonly name: string;
  readonly divisionId: string;
  readonly division: string;
  readonly jobType: string;
  readonly canTelework: boolean;
  readonly caregiver: boolean;
  readonly maxDays: number;
  readonly personalMax: boolean;
  readonly active: boolean;
  readonly role: string;
  readonly counters: readonly string[];
  readonly email: string | null;
}

export interface StaffFilter {
  readonly division?: string;
  readonly q?: string;
  /** Include staff who have left. */
  readonly all?: boolean;
}

export async function listStaff(m: EntityManager, actor: Actor, filter: StaffFilter): Promise<StaffListItem[]> {
  assertHr(actor);
  const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
  const divisions = new Map((await m.find(DivisionEntity)).map((d) => [d.id, d.name]));
  const qb = m.createQueryBuilder(StaffEntity, 's').leftJoinAndSelect('s.counters', 'c').orderBy('s.id', 'ASC');
  if (filter.division) qb.andWhere('s.divisionId = :division', { division: filter.division });
  if (!filter.all) qb.andWhere('s.active = :active', { active: true });
  const q = (filter.q ?? '').normalize('NFKC').trim().toLowerCase();
  const staff = (await qb.getMany()).filter(
    (s) => !q || s.id.toLowerCase().includes(q) || s.name.normalize('NFKC').toLowerCase().replace(/\s/g, '').includes(q.replace(/\s/g, '')),
  );
  const roles = new Map((await m.find(AccountEntity, { select: { staffId: true, role: true } })).map((a) => [a.staffId, a.role]));
  return staff.map((s) => ({
    id: s.id,
    name: s.name,
    divisionId: s.divisionId,
    division: divisions.get(s.divisionId) ?? s.divisionId,
    jobType: s.jobType,
    canTelework: canTelework(policy, s),
    caregiver: s.caregiver,
    maxDays: s.maxTeleworkDays ?? policy.maxTeleworkDays,
    personalMax: s.maxTeleworkDays !== null,
    active: s.active,
    role: ROLE_LABELS[roles.get(s.id) ?? 'staff'],
    counters: (s.counters ?? []).map((c) => c.name),
    email: s.email,
  }));
}

export interface DivisionChoice {
  readonly id: string;
  readonly name: string;
  readonly counters: readonly { readonly id: string; readonly name: string }[];
}

export interface StaffFormData {
  readonly divisions: readonly DivisionChoice[];
  readonly jobTypes: readonly string[];
  readonly nonTeleworkJobTypes: readonly string[];
  readonly policyMax: number;
}

export async function staffFormData(m: EntityManager, actor: Actor): Promise<StaffFormData> {
  assertHr(actor);
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const counters = await m.find(CounterEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
  const jobs: { jobType: string }[] = await m.createQueryBuilder(StaffEntity, 's').select('DISTINCT s.jobType', 'jobType').getRawMany();
  return {
    divisions: divisions.map((d) => ({
      id: d.id,
      name: d.name,
      counters: counters.filter((c) => c.divisionId === d.id).map((c) => ({ id: c.id, name: c.name })),
    })),
    jobTypes: [...new Set([...jobs.map((j) => j.jobType), ...policy.nonTeleworkJobTypes])].sort(),
    nonTeleworkJobTypes: policy.nonTeleworkJobTypes,
    policyMax: policy.maxTeleworkDays,
  };
}

export const emptyStaffInput = (divisionId = ''): StaffInput => ({
  id: '',
  name: '',
  divisionId,
  jobType: '一般事務',
  caregiver: false,
  maxTeleworkDays: '',
  active: true,
  role: 'staff',
  counters: [],
  email: '',
  revision: '',
});

/** The login of a person, for the edit page: whether they have set a password, and a link waiting to be used. */
export async function accountOf(
  m: EntityManager,
  actor: Actor,
  staffId: string,
): Promise<({ loginId: string; lastLoginAt: string | null } & LoginState) | null> {
  assertHr(actor);
  const a = await m.findOneBy(AccountEntity, { staffId });
  return a && { loginId: a.loginId, lastLoginAt: a.lastLoginAt, ...(await loginStateOf(m, a)) };
}

/** A person as the edit form shows them. */
export async function staffInput(m: EntityManager, actor: Actor, id: string): Promise<StaffInput> {
  assertHr(actor);
  const s = await m.findOne(StaffEntity, { where: { id }, relations: { counters: true } });
  if (!s) throw notFound('この職員は登録されていません。');
  const account = await m.findOneBy(AccountEntity, { staffId: id });
  return {
    id: s.id,
    name: s.name,
    divisionId: s.divisionId,
    jobType: s.jobType,
    caregiver: s.caregiver,
    maxTeleworkDays: s.maxTeleworkDays === null ? '' : String(s.maxTeleworkDays),
    active: s.active,
    role: account?.role ?? 'staff',
    counters: (s.counters ?? []).map((c) => c.id),
    email: s.email ?? '',
    revision: String(s.revision),
  };
}

interface StaffValues {
  readonly name: string;
  readonly divisionId: string;
  readonly jobType: string;
  readonly caregiver: boolean;
  readonly maxTeleworkDays: number | null;
  readonly active: boolean;
  readonly role: AccountRole;
  readonly counters: readonly string[];
  readonly email: string | null;
}

/** Longest address SMTP carries (RFC 5321: 64 before the @, 254 in all). */
export const MAX_EMAIL_LENGTH = 254;
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * An e-mail address as typed: full-width characters (＠, ａｂｃ) are read
 * through NFKC and the domain is lower-cased; blank means none (null). A bad
 * one adds a line naming the field (and what was typed) and gives undefined.
 */
export function readEmail(text: string, label: string, problems: string[]): string | null | undefined {
  const t = clean(text);
  if (t === '') return null;
  const shown = t.length > 40 ? `${t.slice(0, 40)}…` : t;
  if (t.length > MAX_EMAIL_LENGTH) {
    problems.push(`「${label}」は${MAX_EMAIL_LENGTH}文字以内で入力してください（${t.length}文字）。`);
    return undefined;
  }
  const at = t.lastIndexOf('@');
  const local = at > 0 ? t.slice(0, at) : '';
  const domain = at > 0 ? t.slice(at + 1) : '';
  if (local.length > 64 || !EMAIL_LOCAL.test(local) || !EMAIL_DOMAIN.test(domain)) {
    problems.push(
      `「${label}」の形が正しくありません（入力: ${shown.replace(/[\r\n]/g, ' ')}）。半角で「名前@ドメイン」の形にしてください。例: yamada.hanako@town.example.lg.jp`,
    );
    return undefined;
  }
  return `${local}@${domain.toLowerCase()}`;
}

async function parseStaff(m: EntityManager, input: StaffInput, problems: string[]): Promise<StaffValues | undefined> {
  const name = readText(input.name, '氏名', 100, problems);
  const jobType = readText(input.jobType, '職種', 50, problems);
  const maxTeleworkDays = readOptionalInt(input.maxTeleworkDays, '週の上限日数（個人）', 0, 5, problems);
  const email = readEmail(input.email, 'メールアドレス', problems);
  const division = input.divisionId ? await m.findOneBy(DivisionEntity, { id: input.divisionId }) : null;
  if (!division)
    problems.push(
      input.divisionId ? `「所属課」（${input.divisionId.slice(0, 32)}）は登録されていません。` : '「所属課」を選んでください。',
    );
  if (!isRole(input.role)) problems.push('「権限」は 職員・課長・人事課 のいずれかを選んでください。');
  const wanted = [...new Set(input.counters)];
  const known = wanted.length ? await m.findBy(CounterEntity, { id: In(wanted) }) : [];
  const unknown = wanted.filter((id) => !known.some((c) => c.id === id));
  if (unknown.length) problems.push(`「担当窓口」に登録されていない窓口があります: ${unknown.slice(0, 5).join('、')}`);
  if (problems.length) return undefined;
  return {
    name: name!,
    divisionId: division!.id,
    jobType: jobType!,
    caregiver: input.caregiver,
    maxTeleworkDays: maxTeleworkDays!,
    active: input.active,
    role: input.role as AccountRole,
    counters: wanted.sort(),
    email: email!,
  };
}

export interface CreatedStaff {
  readonly id: string;
  readonly name: string;
  readonly loginId: string;
  readonly role: string;
}

export async function createStaff(db: Database, actor: Actor, input: StaffInput): Promise<CreatedStaff> {
  assertHr(actor);
  const check = async (m: EntityManager) => {
    const problems: string[] = [];
    const id = readId(input.id, '職員番号', problems);
    const values = await parseStaff(m, input, problems);
    if (id && (await m.existsBy(StaffEntity, { id }))) problems.push(`「職員番号」${id} はすでに登録されています。`);
    else if (id && (await m.existsBy(AccountEntity, { loginId: id })))
      problems.push(`「職員番号」${id} は別の職員のログインIDとして使われています。`);
    if (problems.length || !values || !id)
      throw invalid('職員を登録できませんでした。次の項目を直してください。何も保存していません。', problems);
    return { id, values };
  };
  return db.write(
    async (m) => {
      const { id, values } = await check(m);
      try {
        await insertStaff(m, id, values);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw invalid('職員を登録できませんでした。何も保存していません。', [`「職員番号」${id} はすでに登録されています。`]);
      }
      await audit(m, actor.loginId, 'staff-create', 'staff', id, null, auditView(values));
      return { id, name: values.name, loginId: id, role: ROLE_LABELS[values.role] };
    },
    ['staff'],
  );
}

/** A new person and their account (login id = staff id), without a usable password until a login link is used. */
export async function insertStaff(
  m: EntityManager,
  id: string,
  values: Omit<StaffValues, 'role' | 'email'> & { role?: AccountRole; email?: string | null },
): Promise<void> {
  await m.insert(StaffEntity, { id, ...staffColumns(values) });
  if (values.counters.length)
    await m
      .createQueryBuilder()
      .relation(StaffEntity, 'counters')
      .of(id)
      .add([...values.counters]);
  await m.insert(AccountEntity, {
    loginId: id,
    passwordHash: NO_PASSWORD,
    role: values.role ?? 'staff',
    staffId: id,
    icalToken: newSecret(),
    lastLoginAt: null,
  });
}

/** The staff row's own columns from a form's values (the account and counters are stored apart). */
function staffColumns(values: Omit<StaffValues, 'role' | 'email'> & { email?: string | null }) {
  return {
    name: values.name,
    divisionId: values.divisionId,
    jobType: values.jobType,
    caregiver: values.caregiver,
    maxTeleworkDays: values.maxTeleworkDays,
    active: values.active,
    email: values.email ?? null,
  };
}

export async function updateStaff(db: Database, actor: Actor, id: string, input: StaffInput): Promise<{ changed: readonly string[] }> {
  assertHr(actor);
  const seen = readRevision(input.revision)!;
  return db.write(
    async (m) => {
      const s = await m.findOne(StaffEntity, { where: { id }, relations: { counters: true } });
      if (!s) throw notFound('この職員は登録されていません。');
      if (s.revision !== seen) throw await staffConflict(m, s, input);
      const problems: string[] = [];
      const values = await parseStaff(m, input, problems);
      if (values && id === actor.staffId) {
        if (values.role !== 'hr') problems.push('自分自身の人事課の権限は外せません（ほかの人事課職員に依頼してください）。');
        if (!values.active) problems.push('自分自身を退職（在職でない）にはできません。');
      }
      if (problems.length || !values)
        throw invalid('職員の情報を保存できませんでした。次の項目を直してください。何も保存していません。', problems);
      const account = await m.findOneBy(AccountEntity, { staffId: id });
      const before = auditView({ ...s, role: account?.role ?? 'staff', counters: (s.counters ?? []).map((c) => c.id).sort() });
      const after = auditView(values);
      const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      if (changed.length === 0) return { changed };
      const saved = await saveAtRevision(m, StaffEntity, 'id = :id', { id }, seen, staffColumns(values));
      if (!saved) throw await staffConflict(m, s, input);
      const old = (s.counters ?? []).map((c) => c.id);
      const add = values.counters.filter((c) => !old.includes(c));
      const remove = old.filter((c) => !values.counters.includes(c));
      if (add.length || remove.length) await m.createQueryBuilder().relation(StaffEntity, 'counters').of(id).addAndRemove(add, remove);
      if (account && account.role !== values.role) {
        await m.update(AccountEntity, { id: account.id }, { role: values.role });
        // A security event of its own, beside the staff change: who gained or lost which rights.
        await audit(m, actor.loginId, 'role-change', 'account', account.loginId, { role: account.role }, { role: values.role });
      }
      await audit(m, actor.loginId, 'staff-update', 'staff', id, pick(before, changed), pick(after, changed));
      const ends = sessionEndReasons(changed, values.active);
      if (account && ends.length) await endOtherSessions(m, actor, account, ...ends);
      return { changed: changed.map((k) => FIELD_LABELS[k] ?? k) };
    },
    ['staff'],
  );
}

/** Someone saved the person after the form was opened: a 409 listing where the saved values and the input differ. */
async function staffConflict(m: EntityManager, s: StaffEntity, input: StaffInput): Promise<AppError> {
  const fresh = await m.findOne(StaffEntity, { where: { id: s.id }, relations: { counters: true } });
  const account = await m.findOneBy(AccountEntity, { staffId: s.id });
  const lines: string[] = [];
  if (fresh) {
    const yes = (b: boolean) => (b ? 'はい' : 'いいえ');
    const saved: Record<string, string> = {
      name: fresh.name,
      divisionId: fresh.divisionId,
      jobType: fresh.jobType,
      caregiver: yes(fresh.caregiver),
      maxTeleworkDays: fresh.maxTeleworkDays === null ? '' : String(fresh.maxTeleworkDays),
      active: yes(fresh.active),
      role: ROLE_LABELS[account?.role ?? 'staff'],
      counters: (fresh.counters ?? [])
        .map((c) => c.id)
        .sort()
        .join('、'),
      email: fresh.email ?? '',
    };
    const typed: Record<string, string> = {
      name: clean(input.name),
      divisionId: input.divisionId,
      jobType: clean(input.jobType),
      caregiver: yes(input.caregiver),
      maxTeleworkDays: clean(input.maxTeleworkDays),
      active: yes(input.active),
      role: isRole(input.role) ? ROLE_LABELS[input.role] : input.role,
      counters: [...new Set(input.counters)].sort().join('、'),
      email: clean(input.email),
    };
    for (const k of Object.keys(saved))
      if (saved[k] !== typed[k])
        lines.push(`${FIELD_LABELS[k] ?? k}: 保存済み「${saved[k] || '（空欄）'}」／あなたの入力「${typed[k] || '（空欄）'}」`);
  }
  return staleConflict(`${s.name} さんの情報`, lines.length ? lines : ['保存済みの値とあなたの入力に違いはありません。']);
}

/** A change of role or division, or leaving, ends the person's sessions (endOtherSessions). */
export function sessionEndReasons(changed: readonly string[], active: boolean): SessionEndReason[] {
  const reasons: SessionEndReason[] = [];
  if (changed.includes('role')) reasons.push('role');
  if (changed.includes('divisionId')) reasons.push('division');
  if (changed.includes('active') && !active) reasons.push('inactive');
  return reasons;
}

const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: '氏名',
  divisionId: '所属課',
  jobType: '職種',
  caregiver: '介護・育児',
  maxTeleworkDays: '週の上限日数',
  active: '在職',
  role: '権限',
  counters: '担当窓口',
  email: 'メールアドレス',
};

function auditView(v: StaffValues | (Omit<StaffValues, 'counters'> & { counters: readonly string[] })): Record<string, unknown> {
  return {
    name: v.name,
    divisionId: v.divisionId,
    jobType: v.jobType,
    caregiver: v.caregiver,
    maxTeleworkDays: v.maxTeleworkDays,
    active: v.active,
    role: v.role,
    counters: [...v.counters],
    email: v.email,
  };
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
