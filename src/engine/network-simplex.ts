/**
 * Minimum-cost circulation by the primal network simplex method.
 *
 * The engine's rotation model is a network (see network.ts), so its exact
 * optimum is a min-cost circulation. This implementation follows the classic
 * spanning-tree representation (parent, predecessor arc, preorder thread with
 * subtree sizes and last successors) with a block-search pivot rule, as in
 * LEMON's NetworkSimplex (Kovács, "Minimum-cost flow algorithms: an
 * experimental evaluation", 2015). All supplies are zero: flow that should
 * run from a source to a sink is closed by an explicit return arc.
 *
 * Costs and capacities must be integers below 2^53 in absolute value; the
 * algorithm then works in exact integer arithmetic on doubles.
 *
 * Warm starts: after `solve`, costs may be changed with `setCost` and `solve`
 * called again; the current basis stays primal feasible, so the re-solve
 * only pivots on what the change made attractive.
 */

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

export const INFINITE_CAPACITY = Number.MAX_SAFE_INTEGER;

export type FlowStatus = 'optimal' | 'unbounded';

export class NetworkSimplex {
  private readonly nodeCount: number;
  private arcCount = 0;
  private source: Int32Array;
  private target: Int32Array;
  private cap: Float64Array;
  private cost: Float64Array;
  private flowOf: Float64Array;
  private state: Int8Array;
  private initialised = false;
  private potentialsStale = false;

  // Spanning tree, over nodeCount real nodes plus the artificial root.
  private parent!: Int32Array;
  private pred!: Int32Array;
  private predDir!: Int8Array;
  private thread!: Int32Array;
  private revThread!: Int32Array;
  private succNum!: Int32Array;
  private lastSucc!: Int32Array;
  private pi!: Float64Array;
  private dirtyRevs!: Int32Array;

  // Pivot state.
  private inArc = 0;
  private join = 0;
  private uIn = 0;
  private vIn = 0;
  private uOut = 0;
  private delta = 0;
  private nextArc = 0;
  private blockSize = 1;
  private pivotCount = 0;

  constructor(nodeCount: number, arcCapacityHint = 16) {
    this.nodeCount = nodeCount;
    const n = Math.max(arcCapacityHint, 16);
    this.source = new Int32Array(n);
    this.target = new Int32Array(n);
    this.cap = new Float64Array(n);
    this.cost = new Float64Array(n);
    this.flowOf = new Float64Array(n);
    this.state = new Int8Array(n);
  }

  get nodes(): number {
    return this.nodeCount;
  }

  get arcs(): number {
    return this.arcCount;
  }

  get pivots(): number {
    return this.pivotCount;
  }

  /** Adds an arc with flow bounds [0, cap] and unit cost; returns its index. */
  addArc(from: number, to: number, cap: number, cost: number): number {
    if (this.initialised) throw new Error('NetworkSimplex: arcs must be added before the first solve');
    if (from < 0 || from >= this.nodeCount || to < 0 || to >= this.nodeCount) {
      throw new Error(`NetworkSimplex: arc ${from}->${to} outside 0..${this.nodeCount - 1}`);
    }
    if (this.arcCount === this.source.length) this.grow();
    const e = this.arcCount++;
    this.source[e] = from;
    this.target[e] = to;
    this.cap[e] = Math.min(cap, INFINITE_CAPACITY);
    this.cost[e] = cost;
    return e;
  }

  flow(arc: number): number {
    return this.flowOf[arc];
  }

  arcCost(arc: number): number {
    return this.cost[arc];
  }

  arcCap(arc: number): number {
    return this.cap[arc];
  }

  arcSource(arc: number): number {
    return this.source[arc];
  }

  arcTarget(arc: number): number {
    return this.target[arc];
  }

  /**
   * Node potential π with reduced cost c(u,v) + π(u) − π(v) ≥ 0 on every residual arc at optimum
   * (the tree's, under the current costs). Only differences mean anything; node `nodes` is the
   * artificial root.
   */
  potential(node: number): number {
    if (this.potentialsStale) {
      this.recomputePotentials();
      this.potentialsStale = false;
    }
    return this.pi[node];
  }

  /** Changes an arc's cost; call `solve` again to re-optimise from the current basis. */
  setCost(arc: number, cost: number): void {
    this.cost[arc] = cost;
    // Potentials follow the tree arcs' costs only; a non-tree arc's new cost shows in pricing.
    if (this.initialised && this.state[arc] === STATE_TREE) this.potentialsStale = true;
  }

