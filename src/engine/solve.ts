/**
 * The engine's entry point: problem in, proven-optimal roster out.
 *
 * Almost always the week is a pure network (network.ts) and one min-cost flow
 * gives the optimum. When cross-division qualifications link divisions whose
 * terminals can bind, the network pools those terminals; if the flow then
 * puts too many people of one division on telework, the divisions' own caps
 * are side constraints, solved exactly piece by piece and then, if the
 * licences still tie the pieces, on the whole network (searchByPieces,
 * bundles.ts, side-simplex.ts). Where a spread bonus is not concave, a
 * best-first branch and bound on person-days (office / telework pins) bounds
 * each branch by its network, a relaxation. Every search stops only when no
 * open branch can beat the best roster found, so the result is still proven.
 */
import { Problem, Roster, RosterStatus } from '../domain/rotation';
import { Bundle, BundleProblem, costSpan, solveBundles } from './bundles';
import { PersonDayFlow, resourceCount, RotationNetwork, SideConstraint, SplitOptions, StabilityTarget } from './network';
import { extractPieces } from './network-pieces';
import {
  bonusNonConcave,
  PIN_OFFICE,
  PIN_TELEWORK,
  PinOverlay,
  prepare,
  Prepared,
  REGIME_AT_MOST_L,
  REGIME_MORE_THAN_L,
  RegimeOverlay,
} from './prepare';
import { bonusGap, evaluate, Evaluation, fromRoster, toRoster } from './solution';
import { collapse, expand, expandRoster, isExtended } from './horizon';

export interface SolveOptions {
  /** A roster to stay close to: among optimal rosters, the one with the fewest telework changes. */
  readonly previous?: Roster;
  /** Most branch-and-bound nodes before settling for the best roster found (status "feasible"). */
  readonly nodeLimit?: number;
  /** Most milliseconds of branch and bound before settling for the best roster found. */
  readonly timeLimitMs?: number;
  /** Called while branch and bound runs (never for the usual single-network solve). */
  readonly onProgress?: (message: string) => void;
  /** When large networks are solved by parts (tests force it on small ones). */
  readonly split?: SplitOptions;
  /**
   * Share of the network's arcs in pieces with terminal caps above which the caps are solved on
   * the whole network at once rather than piece by piece (default 0 below 4,000 network nodes,
   * 0.5 from there; tests set 1 to exercise the pieces on small weeks).
   */
  readonly wholeShare?: number;
}

export class PinConflictError extends Error {
  readonly code = 'pin-conflict';
}

/** One network solve at given prices: the week it gives and how it meets the side constraints. */
interface Probe {
  readonly sol: PersonDayFlow;
  readonly evaluation: Evaluation;
  /** Per side constraint: telework days of that division that day. */
  readonly counts: Int32Array;
  /** Meets every side constraint (so it is a valid roster, worth evaluation.objective). */
  readonly feasible: boolean;
  /** People whose non-concave spread bonus the network overvalued in this week. */
  readonly overvalued: readonly number[];
  /** What the network thinks the week is worth (≥ evaluation.objective). */
  readonly relaxedValue: number;
  /** A "more than L days" branch that could not reach L+1 days: no week exists there. */
  readonly unreachable: boolean;
}

interface Incumbent {
  readonly prep: Prepared;
  readonly sol: PersonDayFlow;
  readonly evaluation: Evaluation;
}

interface Node {
  readonly overlay: readonly PinOverlay[];
  readonly regimes: readonly RegimeOverlay[];
  readonly prep: Prepared;
  readonly net: RotationNetwork;
  /** Upper bound on every week in this subtree (Lagrangian). */
  readonly bound: number;
  /** Best week of this node that meets every side constraint. */
  readonly feasible: Incumbent | null;
  /** A week that breaks a side constraint, to branch on; null when the node is settled. */
  readonly branchOn: Probe | null;
  readonly prices: Float64Array;
}

/** The most one telework day can gain (before the network's scale): its weight, spread bonus and goals. */
export function unitGainCeiling(prep: Prepared): number {
  let top = 1;
  for (let k = 0; k < prep.weight.length; k++) top = Math.max(top, prep.weight[k] + 1);
  for (const b of prep.spreadBonus) top += Math.max(0, b);
  return top + prep.ext.turnGain;
}

