import { explain, solve } from '../../src/engine';
import { describeDenial, nameBook } from '../../src/domain/explanation';
import { MON, TUE, WED, problem, staff } from '../support/problems';

const only = <T>(xs: readonly T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0];
};

describe('denial explanations (derived by forcing the request)', () => {
  it('licences: granting it would deny a more valuable request that day', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [staff('sato', 'A', { requests: [{ day: MON, weight: 30 }] }), staff('suzuki', 'B', { requests: [{ day: MON, weight: 10 }] })],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ staff: 'suzuki', day: MON, rule: 'licences', cost: 20, tie: false });
    expect(e.consequences).toEqual([{ kind: 'deny', staff: 'sato', day: MON, weight: 30 }]);
    expect(describeDenial(e, nameBook(p)).headline).toContain('ライセンス');
  });

  it('counter-minimum: the only other qualified person must stay at the counter', () => {
    const p = problem({
      counters: [{ id: 'juminhyo', division: 'A', name: '住民票窓口', min: 1 }],
      staff: [
        staff('sato', 'A', { counters: ['juminhyo'], requests: [{ day: MON, weight: 30 }] }),
        staff('tanaka', 'A', { counters: ['juminhyo'], requests: [{ day: MON, weight: 20 }] }),
      ],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ staff: 'tanaka', rule: 'counter-minimum', counter: 'juminhyo', cost: 10 });
    expect(e.consequences).toEqual([{ kind: 'deny', staff: 'sato', day: MON, weight: 30 }]);
  });

  it('counter-minimum with a shortfall when nobody can cover', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, shortfallPenalty: 50 },
      counters: [{ id: 'zei', division: 'B', name: '課税窓口', min: 1 }],
      staff: [staff('ito', 'B', { counters: ['zei'], requests: [{ day: TUE, weight: 40 }] })],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ rule: 'counter-minimum', counter: 'zei', cost: 10 });
    expect(e.consequences).toEqual([{ kind: 'shortfall', counter: 'zei', day: TUE, missing: 1 }]);
    expect(describeDenial(e, nameBook(p)).details.join()).toContain('課税窓口');
  });

  it('terminals: the division shares one terminal', () => {
    const p = problem({
      divisions: [
        { id: 'A', name: '住民課', terminals: 1 },
        { id: 'B', name: '税務課' },
      ],
      staff: [staff('a1', 'A', { requests: [{ day: WED, weight: 25 }] }), staff('a2', 'A', { requests: [{ day: WED, weight: 5 }] })],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ staff: 'a2', rule: 'terminals', division: 'A', cost: 20 });
  });

  it("max-telework-days: granting it would drop one of the person's own days", () => {
    const p = problem({
      policy: { maxTeleworkDays: 1 },
      staff: [
        staff('kato', 'A', {
          requests: [
            { day: MON, weight: 9 },
            { day: TUE, weight: 3 },
          ],
        }),
      ],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ staff: 'kato', day: TUE, rule: 'max-telework-days', cost: 6 });
    expect(e.consequences).toEqual([{ kind: 'deny', staff: 'kato', day: MON, weight: 9 }]);
  });

  it('a tie is reported as such', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [staff('x', 'A', { requests: [{ day: MON, weight: 10 }] }), staff('y', 'B', { requests: [{ day: MON, weight: 10 }] })],
    });
    const e = only(explain(p, solve(p)));
    expect(e.tie).toBe(true);
    expect(e.cost).toBe(0);
  });

  it('requests that can never be granted are explained without solving', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2 },
      staff: [
        staff('away', 'A', { requests: [{ day: MON, weight: 5 }], absent: [MON] }),
        staff('fire', 'B', { canTelework: false, requests: [{ day: TUE, weight: 5 }] }),
        staff('pinned', 'A', { requests: [{ day: WED, weight: 5 }], pinned: { [WED]: 'office' } }),
      ],
    });
    const rules = Object.fromEntries(explain(p, solve(p)).map((e) => [e.staff, [e.rule, e.cost]]));
    expect(rules).toEqual({ away: ['absent', null], fire: ['can-telework', null], pinned: ['pins', null] });
  });

  it('flags a roster that is not optimal', () => {
    const p = problem({ staff: [staff('s', 'A', { requests: [{ day: MON, weight: 7 }] })] });
    const roster = solve(p);
    const worse = { ...roster, assignments: roster.assignments.map((a) => ({ ...a, mode: 'office' as const })) };
    const e = only(explain(p, worse));
    expect(e.improves).toBe(true);
    expect(e.cost).toBe(-7);
  });
});
