/**
 * The engine against HiGHS on the same problems: the same optimal objective,
 * and both rosters pass the independent checker. Instances: every test shape
 * over many seeds, realistic organisations of a few hundred staff, and the
 * fixtures.
 */
import * as fs from 'fs';
import * as path from 'path';
import { scaledProblem, shapeProblem, SHAPES, ShapeName } from '../../src/generators';
import { Problem } from '../../src/domain/rotation';
import { compareWithHighs } from '../support/oracle-compare';

/** Compared with HiGHS (test/support/oracle-compare.ts); the objective is a safe integer either way. */
async function compare(problem: Problem): Promise<void> {
  expect(Number.isSafeInteger(await compareWithHighs(problem))).toBe(true);
}

describe('engine = HiGHS on generated shapes', () => {
  const cases: [ShapeName, number][] = [];
  for (const shape of SHAPES) for (let seed = 1; seed <= 20; seed++) cases.push([shape, 1000 + seed]);
  it.each(cases)('%s, seed %i', async (shape, seed) => {
    await compare(shapeProblem(seed, shape));
  });
});

describe('engine = HiGHS on realistic organisations', () => {
  const cases: [number, number][] = [];
  for (let seed = 1; seed <= 12; seed++) cases.push([60 + seed * 25, seed]);
  it.each(cases)('%i staff, seed %i', async (staff, seed) => {
    await compare(scaledProblem(staff, seed));
  });

  const fixtures = fs.readdirSync(path.join(__dirname, '../../fixtures')).filter((f) => f.endsWith('.json'));
  it.each(fixtures)('fixture %s', async (file) => {
    const problem = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures', file), 'utf8')) as Problem;
    await compare(problem);
  });
});
