/**
 * The LP of a circulation with side rows against HiGHS on random networks: the
 * same optimum from a network simplex's start, after cost changes (warm), and
 * a bound that never passes the optimum.
 */
import fc from 'fast-check';
import { NetworkSimplex } from '../../src/engine/network-simplex';
import { SideSimplex } from '../../src/engine/side-simplex';

import { Arc, Highs, highsLoader } from '../support/raw-highs';

interface Case {
  n: number;
  arcs: Arc[];
  /** Per arc: its row, or -1. */
  rowOf: number[];
  caps: number[];
}

function lpText(c: Case): string {
  const obj = c.arcs.map((a, i) => `${a.cost >= 0 ? '+' : '-'} ${Math.abs(a.cost)} x${i}`).join(' ');
  const rows: string[] = [];
  for (let v = 0; v < c.n; v++) {
    const terms = c.arcs
      .map((a, i) => (a.from === v && a.to !== v ? `- x${i}` : a.to === v && a.from !== v ? `+ x${i}` : ''))
      .filter(Boolean);
    if (terms.length) rows.push(` n${v}: ${terms.join(' ')} = 0`);
  }
  c.caps.forEach((cap, r) => {
    const terms = c.arcs.map((_, i) => (c.rowOf[i] === r ? `+ x${i}` : '')).filter(Boolean);
    if (terms.length) rows.push(` s${r}: ${terms.join(' ')} <= ${cap}`);
  });
  const bounds = c.arcs.map((a, i) => ` 0 <= x${i} <= ${a.cap}`);
  return `Minimize\n obj: ${obj}\nSubject To\n${rows.join('\n') || ' c: x0 >= 0'}\nBounds\n${bounds.join('\n')}\nEnd\n`;
}

const caseArb: fc.Arbitrary<Case> = fc
  .record({ n: fc.integer({ min: 2, max: 10 }), rows: fc.integer({ min: 0, max: 5 }) })
  .chain(({ n, rows }) =>
    fc.record({
      n: fc.constant(n),
      arcs: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: n - 1 }),
          to: fc.integer({ min: 0, max: n - 1 }),
          cap: fc.integer({ min: 0, max: 4 }),
          cost: fc.integer({ min: -20, max: 20 }),
        }),
        { minLength: 1, maxLength: 35 },
      ),
      rowOf: fc.array(fc.integer({ min: -1, max: rows - 1 }), { minLength: 35, maxLength: 35 }),
      caps: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: rows, maxLength: rows }),
    }),
  );

function build(c: Case, firstRows = c.caps.length): { lp: SideSimplex; ns: NetworkSimplex } {
  const ns = new NetworkSimplex(c.n);
  for (const a of c.arcs) ns.addArc(a.from, a.to, a.cap, a.cost);
  expect(ns.solve()).toBe('optimal');
  const m = c.arcs.length;
  const lp = new SideSimplex(
    {
      nodes: c.n,
      from: Int32Array.from(c.arcs, (a) => a.from),
      to: Int32Array.from(c.arcs, (a) => a.to),
      cap: Float64Array.from(c.arcs, (a) => a.cap),
      cost: Float64Array.from(c.arcs, (a) => a.cost),
      rows: rowsOf(c).slice(0, firstRows),
      penalty: 1000,
      capacity: c.caps.length,
    },
    { flow: Float64Array.from({ length: m }, (_, e) => ns.flow(e)), treeArc: (u) => ns.treeArc(u) },
  );
  return { lp, ns };
}

function rowsOf(c: Case): { arcs: number[]; cap: number }[] {
  return c.caps.map((cap, r) => ({ arcs: c.arcs.map((_, i) => i).filter((i) => c.rowOf[i] === r), cap }));
}

