/**
 * Weeks, periods and places: the engine against HiGHS on the same multi-week model
 * (natural-model.ts), and every roster through the independent checker. Instances: the
 * generated extension problems (2–3 weeks, places, goals, caps across weeks, pins), the tiny
 * family of the exhaustive test, and four weeks of coupled organisations with the bench's knobs.
 */
import { Problem } from '../../src/domain/rotation';
import { compareWithHighs } from '../support/oracle-compare';
import { coupledProblem, horizonKnobs, horizonProblem, repeatedWeeks } from '../../src/generators';
import { tinyExtension } from '../support/brute-force-extension';
import { extensionProblem } from '../support/extension-problems';

/** Compared with HiGHS (test/support/oracle-compare.ts); the objective is a safe integer either way. */
async function compare(problem: Problem): Promise<void> {
  expect(Number.isSafeInteger(await compareWithHighs(problem, 120))).toBe(true);
}

describe('engine = HiGHS with weeks, periods and places', () => {
  it.each(Array.from({ length: 150 }, (_, i) => i + 1))('generated extension problem, seed %i', async (seed) => {
    await compare(extensionProblem(seed));
  });
  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('tiny family, seed %i', async (seed) => {
    await compare(tinyExtension(seed));
  });
  it.each(Array.from({ length: 12 }, (_, i) => i + 1))('four weeks of a coupled organisation of 60–170 staff, seed %i', async (seed) => {
    const staff = 60 + seed * 9;
    await compare(horizonProblem(repeatedWeeks(coupledProblem(staff, seed), 4, seed), seed, horizonKnobs(seed, staff)));
  });
});