/** A price per telework day (in the network's cost units) above which no day is worth its place. */
function priceCeiling(net: RotationNetwork): number {
  return unitGainCeiling(net.prep) * net.scale + 2;
}

/**
 * The network's side constraints as bundles of its entry arcs (one per cap, in their order),
 * the entry arcs as the decisions, and the price ceiling: the whole week as a bundle problem.
 */
export function capBundles(net: RotationNetwork): BundleProblem {
  const bundles = net.sideConstraints.map((c, j) => ({ arcs: net.sideArcs[j].filter((a) => a >= 0), cap: c.cap }));
  const decisions = Int32Array.from(net.entryArc.filter((a) => a >= 0));
  return { flow: net.flow, bundles, decisions, ceiling: priceCeiling(net) };
}

function probe(net: RotationNetwork, prices: Float64Array | null): Probe {
  if (prices) net.setPrices(prices);
  net.solve();
  return assess(net, net.extract());
}

/** A week read off the network: what it is worth and how it meets the side constraints. */
function assess(net: RotationNetwork, sol: PersonDayFlow): Probe {
  const { prep } = net;
  const evaluation = evaluate(prep, sol);
  const counts = new Int32Array(net.sideConstraints.length);
  let feasible = true;
  net.sideConstraints.forEach((c, j) => {
    for (const k of c.personDays) if (prep.option[k] && sol.telework[k]) counts[j]++;
    if (counts[j] > c.cap) feasible = false;
  });
  const gap = bonusGap(prep, sol);
  return {
    sol,
    evaluation,
    counts,
    feasible,
    overvalued: gap.overvalued,
    relaxedValue: evaluation.objective + gap.gap,
    unreachable: gap.unreachable,
  };
}

/**
 * Solves the network of a node and bounds it. With side constraints, prices on the
 * constrained division-days are tuned one constraint at a time: the constrained count falls
 * monotonically as its price rises, so bisection finds the price where it meets the cap.
 * Every price vector gives a valid bound (Lagrangian relaxation); the least one is kept.
 */
function solveNode(
  problem: Problem,
  overlay: readonly PinOverlay[],
  regimes: readonly RegimeOverlay[],
  stability: StabilityTarget | undefined,
  inherited: Float64Array | null,
  incumbent: number,
  split?: SplitOptions,
): Node | null {
  const prep = prepare(problem, overlay, regimes);
  if (!prep) return null;
  const prices = inherited ? Float64Array.from(inherited) : new Float64Array(resourceCount(prep));
  const net = new RotationNetwork(prep, { stability, prices, split });
  const side = net.sideConstraints;
  let bound = Infinity;
  let feasible: Incumbent | null = null;
  let branchOn: Probe | null = null;
  const run = (): Probe => {
    const pr = probe(net, side.length > 0 ? prices : null);
    let lagrangian = pr.relaxedValue;
    side.forEach((c, j) => (lagrangian -= prices[c.resource] * (pr.counts[j] - c.cap)));
    bound = Math.min(bound, lagrangian);
    if (pr.feasible && (!feasible || pr.evaluation.objective > feasible.evaluation.objective)) {
      feasible = { prep, sol: pr.sol, evaluation: pr.evaluation };
    }
    if (!pr.feasible || pr.overvalued.length > 0) branchOn = pr;
    return pr;
  };
  let last = run();
  if (last.unreachable) return null;
  // Weeks, periods and places bring caps of every kind: the node's caps are solved exactly by the
  // LP's branch and bound (bundles.ts) on its network, whose bonus is relaxed only where it is not
  // concave. Its best week meets every cap; its relaxed value bounds the node; where the
  // relaxation overvalued someone, the regimes split them as before.
  if (prep.ext.active && side.length > 0 && !last.feasible) {
    const exact = capsExactly(net);
    if (exact) {
      const pr = exact.probe;
      bound = Math.min(bound, exact.bound);
      const before = feasible as Incumbent | null;
      if (!before || pr.evaluation.objective > before.evaluation.objective) feasible = { prep, sol: pr.sol, evaluation: pr.evaluation };
      branchOn = pr.overvalued.length > 0 ? pr : null;
      if (pr.overvalued.length === 0 && exact.proven) bound = Math.min(bound, pr.evaluation.objective);
      return { overlay, regimes, prep, net, bound, feasible, branchOn, prices };
    }
  }
  const settled = () => feasible !== null && bound <= feasible.evaluation.objective;
  if (side.length > 0 && !settled()) {
    const ceiling = unitGainCeiling(prep);
    for (let round = 0; round < 3 && !settled() && bound > incumbent; round++) {
      let changed = false;
      side.forEach((c, j) => {
        const at = c.resource;
        const over = last.counts[j] > c.cap;
        const slack = last.counts[j] < c.cap && prices[at] > 0;
        if (!over && !slack) return;
        // Bracket [lo, hi]: count above the cap at lo, within it at hi.
        let lo = over ? prices[at] : 0;
        let hi = over ? -1 : prices[at];
        if (over) {
          for (let step = 1; hi < 0; step *= 2) {
            prices[at] = Math.min(lo + step, ceiling);
            last = run();
            if (last.counts[j] <= c.cap) hi = prices[at];
            else if (prices[at] >= ceiling) return;
            else lo = prices[at];
          }
        }
        while (hi - lo > 1) {
          prices[at] = Math.floor((lo + hi) / 2);
          last = run();
          if (last.counts[j] <= c.cap) hi = prices[at];
          else lo = prices[at];
        }
        if (prices[at] !== hi) {
          prices[at] = hi;
          last = run();
        }
        changed = true;
      });
      if (!changed) break;
    }
  }
  if (settled()) branchOn = null;
  return { overlay, regimes, prep, net, bound, feasible, branchOn, prices };
}

