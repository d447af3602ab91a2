/**
 * A baseline for the benchmark: the whole natural model handed to
 * javascript-lp-solver (1.x) as one JSON model and solved as a MIP.
 *
 * javascript-lp-solver keeps a dense simplex tableau, so this is only usable
 * for small weeks; that is the point of measuring it.
 *
 * The JSON format has no variable bounds: an upper bound becomes a row
 * `u<j>` unless another row already implies it (t + Σa ≤ 1 does for t and a),
 * a positive lower bound becomes a row `l<j>`. Its presolve is switched off:
 * in 1.0.3 it zeroes the objective coefficient of any variable it fixes while
 * leaving the variable in the tableau, which would change the optimum.
 */
import solver from 'javascript-lp-solver';
import type { Model as JslpModel } from 'javascript-lp-solver';
import { Problem } from '../domain/rotation';
import { NaturalModel, buildNaturalModel, solverColumnName, solverRowName } from '../engine/natural-model';
import { SolvedRoster, rosterFromSolution } from '../engine/natural-model-roster';

export interface JslpSolveOptions {
  /** Branch-and-cut time limit in milliseconds; default none. The first LP solve is not interrupted. */
  readonly timeoutMillis?: number;
}

const OBJECTIVE = 'objective';

/** The part of `Solve(model, precision, full = true)`'s answer (a MilpSolution) read here. */
interface FullSolution {
  readonly feasible: boolean;
  /** Objective value, in the model's own sense (max). */
  readonly evaluation: number;
  readonly solutionSet: Readonly<Record<string, number | undefined>>;
  /** Branch-and-cut nodes evaluated; 1 when the root relaxation was integral. */
  readonly iter?: number;
  readonly _tableau: { readonly __isIntegral?: boolean };
}

/** Builds the natural model of `problem`, solves it with javascript-lp-solver, and returns the roster. */
export function solveWithJslp(problem: Problem, options: JslpSolveOptions = {}): SolvedRoster {
  const start = performance.now();
  const model = buildNaturalModel(problem);
  const inputStart = performance.now();
  const json = toJslpModel(model, options);
  const lpMillis = performance.now() - inputStart;

  let values = new Float64Array(0);
  let objective = model.objectiveOffset;
  let proven = true;
  if (model.numCols > 0) {
    const solveStart = performance.now();
    const solution = solver.Solve(json, undefined, true) as FullSolution;
    const elapsed = performance.now() - solveStart;
    if (!solution.feasible) throw new Error('javascript-lp-solver: no feasible solution');
    if (solution._tableau.__isIntegral !== true) {
      throw new Error('javascript-lp-solver: no integer solution found (timeout?)');
    }
    // An integral root relaxation is optimal; otherwise only a search that ended before the timeout is.
    proven = solution.iter === 1 || options.timeoutMillis === undefined || elapsed < options.timeoutMillis;
    values = new Float64Array(model.numCols);
    for (let j = 0; j < model.numCols; j++) values[j] = solution.solutionSet[solverColumnName(model, j)] ?? 0;
    objective = solution.evaluation + model.objectiveOffset;
  }

  const status = proven ? 'optimal' : 'feasible';
  const roster = rosterFromSolution(problem, model, values, status);
  return { roster, objective, status, millis: performance.now() - start, lpMillis };
}

/** The natural model in javascript-lp-solver's JSON format (names as in the LP file). */
export function toJslpModel(model: NaturalModel, options: JslpSolveOptions = {}): JslpModel {
  const constraints: JslpModel['constraints'] = {};
  const variables: Record<string, Record<string, number>> = {};
  const ints: Record<string, 1> = {};

  for (let j = 0; j < model.numCols; j++) {
    const name = solverColumnName(model, j);
    variables[name] = model.colCost[j] !== 0 ? { [OBJECTIVE]: model.colCost[j] } : {};
    if (model.colInteger[j]) ints[name] = 1;
  }
  for (let i = 0; i < model.numRows; i++) {
    const row = solverRowName(i);
    const lower = model.rowLower[i];
    const upper = model.rowUpper[i];
    if (lower === upper) constraints[row] = { equal: lower };
    else if (lower > -Infinity && upper < Infinity) constraints[row] = { min: lower, max: upper };
    else if (lower > -Infinity) constraints[row] = { min: lower };
    else constraints[row] = { max: upper };
    for (let e = model.rowStart[i]; e < model.rowStart[i + 1]; e++) {
      variables[solverColumnName(model, model.rowIndex[e])][row] = model.rowValue[e];
    }
  }

  const implied = impliedUpperBounds(model);
  for (let j = 0; j < model.numCols; j++) {
    const name = solverColumnName(model, j);
    const lower = model.colLower[j];
    const upper = model.colUpper[j];
    if (lower < 0) throw new Error(`javascript-lp-solver adapter: negative lower bound on ${name}`);
    if (lower > 0) {
      constraints[`l${j}`] = { min: lower };
      variables[name][`l${j}`] = 1;
    }
    if (upper < implied[j]) {
      constraints[`u${j}`] = { max: upper };
      variables[name][`u${j}`] = 1;
    }
  }

  return {
    optimize: OBJECTIVE,
    opType: 'max',
    constraints,
    variables,
    ints,
    options: {
      tolerance: 0,
      presolve: false,
      ...(options.timeoutMillis !== undefined ? { timeout: options.timeoutMillis } : {}),
    },
  };
}

/**
 * Upper bounds implied by `≤` rows whose coefficients and columns are all
 * non-negative: there, x_j ≤ rowUpper / a_ij.
 */
function impliedUpperBounds(model: NaturalModel): Float64Array {
  const implied = new Float64Array(model.numCols).fill(Infinity);
  for (let i = 0; i < model.numRows; i++) {
    const upper = model.rowUpper[i];
    if (upper === Infinity) continue;
    let usable = true;
    for (let e = model.rowStart[i]; e < model.rowStart[i + 1] && usable; e++) {
      usable = model.rowValue[e] > 0 && model.colLower[model.rowIndex[e]] >= 0;
    }
    if (!usable) continue;
    for (let e = model.rowStart[i]; e < model.rowStart[i + 1]; e++) {
      const j = model.rowIndex[e];
      implied[j] = Math.min(implied[j], upper / model.rowValue[e]);
    }
  }
  return implied;
}
