/**
 * Exact min-cost flow with bundle constraints, by branch and bound on the
 * linear programme.
 *
 * A bundle is a set of unit arcs whose total flow may not pass a cap (the
 * telework days of one division on one day, against its terminals). The
 * bound of a branch is its LP, network and bundles together, solved by the
 * simplex method with basis partitioning (side-simplex.ts); on the rotation
 * networks it is almost always integral, and then it is the answer. A branch
 * fixes one arc: out (a cost above anything the flow can gain) or in (a gain
 * beyond any cost). Fixes are only costs, so the last basis stays primal
 * feasible for every branch, and each is a warm re-solve.
 *
 * Flows the LP leaves fractional are made whole by the network simplex: the
 * LP's used bundle arcs in, the rest out, which meets every cap.
 *
 * The search is best-first and ends when no open branch can beat the best
 * flow found; `proven` is false only when the node or time limit came first.
 */
import { INFINITE_CAPACITY, NetworkSimplex } from './network-simplex';
import { SideSimplex, SideStatus } from './side-simplex';

export interface Bundle {
  /** Unit-capacity arcs, disjoint from every other bundle's. */
  readonly arcs: Int32Array;
  readonly cap: number;
}

export interface BundleProblem {
  /**
   * The network, holding a basic flow (solved once, at any costs): the LP starts from it, so a
   * flow that already meets the bundles spares the pivots that would make it do so.
   */
  readonly flow: NetworkSimplex;
  readonly bundles: readonly Bundle[];
  /** Arcs whose flows make up a solution (the answer lists which of them carry a unit). */
  readonly decisions: Int32Array;
  /** A price above which no unit of any bundle is worth its place. */
  readonly ceiling: number;
}

export interface BundleResult {
  readonly proven: boolean;
  /** Cost of the best flow meeting every bundle (Infinity when none was found). */
  readonly cost: number;
  /** Lower bound on the cost of every flow meeting every bundle. */
  readonly bound: number;
  /** Per decision arc: 1 when the best flow uses it; null when none beat the incumbent given. */
  readonly used: Uint8Array | null;
  /** Per arc: the best flow's units (whole numbers), null with `used`. */
  readonly flow: Float64Array | null;
  readonly nodes: number;
  /** Simplex pivots of the LPs. */
  readonly pivots: number;
}

export interface BundleLimits {
  /** The cost of a flow already known to meet every bundle: only better flows are sought. */
  readonly incumbent?: number;
  readonly nodeLimit: number;
  /** performance.now() after which the search stops (not proven). */
  readonly deadline: number;
}

const OUT = 0;
const IN = 1;
/** A fix that draws one unit through an arc (explain forces a request in with it). */
export const FIX_IN = IN;

/** A flow value this close to a whole number is whole. */
const WHOLE = 1e-7;

interface Branch {
  readonly fixed: readonly (readonly [number, number])[];
  readonly bound: number;
  /** The arc to branch on next. */
  readonly arc: number;
}

/** Σ |cost| × capacity over the arcs, with uncapacitated arcs counted `units` times: no flow can gain or lose more. */
export function costSpan(flow: NetworkSimplex, units: number): number {
  let span = 0;
  for (let e = 0; e < flow.arcs; e++) span += Math.abs(flow.arcCost(e)) * Math.min(flow.arcCap(e), units);
  return span;
}

export function solveBundles(problem: BundleProblem, limits: BundleLimits): BundleResult | null {
  return bundleSearch(problem)?.(limits) ?? null;
}

/** Fixes of arcs: [arc, OUT] carries nothing, [arc, IN] one unit. */
export type Fixes = readonly (readonly [number, number])[];

/**
 * A search that can run many times on one network, each run warm from the last one's basis,
 * with fixes that hold for that run (`explain` forces one request at a time this way). Null
 * when the costs are too large for exact fixes.
 */