/** Time the caps' branch and bound may take at one node of the regimes' search. */
const CAPS_NODE_LIMIT_MS = 20000;

/**
 * The network's best week under its side constraints, exactly (bundles.ts), with its relaxed
 * value as the bound (the LP's bound when the search ran out of time).
 */
function capsExactly(net: RotationNetwork): { probe: Probe; bound: number; proven: boolean } | null {
  const result = solveBundles(capBundles(net), { nodeLimit: 20000, deadline: performance.now() + CAPS_NODE_LIMIT_MS });
  if (!result?.flow) return null;
  const pr = assess(net, net.extract(result.flow));
  if (!pr.feasible) return null;
  const gap = result.proven ? 0 : Math.max(0, (result.cost - result.bound) / net.scale);
  return { probe: pr, bound: pr.relaxedValue + gap, proven: result.proven };
}

type Branch = { readonly kind: 'pin'; readonly staff: number; readonly day: number } | { readonly kind: 'regime'; readonly staff: number };

function branching(node: Node): Branch {
  const pr = node.branchOn!;
  if (pr.feasible) return { kind: 'regime', staff: pr.overvalued[0] };
  return { kind: 'pin', ...branchingPersonDay(node) };
}

function children(
  problem: Problem,
  node: Node,
  stability: StabilityTarget | undefined,
  incumbent: number,
  split?: SplitOptions,
): (Node | null)[] {
  const b = branching(node);
  if (b.kind === 'pin') {
    return [PIN_OFFICE, PIN_TELEWORK].map((mode) =>
      solveNode(
        problem,
        [...node.overlay, { staff: b.staff, day: b.day, mode: mode as typeof PIN_OFFICE }],
        node.regimes,
        stability,
        node.prices,
        incumbent,
        split,
      ),
    );
  }
  return [REGIME_AT_MOST_L, REGIME_MORE_THAN_L].map((regime) =>
    solveNode(
      problem,
      node.overlay,
      [...node.regimes, { staff: b.staff, regime: regime as typeof REGIME_AT_MOST_L }],
      stability,
      node.prices,
      incumbent,
      split,
    ),
  );
}