  /** Total cost Σ cost·flow over the real arcs. */
  totalCost(): number {
    let s = 0;
    for (let e = 0; e < this.arcCount; e++) s += this.cost[e] * this.flowOf[e];
    return s;
  }

  solve(): FlowStatus {
    if (!this.initialised) this.init();
    else if (this.potentialsStale) this.recomputePotentials();
    this.potentialsStale = false;
    const blockSize = this.blockSize;
    const searchArcs = this.arcCount;
    const { state, cost, source, target } = this;
    const pi = this.pi;
    for (;;) {
      // Block search: scan arcs in blocks, take the most negative reduced cost of the first
      // block that has one.
      // (Each block is one or two plain ranges, so the inner loop is only the reduced cost.)
      let min = 0;
      let found = -1;
      let e = this.nextArc;
      let scanned = 0;
      while (scanned < searchArcs) {
        let left = Math.min(blockSize, searchArcs - scanned);
        scanned += left;
        while (left > 0) {
          const stop = Math.min(e + left, searchArcs);
          for (let a = e; a < stop; a++) {
            const c = state[a] * (cost[a] + pi[source[a]] - pi[target[a]]);
            if (c < min) {
              min = c;
              found = a;
            }
          }
          left -= stop - e;
          e = stop === searchArcs ? 0 : stop;
        }
        if (found >= 0) break;
      }
      if (found < 0) return 'optimal';
      this.nextArc = e;
      this.inArc = found;
      this.findJoinNode();
      const change = this.findLeavingArc();
      if (this.delta >= INFINITE_CAPACITY) return 'unbounded';
      this.changeFlow(change);
      if (change) {
        this.updateTreeStructure();
        this.updatePotential();
      }
      this.pivotCount++;
    }
  }

  private grow(): void {
    const n = this.source.length * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    const g64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.source = g32(this.source);
    this.target = g32(this.target);
    this.cap = g64(this.cap);
    this.cost = g64(this.cost);
    this.flowOf = g64(this.flowOf);
    const s = new Int8Array(n);
    s.set(this.state);
    this.state = s;
  }

  /** Room for the artificial arcs (one per node, to the root) and the tree arrays. */
  private allocate(): void {
    this.initialised = true;
    const n = this.nodeCount;
    const m = this.arcCount;
    const all = m + n;
    const fit32 = (a: Int32Array) => {
      const b = new Int32Array(all);
      b.set(a.subarray(0, Math.min(a.length, all)));
      return b;
    };
    const fit64 = (a: Float64Array) => {
      const b = new Float64Array(all);
      b.set(a.subarray(0, Math.min(a.length, all)));
      return b;
    };
    this.source = fit32(this.source);
    this.target = fit32(this.target);
    this.cap = fit64(this.cap);
    this.cost = fit64(this.cost);
    this.flowOf = fit64(this.flowOf);
    const st = new Int8Array(all);
    st.set(this.state.subarray(0, Math.min(this.state.length, all)));
    this.state = st;
    const root = n;
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.predDir = new Int8Array(n + 1);
    this.thread = new Int32Array(n + 1);
    this.revThread = new Int32Array(n + 1);
    this.succNum = new Int32Array(n + 1);
    this.lastSucc = new Int32Array(n + 1);
    this.pi = new Float64Array(n + 1);
    this.dirtyRevs = new Int32Array(n + 1);
    for (let u = 0, e = m; u < n; u++, e++) {
      this.source[e] = u;
      this.target[e] = root;
      this.cap[e] = INFINITE_CAPACITY;
      this.cost[e] = 0;
      this.flowOf[e] = 0;
      this.state[e] = STATE_LOWER;
    }
    this.parent[root] = -1;
    this.pred[root] = -1;
    this.pi[root] = 0;
    this.blockSize = Math.max(Math.ceil(Math.sqrt(m)), 10);
    this.nextArc = 0;
  }

