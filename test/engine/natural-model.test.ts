import {
  PROBLEM_FORMAT,
  Problem,
  Roster,
  Staff,
  counterMin,
  licencesOn,
  maxDaysOf,
  shortfallPenaltyOf,
  spreadBonusOf,
  terminalsOf,
} from '../../src/domain/rotation';
import { ColumnKind, RowKind, buildNaturalModel, rowName } from '../../src/engine/natural-model';
import { rosterFromSolution } from '../../src/engine/natural-model-roster';
import { loadHighsOnce, solveWithHighs, writeLp } from '../../src/oracle/highs';
import { solveWithJslp, toJslpModel } from '../../src/oracle/jslp';

const MON = '2026-11-23';
const TUE = '2026-11-24';
const WED = '2026-11-25';

function problem(parts: Partial<Problem> & Pick<Problem, 'staff'>): Problem {
  return {
    format: PROBLEM_FORMAT,
    name: 'hand-made',
    days: [MON, TUE],
    policy: { maxTeleworkDays: 2 },
    divisions: [{ id: 'd1', name: 'Division 1' }],
    counters: [],
    ...parts,
  };
}

function person(id: string, parts: Partial<Staff> = {}): Staff {
  return {
    id,
    division: 'd1',
    name: id,
    canTelework: true,
    counters: [],
    requests: [],
    absent: [],
    ...parts,
  };
}

const ask = (day: string, weight: number) => ({ day, weight });

