import { Problem, Staff } from '../../src/domain/rotation';

/** Small hand-made problems whose optimum is worked out in the comment beside each. */
export function staff(id: string, division: string, extra: Partial<Staff> = {}): Staff {
  return { id, division, name: id, canTelework: true, counters: [], requests: [], absent: [], ...extra };
}

export function problem(parts: Partial<Problem> & Pick<Problem, 'staff'>): Problem {
  return {
    format: 'rotation-problem/1',
    name: 'hand-made',
    days: ['2026-11-24', '2026-11-25', '2026-11-26'],
    policy: { maxTeleworkDays: 2 },
    divisions: [
      { id: 'A', name: '住民課' },
      { id: 'B', name: '税務課' },
    ],
    counters: [],
    ...parts,
  };
}

export const MON = '2026-11-24';
export const TUE = '2026-11-25';
export const WED = '2026-11-26';