/** Bounds, conservation and rows hold; Σ cost·flow is returned. */
function feasibleCost(c: Case, lp: SideSimplex): number {
  const balance = new Array<number>(c.n).fill(0);
  const counts = c.caps.map(() => 0);
  let cost = 0;
  c.arcs.forEach((a, i) => {
    const x = lp.flow(i);
    expect(x).toBeGreaterThanOrEqual(-1e-9);
    expect(x).toBeLessThanOrEqual(a.cap + 1e-9);
    balance[a.from] -= x;
    balance[a.to] += x;
    if (c.rowOf[i] >= 0) counts[c.rowOf[i]] += x;
    cost += a.cost * x;
  });
  for (const b of balance) expect(Math.abs(b)).toBeLessThan(1e-7);
  counts.forEach((n, r) => expect(n).toBeLessThanOrEqual(c.caps[r] + 1e-7));
  expect(lp.excess()).toBeLessThan(1e-7);
  return cost;
}

describe('SideSimplex', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await highsLoader();
  });

  it('finds the LP optimum HiGHS finds, from a start that breaks the rows, with a bound equal to it', () => {
    let broken = 0;
    fc.assert(
      fc.property(caseArb, (raw) => {
        const c = { ...raw, rowOf: raw.rowOf.slice(0, raw.arcs.length) };
        const { lp } = build(c);
        if (lp.excess() > 0) broken++;
        expect(lp.solve()).toBe('optimal');
        const cost = feasibleCost(c, lp);
        const r = highs.solve(lpText(c));
        expect(r.Status).toBe('Optimal');
        expect(cost).toBeCloseTo(r.ObjectiveValue, 6);
        expect(lp.objective()).toBeCloseTo(r.ObjectiveValue, 6);
        expect(lp.bound()).toBeCloseTo(r.ObjectiveValue, 6);
      }),
      { numRuns: 400, seed: 20261126 },
    );
    // The start (the network's optimum) broke a row in a good share of the cases.
    expect(broken).toBeGreaterThan(40);
  });

  it('takes rows added after a solve, broken or not, and reaches the optimum with all of them', () => {
    let added = 0;
    let withArcKeys = 0;
    fc.assert(
      fc.property(caseArb, fc.nat(), (raw, split) => {
        const c = { ...raw, rowOf: raw.rowOf.slice(0, raw.arcs.length) };
        const first = c.caps.length === 0 ? 0 : split % (c.caps.length + 1);
        const { lp } = build(c, first);
        expect(lp.solve()).toBe('optimal');
        if (lp.keyArcs > 0 && first < c.caps.length) withArcKeys++;
        lp.addRows(rowsOf(c).slice(first));
        expect(lp.basisError()).toBeLessThan(1e-9);
        added += c.caps.length - first;
        expect(lp.rows).toBe(c.caps.length);
        expect(lp.solve()).toBe('optimal');
        const r = highs.solve(lpText(c));
        expect(feasibleCost(c, lp)).toBeCloseTo(r.ObjectiveValue, 6);
        expect(lp.bound()).toBeCloseTo(r.ObjectiveValue, 6);
      }),
      { numRuns: 1500, seed: 5 },
    );
    expect(added).toBeGreaterThan(100);
    // Rows were added to bases with arcs among the keys (W then has more than the slacks).
    expect(withArcKeys).toBeGreaterThan(50);
  });

  it('re-optimises from its basis after cost changes, and its bound never passes the optimum', () => {
    fc.assert(
      fc.property(caseArb, fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 35, maxLength: 35 }), (raw, costs) => {
        const c = { ...raw, rowOf: raw.rowOf.slice(0, raw.arcs.length) };
        const { lp } = build(c);
        lp.solve();
        c.arcs.forEach((a, i) => {
          a.cost = costs[i];
          lp.setCost(i, a.cost);
        });
        const r = highs.solve(lpText(c));
        // Any prices give a valid bound, before the re-solve as after.
        expect(lp.bound()).toBeLessThanOrEqual(r.ObjectiveValue + 1e-6);
        expect(lp.solve()).toBe('optimal');
        expect(feasibleCost(c, lp)).toBeCloseTo(r.ObjectiveValue, 6);
        expect(lp.bound()).toBeCloseTo(r.ObjectiveValue, 6);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
