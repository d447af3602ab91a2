/**
 * The engine's entry point: problem in, proven-optimal roster out.
 *
 * Almost always the week is a pure network (network.ts) and one min-cost flow
 * gives the optimum. When cross-division qualifications link divisions whose
 * terminals can bind, the network pools those terminals; if the flow then
 * puts too many people of one division on telework, we branch on a
 * person-day (office / telework pins) and bound each branch by its network,
 * which is a relaxation. The search is best-first and stops when no open
 * branch can beat the best roster found, so the result is still proven.
 */
import { Problem, Roster, RosterStatus } from '../domain/rotation';
import { PersonDayFlow, RotationNetwork, SideConstraint, StabilityTarget } from './network';
import { PIN_OFFICE, PIN_TELEWORK, PinOverlay, prepare, Prepared } from './prepare';
import { evaluate, Evaluation, fromRoster, toRoster } from './solution';

export interface SolveOptions {
  /** A roster to stay close to: among optimal rosters, the one with the fewest telework changes. */
  readonly previous?: Roster;
  /** Most branch-and-bound nodes before settling for the best roster found (status "feasible"). */
  readonly nodeLimit?: number;
  /** Most milliseconds of branch and bound before settling for the best roster found. */
  readonly timeLimitMs?: number;
  /** Called while branch and bound runs (never for the usual single-network solve). */
  readonly onProgress?: (message: string) => void;
}

export class PinConflictError extends Error {
  readonly code = 'pin-conflict';
}

interface Node {
  readonly overlay: readonly PinOverlay[];
  readonly prep: Prepared;
  readonly net: RotationNetwork;
  readonly sol: PersonDayFlow;
  readonly evaluation: Evaluation;
  readonly violations: readonly { constraint: SideConstraint; count: number }[];
}

function solveNode(problem: Problem, overlay: readonly PinOverlay[], stability?: StabilityTarget): Node | null {
  const prep = prepare(problem, overlay);
  if (!prep) return null;
  const net = new RotationNetwork(prep, { stability });
  net.solve();
  const sol = net.extract();
  const evaluation = evaluate(prep, sol);
  const nd = prep.dayCount;
  const violations = [];
  for (const constraint of net.sideConstraints) {
    let count = 0;
    for (let i = 0; i < prep.staffCount; i++) {
      const k = i * nd + constraint.day;
      if (prep.staffDivision[i] === constraint.division && prep.option[k] && sol.telework[k]) count++;
    }
    if (count > constraint.cap) violations.push({ constraint, count });
  }
  return { overlay, prep, net, sol, evaluation, violations };
}

/** The person-day to branch on: the least valuable free telework day in the worst-violated cap. */
function branchingPersonDay(node: Node): { staff: number; day: number } {
  const worst = node.violations.reduce((a, b) => (b.count - b.constraint.cap > a.count - a.constraint.cap ? b : a));
  const { prep, sol } = node;
  const nd = prep.dayCount;
  const d = worst.constraint.day;
  let best = -1;
  for (let i = 0; i < prep.staffCount; i++) {
    const k = i * nd + d;
    if (prep.staffDivision[i] !== worst.constraint.division || !prep.option[k] || !sol.telework[k]) continue;
    if (best < 0 || prep.weight[k] < prep.weight[best * nd + d]) best = i;
  }
  return { staff: best, day: d };
}

/** Makes a violating relaxed week feasible by pinning the least valuable excess days to the office. */
function repair(problem: Problem, node: Node, stability?: StabilityTarget): Node | null {
  let current: Node | null = node;
  for (let round = 0; current && current.violations.length > 0 && round < 20; round++) {
    const extra: PinOverlay[] = [...current.overlay];
    const { prep, sol } = current;
    const nd = prep.dayCount;
    for (const v of current.violations) {
      const d = v.constraint.day;
      const days: number[] = [];
      for (let i = 0; i < prep.staffCount; i++) {
        const k = i * nd + d;
        if (prep.staffDivision[i] === v.constraint.division && prep.option[k] && sol.telework[k]) days.push(i);
      }
      days.sort((a, b) => prep.weight[a * nd + d] - prep.weight[b * nd + d] || a - b);
      for (const i of days.slice(0, v.count - v.constraint.cap)) extra.push({ staff: i, day: d, mode: PIN_OFFICE });
    }
    current = solveNode(problem, extra, stability);
  }
  return current && current.violations.length === 0 ? current : null;
}