/** Hand-made weeks whose optimum was worked out on paper (see each `why`). */
const CASES: { name: string; why: string; problem: Problem; objective: number }[] = [
  {
    name: 'counter-minimum: two qualified staff both ask for the only day the counter needs someone',
    why: 'one of them must staff it; granting A (30) beats granting B (20)',
    problem: problem({
      counters: [{ id: 'c1', division: 'd1', name: 'C1', min: { [MON]: 1 } }],
      staff: [person('A', { counters: ['c1'], requests: [ask(MON, 30)] }), person('B', { counters: ['c1'], requests: [ask(MON, 20)] })],
    }),
    objective: 30,
  },
  {
    name: 'licences: one licence on the day',
    why: 'only the heaviest request (30) fits',
    problem: problem({
      days: [MON],
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [
        person('A', { requests: [ask(MON, 10)] }),
        person('B', { requests: [ask(MON, 20)] }),
        person('C', { requests: [ask(MON, 30)] }),
      ],
    }),
    objective: 30,
  },
  {
    name: 'licences: per-day licences, a day not named is unlimited',
    why: 'Monday has one licence (B, 20); Tuesday is unlimited (10 + 20)',
    problem: problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: { [MON]: 1 } },
      staff: [person('A', { requests: [ask(MON, 10), ask(TUE, 10)] }), person('B', { requests: [ask(MON, 20), ask(TUE, 20)] })],
    }),
    objective: 50,
  },
  {
    name: 'terminals: one shared terminal in d1, none limited in d2',
    why: 'd1 grants only B (20); d2 grants C (5)',
    problem: problem({
      days: [MON],
      divisions: [
        { id: 'd1', name: 'D1', terminals: 1 },
        { id: 'd2', name: 'D2' },
      ],
      staff: [
        person('A', { requests: [ask(MON, 10)] }),
        person('B', { requests: [ask(MON, 20)] }),
        person('C', { division: 'd2', requests: [ask(MON, 5)] }),
      ],
    }),
    objective: 25,
  },
  {
    name: 'pins: pinned telework uses the weekly maximum and leaves a counter empty; pinned office denies',
    why: 'A is pinned to telework Monday (weight 0), so Tuesday (10) is over max 1 and c1 misses one person on Monday (−100000); B is pinned to the office on Tuesday (50 lost) and gets Monday (7)',
    problem: problem({
      policy: { maxTeleworkDays: 1 },
      counters: [{ id: 'c1', division: 'd1', name: 'C1', min: { [MON]: 1 } }],
      staff: [
        person('A', { counters: ['c1'], requests: [ask(TUE, 10)], pinned: { [MON]: 'telework' } }),
        person('B', { requests: [ask(MON, 7), ask(TUE, 50)], pinned: { [TUE]: 'office' } }),
      ],
    }),
    objective: 7 - 100000,
  },
  {
    name: 'spread bonus [20, 10]: two people one day each beat one person two days',
    why: 'one licence a day; A both days = 16 + 30 = 46, A one day + B one day = 8 + 5 + 20 + 20 = 53',
    problem: problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1, spreadBonus: [20, 10] },
      staff: [person('A', { requests: [ask(MON, 8), ask(TUE, 8)] }), person('B', { requests: [ask(MON, 5), ask(TUE, 5)] })],
    }),
    objective: 53,
  },
  {
    name: 'spread bonus with a negative tail [10, −15]',
    why: 'A: one day 10 + 10 = 20 beats two days 20 − 5 = 15; B: two days 40 − 5 = 35 beats one day 30',
    problem: problem({
      policy: { maxTeleworkDays: 2, spreadBonus: [10, -15] },
      staff: [person('A', { requests: [ask(MON, 10), ask(TUE, 10)] }), person('B', { requests: [ask(MON, 20), ask(TUE, 20)] })],
    }),
    objective: 55,
  },
  {
    name: 'spread bonus [10, −15] with max 3: the missing third entry counts 0, so the steps are not concave',
    why: 'one day 10 + 10 = 20, two days 20 − 5 = 15, three days 30 − 5 + 0 = 25 (an LP that skipped the −15 step would claim 30 for two days)',
    problem: problem({
      days: [MON, TUE, WED],
      policy: { maxTeleworkDays: 3, spreadBonus: [10, -15] },
      staff: [person('A', { requests: [ask(MON, 10), ask(TUE, 10), ask(WED, 10)] })],
    }),
    objective: 25,
  },
  {
    name: 'spread bonus [10, −15] with max 3 and a licence cap that allows only two days',
    why: 'Wednesday has no licence: one day 20 beats two days 15',
    problem: problem({
      days: [MON, TUE, WED],
      policy: { maxTeleworkDays: 3, spreadBonus: [10, -15], licencesPerDay: { [WED]: 0 } },
      staff: [person('A', { requests: [ask(MON, 10), ask(TUE, 10), ask(WED, 10)] })],
    }),
    objective: 20,
  },
  {
    name: 'counter-minimum: counters that cannot be covered give shortfalls',
    why: 'c1 needs 2 but only X is qualified (X stays: −100000 for the missing one); nobody can staff c2 (−100000)',
    problem: problem({
      days: [MON],
      counters: [
        { id: 'c1', division: 'd1', name: 'C1', min: 2 },
        { id: 'c2', division: 'd1', name: 'C2', min: 1 },
      ],
      staff: [person('X', { counters: ['c1'], requests: [ask(MON, 10)] })],
    }),
    objective: -200000,
  },
  {
    name: 'shortfallPenalty 5: telework worth 10 beats covering the counter',
    why: 'granting X gives 10 − 5 = 5',
    problem: problem({
      days: [MON],
      policy: { maxTeleworkDays: 2, shortfallPenalty: 5 },
      counters: [{ id: 'c1', division: 'd1', name: 'C1', min: 1 }],
      staff: [person('X', { counters: ['c1'], requests: [ask(MON, 10)] })],
    }),
    objective: 5,
  },
  {
    name: 'max-telework-days override, absent days, roles that cannot telework',
    why: 'A (max 1) takes Tuesday (7); B is absent on Tuesday and gets Monday (1); F cannot telework; G has nothing to do',
    problem: problem({
      days: [MON, TUE, WED],
      policy: { maxTeleworkDays: 3 },
      staff: [
        person('A', { maxTeleworkDays: 1, requests: [ask(MON, 5), ask(TUE, 7)] }),
        person('B', { absent: [TUE], requests: [ask(MON, 1), ask(TUE, 100)] }),
        person('F', { canTelework: false, requests: [ask(MON, 50)] }),
        person('G'),
      ],
    }),
    objective: 8,
  },
];