/** The person-day to branch on: the least valuable free telework day in the worst-violated cap. */
function branchingPersonDay(node: Node): { staff: number; day: number } {
  const pr = node.branchOn!;
  const side = node.net.sideConstraints;
  let worst = 0;
  side.forEach((c, j) => {
    if (pr.counts[j] - c.cap > pr.counts[worst] - side[worst].cap) worst = j;
  });
  const { prep } = node;
  const nd = prep.dayCount;
  let best = -1;
  for (const k of side[worst].personDays) {
    if (!prep.option[k] || !pr.sol.telework[k]) continue;
    if (best < 0 || prep.weight[k] < prep.weight[best]) best = k;
  }
  return { staff: Math.floor(best / nd), day: best % nd };
}

/** A feasible week near a violating one: pin the least valuable excess days to the office. */
function repair(problem: Problem, node: Node, stability?: StabilityTarget, split?: SplitOptions): Incumbent | null {
  let current: Node | null = node;
  for (let round = 0; current && current.branchOn && !current.branchOn.feasible && round < 20; round++) {
    const overlay: PinOverlay[] = [...current.overlay];
    const { prep, branchOn } = current;
    const nd = prep.dayCount;
    current.net.sideConstraints.forEach((c, j) => {
      const excess = branchOn.counts[j] - c.cap;
      if (excess <= 0) return;
      const days: number[] = [];
      for (const k of c.personDays) if (prep.option[k] && branchOn.sol.telework[k]) days.push(k);
      days.sort((a, b) => prep.weight[a] - prep.weight[b] || a - b);
      for (const k of days.slice(0, excess)) overlay.push({ staff: Math.floor(k / nd), day: k % nd, mode: PIN_OFFICE });
    });
    const next = solveNode(problem, overlay, current.regimes, stability, current.prices, -Infinity, split);
    if (next?.feasible) return next.feasible;
    current = next;
  }
  return null;
}

interface SearchResult {
  readonly best: Incumbent | null;
  /** The root's network (for the statistics). */
  readonly net: RotationNetwork;
  readonly status: RosterStatus;
  readonly bound: number;
  readonly explored: number;
}

/** Best-first branch and bound over pins; a single network solve when nothing needs enforcing. */
function search(
  problem: Problem,
  overlay: readonly PinOverlay[],
  stability: StabilityTarget | undefined,
  options: SolveOptions,
): SearchResult | null {
  const started = performance.now();
  const byPieces = searchByPieces(problem, overlay, stability, options, started);
  if (byPieces !== undefined) return byPieces;
  const root = solveNode(problem, overlay, [], stability, null, -Infinity, options.split);
  if (!root) return null;
  let best: Incumbent | null = root.feasible;
  if (!root.branchOn) return { best, net: root.net, status: 'optimal', bound: root.bound, explored: 1 };
  const repaired = repair(problem, root, stability, options.split);
  if (repaired && (!best || repaired.evaluation.objective > best.evaluation.objective)) best = repaired;
  const value = () => best?.evaluation.objective ?? -Infinity;
  let explored = 1;
  let status: RosterStatus = 'optimal';
  const nodeLimit = options.nodeLimit ?? 20000;
  const deadline = started + (options.timeLimitMs ?? 60000);
  // Open nodes ascending by bound; pop() takes the most promising.
  const open: Node[] = [root];
  while (open.length > 0) {
    const node = open.pop()!;
    if (node.bound <= value()) continue;
    if (explored >= nodeLimit || performance.now() > deadline) {
      open.push(node);
      status = 'feasible';
      break;
    }
    for (const child of children(problem, node, stability, value(), options.split)) {
      explored++;
      if (!child) continue;
      if (child.feasible && child.feasible.evaluation.objective > value()) best = child.feasible;
      if (child.branchOn && child.bound > value()) insertByBound(open, child);
    }
    if (explored % 50 === 0) options.onProgress?.(`branch and bound: ${explored} nodes, ${open.length} open`);
  }
  const openBound = open.reduce((m, n) => Math.max(m, n.bound), -Infinity);
  const bound = Math.max(value(), openBound);
  return { best, net: root.net, status: best ? status : 'feasible', bound, explored };
}

/** Share of the time limit the pieces may take before the whole network's search. */
const PIECES_SHARE = 0.3;

