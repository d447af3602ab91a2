/**
 * The linear programme of a min-cost circulation with side constraints, by
 * the primal simplex method with basis partitioning.
 *
 * A basis of a network with k side rows is a spanning tree plus k "key"
 * columns (non-tree arcs, or the rows' slack columns). Everything the simplex
 * needs comes from the tree and a k × k working basis W, whose column for a
 * key is the side-row count of its fundamental cycle (Kennington and Helgason,
 * "Algorithms for Network Programming", 1980, ch. 7; Barr, Farhangian and
 * Kennington, "Networks with side constraints: an LU factorization update",
 * 1986). Here W⁻¹ is kept dense and updated by rank-one formulas at each
 * pivot, and formed again from the tree every few dozen pivots. The rows'
 * duals are prices per unit of a row, so the potentials are those of the
 * tree under prices, as in the Lagrangian view (bundles.ts).
 *
 * Rows are ≤ constraints on disjoint sets of arcs, each arc counted once.
 * The start is any basic circulation of the network alone (a network
 * simplex's answer); rows it breaks get an excess column with a cost above
 * every row's price (`penalty`), which the simplex then drives out.
 *
 * Arithmetic is in doubles: W⁻¹ has fractions. `bound()` therefore gives the
 * value of the LP dual at the prices found, a lower bound that holds for any
 * prices ≥ 0 and any potentials, so a proof never rests on the simplex having
 * converged exactly.
 */

const TREE = 0;
const KEY = 1;
const LOWER = 2;
const UPPER = 3;
/** The slack and excess columns of rows not yet added. */
const INACTIVE = 4;

/** Reduced costs and flow changes below this are zero. */
const EPS = 1e-9;
/** Rank-one updates of W⁻¹ between refactorisations (at least; 2k for k rows, so that the k³ of one stays O(k²) a pivot). */
const REFACTOR_EVERY = 100;
/** Degenerate pivots in a row before the pivot rule turns to Bland's (no cycling). */
const DEGENERATE_RUN = 60;

export interface SideRow {
  /** Arcs counted by the row, each with coefficient 1; no arc is in two rows. */
  readonly arcs: ArrayLike<number>;
  readonly cap: number;
}

export interface SideNetwork {
  readonly nodes: number;
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** Upper bounds (lower bounds are 0); Infinity for none. */
  readonly cap: Float64Array;
  readonly cost: Float64Array;
  readonly rows: readonly SideRow[];
  /** Cost per unit of a row's excess over its cap: above any price a row can have. */
  readonly penalty: number;
  /** Most rows the LP may have, `rows` and those added later (default: `rows` alone). */
  readonly capacity?: number;
}

export type SideStatus = 'optimal' | 'unbounded' | 'limit';

export class SideSimplex {
  private readonly n: number;
  private readonly m: number;
  /** Rows so far (addRows appends), and how many there may be. */
  private k = 0;
  private readonly S: number;
  private readonly penalty: number;
  private readonly root: number;
  /** Columns: arcs 0..m−1, artificial m+u (node u to the root, fixed at 0), slack m+n+2i, excess m+n+2i+1. */
  private readonly cols: number;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly upper: Float64Array;
  private readonly cost: Float64Array;
  private readonly row: Int32Array;
  private readonly coef: Int8Array;
  private readonly x: Float64Array;
  private readonly state: Int8Array;
  private readonly caps: Float64Array;

  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  private readonly dir: Int8Array;
  private readonly pi: Float64Array;
  private readonly firstChild: Int32Array;
  /** The rows' arcs. */
  private readonly rowArcs: Int32Array[];
  private readonly nextSibling: Int32Array;
  private readonly prevSibling: Int32Array;
  private readonly stack: Int32Array;
  private readonly mark: Int32Array;
  private markStamp = 1;

  private readonly keyCol: Int32Array;
  private readonly slotOf: Int32Array;
  /** W⁻¹, row-major: row = key slot, column = side row. */
  private readonly winv: Float64Array;
  private readonly lambda: Float64Array;
  private updates = 0;
  private dualsStale = false;
  private pivotCount = 0;
  private nextCol = 0;
  private readonly block: number;

