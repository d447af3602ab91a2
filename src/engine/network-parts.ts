/**
 * A large network solved by parts, then finished whole.
 *
 * The week's network is many small pieces (a division, or a few divisions
 * linked by shared counters) that meet only at a handful of hub nodes: the
 * source, the sink and one node per day. On the whole network the simplex
 * tree strings the pieces together through the hubs, so its cycles and
 * subtree updates grow with the organisation and the time per person with
 * them. Here every piece is solved on its own, with its own copy of the hubs
 * and of the arcs between them (the licence arcs), which makes the work
 * linear in the number of pieces. The pieces' flows and trees are then put
 * together as the starting basis of the whole network, whose simplex proves
 * the optimum and repairs whatever the pieces got wrong together (usually
 * nothing, or a few licence ties).
 *
 * The only thing the pieces cannot see is how many units the others send
 * through a shared hub arc; the caller steers that with prices on the hub
 * arcs' copies (see `setHubArcCost`) before `warmStart`. When the pieces
 * still overfill a hub arc, the excess rides on an overflow arc so the start
 * is feasible; its cost is higher than any gain a unit can make, so the
 * simplex empties it, and `finish` closes it afterwards.
 */
import { INFINITE_CAPACITY, NetworkSimplex } from './network-simplex';
import { UnionFind } from './union-find';

interface Part {
  readonly flow: NetworkSimplex;
  /** Local node → global node. Locals 0..hubs-1 are the hubs, in the order of `hubs`. */
  readonly globalNode: Int32Array;
  /** Local arc → global arc. Locals 0..hubArcs-1 are the copies of the hub arcs. */
  readonly globalArc: Int32Array;
}

export class NetworkParts {
  private readonly overflow: number[] = [];
  private solvedPivots = 0;

  private constructor(
    private readonly net: NetworkSimplex,
    private readonly hubs: readonly number[],
    private readonly hubArcs: readonly number[],
    private readonly parts: readonly Part[],
  ) {}

  /**
   * Splits `net` at its hubs into parts of at least `minNodes` nodes (small pieces are packed
   * together). Null when there is nothing to split: fewer than two parts.
   */
  static split(net: NetworkSimplex, isHub: Uint8Array, minNodes: number): NetworkParts | null {
    const n = net.nodes;
    const m = net.arcs;
    const hubs: number[] = [];
    const localOfHub = new Int32Array(n).fill(-1);
    for (let u = 0; u < n; u++) {
      if (isHub[u]) {
        localOfHub[u] = hubs.length;
        hubs.push(u);
      }
    }
    const sets = new UnionFind(n);
    const find = (u: number) => sets.find(u);
    const hubArcs: number[] = [];
    for (let e = 0; e < m; e++) {
      const u = net.arcSource(e);
      const v = net.arcTarget(e);
      if (isHub[u] && isHub[v]) hubArcs.push(e);
      else if (!isHub[u] && !isHub[v]) sets.union(u, v);
    }

    // Pack the pieces, in order of their first node, into parts of at least minNodes.
    const partOfPiece = new Int32Array(n).fill(-1);
    const partOf = new Int32Array(n).fill(-1);
    const partNodes: number[] = [];
    let open = -1;
    for (let u = 0; u < n; u++) {
      if (isHub[u]) continue;
      const r = find(u);
      if (partOfPiece[r] < 0) {
        if (open < 0 || partNodes[open] >= minNodes) {
          open = partNodes.length;
          partNodes.push(0);
        }
        partOfPiece[r] = open;
      }
      partOf[u] = partOfPiece[r];
      partNodes[partOf[u]]++;
    }
    if (partNodes.length < 2) return null;

    const partArcs = new Int32Array(partNodes.length).fill(hubArcs.length);
    const arcPart = new Int32Array(m).fill(-1);
    for (let e = 0; e < m; e++) {
      const u = net.arcSource(e);
      const v = net.arcTarget(e);
      if (isHub[u] && isHub[v]) continue;
      arcPart[e] = isHub[u] ? partOf[v] : partOf[u];
      partArcs[arcPart[e]]++;
    }
    const localNode = new Int32Array(n);
    const parts: Part[] = partNodes.map((count, p) => ({
      flow: new NetworkSimplex(hubs.length + count, partArcs[p]),
      globalNode: new Int32Array(hubs.length + count),
      globalArc: new Int32Array(partArcs[p]),
    }));
    const filled = new Int32Array(parts.length).fill(hubs.length);
    for (const part of parts) hubs.forEach((h, k) => (part.globalNode[k] = h));
    for (let u = 0; u < n; u++) {
      if (isHub[u]) continue;
      const p = partOf[u];
      localNode[u] = filled[p]++;
      parts[p].globalNode[localNode[u]] = u;
    }
    const local = (u: number) => (isHub[u] ? localOfHub[u] : localNode[u]);
    for (const part of parts) {
      for (const e of hubArcs) {
        const a = part.flow.addArc(local(net.arcSource(e)), local(net.arcTarget(e)), net.arcCap(e), net.arcCost(e));
        part.globalArc[a] = e;
      }
    }
    for (let e = 0; e < m; e++) {
      if (arcPart[e] < 0) continue;
      const part = parts[arcPart[e]];
      const a = part.flow.addArc(local(net.arcSource(e)), local(net.arcTarget(e)), net.arcCap(e), net.arcCost(e));
      part.globalArc[a] = e;
    }
    return new NetworkParts(net, hubs, hubArcs, parts);
  }