/**
 * The week solved whole; where terminal caps of linked divisions are broken, by pieces.
 *
 * The caps (side constraints) live in a few pieces of the network: divisions linked by shared
 * counters. With a price per licence-day (the whole network's duals), the pieces are separate
 * problems and each is solved exactly on its own small network (bundles.ts). Their optimal
 * costs, the rest of the network's cost at those prices and the licences' worth make a lower
 * bound on every week's cost (Lagrangian relaxation of the licences). The pieces' answers are
 * then fixed in the whole network, which re-solves (warm) so that the rest of the organisation
 * takes up whatever licences they freed or claimed: a week that meets every cap. When its cost
 * meets the bound it is proven optimal; otherwise the same branch and bound runs on the whole
 * network's LP, from that week. Undefined when this method does not apply: the caller's branch
 * and bound takes over.
 */
function searchByPieces(
  problem: Problem,
  overlay: readonly PinOverlay[],
  stability: StabilityTarget | undefined,
  options: SolveOptions,
  started: number,
): SearchResult | null | undefined {
  const prep = prepare(problem, overlay);
  if (!prep) return null;
  const net = new RotationNetwork(prep, { stability, split: options.split });
  const first = probe(net, null);
  if (first.unreachable) return undefined;
  if (first.feasible && first.overvalued.length === 0) {
    return { best: { prep, sol: first.sol, evaluation: first.evaluation }, net, status: 'optimal', bound: first.relaxedValue, explored: 1 };
  }
  // The network is exact only where every person's spread bonus is concave.
  for (let i = 0; i < prep.staffCount; i++) if (net.personNode[i] >= 0 && bonusNonConcave(prep, i)) return undefined;

  const flow = net.flow;
  let explored = 1;
  const limit = options.timeLimitMs ?? 60000;
  const deadline = started + limit;
  // In a small network, or when the capped pieces are most of the week, solving them apart saves
  // little and costs a second LP for the licences: the whole network's branch and bound at once.
  // Caps other than terminals (desks, licences mixed with office days, periods across weeks)
  // reach beyond one piece: the whole network's branch and bound.
  const local = (c: SideConstraint) => c.kind === 'terminals' || c.kind === 'period';
  const pieceable = net.sideConstraints.every(local) && !net.dayOffice.some((n) => n > 0);
  // Period caps cutting weeks are one row per person: many rows, each inside one piece, and the
  // LP's work per pivot grows with the square of its rows, so their pieces are solved apart.
  const periodRows = net.sideConstraints.some((c) => c.kind === 'period');
  const wholeShare = !pieceable ? 0 : periodRows ? 1 : (options.wholeShare ?? (flow.nodes < WHOLE_BELOW_NODES ? 0 : WHOLE_SHARE));
  if (wholeShare <= 0) return wholeSearch(net, prep, null, Infinity, -Infinity, explored, deadline, options);

  const nd = prep.dayCount;
  const dayNode = Array.from(net.licenceArc, (a) => flow.arcSource(a));
  const isHub = new Uint8Array(flow.nodes);
  isHub[net.source] = 1;
  isHub[net.sink] = 1;
  for (const u of dayNode) isHub[u] = 1;
  const hubArcs = [...net.licenceArc, net.returnArc];
  const side = net.sideConstraints;
  const { pieces, pieceOfSeed, arcPiece, localArc } = extractPieces(
    flow,
    isHub,
    hubArcs,
    side.map((c, j) => (c.kind === 'terminals' ? net.exitNode[c.division * nd + c.day] : flow.arcSource(net.sideArcs[j][0]))),
  );

  const ceiling = priceCeiling(net);
  let pieceArcs = 0;
  for (const piece of pieces) pieceArcs += piece.flow.arcs;
  if (pieceArcs > wholeShare * flow.arcs) return wholeSearch(net, prep, null, Infinity, -Infinity, explored, deadline, options);

  const bundles: Bundle[][] = pieces.map(() => []);
  const capped = new Set<number>();
  side.forEach((c, j) => {
    const arcs: number[] = [];
    c.personDays.forEach((k, n) => {
      const arc = net.sideArcs[j][n];
      if (arc < 0) return;
      arcs.push(localArc[arc]);
      capped.add(net.entryArc[k]);
    });
    bundles[pieceOfSeed[j]].push({ arcs: Int32Array.from(arcs), cap: c.cap });
  });
  const decisions: number[][] = pieces.map(() => []);
  for (const arc of net.entryArc) if (arc >= 0 && arcPiece[arc] >= 0) decisions[arcPiece[arc]].push(arc);
  const localDecisions = decisions.map((list) => Int32Array.from(list, (a) => localArc[a]));

  // Fixing a piece's entries in the whole network: a cost shift beyond anything the flow can gain.
  let fixes = 0;
  for (const list of decisions) fixes += list.length;
  const big = 2 * costSpan(flow, fixes + 1) + 1;
  if (big >= 2 ** 50) return undefined;
  const baseCost = decisions.map((list) => list.map((a) => flow.arcCost(a)));

  const licence = (d: number) => flow.arcCap(net.licenceArc[d]);
  // Licence prices from the whole network's potentials. They certify the rest of the network's
  // flow as optimal at those prices only when taken as they are (not clipped to [0, ceiling]).
  const duals = () => {
    let certified = true;
    const values = dayNode.map((u, d) => {
      const worth = flow.potential(net.sink) - flow.potential(u);
      if (licence(d) >= Number.MAX_SAFE_INTEGER) {
        if (worth > 0) certified = false;
        return 0;
      }
      if (worth > ceiling || (worth < 0 && flow.flow(net.licenceArc[d]) > 0)) certified = false;
      return Math.min(ceiling, Math.max(0, worth));
    });
    return { values, certified };
  };
  const { values: prices, certified } = duals();
  // The pieces get a share of the time; the whole network's branch and bound the rest.
  const piecesDeadline = started + limit * PIECES_SHARE;

  // The pieces at these prices, exactly (or, out of their time, their best answer and a bound).
  let piecesCost = 0;
  const answers: Uint8Array[] = [];
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p];
    for (let d = 0; d < nd; d++) piece.flow.setCost(piece.hubArcCopy[d], prices[d]);
    if (piece.flow.solve() !== 'optimal') return undefined;
    const result = solveBundles(
      { flow: piece.flow, bundles: bundles[p], decisions: localDecisions[p], ceiling },
      { nodeLimit: options.nodeLimit ?? 20000, deadline: Math.min(deadline, piecesDeadline) },
    );
    if (!result || !result.used) return undefined;
    explored += result.nodes;
    piecesCost += result.bound;
    answers.push(result.used);
  }
  // The rest of the network at the same prices: its part of the current whole flow is optimal
  // there (the prices are its duals), so its cost is read off the flow.
  let restCost = 0;
  const restUnits = Array.from(net.licenceArc, (a) => flow.flow(a));
  for (let e = 0; e < flow.arcs; e++) {
    if (arcPiece[e] >= 0) {
      const d = dayNode.indexOf(flow.arcTarget(e));
      if (d >= 0) restUnits[d] -= flow.flow(e);
      continue;
    }
    if (hubArcs.includes(e)) continue;
    restCost += flow.flow(e) * flow.arcCost(e);
  }
  let lower = -Infinity;
  if (certified) {
    lower = piecesCost + restCost;
    for (let d = 0; d < nd; d++) if (prices[d] > 0) lower += prices[d] * (restUnits[d] - licence(d));
  }

  // The pieces' answers in the whole network: only the capped days they left out are closed, so
  // whatever else the rest of the organisation makes of the licences, every cap holds.
  decisions.forEach((list, p) => list.forEach((a, k) => flow.setCost(a, baseCost[p][k] + (capped.has(a) && !answers[p][k] ? big : 0))));
  const check = probe(net, null);
  if (!check.feasible || check.overvalued.length > 0) return undefined;
  let shift = 0;
  decisions.forEach((list, p) => list.forEach((a, k) => (shift += flow.flow(a) * (flow.arcCost(a) - baseCost[p][k]))));
  const bestCost = flow.totalCost() - shift;
  const best: Incumbent = { prep, sol: check.sol, evaluation: check.evaluation };
  if (bestCost <= lower) return { best, net, status: 'optimal', bound: best.evaluation.objective, explored };
  options.onProgress?.(`pieces: gap ${bestCost - lower}`);
  decisions.forEach((list, p) => list.forEach((a, k) => flow.setCost(a, baseCost[p][k])));
  return wholeSearch(net, prep, best, bestCost, lower, explored, deadline, options);
}