  // Scratch.
  private readonly delta: Float64Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly g: Float64Array;
  private readonly y: Float64Array;
  private readonly nz: Int32Array;
  private readonly r: Float64Array;
  private readonly acc: Float64Array;
  private readonly rowS: Float64Array;
  private readonly alpha: Float64Array;
  private readonly aux: Float64Array;
  private readonly aux2: Float64Array;
  private readonly path: Int32Array;
  /** [W | I] for refactor(), grown with the rows. */
  private work = new Float64Array(0);

  /**
   * `start.potential`, when given, is the potential of each node the start hangs from the root
   * (a network simplex's): the artificial column then costs what keeps it, so the duals start
   * where the network's were instead of at 0 (an artificial column carries nothing, whatever
   * its cost).
   */
  constructor(network: SideNetwork, start: { flow: ArrayLike<number>; treeArc: (u: number) => number; potential?: (u: number) => number }) {
    const n = network.nodes;
    const m = network.from.length;
    const S = Math.max(network.rows.length, network.capacity ?? 0);
    this.n = n;
    this.m = m;
    this.S = S;
    this.root = n;
    const cols = m + n + 2 * S;
    this.cols = cols;
    this.from = new Int32Array(cols);
    this.to = new Int32Array(cols);
    this.upper = new Float64Array(cols);
    this.cost = new Float64Array(cols);
    this.row = new Int32Array(cols).fill(-1);
    this.coef = new Int8Array(cols);
    this.x = new Float64Array(cols);
    this.state = new Int8Array(cols);
    this.caps = new Float64Array(S);
    for (let e = 0; e < m; e++) {
      this.from[e] = network.from[e];
      this.to[e] = network.to[e];
      this.upper[e] = network.cap[e];
      this.cost[e] = network.cost[e];
      const f = start.flow[e];
      this.x[e] = f;
      this.state[e] = f > 0 && f >= network.cap[e] ? UPPER : LOWER;
    }
    for (let u = 0; u < n; u++) {
      const c = m + u;
      this.from[c] = u;
      this.to[c] = n;
      this.state[c] = LOWER;
    }
    this.rowArcs = [];
    this.keyCol = new Int32Array(S);
    this.slotOf = new Int32Array(cols).fill(-1);
    this.winv = new Float64Array(S * S);
    this.lambda = new Float64Array(S);
    this.penalty = network.penalty;
    for (let c = m + n; c < cols; c++) this.state[c] = INACTIVE;
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.dir = new Int8Array(n + 1);
    this.parent[n] = -1;
    this.pred[n] = -1;
    // The start's tree; a node without a tree arc hangs from the root by its artificial column.
    const adjacentTree: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let u = 0; u < n; u++) {
      const a = start.treeArc(u);
      const col = a < 0 ? m + u : a;
      if (a < 0 && start.potential) this.cost[col] = -start.potential(u);
      this.state[col] = TREE;
      adjacentTree[this.from[col]].push(col);
      adjacentTree[this.to[col]].push(col);
    }
    const seen = new Uint8Array(n + 1);
    seen[n] = 1;
    const stack = [n];
    let reached = 1;
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (const col of adjacentTree[u]) {
        const w = this.from[col] === u ? this.to[col] : this.from[col];
        if (seen[w]) continue;
        seen[w] = 1;
        reached++;
        this.parent[w] = u;
        this.pred[w] = col;
        this.dir[w] = this.from[col] === w ? 1 : -1;
        stack.push(w);
      }
    }
    if (reached !== n + 1) throw new Error('SideSimplex: the start is not a spanning tree');
    for (let e = 0; e < m; e++)
      if (this.state[e] !== TREE && this.x[e] > 0 && this.x[e] < this.upper[e]) throw new Error('SideSimplex: the start is not basic');
    this.pi = new Float64Array(n + 1);
    this.firstChild = new Int32Array(n + 1).fill(-1);
    this.nextSibling = new Int32Array(n + 1).fill(-1);
    this.prevSibling = new Int32Array(n + 1).fill(-1);
    for (let u = 0; u < n; u++) this.link(u, this.parent[u]);
    this.stack = new Int32Array(n + 1);
    this.mark = new Int32Array(n + 1);
    this.delta = new Float64Array(cols);
    this.touched = new Int32Array(cols);
    this.g = new Float64Array(S);
    this.y = new Float64Array(S);
    this.nz = new Int32Array(S);
    this.r = new Float64Array(S);
    this.acc = new Float64Array(S);
    this.rowS = new Float64Array(S);
    this.alpha = new Float64Array(S);
    this.aux = new Float64Array(S);
    this.aux2 = new Float64Array(S);
    this.path = new Int32Array(n + 1);
    this.block = Math.max(10, Math.ceil(Math.sqrt(m + 2 * S)));
    this.potentials();
    this.addRows(network.rows);
  }

  /** Rows so far. */
  get rows(): number {
    return this.k;
  }

  /** Key columns that are arcs (the others are rows' slacks or excesses). */
  get keyArcs(): number {
    let n = 0;
    for (let q = 0; q < this.k; q++) if (this.keyCol[q] < this.m) n++;
    return n;
  }

  /** max |W⁻¹ W − I| over the working basis formed afresh from the tree: 0 up to rounding. */
  basisError(): number {
    const { k, S, winv, g } = this;
    let worst = 0;
    for (let q = 0; q < k; q++) {
      // Column q of W⁻¹ W is W⁻¹ times W's column q (the side counts of key q's cycle).
      this.sideOf(this.keyCol[q], g);
      for (let p = 0; p < k; p++) {
        let v = 0;
        for (let i = 0; i < k; i++) v += winv[p * S + i] * g[i];
        worst = Math.max(worst, Math.abs(v - (p === q ? 1 : 0)));
      }
    }
    return worst;
  }

  /**
   * Adds rows, up to the capacity given at the start (rows are numbered on in the order added).
   * Each comes with its slack in the basis, or its excess when the flow passes its cap, so the
   * basis stays feasible and the next solve goes on from it. W grows by a block row: the new
   * rows' counts in the old keys' cycles (R) and ±1 for the new keys, whose inverse is
   * [[W⁻¹, 0], [−C⁻¹ R W⁻¹, C⁻¹]].
   */
  addRows(rows: readonly SideRow[]): void {
    const { m, n, S, winv, g } = this;
    const k0 = this.k;
    if (k0 + rows.length > S) throw new Error('SideSimplex: more rows than its capacity');
    rows.forEach((r, t) => {
      const i = k0 + t;
      for (let j = 0; j < r.arcs.length; j++) {
        const a = r.arcs[j];
        if (this.row[a] >= 0) throw new Error(`SideSimplex: arc ${a} in two rows`);
        this.row[a] = i;
        this.coef[a] = 1;
      }
      this.rowArcs.push(Int32Array.from(r.arcs));
      this.caps[i] = r.cap;
    });
    const added = rows.length;
    const R = new Float64Array(added * k0);
    for (let q = 0; q < k0; q++) {
      this.sideOf(this.keyCol[q], g);
      for (let t = 0; t < added; t++) R[t * k0 + q] = g[k0 + t];
    }
    for (let t = 0; t < added; t++) {
      const i = k0 + t;
      const slack = m + n + 2 * i;
      const excess = slack + 1;
      for (const c of [slack, excess]) {
        this.upper[c] = Infinity;
        this.row[c] = i;
        this.state[c] = LOWER;
      }
      this.coef[slack] = 1;
      this.coef[excess] = -1;
      this.cost[excess] = this.penalty;
      let count = 0;
      for (const a of this.rowArcs[i]) count += this.x[a];
      const over = count > this.caps[i];
      const key = over ? excess : slack;
      this.x[key] = over ? count - this.caps[i] : this.caps[i] - count;
      this.state[key] = KEY;
      this.keyCol[i] = key;
      this.slotOf[key] = i;
      const c = over ? -1 : 1;
      const base = i * S;
      for (let j = 0; j < S; j++) winv[base + j] = 0;
      for (let q = 0; q < k0; q++) {
        const f = R[t * k0 + q];
        if (f === 0) continue;
        const qb = q * S;
        for (let j = 0; j < k0; j++) winv[base + j] -= (f * winv[qb + j]) / c;
      }
      winv[base + i] = 1 / c;
    }
    for (let q = 0; q < k0; q++) for (let i = k0; i < k0 + added; i++) winv[q * S + i] = 0;
    this.k = k0 + added;
    this.refreshDuals();
  }

  get pivots(): number {
    return this.pivotCount;
  }

  flow(arc: number): number {
    return this.x[arc];
  }

  /** The rows' prices (duals of the ≤ rows, as costs per unit counted). */
  price(row: number): number {
    return this.lambda[row];
  }

  /** Σ excess: 0 when the flow meets every row. */
  excess(): number {
    let s = 0;
    for (let i = 0; i < this.k; i++) s += this.x[this.m + this.n + 2 * i + 1];
    return s;
  }

  /** Σ cost · flow over the arcs. */
  objective(): number {
    let s = 0;
    for (let e = 0; e < this.m; e++) s += this.cost[e] * this.x[e];
    return s;
  }

  setCost(arc: number, cost: number): void {
    if (this.cost[arc] === cost) return;
    this.cost[arc] = cost;
    if (this.state[arc] === TREE || this.state[arc] === KEY) this.dualsStale = true;
  }

  /**
   * The LP dual's value at the current prices (clipped at 0) and potentials: a lower bound on
   * Σ cost · flow over every circulation of the network (without artificial, slack or excess
   * columns) that meets the rows, whether or not the simplex has finished.
   */
  bound(): number {
    if (this.dualsStale) this.refreshDuals();
    const { m, lambda } = this;
    let b = 0;
    for (let i = 0; i < this.k; i++) b -= Math.max(0, lambda[i]) * this.caps[i];
    for (let e = 0; e < m; e++) {
      const r = this.row[e];
      const rc = this.cost[e] + (r >= 0 ? Math.max(0, lambda[r]) : 0) + this.pi[this.from[e]] - this.pi[this.to[e]];
      if (rc >= 0) continue;
      if (this.upper[e] === Infinity) {
        if (rc < -EPS * (1 + Math.abs(this.cost[e]))) return -Infinity;
        continue;
      }
      b += rc * this.upper[e];
    }
    return b;
  }

  solve(pivotLimit = Infinity): SideStatus {
    if (this.dualsStale) this.refreshDuals();
    let degenerate = 0;
    for (let done = 0; ; done++) {
      if (done >= pivotLimit) return 'limit';
      const bland = degenerate >= DEGENERATE_RUN;
      const entering = this.entering(bland);
      if (entering < 0) return 'optimal';
      const direction = this.state[entering] === UPPER ? -1 : 1;
      const step = this.pivot(entering, direction, bland);
      if (step === Infinity) return 'unbounded';
      degenerate = step > 0 ? 0 : degenerate + 1;
      this.pivotCount++;
    }
  }

  private reduced(c: number): number {
    const r = this.row[c];
    let rc = this.cost[c] + (r >= 0 ? this.lambda[r] * this.coef[c] : 0);
    if (c < this.m + this.n) rc += this.pi[this.from[c]] - this.pi[this.to[c]];
    return rc;
  }

  /** What a unit of column c gains if it moves off its bound (0: nothing, or it cannot move). */
  private gain(c: number): number {
    if (c >= this.m && c < this.m + this.n) return 0;
    const s = this.state[c];
    if (s !== LOWER && s !== UPPER) return 0;
    const rc = this.reduced(c);
    const eps = EPS * (1 + Math.abs(this.cost[c]));
    if (s === LOWER) return rc < -eps ? -rc : 0;
    return rc > eps ? rc : 0;
  }

  /** The entering column (block search; Bland's first eligible when `bland`), or -1. */
  private entering(bland: boolean): number {
    const cols = this.cols;
    if (bland) {
      for (let c = 0; c < cols; c++) if (this.gain(c) > 0) return c;
      return -1;
    }
    let best = -1;
    let bestGain = 0;
    let left = this.block;
    let c = this.nextCol;
    for (let scanned = 0; scanned < cols; scanned++) {
      const gain = this.gain(c);
      if (gain > bestGain) {
        bestGain = gain;
        best = c;
      }
      if (++c === cols) c = 0;
      if (--left === 0) {
        if (best >= 0) break;
        left = this.block;
      }
    }
    this.nextCol = c;
    return best;
  }

  /** The nearest common ancestor of u and v in the tree. */
  private meet(u: number, v: number): number {
    const { parent, mark } = this;
    const stamp = ++this.markStamp;
    for (let w = v; w >= 0; w = parent[w]) mark[w] = stamp;
    let lca = u;
    while (mark[lca] !== stamp) lca = parent[lca];
    return lca;
  }

  /** The side-row counts of `c`'s fundamental cycle, into `out`. */
  private sideOf(c: number, out: Float64Array): void {
    out.fill(0);
    const { row, coef, parent, pred, dir } = this;
    if (row[c] >= 0) out[row[c]] += coef[c];
    if (c >= this.m + this.n) return;
    const u = this.from[c];
    const v = this.to[c];
    const lca = this.meet(u, v);
    for (let w = v; w !== lca; w = parent[w]) if (row[pred[w]] >= 0) out[row[pred[w]]] += dir[w] * coef[pred[w]];
    for (let w = u; w !== lca; w = parent[w]) if (row[pred[w]] >= 0) out[row[pred[w]]] -= dir[w] * coef[pred[w]];
  }

  /** delta += weight × the fundamental cycle of `c` (c itself, then the tree path from its head back to its tail). */
  private addCycle(c: number, weight: number): void {
    this.touch(c, weight);
    if (c >= this.m + this.n) return;
    const { parent, pred, dir } = this;
    const u = this.from[c];
    const v = this.to[c];
    const lca = this.meet(u, v);
    for (let w = v; w !== lca; w = parent[w]) this.touch(pred[w], weight * dir[w]);
    for (let w = u; w !== lca; w = parent[w]) this.touch(pred[w], -weight * dir[w]);
  }

  /** out = W⁻¹ g (g has few non-zeros: the rows a cycle passes). */
  private solveW(g: Float64Array, out: Float64Array): void {
    const { k, S, winv, nz } = this;
    let count = 0;
    for (let i = 0; i < k; i++) if (g[i] !== 0) nz[count++] = i;
    for (let q = 0; q < k; q++) {
      let s = 0;
      const base = q * S;
      for (let t = 0; t < count; t++) s += winv[base + nz[t]] * g[nz[t]];
      out[q] = s;
    }
  }

  private touch(c: number, amount: number): void {
    if (this.delta[c] === 0) this.touched[this.touchedCount++] = c;
    this.delta[c] += amount;
    // A column touched back to exactly 0 stays listed; the ratio test skips it.
    if (this.delta[c] === 0) this.delta[c] = Number.MIN_VALUE;
  }

  /** One pivot on `entering` in `direction`; returns the step taken (Infinity: unbounded). */
  private pivot(entering: number, direction: number, bland: boolean): number {
    const { k, S, g, y } = this;
    const rcIn = this.reduced(entering);
    this.sideOf(entering, g);
    this.solveW(g, y);
    this.touchedCount = 0;
    this.addCycle(entering, direction);
    for (let q = 0; q < k; q++) {
      const w = y[q];
      if (Math.abs(w) <= 1e-12) continue;
      this.addCycle(this.keyCol[q], -direction * w);
    }
    // Ratio test.
    let theta = Infinity;
    let leaving = -1;
    let leavingSize = 0;
    for (let t = 0; t < this.touchedCount; t++) {
      const c = this.touched[t];
      const d = this.delta[c];
      if (Math.abs(d) <= EPS) continue;
      const room = d > 0 ? (this.upper[c] - this.x[c]) / d : this.x[c] / -d;
      const r = Math.max(0, room);
      const better = bland
        ? r < theta - EPS || (r <= theta + EPS && c < leaving)
        : r < theta - EPS || (r <= theta + EPS && Math.abs(d) > leavingSize);
      if (leaving < 0 ? r < Infinity : better) {
        theta = r;
        leaving = c;
        leavingSize = Math.abs(d);
      }
    }
    if (leaving < 0) {
      this.clearDelta();
      return Infinity;
    }
    if (theta > 0) {
      for (let t = 0; t < this.touchedCount; t++) {
        const c = this.touched[t];
        const d = this.delta[c];
        if (Math.abs(d) <= EPS) continue;
        let v = this.x[c] + theta * d;
        if (Math.abs(v) < 1e-9) v = 0;
        else if (Math.abs(v - this.upper[c]) < 1e-9) v = this.upper[c];
        this.x[c] = v;
      }
    }
    // The leaving column sits exactly at the bound it reached.
    this.x[leaving] = this.delta[leaving] > 0 ? this.upper[leaving] : 0;
    const leftAt = this.delta[leaving] > 0 ? UPPER : LOWER;
    this.clearDelta();

    if (leaving === entering) {
      this.state[entering] = leftAt;
      return theta;
    }
    // The entering column's reduced cost becomes 0, and the prices move so that every key's
    // stays 0: along the new W⁻¹'s row of the entering column's slot, or, when it joined the
    // tree, along β W⁻¹ (see leaveTree; zero when no key crosses the cut, as in most pivots).
    // A tree exchange has already moved the potentials of the re-hung part (exchange); when
    // prices move, all potentials are computed again.
    const step = this.acc;
    let slot: number;
    if (this.state[leaving] === KEY) {
      slot = this.slotOf[leaving];
      this.replaceKey(slot, entering, y);
    } else {
      slot = this.leaveTree(leaving, entering, y, step);
    }
    this.state[leaving] = leftAt;
    if (++this.updates >= Math.max(REFACTOR_EVERY, 2 * k)) {
      this.refactor();
      this.refreshDuals();
      return theta;
    }
    const { winv } = this;
    for (let i = 0; i < k; i++) {
      const d = slot >= 0 ? -rcIn * winv[slot * S + i] : rcIn * step[i];
      if (d !== 0) this.movePrice(i, d);
    }
    return theta;
  }

  private clearDelta(): void {
    for (let t = 0; t < this.touchedCount; t++) this.delta[this.touched[t]] = 0;
    this.touchedCount = 0;
  }

  /** Key slot s takes column c, whose W⁻¹-image is y (eta update). */
  private replaceKey(s: number, c: number, y: Float64Array): void {
    const { k, S, winv } = this;
    const ys = y[s];
    const rowS = this.rowS;
    for (let i = 0; i < k; i++) rowS[i] = winv[s * S + i];
    for (let q = 0; q < k; q++) {
      const f = q === s ? (ys - 1) / ys : y[q] / ys;
      if (f === 0) continue;
      const base = q * S;
      for (let i = 0; i < k; i++) winv[base + i] -= f * rowS[i];
    }
    this.slotOf[this.keyCol[s]] = -1;
    this.keyCol[s] = c;
    this.slotOf[c] = s;
    this.state[c] = KEY;
  }

  /**
   * The tree arc `leaving` goes; `entering` (W⁻¹-image y) or a key arc crossing the cut takes
   * its place. Returns the key slot the entering column took, or -1 when it joined the tree; then
   * `step` holds β W⁻¹ / (1 − β·y), along which the prices move by the entering reduced cost.
   */
  private leaveTree(leaving: number, entering: number, y: Float64Array, step: Float64Array): number {
    const { k, S, winv, mark, parent } = this;
    // The child side of the leaving arc.
    const a = this.from[leaving];
    const b = this.to[leaving];
    const child = parent[a] === b && this.pred[a] === leaving ? a : b;
    const stamp = ++this.markStamp;
    // Marks: stamp = below the cut, −stamp = above; a walk up stops at the first known node.
    const inside = (u: number): boolean => {
      const path = this.path;
      let length = 0;
      let w = u;
      let result: boolean;
      for (;;) {
        if (mark[w] === stamp || w === child) {
          result = true;
          break;
        }
        if (mark[w] === -stamp) {
          result = false;
          break;
        }
        path[length++] = w;
        const p = parent[w];
        if (p < 0) {
          result = false;
          break;
        }
        w = p;
      }
      for (let t = 0; t < length; t++) mark[path[t]] = result ? stamp : -stamp;
      return result;
    };
    const crossing = (c: number): number => {
      if (c >= this.m + this.n) return 0;
      const iu = inside(this.from[c]);
      const iv = inside(this.to[c]);
      if (iu === iv) return 0;
      return iu ? -this.dir[child] : this.dir[child];
    };
    const alpha = this.alpha;
    for (let q = 0; q < k; q++) alpha[q] = crossing(this.keyCol[q]);
    const alphaIn = crossing(entering);
    if (alphaIn !== 0) {
      // The entering arc closes the cut: W' = W − g β^T with β_q = α_q/α_in (Sherman–Morrison).
      const z = step;
      z.fill(0);
      let denom = 1;
      for (let q = 0; q < k; q++) {
        const beta = alpha[q] / alphaIn;
        if (beta === 0) continue;
        denom -= beta * y[q];
        const base = q * S;
        for (let i = 0; i < k; i++) z[i] += beta * winv[base + i];
      }
      for (let i = 0; i < k; i++) z[i] /= denom;
      for (let q = 0; q < k; q++) {
        const f = y[q];
        if (f === 0) continue;
        const base = q * S;
        for (let i = 0; i < k; i++) winv[base + i] += f * z[i];
      }
      this.exchange(child, entering);
      this.state[entering] = TREE;
      return -1;
    }
    // A key arc crossing the cut joins the tree, and the entering column takes its slot.
    let s = -1;
    for (let q = 0; q < k; q++) if (alpha[q] !== 0 && (s < 0 || Math.abs(y[q]) > Math.abs(y[s]))) s = q;
    if (s < 0) throw new Error('SideSimplex: no column closes the cut');
    const star = this.keyCol[s];
    const as = alpha[s];
    // W1 = W·F with F = I + e_s b^T; W1⁻¹ = (I − e_s b^T/α_s) W⁻¹: only row s changes.
    const b2 = this.aux;
    for (let q = 0; q < k; q++) b2[q] = q === s ? as - 1 : -alpha[q] * as;
    const bw = this.aux2;
    bw.fill(0);
    let by = 0;
    for (let q = 0; q < k; q++) {
      if (b2[q] === 0) continue;
      by += b2[q] * y[q];
      const base = q * S;
      for (let i = 0; i < k; i++) bw[i] += b2[q] * winv[base + i];
    }
    const baseS = s * S;
    for (let i = 0; i < k; i++) winv[baseS + i] -= bw[i] / as;
    this.exchange(child, star);
    this.state[star] = TREE;
    this.slotOf[star] = -1;
    this.keyCol[s] = leaving;
    this.slotOf[leaving] = s;
    this.state[leaving] = KEY;
    // The entering column's image under W1⁻¹ differs from y only in slot s.
    const ys = y[s];
    y[s] = ys - by / as;
    this.replaceKey(s, entering, y);
    y[s] = ys;
    return s;
  }

  /** Tree exchange: the tree arc above `child` goes, `arc` (one end below `child`) comes in. */
  private exchange(child: number, arc: number): void {
    // Which end of `arc` is below `child`?
    const below = (u: number) => {
      for (let w = u; w >= 0; w = this.parent[w]) if (w === child) return true;
      return false;
    };
    const a = below(this.from[arc]) ? this.from[arc] : this.to[arc];
    const b = a === this.from[arc] ? this.to[arc] : this.from[arc];
    let w = a;
    let newParent = b;
    let newPred = arc;
    let newDir = this.from[arc] === a ? 1 : -1;
    for (;;) {
      const oldParent = this.parent[w];
      const oldPred = this.pred[w];
      const oldDir = this.dir[w];
      this.unlink(w, oldParent);
      this.link(w, newParent);
      this.parent[w] = newParent;
      this.pred[w] = newPred;
      this.dir[w] = newDir;
      if (w === child) break;
      newParent = w;
      newPred = oldPred;
      newDir = -oldDir;
      w = oldParent;
    }
    // Under the same prices only the re-hung part moves, all by one amount.
    const r = this.row[arc];
    const adjusted = this.cost[arc] + (r >= 0 ? this.lambda[r] * this.coef[arc] : 0);
    const target = this.dir[a] === 1 ? this.pi[b] - adjusted : this.pi[b] + adjusted;
    const delta = target - this.pi[a];
    if (delta !== 0) this.shiftSubtree(a, delta);
  }

  /** Potentials of the whole tree under the current prices (depth-first from the root). */
  private potentials(): void {
    const { pi, stack, firstChild, nextSibling, parent, pred, dir, row, cost, coef, lambda } = this;
    pi[this.root] = 0;
    let top = 0;
    for (let c = firstChild[this.root]; c >= 0; c = nextSibling[c]) stack[top++] = c;
    while (top > 0) {
      const z = stack[--top];
      const a = pred[z];
      const r = row[a];
      const adjusted = cost[a] + (r >= 0 ? lambda[r] * coef[a] : 0);
      // Tree arc: adjusted + π(from) − π(to) = 0.
      pi[z] = dir[z] === 1 ? pi[parent[z]] - adjusted : pi[parent[z]] + adjusted;
      for (let c = firstChild[z]; c >= 0; c = nextSibling[c]) stack[top++] = c;
    }
  }

  /**
   * Row i's price moves by d: every tree arc of the row changes its adjusted cost by d, and so
   * the potentials of everything below it.
   */
  private movePrice(i: number, d: number): void {
    this.lambda[i] += d;
    const { state, parent, pred, from, to, dir, coef } = this;
    for (const a of this.rowArcs[i]) {
      if (state[a] !== TREE) continue;
      const z = parent[from[a]] === to[a] && pred[from[a]] === a ? from[a] : to[a];
      this.shiftSubtree(z, dir[z] === 1 ? -d * coef[a] : d * coef[a]);
    }
  }

  /** Adds `delta` to the potentials of u and everything below it. */
  private shiftSubtree(u: number, delta: number): void {
    const { pi, stack, firstChild, nextSibling } = this;
    let top = 0;
    stack[top++] = u;
    while (top > 0) {
      const z = stack[--top];
      pi[z] += delta;
      for (let c = firstChild[z]; c >= 0; c = nextSibling[c]) stack[top++] = c;
    }
  }

  /** Hangs w below p in the child lists (parent[w] is set by the caller). */
  private link(w: number, p: number): void {
    const head = this.firstChild[p];
    this.nextSibling[w] = head;
    this.prevSibling[w] = -1;
    if (head >= 0) this.prevSibling[head] = w;
    this.firstChild[p] = w;
  }

  private unlink(w: number, p: number): void {
    const prev = this.prevSibling[w];
    const next = this.nextSibling[w];
    if (prev >= 0) this.nextSibling[prev] = next;
    else this.firstChild[p] = next;
    if (next >= 0) this.prevSibling[next] = prev;
  }

  /** Prices that zero every key column's reduced cost, then the potentials under them. */
  private refreshDuals(): void {
    const { k, S, winv, r, acc, lambda } = this;
    this.dualsStale = false;
    this.potentials();
    let any = false;
    for (let q = 0; q < k; q++) {
      r[q] = this.reduced(this.keyCol[q]);
      if (r[q] !== 0) any = true;
    }
    if (!any) return;
    // rc_q(λ + Δ) = r_q + g_q·Δ = 0 for every key: Δ = −W⁻ᵀ r.
    acc.fill(0);
    for (let q = 0; q < k; q++) {
      const f = r[q];
      if (f === 0) continue;
      const base = q * S;
      for (let i = 0; i < k; i++) acc[i] += winv[base + i] * f;
    }
    for (let i = 0; i < k; i++) lambda[i] -= acc[i];
    this.potentials();
  }

  /** W from the tree's cycles, inverted afresh (Gauss–Jordan with partial pivoting). */
  private refactor(): void {
    const { k, S } = this;
    this.updates = 0;
    if (k === 0) return;
    if (this.work.length < 2 * k * k) this.work = new Float64Array(2 * k * k);
    const a = this.work;
    a.fill(0, 0, 2 * k * k);
    const width = 2 * k;
    const g = this.aux;
    for (let q = 0; q < k; q++) {
      this.sideOf(this.keyCol[q], g);
      // [W | I]: row = side row, column = slot.
      for (let i = 0; i < k; i++) a[i * width + q] = g[i];
    }
    for (let i = 0; i < k; i++) a[i * width + k + i] = 1;
    // Invert W (rows: side rows, columns: slots) into W⁻¹ (rows: slots, columns: side rows).
    for (let col = 0; col < k; col++) {
      let p = col;
      for (let r = col + 1; r < k; r++) if (Math.abs(a[r * width + col]) > Math.abs(a[p * width + col])) p = r;
      if (Math.abs(a[p * width + col]) < 1e-12) throw new Error('SideSimplex: singular working basis');
      if (p !== col) {
        for (let j = 0; j < width; j++) {
          const t = a[p * width + j];
          a[p * width + j] = a[col * width + j];
          a[col * width + j] = t;
        }
      }
      const inv = 1 / a[col * width + col];
      for (let j = 0; j < width; j++) a[col * width + j] *= inv;
      for (let r = 0; r < k; r++) {
        if (r === col) continue;
        const f = a[r * width + col];
        if (f === 0) continue;
        for (let j = 0; j < width; j++) a[r * width + j] -= f * a[col * width + j];
      }
    }
    // [I | W⁻¹]: W⁻¹'s rows are slots, its columns side rows.
    for (let q = 0; q < k; q++) for (let i = 0; i < k; i++) this.winv[q * S + i] = a[q * width + k + i];
  }
}
