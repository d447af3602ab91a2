/** Published rosters as staff and chiefs read them: versions, and one person's weeks. */
import { DateTime } from 'luxon';
import { EntityManager, In } from 'typeorm';
import { dayJa } from '../../domain/explanation';
import { IsoDate } from '../../domain/rotation';
import {
  ClosureDayEntity,
  CounterEntity,
  PinEntity,
  PlaceEntity,
  PolicyEntity,
  PossibleDayEntity,
  PublishedAssignment,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { Actor, assertManages } from '../accounts/actor';
import type { SignedInPerson } from '../accounts/accounts';
import { Clock, holidayName, requestDeadline, shiftWeek, weekLabel, weekOfInstant } from '../calendar';
import { REASONS } from '../organisation/policy';
import { canTelework } from '../organisation/policy';
import { periodsOverlapping } from '../organisation/periods';
import { listPlaces, placeIdOf, placeName } from '../organisation/place-names';
import { covers, possibleDaysOf, TurnPeriod, turnPeriodsOf } from '../organisation/turn-periods';
import { weekdaysOf, workingDays } from '../../domain/calendar';
import { cachedReference } from '../../persistence/reference-cache';
import { cellValue } from './cells';

export interface VersionSummary {
  readonly version: number;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly changes: number;
  readonly denials: number;
  readonly teleworkDays: number;
}

export async function publicationsOf(m: EntityManager, actor: Actor, divisionId: string, week: string): Promise<VersionSummary[]> {
  assertManages(actor, divisionId);
  const row = await m.findOneBy(RosterEntity, { divisionId, week });
  if (!row) return [];
  const pubs = await m.find(RosterPublicationEntity, { where: { rosterId: row.id }, order: { version: 'DESC' } });
  return pubs.map((p) => ({
    version: p.version,
    publishedBy: p.publishedBy,
    publishedAt: p.publishedAt,
    changes: p.changes,
    denials: p.denials.length,
    teleworkDays: p.assignments.filter((a) => a.mode === 'telework').length,
  }));
}

export interface MyDay {
  readonly day: IsoDate;
  readonly label: string;
  readonly open: boolean;
  readonly closedBecause?: string;
  readonly request: {
    readonly rank: number;
    readonly reason: string;
    readonly reasonCode: string;
    readonly status: string;
    /** Where: a place's id and name, or null for home. */
    readonly placeId: number | null;
    readonly place: string | null;
  } | null;
  /** The day marked 順番なら可 (可能日), with its place (null: home). */
  readonly possible: { readonly placeId: number | null; readonly place: string | null } | null;
  /** A period with a goal in which everyone takes a turn on such days covers the day: it may be marked 順番なら可. */
  readonly possibleOffered: boolean;
  /** From the latest published version, when there is one. */
  readonly mode: 'office' | 'telework' | 'absent' | null;
  readonly counter: string | null;
  /** Telework at a place: the place's id and name (null at home, in the office, or not published). */
  readonly placeId: number | null;
  readonly place: string | null;
  /** Telework on a day not asked for nor pinned, in a period with a goal: the person's turn (期間の順番). */
  readonly turn: boolean;
  /** Why a request was not granted, in the engine's words. */
  readonly denial: string | null;
}

export interface MyWeek {
  readonly week: string;
  readonly label: string;
  readonly deadline: DateTime;
  readonly open: boolean;
  readonly published: null | { readonly version: number; readonly publishedAt: string };
  readonly days: readonly MyDay[];
  /** The periods with a goal that apply to the person and overlap the week. */
  readonly turnPeriods: readonly TurnPeriod[];
}

export interface MyOverview {
  readonly canTelework: boolean;
  readonly jobType: string;
  readonly maxDays: number;
  readonly weeks: readonly MyWeek[];
  /** HR's places, in HR's order: where a telework day may be spent besides home. */
  readonly places: readonly PlaceEntity[];
}

/**
 * This week and the next three (or one given week). The page every member of
 * staff opens at the request deadline, so it reads only what one person's
 * weeks need, in a fixed handful of queries whatever the number of weeks:
 * the person (unless the caller read it with the account), their requests,
 * possible days and telework pins, their division's rosters and the
 * published versions of those, the places and the periods; the policy,
 * counter names and closures are kept while no reference table changes.
 */
export async function myWeeks(
  m: EntityManager,
  actor: Actor,
  clock: Clock,
  only?: string,
  /** The person's row when already read with the account (else it is read here). */
  person?: SignedInPerson,
): Promise<MyOverview> {
  const first = weekOfInstant(clock());
  const weeks = only ? [only] : [0, 1, 2, 3].map((i) => shiftWeek(first, i));
  const weekdays = new Map(weeks.map((w) => [w, weekdaysOf(w)]));
  const allDays = [...weekdays.values()].flat();
  // Independent reads, at once where the database can (a PostgreSQL pool; SQLite answers them in turn).
  const [staff, { policy, counters, closures }, requests, rows, possible, pins, places, periods] = await Promise.all([
    person?.id === actor.staffId ? person : m.findOneByOrFail(StaffEntity, { id: actor.staffId }),
    // The same for everyone, kept until HR changes it.
    cachedReference(m, `my-weeks|${weeks.join(',')}`, async () => {
      const [policy, counterRows, closureRows] = await Promise.all([
        m.findOneByOrFail(PolicyEntity, { id: 1 }),
        m.find(CounterEntity, { select: { id: true, name: true } }),
        m.findBy(ClosureDayEntity, { day: In(allDays) }),
      ]);
      return {
        policy,
        counters: new Map(counterRows.map((c) => [c.id, c.name])),
        closures: new Map(closureRows.map((c) => [c.day, c.name])),
      };
    }),
    m.findBy(TeleworkRequestEntity, { staffId: actor.staffId, day: In(allDays) }),
    m.findBy(RosterEntity, { divisionId: actor.divisionId, week: In(weeks) }),
    m.findBy(PossibleDayEntity, { staffId: actor.staffId, day: In(allDays) }),
    m.find(PinEntity, { select: { day: true }, where: { staffId: actor.staffId, day: In(allDays), mode: 'telework' } }),
    listPlaces(m),
    periodsOverlapping(m, allDays[0], allDays[allDays.length - 1]),
  ]);
  const mine: Mine = {
    requests,
    possible,
    pinned: new Set(pins.map((p) => p.day)),
    places: new Map(places.map((p) => [p.id, p])),
    periods: turnPeriodsOf(periods, actor.divisionId),
  };
  const published = rows.filter((r) => r.publishedVersion > 0);
  const pubs = published.length
    ? await m.find(RosterPublicationEntity, {
        select: { rosterId: true, version: true, publishedAt: true, assignments: true, denials: true },
        where: published.map((r) => ({ rosterId: r.id, version: r.publishedVersion })),
      })
    : [];
  const pubOf = (week: string) => {
    const row = published.find((r) => r.week === week);
    return row ? (pubs.find((p) => p.rosterId === row.id && p.version === row.publishedVersion) ?? null) : null;
  };
  return {
    canTelework: canTelework(policy, staff),
    jobType: staff.jobType,
    maxDays: staff.maxTeleworkDays ?? policy.maxTeleworkDays,
    weeks: weeks.map((week) => myWeek(staff, policy, counters, closures, mine, pubOf(week), clock, week, weekdays.get(week)!)),
    places,
  };
}

/** What one person asked for, marked and was pinned to over the weeks read, with the places and periods. */
interface Mine {
  readonly requests: readonly TeleworkRequestEntity[];
  readonly possible: readonly PossibleDayEntity[];
  readonly pinned: ReadonlySet<IsoDate>;
  readonly places: ReadonlyMap<number, PlaceEntity>;
  readonly periods: readonly TurnPeriod[];
}

function myWeek(
  staff: SignedInPerson,
  policy: PolicyEntity,
  counters: ReadonlyMap<string, string>,
  closures: ReadonlyMap<IsoDate, string>,
  mine: Mine,
  pub: RosterPublicationEntity | null,
  clock: Clock,
  week: string,
  weekdays: readonly IsoDate[],
): MyWeek {
  const deadline = requestDeadline(week, policy);
  const open = new Set(workingDays(week, [...closures.keys()]));
  const offered = possibleDaysOf(
    mine.periods,
    weekdays.filter((d) => open.has(d)),
  );
  const placeOf = (id: number | null) => (id === null ? null : placeName(mine.places, id));
  return {
    week,
    label: weekLabel(week),
    deadline,
    open: clock() <= deadline,
    published: pub && { version: pub.version, publishedAt: pub.publishedAt },
    days: weekdays.map((day): MyDay => {
      const r = mine.requests.find((x) => x.day === day);
      const p = mine.possible.find((x) => x.day === day);
      const a = pub?.assignments.find((x) => x.staff === staff.id && x.day === day);
      const at = a?.mode === 'telework' ? placeIdOf(a.place) : null;
      return {
        day,
        label: dayJa(day),
        open: open.has(day),
        ...(open.has(day) ? {} : { closedBecause: closures.get(day) ?? holidayName(day) ?? '閉庁日' }),
        request: r
          ? {
              rank: r.rank,
              reason: REASONS[r.reason],
              reasonCode: r.reason,
              status: r.status,
              placeId: r.placeId,
              place: placeOf(r.placeId),
            }
          : null,
        possible: p ? { placeId: p.placeId, place: placeOf(p.placeId) } : null,
        possibleOffered: offered.has(day),
        mode: a?.mode ?? null,
        counter: a?.counter ? (counters.get(a.counter) ?? a.counter) : null,
        placeId: at,
        place: placeOf(at),
        turn: a !== undefined && isTurn(a, r, mine),
        denial: pub?.denials.find((x) => x.staff === staff.id && x.day === day)?.reason ?? null,
      };
    }),
    turnPeriods: mine.periods.filter((p) => p.from <= weekdays[weekdays.length - 1] && weekdays[0] <= p.to),
  };
}

/** Telework the person neither asked for (an active request) nor was pinned to, in a period with a goal: a turn. */
function isTurn(a: PublishedAssignment, r: TeleworkRequestEntity | undefined, mine: Mine): boolean {
  return a.mode === 'telework' && r?.status !== 'active' && !mine.pinned.has(a.day) && covers(mine.periods, a.day);
}

/** One day of a person in the latest published version of their division's week, for the calendar feed. */
export interface PublishedDay {
  readonly day: IsoDate;
  readonly mode: 'office' | 'telework' | 'absent';
  readonly counter: string | null;
  /** Telework at a place: the place's name (null at home and on other days). */
  readonly place: string | null;
  /** The latest published version of the week, and when it was published. */
  readonly version: number;
  readonly publishedAt: string;
  /**
   * The version in which this day last changed for the person (mode,
   * counter or place, or the day newly in the roster), and when that was published:
   * the event's SEQUENCE and LAST-MODIFIED. A republished week raises it for
   * the days that changed only.
   */
  readonly changedIn: number;
  readonly changedAt: string;
}

/** A person's days in published rosters, for the calendar feed. */
export async function publishedDays(m: EntityManager, staffId: string, fromWeek: string, weeks: number): Promise<PublishedDay[]> {
  const staff = await m.findOneBy(StaffEntity, { id: staffId });
  if (!staff) return [];
  const list = Array.from({ length: weeks }, (_, i) => shiftWeek(fromWeek, i));
  const rows = (await m.find(RosterEntity, { where: { divisionId: staff.divisionId, week: In(list) } })).filter(
    (r) => r.publishedVersion > 0,
  );
  if (rows.length === 0) return [];
  const counters = new Map((await m.find(CounterEntity)).map((c) => [c.id, c.name]));
  const versions = await m.find(RosterPublicationEntity, {
    select: { rosterId: true, version: true, publishedAt: true, assignments: true },
    where: { rosterId: In(rows.map((r) => r.id)) },
    order: { rosterId: 'ASC', version: 'ASC' },
  });
  // Place names only when the person has a day at a place.
  const atPlace = versions.some((v) =>
    v.assignments.some((a) => a.staff === staffId && a.mode === 'telework' && placeIdOf(a.place) !== null),
  );
  const places = new Map(atPlace ? (await listPlaces(m)).map((p) => [p.id, p]) : []);
  const out: PublishedDay[] = [];
  for (const row of rows) {
    // Each day's value through the versions: when it last took the value it has now.
    const last = new Map<IsoDate, { key: string; version: number; publishedAt: string }>();
    let latest: RosterPublicationEntity | null = null;
    for (const pub of versions) {
      if (pub.rosterId !== row.id || pub.version > row.publishedVersion) continue;
      const mine = new Map(pub.assignments.filter((a) => a.staff === staffId).map((a) => [a.day, a]));
      for (const day of [...last.keys()]) if (!mine.has(day)) last.delete(day);
      for (const [day, a] of mine) {
        const key = cellValue(a);
        if (last.get(day)?.key !== key) last.set(day, { key, version: pub.version, publishedAt: pub.publishedAt });
      }
      latest = pub;
    }
    if (!latest) continue;
    for (const a of latest.assignments) {
      if (a.staff !== staffId) continue;
      const changed = last.get(a.day)!;
      const placeId = a.mode === 'telework' ? placeIdOf(a.place) : null;
      out.push({
        day: a.day,
        mode: a.mode,
        counter: a.counter ? (counters.get(a.counter) ?? a.counter) : null,
        place: placeId === null ? null : placeName(places, placeId),
        version: latest.version,
        publishedAt: latest.publishedAt,
        changedIn: changed.version,
        changedAt: changed.publishedAt,
      });
    }
  }
  return out.sort((a, b) => a.day.localeCompare(b.day));
}