/** Share of the network's arcs in capped pieces above which the pieces are not solved apart. */
const WHOLE_SHARE = 0.5;
/**
 * Networks smaller than this solve their caps whole, whatever the pieces' share. Measured on the
 * coupled family at 2,900 staff (2,800–3,100 nodes): the slowest weeks (30–134 caps) 20–30%
 * faster whole; weeks with a few caps 2–5 ms slower, far from the slowest.
 */
const WHOLE_BELOW_NODES = 4000;

/**
 * Branch and bound on the whole network's LP (network, licences and caps), from the best week so
 * far (`best`, worth `bestCost` in the network's costs; null and Infinity when there is none),
 * with a lower bound known already (`lower`).
 */
function wholeSearch(
  net: RotationNetwork,
  prep: Prepared,
  start: Incumbent | null,
  bestCost: number,
  lower: number,
  explored: number,
  deadline: number,
  options: SolveOptions,
): SearchResult | undefined {
  const K = net.scale;
  let best = start;
  const whole = solveBundles(capBundles(net), { nodeLimit: options.nodeLimit ?? 20000, deadline, incumbent: bestCost });
  if (!whole) return undefined;
  explored += whole.nodes;
  if (whole.used && whole.flow) {
    // The best flow is whole: the week is read off it.
    const check = assess(net, net.extract(whole.flow));
    if (!check.feasible || check.overvalued.length > 0) return undefined;
    best = { prep, sol: check.sol, evaluation: check.evaluation };
  }
  if (!best) return undefined;
  if (whole.proven) return { best, net, status: 'optimal', bound: best.evaluation.objective, explored };
  // Out of time: the best week, and how much better one could still be (costs are K per unit).
  const gap = (Math.min(whole.cost, bestCost) - Math.max(whole.bound, lower)) / K;
  return { best, net, status: 'feasible', bound: best.evaluation.objective + Math.max(0, gap), explored };
}

