import { NetworkSimplex, INFINITE_CAPACITY } from '../../src/engine/network-simplex';
import fc from 'fast-check';

import { Arc, Highs, highsLoader } from '../support/raw-highs';

/** The same circulation as an LP for HiGHS: min Σ cost·x, conservation at every node, 0 ≤ x ≤ cap. */
function lpText(n: number, arcs: Arc[]): string {
  const obj = arcs.map((a, i) => `${a.cost >= 0 ? '+' : '-'} ${Math.abs(a.cost)} x${i}`).join(' ');
  const rows: string[] = [];
  for (let v = 0; v < n; v++) {
    const terms = arcs
      .map((a, i) => (a.from === v && a.to !== v ? `- x${i}` : a.to === v && a.from !== v ? `+ x${i}` : ''))
      .filter(Boolean);
    if (terms.length) rows.push(` c${v}: ${terms.join(' ')} = 0`);
  }
  const bounds = arcs.map((a, i) => ` 0 <= x${i} <= ${a.cap >= INFINITE_CAPACITY ? 1e9 : a.cap}`);
  return `Minimize\n obj: ${obj || '0 x0'}\nSubject To\n${rows.join('\n') || ' c: x0 >= 0'}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

const arcArb = (n: number) =>
  fc.record({
    from: fc.integer({ min: 0, max: n - 1 }),
    to: fc.integer({ min: 0, max: n - 1 }),
    cap: fc.integer({ min: 0, max: 6 }),
    cost: fc.integer({ min: -20, max: 20 }),
  });

/** 2–9 nodes and 1–30 arcs. */
const mediumNetwork = fc
  .integer({ min: 2, max: 9 })
  .chain((n) => fc.tuple(fc.constant(n), fc.array(arcArb(n), { minLength: 1, maxLength: 30 })));

/** Optimality certificate: no residual arc with a negative reduced cost under the potentials. */
function expectCertificate(ns: NetworkSimplex, arcs: Arc[]): void {
  arcs.forEach((a, i) => {
    const rc = a.cost + ns.potential(a.from) - ns.potential(a.to);
    if (ns.flow(i) < a.cap) expect(rc).toBeGreaterThanOrEqual(0);
    if (ns.flow(i) > 0) expect(rc).toBeLessThanOrEqual(0);
  });
}

/** 2–8 nodes, 1–25 arcs, and something more drawn with them. */
const smallNetwork = <T>(extra: fc.Arbitrary<T>) =>
  fc.integer({ min: 2, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.array(arcArb(n), { minLength: 1, maxLength: 25 }), extra));

describe('NetworkSimplex', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await highsLoader();
  });

  it('saturates the most profitable cycle of a tiny network', () => {
    const ns = new NetworkSimplex(3);
    const a = ns.addArc(0, 1, 2, -5);
    const b = ns.addArc(1, 2, 1, 1);
    const c = ns.addArc(2, 0, INFINITE_CAPACITY, 0);
    expect(ns.solve()).toBe('optimal');
    expect(ns.flow(a)).toBe(1);
    expect(ns.flow(b)).toBe(1);
    expect(ns.flow(c)).toBe(1);
    expect(ns.totalCost()).toBe(-4);
  });

  it('finds the same optimum as HiGHS on random circulations, with valid potentials', () => {
    fc.assert(
      fc.property(mediumNetwork, ([n, arcs]) => {
        const ns = new NetworkSimplex(n);
        for (const a of arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
        expect(ns.solve()).toBe('optimal');
        // Feasibility: bounds and conservation.
        const balance = new Array(n).fill(0);
        arcs.forEach((a, i) => {
          const f = ns.flow(i);
          expect(f).toBeGreaterThanOrEqual(0);
          expect(f).toBeLessThanOrEqual(a.cap);
          balance[a.from] -= f;
          balance[a.to] += f;
        });
        expect(balance.every((x) => x === 0)).toBe(true);
        expectCertificate(ns, arcs);
        const r = highs.solve(lpText(n, arcs));
        expect(r.Status).toBe('Optimal');
        expect(ns.totalCost()).toBeCloseTo(r.ObjectiveValue, 6);
      }),
      { numRuns: 300, seed: 20261121 },
    );
  });

  it('re-optimises from its basis after cost changes', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 8 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(arcArb(n), { minLength: 1, maxLength: 25 }),
              fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 25, maxLength: 25 }),
            ),
          ),
        ([n, arcs, newCosts]) => {
          const ns = new NetworkSimplex(n);
          for (const a of arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
          ns.solve();
          arcs.forEach((a, i) => {
            a.cost = newCosts[i];
            ns.setCost(i, a.cost);
          });
          expect(ns.solve()).toBe('optimal');
          const r = highs.solve(lpText(n, arcs));
          expect(ns.totalCost()).toBeCloseTo(r.ObjectiveValue, 6);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
  });

  it('starts from a given feasible flow and basis, and still finds the optimum', () => {
    let warm = 0;
    fc.assert(
      fc.property(
        smallNetwork(
          fc.tuple(
            fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 25, maxLength: 25 }),
            fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 8, maxLength: 8 }),
          ),
        ),
        ([n, arcs, [otherCosts, potential]]) => {
          // A feasible flow and a tree from the optimum at other costs...
          const first = new NetworkSimplex(n);
          arcs.forEach((a, i) => first.addArc(a.from, a.to, a.cap, otherCosts[i]));
          first.solve();
          const flow = arcs.map((_, i) => first.flow(i));
          const suggested: number[] = [];
          for (let u = 0; u < n; u++) suggested.push(first.treeArc(u) < 0 ? first.rootArc(u) : first.treeArc(u));
          // ...start the real costs from there.
          const ns = new NetworkSimplex(n);
          for (const a of arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
          if (ns.startFrom(flow, suggested, potential)) warm++;
          expect(ns.solve()).toBe('optimal');
          const r = highs.solve(lpText(n, arcs));
          expect(ns.totalCost()).toBeCloseTo(r.ObjectiveValue, 6);
        },
      ),
      { numRuns: 200, seed: 11 },
    );
    expect(warm).toBeGreaterThan(150);
  });

  it('drains arcs along cycles of the flow, then re-optimises warm to the optimum without them', () => {
    let drained = 0;
    fc.assert(
      fc.property(smallNetwork(fc.array(fc.boolean(), { minLength: 25, maxLength: 25 })), ([n, arcs, pick]) => {
        const ns = new NetworkSimplex(n);
        for (const a of arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
        ns.solve();
        // Shut some arcs that carry flow: a cost above anything a cycle can gain.
        const shut = arcs.map((_, i) => i).filter((i) => pick[i] && ns.flow(i) > 0);
        const big = 1 + arcs.reduce((sum, a) => sum + Math.abs(a.cost) * a.cap, 0);
        for (const i of shut) {
          arcs[i].cost += big;
          ns.setCost(i, arcs[i].cost);
        }
        const before = arcs.map((_, i) => ns.flow(i));
        if (ns.drain(shut)) {
          drained++;
          // The drained arcs are empty, and the flow is still a circulation within its bounds.
          const balance = new Array(n).fill(0);
          arcs.forEach((a, i) => {
            const f = ns.flow(i);
            if (shut.includes(i)) expect(f).toBe(0);
            expect(f).toBeGreaterThanOrEqual(0);
            expect(f).toBeLessThanOrEqual(a.cap);
            balance[a.from] -= f;
            balance[a.to] += f;
          });
          expect(balance.every((x) => x === 0)).toBe(true);
        } else {
          // Refused: nothing changed.
          arcs.forEach((_, i) => expect(ns.flow(i)).toBe(before[i]));
        }
        expect(ns.solve()).toBe('optimal');
        const r = highs.solve(lpText(n, arcs));
        expect(ns.totalCost()).toBeCloseTo(r.ObjectiveValue, 6);
        expectCertificate(ns, arcs);
      }),
      { numRuns: 300, seed: 2026112601 },
    );
    expect(drained).toBeGreaterThan(250);
  });

  it('takes artificial arcs out of the tree without losing the optimum', () => {
    let artificialBefore = 0;
    let artificialAfter = 0;
    fc.assert(
      fc.property(mediumNetwork, ([n, arcs]) => {
        const ns = new NetworkSimplex(n);
        for (const a of arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
        ns.solve();
        const cost = ns.totalCost();
        const artificial = () => Array.from({ length: n }, (_, u) => ns.treeArc(u)).filter((a) => a < 0).length;
        const before = artificial();
        artificialBefore += before;
        expect(ns.purgeArtificial()).toBe('optimal');
        expect(artificial()).toBeLessThanOrEqual(before);
        artificialAfter += artificial();
        expect(ns.totalCost()).toBe(cost);
        expectCertificate(ns, arcs);
        // Still a warm, working basis: new costs re-optimise from it.
        arcs.forEach((a, i) => {
          a.cost = -a.cost;
          ns.setCost(i, a.cost);
        });
        expect(ns.solve()).toBe('optimal');
        expect(ns.totalCost()).toBeCloseTo(highs.solve(lpText(n, arcs)).ObjectiveValue, 6);
      }),
      { numRuns: 200, seed: 2026112602 },
    );
    expect(artificialAfter).toBeLessThan(artificialBefore * 0.9);
  });

  it('starts from shortest paths to a sink, or refuses where a negative cycle avoids it, and still finds the optimum', () => {
    let started = 0;
    fc.assert(
      fc.property(mediumNetwork, ([n, arcs]) => {
        const ns = new NetworkSimplex(n);
        for (const a of arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
        if (ns.startFromPaths(n - 1)) started++;
        expect(ns.solve()).toBe('optimal');
        expectCertificate(ns, arcs);
        expect(ns.totalCost()).toBeCloseTo(highs.solve(lpText(n, arcs)).ObjectiveValue, 6);
      }),
      { numRuns: 300, seed: 2026112603 },
    );
    expect(started).toBeGreaterThan(100);
    // A negative cycle that avoids the sink (node 2): no shortest paths, a cold start instead.
    const cyclic = new NetworkSimplex(3);
    cyclic.addArc(0, 1, 1, -2);
    cyclic.addArc(1, 0, 1, 1);
    cyclic.addArc(1, 2, 1, 0);
    expect(cyclic.startFromPaths(2)).toBe(false);
    expect(cyclic.solve()).toBe('optimal');
    expect(cyclic.totalCost()).toBe(-1);
    // Only before the first solve.
    expect(cyclic.startFromPaths(2)).toBe(false);
  });

  it('refuses a start that breaks conservation, a bound, or strong feasibility', () => {
    const make = () => {
      const ns = new NetworkSimplex(2);
      ns.addArc(0, 1, 1, -3);
      ns.addArc(1, 0, 1, 1);
      return ns;
    };
    expect(make().startFrom([1, 0], [])).toBe(false);
    expect(make().startFrom([2, 2], [])).toBe(false);
    expect(make().startFrom([0.5, 0.5], [])).toBe(false);
    // Both arcs full: hanging node 1 from node 0 by arc 1 (1→0, at capacity) blocks its way up.
    const blocked = make();
    expect(blocked.startFrom([1, 1], [1, blocked.rootArc(0)])).toBe(false);
    expect(blocked.solve()).toBe('optimal');
    expect(blocked.totalCost()).toBe(-2);
    const fine = make();
    expect(fine.startFrom([1, 1], [0, fine.rootArc(0)])).toBe(true);
    expect(fine.solve()).toBe('optimal');
    expect(fine.totalCost()).toBe(-2);
  });

  it('closes only arcs without flow', () => {
    const ns = new NetworkSimplex(2);
    const a = ns.addArc(0, 1, 1, -3);
    const b = ns.addArc(1, 0, 1, 1);
    const c = ns.addArc(1, 0, 1, 5);
    ns.solve();
    expect(() => ns.closeArc(a)).toThrow();
    ns.closeArc(c);
    ns.setCost(b, 10);
    ns.setCost(c, -10);
    ns.solve();
    // The cheap way back is closed: the cycle now costs -3 + 10 > 0 and stays empty.
    expect(ns.flow(c)).toBe(0);
    expect(ns.totalCost()).toBe(0);
  });
});