interface SearchResult {
  readonly best: Node | null;
  readonly root: Node;
  readonly status: RosterStatus;
  readonly bound: number;
  readonly explored: number;
}

/** Best-first branch and bound over pins; a single network solve when nothing needs enforcing. */
function search(problem: Problem, overlay: readonly PinOverlay[], stability: StabilityTarget | undefined, options: SolveOptions): SearchResult | null {
  const started = performance.now();
  const root = solveNode(problem, overlay, stability);
  if (!root) return null;
  if (root.violations.length === 0) {
    return { best: root, root, status: 'optimal', bound: root.evaluation.objective, explored: 1 };
  }
  let best: Node | null = repair(problem, root, stability);
  let explored = 1;
  let status: RosterStatus = 'optimal';
  const nodeLimit = options.nodeLimit ?? 20000;
  const deadline = started + (options.timeLimitMs ?? 60000);
  // Open nodes ascending by their relaxation value (a bound on their subtree).
  const open: Node[] = [root];
  while (open.length > 0) {
    const node = open.pop()!;
    if (best && node.evaluation.objective <= best.evaluation.objective) continue;
    if (explored >= nodeLimit || performance.now() > deadline) {
      open.push(node);
      status = 'feasible';
      break;
    }
    const { staff, day } = branchingPersonDay(node);
    for (const mode of [PIN_OFFICE, PIN_TELEWORK] as const) {
      const child = solveNode(problem, [...node.overlay, { staff, day, mode }], stability);
      explored++;
      if (!child) continue;
      if (best && child.evaluation.objective <= best.evaluation.objective) continue;
      if (child.violations.length === 0) best = child;
      else insertByBound(open, child);
    }
    if (explored % 50 === 0) options.onProgress?.(`branch and bound: ${explored} nodes, ${open.length} open`);
  }
  const openBound = open.reduce((m, n) => Math.max(m, n.evaluation.objective), -Infinity);
  const bound = open.length === 0 && best ? best.evaluation.objective : Math.max(best?.evaluation.objective ?? -Infinity, openBound);
  return { best, root, status: best ? status : 'feasible', bound, explored };
}

export function solve(problem: Problem, options: SolveOptions = {}): Roster {
  const started = performance.now();
  const rootPrep = prepare(problem);
  if (!rootPrep) throw new PinConflictError(`${problem.name}: the pins cannot all hold`);
  const stability = options.previous ? fromRoster(rootPrep, options.previous) : undefined;
  const result = search(problem, [], stability, options)!;
  // Without any feasible week found (search cut off early), everyone stays in the office.
  const best = result.best ?? officeOnly(problem, rootPrep, stability);
  const { prep, sol, evaluation } = best;
  return toRoster(prep, sol, evaluation, result.status, {
    engine: 'network-simplex',
    millis: Math.round((performance.now() - started) * 1000) / 1000,
    requested: evaluation.requested,
    granted: evaluation.granted,
    bound: result.bound,
    branchNodes: result.explored,
    networkNodes: result.root.net.flow.nodes,
    networkArcs: result.root.net.flow.arcs,
    pivots: result.root.net.flow.pivots,
    sideConstraints: result.root.net.sideConstraints.length,
  });
}

/** The optimum with extra pins, nearest `stability`; null when the pins cannot hold. */
export function solveWithPins(
  problem: Problem,
  overlay: readonly PinOverlay[],
  stability?: StabilityTarget,
): { prep: Prepared; sol: PersonDayFlow } | null {
  const result = search(problem, overlay, stability, {});
  return result?.best ? { prep: result.best.prep, sol: result.best.sol } : null;
}

function insertByBound(open: Node[], node: Node): void {
  // Ascending by objective, so pop() takes the most promising.
  let lo = 0;
  let hi = open.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (open[mid].evaluation.objective <= node.evaluation.objective) lo = mid + 1;
    else hi = mid;
  }
  open.splice(lo, 0, node);
}

function officeOnly(problem: Problem, prep: Prepared, stability?: StabilityTarget): Node {
  const overlay: PinOverlay[] = [];
  for (let k = 0; k < prep.option.length; k++) {
    if (prep.option[k]) overlay.push({ staff: Math.floor(k / prep.dayCount), day: k % prep.dayCount, mode: PIN_OFFICE });
  }
  return solveNode(problem, overlay, stability)!;
}