function caseNamed(prefix: string) {
  const found = CASES.find((c) => c.name.startsWith(prefix));
  if (!found) throw new Error(`no case ${prefix}`);
  return found;
}

describe('natural model: hand-computed optima', () => {
  beforeAll(async () => {
    await loadHighsOnce();
  });

  describe.each(CASES)('$name', ({ why, problem: p, objective }) => {
    test(`HiGHS finds ${objective} (${why})`, async () => {
      const solved = await solveWithHighs(p);
      expect(solved.status).toBe('optimal');
      expect(solved.objective).toBeCloseTo(objective, 6);
      expect(solved.roster.objective).toBe(objective);
      expect(validate(p, solved.roster)).toEqual([]);
    });

    test(`javascript-lp-solver finds ${objective}`, () => {
      const solved = solveWithJslp(p);
      expect(solved.status).toBe('optimal');
      expect(solved.objective).toBeCloseTo(objective, 6);
      expect(solved.roster.objective).toBe(objective);
      expect(validate(p, solved.roster)).toEqual([]);
    });
  });
});

describe('natural model: structure', () => {
  test('only possible variables exist; pinned telework is fixed to 1', () => {
    const p = caseNamed('pins:').problem;
    const model = buildNaturalModel(p);
    const telework = indicesOf(model.colKind, ColumnKind.telework);
    // A: Monday (pinned) and Tuesday; B: Monday only (Tuesday pinned office).
    expect(telework.map((j) => [p.staff[model.colStaff[j]].id, p.days[model.colDay[j]], model.colLower[j]])).toEqual([
      ['A', MON, 1],
      ['A', TUE, 0],
      ['B', MON, 0],
    ]);
    // A cannot serve c1 on Monday (pinned telework) and c1 needs nobody on Tuesday.
    expect(indicesOf(model.colKind, ColumnKind.counter)).toEqual([]);
    // Nobody can ever staff c1 on Monday: a constant, not a variable.
    expect(model.objectiveOffset).toBe(-100000);
    expect(model.counts).toEqual({
      variables: 3,
      integers: 3,
      constraints: 1,
      nonzeros: 2,
      skippedStaff: 0,
    });
    expect(rowName(p, model, 0)).toBe('max-telework-days[A]');
  });

  test('rows carry the rule id they enforce', () => {
    const p = problem({
      policy: { maxTeleworkDays: 1, licencesPerDay: 1, spreadBonus: [3] },
      divisions: [{ id: 'd1', name: 'D1', terminals: 1 }],
      counters: [{ id: 'c1', division: 'd1', name: 'C1', min: 1 }],
      staff: [
        person('A', { counters: ['c1'], requests: [ask(MON, 1), ask(TUE, 1)] }),
        person('B', { counters: ['c1'], requests: [ask(MON, 1)] }),
      ],
    });
    const model = buildNaturalModel(p);
    const names = Array.from({ length: model.numRows }, (_, i) => rowName(p, model, i));
    expect(names).toEqual([
      `one-entry-per-day[A,${MON}]`,
      `one-entry-per-day[A,${TUE}]`,
      'max-telework-days[A]',
      'spread-bonus[A]',
      `one-entry-per-day[B,${MON}]`,
      'spread-bonus[B]',
      `licences[${MON}]`,
      `terminals[d1,${MON}]`,
      `counter-minimum[c1,${MON}]`,
      `counter-minimum[c1,${TUE}]`,
    ]);
    expect(model.rowKind[8]).toBe(RowKind['counter-minimum']);
  });

  test('staff with nothing to decide have no variables and are plain office', () => {
    const p = problem({ staff: [person('G'), person('H', { absent: [TUE] })] });
    const model = buildNaturalModel(p);
    expect(model.numCols).toBe(0);
    expect(model.counts.skippedStaff).toBe(2);
    const roster = rosterFromSolution(p, model, [], 'optimal');
    expect(roster.assignments.map((a) => `${a.staff} ${a.day} ${a.mode}`)).toEqual([
      `G ${MON} office`,
      `G ${TUE} office`,
      `H ${MON} office`,
      `H ${TUE} absent`,
    ]);
  });

  test('the LP text uses short names and short lines', () => {
    const p = randomProblem(7, { staff: 40, days: 5, counters: 4 });
    const lp = writeLp(buildNaturalModel(p));
    const lines = lp.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(255);
    expect(lp).toMatch(/^Maximize$/m);
    expect(lp).toMatch(/^Subject To$/m);
    expect(lp).toMatch(/^End$/m);
    for (const token of lp.replace(/^\\.*$/m, '').split(/[\s:]+/)) {
      expect(token).toMatch(/^(|[tamyr]\d+|[-+]|<=|>=|=|-?\d+|Maximize|Subject|To|Bounds|General|Binary|End|obj)$/);
    }
  });

  test('javascript-lp-solver gets bound rows only where no row implies the bound', () => {
    const p = caseNamed('spread bonus [20, 10]').problem; // t alone on its day, y in [0, 1]
    const json = toJslpModel(buildNaturalModel(p));
    const boundRows = Object.keys(json.constraints).filter((name) => /^[ul]/.test(name));
    // t columns: licences row (≤ 1) implies t ≤ 1; y columns need u rows.
    const model = buildNaturalModel(p);
    const spread = indicesOf(model.colKind, ColumnKind.spread);
    expect(boundRows.sort()).toEqual(spread.map((j) => `u${j}`).sort());
  });

  test('pins that cannot all hold make both solvers throw', async () => {
    const p = problem({
      policy: { maxTeleworkDays: 1 },
      staff: [person('A', { pinned: { [MON]: 'telework', [TUE]: 'telework' } })],
    });
    await expect(solveWithHighs(p)).rejects.toThrow(/^HiGHS found no solution: infeasible/);
    expect(() => solveWithJslp(p)).toThrow(/javascript-lp-solver/);
  });

  test('HiGHS gives the same answer from LP text and from CSR arrays', async () => {
    const p = randomProblem(11, { staff: 60, days: 5, counters: 6, pins: true });
    const viaLp = await solveWithHighs(p, { input: 'lp' });
    const viaMatrix = await solveWithHighs(p, { input: 'matrix' });
    expect(viaLp.status).toBe('optimal');
    expect(viaMatrix.status).toBe('optimal');
    expect(viaLp.roster.objective).toBe(viaMatrix.roster.objective);
    expect(viaLp.objective).toBeCloseTo(viaLp.roster.objective, 6);
    expect(validate(p, viaLp.roster)).toEqual([]);
  });

  test('builds a 50,000-staff week quickly', () => {
    const p = randomProblem(1, { staff: 50000, days: 5, counters: 400 });
    const start = performance.now();
    const model = buildNaturalModel(p);
    const millis = performance.now() - start;
    expect(model.numCols).toBeGreaterThan(200000);
    expect(millis).toBeLessThan(3000);
  });
});

