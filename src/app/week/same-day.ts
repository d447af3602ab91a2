/**
 * Changes on the day: the sick-child morning and the BCP day share one core.
 * Only the changed day is re-solved: every other day of the week stays as it
 * stands, days before today never change, and what changes in a published
 * week is published at once (a new version) and told to everyone affected.
 *
 * - A staff member asks to telework today (子の看護, 急病・けが …), whether or
 *   not they asked for the day before. Their chiefs are told at once.
 * - The chief sees the consequence (who else would change) and approves in
 *   one step: the person is pinned to telework today, today is re-solved for
 *   the organisation, the division's change is published, and the person and
 *   anyone bumped are told.
 */
import { EntityManager } from 'typeorm';
import { dayJa } from '../../domain/explanation';
import { IsoDate } from '../../domain/rotation';
import { weekOf } from '../../domain/calendar';
import { Database } from '../../persistence/database';
import {
  AbsenceEntity,
  PinEntity,
  PolicyEntity,
  PossibleDayEntity,
  PublishedAssignment,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
  AssignmentEntity,
} from '../../persistence/entities';
import { Actor, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { Clock, todayOf } from '../calendar';
import { AppError, forbidden, invalid, notFound } from '../errors';
import { chiefsOf, Notice, notify } from '../notifications/notify';
import { canTelework, isReason, REASONS } from '../organisation/policy';
import { CellChange, changeNotices, DayChange, describeChanges } from './day-changes';
import { OrganisationSolve, sliceOf, solveOrganisation, toPublished } from './organisation-solve';
import { openDaysOf } from './problem';
import { PendingRequest } from './requests';
import { diffAssignments, insertCells, latestPublication, saveDivision, SeenRevision, assertRevision, storeView } from './rosters';

/** What a staff member sends from their phone on the morning. */
export interface TodayRequestInput {
  /** The day the page was showing as today (a page left open overnight must not ask for yesterday). */
  readonly day: unknown;
  readonly reason: unknown;
}

/** Staff asks to telework today; the chiefs of the division are told. */
export async function askToday(db: Database, actor: Actor, input: TodayRequestInput, clock: Clock): Promise<{ day: IsoDate }> {
  const today = todayOf(clock);
  const day = typeof input.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(input.day) ? input.day : null;
  if (day === null) throw invalid('申請する日の指定が正しくありません。画面を読み込み直してください。');
  if (day < today) throw invalid(`${dayJa(day)}は過ぎた日のため、当日の申請はできません。画面を読み込み直してください。`);
  if (day > today) throw invalid(`当日の申請は今日（${dayJa(today)}）の分だけです。ほかの日は、週の希望から申請してください。`);
  if (!isReason(input.reason)) throw invalid(`理由を選んでください（${Object.values(REASONS).join('、')}）。`);
  const reason = input.reason;
  const week = weekOf(day);
  return db.write(
    async (m) => {
      const staff = await m.findOneBy(StaffEntity, { id: actor.staffId, active: true });
      if (!staff) throw notFound('職員情報が見つかりません。');
      const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
      if (!canTelework(policy, staff)) throw forbidden(`職種（${staff.jobType}）がテレワーク対象外のため、在宅勤務の申請はできません。`);
      if (!(await openDaysOf(m, week)).includes(day)) throw invalid(`${dayJa(day)}は開庁日ではないため、申請はいりません。`);
      const told = await toldCell(m, staff.divisionId, week, staff.id, day);
      if (told?.mode === 'telework') throw invalid(`${dayJa(day)}はすでに在宅勤務の予定です。`);
      const existing = await m.findOneBy(TeleworkRequestEntity, { staffId: staff.id, day });
      if (existing?.status === 'pending') throw invalid(`${dayJa(day)}の申請はすでに課長の承認を待っています。`);
      const now = clock().toUTC().toISO()!;
      if (existing) await m.update(TeleworkRequestEntity, { id: existing.id }, { status: 'pending', reason, createdAt: now });
      else await m.insert(TeleworkRequestEntity, { staffId: staff.id, day, rank: 1, reason, status: 'pending', createdAt: now });
      // A day marked 順番なら可 is now asked for: never both a request and a possible day on a day.
      const possible = await m.findOneBy(PossibleDayEntity, { staffId: staff.id, day });
      if (possible) await m.delete(PossibleDayEntity, { id: possible.id });
      await audit(
        m,
        actor.loginId,
        'urgent-request',
        'staff-day',
        `${staff.id}|${day}`,
        existing ? { status: existing.status, reason: existing.reason } : possible ? { possible: true } : null,
        { status: 'pending', reason, sameDay: true },
      );
      const chiefs = await chiefsOf(m, staff.divisionId);
      await notify(
        m,
        chiefs.map((id) => ({
          staffId: id,
          kind: 'urgent-waiting' as const,
          title: `${staff.name}さんから今日（${dayJa(day)}）の在宅勤務の申請（${REASONS[reason]}）`,
          body: `${staff.name}さんが今日の在宅勤務を申請しました。理由: ${REASONS[reason]}。承認すると今日の勤務表だけが作り直され、すぐに公開されます。`,
          link: `/divisions/${encodeURIComponent(staff.divisionId)}/requests`,
        })),
      );
      return { day };
    },
    [week],
  );
}

export interface SameDayOutcome {
  /** null when the request cannot be granted today; then `blocked` says why. */
  readonly changes: readonly DayChange[];
  readonly blocked: string | null;
  readonly published: readonly { readonly divisionId: string; readonly version: number }[];
  /** People other than the requester whose published day changes. */
  readonly bumped: number;
}

/**
 * The chief approves a same-day request: pinned to telework today, today
 * re-solved for the organisation, the division's change published, the
 * person and everyone whose published day changed told.
 */
export async function approveToday(
  db: Database,
  actor: Actor,
  divisionId: string,
  requestId: number,
  seen: SeenRevision,
  clock: Clock,
): Promise<SameDayOutcome> {
  assertManages(actor, divisionId);
  const today = todayOf(clock);
  const week = weekOf(today);
  return db.write(async (m) => approveIn(m, actor, divisionId, requestId, seen, today), [week]);
}

/** Today's pending requests of a division, each with what approving it would change and the roster revision it is built on. */
export async function sameDayRequests(
  db: Database,
  actor: Actor,
  divisionId: string,
  pending: readonly PendingRequest[],
  clock: Clock,
): Promise<(PendingRequest & { readonly revision: number | 'none'; readonly preview: SameDayOutcome })[]> {
  const today = todayOf(clock);
  const row = await db.manager.findOneBy(RosterEntity, { divisionId, week: weekOf(today) });
  const out = [];
  for (const p of pending.filter((x) => x.day === today)) {
    out.push({ ...p, revision: row?.revision ?? ('none' as const), preview: await previewToday(db, actor, divisionId, p.id, clock) });
  }
  return out;
}

/** What approving would change, without changing anything (the same work, rolled back). */
export async function previewToday(
  db: Database,
  actor: Actor,
  divisionId: string,
  requestId: number,
  clock: Clock,
): Promise<SameDayOutcome> {
  assertManages(actor, divisionId);
  const today = todayOf(clock);
  return dryRun(db, [weekOf(today)], async (m) => {
    try {
      return await approveIn(m, actor, divisionId, requestId, 'any', today, { notify: false });
    } catch (e) {
      if (e instanceof AppError && e.status === 422) {
        return { changes: [], blocked: e.message, published: [], bumped: 0 };
      }
      throw e;
    }
  });
}

async function approveIn(
  m: EntityManager,
  actor: Actor,
  divisionId: string,
  requestId: number,
  seen: SeenRevision | 'any',
  today: IsoDate,
  options: { notify: boolean } = { notify: true },
): Promise<SameDayOutcome> {
  const request = await m.findOneBy(TeleworkRequestEntity, { id: requestId });
  const staff = request && (await m.findOneBy(StaffEntity, { id: request.staffId }));
  if (!request || !staff || staff.divisionId !== divisionId) throw notFound('この申請は見つかりません。');
  if (request.status !== 'pending') throw invalid('この申請はすでに処理されています。');
  if (request.day < today) throw invalid(`${dayJa(request.day)}は過ぎた日のため、この申請は承認できません。却下してください。`);
  if (request.day > today) throw invalid('当日の申請ではありません。');
  const day = request.day;
  const week = weekOf(day);
  const row = await m.findOneBy(RosterEntity, { divisionId, week });
  if (!row) throw invalid('この週の勤務表がまだ作成されていません。先に勤務表を作成してください。');
  if (seen !== 'any') assertRevision(row, seen);
  const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
  if (!canTelework(policy, staff)) throw invalid(`${staff.name}さんの職種（${staff.jobType}）はテレワーク対象外です。`);

  await m.delete(AbsenceEntity, { staffId: staff.id, day });
  await m.delete(PinEntity, { staffId: staff.id, day });
  await m.insert(PinEntity, { staffId: staff.id, day, mode: 'telework', createdBy: actor.loginId });
  await m.update(TeleworkRequestEntity, { id: request.id }, { status: 'active' });

  const solved = await solveOrganisation(m, week, today, divisionId, {
    onlyDay: day,
    conflictMessage: await blockedReason(m, staff, week, day),
  });
  const result = await commitDay(m, actor, week, solved, [divisionId], day, 'urgent-approve', staff.divisionId);
  await audit(
    m,
    actor.loginId,
    'urgent-approve',
    'request',
    String(request.id),
    { day, status: 'pending', reason: request.reason },
    {
      day,
      status: 'active',
      changes: result.changes.length,
    },
  );
  if (options.notify) {
    const notices: Notice[] = [
      {
        staffId: staff.id,
        kind: 'request-decided',
        title: `今日（${dayJa(day)}）の在宅勤務が承認されました`,
        body: `${dayJa(day)}の在宅勤務の申請（${REASONS[request.reason]}）を課長が承認しました。勤務表は公開済みです。`,
        link: `/me#week-${week}`,
      },
      ...changeNotices(
        result.changes.filter((c) => c.staffId !== staff.id),
        'week-changed',
        '同じ課の職員の当日の在宅勤務（課長が承認）のため',
      ),
    ];
    await notify(m, notices);
  }
  const bumped = new Set(result.changes.filter((c) => c.staffId !== staff.id).map((c) => c.staffId)).size;
  return { changes: result.changes, blocked: null, published: result.published, bumped };
}

/** Why pinning the person to telework cannot hold, in plain words (the engine says only that it cannot). */
async function blockedReason(m: EntityManager, staff: StaffEntity, week: string, day: IsoDate): Promise<string> {
  const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
  const max = staff.maxTeleworkDays ?? policy.maxTeleworkDays;
  const told = await toldWeek(m, staff.divisionId, week);
  const mine = told.filter((a) => a.staff === staff.id && a.day !== day && a.mode === 'telework').length;
  const prefix = `${staff.name}さんを${dayJa(day)}に在宅勤務にできません。`;
  if (mine >= max)
    return `${prefix}今週はすでに上限の${max}日、在宅勤務の予定があります。休暇として扱うか、ほかの日を出勤に変えてから承認してください。`;
  return `${prefix}この日のテレワーク用ライセンス（全庁）または課の端末がすべて使われています。休暇として扱うか、在宅勤務の予定の職員を出勤に固定してから承認してください。`;
}

export interface CommittedDay {
  readonly changes: readonly DayChange[];
  readonly published: readonly { readonly divisionId: string; readonly version: number }[];
}

/**
 * Stores one day's re-solve: every edited division that has published gets
 * a new version at once (its draft follows on that day), every other
 * division in scope keeps a draft. Returns the published cells that changed.
 */
export async function commitDay(
  m: EntityManager,
  actor: Actor,
  week: string,
  solved: OrganisationSolve,
  edited: readonly string[],
  day: IsoDate,
  action: string,
  because: string,
): Promise<CommittedDay> {
  const now = new Date().toISOString();
  const changes: CellChange[] = [];
  const published: { divisionId: string; version: number }[] = [];
  const saved: RosterEntity[] = [];
  for (const id of solved.scope) {
    const row = solved.rows.get(id);
    const cells = sliceOf(solved.problem, solved.roster, id);
    if (!row || row.publishedVersion === 0 || !edited.includes(id)) {
      if (!row && !edited.includes(id)) continue;
      const other = await saveDivision(m, actor, week, solved, id, edited.includes(id) ? action : 'resolve-other', because);
      if (other.changed) saved.push(other.row);
      continue;
    }
    const last = await latestPublication(m, row);
    if (!last) continue;
    const diff = diffAssignments(last.assignments, cells);
    if (diff.length === 0) continue;
    const teleworking = new Set(cells.filter((a) => a.mode === 'telework').map((a) => `${a.staff}|${a.day}`));
    const version = row.publishedVersion + 1;
    await m.insert(RosterPublicationEntity, {
      rosterId: row.id,
      version,
      publishedBy: actor.loginId,
      publishedAt: now,
      objective: row.objective,
      changes: diff.length,
      assignments: cells.map(toPublished),
      denials: last.denials.filter((d) => !teleworking.has(`${d.staff}|${d.day}`)),
    });
    // The draft follows on the changed day; a draft with other unpublished changes keeps them.
    if (row.status === 'published') {
      await m.delete(AssignmentEntity, { rosterId: row.id });
      await insertCells(m, row.id, cells);
    } else {
      await m.delete(AssignmentEntity, { rosterId: row.id, day });
      await insertCells(
        m,
        row.id,
        cells.filter((a) => a.day === day),
      );
    }
    await m.update(
      RosterEntity,
      { id: row.id },
      { publishedVersion: version, publishedBy: actor.loginId, publishedAt: now, revision: row.revision + 1 },
    );
    await audit(
      m,
      actor.loginId,
      'publish',
      'roster',
      `${id}|${week}`,
      { version: row.publishedVersion },
      { version, changes: diff.length, because: action },
    );
    saved.push(await m.findOneByOrFail(RosterEntity, { id: row.id }));
    changes.push(...diff);
    published.push({ divisionId: id, version });
  }
  for (const r of saved) await storeView(m, r, week);
  return { changes: await describeChanges(m, changes), published };
}

/** A person's cell as they were told: the latest published version (null when nothing is published). */
async function toldCell(m: EntityManager, divisionId: string, week: string, staffId: string, day: IsoDate) {
  return (await toldWeek(m, divisionId, week)).find((a) => a.staff === staffId && a.day === day) ?? null;
}

async function toldWeek(m: EntityManager, divisionId: string, week: string): Promise<readonly PublishedAssignment[]> {
  const row = await m.findOneBy(RosterEntity, { divisionId, week });
  const pub = row ? await latestPublication(m, row) : null;
  return pub?.assignments ?? [];
}

class DryRunResult<T> extends Error {
  constructor(readonly value: T) {
    super('dry run');
  }
}

/** Runs `work` in a transaction that is always rolled back: a preview that is exactly what the change would do. */
export async function dryRun<T>(db: Database, locks: readonly string[], work: (m: EntityManager) => Promise<T>): Promise<T> {
  try {
    await db.write(async (m) => {
      throw new DryRunResult(await work(m));
    }, locks);
  } catch (e) {
    if (e instanceof DryRunResult) return e.value as T;
    throw e;
  }
  throw new Error('unreachable');
}
