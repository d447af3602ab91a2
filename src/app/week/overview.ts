/**
 * HR's view of one week across the organisation: per division and day the
 * requests made, granted and denied; licences used against the limit; counters
 * short of staff; each division's roster status; and how many of the staff who
 * can telework got at least one telework day in the last four published weeks.
 *
 * The figures come from the same sources as a division's grid (grid.ts):
 * the week as `loadWeek` reads it, the stored assignments of every roster of
 * the week, and `requiredAt` for counter minimums. It reads the whole
 * organisation in a handful of queries instead of one grid per division.
 */
import { EntityManager } from 'typeorm';
import { dayJa } from '../../domain/explanation';
import { IsoDate } from '../../domain/rotation';
import { AssignmentEntity, DivisionEntity, RosterEntity, RosterPublicationEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { holidayName, shiftWeek } from '../calendar';
import { canTelework } from '../organisation/policy';
import { cellKey, licenceFreePlaces, loadWeek, requiredAt } from './problem';
import { placeKey } from '../organisation/place-names';
import { weekGrid, WeekGrid } from './grid';

/** HR's target: at least half of the staff who can telework do so within four weeks. */
export const SHARE_TARGET = 0.5;
export const SHARE_WEEKS = 4;

export interface DayFigures {
  readonly requested: number;
  readonly granted: number;
  readonly denied: number;
  /** Missing staff at the division's counters (person-days). */
  readonly shortfall: number;
}

export interface OverviewDay {
  readonly day: IsoDate;
  readonly label: string;
  readonly open: boolean;
  readonly closedBecause?: string;
}

export type RosterState = 'none' | 'draft' | 'published';

export interface DivisionOverview {
  readonly id: string;
  readonly name: string;
  readonly state: RosterState;
  /** 未作成 / 下書き / 公開済 第n版 (a draft changed after publication says both). */
  readonly stateLabel: string;
  readonly publishedVersion: number;
  readonly staff: number;
  readonly perDay: readonly DayFigures[];
  readonly total: DayFigures;
  readonly share: Share;
}

export interface Share {
  /** Active staff whose job type can telework. */
  readonly eligible: number;
  /** … of whom had at least one telework day in the published rosters of the window. */
  readonly reached: number;
  /** Whole percent, or null when nobody is eligible. */
  readonly percent: number | null;
}

export interface Shortfall {
  readonly divisionId: string;
  readonly division: string;
  readonly counter: string;
  readonly day: IsoDate;
  readonly label: string;
  readonly required: number;
  readonly assigned: number;
}

export interface WeekOverview {
  readonly week: string;
  readonly days: readonly OverviewDay[];
  readonly divisions: readonly DivisionOverview[];
  readonly totals: readonly DayFigures[];
  readonly total: DayFigures;
  readonly licences: readonly { readonly used: number; readonly limit: number | null; readonly over: boolean }[];
  readonly shortfalls: readonly Shortfall[];
  readonly rosters: Readonly<Record<RosterState, number>>;
  readonly share: Share & { readonly target: number; readonly met: boolean; readonly weeks: readonly string[] };
}

export async function weekOverview(m: EntityManager, actor: Actor, week: string): Promise<WeekOverview> {
  assertHr(actor);
  const data = await loadWeek(m, week, null);
  const open = new Set(data.days);
  const rosterRows = await m.find(RosterEntity, {
    where: { week },
    select: { id: true, divisionId: true, status: true, publishedVersion: true },
  });
  const rosterOf = new Map(rosterRows.map((r) => [r.divisionId, r]));
  const cells: { staffId: string; day: string; mode: string; counterId: string | null; placeId: number | string | null }[] = await m
    .createQueryBuilder(AssignmentEntity, 'a')
    .innerJoin(RosterEntity, 'r', 'r.id = a.rosterId')
    .select(['a.staffId AS "staffId"', 'a.day AS day', 'a.mode AS mode', 'a.counterId AS "counterId"', 'a.placeId AS "placeId"'])
    .where('r.week = :week', { week })
    .getRawMany();
  const modeOf = new Map(cells.map((c) => [cellKey(c.staffId, c.day), c.mode]));
  const cover = new Map<string, number>();
  const free = licenceFreePlaces(data.places);
  const teleworkOn = new Map<string, number>();
  for (const c of cells) {
    if (c.counterId) cover.set(cellKey(c.counterId, c.day), (cover.get(cellKey(c.counterId, c.day)) ?? 0) + 1);
    // Licences: days at home and at places that need one (a place on the internal network needs none).
    const licensed = c.placeId === null || c.placeId === undefined || !free.has(placeKey(Number(c.placeId)));
    if (c.mode === 'telework' && licensed) teleworkOn.set(c.day, (teleworkOn.get(c.day) ?? 0) + 1);
  }

  const divisionOfStaff = new Map(data.staff.map((s) => [s.id, s.divisionId]));
  const figures = new Map<string, { requested: number; granted: number; denied: number; shortfall: number }>();
  const at = (divisionId: string, day: string) => {
    const key = cellKey(divisionId, day);
    let f = figures.get(key);
    if (!f) figures.set(key, (f = { requested: 0, granted: 0, denied: 0, shortfall: 0 }));
    return f;
  };
  for (const r of data.requests) {
    const divisionId = divisionOfStaff.get(r.staffId);
    if (!divisionId) continue;
    const f = at(divisionId, r.day);
    f.requested += 1;
    const mode = modeOf.get(cellKey(r.staffId, r.day));
    if (mode === 'telework') f.granted += 1;
    else if (mode === 'office') f.denied += 1;
  }

  const names = new Map(data.divisions.map((d) => [d.id, d.name]));
  const shortfalls: Shortfall[] = [];
  for (const c of data.counters) {
    if (!rosterOf.has(c.divisionId)) continue;
    for (const day of data.days) {
      const required = requiredAt(data, c, day);
      const assigned = cover.get(cellKey(c.id, day)) ?? 0;
      if (assigned >= required) continue;
      at(c.divisionId, day).shortfall += required - assigned;
      shortfalls.push({
        divisionId: c.divisionId,
        division: names.get(c.divisionId) ?? c.divisionId,
        counter: c.name,
        day,
        label: dayJa(day),
        required,
        assigned,
      });
    }
  }

  const windowWeeks = Array.from({ length: SHARE_WEEKS }, (_, i) => shiftWeek(week, i - (SHARE_WEEKS - 1)));
  const reachedStaff = await teleworkedIn(m, windowWeeks);
  const eligible = data.staff.filter((s) => canTelework(data.policy, s));
  const shareOf = (list: typeof eligible): Share => {
    const reached = list.filter((s) => reachedStaff.has(s.id)).length;
    return { eligible: list.length, reached, percent: list.length ? Math.round((100 * reached) / list.length) : null };
  };

  const zero = (): DayFigures => ({ requested: 0, granted: 0, denied: 0, shortfall: 0 });
  const sum = (list: readonly DayFigures[]): DayFigures =>
    list.reduce(
      (a, b) => ({
        requested: a.requested + b.requested,
        granted: a.granted + b.granted,
        denied: a.denied + b.denied,
        shortfall: a.shortfall + b.shortfall,
      }),
      zero(),
    );

  const divisions: DivisionOverview[] = data.divisions.map((d) => {
    const row = rosterOf.get(d.id);
    const perDay = data.weekdays.map((day) => (open.has(day) ? { ...(figures.get(cellKey(d.id, day)) ?? zero()) } : zero()));
    const state: RosterState = row ? row.status : 'none';
    return {
      id: d.id,
      name: d.name,
      state,
      stateLabel: stateLabel(state, row?.publishedVersion ?? 0),
      publishedVersion: row?.publishedVersion ?? 0,
      staff: data.staff.filter((s) => s.divisionId === d.id).length,
      perDay,
      total: sum(perDay),
      share: shareOf(eligible.filter((s) => s.divisionId === d.id)),
    };
  });
  const totals = data.weekdays.map((_, i) => sum(divisions.map((d) => d.perDay[i])));
  const limit = data.policy.licencesPerDay;
  const overall = shareOf(eligible);
  return {
    week,
    days: data.weekdays.map((day) => ({
      day,
      label: dayJa(day),
      open: open.has(day),
      ...(open.has(day) ? {} : { closedBecause: data.closures.get(day) ?? holidayName(day) ?? '閉庁日' }),
    })),
    divisions,
    totals,
    total: sum(totals),
    licences: data.weekdays.map((day) => {
      const used = teleworkOn.get(day) ?? 0;
      return { used, limit, over: limit !== null && used > limit };
    }),
    shortfalls,
    rosters: {
      none: divisions.filter((d) => d.state === 'none').length,
      draft: divisions.filter((d) => d.state === 'draft').length,
      published: divisions.filter((d) => d.state === 'published').length,
    },
    share: {
      ...overall,
      target: SHARE_TARGET * 100,
      met: overall.percent !== null && overall.percent >= SHARE_TARGET * 100,
      weeks: windowWeeks,
    },
  };
}

function stateLabel(state: RosterState, version: number): string {
  if (state === 'none') return '未作成';
  if (state === 'published') return `公開済 第${version}版`;
  return version > 0 ? `下書き（公開済 第${version}版から変更あり）` : '下書き';
}

/** Staff with a telework day in the latest published version of some week's roster. */
async function teleworkedIn(m: EntityManager, weeks: readonly string[]): Promise<Set<string>> {
  const pubs = await m
    .createQueryBuilder(RosterPublicationEntity, 'p')
    .innerJoin(RosterEntity, 'r', 'r.id = p.rosterId AND r.publishedVersion = p.version')
    .select(['p.id', 'p.assignments'])
    .where('r.week IN (:...weeks)', { weeks: [...weeks] })
    .getMany();
  const out = new Set<string>();
  for (const p of pubs) for (const a of p.assignments) if (a.mode === 'telework') out.add(a.staff);
  return out;
}

/** Every division's grid of the week, for printing them all at once. */
export async function allGrids(m: EntityManager, actor: Actor, week: string): Promise<WeekGrid[]> {
  assertHr(actor);
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const grids: WeekGrid[] = [];
  for (const d of divisions) grids.push(await weekGrid(m, actor, d.id, week));
  return grids;
}
