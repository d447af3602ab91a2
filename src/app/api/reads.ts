/**
 * What the JSON API reads: published rosters of the organisation or one
 * division, a person's telework days in a month, and a week's requests.
 * Only published versions are shown to other systems; a draft is internal.
 */
import { EntityManager, In } from 'typeorm';
import { DateTime } from 'luxon';
import { weekdaysOf, weekOf, ZONE } from '../../domain/calendar';
import { IsoDate } from '../../domain/rotation';
import {
  ClosureDayEntity,
  CounterEntity,
  DivisionEntity,
  PublishedAssignment,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { holidayName } from '../calendar';
import { invalid, notFound } from '../errors';
import { REASONS } from '../organisation/policy';
import { listPlaces, placeIdOf, placeName } from '../organisation/place-names';

export interface ApiPerson {
  readonly employeeNumber: string;
  readonly name: string;
}

export interface ApiRosterDay {
  readonly date: IsoDate;
  /** Why the office is closed (祝日, 年末年始, a closure HR set); null on an open day. */
  readonly closed: string | null;
  readonly telework: readonly (ApiPerson & { readonly place: string | null })[];
  readonly office: readonly (ApiPerson & { readonly counter: string | null })[];
  readonly absent: readonly ApiPerson[];
}

export interface ApiDivisionRoster {
  readonly code: string;
  readonly name: string;
  readonly status: 'published' | 'unpublished';
  readonly version: number | null;
  readonly publishedAt: string | null;
  readonly days: readonly ApiRosterDay[];
}

export interface ApiWeekRoster {
  readonly week: string;
  readonly divisions: readonly ApiDivisionRoster[];
}

/** The latest published roster of each division (or one) for a week; a division without one says so and lists no days. */
export async function weekRoster(m: EntityManager, week: string, divisionCode?: string): Promise<ApiWeekRoster> {
  const divisions = divisionCode
    ? await m.findBy(DivisionEntity, { id: divisionCode })
    : await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  if (divisionCode && divisions.length === 0) throw notFound(`課コード ${divisionCode} の課は登録されていません。`);
  const rows = (await m.findBy(RosterEntity, { week, divisionId: In(divisions.map((d) => d.id)) })).filter((r) => r.publishedVersion > 0);
  const pubs = rows.length
    ? await m.find(RosterPublicationEntity, { where: rows.map((r) => ({ rosterId: r.id, version: r.publishedVersion })) })
    : [];
  const staffIds = [...new Set(pubs.flatMap((p) => p.assignments.map((a) => a.staff)))];
  const names = new Map(
    (staffIds.length ? await m.find(StaffEntity, { select: { id: true, name: true }, where: { id: In(staffIds) } }) : []).map((s) => [
      s.id,
      s.name,
    ]),
  );
  const counters = new Map((await m.find(CounterEntity, { select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  const days = weekdaysOf(week);
  const closures = new Map((await m.findBy(ClosureDayEntity, { day: In(days) })).map((c) => [c.day, c.name]));
  const person = (id: string): ApiPerson => ({ employeeNumber: id, name: names.get(id) ?? id });
  const placeOf = await placeNames(m);
  return {
    week,
    divisions: divisions.map((d) => {
      const row = rows.find((r) => r.divisionId === d.id);
      const pub = row && pubs.find((p) => p.rosterId === row.id && p.version === row.publishedVersion);
      if (!row || !pub) return { code: d.id, name: d.name, status: 'unpublished' as const, version: null, publishedAt: null, days: [] };
      const byId = (a: { staff: string }, b: { staff: string }) => a.staff.localeCompare(b.staff);
      return {
        code: d.id,
        name: d.name,
        status: 'published' as const,
        version: pub.version,
        publishedAt: pub.publishedAt,
        days: days.map((day) => {
          const cells = pub.assignments.filter((a) => a.day === day).sort(byId);
          return {
            date: day,
            closed: cells.length ? null : (closures.get(day) ?? holidayName(day) ?? null),
            telework: cells.filter((a) => a.mode === 'telework').map((a) => ({ ...person(a.staff), place: placeOf(a) })),
            office: cells
              .filter((a) => a.mode === 'office')
              .map((a) => ({ ...person(a.staff), counter: a.counter ? (counters.get(a.counter) ?? a.counter) : null })),
            absent: cells.filter((a) => a.mode === 'absent').map((a) => person(a.staff)),
          };
        }),
      };
    }),
  };
}

export interface ApiTeleworkDays {
  readonly employeeNumber: string;
  readonly name: string;
  readonly month: string;
  /** Every week that touches the month, and whether its roster is published. */
  readonly weeks: readonly { readonly week: string; readonly status: 'published' | 'unpublished'; readonly version: number | null }[];
  /** The person's days in the month from the published rosters. */
  readonly days: readonly {
    readonly date: IsoDate;
    readonly mode: 'telework' | 'office' | 'absent';
    readonly counter: string | null;
    /** A telework day's place (サテライトオフィス); null at home. */
    readonly place: string | null;
  }[];
  readonly teleworkDays: number;
}

/** A month of one person's published days (`month` as `2026-11`). */
export async function teleworkDays(m: EntityManager, employeeNumber: string, month: string): Promise<ApiTeleworkDays> {
  const first = /^\d{4}-\d{2}$/.test(month) ? DateTime.fromISO(`${month}-01`, { zone: ZONE }) : null;
  if (!first?.isValid) throw invalid('month は 2026-11 の形で指定してください。', [`month: ${month.slice(0, 20)}`]);
  const staff = await m.findOneBy(StaffEntity, { id: employeeNumber });
  if (!staff) throw notFound(`職員番号 ${employeeNumber} の職員は登録されていません。`);
  const inMonth: IsoDate[] = [];
  for (let d = first; d.month === first.month; d = d.plus({ days: 1 })) inMonth.push(d.toISODate());
  const weeks = [...new Set(inMonth.map(weekOf))];
  const rows = (await m.findBy(RosterEntity, { divisionId: staff.divisionId, week: In(weeks) })).filter((r) => r.publishedVersion > 0);
  const pubs = rows.length
    ? await m.find(RosterPublicationEntity, { where: rows.map((r) => ({ rosterId: r.id, version: r.publishedVersion })) })
    : [];
  const counters = new Map((await m.find(CounterEntity, { select: { id: true, name: true } })).map((c) => [c.id, c.name]));
  const wanted = new Set(inMonth);
  const placeOf = await placeNames(m);
  const days = pubs
    .flatMap((p) => p.assignments)
    .filter((a) => a.staff === staff.id && wanted.has(a.day))
    .map((a) => ({ date: a.day, mode: a.mode, counter: a.counter ? (counters.get(a.counter) ?? a.counter) : null, place: placeOf(a) }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    employeeNumber: staff.id,
    name: staff.name,
    month,
    weeks: weeks.map((week) => {
      const row = rows.find((r) => r.week === week);
      return { week, status: row ? ('published' as const) : ('unpublished' as const), version: row?.publishedVersion ?? null };
    }),
    days,
    teleworkDays: days.filter((d) => d.mode === 'telework').length,
  };
}

export interface ApiRequest {
  readonly id: number;
  readonly employeeNumber: string;
  readonly name: string;
  readonly division: string;
  readonly date: IsoDate;
  readonly rank: number;
  readonly reason: string;
  readonly reasonLabel: string;
  readonly status: 'active' | 'pending' | 'rejected';
}

/** The telework requests of a week, of everyone (or one division). */
export async function weekRequests(
  m: EntityManager,
  week: string,
  divisionCode?: string,
): Promise<{ week: string; requests: ApiRequest[] }> {
  if (divisionCode && !(await m.existsBy(DivisionEntity, { id: divisionCode })))
    throw notFound(`課コード ${divisionCode} の課は登録されていません。`);
  const rows = await m.find(TeleworkRequestEntity, { where: { day: In(weekdaysOf(week)) }, order: { day: 'ASC', id: 'ASC' } });
  const staff = new Map(
    (rows.length ? await m.find(StaffEntity, { where: { id: In([...new Set(rows.map((r) => r.staffId))]) } }) : []).map((s) => [s.id, s]),
  );
  return {
    week,
    requests: rows
      .filter((r) => !divisionCode || staff.get(r.staffId)?.divisionId === divisionCode)
      .map((r) => ({
        id: r.id,
        employeeNumber: r.staffId,
        name: staff.get(r.staffId)?.name ?? r.staffId,
        division: staff.get(r.staffId)?.divisionId ?? '',
        date: r.day,
        rank: r.rank,
        reason: r.reason,
        reasonLabel: REASONS[r.reason],
        status: r.status,
      })),
  };
}

/** A published cell's place for the API: the place's name on a telework day there, null otherwise. */
async function placeNames(m: EntityManager): Promise<(a: PublishedAssignment) => string | null> {
  const places = new Map((await listPlaces(m)).map((p) => [p.id, p]));
  return (a) => (a.mode === 'telework' && a.place ? placeName(places, placeIdOf(a.place)) : null);
}
