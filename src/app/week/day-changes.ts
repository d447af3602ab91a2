/** Changes to people's published days, in words, and the notices that tell them. */
import { EntityManager, In } from 'typeorm';
import { weekOf } from '../../domain/calendar';
import { dayJa } from '../../domain/explanation';
import { IsoDate } from '../../domain/rotation';
import { CounterEntity, PublishedAssignment, StaffEntity } from '../../persistence/entities';
import { Notice } from '../notifications/notify';
import { listPlaces, placeIdOf, placeName } from '../organisation/place-names';

/** Person-days whose mode, counter or place differ between two versions. */
export interface CellChange {
  readonly staff: string;
  readonly day: IsoDate;
  readonly before: PublishedAssignment | null;
  readonly after: PublishedAssignment | null;
}

/** A change to one person's published day, in words. */
export interface DayChange {
  readonly staffId: string;
  readonly name: string;
  readonly division: string;
  readonly day: IsoDate;
  readonly before: string;
  readonly after: string;
}

/** Notices for people whose published day changed. */
export function changeNotices(changes: readonly DayChange[], kind: 'week-changed' | 'bcp', why: string): Notice[] {
  const byStaff = new Map<string, DayChange[]>();
  for (const c of changes) byStaff.set(c.staffId, [...(byStaff.get(c.staffId) ?? []), c]);
  return [...byStaff.entries()].map(([staffId, list]) => ({
    staffId,
    kind,
    title: `${list.map((c) => dayJa(c.day)).join('・')}の勤務が変わりました`,
    body: [...list.map((c) => `${dayJa(c.day)}: ${c.before} → ${c.after}`), `（${why}）`].join('\n'),
    link: `/me#week-${weekOf(list[0].day)}`,
  }));
}

export async function describeChanges(m: EntityManager, changes: readonly CellChange[]): Promise<DayChange[]> {
  if (changes.length === 0) return [];
  const staff = await m.find(StaffEntity, { where: { id: In([...new Set(changes.map((c) => c.staff))]) } });
  const counters = new Map((await m.find(CounterEntity)).map((c) => [c.id, c.name]));
  const places = new Map((await listPlaces(m)).map((p) => [p.id, p]));
  const person = new Map(staff.map((s) => [s.id, s]));
  const words = (a: PublishedAssignment | null) =>
    a === null
      ? '予定なし'
      : a.mode === 'telework'
        ? a.place
          ? `テレワーク（${placeName(places, placeIdOf(a.place))}）`
          : '在宅勤務'
        : a.mode === 'absent'
          ? '休暇'
          : `出勤${a.counter ? `（${counters.get(a.counter) ?? a.counter}）` : ''}`;
  return changes
    .map((c) => ({
      staffId: c.staff,
      name: person.get(c.staff)?.name ?? c.staff,
      division: person.get(c.staff)?.divisionId ?? '',
      day: c.day,
      before: words(c.before),
      after: words(c.after),
    }))
    .sort((a, b) => a.division.localeCompare(b.division) || a.staffId.localeCompare(b.staffId) || a.day.localeCompare(b.day));
}