  /** Artificial root with one zero-cost arc from every node; all real arcs at their lower bound. */
  private init(): void {
    this.allocate();
    const n = this.nodeCount;
    const m = this.arcCount;
    for (let e = 0; e < m; e++) {
      this.state[e] = STATE_LOWER;
      this.flowOf[e] = 0;
    }
    const root = n;
    this.thread[root] = 0;
    this.revThread[0] = root;
    this.succNum[root] = n + 1;
    this.lastSucc[root] = root - 1;
    for (let u = 0, e = m; u < n; u++, e++) {
      this.parent[u] = root;
      this.pred[u] = e;
      this.thread[u] = u + 1;
      this.revThread[u + 1] = u;
      this.succNum[u] = 1;
      this.lastSucc[u] = u;
      this.state[e] = STATE_TREE;
      this.predDir[u] = DIR_UP;
      this.pi[u] = 0;
    }
  }

  /**
   * Warm start from a feasible circulation and a suggested basis, instead of the all-artificial
   * one: the first `solve` then only pivots on what the suggestion got wrong.
   *
   * `suggested` lists tree arcs in order of preference: an arc id, or `rootArc(u)` to hang node
   * u from the root. Arcs with flow strictly between their bounds always join the tree; the
   * suggestions follow where they close no cycle, and nodes still loose hang from the root.
   * Returns false, leaving the solver to start cold, when the flow breaks a bound or
   * conservation, when flows strictly inside their bounds form a cycle, or when the tree is not
   * strongly feasible (the property that keeps the pivot rule from cycling).
   * `potential`, when given, is the potential each node hung from the root starts with (the
   * rest follow along the tree): good potentials spare the pivots that only mend the duals.
   */
  startFrom(flow: ArrayLike<number>, suggested: ArrayLike<number>, potential?: ArrayLike<number>): boolean {
    if (this.initialised) throw new Error('NetworkSimplex: startFrom must come before the first solve');
    return this.rebase(flow, suggested, potential, false);
  }

  /**
   * A first basis with the duals of shortest paths: every node hangs, by the arc that starts its
   * cheapest path to `sink`, from the next node on that path (the arcs out of `sink` are left
   * out), so the potentials are the paths' costs and the flow is 0. The all-artificial start
   * spends about one degenerate pivot per node building such a tree; from here the simplex only
   * pushes flow. False (the solver then starts cold) when the arcs have a negative cycle without
   * `sink`, or after a first solve.
   */
  startFromPaths(sink: number): boolean {
    if (this.initialised) return false;
    const n = this.nodeCount;
    const m = this.arcCount;
    const { start, list } = arcsByNode(n, m, [this.target]);
    const dist = new Float64Array(n).fill(Infinity);
    const via = new Int32Array(n).fill(-1);
    const queued = new Uint8Array(n);
    const relaxed = new Int32Array(n);
    const queue = new Int32Array(n);
    let head = 0;
    let size = 1;
    dist[sink] = 0;
    queue[0] = sink;
    queued[sink] = 1;
    // Label correcting (Bellman–Ford with a queue), backwards along arcs that can carry a unit.
    while (size > 0) {
      const v = queue[head];
      head = head + 1 === n ? 0 : head + 1;
      size--;
      queued[v] = 0;
      for (let k = start[v]; k < start[v + 1]; k++) {
        const e = list[k];
        const u = this.source[e];
        if (u === sink || u === v || this.cap[e] <= 0) continue;
        const d = dist[v] + this.cost[e];
        if (d >= dist[u]) continue;
        dist[u] = d;
        via[u] = e;
        // A node relaxed n times lies on a negative cycle.
        if (++relaxed[u] > n) return false;
        if (!queued[u]) {
          queued[u] = 1;
          queue[(head + size) % n] = u;
          size++;
        }
      }
    }
    const suggested = new Int32Array(n);
    for (let u = 0; u < n; u++) suggested[u] = via[u] >= 0 ? via[u] : this.rootArc(u);
    return this.rebase(new Float64Array(m), suggested, undefined, false);
  }

