/**
 * Notices that no one's action triggers, only the time: run every few
 * minutes by the app (NoticeScheduler), or directly with a clock (tests).
 *
 * - **deadline-near**: within 24 hours before a week's request deadline,
 *   to each active person who can telework (job type, a weekly maximum above
 *   0), has not asked for any day of that week and is not on leave all of
 *   its open days; once per person and week.
 * - **ready-to-publish**: once a week's request deadline has passed and the
 *   week is not over, to the chiefs of each division whose roster is a draft
 *   that differs from what is published (or was never published); once per
 *   division, week and roster revision.
 * - Old notifications are removed: read ones after 180 days, all after 400.
 *
 * Every run is one transaction under its own lock, so two app processes
 * sharing a database do not both send a reminder; the notices' dedupe keys
 * keep a second run from repeating one.
 */
import { EntityManager, In, LessThan } from 'typeorm';
import { IsoDate } from '../../domain/rotation';
import { weekdaysOf, workingDays } from '../../domain/calendar';
import { Database } from '../../persistence/database';
import {
  AbsenceEntity,
  AccountEntity,
  ClosureDayEntity,
  DivisionEntity,
  NotificationEntity,
  PolicyEntity,
  PossibleDayEntity,
  RosterEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { Clock, instantJa, requestDeadline, shiftWeek, todayOf, weekLabel, weekOfInstant } from '../calendar';
import { canTelework } from '../organisation/policy';
import { periodsOverlapping } from '../organisation/periods';
import { turnPeriodsOf } from '../organisation/turn-periods';
import { chiefsOf, Notice, notify } from './notify';

/** How long before the deadline the reminder goes out. */
export const DEADLINE_REMINDER_HOURS = 24;
const KEEP_READ_DAYS = 180;
const KEEP_ANY_DAYS = 400;

export interface ScheduledReport {
  readonly deadlineNear: number;
  readonly readyToPublish: number;
  readonly removed: number;
}

export async function runScheduledNotices(db: Database, clock: Clock): Promise<ScheduledReport> {
  return db.write(
    async (m) => {
      const now = clock();
      const at = now.toUTC().toISO()!;
      const policy = await m.findOneBy(PolicyEntity, { id: 1 });
      if (!policy) return { deadlineNear: 0, readyToPublish: 0, removed: 0 };
      const deadlineNear = await notify(m, await deadlineNotices(m, policy, clock), at);
      const readyToPublish = await notify(m, await readyNotices(m, policy, clock), at);
      const removed = await removeOld(m, clock);
      return { deadlineNear, readyToPublish, removed };
    },
    ['notifications:scheduled'],
  );
}

/** The weeks this one and the next three: any whose deadline or publication is near. */
function weeksAround(clock: Clock): string[] {
  const first = weekOfInstant(clock());
  return [0, 1, 2, 3].map((i) => shiftWeek(first, i));
}

async function openDays(m: EntityManager, week: string): Promise<IsoDate[]> {
  const closures = await m.findBy(ClosureDayEntity, { day: In(weekdaysOf(week)) });
  return workingDays(
    week,
    closures.map((c) => c.day),
  );
}

async function deadlineNotices(m: EntityManager, policy: PolicyEntity, clock: Clock): Promise<Notice[]> {
  const now = clock();
  const notices: Notice[] = [];
  for (const week of weeksAround(clock)) {
    const deadline = requestDeadline(week, policy);
    if (!(now < deadline && deadline.diff(now, 'hours').hours <= DEADLINE_REMINDER_HOURS)) continue;
    const days = await openDays(m, week);
    if (days.length === 0) continue;
    const staff = (await m.find(StaffEntity, { where: { active: true } })).filter(
      (s) => canTelework(policy, s) && (s.maxTeleworkDays ?? policy.maxTeleworkDays) > 0,
    );
    const withAccount = new Set((await m.find(AccountEntity, { select: { staffId: true } })).map((a) => a.staffId));
    // Asking for a day, or offering one for a turn (可能日), is an answer.
    const asked = new Set([
      ...(await m.find(TeleworkRequestEntity, { select: { staffId: true }, where: { day: In(weekdaysOf(week)) } })).map((r) => r.staffId),
      ...(await m.find(PossibleDayEntity, { select: { staffId: true }, where: { day: In(weekdaysOf(week)) } })).map((r) => r.staffId),
    ]);
    const periods = await periodsOverlapping(m, days[0], days[days.length - 1]);
    const leave = new Map<string, number>();
    for (const a of await m.find(AbsenceEntity, { select: { staffId: true }, where: { day: In(days) } }))
      leave.set(a.staffId, (leave.get(a.staffId) ?? 0) + 1);
    const label = weekLabel(week);
    for (const s of staff) {
      if (!withAccount.has(s.id) || asked.has(s.id) || (leave.get(s.id) ?? 0) >= days.length) continue;
      // A trial that takes its turns on days people offer: say so, or the person is simply left out of it.
      const trial = turnPeriodsOf(periods, s.divisionId).find((p) => p.possible && days.some((d) => p.from <= d && d <= p.to));
      notices.push({
        staffId: s.id,
        kind: 'deadline-near',
        title: `在宅勤務の希望の締切が近づいています（${label}）`,
        body: [
          `${label}の在宅勤務の希望の締切は ${instantJa(deadline)} です。`,
          'この週の希望はまだ出ていません。在宅勤務をしたい日があれば、締切までに希望を出してください。',
          ...(trial
            ? [
                `この週は期間「${trial.name}」（${trial.from}〜${trial.to}）で、全員が順番に在宅勤務をします。希望がない日でも、順番なら在宅勤務できる日を「順番なら可」にしてください。`,
              ]
            : ['在宅勤務をしない週は、このままで構いません。']),
        ].join('\n'),
        link: `/me/weeks/${week}`,
        dedupeKey: `deadline-near:${week}`,
      });
    }
  }
  return notices;
}

async function readyNotices(m: EntityManager, policy: PolicyEntity, clock: Clock): Promise<Notice[]> {
  const now = clock();
  const today = todayOf(clock);
  const weeks: string[] = [];
  for (const week of weeksAround(clock)) {
    if (requestDeadline(week, policy) > now) continue;
    const days = await openDays(m, week);
    if (days.length === 0 || days.every((d) => d < today)) continue;
    weeks.push(week);
  }
  if (weeks.length === 0) return [];
  const drafts = await m.find(RosterEntity, {
    select: { id: true, divisionId: true, week: true, revision: true, publishedVersion: true, status: true },
    where: { week: In(weeks), status: 'draft' },
    order: { week: 'ASC', divisionId: 'ASC' },
  });
  if (drafts.length === 0) return [];
  const names = new Map((await m.find(DivisionEntity, { select: { id: true, name: true } })).map((d) => [d.id, d.name]));
  const notices: Notice[] = [];
  for (const row of drafts) {
    const chiefs = await chiefsOf(m, row.divisionId);
    const division = names.get(row.divisionId) ?? row.divisionId;
    const label = weekLabel(row.week);
    const deadline = instantJa(requestDeadline(row.week, policy));
    const title =
      row.publishedVersion === 0
        ? `${division}の勤務表（${label}）を公開できます`
        : `${division}の勤務表（${label}）に公開していない変更があります`;
    const body =
      row.publishedVersion === 0
        ? [
            `${label}の在宅勤務の希望の締切（${deadline}）を過ぎました。`,
            '勤務表はまだ公開されていません。下書きを確認して「公開する」を押してください。公開するまで、職員には勤務表が表示されません。',
          ]
        : [
            `${label}の勤務表に、公開中の第${row.publishedVersion}版と異なる下書きがあります。`,
            '変更の内容を確認して「公開する」を押すと、職員の予定に反映されます。',
          ];
    for (const staffId of chiefs) {
      notices.push({
        staffId,
        kind: 'ready-to-publish',
        title,
        body: body.join('\n'),
        link: `/divisions/${encodeURIComponent(row.divisionId)}/weeks/${row.week}`,
        dedupeKey: `ready-to-publish:${row.divisionId}:${row.week}:r${row.revision}`,
      });
    }
  }
  return notices;
}

async function removeOld(m: EntityManager, clock: Clock): Promise<number> {
  const now = clock().toUTC();
  const read = await m
    .createQueryBuilder()
    .delete()
    .from(NotificationEntity)
    .where('readAt IS NOT NULL AND createdAt < :before', { before: now.minus({ days: KEEP_READ_DAYS }).toISO()! })
    .andWhere('mailState <> :pending', { pending: 'pending' })
    .execute();
  const any = await m.delete(NotificationEntity, {
    createdAt: LessThan(now.minus({ days: KEEP_ANY_DAYS }).toISO()!),
    mailState: In(['none', 'sent', 'failed']),
  });
  return (read.affected ?? 0) + (any.affected ?? 0);
}

/** Runs runScheduledNotices every few minutes (and once at start) until closed. */
export class NoticeScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly options: { readonly everyMs?: number; readonly log?: (line: string) => void } = {},
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => this.run(), this.options.everyMs ?? 5 * 60_000);
    this.timer.unref();
    const first = setTimeout(() => this.run(), 1_000);
    first.unref();
  }

  private run(): void {
    if (this.closed || this.running) return;
    this.running = runScheduledNotices(this.db, this.clock)
      .then(
        () => undefined,
        (e: unknown) => {
          if (!this.closed) (this.options.log ?? console.error)(`[notifications] scheduled notices failed: ${String(e)}`);
        },
      )
      .finally(() => (this.running = null));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
