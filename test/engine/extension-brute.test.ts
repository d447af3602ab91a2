import { solve } from '../../src/engine';
import { bruteForceExtension, tinyExtension } from '../support/brute-force-extension';

describe('weeks, periods and places: the engine against exhaustive search', () => {
  const seeds = Array.from({ length: 600 }, (_, i) => i + 1);
  it.each(seeds)('seed %i', (seed) => {
    const p = tinyExtension(seed);
    const roster = solve(p);
    expect(roster.status).toBe('optimal');
    expect(roster.objective).toBe(bruteForceExtension(p));
  });
});