  /**
   * Takes artificial arcs out of the tree where a real arc can replace one at no flow change:
   * for each node hung from the root, the incident real arc (not in `skip`) of least reduced
   * cost whose cycle is blocked by an artificial arc enters by a degenerate pivot. Then the
   * simplex re-optimises (the entering arcs may have had a reduced cost). An optimum reached
   * from the all-artificial start keeps many nodes on the root; a side-constrained LP started
   * from that tree (side-simplex.ts) pays a costly degenerate pivot for each of them.
   */
  purgeArtificial(skip?: Uint8Array): FlowStatus {
    if (!this.initialised) return this.solve();
    if (this.potentialsStale) {
      this.recomputePotentials();
      this.potentialsStale = false;
    }
    const n = this.nodeCount;
    const m = this.arcCount;
    const root = n;
    const { source, target, state, cost, pi, pred, parent } = this;
    const { start, list: incident } = arcsByNode(n, m, [source, target]);
    for (let u = 0; u < n; u++) {
      if (pred[u] < m || parent[u] !== root) continue;
      let best = -1;
      let bestCost = Infinity;
      for (let k = start[u]; k < start[u + 1]; k++) {
        const e = incident[k];
        if (state[e] === STATE_TREE || (skip && skip[e])) continue;
        const rc = Math.abs(cost[e] + pi[source[e]] - pi[target[e]]);
        if (rc >= bestCost) continue;
        this.inArc = e;
        this.findJoinNode();
        if (this.join !== root) continue;
        const change = this.findLeavingArc();
        if (!change || this.delta !== 0 || this.pred[this.uOut] < m) continue;
        best = e;
        bestCost = rc;
      }
      if (best < 0) continue;
      this.inArc = best;
      this.findJoinNode();
      this.findLeavingArc();
      this.changeFlow(true);
      this.updateTreeStructure();
      this.updatePotential();
    }
    return this.solve();
  }

  /**
   * Empties arcs without pivots: for each unit an arc carries, a cycle of the flow through it
   * (found along arcs with flow) gives up that unit, and the tree is rebuilt around the new flow
   * (the old tree arcs kept where they can be, the emptied arcs left out, the other nodes hung
   * from the root with their potentials). A warm `solve` then re-optimises from there.
   *
   * Raising an arc's cost until the simplex empties it gives the same flow only after many
   * degenerate pivots: a costly arc that enters the tree at its bound shifts the potentials of a
   * whole subtree by that cost, and every arc into that subtree then looks worth a pivot. On a
   * large week that was 170,000 of 180,000 pivots.
   *
   * False, with nothing changed, when the flows left strictly inside their bounds would close a
   * cycle (the flow is then not a basic one; the caller falls back to costs and pivots).
   */
  drain(arcs: ArrayLike<number>): boolean {
    if (!this.initialised) throw new Error('NetworkSimplex: drain needs a solved network');
    const n = this.nodeCount;
    const m = this.arcCount;
    const flow = this.flowOf.slice(0, m);
    const { start: outStart, list: outArc } = arcsByNode(n, m, [this.source], flow);
    const { start: inStart, list: inArc } = arcsByNode(n, m, [this.target], flow);

    const seen = new Int32Array(n);
    const into = new Int32Array(n).fill(-1);
    const closing = new Int32Array(n);
    const via = new Int32Array(n);
    const stack = new Int32Array(n);
    const emptied = new Uint8Array(m);
    let stamp = 0;
    for (let k = 0; k < arcs.length; k++) {
      const a = arcs[k];
      emptied[a] = 1;
      // A loop is its own cycle.
      if (this.source[a] === this.target[a]) flow[a] = 0;
      while (flow[a] > 0) {
        stamp++;
        const u = this.source[a];
        const v = this.target[a];
        // Nodes with a unit into u: reaching one closes the cycle.
        for (let i = inStart[u]; i < inStart[u + 1]; i++) {
          const e = inArc[i];
          if (e !== a && flow[e] > 0) {
            into[this.source[e]] = stamp;
            closing[this.source[e]] = e;
          }
        }
        // Depth-first from v along arcs with flow, until a node with a unit into u.
        let top = 0;
        let end = -1;
        seen[v] = stamp;
        if (into[v] === stamp) end = v;
        else stack[top++] = v;
        while (top > 0 && end < 0) {
          const w = stack[--top];
          for (let i = outStart[w]; i < outStart[w + 1]; i++) {
            const e = outArc[i];
            const x = this.target[e];
            if (flow[e] <= 0 || seen[x] === stamp || e === a) continue;
            seen[x] = stamp;
            via[x] = e;
            if (into[x] === stamp) {
              end = x;
              break;
            }
            stack[top++] = x;
          }
        }
        // A circulation always has such a cycle; without one the flow was not a circulation.
        if (end < 0) return false;
        let delta = Math.min(flow[a], flow[closing[end]]);
        for (let x = end; x !== v; x = this.source[via[x]]) delta = Math.min(delta, flow[via[x]]);
        flow[a] -= delta;
        flow[closing[end]] -= delta;
        for (let x = end; x !== v; x = this.source[via[x]]) flow[via[x]] -= delta;
      }
    }
    const root = n;
    const potential = new Float64Array(n);
    for (let u = 0; u < n; u++) potential[u] = this.pi[u] - this.pi[root];
    // The old tree, with a node whose tree arc was emptied hanging from the root in its place:
    // the rest of the tree keeps its orientation, so few arcs turn against their flow.
    const suggested = new Int32Array(n);
    for (let u = 0; u < n; u++) {
      const e = this.pred[u];
      suggested[u] = e < m && !emptied[e] ? e : this.rootArc(u);
    }
    return this.rebase(flow, suggested, potential, true);
  }

