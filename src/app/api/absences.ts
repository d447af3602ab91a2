/**
 * Absences sent by the attendance system (庶務事務システム). They take the same
 * path as a change made on the day in the app (same-day.ts, bcp-day.ts):
 * the person's day becomes leave, only that day is re-solved, a published
 * week gets a new version at once, and the chiefs and everyone whose
 * published day changed are told. Days before today never change.
 * A repeated POST for the same person and day finds the absence already
 * there and changes nothing (the natural key makes it idempotent).
 */
import { EntityManager } from 'typeorm';
import { weekOf } from '../../domain/calendar';
import { dayJa } from '../../domain/explanation';
import { IsoDate } from '../../domain/rotation';
import { Database } from '../../persistence/database';
import { AbsenceEntity, PinEntity, RosterEntity, StaffEntity } from '../../persistence/entities';
import { audit } from '../accounts/audit';
import { Clock, todayOf } from '../calendar';
import { invalid, notFound } from '../errors';
import { chiefsOf, Notice, notify } from '../notifications/notify';
import { readDate } from '../form-input';
import { changeNotices } from '../week/day-changes';
import { solveOrganisation } from '../week/organisation-solve';
import { openDaysOf } from '../week/problem';
import { commitDay } from '../week/same-day';
import { ApiClient, clientActor } from './tokens';

export interface ApiAbsence {
  readonly id: number;
  readonly employeeNumber: string;
  readonly date: IsoDate;
  readonly createdBy: string;
}

export interface AbsenceOutcome {
  readonly absence: ApiAbsence;
  /** false: the absence was already there (a repeated request); nothing changed. */
  readonly created: boolean;
  /** Divisions whose published roster got a new version. */
  readonly published: readonly { readonly division: string; readonly version: number }[];
  /** Person-days of published rosters that changed. */
  readonly changes: number;
}

export interface AbsenceInput {
  readonly employeeNumber?: unknown;
  readonly date?: unknown;
}

const view = (a: AbsenceEntity): ApiAbsence => ({ id: a.id, employeeNumber: a.staffId, date: a.day, createdBy: a.createdBy });

export async function recordAbsence(db: Database, client: ApiClient, input: AbsenceInput, clock: Clock): Promise<AbsenceOutcome> {
  const problems: string[] = [];
  const employeeNumber = typeof input.employeeNumber === 'string' ? input.employeeNumber.trim() : '';
  if (employeeNumber === '') problems.push('employeeNumber（職員番号）を指定してください。');
  const day = typeof input.date === 'string' ? readDate(input.date, 'date（休暇の日）', problems) : undefined;
  if (typeof input.date !== 'string') problems.push('date（休暇の日）を 2026-11-24 の形で指定してください。');
  if (problems.length || !day) throw invalid('休暇を登録できませんでした。次の項目を直してください。何も保存していません。', problems);
  const today = todayOf(clock);
  if (day < today)
    throw invalid(`${dayJa(day)}は過ぎた日のため、休暇の登録はできません（今日: ${dayJa(today)}）。過去の勤務は変更できません。`);
  const week = weekOf(day);
  return db.write(
    async (m) => {
      const staff = await m.findOneBy(StaffEntity, { id: employeeNumber });
      if (!staff) throw notFound(`職員番号 ${employeeNumber} の職員は登録されていません。`);
      const existing = await m.findOneBy(AbsenceEntity, { staffId: staff.id, day });
      if (existing) return { absence: view(existing), created: false, published: [], changes: 0 };
      if (!(await openDaysOf(m, week)).includes(day)) throw invalid(`${dayJa(day)}は開庁日ではないため、休暇の登録はいりません。`);
      await m.delete(PinEntity, { staffId: staff.id, day });
      await m.insert(AbsenceEntity, { staffId: staff.id, day, createdBy: client.actorName });
      const absence = await m.findOneByOrFail(AbsenceEntity, { staffId: staff.id, day });
      const outcome = await resolveDay(
        m,
        client,
        staff,
        week,
        day,
        today,
        'api-absence',
        `${staff.name}さんの休暇（${client.name}から登録）のため`,
      );
      await audit(m, client.actorName, 'api-absence-create', 'staff-day', `${staff.id}|${day}`, null, {
        absent: true,
        absenceId: absence.id,
        changes: outcome.changes,
      });
      await notify(m, await chiefNotices(m, staff, day, `${staff.name}さんの${dayJa(day)}の休暇が登録されました（${client.name}）`));
      return { absence: view(absence), created: true, ...outcome };
    },
    [week],
  );
}

