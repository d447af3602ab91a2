import type { Problem } from '../domain/rotation';
import { buildCity } from './city';

/** Licences bought per member of staff (the city of 2,896 staff bought 300). */
export const LICENCE_SHARE = 0.1;

/**
 * A realistic organisation of `staff` staff built like the city (divisions of
 * lognormal size, the same shares and request model), with licences for ~10%
 * of staff a day. Linear in `staff`; used by `rotation generate` and the
 * benchmark.
 */
export function scaledProblem(staff: number, seed: number, week = '2026-W50'): Problem {
  if (!Number.isSafeInteger(staff) || staff < 1) throw new Error(`staff must be a positive integer: ${staff}`);
  return buildCity({
    name: `org-${staff} seed-${seed} ${week}`,
    staff,
    licencesPerDay: Math.max(1, Math.round(staff * LICENCE_SHARE)),
    seed,
    week,
    idPrefix: 's',
    pins: Math.max(2, Math.round(staff / 1000)),
  });
}
