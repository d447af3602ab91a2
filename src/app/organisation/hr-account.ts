/**
 * An HR account made on the server (`rotation admin create-hr`): an empty
 * database has nobody who could log in to make the others. The person's
 * staff row, their division and the town's policy (DEFAULT_POLICY) are made
 * too when they do not exist yet, in the same transaction. It also adds an
 * HR account to a database that already has data.
 *
 * Expected failures are returned, not thrown: the command line words them.
 */
import { Database } from '../../persistence/database';
import { AccountEntity, DivisionEntity, PolicyEntity, StaffEntity } from '../../persistence/entities';
import { hashPassword, MIN_PASSWORD_LENGTH, newSecret } from '../accounts/accounts';
import { audit } from '../accounts/audit';
import { clean, ID_PATTERN, RESERVED_IDS, trimText } from '../form-input';
import { divisionIdFor, insertDivision, nextDivisionOrder } from './divisions';
import { DEFAULT_POLICY } from './policy';
import { isUniqueViolation } from './revision';

export interface HrAccountInput {
  /** Also the staff id of the person. */
  readonly loginId: string;
  readonly password: string;
  /** The person's name; needed when they have no staff row yet. */
  readonly name?: string;
  /** Their division's id: an existing one, or the id of a new one (then divisionName names it). */
  readonly divisionId?: string;
  /** Their division's name: an existing one, or a new one (its id made from the name unless divisionId is given). */
  readonly divisionName?: string;
  /** Who the audit log names (default `cli`). */
  readonly by?: string;
  readonly now?: Date;
}

export type HrAccountProblem =
  | { readonly code: 'bad-login' }
  | { readonly code: 'short-password'; readonly min: number }
  | { readonly code: 'login-taken' }
  | { readonly code: 'staff-has-account'; readonly loginId: string }
  | { readonly code: 'need-name' }
  | { readonly code: 'bad-name' }
  | { readonly code: 'need-division' }
  | { readonly code: 'bad-division-id' }
  | { readonly code: 'need-division-name' }
  | { readonly code: 'bad-division-name' };

export type HrAccountResult =
  | { readonly ok: false; readonly problems: readonly HrAccountProblem[] }
  | {
      readonly ok: true;
      readonly loginId: string;
      readonly name: string;
      readonly division: { readonly id: string; readonly name: string };
      readonly createdStaff: boolean;
      readonly createdDivision: boolean;
      readonly createdPolicy: boolean;
    };

/** Whether an account has this login id already (asked before the password is typed). */
export async function loginTaken(db: Database, loginId: string): Promise<boolean> {
  return db.manager.existsBy(AccountEntity, { loginId: clean(loginId) });
}

export async function createHrAccount(db: Database, input: HrAccountInput): Promise<HrAccountResult> {
  const by = input.by ?? 'cli';
  const now = (input.now ?? new Date()).toISOString();
  const loginId = clean(input.loginId);
  const first: HrAccountProblem[] = [];
  if (!ID_PATTERN.test(loginId) || RESERVED_IDS.has(loginId)) first.push({ code: 'bad-login' });
  if (input.password.length < MIN_PASSWORD_LENGTH) first.push({ code: 'short-password', min: MIN_PASSWORD_LENGTH });
  if (first.length) return { ok: false, problems: first };
  if (await db.manager.existsBy(AccountEntity, { loginId })) return { ok: false, problems: [{ code: 'login-taken' }] };
  // Hashed before the transaction: argon2 is slow on purpose.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.write(
      async (m): Promise<HrAccountResult> => {
        const problems: HrAccountProblem[] = [];
        if (await m.existsBy(AccountEntity, { loginId })) return { ok: false, problems: [{ code: 'login-taken' }] };
        let staff = await m.findOneBy(StaffEntity, { id: loginId });
        const createdStaff = staff === null;
        if (staff) {
          const other = await m.findOneBy(AccountEntity, { staffId: staff.id });
          if (other) return { ok: false, problems: [{ code: 'staff-has-account', loginId: other.loginId }] };
        }
        const name = trimText(input.name ?? '');
        if (!staff && name === '') problems.push({ code: 'need-name' });
        if (!staff && name.length > 100) problems.push({ code: 'bad-name' });

        // The division: the person's own, else the one named, else a new one.
        const divisionId = clean(input.divisionId ?? '');
        const divisionName = trimText(input.divisionName ?? '');
        let division: DivisionEntity | null = null;
        let newDivision: { id: string; name: string } | null = null;
        if (staff) division = await m.findOneBy(DivisionEntity, { id: staff.divisionId });
        else if (divisionId !== '') {
          division = await m.findOneBy(DivisionEntity, { id: divisionId });
          if (!division) {
            if (!ID_PATTERN.test(divisionId) || RESERVED_IDS.has(divisionId)) problems.push({ code: 'bad-division-id' });
            if (divisionName === '') problems.push({ code: 'need-division-name' });
            else if (divisionName.length > 100) problems.push({ code: 'bad-division-name' });
            else newDivision = { id: divisionId, name: divisionName };
          }
        } else if (divisionName !== '') {
          division = (await m.find(DivisionEntity)).find((d) => clean(d.name) === clean(divisionName)) ?? null;
          if (!division) {
            if (divisionName.length > 100) problems.push({ code: 'bad-division-name' });
            else {
              const taken = new Set((await m.find(DivisionEntity, { select: { id: true } })).map((d) => d.id));
              newDivision = { id: divisionIdFor(divisionName, taken), name: divisionName };
            }
          }
        } else problems.push({ code: 'need-division' });
        if (problems.length) return { ok: false, problems };

        const createdPolicy = !(await m.existsBy(PolicyEntity, { id: 1 }));
        if (createdPolicy) await m.insert(PolicyEntity, { id: 1, ...DEFAULT_POLICY, revision: 1, updatedBy: by, updatedAt: now });
        if (newDivision) {
          const row = { ...newDivision, terminals: null, sortOrder: await nextDivisionOrder(m) };
          await insertDivision(m, by, row);
          division = await m.findOneByOrFail(DivisionEntity, { id: row.id });
        }
        if (!staff) {
          staff = m.create(StaffEntity, {
            id: loginId,
            name,
            divisionId: division!.id,
            jobType: '一般事務',
            caregiver: false,
            maxTeleworkDays: null,
            active: true,
            email: null,
          });
          await m.insert(StaffEntity, staff);
        }
        await m.insert(AccountEntity, { loginId, passwordHash, role: 'hr', staffId: staff.id, icalToken: newSecret(), lastLoginAt: null });
        await audit(m, by, 'admin-create-hr', 'account', loginId, null, {
          staffId: staff.id,
          name: staff.name,
          divisionId: division!.id,
          role: 'hr',
          createdStaff,
          createdDivision: newDivision !== null,
          createdPolicy,
        });
        return {
          ok: true,
          loginId,
          name: staff.name,
          division: { id: division!.id, name: division!.name },
          createdStaff,
          createdDivision: newDivision !== null,
          createdPolicy,
        };
      },
      ['staff', 'organisation'],
    );
  } catch (e) {
    // Another process made the same login at the same moment.
    if (isUniqueViolation(e)) return { ok: false, problems: [{ code: 'login-taken' }] };
    throw e;
  }
}