export async function removeAbsence(db: Database, client: ApiClient, id: number, clock: Clock): Promise<Omit<AbsenceOutcome, 'created'>> {
  const today = todayOf(clock);
  const found = await db.manager.findOneBy(AbsenceEntity, { id });
  if (!found) throw notFound(`休暇 ${id} は登録されていません。`);
  const week = weekOf(found.day);
  return db.write(
    async (m) => {
      // Read again under the week's lock: it may have gone meanwhile.
      const absence = await m.findOneBy(AbsenceEntity, { id });
      if (!absence) throw notFound(`休暇 ${id} は登録されていません。`);
      const day = absence.day;
      if (day < today)
        throw invalid(`${dayJa(day)}は過ぎた日のため、休暇の取消はできません（今日: ${dayJa(today)}）。過去の勤務は変更できません。`);
      const staff = await m.findOneByOrFail(StaffEntity, { id: absence.staffId });
      await m.delete(AbsenceEntity, { id });
      const outcome = await resolveDay(
        m,
        client,
        staff,
        week,
        day,
        today,
        'api-absence-delete',
        `${staff.name}さんの休暇の取消（${client.name}から）のため`,
      );
      await audit(
        m,
        client.actorName,
        'api-absence-delete',
        'staff-day',
        `${staff.id}|${day}`,
        { absent: true, absenceId: id },
        {
          absent: false,
          changes: outcome.changes,
        },
      );
      await notify(m, await chiefNotices(m, staff, day, `${staff.name}さんの${dayJa(day)}の休暇が取り消されました（${client.name}）`));
      return { absence: view(absence), ...outcome };
    },
    [week],
  );
}

/**
 * The day re-solved with the change in place, when the division has a roster
 * for the week (without one, the absence is simply there when it is made):
 * published divisions get a new version, people whose day changed are told.
 */
async function resolveDay(
  m: EntityManager,
  client: ApiClient,
  staff: StaffEntity,
  week: string,
  day: IsoDate,
  today: IsoDate,
  action: string,
  why: string,
): Promise<{ published: { division: string; version: number }[]; changes: number }> {
  if (!(await m.existsBy(RosterEntity, { divisionId: staff.divisionId, week }))) return { published: [], changes: 0 };
  const actor = clientActor(client);
  const solved = await solveOrganisation(m, week, today, staff.divisionId, { onlyDay: day });
  const result = await commitDay(m, actor, week, solved, [staff.divisionId], day, action, staff.divisionId);
  await notify(m, changeNotices(result.changes, 'week-changed', why));
  return { published: result.published.map((p) => ({ division: p.divisionId, version: p.version })), changes: result.changes.length };
}

async function chiefNotices(m: EntityManager, staff: StaffEntity, day: IsoDate, title: string): Promise<Notice[]> {
  return (await chiefsOf(m, staff.divisionId))
    .filter((id) => id !== staff.id)
    .map((id) => ({
      staffId: id,
      kind: 'week-changed' as const,
      title,
      body: `${title}。勤務表は${dayJa(day)}の分だけ作り直され、公開済みの週はすぐに公開されています。`,
      link: `/divisions/${encodeURIComponent(staff.divisionId)}/weeks/${weekOf(day)}`,
    }));
}
