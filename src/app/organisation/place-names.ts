/**
 * Places to telework from besides home (サテライトオフィス, 支所), as every part of the app names
 * them: a stored place `id` is `place-<id>` in a week's problem and a published roster
 * (docs/format-periods.md), and home is null in the database and absent in the format.
 */
import { EntityManager } from 'typeorm';
import { PlaceEntity } from '../../persistence/entities';

export const HOME_LABEL = '自宅';

/** The problem's id of a stored place. */
export const placeKey = (id: number): string => `place-${id}`;

/** The stored id of a problem's place id; null for home (absent or `home`) or an id not made by `placeKey`. */
export function placeIdOf(key: string | undefined | null): number | null {
  if (key === undefined || key === null || key === 'home') return null;
  const m = /^place-([1-9][0-9]{0,9})$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** Every place, in HR's order. */
export function listPlaces(m: EntityManager): Promise<PlaceEntity[]> {
  return m.find(PlaceEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
}

/** A place's name for people: 自宅 for home, and a deleted place said as such. */
export function placeName(places: ReadonlyMap<number, Pick<PlaceEntity, 'name'>>, id: number | null | undefined): string {
  if (id === null || id === undefined) return HOME_LABEL;
  return places.get(id)?.name ?? '（削除された場所）';
}

/** Whether a telework day at the place takes a licence and a terminal: home and places with `licence` do. */
export function takesLicence(places: ReadonlyMap<number, Pick<PlaceEntity, 'licence'>>, id: number | null | undefined): boolean {
  if (id === null || id === undefined) return true;
  return places.get(id)?.licence ?? true;
}
