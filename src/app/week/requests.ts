/**
 * Staff requests: preferred telework days with a rank, a reason category and
 * a place (home or one of HR's places), changeable until HR's deadline for
 * the week. After the deadline a request is urgent: it waits for the section
 * chief, who approves or rejects it.
 *
 * On the same form a day can be marked 順番なら可 (可能日) instead: not a
 * request, a day the person would telework on to take their turn in a period
 * that takes its turns on such days. Possible days are saved with the
 * requests, never on a requested day, and are locked at the deadline.
 */
import { EntityManager, In } from 'typeorm';
import { IsoDate } from '../../domain/rotation';
import { dayJa } from '../../domain/explanation';
import { Database } from '../../persistence/database';
import {
  PlaceEntity,
  PolicyEntity,
  PossibleDayEntity,
  ReasonCategory,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { Actor, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { Clock, requestDeadline, todayOf } from '../calendar';
import { weekdaysOf, weekOf } from '../../domain/calendar';
import { chiefsOf, notify } from '../notifications/notify';
import { forbidden, invalid, notFound } from '../errors';
import { isReason, REASONS } from '../organisation/policy';
import { canTelework } from '../organisation/policy';
import { periodsOverlapping } from '../organisation/periods';
import { listPlaces } from '../organisation/place-names';
import { openDaysOf, reads } from './problem';
import { possibleDaysOf, turnPeriodsOf } from '../organisation/turn-periods';

export interface RequestEntry {
  readonly day: IsoDate;
  readonly rank: number;
  readonly reason: ReasonCategory;
  /** Where: a place's id (PlaceEntity), or null for home. */
  readonly placeId: number | null;
}

/** A day marked 順番なら可 (可能日), and where the person would telework on it (null: home). */
export interface PossibleEntry {
  readonly day: IsoDate;
  readonly placeId: number | null;
}

/** The rank of a day marked 順番なら可 instead of requested. */
export const POSSIBLE_RANK = 'possible';

/**
 * Form input as it arrives: one optional rank (a number, or `possible`), reason and place (a
 * place's id; blank or absent for home) per day.
 */
export interface RequestForm {
  readonly [day: string]: { readonly rank?: unknown; readonly reason?: unknown; readonly place?: unknown } | undefined;
}

export interface SaveRequestsOptions {
  /**
   * The sender does not send possible days (a client of the API from before them): the week's
   * possible days stay as they are, except on the days it now asks for.
   */
  readonly keepPossible?: boolean;
}

export interface SaveRequestsResult {
  readonly urgent: boolean;
  readonly saved: number;
  /** Possible days of the week after the save. */
  readonly possible: number;
}

/** What the form is checked against: the places and the days a person may mark 順番なら可. */
export interface EntryRules {
  /** Every place, by id. */
  readonly places: ReadonlyMap<number, Pick<PlaceEntity, 'id' | 'name' | 'desks'>>;
  /** The place of each day's request or possible day as saved: it stays valid after its place closed (0 desks). */
  readonly kept: ReadonlyMap<IsoDate, number | null>;
  /** Days a period with a goal opens to possible days. */
  readonly possibleDays: ReadonlySet<IsoDate>;
}

const NO_RULES: EntryRules = { places: new Map(), kept: new Map(), possibleDays: new Set() };

const SAVE_FAILED = '希望を保存できませんでした。次の点を直してください。';

/**
 * Replaces the person's requests for a week. Before the deadline they take
 * effect at once; after it, only new days can be asked for, as urgent
 * requests that go to the chief.
 */
export async function saveRequests(
  db: Database,
  actor: Actor,
  week: string,
  form: RequestForm,
  clock: Clock,
  options: SaveRequestsOptions = {},
): Promise<SaveRequestsResult> {
  // Before the deadline a save touches only the person's own requests of the week: it holds the person's lock of the
  // week, so that the deadline rush's saves never wait for each other, nor for a solve of the week (which reads the
  // requests in one statement and finds its draft stale when one is added after). After the deadline an urgent
  // request meets the chief's approvals, which hold the week's lock: so does the save.
  const open = clock() <= requestDeadline(week, await db.manager.findOneByOrFail(PolicyEntity, { id: 1 }));
  try {
    return await saveRequestsIn(db, actor, week, form, clock, options, open ? [`${week}|${actor.staffId}`] : [week]);
  } catch (e) {
    // The deadline passed (or HR moved it) while the save waited for the person's lock: again, under the week's lock.
    if (e === DEADLINE_PASSED) return saveRequestsIn(db, actor, week, form, clock, options, [week]);
    throw e;
  }
}

const DEADLINE_PASSED = new Error('the deadline passed');

async function saveRequestsIn(
  db: Database,
  actor: Actor,
  week: string,
  form: RequestForm,
  clock: Clock,
  options: SaveRequestsOptions,
  keys: readonly string[],
): Promise<SaveRequestsResult> {
  return db.write(async (m) => {
    // Only the person, the policy, the open days, the person's requests and possible days, the places and the
    // periods: the save is the deadline rush's one write.
    const weekdays = weekdaysOf(week);
    const [staff, policy, openDays, current, marked, places, periods] = await reads(m, [
      () => m.findOneBy(StaffEntity, { id: actor.staffId }),
      () => m.findOneByOrFail(PolicyEntity, { id: 1 }),
      () => openDaysOf(m, week),
      () => m.find(TeleworkRequestEntity, { where: { staffId: actor.staffId, day: In(weekdays) } }),
      () => m.find(PossibleDayEntity, { where: { staffId: actor.staffId, day: In(weekdays) }, order: { day: 'ASC' } }),
      () => listPlaces(m),
      () => periodsOverlapping(m, weekdays[0], weekdays[weekdays.length - 1]),
    ] as const);
    if (!staff) throw notFound('職員情報が見つかりません。');
    const data = { policy, days: openDays, weekdays };
    if (!canTelework(data.policy, staff)) throw forbidden(`職種（${staff.jobType}）がテレワーク対象外のため、希望を出せません。`);
    const today = todayOf(clock);
    const rules: EntryRules = {
      places: new Map(places.map((p) => [p.id, p])),
      kept: new Map([...marked.map((p) => [p.day, p.placeId] as const), ...current.map((r) => [r.day, r.placeId] as const)]),
      possibleDays: possibleDaysOf(turnPeriodsOf(periods, staff.divisionId), data.days),
    };
    const { requests: entries, possible } = parseEntries(form, data.days, rules);
    const past = [...entries, ...possible].filter((e) => e.day < today).sort((a, b) => a.day.localeCompare(b.day));
    if (past.length) {
      throw invalid(
        SAVE_FAILED,
        past.map((e) => `${dayJa(e.day)}は過ぎた日のため、希望できません。`),
      );
    }
    await holdPlaces(db, m, [...entries, ...possible]);
    const now = new Date().toISOString();
    if (clock() <= requestDeadline(week, data.policy)) {
      await m.delete(TeleworkRequestEntity, { staffId: staff.id, day: In(data.weekdays) });
      if (entries.length)
        await m.insert(
          TeleworkRequestEntity,
          entries.map((e) => ({ ...e, staffId: staff.id, status: 'active' as const, createdAt: now })),
        );
      await audit(m, actor.loginId, 'requests', 'staff-week', `${staff.id}|${week}`, current.map(brief), entries.map(briefEntry));
      // A possible day gives way to a request on its day: never both.
      const requested = new Set(entries.map((e) => e.day));
      const next = options.keepPossible ? marked.filter((p) => !requested.has(p.day)).map(briefPossible) : possible;
      const before = marked.map(briefPossible);
      if (JSON.stringify(before) !== JSON.stringify(next.map(briefPossible))) {
        await m.delete(PossibleDayEntity, { staffId: staff.id, day: In(data.weekdays) });
        if (next.length)
          await m.insert(
            PossibleDayEntity,
            next.map((p) => ({ ...p, staffId: staff.id, createdAt: now })),
          );
        await audit(m, actor.loginId, 'possible-days', 'staff-week', `${staff.id}|${week}`, before, next.map(briefPossible));
      }
      return { urgent: false, saved: entries.length, possible: next.length };
    }
    if (!keys.includes(week)) throw DEADLINE_PASSED;
    // After the deadline possible days are locked as requests are: the same ones sent again change nothing.
    const taken = new Set(current.map((r) => r.day));
    const markedOn = new Map(marked.map((p) => [p.day, p.placeId]));
    const fresh = entries.filter((e) => !taken.has(e.day));
    const locked = [
      ...possible
        .filter((p) => !markedOn.has(p.day) || markedOn.get(p.day) !== p.placeId)
        .map((p) => `${dayJa(p.day)}: 締切を過ぎているため、「順番なら可」の日は追加も変更もできません。`),
      ...fresh
        .filter((e) => markedOn.has(e.day))
        .map((e) => `${dayJa(e.day)}は「順番なら可」にしている日です。締切を過ぎているため、希望に変えることはできません。`),
    ];
    if (locked.length) throw invalid(SAVE_FAILED, locked);
    if (fresh.length === 0) {
      throw invalid('締切を過ぎているため、出した希望は変更できません。新しい日を選ぶと、課長への緊急の申請になります。');
    }
    await m.insert(
      TeleworkRequestEntity,
      fresh.map((e) => ({ ...e, staffId: staff.id, status: 'pending' as const, createdAt: now })),
    );
    await audit(m, actor.loginId, 'urgent-request', 'staff-week', `${staff.id}|${week}`, null, fresh.map(briefEntry));
    const days = fresh.map((e) => dayJa(e.day)).join('・');
    await notify(
      m,
      (await chiefsOf(m, staff.divisionId)).map((id) => ({
        staffId: id,
        kind: 'urgent-waiting' as const,
        title: `${staff.name}さんから締切後の在宅勤務の申請（${days}）`,
        body: `${staff.name}さんが締切後に在宅勤務を申請しました（${days}）。承認または却下してください。`,
        link: `/divisions/${encodeURIComponent(staff.divisionId)}/requests`,
      })),
    );
    return { urgent: true, saved: fresh.length, possible: marked.length };
  }, keys);
}

/**
 * Checks every day of the form and names each problem; nothing is saved when one is found.
 * Without `rules` (no places, no period that opens possible days) only home and requests pass.
 */
export function parseEntries(
  form: RequestForm,
  days: readonly IsoDate[],
  rules: EntryRules = NO_RULES,
): { requests: RequestEntry[]; possible: PossibleEntry[] } {
  const problems: string[] = [];
  const entries: RequestEntry[] = [];
  const possible: PossibleEntry[] = [];
  const open = new Set(days);
  for (const [day, value] of Object.entries(form)) {
    const raw = value?.rank;
    // A rank is typed text (or a number from code); anything else is answered as a wrong rank below.
    const rankText = raw === undefined || raw === null ? '' : typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '?';
    if (rankText === '') continue;
    const label = /^\d{4}-\d{2}-\d{2}$/.test(day) ? dayJa(day) : day;
    if (!open.has(day)) {
      problems.push(`${label}は開庁日ではないため希望できません。`);
      continue;
    }
    const placeId = readPlace(value?.place, day, label, rules, problems);
    if (rankText === POSSIBLE_RANK) {
      if (!rules.possibleDays.has(day)) {
        problems.push(`${label}は、全員が順番に在宅勤務をする期間の日ではないため、「順番なら可」にはできません。`);
        continue;
      }
      if (placeId !== undefined) possible.push({ day, placeId });
      continue;
    }
    const rank = Number(rankText);
    if (!Number.isInteger(rank) || rank < 1 || rank > days.length) {
      problems.push(`${label}の順位は1から${days.length}までの数字で選んでください。`);
      continue;
    }
    const reason = value?.reason ?? 'other';
    if (!isReason(reason)) {
      problems.push(`${label}の理由が正しくありません（${Object.values(REASONS).join('、')}から選んでください）。`);
      continue;
    }
    if (placeId !== undefined) entries.push({ day, rank, reason, placeId });
  }
  const seen = new Map<number, IsoDate>();
  for (const e of entries.sort((a, b) => a.rank - b.rank)) {
    const other = seen.get(e.rank);
    if (other) problems.push(`第${e.rank}希望が${dayJa(other)}と${dayJa(e.day)}の2日にあります。順位は1日に1つずつにしてください。`);
    seen.set(e.rank, e.day);
  }
  if (problems.length) throw invalid(SAVE_FAILED, problems);
  // Ranks 1, 3, 4 become 1, 2, 3: only the order matters.
  return {
    requests: entries.map((e, i) => ({ ...e, rank: i + 1 })),
    possible: possible.sort((a, b) => a.day.localeCompare(b.day)),
  };
}

/**
 * The place of a day: null for home (blank, absent or `home`), else a place's id. A place must
 * exist and take new requests (desks > 0), unless the day already has it. Undefined when the
 * problem is named.
 */
function readPlace(raw: unknown, day: IsoDate, label: string, rules: EntryRules, problems: string[]): number | null | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === 'home') return null;
  const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' ? String(raw) : '';
  if (!/^[1-9][0-9]{0,9}$/.test(text)) {
    problems.push(`${label}の場所の指定が正しくありません。一覧から選び直してください。`);
    return undefined;
  }
  const id = Number(text);
  if (rules.kept.get(day) === id) return id;
  const place = rules.places.get(id);
  if (!place) {
    problems.push(`${label}の場所（番号${id}）は登録されていません。一覧から選び直してください。`);
    return undefined;
  }
  if (place.desks <= 0) {
    problems.push(`${label}の場所「${place.name}」は、いまは受け付けていません（席がありません）。ほかの場所を選んでください。`);
    return undefined;
  }
  return id;
}

