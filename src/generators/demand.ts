import type { IsoDate } from '../domain/rotation';

/**
 * Counter demand over the calendar. Each rule is a named, commented entry so
 * a fixture's minimums can be traced back to the figure that raised them
 * (town-data.md, "Demand over the calendar").
 */

/** Moving season at the registry (転入・転出): mid-March to early April, up to ×4 around 1 April. */
export const MOVING_SEASON: readonly { readonly from: string; readonly to: string; readonly factor: number }[] = [
  { from: '03-15', to: '03-24', factor: 2 },
  { from: '03-25', to: '03-30', factor: 3 },
  { from: '03-31', to: '04-01', factor: 4 },
  { from: '04-02', to: '04-07', factor: 3 },
  { from: '04-08', to: '04-10', factor: 2 },
];

export function movingSeasonFactor(day: IsoDate): number {
  const md = day.slice(5);
  return MOVING_SEASON.find((s) => md >= s.from && md <= s.to)?.factor ?? 1;
}

/** The year's highest moving-season factor, for sizing qualifications. */
export const MOVING_SEASON_PEAK = Math.max(...MOVING_SEASON.map((s) => s.factor));

/** Tax certificates (課税証明) peak in June–July. */
export function isTaxSeason(day: IsoDate): boolean {
  const month = day.slice(5, 7);
  return month === '06' || month === '07';
}

/**
 * Split a division's minimum between its counters: one each first (when the
 * total allows), the rest by share with largest remainders; ties go to the
 * larger share, then the earlier counter.
 */
export function splitMinimum(total: number, shares: readonly number[]): number[] {
  const n = shares.length;
  const out = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return out;
  const positive = shares.some((s) => s > 0);
  const weights = positive ? shares : shares.map(() => 1);
  const sumShares = weights.reduce((a, b) => a + b, 0);
  let rest = total;
  if (total >= n) {
    out.fill(1);
    rest -= n;
  }
  const quotas = weights.map((w) => (rest * w) / sumShares);
  let given = 0;
  for (let i = 0; i < n; i++) {
    const whole = Math.floor(quotas[i]);
    out[i] += whole;
    given += whole;
  }
  const order = weights
    .map((s, i) => ({ i, frac: quotas[i] - Math.floor(quotas[i]), s }))
    .sort((a, b) => b.frac - a.frac || b.s - a.s || a.i - b.i);
  for (let k = 0; k < rest - given; k++) out[order[k % n].i] += 1;
  return out;
}