export function solve(original: Problem, options: SolveOptions = {}): Roster {
  const started = performance.now();
  // Weeks, periods and places (horizon.ts): several weeks are planned as person-weeks.
  const extended = isExtended(original);
  const problem = extended ? expand(original) : original;
  const rootPrep = prepare(problem);
  if (!rootPrep) throw new PinConflictError(`${problem.name}: the pins cannot all hold`);
  const stability = options.previous ? fromRoster(rootPrep, expandRoster(problem, options.previous)) : undefined;
  const result = search(problem, [], stability, options)!;
  // Without any feasible week found (search cut off early), everyone stays in the office.
  const best = result.best ?? officeOnly(problem, rootPrep, stability);
  const { prep, sol, evaluation } = best;
  const roster = toRoster(prep, sol, evaluation, result.status, {
    engine: 'network-simplex',
    millis: Math.round((performance.now() - started) * 1000) / 1000,
    requested: evaluation.requested,
    granted: evaluation.granted,
    bound: result.bound,
    branchNodes: result.explored,
    networkNodes: result.net.flow.nodes,
    networkArcs: result.net.flow.arcs,
    pivots: result.net.flow.pivots + result.net.partPivots,
    parts: result.net.partCount,
    warmStart: result.net.warmStarted,
    sideConstraints: result.net.sideConstraints.length,
  });
  return extended ? collapse(original, problem, roster) : roster;
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
  let lo = 0;
  let hi = open.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (open[mid].bound <= node.bound) lo = mid + 1;
    else hi = mid;
  }
  open.splice(lo, 0, node);
}

function officeOnly(problem: Problem, prep: Prepared, stability?: StabilityTarget): Incumbent {
  const overlay: PinOverlay[] = [];
  for (let k = 0; k < prep.option.length; k++) {
    if (prep.option[k]) overlay.push({ staff: Math.floor(k / prep.dayCount), day: k % prep.dayCount, mode: PIN_OFFICE });
  }
  return solveNode(problem, overlay, [], stability, null, -Infinity)!.feasible!;
}