  /**
   * A basis for a given circulation (see `startFrom`). With `hang`, a node whose tree arc would
   * break strong feasibility hangs from the root instead (its arc is at a bound, so it may leave
   * the tree); without, the basis is refused. Nothing changes when false is returned.
   */
  private rebase(flow: ArrayLike<number>, suggested: ArrayLike<number>, potential: ArrayLike<number> | undefined, hang: boolean): boolean {
    const n = this.nodeCount;
    const m = this.arcCount;
    const root = n;
    const balance = new Float64Array(n);
    for (let e = 0; e < m; e++) {
      const f = flow[e];
      if (!(f >= 0 && f <= this.cap[e]) || !Number.isInteger(f)) return false;
      balance[this.source[e]] -= f;
      balance[this.target[e]] += f;
    }
    for (let u = 0; u < n; u++) if (balance[u] !== 0) return false;

    // Spanning tree by union-find: free arcs first (they must be basic), then the suggestions.
    const uf = new Int32Array(n + 1);
    for (let u = 0; u <= n; u++) uf[u] = u;
    const find = (u: number): number => {
      while (uf[u] !== u) {
        uf[u] = uf[uf[u]];
        u = uf[u];
      }
      return u;
    };
    const chosen = new Int32Array(n);
    let size = 0;
    const join = (a: number): boolean => {
      const ru = find(a < 0 ? -1 - a : this.source[a]);
      const rv = find(a < 0 ? root : this.target[a]);
      if (ru === rv) return false;
      uf[ru] = rv;
      chosen[size++] = a;
      return true;
    };
    for (let e = 0; e < m; e++) {
      if (flow[e] > 0 && flow[e] < this.cap[e] && !join(e)) return false;
    }
    for (let k = 0; k < suggested.length && size < n; k++) join(suggested[k]);
    for (let u = 0; u < n && size < n; u++) join(this.rootArc(u));

    const wasInitialised = this.initialised;
    if (wasInitialised) {
      // The arrays are in place: only the artificial arcs start afresh.
      for (let e = m; e < m + n; e++) {
        this.cost[e] = 0;
        this.flowOf[e] = 0;
        this.state[e] = STATE_LOWER;
      }
    } else this.allocate();
    for (let e = 0; e < m; e++) {
      this.flowOf[e] = flow[e];
      this.state[e] = flow[e] === 0 ? STATE_LOWER : STATE_UPPER;
    }
    if (!this.orient(chosen, hang)) {
      this.initialised = wasInitialised && hang;
      return false;
    }
    const { pred } = this;
    for (let u = 0; u < n; u++) {
      const e = pred[u];
      this.state[e] = STATE_TREE;
      if (potential && e >= m) this.cost[e] = -potential[u];
    }
    this.recomputePotentials();
    this.potentialsStale = false;
    return true;
  }

