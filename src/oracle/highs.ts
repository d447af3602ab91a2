/**
 * The oracle: the natural model solved exactly by HiGHS (WebAssembly build, npm
 * package `highs`). Our own engine is tested and benchmarked against it.
 *
 * The model goes to HiGHS as CPLEX LP text (readable, can be saved and replayed
 * with the HiGHS binary) or, for very large weeks, directly as CSR arrays
 * (`input: 'matrix'`), which skips the slow LP parser.
 */
import loadHighs from 'highs';
import type { Highs, Model as HighsModel, ModelData } from 'highs';
import { Problem, RosterStatus } from '../domain/rotation';
import { NaturalModel, buildNaturalModel, solverColumnName, solverRowName } from '../engine/natural-model';
import { SolvedRoster, rosterFromSolution } from '../engine/natural-model-roster';

export interface HighsSolveOptions {
  /** Wall-clock limit of the HiGHS run, in seconds; default none. */
  readonly timeLimitSeconds?: number;
  /**
   * Accepted for symmetry with native HiGHS, but ignored: the Wasm build is
   * single-threaded and its persistent API rejects thread options.
   */
  readonly threads?: number;
  /** Relative MIP gap at which HiGHS stops; default 0 (HiGHS's own default, 1e-4, is not exact). */
  readonly mipRelGap?: number;
  /** HiGHS's log: `true` prints it with console.log, a function receives each line; default off. */
  readonly log?: boolean | ((line: string) => void);
  /** How the model reaches HiGHS: CPLEX LP text (default) or CSR arrays. */
  readonly input?: 'lp' | 'matrix';
}

let loaded: Promise<Highs> | undefined;
/** Where the shared module's log lines go during the current run. */
let logLine: ((line: string) => void) | undefined;

/** The HiGHS module, instantiated once per process and reused. */
export function loadHighsOnce(): Promise<Highs> {
  // `print` is an Emscripten loader option missing from the package's InitOptions type.
  const print = (line: string) => logLine?.(line);
  loaded ??= loadHighs({ print, printErr: print });
  return loaded;
}

/** Builds the natural model of `problem`, solves it with HiGHS, and returns the roster. */
export async function solveWithHighs(problem: Problem, options: HighsSolveOptions = {}): Promise<SolvedRoster> {
  const highs = await loadHighsOnce(); // loading is not part of the solve time
  const start = performance.now();
  const model = buildNaturalModel(problem);
  const solution = solveNaturalModelWithHighs(highs, model, options);
  const roster = rosterFromSolution(problem, model, solution.values, solution.status);
  return {
    roster,
    objective: solution.objective,
    status: solution.status,
    millis: performance.now() - start,
    lpMillis: solution.lpMillis,
    bound: solution.bound,
  };
}

export interface HighsModelSolution {
  /** Column values in the natural model's column order. */
  readonly values: Float64Array;
  readonly objective: number;
  readonly status: RosterStatus;
  readonly bound?: number;
  readonly lpMillis: number;
}

/** Solves a natural model with HiGHS. Throws with HiGHS's status when no solution is available. */
export function solveNaturalModelWithHighs(highs: Highs, model: NaturalModel, options: HighsSolveOptions = {}): HighsModelSolution {
  if (model.numCols === 0) {
    return { values: new Float64Array(0), objective: model.objectiveOffset, status: 'optimal', lpMillis: 0 };
  }
  const solver = highs.createModel();
  try {
    const inputStart = performance.now();
    const viaLp = (options.input ?? 'lp') === 'lp';
    if (viaLp) solver.readModel({ format: 'lp', data: writeLp(model) });
    else solver.passModel(toModelData(highs, model));
    const lpMillis = performance.now() - inputStart;

    const log = options.log ?? false;
    logLine = log === true ? (line) => console.log(line) : log || undefined;
    solver.options.set({ output_flag: !!log, log_to_console: !!log, mip_rel_gap: options.mipRelGap ?? 0 });
    if (options.timeLimitSeconds !== undefined) solver.options.set('time_limit', options.timeLimitSeconds);
    solver.run();

    const code = solver.getModelStatus();
    const status = statusName(highs, code);
    const hasSolution = solver.info.get('primal_solution_status') === highs.constants.solutionStatus.feasible;
    if (code !== highs.constants.modelStatus.optimal && !hasSolution) {
      throw new Error(`HiGHS found no solution: ${status}`);
    }
    const colValue = solver.getSolution().colValue;
    const values = viaLp ? inOurOrder(solver, model, colValue) : colValue;
    const objective = solver.getObjectiveValue() + model.objectiveOffset;
    const dualBound = Number(solver.info.get('mip_dual_bound'));
    return {
      values,
      objective,
      status: code === highs.constants.modelStatus.optimal ? 'optimal' : 'feasible',
      bound: Number.isFinite(dualBound) ? dualBound + model.objectiveOffset : undefined,
      lpMillis,
    };
  } finally {
    logLine = undefined;
    solver.dispose();
  }
}

/**
 * The model as CPLEX LP text. Names are short and generated (`t12`, `a345`,
 * `r7`); every column is listed in the objective, in column order, so HiGHS
 * numbers columns exactly as we do; lines stay short.
 */
