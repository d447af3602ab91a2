/* eslint-disable @typescript-eslint/no-unsafe-assignment --
   The mutations edit raw JSON documents; typing them would defeat the purpose. */
/**
 * A mutation corpus: the fixtures and generated problems, with random
 * mutations (numbers set to extremes, fields renamed, dropped or duplicated,
 * ids lengthened, lists truncated or repeated). For every mutated file:
 *
 * - reading it never throws: it is accepted, or refused with issues that each
 *   name a path (and so do the warnings);
 * - an accepted file solves without throwing, to a roster that the
 *   independent checker accepts with no violation, whose objective is exactly
 *   the checker's (BigInt) objective.
 *
 * MUTATION_RUNS sets the number of mutated files (default 10,000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type ValidationIssue, parseProblemWithWarnings } from '../../src/domain/validate';
import { solve } from '../../src/engine';
import { checkRoster } from '../../src/engine/check';
import { shapeProblem, SHAPES } from '../../src/generators/shapes';
import { scaledProblem } from '../../src/generators/scaled';
import { mutate, mutationSteps } from '../support/json-mutations';

type Raw = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const RUNS = Number(process.env.MUTATION_RUNS ?? 10_000);
const FIXTURES = join(__dirname, '../../fixtures');

/** The seeds: small generated problems of every shape, a small scaled organisation, and the town fixture. */
const SEEDS: { name: string; text: string }[] = [
  ...SHAPES.flatMap((shape, i) =>
    [0, 1].map((k) => ({ name: `shape ${shape} ${k}`, text: JSON.stringify(shapeProblem(100 * i + k, shape)) })),
  ),
  { name: 'scaled 60', text: JSON.stringify(scaledProblem(60, 3)) },
];
/** The town fixture costs ~10 ms a solve; it is drawn once in 40 files. */
const TOWN = { name: 'town-25-2026-W48', text: readFileSync(join(FIXTURES, 'town-25-2026-W48.json'), 'utf8') };

function expectPaths(list: readonly ValidationIssue[]): void {
  for (const issue of list) {
    expect(issue.path.length).toBeGreaterThan(0);
    expect(issue.message.startsWith(`${issue.path}: `)).toBe(true);
    expect(issue.messageJa.startsWith(`${issue.path}: `)).toBe(true);
  }
}

const tally = { files: 0, accepted: 0, solved: 0, cutOff: 0 };

test(`${RUNS} mutated problem files: read without throwing; every accepted one solves to a roster the checker accepts`, () => {
  const started = performance.now();
  const mutation = fc.record({
    town: fc.integer({ min: 0, max: 39 }),
    seed: fc.nat(),
    steps: mutationSteps,
  });
  fc.assert(
    fc.property(mutation, ({ town, seed, steps }) => {
      const source = town === 0 ? TOWN : SEEDS[seed % SEEDS.length];
      const doc: Raw = JSON.parse(source.text);
      mutate(doc, steps);
      const text = JSON.stringify(doc);
      tally.files++;
      const result = parseProblemWithWarnings(text);
      expectPaths(result.warnings);
      if (!result.ok) {
        expect(result.issues.length).toBeGreaterThan(0);
        expectPaths(result.issues);
        return;
      }
      tally.accepted++;
      // A few extreme negative-spread problems make branch and bound search long; a cut-off
      // search still returns a roster ("feasible") that must keep every rule.
      const roster = solve(result.value, { timeLimitMs: 500 });
      if (roster.status !== 'optimal') tally.cutOff++;
      const report = checkRoster(result.value, roster);
      expect(report.violations).toEqual([]);
      expect(String(roster.objective)).toBe(report.objectiveExact);
      expect(Number.isSafeInteger(roster.objective)).toBe(true);
      tally.solved++;
    }),
    { numRuns: RUNS, seed: Number(process.env.MUTATION_SEED ?? 13) },
  );
  const seconds = (performance.now() - started) / 1000;
  // The count and the time, for the record (npx jest test/domain/mutation-corpus --verbose shows them).
  console.log(
    `mutation corpus: ${tally.files} files, ${tally.accepted} accepted and solved (${tally.cutOff} cut off by the time limit), ${seconds.toFixed(1)} s`,
  );
  expect(tally.files).toBeGreaterThanOrEqual(RUNS);
  expect(tally.accepted).toBeGreaterThan(RUNS / 20);
}, 600_000);