export interface PendingRequest {
  readonly id: number;
  readonly staffId: string;
  readonly name: string;
  readonly day: IsoDate;
  readonly label: string;
  readonly reason: string;
  readonly createdAt: string;
}

export async function pendingRequests(m: EntityManager, actor: Actor, divisionId: string): Promise<PendingRequest[]> {
  assertManages(actor, divisionId);
  const staff = await m.find(StaffEntity, { where: { divisionId } });
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const rows = await m.find(TeleworkRequestEntity, {
    where: { staffId: In([...names.keys()]), status: 'pending' },
    order: { day: 'ASC', createdAt: 'ASC' },
  });
  return rows.map((r) => ({
    id: r.id,
    staffId: r.staffId,
    name: names.get(r.staffId) ?? r.staffId,
    day: r.day,
    label: dayJa(r.day),
    reason: REASONS[r.reason],
    createdAt: r.createdAt,
  }));
}

/** The chief approves (the request joins the next re-solve) or rejects an urgent request. */
export async function decideRequest(
  db: Database,
  actor: Actor,
  divisionId: string,
  id: number,
  approve: boolean,
  clock: Clock,
): Promise<void> {
  assertManages(actor, divisionId);
  const today = todayOf(clock);
  await db.write(async (m) => {
    const request = await m.findOneBy(TeleworkRequestEntity, { id });
    const staff = request && (await m.findOneBy(StaffEntity, { id: request.staffId }));
    if (!request || !staff || staff.divisionId !== divisionId) throw notFound('この申請は見つかりません。');
    if (request.status !== 'pending') throw invalid('この申請はすでに処理されています。');
    if (approve && request.day < today)
      throw invalid(`${dayJa(request.day)}は過ぎた日のため、この申請は承認できません。却下してください。`);
    const status = approve ? 'active' : 'rejected';
    await m.update(TeleworkRequestEntity, { id }, { status });
    await audit(m, actor.loginId, approve ? 'approve-request' : 'reject-request', 'request', String(id), brief(request), {
      ...brief(request),
      status,
    });
    await notify(m, [
      {
        staffId: staff.id,
        kind: 'request-decided',
        title: `${dayJa(request.day)}の在宅勤務の申請が${approve ? '承認' : '却下'}されました`,
        body: approve
          ? `${dayJa(request.day)}の在宅勤務の申請（${REASONS[request.reason]}）を課長が承認しました。勤務表が作り直されて公開されると、結果が「自分の予定」に表示されます。`
          : `${dayJa(request.day)}の在宅勤務の申請（${REASONS[request.reason]}）は、課長が認めませんでした。`,
        link: `/me#week-${weekOf(request.day)}`,
      },
    ]);
  });
}

