/**
 * Exact min-cost flow with bundle constraints, by branch and bound on one
 * network that is only ever re-priced.
 *
 * A bundle is a set of unit arcs whose total flow may not pass a cap (the
 * telework days of one division on one day, against its terminals). The
 * network alone is a relaxation; the bound of a branch is Lagrangian: a price
 * λ per bundle on its arcs, `cost(x) + Σ λ (count − cap)`, which is a lower
 * bound on every flow of the branch for every λ ≥ 0 (costs are minimised
 * here). Branching fixes one arc of the most violated bundle: out (a cost
 * above anything the flow can gain) or in (a gain beyond any cost; the branch
 * is infeasible when even then the arc carries nothing). Fixes and prices are
 * only costs, so every basis stays primal feasible and each branch is a warm
 * re-solve from the last one, a few pivots rather than a new network.
 *
 * The search is best-first and ends when no open branch can beat the best
 * flow found; `proven` is false only when the node or time limit came first.
 */
import { solve as solveLp, type Constraint as LpConstraint } from 'yalps';
import { NetworkSimplex } from './network-simplex';

export interface Bundle {
  /** Unit-capacity arcs, disjoint from every other bundle's. */
  readonly arcs: Int32Array;
  readonly cap: number;
}

export interface BundleProblem {
  readonly flow: NetworkSimplex;
  readonly bundles: readonly Bundle[];
  /** Arcs whose flows make up a solution (the answer lists which of them carry a unit). */
  readonly decisions: Int32Array;
  /** A price above which no unit of any bundle is worth its place (bounds the price search). */
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
  readonly nodes: number;
  /** The root's prices per bundle, in units of cost (a start for a related search). */
  readonly prices?: readonly number[];
}

export interface BundleLimits {
  /** Prices to start from, per bundle, in units of cost (default 0). */
  readonly prices?: ArrayLike<number>;
  /** The cost of a flow already known to meet every bundle: only better flows are sought. */
  readonly incumbent?: number;
  readonly nodeLimit: number;
  /** performance.now() after which the search stops (not proven). */
  readonly deadline: number;
}

/** Prices move in steps of 1/PRICE_STEPS of a unit of cost. */
const PRICE_STEPS = 12;

/** Rounds of price bisection, one bundle at a time, before the cutting planes. */
const BISECTION_ROUNDS = 1;
/** Most cutting-plane steps per branch after the bisection. */
const KELLEY_STEPS = 60;

const OUT = 0;
const IN = 1;

interface Branch {
  readonly fixed: readonly (readonly [number, number])[];
  readonly prices: Float64Array;
  readonly bound: number;
  /** The arc to branch on next. */
  readonly arc: number;
}

interface Cut {
  readonly prices: Float64Array;
  readonly value: number;
  readonly slope: readonly number[];
}

/**
 * The prices where the cuts' minimum is highest (a small LP: the prices and the bound), rounded
 * to whole price steps; null when the LP cannot be solved.
 */
function kelley(cuts: readonly Cut[], free: readonly boolean[], ceiling: number): { prices: Float64Array; value: number } | null {
  const n = free.length;
  // The bound as w = z + offset ≥ 0: the LP solver knows only variables ≥ 0.
  let offset = 1;
  for (const cut of cuts) {
    let reach = Math.abs(cut.value);
    for (let j = 0; j < n; j++) reach += Math.abs(cut.slope[j]) * ceiling * 2;
    offset = Math.max(offset, reach + 1);
  }
  const constraints = new Map<string, LpConstraint>();
  const variables = new Map<string, Map<string, number>>([['w', new Map([['w', 1]])]]);
  for (let j = 0; j < n; j++) if (free[j]) variables.set(`p${j}`, new Map([[`top${j}`, 1]]));
  cuts.forEach((cut, k) => {
    // w − Σ slope·p ≤ value − Σ slope·prices + offset
    let rhs = cut.value + offset;
    variables.get('w')!.set(`c${k}`, 1);
    for (let j = 0; j < n; j++) {
      rhs -= cut.slope[j] * cut.prices[j];
      if (free[j] && cut.slope[j] !== 0) variables.get(`p${j}`)!.set(`c${k}`, -cut.slope[j]);
    }
    constraints.set(`c${k}`, { max: rhs });
  });
  for (let j = 0; j < n; j++) {
    if (!free[j]) continue;
    constraints.set(`top${j}`, { max: ceiling });
  }
  const answer = solveLp({ direction: 'maximize', objective: 'w', constraints, variables }, { includeZeroVariables: true });
  if (answer.status !== 'optimal' || !Number.isFinite(answer.result)) return null;
  const value = new Map(answer.variables);
  const prices = new Float64Array(n);
  for (let j = 0; j < n; j++) if (free[j]) prices[j] = Math.min(ceiling, Math.max(0, Math.round(value.get(`p${j}`) ?? 0)));
  return { prices, value: answer.result - offset };
}

