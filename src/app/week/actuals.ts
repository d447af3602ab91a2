/**
 * What actually happened on a day (実績): the chief records, for a day that
 * has begun, that a person teleworked, came in, or was on leave, whatever the
 * published version said. The published version itself never changes; the
 * record corrects the fairness ledger (problem.ts `deniedBefore`): a denied
 * request the person teleworked after all no longer counts as denied, and
 * planned telework that did not happen (called in) counts as a denial.
 */
import { EntityManager, In } from 'typeorm';
import { weekOf } from '../../domain/calendar';
import { dayJa } from '../../domain/explanation';
import { IsoDate } from '../../domain/rotation';
import { Database } from '../../persistence/database';
import { ActualDayEntity, StaffEntity } from '../../persistence/entities';
import { Actor, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { Clock, todayOf } from '../calendar';
import { invalid, notFound } from '../errors';
import { openDaysOf } from './problem';

export type ActualMode = ActualDayEntity['mode'];
export const ACTUAL_ACTIONS = ['office', 'telework', 'absent', 'clear'] as const;
export type ActualAction = (typeof ACTUAL_ACTIONS)[number];
export const ACTUAL_LABELS: Readonly<Record<ActualMode, string>> = { office: '出勤した', telework: '在宅勤務をした', absent: '休暇だった' };

export function isActualAction(value: unknown): value is ActualAction {
  return typeof value === 'string' && (ACTUAL_ACTIONS as readonly string[]).includes(value);
}

/** Records (or clears) what happened; only for days that have begun (today and before). */
export async function recordActual(
  db: Database,
  actor: Actor,
  divisionId: string,
  staffId: string,
  day: IsoDate,
  action: ActualAction,
  clock: Clock,
): Promise<void> {
  assertManages(actor, divisionId);
  if (!isActualAction(action)) throw invalid('実績の種類が正しくありません。');
  const today = todayOf(clock);
  if (day > today)
    throw invalid(`${dayJa(day)}はまだ来ていない日のため、実績は記録できません。予定の変更は「変更して再計算」から行ってください。`);
  const week = weekOf(day);
  await db.write(
    async (m) => {
      const staff = await m.findOneBy(StaffEntity, { id: staffId, divisionId });
      if (!staff) throw notFound('この課の職員ではありません。');
      if (!(await openDaysOf(m, week)).includes(day)) throw invalid(`${dayJa(day)}は開庁日ではありません。`);
      const before = await m.findOneBy(ActualDayEntity, { staffId, day });
      await m.delete(ActualDayEntity, { staffId, day });
      if (action !== 'clear') {
        await m.insert(ActualDayEntity, { staffId, day, mode: action, recordedBy: actor.loginId, recordedAt: new Date().toISOString() });
      }
      await audit(m, actor.loginId, 'record-actual', 'staff-day', `${staffId}|${day}`, before ? { mode: before.mode } : null, {
        mode: action === 'clear' ? null : action,
      });
    },
    [week],
  );
}

/** Recorded days of some people, by `staff|day`. */
export async function actualsOf(m: EntityManager, staffIds: readonly string[], days: readonly IsoDate[]): Promise<Map<string, ActualMode>> {
  if (staffIds.length === 0 || days.length === 0) return new Map();
  const rows = await m.find(ActualDayEntity, { where: { staffId: In([...staffIds]), day: In([...days]) } });
  return new Map(rows.map((r) => [`${r.staffId}|${r.day}`, r.mode]));
}