  /**
   * Parents, tree arcs, preorder thread, subtree sizes and last successors of a spanning tree,
   * which must be strongly feasible: a unit can always move from a node up to the root along
   * it. A node whose arc would block that hangs from the root instead when `hang` (the arc is at
   * a bound, so it may leave the tree); without `hang` the tree is refused.
   */
  private orient(chosen: Int32Array, hang: boolean): boolean {
    const n = this.nodeCount;
    const m = this.arcCount;
    const root = n;
    const { source, target } = this;
    const degree = new Int32Array(n + 2);
    for (let k = 0; k < chosen.length; k++) {
      const a = chosen[k];
      degree[(a < 0 ? -1 - a : source[a]) + 1]++;
      degree[(a < 0 ? root : target[a]) + 1]++;
    }
    for (let u = 0; u <= n; u++) degree[u + 1] += degree[u];
    const start = degree.slice(0, n + 1);
    const adjacent = new Int32Array(2 * n);
    for (let k = 0; k < chosen.length; k++) {
      const a = chosen[k];
      adjacent[start[a < 0 ? -1 - a : source[a]]++] = a;
      adjacent[start[a < 0 ? root : target[a]]++] = a;
    }
    const { parent, pred, predDir, thread, revThread, succNum, lastSucc, flowOf, cap } = this;
    const order = new Int32Array(n + 1);
    const stack = new Int32Array(n + 1);
    const seen = new Uint8Array(n + 1);
    const deferred: number[] = [];
    let top = 0;
    let count = 0;
    stack[top++] = root;
    seen[root] = 1;
    parent[root] = -1;
    while (top > 0 || deferred.length > 0) {
      if (top === 0) {
        const v = deferred.pop()!;
        parent[v] = root;
        pred[v] = m + v;
        predDir[v] = DIR_UP;
        stack[top++] = v;
      }
      const u = stack[--top];
      order[count++] = u;
      for (let k = degree[u]; k < degree[u + 1]; k++) {
        const a = adjacent[k];
        const x = a < 0 ? -1 - a : source[a];
        const y = a < 0 ? root : target[a];
        const v = x === u ? y : x;
        if (seen[v]) continue;
        seen[v] = 1;
        const up = x === v;
        if (a >= 0 && (up ? flowOf[a] >= cap[a] : flowOf[a] <= 0)) {
          if (!hang) return false;
          deferred.push(v);
          continue;
        }
        parent[v] = u;
        pred[v] = a < 0 ? m + (-1 - a) : a;
        predDir[v] = up ? DIR_UP : DIR_DOWN;
        stack[top++] = v;
      }
    }
    if (count !== n + 1) return false;
    for (let k = 0; k <= n; k++) {
      const u = order[k];
      const next = order[(k + 1) % (n + 1)];
      thread[u] = next;
      revThread[next] = u;
      succNum[u] = 1;
      lastSucc[u] = u;
    }
    for (let k = n; k > 0; k--) succNum[parent[order[k]]] += succNum[order[k]];
    for (let k = 0; k <= n; k++) lastSucc[order[k]] = order[k + succNum[order[k]] - 1];
    return true;
  }

  /** The id `startFrom` reads as "hang node u from the root". */
  rootArc(u: number): number {
    return -1 - u;
  }

  /** Basic arc joining a node to its parent after a solve: an arc id, or -1 for the root. */
  treeArc(u: number): number {
    const e = this.pred[u];
    return e >= this.arcCount ? -1 : e;
  }

  /** Makes an arc unusable; its flow must be 0. */
  closeArc(arc: number): void {
    if (this.flowOf[arc] !== 0) throw new Error('NetworkSimplex: only an arc without flow can be closed');
    this.cap[arc] = 0;
    if (this.state[arc] === STATE_UPPER) this.state[arc] = STATE_LOWER;
  }

  /** Potentials from the tree after cost changes: reduced cost 0 on every tree arc. */
  private recomputePotentials(): void {
    const root = this.nodeCount;
    this.pi[root] = 0;
    for (let u = this.thread[root]; u !== root; u = this.thread[u]) {
      const e = this.pred[u];
      // Tree arc e joins u and its parent; c + π(source) − π(target) = 0.
      this.pi[u] = this.predDir[u] === DIR_UP ? this.pi[this.parent[u]] - this.cost[e] : this.pi[this.parent[u]] + this.cost[e];
    }
  }

  private findJoinNode(): void {
    let u = this.source[this.inArc];
    let v = this.target[this.inArc];
    const { succNum, parent } = this;
    while (u !== v) {
      if (succNum[u] < succNum[v]) u = parent[u];
      else v = parent[v];
    }
    this.join = u;
  }

  /** Finds the blocking arc on the cycle; false when the entering arc itself blocks. */
  private findLeavingArc(): boolean {
    const inArc = this.inArc;
    let first: number;
    let second: number;
    if (this.state[inArc] === STATE_LOWER) {
      first = this.source[inArc];
      second = this.target[inArc];
    } else {
      first = this.target[inArc];
      second = this.source[inArc];
    }
    const { parent, pred, predDir, flowOf, cap } = this;
    const join = this.join;
    let delta = cap[inArc];
    let result = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      let d = flowOf[e];
      if (predDir[u] === DIR_DOWN) d = cap[e] >= INFINITE_CAPACITY ? INFINITE_CAPACITY : cap[e] - d;
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      let d = flowOf[e];
      if (predDir[u] === DIR_UP) d = cap[e] >= INFINITE_CAPACITY ? INFINITE_CAPACITY : cap[e] - d;
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    if (result === 1) {
      this.uIn = first;
      this.vIn = second;
    } else {
      this.uIn = second;
      this.vIn = first;
    }
    this.delta = delta;
    return result !== 0;
  }