export function writeLp(model: NaturalModel): string {
  const out: string[] = ['\\ rotation natural model', 'Maximize'];
  const line = new LineWriter(out);
  line.start(' obj:');
  for (let j = 0; j < model.numCols; j++) line.term(model.colCost[j], solverColumnName(model, j));
  line.flush();

  out.push('Subject To');
  for (let i = 0; i < model.numRows; i++) {
    const lower = model.rowLower[i];
    const upper = model.rowUpper[i];
    const bounds: [string, number][] = [];
    if (lower === upper) bounds.push(['=', lower]);
    else {
      if (lower > -Infinity) bounds.push(['>=', lower]);
      if (upper < Infinity) bounds.push(['<=', upper]);
    }
    // A ranged row becomes two rows (`r7`, `r7_u`); the natural model has none.
    bounds.forEach(([sense, rhs], k) => {
      line.start(` ${solverRowName(i)}${k === 0 ? '' : '_u'}:`);
      for (let e = model.rowStart[i]; e < model.rowStart[i + 1]; e++) {
        line.term(model.rowValue[e], solverColumnName(model, model.rowIndex[e]));
      }
      line.text(` ${sense} ${num(rhs)}`);
      line.flush();
    });
  }

  out.push('Bounds');
  const binaries: string[] = [];
  const generals: string[] = [];
  for (let j = 0; j < model.numCols; j++) {
    const name = solverColumnName(model, j);
    const lower = model.colLower[j];
    const upper = model.colUpper[j];
    if (model.colInteger[j] && lower === 0 && upper === 1) {
      binaries.push(name);
      continue;
    }
    if (model.colInteger[j]) generals.push(name);
    if (lower === upper) out.push(` ${name} = ${num(lower)}`);
    else if (lower === -Infinity && upper === Infinity) out.push(` ${name} free`);
    else if (lower !== 0 || upper !== Infinity) {
      out.push(` ${lower === -Infinity ? '-inf' : num(lower)} <= ${name} <= ${upper === Infinity ? '+inf' : num(upper)}`);
    }
  }
  writeNames(out, 'General', generals);
  writeNames(out, 'Binary', binaries);
  out.push('End', '');
  return out.join('\n');
}

/** The model as HiGHS's CSR arrays (no names, no parsing). */
export function toModelData(highs: Highs, model: NaturalModel): ModelData {
  const clamp = (values: Float64Array) => values.map((v) => Math.max(-highs.infinity, Math.min(highs.infinity, v)));
  return {
    numCols: model.numCols,
    numRows: model.numRows,
    sense: highs.constants.objectiveSense.maximize,
    offset: 0,
    colCost: model.colCost,
    colLower: clamp(model.colLower),
    colUpper: clamp(model.colUpper),
    rowLower: clamp(model.rowLower),
    rowUpper: clamp(model.rowUpper),
    matrix: {
      format: 'csr',
      numRows: model.numRows,
      numCols: model.numCols,
      starts: model.rowStart,
      indices: model.rowIndex,
      values: model.rowValue,
    },
    integrality: Int32Array.from(model.colInteger),
  };
}

/**
 * HiGHS numbers LP columns by first appearance, which `writeLp` makes our
 * order. That is checked on a sample; on any mismatch the values are mapped by
 * name instead.
 */
function inOurOrder(solver: HighsModel, model: NaturalModel, colValue: Float64Array): Float64Array {
  const n = model.numCols;
  if (colValue.length !== n) throw new Error(`HiGHS returned ${colValue.length} columns, expected ${n}`);
  const step = Math.max(1, Math.floor(n / 64));
  let ordered = solver.getColName(n - 1) === solverColumnName(model, n - 1);
  for (let j = 0; ordered && j < n; j += step) ordered = solver.getColName(j) === solverColumnName(model, j);
  if (ordered) return colValue;
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) values[Number(solver.getColName(k).slice(1))] = colValue[k];
  return values;
}

function statusName(highs: Highs, code: number): string {
  const entry = Object.entries(highs.constants.modelStatus).find(([, value]) => value === code);
  return entry ? entry[0] : `status ${code}`;
}

/** Numbers as HiGHS reads them: integers in full, others in shortest round-trip form. */
function num(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`cannot write ${value} in an LP file`);
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}

function writeNames(out: string[], section: string, names: string[]): void {
  if (names.length === 0) return;
  out.push(section);
  for (let k = 0; k < names.length; k += 16) out.push(' ' + names.slice(k, k + 16).join(' '));
}

/** Writes `+ 3 t12 - a5 …` terms, breaking lines well below any reader's limit. */
class LineWriter {
  private current = '';
  private terms = 0;
  constructor(private readonly out: string[]) {}
  start(head: string): void {
    this.current = head;
    this.terms = 0;
  }
  term(coefficient: number, name: string): void {
    if (this.terms > 0 && this.terms % 10 === 0) {
      this.out.push(this.current);
      this.current = '   ';
    }
    const magnitude = Math.abs(coefficient);
    const sign = coefficient < 0 ? '-' : '+';
    this.current += magnitude === 1 ? ` ${sign} ${name}` : ` ${sign} ${num(magnitude)} ${name}`;
    this.terms++;
  }
  text(text: string): void {
    this.current += text;
  }
  flush(): void {
    this.out.push(this.current);
    this.current = '';
    this.terms = 0;
  }
}
