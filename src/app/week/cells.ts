/**
 * A roster's cell three ways: the engine's `Assignment`, a stored `assignments` row, and a
 * published version's `PublishedAssignment`. Home is no place: null in a row, absent in the
 * others; a place is `placeId` in a row and `place-<id>` elsewhere (place-names.ts).
 */
import { Assignment } from '../../domain/rotation';
import { PublishedAssignment } from '../../persistence/entities';
import { placeIdOf, placeKey } from '../organisation/place-names';

/** The columns of a stored cell. */
export interface CellRow {
  readonly staffId: string;
  readonly day: string;
  readonly mode: Assignment['mode'];
  readonly counterId: string | null;
  readonly placeId: number | string | null;
}

/** The columns `cellOfRow` reads, for a raw select of alias `a`. */
export const CELL_COLUMNS = [
  'a.staffId AS "staffId"',
  'a.day AS "day"',
  'a.mode AS "mode"',
  'a.counterId AS "counterId"',
  'a.placeId AS "placeId"',
] as const;

export function cellOfRow(r: CellRow): Assignment {
  return {
    staff: r.staffId,
    day: r.day,
    mode: r.mode,
    ...(r.counterId ? { counter: r.counterId } : {}),
    ...(r.placeId !== null && r.placeId !== undefined ? { place: placeKey(Number(r.placeId)) } : {}),
  };
}

export function rowOfCell(a: Assignment): CellRow & { readonly placeId: number | null } {
  return { staffId: a.staff, day: a.day, mode: a.mode, counterId: a.counter ?? null, placeId: placeIdOf(a.place) };
}

export function fromPublished(a: PublishedAssignment): Assignment {
  return { staff: a.staff, day: a.day, mode: a.mode, ...(a.counter ? { counter: a.counter } : {}), ...(a.place ? { place: a.place } : {}) };
}

export function toPublished(a: Assignment): PublishedAssignment {
  return { staff: a.staff, day: a.day, mode: a.mode, ...(a.counter ? { counter: a.counter } : {}), ...(a.place ? { place: a.place } : {}) };
}

/** What a cell holds, without whose and which day it is: equal for equal cells. */
export function cellValue(a: Pick<Assignment, 'mode' | 'counter' | 'place'>): string {
  return `${a.mode}|${a.counter ?? ''}|${a.place ?? ''}`;
}