  private changeFlow(change: boolean): void {
    const inArc = this.inArc;
    const { parent, pred, predDir, flowOf } = this;
    const join = this.join;
    if (this.delta > 0) {
      const val = this.state[inArc] * this.delta;
      flowOf[inArc] += val;
      for (let u = this.source[inArc]; u !== join; u = parent[u]) flowOf[pred[u]] -= predDir[u] * val;
      for (let u = this.target[inArc]; u !== join; u = parent[u]) flowOf[pred[u]] += predDir[u] * val;
    }
    if (change) {
      this.state[inArc] = STATE_TREE;
      const out = pred[this.uOut];
      this.state[out] = flowOf[out] === 0 ? STATE_LOWER : STATE_UPPER;
    } else {
      this.state[inArc] = -this.state[inArc];
    }
  }

  /** Re-hangs the subtree cut off by the leaving arc below the entering arc. */
  private updateTreeStructure(): void {
    const { parent, pred, predDir, thread, revThread, succNum, lastSucc } = this;
    const uIn = this.uIn;
    const vIn = this.vIn;
    const uOut = this.uOut;
    const join = this.join;
    const inArc = this.inArc;
    const oldRevThread = revThread[uOut];
    const oldSuccNum = succNum[uOut];
    const oldLastSucc = lastSucc[uOut];
    const vOut = parent[uOut];

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc];
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn];
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      // When the node before u_out in the thread is v_in, join and v_out coincide.
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];
      // Walk the stem from u_in up to u_out, reversing it under v_in.
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn];
      let after = thread[last];
      thread[vIn] = uIn;
      let dirty = 0;
      this.dirtyRevs[dirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem];
        thread[last] = nextStem;
        this.dirtyRevs[dirty++] = last;
        const before = revThread[stem];
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
        after = thread[last];
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirty; i++) {
        const u = this.dirtyRevs[i];
        revThread[thread[u]] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut];
      for (let u = uOut, p = parent[u]; u !== uIn; u = p, p = parent[u]) {
        pred[u] = pred[p];
        predDir[u] = -predDir[p];
        tmpSc += succNum[u] - succNum[p];
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut];
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u]) succNum[u] += oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]) succNum[u] -= oldSuccNum;
  }

  /**
   * Restores reduced cost 0 on the entering arc: the re-hung subtree's potentials move by σ, or,
   * when that subtree holds most of the tree, every other node's by −σ (only differences of
   * potentials mean anything, so both give the same reduced costs, and the smaller side is less
   * work: on a large week the hubs carry subtrees of nearly every node).
   */
  private updatePotential(): void {
    const { pi, thread } = this;
    const uIn = this.uIn;
    const sigma = pi[this.vIn] - pi[uIn] - this.predDir[uIn] * this.cost[this.inArc];
    const end = thread[this.lastSucc[uIn]];
    if (2 * this.succNum[uIn] <= this.nodeCount + 1) {
      for (let u = uIn; u !== end; u = thread[u]) pi[u] += sigma;
    } else {
      for (let u = end; u !== uIn; u = thread[u]) pi[u] -= sigma;
    }
  }
}

/**
 * Arcs 0..m−1 grouped by their end in each of `ends` (compressed rows: u's are
 * `list[start[u]..start[u+1])`); with `flow`, only the arcs that carry some.
 */
function arcsByNode(n: number, m: number, ends: readonly Int32Array[], flow?: Float64Array): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(n + 1);
  for (const end of ends) {
    for (let e = 0; e < m; e++) if (!flow || flow[e] > 0) start[end[e] + 1]++;
  }
  for (let u = 0; u < n; u++) start[u + 1] += start[u];
  const list = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  for (const end of ends) {
    for (let e = 0; e < m; e++) if (!flow || flow[e] > 0) list[fill[end[e]]++] = e;
  }
  return { start, list };
}