export function bundleSearch(problem: BundleProblem): ((limits: BundleLimits, fixes?: Fixes) => BundleResult) | null {
  const { flow, bundles, decisions } = problem;
  const m = flow.arcs;
  const original = new Float64Array(m);
  for (let e = 0; e < m; e++) original[e] = flow.arcCost(e);
  const restore = () => {
    for (let e = 0; e < m; e++) flow.setCost(e, original[e]);
  };
  let units = 0;
  const inBundle = new Uint8Array(m);
  for (const b of bundles) {
    units += b.arcs.length;
    for (const a of b.arcs) inBundle[a] = 1;
  }
  // A fixed arc's cost moves by `big`, more than any flow of the network can gain or lose.
  const big = 2 * costSpan(flow, units + 1) + 2 * problem.ceiling + 1;
  if (big * (units + 2) >= 2 ** 52) return null;
  // Costs and bounds are whole numbers; the LP's are computed in doubles, within this.
  const tolerance = 1e-6 + 1e-12 * big * Math.sqrt(m);

  // A start that meets every bundle, so that the LP begins feasible rather than paying its way
  // out of excess: in each overfull bundle the most valuable used arcs keep their place and the
  // others are shut, and the network re-solves, until every cap holds (a shut bundle holds for
  // good, so this ends). The costs come back; the basis stays feasible.
  /** Units the network's flow sends through arcs. */
  const netLoad = (arcs: Int32Array) => {
    let count = 0;
    for (let i = 0; i < arcs.length; i++) count += flow.flow(arcs[i]);
    return count;
  };
  const shut: number[] = [];
  for (let round = 0; round <= bundles.length; round++) {
    let over = false;
    const shutNow = shut.length;
    for (const b of bundles) {
      const count = netLoad(b.arcs);
      if (count <= b.cap) continue;
      over = true;
      const keep = new Set(
        Array.from(b.arcs)
          .filter((a) => flow.flow(a) > 0)
          .sort((x, y) => original[x] - original[y] || x - y)
          .slice(0, b.cap),
      );
      for (const a of b.arcs) {
        if (keep.has(a) || flow.arcCost(a) !== original[a]) continue;
        flow.setCost(a, original[a] + big);
        shut.push(a);
      }
    }
    if (!over) break;
    // The shut arcs give up their units along cycles of the flow, so the re-solve only has to
    // hand the freed licences and terminals to others (when it cannot, the costs do it).
    flow.drain(shut.slice(shutNow));
    if (flow.solve() !== 'optimal') throw new Error('bundles: the network is unbounded');
  }
  // The LP pays a costly degenerate pivot for each node the tree still hangs from its root: the
  // network simplex replaces those arcs first, while the shut arcs still keep out.
  if (shut.length > 0) {
    const skip = new Uint8Array(m);
    for (const a of shut) skip[a] = 1;
    if (flow.purgeArtificial(skip) !== 'optimal') throw new Error('bundles: the network is unbounded');
  }
  for (const a of shut) flow.setCost(a, original[a]);

  const from = new Int32Array(m);
  const to = new Int32Array(m);
  const cap = new Float64Array(m);
  const start = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    from[e] = flow.arcSource(e);
    to[e] = flow.arcTarget(e);
    cap[e] = flow.arcCap(e) >= INFINITE_CAPACITY ? Infinity : flow.arcCap(e);
    start[e] = flow.flow(e);
  }
  // Only the bundles the start fills or overfills are rows of the LP at first; the others join
  // when an LP solution passes their cap (most caps of a large piece never bind, and the LP's
  // work per pivot grows with the square of its rows).
  const inLp = new Uint8Array(bundles.length);
  const first: Bundle[] = [];
  bundles.forEach((b, j) => {
    let count = 0;
    for (const a of b.arcs) count += start[a];
    if (count >= b.cap) {
      inLp[j] = 1;
      first.push(b);
    }
  });
  const lp = new SideSimplex(
    // Above any row's price, fixes included: the excess of a row is never worth its penalty.
    { nodes: flow.nodes, from, to, cap, cost: original, rows: first, penalty: 2 * big, capacity: bundles.length },
    { flow: start, treeArc: (u) => flow.treeArc(u), potential: (u) => flow.potential(u) - flow.potential(flow.nodes) },
  );
  /** Units the LP's flow sends through arcs. */
  const lpLoad = (arcs: Int32Array) => {
    let count = 0;
    for (let i = 0; i < arcs.length; i++) count += lp.flow(arcs[i]);
    return count;
  };
  /** Solves the LP, adding the bundles its solution overfills as rows until it meets them all. */
  const solveLp = (): SideStatus => {
    for (;;) {
      const status = lp.solve();
      if (status !== 'optimal') return status;
      const broken: Bundle[] = [];
      bundles.forEach((b, j) => {
        if (inLp[j]) return;
        if (lpLoad(b.arcs) > b.cap + WHOLE) {
          inLp[j] = 1;
          broken.push(b);
        }
      });
      if (broken.length === 0) return status;
      lp.addRows(broken);
    }
  };

  let bestCost = Infinity;
  let bestUsed: Uint8Array | null = null;
  let bestFlow: Float64Array | null = null;
  /** The run's own fixes: every flow it keeps must carry them. */
  let required: Fixes = [];
  const carries = (x: (arc: number) => number) => required.every(([a, v]) => (v === IN ? x(a) > 0.5 : x(a) < 0.5));
  /** The network simplex's flow as the incumbent, when it meets every bundle and beats it. */
  const recordFlow = () => {
    if (!carries((a) => flow.flow(a))) return;
    let cost = 0;
    for (let e = 0; e < m; e++) cost += original[e] * flow.flow(e);
    for (const b of bundles) {
      if (netLoad(b.arcs) > b.cap) return;
    }
    if (cost >= bestCost) return;
    bestCost = cost;
    bestUsed = Uint8Array.from(decisions, (a) => (flow.flow(a) > 0 ? 1 : 0));
    bestFlow = new Float64Array(m);
    for (let e = 0; e < m; e++) bestFlow[e] = flow.flow(e);
  };
  /**
   * A whole flow from the LP's: bundle arcs the LP uses fully are drawn in, the others shut, and
   * the network simplex routes the rest. Every cap holds, since only arcs the LP used fully can
   * carry a unit.
   */
  const round = (fixed: ReadonlyMap<number, number>) => {
    for (let e = 0; e < m; e++) {
      if (!inBundle[e]) continue;
      const f = fixed.get(e);
      const keep = f === IN || (f !== OUT && lp.flow(e) >= 1 - WHOLE);
      flow.setCost(e, original[e] + (keep ? -big : big));
    }
    for (const [a, v] of fixed) if (!inBundle[a]) flow.setCost(a, original[a] + (v === IN ? -big : big));
    if (flow.solve() !== 'optimal') throw new Error('bundles: the network is unbounded');
    recordFlow();
  };

  const whole = () => {
    for (let e = 0; e < m; e++) {
      const x = lp.flow(e);
      if (Math.abs(x - Math.round(x)) > WHOLE) return false;
    }
    return lp.excess() <= WHOLE;
  };
  /** The LP's flow, whole and meeting every bundle, as the incumbent when it beats it. */
  const recordLp = () => {
    if (!carries((a) => lp.flow(a))) return;
    let cost = 0;
    for (let e = 0; e < m; e++) cost += original[e] * Math.round(lp.flow(e));
    if (cost >= bestCost) return;
    bestCost = cost;
    bestUsed = Uint8Array.from(decisions, (a) => (lp.flow(a) > 0.5 ? 1 : 0));
    bestFlow = new Float64Array(m);
    for (let e = 0; e < m; e++) bestFlow[e] = Math.round(lp.flow(e));
  };
  let pivots = 0;
  /** Arcs outside the bundles that the last branch fixed in the LP. */
  let fixedOutside: number[] = [];
  /** The LP of a branch: its bound, and the arc to branch on (-1 when its LP optimum is whole). */
  const solveBranch = (fixed: Fixes): { bound: number; arc: number } => {
    const state = new Map(fixed);
    let ins = 0;
    for (const a of fixedOutside) lp.setCost(a, original[a]);
    fixedOutside = [];
    for (let e = 0; e < m; e++) {
      if (!inBundle[e]) continue;
      const f = state.get(e);
      if (f === IN) ins++;
      lp.setCost(e, original[e] + (f === OUT ? big : f === IN ? -big : 0));
    }
    for (const [a, v] of fixed) {
      if (inBundle[a]) continue;
      if (v === IN) ins++;
      lp.setCost(a, original[a] + (v === IN ? -big : big));
      fixedOutside.push(a);
    }
    const before = lp.pivots;
    const status = solveLp();
    pivots += lp.pivots - before;
    if (status !== 'optimal') throw new Error('bundles: the LP is unbounded');
    // Every flow of the branch carries its fixes: its cost is the LP's cost plus big per arc in.
    const bound = Math.ceil(lp.bound() + big * ins - tolerance);
    if (bound >= bestCost) return { bound, arc: -1 };
    // Branch on the bundle arc the LP leaves most fractional; with none, on the least valuable
    // unfixed arc of a row the LP overfills (only when the branch's fixes cannot all hold).
    let arc = -1;
    let best = 1;
    for (let e = 0; e < m; e++) {
      if (!inBundle[e] || state.has(e)) continue;
      const x = lp.flow(e);
      const off = Math.abs(x - 0.5);
      if (x > WHOLE && x < 1 - WHOLE && off < best) {
        best = off;
        arc = e;
      }
    }
    if (arc < 0 && lp.excess() > WHOLE) {
      for (const b of bundles) {
        if (lpLoad(b.arcs) <= b.cap + WHOLE) continue;
        for (const a of b.arcs) {
          if (state.has(a) || lp.flow(a) < 1 - WHOLE) continue;
          if (arc < 0 || original[a] > original[arc]) arc = a;
        }
        if (arc >= 0) break;
      }
    }
    if (whole()) recordLp();
    // Where the LP's bundle arcs are whole, this is the branch's optimum (whatever the LP left
    // fractional elsewhere, the network under those arcs has a whole optimum as good).
    else round(state);
    return { bound, arc };
  };

  return (limits: BundleLimits, fixes: Fixes = []): BundleResult => {
    bestCost = limits.incumbent ?? Infinity;
    bestUsed = null;
    bestFlow = null;
    required = fixes;
    pivots = 0;
    const root = solveBranch(fixes);
    let nodes = 1;
    const open: Branch[] = [];
    const push = (fixed: readonly (readonly [number, number])[], b: { bound: number; arc: number }) => {
      if (b.bound >= bestCost || b.arc < 0) return;
      const node: Branch = { fixed, bound: b.bound, arc: b.arc };
      // Ascending by bound from the end: pop() takes the lowest.
      let lo = 0;
      let hi = open.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (open[mid].bound >= node.bound) lo = mid + 1;
        else hi = mid;
      }
      open.splice(lo, 0, node);
    };
    push(fixes, root);
    let proven = true;
    while (open.length > 0) {
      const node = open.pop()!;
      if (node.bound >= bestCost) continue;
      if (nodes >= limits.nodeLimit || performance.now() > limits.deadline) {
        open.push(node);
        proven = false;
        break;
      }
      for (const v of [OUT, IN]) {
        const fixed = [...node.fixed, [node.arc, v] as const];
        nodes++;
        push(fixed, solveBranch(fixed));
      }
    }
    const openBound = open.reduce((min, n) => Math.min(min, n.bound), Infinity);
    // Leave the network with its own costs, for whoever re-prices it next.
    restore();
    return {
      proven,
      cost: bestCost,
      bound: Math.min(bestCost, openBound),
      used: bestUsed,
      flow: bestFlow,
      nodes,
      pivots,
    };
  };
}