  get partCount(): number {
    return this.parts.length;
  }

  /** Nodes of the largest part (hubs included). */
  get largestPart(): number {
    let most = 0;
    for (const part of this.parts) most = Math.max(most, part.flow.nodes);
    return most;
  }

  /** Pivots made by the parts so far. */
  get pivots(): number {
    return this.solvedPivots;
  }

  /** Sets the cost of every part's copy of a hub arc (the whole network's arc keeps its own). */
  setHubArcCost(arc: number, cost: number): void {
    const k = this.hubArcs.indexOf(arc);
    if (k < 0) throw new Error(`NetworkParts: arc ${arc} does not join two hubs`);
    for (const part of this.parts) part.flow.setCost(k, cost);
  }

  /** Solves every part at the current hub-arc costs (a warm re-solve after the first). */
  solve(): void {
    for (const part of this.parts) {
      const before = part.flow.pivots;
      if (part.flow.solve() !== 'optimal') throw new Error('NetworkParts: a part is unbounded');
      this.solvedPivots += part.flow.pivots - before;
    }
  }

  /** Units the parts send through their copies of a hub arc, together. */
  hubArcFlow(arc: number): number {
    const k = this.hubArcs.indexOf(arc);
    let total = 0;
    for (const part of this.parts) total += part.flow.flow(k);
    return total;
  }

  /**
   * Gives the whole network the parts' flows and trees as its starting basis. False when the
   * start cannot be used; the whole network then starts cold, which is slower but as exact.
   */
  warmStart(): boolean {
    const { net, hubArcs } = this;
    const excess = hubArcs.map((e) => Math.max(0, this.hubArcFlow(e) - net.arcCap(e)));
    if (excess.some((x) => x > 0)) {
      // Dearer than any unit can gain: the sum of every arc's cost, plus one.
      let dear = 1;
      for (let e = 0; e < net.arcs; e++) dear += Math.abs(net.arcCost(e));
      if (dear >= 2 ** 50) return false;
      hubArcs.forEach((e, k) => {
        if (excess[k] > 0) this.overflow.push(net.addArc(net.arcSource(e), net.arcTarget(e), INFINITE_CAPACITY, dear));
      });
    }
    const flow = new Float64Array(net.arcs);
    for (const part of this.parts) {
      for (let a = hubArcs.length; a < part.flow.arcs; a++) flow[part.globalArc[a]] = part.flow.flow(a);
    }
    let o = 0;
    hubArcs.forEach((e, k) => {
      const total = this.hubArcFlow(e);
      flow[e] = total - excess[k];
      if (excess[k] > 0) flow[this.overflow[o++]] = excess[k];
    });

    // Each part's potentials, shifted so that its first hub is at 0; a hub takes the value most
    // parts give it. Where the parts agree, the whole network starts with their optimal duals.
    const potential = new Float64Array(net.nodes);
    const hubCount = this.hubs.length;
    this.hubs.forEach((h, k) => {
      const votes = new Map<number, number>();
      for (const part of this.parts) {
        const v = part.flow.potential(k) - part.flow.potential(0);
        votes.set(v, (votes.get(v) ?? 0) + 1);
      }
      let best = 0;
      let most = 0;
      for (const [v, count] of votes) if (count > most) [best, most] = [v, count];
      potential[h] = best;
    });
    const suggested: number[] = this.hubs.map((h) => net.rootArc(h));
    for (const part of this.parts) {
      const shift = part.flow.potential(0);
      for (let u = hubCount; u < part.flow.nodes; u++) {
        const a = part.flow.treeArc(u);
        const g = part.globalNode[u];
        potential[g] = part.flow.potential(u) - shift;
        suggested.push(a < 0 ? net.rootArc(g) : part.globalArc[a]);
      }
    }
    return net.startFrom(flow, suggested, potential);
  }

  /** After the whole network is solved: the overflow arcs are empty; close them for good. */
  finish(): void {
    for (const e of this.overflow) this.net.closeArc(e);
  }
}
