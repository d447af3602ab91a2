/**
 * `rotation generate --staff N --seed S [--week 2026-W50] [--out FILE]`, or
 * `--town` for the 25-division town, or `--shape coupled` for the family of
 * organisations whose divisions are linked (issue 15): a realistic,
 * deterministic problem from the generators (same arguments, same bytes),
 * written with writeProblem.
 */
import { coupledKnobs, coupledProblem, type CoupledKnobs, scaledProblem, townProblem } from '../../generators';
import type { Problem } from '../../domain/rotation';
import { writeProblem } from '../../domain/serialize';
import { writeAtomically } from './files';
import { messagesFor } from './messages';
import { EXIT, invalid, TaskInput, TaskOutput } from './task';

export interface GenerateInput extends TaskInput {
  /** Staff of a scaled organisation; ignored with `town`. */
  readonly staff?: number;
  readonly seed: number;
  readonly week: string;
  readonly town: boolean;
  readonly outFile?: string;
  /** `coupled`: the coupled family, its knobs drawn from the seed unless given here. */
  readonly shape?: 'city' | 'coupled';
  readonly knobs?: Partial<CoupledKnobs>;
}

export function generateTask(input: GenerateInput): TaskOutput {
  const m = messagesFor(input.lang);
  let problem: Problem;
  try {
    if (input.town) problem = townProblem(input.week, input.seed);
    else if (input.staff !== undefined && input.shape === 'coupled') {
      problem = coupledProblem(input.staff, input.seed, { ...coupledKnobs(input.seed), ...input.knobs });
    } else if (input.staff !== undefined) problem = scaledProblem(input.staff, input.seed, input.week);
    else return invalid([m.usage.needStaff]);
  } catch (error) {
    // The generators reject what they cannot build (a week with no working day, …).
    return invalid([error instanceof Error ? error.message : String(error)]);
  }
  const text = writeProblem(problem);
  if (input.outFile === undefined) return { exitCode: EXIT.ok, stdout: text };

  const written = writeAtomically(input.outFile, text, input.lang);
  if (!written.ok) return invalid([written.message]);
  const requests = problem.staff.reduce((sum, s) => sum + s.requests.length, 0);
  const line = m.generated(
    input.outFile,
    problem.days.length,
    problem.staff.length,
    problem.divisions.length,
    problem.counters.length,
    requests,
  );
  return { exitCode: EXIT.ok, stdout: line + '\n' };
}
