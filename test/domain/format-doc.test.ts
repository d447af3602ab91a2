import { readFileSync } from 'fs';
import { join } from 'path';
import { parseProblemOrThrow, parseRosterOrThrow } from '../../src/domain/validate';
import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';

/** The example of docs/format.md is read, checked and solved, so the page cannot drift from the code. */
describe('docs/format.md', () => {
  const page = readFileSync(join(__dirname, '../../docs/format.md'), 'utf8');
  const [problemText, rosterText] = [...page.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  const problem = parseProblemOrThrow(problemText);
  const roster = parseRosterOrThrow(rosterText);

  it('shows a valid problem and a roster that keeps every rule', () => {
    expect(roster.problem).toBe(problem.name);
    expect(checkRoster(problem, roster).violations).toEqual([]);
  });

  it('shows the optimum the engine finds', () => {
    const solved = solve(problem);
    expect(solved.status).toBe('optimal');
    expect(roster.objective).toBe(105);
    expect(solved.objective).toBe(roster.objective);
    expect(solved.assignments.filter((a) => a.mode === 'telework')).toEqual(roster.assignments.filter((a) => a.mode === 'telework'));
  });
});
