/** The engine against HiGHS on one problem: both optimal with the same objective, both rosters accepted by the independent checker; returns that objective. */
import { Problem } from '../../src/domain/rotation';
import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';
import { solveWithHighs } from '../../src/oracle/highs';

export async function compareWithHighs(problem: Problem, timeLimitSeconds?: number): Promise<number> {
  const ours = solve(problem);
  const theirs = await solveWithHighs(problem, timeLimitSeconds === undefined ? {} : { timeLimitSeconds });
  expect(theirs.status).toBe('optimal');
  expect(ours.status).toBe('optimal');
  expect(checkRoster(problem, ours).violations).toEqual([]);
  expect(checkRoster(problem, theirs.roster).violations).toEqual([]);
  expect(ours.objective).toBe(theirs.roster.objective);
  expect(ours.stats?.bound).toBe(ours.objective);
  return ours.objective;
}
