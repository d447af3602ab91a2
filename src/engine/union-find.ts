/** Disjoint sets over 0..n-1 with path halving; `union` keeps the smaller root as the representative. */
export class UnionFind {
  private readonly parent: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let u = 0; u < n; u++) this.parent[u] = u;
  }

  find(u: number): number {
    const parent = this.parent;
    while (parent[u] !== u) {
      parent[u] = parent[parent[u]];
      u = parent[u];
    }
    return u;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