describe('natural model: random tiny weeks against brute force', () => {
  const seeds = Array.from({ length: 40 }, (_, i) => i + 1);
  test.each(seeds)('seed %i', async (seed) => {
    const shape = seed % 2 ? { staff: 3, days: 2 } : { staff: 2, days: 3 };
    const p = randomProblem(seed, { ...shape, counters: 2, pins: true });
    const best = bruteForce(p);
    if (best === undefined) {
      await expect(solveWithHighs(p)).rejects.toThrow(/HiGHS/);
      return;
    }
    const highs = await solveWithHighs(p);
    expect(highs.status).toBe('optimal');
    expect(highs.roster.objective).toBe(best);
    expect(highs.objective).toBeCloseTo(best, 6);
    expect(validate(p, highs.roster)).toEqual([]);
    const jslp = solveWithJslp(p);
    expect(jslp.roster.objective).toBe(best);
    expect(jslp.objective).toBeCloseTo(best, 6);
    expect(validate(p, jslp.roster)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Independent helpers: a roster checker and a brute-force optimum, written
// from the format, not from the model.

function indicesOf(kinds: Uint8Array, kind: number): number[] {
  return [...kinds.keys()].filter((j) => kinds[j] === kind);
}

/** Objective of a full choice of modes (the format's definition). */
function formatObjective(p: Problem, roster: Pick<Roster, 'assignments'>): { objective: number; missing: Map<string, number> } {
  let objective = 0;
  const bonus = spreadBonusOf(p.policy);
  for (const s of p.staff) {
    const days = roster.assignments.filter((a) => a.staff === s.id && a.mode === 'telework').map((a) => a.day);
    for (const r of s.requests) if (days.includes(r.day)) objective += r.weight;
    days.forEach((_, g) => (objective += bonus[g] ?? 0));
  }
  const missing = new Map<string, number>();
  for (const c of p.counters) {
    for (const day of p.days) {
      const served = roster.assignments.filter((a) => a.day === day && a.counter === c.id).length;
      const m = Math.max(0, counterMin(c, day) - served);
      if (m > 0) missing.set(`${c.id} ${day}`, m);
      objective -= shortfallPenaltyOf(p.policy) * m;
    }
  }
  return { objective, missing };
}

/** Every broken rule of the format, as `rule-id: detail`. */
function validate(p: Problem, roster: Roster): string[] {
  const problems: string[] = [];
  if (roster.assignments.length !== p.staff.length * p.days.length) problems.push('one-entry-per-day: count');
  for (const s of p.staff) {
    const mine = roster.assignments.filter((a) => a.staff === s.id);
    let telework = 0;
    for (const day of p.days) {
      const entries = mine.filter((a) => a.day === day);
      if (entries.length !== 1) {
        problems.push(`one-entry-per-day: ${s.id} ${day}`);
        continue;
      }
      const a = entries[0];
      if ((a.mode === 'absent') !== s.absent.includes(day)) problems.push(`absent: ${s.id} ${day}`);
      const pin = s.pinned?.[day];
      if (pin && a.mode !== pin) problems.push(`pins: ${s.id} ${day}`);
      if (a.mode === 'telework') {
        telework++;
        if (!s.canTelework) problems.push(`can-telework: ${s.id}`);
        if (!s.requests.some((r) => r.day === day) && pin !== 'telework') problems.push(`requested-only: ${s.id} ${day}`);
      }
      if (a.counter !== undefined && (a.mode !== 'office' || !s.counters.includes(a.counter))) {
        problems.push(`qualified-counter: ${s.id} ${day}`);
      }
    }
    if (telework > maxDaysOf(p, s)) problems.push(`max-telework-days: ${s.id}`);
  }
  for (const day of p.days) {
    const tele = roster.assignments.filter((a) => a.day === day && a.mode === 'telework');
    if (tele.length > licencesOn(p.policy, day)) problems.push(`licences: ${day}`);
    for (const d of p.divisions) {
      const n = tele.filter((a) => p.staff.find((s) => s.id === a.staff)?.division === d.id).length;
      if (n > terminalsOf(d)) problems.push(`terminals: ${d.id} ${day}`);
    }
  }
  const { objective, missing } = formatObjective(p, roster);
  const listed = new Map(roster.shortfalls.map((f) => [`${f.counter} ${f.day}`, f.missing]));
  if (JSON.stringify([...listed].sort()) !== JSON.stringify([...missing].sort())) problems.push('shortfalls');
  if (roster.objective !== objective) problems.push(`objective: ${roster.objective} ≠ ${objective}`);
  return problems;
}

/** The best objective over every roster that keeps the rules, or undefined if none does. */
function bruteForce(p: Problem): number | undefined {
  type Choice = { mode: 'office' | 'telework' | 'absent'; counter?: string };
  const slots = p.staff.flatMap((s) => p.days.map((day) => ({ s, day })));
  const options: Choice[][] = slots.map(({ s, day }) => {
    if (s.absent.includes(day)) return [{ mode: 'absent' }];
    const pin = s.pinned?.[day];
    const office: Choice[] = [{ mode: 'office' }, ...s.counters.map((counter) => ({ mode: 'office' as const, counter }))];
    const canTele = s.canTelework && (pin === 'telework' || s.requests.some((r) => r.day === day));
    if (pin === 'telework') return canTele ? [{ mode: 'telework' }] : [];
    if (pin === 'office' || !canTele) return office;
    return [{ mode: 'telework' }, ...office];
  });
  let best: number | undefined;
  const pick: Choice[] = [];
  const visit = (k: number): void => {
    if (k === slots.length) {
      const assignments = slots.map(({ s, day }, i) => ({ staff: s.id, day, ...pick[i] }));
      const roster = { assignments };
      for (const s of p.staff) {
        const n = assignments.filter((a) => a.staff === s.id && a.mode === 'telework').length;
        if (n > maxDaysOf(p, s)) return;
      }
      for (const day of p.days) {
        const tele = assignments.filter((a) => a.day === day && a.mode === 'telework');
        if (tele.length > licencesOn(p.policy, day)) return;
        for (const d of p.divisions) {
          const n = tele.filter((a) => p.staff.find((s) => s.id === a.staff)?.division === d.id).length;
          if (n > terminalsOf(d)) return;
        }
      }
      const { objective } = formatObjective(p, roster);
      if (best === undefined || objective > best) best = objective;
      return;
    }
    for (const choice of options[k]) {
      pick[k] = choice;
      visit(k + 1);
    }
  };
  visit(0);
  return best;
}

/** A seeded random week (mulberry32), small or large. */
function randomProblem(seed: number, size: { staff: number; days: number; counters: number; pins?: boolean }): Problem {
  let state = seed >>> 0;
  const rand = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rand() * n);
  const days = [MON, TUE, WED, '2026-11-26', '2026-11-27'].slice(0, size.days);
  const numDivisions = Math.max(1, Math.ceil(size.counters / 2));
  const divisions = Array.from({ length: numDivisions }, (_, i) => ({
    id: `d${i}`,
    name: `D${i}`,
    ...(rand() < 0.4 ? { terminals: 1 + int(Math.max(1, size.staff / numDivisions / 3)) } : {}),
  }));
  const counters = Array.from({ length: size.counters }, (_, i) => ({
    id: `c${i}`,
    division: `d${i % numDivisions}`,
    name: `C${i}`,
    min: rand() < 0.5 ? int(3) : Object.fromEntries(days.map((d) => [d, int(3)])),
  }));
  const bonusLength = int(4);
  const spreadBonus = Array.from({ length: bonusLength }, () => int(30) - 10).sort((a, b) => b - a);
  const staff = Array.from({ length: size.staff }, (_, i): Staff => {
    const division = `d${int(numDivisions)}`;
    const absent = days.filter(() => rand() < 0.1);
    const requests = days.filter(() => rand() < 0.5).map((day) => ask(day, int(40)));
    const canTelework = rand() < 0.9;
    const pinned: Record<string, 'office' | 'telework'> = {};
    if (size.pins && rand() < 0.3) {
      const day = days[int(days.length)];
      if (!absent.includes(day)) pinned[day] = canTelework && rand() < 0.5 ? 'telework' : 'office';
    }
    const own = counters.filter((c) => c.division === division);
    const qualified = own.filter(() => rand() < 0.6).map((c) => c.id);
    if (counters.length > 0 && rand() < 0.2) qualified.push(counters[int(counters.length)].id);
    return {
      id: `s${i}`,
      division,
      name: `S${i}`,
      canTelework,
      ...(rand() < 0.2 ? { maxTeleworkDays: int(3) } : {}),
      counters: [...new Set(qualified)],
      requests,
      absent,
      ...(Object.keys(pinned).length ? { pinned } : {}),
    };
  });
  return {
    format: PROBLEM_FORMAT,
    name: `random-${seed}`,
    days,
    policy: {
      maxTeleworkDays: 1 + int(3),
      ...(rand() < 0.5 ? { licencesPerDay: 1 + int(Math.max(1, size.staff / 2)) } : {}),
      spreadBonus,
      shortfallPenalty: rand() < 0.5 ? 5 + int(20) : 100000,
    },
    divisions,
    counters,
    staff,
  };
}