interface Probe {
  readonly infeasible: boolean;
  /** Per bundle arc (bundles in order, arcs in order): 1 when it carries a unit. */
  readonly used: Uint8Array;
  readonly counts: Int32Array;
  readonly cost: number;
  readonly lagrangian: number;
  readonly feasible: boolean;
}

/** Σ |cost| × capacity over the arcs, with uncapacitated arcs counted `units` times: no flow can gain or lose more. */
export function costSpan(flow: NetworkSimplex, units: number): number {
  let span = 0;
  for (let e = 0; e < flow.arcs; e++) span += Math.abs(flow.arcCost(e)) * Math.min(flow.arcCap(e), units);
  return span;
}

export function solveBundles(problem: BundleProblem, limits: BundleLimits): BundleResult | null {
  const { flow, bundles, decisions } = problem;
  const nb = bundles.length;
  // Costs are scaled so that prices can take fractions of a unit of cost: the best prices of
  // bundles that compete for the same days are often halves or thirds, and whole prices then
  // give a bound that no branching closes.
  const scale = PRICE_STEPS;
  const original = new Float64Array(flow.arcs);
  for (let e = 0; e < flow.arcs; e++) {
    original[e] = flow.arcCost(e);
    flow.setCost(e, original[e] * scale);
  }
  // Every flow's true cost is a whole number: a bound rounds up to the next multiple of the scale.
  const roundUp = (x: number) => -Math.floor(-x / scale) * scale;
  const restore = () => {
    for (let e = 0; e < flow.arcs; e++) flow.setCost(e, original[e]);
  };
  const ceiling = problem.ceiling * scale;
  const bundleOf = new Map<number, number>();
  const base = new Map<number, number>();
  bundles.forEach((b, j) => {
    for (const a of b.arcs) {
      bundleOf.set(a, j);
      base.set(a, flow.arcCost(a));
    }
  });
  let bundleArcs = 0;
  for (const b of bundles) bundleArcs += b.arcs.length;
  // Only bundle arcs are ever fixed, and a flow carries at most one unit per unit arc.
  const units = bundleArcs;
  const offset: number[] = [];
  bundles.reduce((at, b) => (offset.push(at), at + b.arcs.length), 0);
  // A fixed arc's cost moves by `big`, more than any flow of the network can gain or lose.
  const big = 2 * costSpan(flow, units + 1) + 2 * ceiling * units + 1;
  if (big * (units + 1) >= 2 ** 52) {
    restore();
    return null;
  }

  const fixedState = new Map<number, number>();
  const applied = new Map<number, number>();
  const apply = (prices: Float64Array, fixed: readonly (readonly [number, number])[]) => {
    fixedState.clear();
    for (const [a, v] of fixed) fixedState.set(a, v);
    bundles.forEach((b, j) => {
      for (const a of b.arcs) {
        const f = fixedState.get(a);
        const c = base.get(a)! + prices[j] + (f === OUT ? big : f === IN ? -big : 0);
        if (applied.get(a) !== c) {
          flow.setCost(a, c);
          applied.set(a, c);
        }
      }
    });
  };

  const probe = (prices: Float64Array, fixed: readonly (readonly [number, number])[]): Probe => {
    apply(prices, fixed);
    if (flow.solve() !== 'optimal') throw new Error('bundles: the network is unbounded');
    const counts = new Int32Array(nb);
    const used = new Uint8Array(bundleArcs);
    let shift = 0;
    let infeasible = false;
    let at = 0;
    bundles.forEach((b, j) => {
      for (const a of b.arcs) {
        const x = flow.flow(a);
        used[at++] = x > 0 ? 1 : 0;
        counts[j] += x;
        shift += x * (applied.get(a)! - base.get(a)!);
        if (x === 0 && fixedState.get(a) === IN) infeasible = true;
      }
    });
    const cost = flow.totalCost() - shift;
    let lagrangian = cost;
    let feasible = true;
    bundles.forEach((b, j) => {
      lagrangian += prices[j] * (counts[j] - b.cap);
      if (counts[j] > b.cap) feasible = false;
    });
    return { infeasible, used, counts, cost, lagrangian, feasible };
  };

  let bestCost = limits.incumbent !== undefined ? limits.incumbent * scale : Infinity;
  let bestUsed: Uint8Array | null = null;
  const record = (p: Probe) => {
    if (!p.feasible || p.infeasible || p.cost >= bestCost) return;
    bestCost = p.cost;
    bestUsed = new Uint8Array(decisions.length);
    for (let k = 0; k < decisions.length; k++) bestUsed[k] = flow.flow(decisions[k]) > 0 ? 1 : 0;
  };

  /** Bound of a branch: prices tuned by bisection, one violated bundle at a time. */
  const bound = (
    fixed: readonly (readonly [number, number])[],
    inherited: Float64Array,
  ): { bound: number; last: Probe; prices: Float64Array } | null => {
    const prices = Float64Array.from(inherited);
    // A bundle whose arcs left open cannot pass its cap any more needs no price.
    const out = new Set(fixed.filter(([, v]) => v === OUT).map(([a]) => a));
    const redundant = bundles.map((b) => {
      let open = 0;
      for (const a of b.arcs) if (!out.has(a)) open++;
      return open <= b.cap;
    });
    redundant.forEach((r, j) => r && (prices[j] = 0));
    let last = probe(prices, fixed);
    if (last.infeasible) return null;
    record(last);
    let best = last.lagrangian;
    let pricesAtBest = Float64Array.from(prices);
    let lastAtBest = last;
    const run = () => {
      last = probe(prices, fixed);
      record(last);
      addCut();
      if (!last.infeasible && last.lagrangian > best) {
        best = last.lagrangian;
        pricesAtBest = Float64Array.from(prices);
        lastAtBest = last;
      }
    };
    // Every probe is a cut of the Lagrangian dual: L(μ) ≤ L(λ) + (counts − caps)·(μ − λ).
    const cuts: Cut[] = [];
    const addCut = () => {
      if (last.infeasible) return;
      cuts.push({
        prices: Float64Array.from(prices),
        value: last.lagrangian,
        slope: Array.from(last.counts, (c, j) => c - bundles[j].cap),
      });
    };
    addCut();
    // Past the deadline the bound stays what it is (any prices give a valid one).
    const settled = () => roundUp(best) >= bestCost || performance.now() > limits.deadline;
    for (let round = 0; round < BISECTION_ROUNDS && !settled(); round++) {
      let changed = false;
      for (let j = 0; j < nb && !settled(); j++) {
        const cap = bundles[j].cap;
        const over = last.counts[j] > cap;
        const slack = last.counts[j] < cap && prices[j] > 0;
        if (!over && !slack) continue;
        let lo = over ? prices[j] : 0;
        let hi = over ? -1 : prices[j];
        if (over) {
          for (let step = 1; hi < 0; step *= 2) {
            prices[j] = Math.min(lo + step, ceiling);
            run();
            if (last.infeasible) return null;
            if (last.counts[j] <= cap) hi = prices[j];
            else if (prices[j] >= ceiling) hi = prices[j];
            else lo = prices[j];
          }
        }
        while (hi - lo > 1) {
          prices[j] = Math.floor((lo + hi) / 2);
          run();
          if (last.infeasible) return null;
          if (last.counts[j] <= cap) hi = prices[j];
          else lo = prices[j];
        }
        if (prices[j] !== hi) {
          prices[j] = hi;
          run();
          if (last.infeasible) return null;
        }
        changed = true;
      }
      if (!changed) break;
    }
    // Bisection one bundle at a time stalls where bundles compete for the same people. The cuts
    // then steer all prices at once (Kelley's method): the next prices are those where the cuts
    // allow the highest bound, until no price can raise the bound by a whole unit of cost.
    if (bestCost === Infinity) repair(fixed, pricesAtBest);
    // Only bundles that were ever overfull in this branch get a price in the cutting planes.
    const free = bundles.map((_, j) => !redundant[j] && (prices[j] > 0 || cuts.some((c) => c.slope[j] > 0)));
    // In-out smoothing: the next prices lie between the best so far and the LP's point, which
    // keeps the steps from jumping across the range while the cuts close in.
    let alpha = 0.5;
    for (let step = 0; step < KELLEY_STEPS && !settled(); step++) {
      const next = kelley(cuts, free, ceiling);
      if (!next || next.value - best < scale || roundUp(next.value) < bestCost) break;
      let moved = false;
      for (let j = 0; j < nb; j++) {
        const p = Math.round(pricesAtBest[j] + alpha * (next.prices[j] - pricesAtBest[j]));
        if (p !== prices[j]) moved = true;
        prices[j] = p;
      }
      if (!moved) prices.set(next.prices);
      const before = best;
      run();
      if (last.infeasible) return null;
      alpha = best > before ? Math.min(1, alpha * 1.5) : Math.max(0.1, alpha / 1.5);
    }
    return { bound: roundUp(best), last: lastAtBest, prices: pricesAtBest };
  };

  /**
   * The arc to branch on: the least valuable used, unfixed arc of the most violated bundle; when
   * the flow meets every bundle but a priced bundle has room (so its price makes the bound
   * loose), the most valuable unused, unfixed arc of that bundle. -1 when neither exists: the
   * flow then meets every bundle at its bound.
   */
  const branchArc = (p: Probe, fixed: readonly (readonly [number, number])[], prices: Float64Array): number => {
    const isFixed = new Set(fixed.map(([a]) => a));
    let worst = -1;
    for (let j = 0; j < nb; j++) {
      if (p.counts[j] > bundles[j].cap && (worst < 0 || p.counts[j] - bundles[j].cap > p.counts[worst] - bundles[worst].cap)) worst = j;
    }
    const pick = (j: number, wantUsed: boolean, better: (a: number, b: number) => boolean) => {
      let arc = -1;
      bundles[j].arcs.forEach((a, k) => {
        if (isFixed.has(a) || p.used[offset[j] + k] !== (wantUsed ? 1 : 0)) return;
        if (arc < 0 || better(a, arc)) arc = a;
      });
      return arc;
    };
    if (worst >= 0) return pick(worst, true, (a, b) => base.get(a)! > base.get(b)!);
    let loose = -1;
    let slack = 0;
    for (let j = 0; j < nb; j++) {
      const gap = prices[j] * (bundles[j].cap - p.counts[j]);
      if (gap > slack) {
        const arc = pick(j, false, (a, b) => base.get(a)! < base.get(b)!);
        if (arc >= 0) {
          slack = gap;
          loose = arc;
        }
      }
    }
    return loose;
  };

  /**
   * A flow meeting the bundles near a violating one: in each overfull bundle the most valuable
   * used arcs keep their place, up to the cap, and every other arc of the bundle goes out, so
   * that bundle holds for good. Each round settles at least one bundle.
   */
  const repair = (fixed: readonly (readonly [number, number])[], prices: Float64Array) => {
    const current = [...fixed];
    for (let round = 0; round <= nb; round++) {
      const p = probe(prices, current);
      if (p.infeasible) return;
      record(p);
      if (p.feasible) return;
      const isFixed = new Set(current.map(([a]) => a));
      bundles.forEach((b, j) => {
        if (p.counts[j] <= b.cap) return;
        const keep = new Set(
          Array.from(b.arcs)
            .filter((a) => flow.flow(a) > 0)
            .sort((x, y) => base.get(x)! - base.get(y)! || x - y)
            .slice(0, b.cap),
        );
        for (const a of b.arcs) if (!keep.has(a) && !isFixed.has(a)) current.push([a, OUT]);
      });
    }
  };

  const rootPrices = new Float64Array(nb);
  if (limits.prices) for (let j = 0; j < nb; j++) rootPrices[j] = Math.min(ceiling, Math.max(0, Math.round(limits.prices[j] * scale)));
  const root = bound([], rootPrices);
  if (!root) {
    restore();
    return { proven: true, cost: Infinity, bound: Infinity, used: null, nodes: 1 };
  }
  let nodes = 1;
  const open: Branch[] = [];
  const push = (fixed: readonly (readonly [number, number])[], b: { bound: number; last: Probe; prices: Float64Array }) => {
    if (b.bound >= bestCost) return;
    const arc = branchArc(b.last, fixed, b.prices);
    if (arc < 0) return;
    const node: Branch = { fixed, prices: b.prices, bound: b.bound, arc };
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
  if (!root.last.feasible) repair([], root.prices);
  push([], root);
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
      const child = bound(fixed, node.prices);
      if (!child) continue;
      if (!child.last.feasible && bestCost === Infinity) repair(fixed, child.prices);
      push(fixed, child);
    }
  }
  const openBound = open.reduce((m, n) => Math.min(m, n.bound), Infinity);
  // Leave the network with its own costs, for whoever re-prices it next.
  restore();
  return {
    proven,
    cost: bestCost / scale,
    bound: Math.min(bestCost, openBound) / scale,
    used: bestUsed,
    nodes,
    prices: Array.from(root.prices, (x) => x / scale),
  };
}