export async function policyOf(m: EntityManager): Promise<PolicyEntity> {
  return m.findOneByOrFail(PolicyEntity, { id: 1 });
}

/** A request as the audit log keeps it; the place only when not home, so that logs without places read as before. */
function brief(r: TeleworkRequestEntity) {
  return { day: r.day, rank: r.rank, reason: r.reason, status: r.status, ...(r.placeId === null ? {} : { placeId: r.placeId }) };
}

function briefEntry(e: RequestEntry) {
  return { day: e.day, rank: e.rank, reason: e.reason, ...(e.placeId === null ? {} : { placeId: e.placeId }) };
}

function briefPossible(p: Pick<PossibleDayEntity, 'day' | 'placeId'>) {
  return { day: p.day, placeId: p.placeId };
}

/**
 * On PostgreSQL, the places the save names are read again FOR SHARE: HR deleting one of them
 * (places.ts locks it FOR UPDATE before counting what names it) waits for this save to commit
 * and then finds the request, or this save waits for the delete and then finds the place gone.
 * SQLite runs one write at a time, so the read before is enough there.
 */
async function holdPlaces(db: Database, m: EntityManager, entries: readonly { readonly placeId: number | null }[]): Promise<void> {
  if (db.kind !== 'postgres') return;
  const ids = [...new Set(entries.map((e) => e.placeId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return;
  const held = await m
    .createQueryBuilder(PlaceEntity, 'p')
    .select('p.id')
    .where('p.id IN (:...ids)', { ids })
    .setLock('pessimistic_read')
    .getMany();
  if (held.length !== ids.length) throw invalid(SAVE_FAILED, ['選んだ場所が、いま削除されました。場所を選び直してください。']);
}
