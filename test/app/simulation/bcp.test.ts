/** The BCP day: who can keep which counter open when many cannot come in. */
import { bcpDay } from '../../../src/app/simulation/bcp';
import { generatedOrganisation } from '../../../src/app/simulation/organisation';

const org = generatedOrganisation('town-25', 1, ['2027-W03']);
const DAY = '2027-01-18';

describe('a BCP day on the town', () => {
  it('keeps every counter open when everyone can come in, and sends the rest home up to the licences', () => {
    const r = bcpDay(org, { day: DAY, unreachableShare: 0, seed: 1 });
    expect(r.unreachable).toBe(0);
    expect(r.counters.every((c) => c.status === 'open')).toBe(true);
    expect(r.stranded).toEqual([]);
    expect(r.telework).toHaveLength(org.policy.licencesPerDay!);
    expect(r.telework.every((p) => p.reachable)).toBe(true);
  });

  it('closes or reduces counters when 90% cannot come in; those away telework first', () => {
    const r = bcpDay(org, { day: DAY, unreachableShare: 0.9, seed: 1, licences: null });
    expect(r.unreachable).toBe(Math.round(org.staff.length * 0.9));
    const closed = r.counters.filter((c) => c.status !== 'open');
    expect(closed.length).toBeGreaterThan(5);
    for (const c of r.counters) {
      expect(c.staffed).toBe(Math.min(c.required, c.staff.length));
      // Nobody who cannot come in serves a counter.
      for (const p of c.staff) expect(r.telework.some((t) => t.id === p.id) || r.stranded.some((s) => s.id === p.id)).toBe(false);
    }
    // With unlimited licences everyone away who may telework does, except where the division's shared
    // terminals are all taken; the stranded are those who may not telework, or have no terminal left.
    const able = (id: string) => !org.policy.nonTeleworkJobTypes.includes(org.staff.find((s) => s.id === id)!.jobType);
    const terminalsFull = (division: string) => {
      const t = org.divisions.find((d) => d.id === division)!.terminals;
      return t !== null && r.telework.filter((p) => p.division === division).length === t;
    };
    expect(r.stranded.filter((p) => able(p.id)).every((p) => terminalsFull(p.division))).toBe(true);
    expect(r.stranded.some((p) => !able(p.id))).toBe(true);
    expect(r.telework.filter((p) => !p.reachable).length + r.stranded.length).toBe(r.unreachable);
  });

  it('strands those away beyond the licences, and is repeatable with its seed', () => {
    const a = bcpDay(org, { day: DAY, unreachableShare: 0.5, seed: 7, licences: 20 });
    const b = bcpDay(org, { day: DAY, unreachableShare: 0.5, seed: 7, licences: 20 });
    expect(a).toEqual(b);
    expect(a.telework).toHaveLength(20);
    expect(a.telework.every((p) => !p.reachable)).toBe(true);
    expect(a.stranded.length).toBe(a.unreachable - 20);
  });
});
