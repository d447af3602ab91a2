/**
 * Pieces of a network cut at its hubs, each as a network of its own.
 *
 * The week's network is many pieces (a division, or divisions linked by
 * shared counters) that meet only at hub nodes: the source, the sink and one
 * node per day. Given prices on the arcs between hubs (the licences), the
 * pieces no longer interact: each piece, with its own copy of the hubs and of
 * the hub arcs, is a problem of its own whose optimum does not depend on the
 * others. network-parts.ts packs all pieces to start the whole network;
 * here only the pieces that hold given nodes are taken out, to be solved
 * with constraints the whole network cannot express (solve.ts).
 */
import { NetworkSimplex } from './network-simplex';
import { UnionFind } from './union-find';

export interface Piece {
  readonly flow: NetworkSimplex;
  /** Local arc → global arc (the copies of hub arcs map to the hub arc). */
  readonly globalArc: Int32Array;
  /** Per hub arc given to `extractPieces`, in that order: its local copy. */
  readonly hubArcCopy: Int32Array;
}

/**
 * The pieces holding `seeds` (non-hub nodes), one per piece, in the order of their first seed.
 * `hubArcs` are the arcs between hubs every piece gets a copy of (cost and capacity as now).
 */
export interface Pieces {
  readonly pieces: readonly Piece[];
  /** Per seed: its piece. */
  readonly pieceOfSeed: Int32Array;
  /** Per global arc: the piece it belongs to, or -1 (hub arcs, other pieces). */
  readonly arcPiece: Int32Array;
  /** Per global arc of a piece: its arc in that piece's network (hub arcs: -1; see hubArcCopy). */
  readonly localArc: Int32Array;
}

export function extractPieces(net: NetworkSimplex, isHub: Uint8Array, hubArcs: readonly number[], seeds: readonly number[]): Pieces {
  const n = net.nodes;
  const m = net.arcs;
  const sets = new UnionFind(n);
  const find = (u: number) => sets.find(u);
  for (let e = 0; e < m; e++) {
    const u = net.arcSource(e);
    const v = net.arcTarget(e);
    if (!isHub[u] && !isHub[v]) sets.union(u, v);
  }
  const pieceOfRoot = new Map<number, number>();
  const pieceOfSeed = new Int32Array(seeds.length);
  seeds.forEach((s, k) => {
    if (isHub[s]) throw new Error(`extractPieces: seed ${s} is a hub`);
    const r = find(s);
    if (!pieceOfRoot.has(r)) pieceOfRoot.set(r, pieceOfRoot.size);
    pieceOfSeed[k] = pieceOfRoot.get(r)!;
  });
  const count = pieceOfRoot.size;
  const hubs: number[] = [];
  const hubLocal = new Int32Array(n).fill(-1);
  for (let u = 0; u < n; u++) {
    if (isHub[u]) {
      hubLocal[u] = hubs.length;
      hubs.push(u);
    }
  }
  const pieceOf = new Int32Array(n).fill(-1);
  const local = new Int32Array(n).fill(-1);
  const nodeCount = new Int32Array(count).fill(hubs.length);
  for (let u = 0; u < n; u++) {
    if (isHub[u]) continue;
    const p = pieceOfRoot.get(find(u));
    if (p === undefined) continue;
    pieceOf[u] = p;
    local[u] = nodeCount[p]++;
  }
  const arcCount = new Int32Array(count).fill(hubArcs.length);
  const arcPiece = new Int32Array(m).fill(-1);
  for (let e = 0; e < m; e++) {
    const u = net.arcSource(e);
    const v = net.arcTarget(e);
    const p = isHub[u] ? pieceOf[v] : pieceOf[u];
    if (p < 0 || (isHub[u] && isHub[v])) continue;
    arcPiece[e] = p;
    arcCount[p]++;
  }
  const pieces = Array.from({ length: count }, (_, p) => ({
    flow: new NetworkSimplex(nodeCount[p], arcCount[p]),
    globalArc: new Int32Array(arcCount[p]),
    hubArcCopy: new Int32Array(hubArcs.length),
  }));
  const at = (u: number) => (isHub[u] ? hubLocal[u] : local[u]);
  for (const piece of pieces) {
    hubArcs.forEach((e, k) => {
      const a = piece.flow.addArc(at(net.arcSource(e)), at(net.arcTarget(e)), net.arcCap(e), net.arcCost(e));
      piece.globalArc[a] = e;
      piece.hubArcCopy[k] = a;
    });
  }
  const localArc = new Int32Array(m).fill(-1);
  for (let e = 0; e < m; e++) {
    const p = arcPiece[e];
    if (p < 0) continue;
    const piece = pieces[p];
    const a = piece.flow.addArc(at(net.arcSource(e)), at(net.arcTarget(e)), net.arcCap(e), net.arcCost(e));
    piece.globalArc[a] = e;
    localArc[e] = a;
  }
  return { pieces, pieceOfSeed, arcPiece, localArc };
}
