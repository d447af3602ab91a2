import {
  COUPLED_DEFAULT_KNOBS,
  SHAPES,
  cityProblem,
  coupledKnobs,
  coupledProblem,
  scaledProblem,
  shapeProblem,
  townProblem,
} from '../../src/generators';
import { validateProblem } from '../../src/domain/validate-problem';
import { workingDays } from '../../src/domain/calendar';
import { counterMin, licencesOn, maxDaysOf, type Problem } from '../../src/domain/rotation';

/**
 * A small structural check written independently of the generators: the
 * format's validity rules (rotation-v1.md) and pin consistency.
 */
function structuralErrors(p: Problem): string[] {
  const errors: string[] = [];
  const isInt = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n);
  const days = new Set(p.days);
  if (p.format !== 'rotation-problem/1') errors.push('format');
  if (days.size !== p.days.length) errors.push('days: duplicates');
  p.days.forEach((d, i) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) errors.push(`days[${i}]: ${d}`);
    if (i > 0 && p.days[i - 1] >= d) errors.push(`days[${i}]: not ascending`);
  });
  if (!isInt(p.policy.maxTeleworkDays) || p.policy.maxTeleworkDays < 0) errors.push('policy.maxTeleworkDays');
  const lic = p.policy.licencesPerDay;
  if (lic !== undefined) {
    if (typeof lic === 'number') {
      if (!isInt(lic) || lic < 0) errors.push('policy.licencesPerDay');
    } else {
      for (const [d, n] of Object.entries(lic)) if (!days.has(d) || !isInt(n) || n < 0) errors.push(`licences ${d}`);
    }
  }
  const spread = p.policy.spreadBonus ?? [];
  spread.forEach((b, i) => {
    if (!isInt(b)) errors.push(`spreadBonus[${i}]`);
    if (i > 0 && spread[i - 1] < b) errors.push(`spreadBonus[${i}]: increasing`);
  });
  if (p.policy.shortfallPenalty !== undefined && !isInt(p.policy.shortfallPenalty)) errors.push('shortfallPenalty');

  const unique = (ids: string[], what: string) => {
    if (new Set(ids).size !== ids.length) errors.push(`${what}: duplicate ids`);
  };
  unique(
    p.divisions.map((d) => d.id),
    'divisions',
  );
  unique(
    p.counters.map((c) => c.id),
    'counters',
  );
  unique(
    p.staff.map((s) => s.id),
    'staff',
  );
  const divisions = new Map(p.divisions.map((d) => [d.id, d]));
  const counters = new Set(p.counters.map((c) => c.id));
  for (const d of p.divisions) if (d.terminals !== undefined && (!isInt(d.terminals) || d.terminals < 0)) errors.push(`terminals ${d.id}`);
  for (const c of p.counters) {
    if (!divisions.has(c.division)) errors.push(`counter ${c.id}: division`);
    if (typeof c.min === 'number') {
      if (!isInt(c.min) || c.min < 0) errors.push(`counter ${c.id}: min`);
    } else {
      for (const [d, n] of Object.entries(c.min)) if (!days.has(d) || !isInt(n) || n < 0) errors.push(`counter ${c.id}: min ${d}`);
    }
  }
  const licencePins = new Map<string, number>();
  const terminalPins = new Map<string, number>();
  for (const s of p.staff) {
    const at = `staff ${s.id}`;
    if (!divisions.has(s.division)) errors.push(`${at}: division`);
    if (typeof s.canTelework !== 'boolean') errors.push(`${at}: canTelework`);
    if (s.maxTeleworkDays !== undefined && (!isInt(s.maxTeleworkDays) || s.maxTeleworkDays < 0)) errors.push(`${at}: max`);
    for (const c of s.counters) if (!counters.has(c)) errors.push(`${at}: counter ${c}`);
    if (new Set(s.counters).size !== s.counters.length) errors.push(`${at}: duplicate counters`);
    const requested = s.requests.map((r) => r.day);
    if (new Set(requested).size !== requested.length) errors.push(`${at}: two requests on one day`);
    for (const r of s.requests) if (!days.has(r.day) || !isInt(r.weight) || r.weight < 0) errors.push(`${at}: request ${r.day}`);
    for (const d of s.absent) if (!days.has(d)) errors.push(`${at}: absent ${d}`);
    if (new Set(s.absent).size !== s.absent.length) errors.push(`${at}: duplicate absent`);
    let teleworkPins = 0;
    for (const [d, mode] of Object.entries(s.pinned ?? {})) {
      if (!days.has(d)) errors.push(`${at}: pinned ${d}`);
      if (mode !== 'office' && mode !== 'telework') errors.push(`${at}: pin mode ${String(mode)}`);
      if (s.absent.includes(d)) errors.push(`${at}: pinned on a day of leave ${d}`);
      if (mode === 'telework') {
        if (!s.canTelework) errors.push(`${at}: telework pin but cannot telework`);
        teleworkPins++;
        licencePins.set(d, (licencePins.get(d) ?? 0) + 1);
        const key = `${s.division}/${d}`;
        terminalPins.set(key, (terminalPins.get(key) ?? 0) + 1);
      }
    }
    if (teleworkPins > maxDaysOf(p, s)) errors.push(`${at}: telework pins beyond maximum`);
  }
  for (const [d, n] of licencePins) if (n > licencesOn(p.policy, d)) errors.push(`pins beyond licences on ${d}`);
  for (const [key, n] of terminalPins) {
    const t = divisions.get(key.split('/')[0])?.terminals;
    if (t !== undefined && n > t) errors.push(`pins beyond terminals ${key}`);
  }
  return errors;
}

/** Whether every counter minimum can be met on every day with everyone present in the office (bipartite matching). */
function coverableWithoutTelework(p: Problem): string[] {
  const gaps: string[] = [];
  for (const day of p.days) {
    const slots: string[] = [];
    for (const c of p.counters) for (let i = 0; i < counterMin(c, day); i++) slots.push(c.id);
    const present = p.staff.filter((s) => !s.absent.includes(day));
    const byCounter = new Map<string, number[]>();
    present.forEach((s, i) => s.counters.forEach((c) => byCounter.set(c, [...(byCounter.get(c) ?? []), i])));
    const owner = new Array<number>(present.length).fill(-1);
    const augment = (slot: number, seen: Set<number>): boolean => {
      for (const person of byCounter.get(slots[slot]) ?? []) {
        if (seen.has(person)) continue;
        seen.add(person);
        if (owner[person] < 0 || augment(owner[person], seen)) {
          owner[person] = slot;
          return true;
        }
      }
      return false;
    };
    slots.forEach((_, slot) => {
      if (!augment(slot, new Set())) gaps.push(`${day} ${slots[slot]}`);
    });
  }
  return gaps;
}

const json = (p: Problem) => JSON.stringify(p);
const jumin = (p: Problem) => p.days.map((d) => p.counters.filter((c) => c.division === 'jumin').reduce((a, c) => a + counterMin(c, d), 0));

describe('calendar', () => {
  it('drops the 勤労感謝の日 Monday of 2026-W48', () => {
    expect(workingDays('2026-W48')).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
  });

  it('drops the New Year closure 12/29–1/3', () => {
    expect(workingDays('2026-W53')).toEqual(['2026-12-28']);
    expect(workingDays('2027-W01')).toEqual(['2027-01-04', '2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08']);
    expect(workingDays('2026-W53', { yearEnd: false })).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']);
  });

  it('takes extra closure days set by ordinance', () => {
    expect(workingDays('2026-W50', ['2026-12-09'])).toEqual(['2026-12-07', '2026-12-08', '2026-12-10', '2026-12-11']);
  });

  it('drops 振替休日', () => {
    expect(workingDays('2027-W12')).not.toContain('2027-03-22');
  });

  it('rejects a malformed week', () => {
    expect(() => workingDays('2026-48')).toThrow();
    expect(() => workingDays('2027-W53')).toThrow();
  });
});

describe('townProblem', () => {
  const w48 = townProblem('2026-W48');
  const w50 = townProblem('2026-W50');
  const w13 = townProblem('2027-W13');

  it('is deterministic', () => {
    expect(json(townProblem('2026-W48'))).toBe(json(w48));
    expect(json(townProblem('2026-W48', 2))).not.toBe(json(w48));
  });

  it('has the 25 divisions and staff counts of the table', () => {
    // town-data.md, in table order
    const sizes = [5, 18, 10, 8, 9, 5, 5, 20, 24, 14, 22, 17, 14, 14, 50, 10, 12, 10, 18, 7, 19, 14, 20, 15, 66];
    expect(w50.divisions).toHaveLength(25);
    expect(w50.staff.length).toBeGreaterThanOrEqual(420);
    expect(w50.staff.length).toBeLessThanOrEqual(435);
    expect(w50.divisions.map((d) => w50.staff.filter((s) => s.division === d.id).length)).toEqual(sizes);
    expect(w50.name).toBe('town-25 2026-W50');
    expect(w50.staff[0].id).toBe('t0001');
  });

  it('keeps firefighters, nurseries and school lunch out of telework', () => {
    for (const id of ['shobo', 'hoiku', 'kyushoku']) {
      const members = w50.staff.filter((s) => s.division === id);
      expect(members.every((s) => !s.canTelework && s.requests.length === 0)).toBe(true);
    }
  });

  it('is the same town every week, with new requests', () => {
    const org = (p: Problem) => p.staff.map((s) => [s.id, s.name, s.division, s.canTelework, s.counters, s.maxTeleworkDays]);
    expect(org(w48)).toEqual(org(w50));
    expect(w48.divisions).toEqual(w50.divisions);
  });

  it('has 4 days in the holiday week, without 2026-11-23', () => {
    expect(w48.days).toHaveLength(4);
    expect(w48.days).not.toContain('2026-11-23');
    expect(w48.name).toBe('town-25 2026-W48');
    // the first open day after the holiday is busier at 住民課 (Tuesday: 3 + 1)
    expect(jumin(w48)[0]).toBe(4);
  });

  it('raises 住民課 around 1 April', () => {
    const april = jumin(w13);
    const ordinary = jumin(w50);
    april.forEach((m, i) => expect(m).toBeGreaterThan(ordinary[i]));
    expect(Math.max(...april)).toBeGreaterThanOrEqual(3 * Math.max(...ordinary));
  });

  it('raises 税務課 in June–July', () => {
    const zeimu = (p: Problem) =>
      p.days.map((d) => p.counters.filter((c) => c.division === 'zeimu').reduce((a, c) => a + counterMin(c, d), 0));
    expect(zeimu(townProblem('2026-W25'))).toEqual([3, 3, 3, 3, 3]);
    expect(zeimu(w50)).toEqual([2, 2, 2, 2, 2]);
  });

  it('follows the town-wide policy', () => {
    expect(w50.policy).toEqual({ maxTeleworkDays: 2, licencesPerDay: 50, spreadBonus: [20, 10], shortfallPenalty: 100000 });
    const caregivers = w50.staff.filter((s) => s.maxTeleworkDays === 4).length;
    expect(caregivers / w50.staff.length).toBeCloseTo(0.08, 1);
    const terminals = w50.divisions.filter((d) => d.terminals !== undefined);
    expect(terminals.length).toBeGreaterThanOrEqual(6);
    expect(terminals.length).toBeLessThanOrEqual(8);
    const pins = w50.staff.reduce((a, s) => a + Object.keys(s.pinned ?? {}).length, 0);
    expect(pins).toBeGreaterThanOrEqual(2);
    expect(pins).toBeLessThanOrEqual(4);
  });

  it('trains only part of a division, and a few staff next door', () => {
    const jum = w50.staff.filter((s) => s.division === 'jumin');
    const counters = w50.counters.filter((c) => c.division === 'jumin').map((c) => c.id);
    expect(jum.some((s) => counters.some((c) => !s.counters.includes(c)))).toBe(true);
    const cross = w50.staff.filter((s) => s.counters.some((c) => !c.startsWith(`${s.division}-`)));
    expect(cross.length).toBeGreaterThanOrEqual(4);
    expect(cross.length).toBeLessThanOrEqual(8);
  });

  it('asks for telework about as the survey says', () => {
    const able = w50.staff.filter((s) => s.canTelework);
    const asked = able.filter((s) => s.requests.length > 0).length / able.length;
    expect(asked).toBeGreaterThan(0.5);
    expect(asked).toBeLessThan(0.7);
    const absent = w50.staff.reduce((a, s) => a + s.absent.length, 0) / (w50.staff.length * w50.days.length);
    expect(absent).toBeGreaterThan(0.015);
    expect(absent).toBeLessThan(0.05);
  });

  it.each([['2026-W48'], ['2026-W50'], ['2027-W13']])('%s is valid and coverable without telework', (week) => {
    const p = townProblem(week);
    expect(structuralErrors(p)).toEqual([]);
    expect(coverableWithoutTelework(p)).toEqual([]);
  });
});

describe('cityProblem', () => {
  const city = cityProblem('2026-W50');

  it('is deterministic', () => {
    expect(json(cityProblem('2026-W50'))).toBe(json(city));
  });

  it('has ~2,900 staff in ~100 divisions, ~35% with counters, ~25% unable to telework', () => {
    expect(city.name).toBe('city-2900 2026-W50');
    expect(city.staff.length).toBeGreaterThanOrEqual(2850);
    expect(city.staff.length).toBeLessThanOrEqual(2950);
    expect(city.divisions.length).toBeGreaterThanOrEqual(95);
    expect(city.divisions.length).toBeLessThanOrEqual(105);
    const withCounters = new Set(city.counters.map((c) => c.division)).size / city.divisions.length;
    expect(withCounters).toBeGreaterThan(0.3);
    expect(withCounters).toBeLessThan(0.42);
    const cannot = city.staff.filter((s) => !s.canTelework).length / city.staff.length;
    expect(cannot).toBeCloseTo(0.25, 1);
    expect(city.policy.licencesPerDay).toBe(300);
  });

  it('spreads requests over weekdays as the survey does: Friday and Monday most', () => {
    const perDay = city.days.map((d) => city.staff.reduce((a, s) => a + (s.requests.some((r) => r.day === d) ? 1 : 0), 0));
    const [mon, tue, wed, thu, fri] = perDay;
    expect(Math.min(mon, fri)).toBeGreaterThan(Math.max(tue, wed, thu));
    expect(wed).toBeGreaterThan(Math.max(tue, thu));
    const counts = city.staff.filter((s) => s.requests.length > 0).map((s) => s.requests.length);
    const share = (k: number) => counts.filter((n) => n === k).length / counts.length;
    expect(share(1)).toBeGreaterThan(share(2));
    expect(share(5)).toBeGreaterThan(share(3));
  });

  it('is valid and coverable without telework', () => {
    expect(structuralErrors(city)).toEqual([]);
    expect(coverableWithoutTelework(city)).toEqual([]);
  });
});

describe('scaledProblem', () => {
  it('is deterministic and about the size asked', () => {
    const a = scaledProblem(1000, 7);
    expect(json(scaledProblem(1000, 7))).toBe(json(a));
    expect(a.staff).toHaveLength(1000);
    expect(a.policy.licencesPerDay).toBe(100);
    expect(a.days).toEqual(workingDays('2026-W50'));
    expect(structuralErrors(a)).toEqual([]);
  });

  it('builds 50,000 staff quickly', () => {
    const started = process.hrtime.bigint();
    const p = scaledProblem(50000, 1);
    const millis = Number(process.hrtime.bigint() - started) / 1e6;
    expect(p.staff).toHaveLength(50000);
    expect(new Set(p.divisions.map((d) => d.id)).size).toBe(p.divisions.length);
    expect(millis).toBeLessThan(2000);
    expect(structuralErrors(p)).toEqual([]);
  });

  it('handles tiny organisations', () => {
    for (const n of [1, 2, 5, 30]) expect(structuralErrors(scaledProblem(n, 3))).toEqual([]);
  });
});

describe('coupledProblem', () => {
  const crossQualified = (p: Problem) => {
    const division = new Map(p.counters.map((c) => [c.id, c.division]));
    return p.staff.filter((s) => s.counters.some((c) => division.get(c) !== s.division)).length;
  };

  it('is deterministic, and its knobs are drawn from the seed across their ranges', () => {
    expect(json(coupledProblem(600, 5))).toBe(json(coupledProblem(600, 5)));
    expect(json(coupledProblem(600, 5))).not.toBe(json(coupledProblem(600, 6)));
    const knobs = Array.from({ length: 200 }, (_, i) => coupledKnobs(i + 1));
    const range = (pick: (k: (typeof knobs)[number]) => number) => [Math.min(...knobs.map(pick)), Math.max(...knobs.map(pick))];
    const [crossLo, crossHi] = range((k) => k.crossShare);
    expect(crossLo).toBeLessThan(0.02);
    expect(crossHi).toBeGreaterThan(0.18);
    expect(crossHi).toBeLessThanOrEqual(0.2);
    const [termLo, termHi] = range((k) => k.terminalShare);
    expect(termLo).toBeLessThan(0.1);
    expect(termHi).toBeGreaterThan(0.9);
    const [tightLo, tightHi] = range((k) => k.tightness);
    expect(tightLo).toBeLessThan(0.1);
    expect(tightHi).toBeGreaterThan(0.9);
    expect(range((k) => k.licenceSwing)[1]).toBeGreaterThan(0.15);
    expect(new Set(knobs.map((k) => k.dayCount))).toEqual(new Set([4, 5]));
  });

  it.each([
    [60, 1],
    [430, 2],
    [2900, 3],
  ])('%i staff, seed %i: valid, pins consistent', (staff, seed) => {
    const p = coupledProblem(staff, seed);
    expect(p.staff).toHaveLength(staff);
    expect(validateProblem(p)).toEqual([]);
    expect(structuralErrors(p)).toEqual([]);
  });

  it('turns each knob', () => {
    const base = { ...COUPLED_DEFAULT_KNOBS };
    const loose = coupledProblem(2000, 4, { ...base, crossShare: 0, terminalShare: 0, tightness: 0, licenceSwing: 0, dayCount: 5 });
    const tight = coupledProblem(2000, 4, { ...base, crossShare: 0.2, terminalShare: 1, tightness: 1, licenceSwing: 0.2, dayCount: 4 });
    expect(crossQualified(loose)).toBeLessThan(0.01 * 2000);
    expect(crossQualified(tight)).toBeGreaterThanOrEqual(0.19 * 2000);
    expect(loose.divisions.filter((d) => d.terminals !== undefined)).toHaveLength(0);
    const withTerminals = tight.divisions.filter((d) => d.terminals !== undefined);
    expect(withTerminals.length).toBeGreaterThan(0.6 * tight.divisions.length);
    for (const d of withTerminals) expect([1, 2, 3, 4]).toContain(d.terminals);
    expect(loose.days).toHaveLength(5);
    expect(tight.days).toHaveLength(4);
    const licences = (p: Problem) => p.days.map((d) => licencesOn(p.policy, d));
    expect(new Set(licences(loose)).size).toBe(1);
    expect(Math.max(...licences(tight)) - Math.min(...licences(tight))).toBeGreaterThan(10);
    for (const n of licences(tight)) expect(Math.abs(n - 200)).toBeLessThanOrEqual(40);
    // Some of the tight counters ask for more than all their qualified staff.
    const qualified = (p: Problem, id: string) => p.staff.filter((s) => s.counters.includes(id)).length;
    const beyond = tight.counters.filter((c) => tight.days.some((d) => counterMin(c, d) > qualified(tight, c.id)));
    expect(beyond.length).toBeGreaterThan(0);
    expect(loose.counters.every((c) => loose.days.every((d) => counterMin(c, d) <= qualified(loose, c.id)))).toBe(true);
    // Caregivers: a personal maximum of 3; about 2% office pins and some telework pins.
    for (const s of tight.staff) if (s.maxTeleworkDays !== undefined) expect(s.maxTeleworkDays).toBe(3);
    expect(tight.staff.filter((s) => s.maxTeleworkDays === 3).length).toBeGreaterThan(50);
    const pins = (mode: string) => tight.staff.reduce((n, s) => n + Object.values(s.pinned ?? {}).filter((m) => m === mode).length, 0);
    expect(pins('office')).toBe(40);
    expect(pins('telework')).toBeGreaterThan(0);
  });

  it('rejects knobs out of range', () => {
    expect(() => coupledProblem(100, 1, { ...COUPLED_DEFAULT_KNOBS, crossShare: 0.3 })).toThrow(/crossShare/);
    expect(() => coupledProblem(100, 1, { ...COUPLED_DEFAULT_KNOBS, tightness: -1 })).toThrow(/tightness/);
    expect(() => coupledProblem(0, 1)).toThrow(/positive integer/);
  });
});

describe('shapeProblem', () => {
  it('is deterministic and picks a shape from the seed', () => {
    expect(json(shapeProblem(42))).toBe(json(shapeProblem(42)));
    const names = new Set(Array.from({ length: SHAPES.length }, (_, i) => shapeProblem(i).name.split(' ')[0]));
    expect(names.size).toBe(SHAPES.length);
  });

  it.each(SHAPES.map((s) => [s]))('%s is valid over seeds 1..200', (shape) => {
    for (let seed = 1; seed <= 200; seed++) {
      const p = shapeProblem(seed, shape);
      const errors = structuralErrors(p);
      if (errors.length > 0) throw new Error(`${p.name}: ${errors.join('; ')}`);
      expect(p.staff.length).toBeGreaterThanOrEqual(1);
      expect(p.staff.length).toBeLessThanOrEqual(60);
      expect(p.divisions.length).toBeLessThanOrEqual(5);
    }
  });

  it('gives each shape its character', () => {
    const seeds = Array.from({ length: 50 }, (_, i) => i + 1);
    const all = (shape: (typeof SHAPES)[number], test: (p: Problem) => boolean) => seeds.every((s) => test(shapeProblem(s, shape)));
    expect(all('tiny', (p) => p.staff.length <= 3)).toBe(true);
    expect(all('no-counters', (p) => p.counters.length === 0)).toBe(true);
    expect(all('everyone-absent', (p) => p.days.some((d) => p.staff.every((s) => s.absent.includes(d))))).toBe(true);
    expect(all('licences-zero', (p) => p.policy.licencesPerDay === 0)).toBe(true);
    expect(all('terminals', (p) => p.divisions.every((d) => d.terminals !== undefined && d.terminals <= 2))).toBe(true);
    expect(all('short-week-3', (p) => p.days.length === 3)).toBe(true);
    expect(all('short-week-4', (p) => p.days.length === 4)).toBe(true);
    expect(all('licences-per-day-object', (p) => typeof p.policy.licencesPerDay === 'object')).toBe(true);
    expect(all('negative-spread', (p) => (p.policy.spreadBonus ?? []).some((b) => b < 0))).toBe(true);
    expect(all('zero-weights', (p) => p.staff.every((s) => s.requests.every((r) => r.weight === 0)))).toBe(true);
    expect(
      all('uncoverable', (p) =>
        p.counters.some((c) => p.days.some((d) => counterMin(c, d) > p.staff.filter((s) => s.counters.includes(c.id)).length)),
      ),
    ).toBe(true);
    expect(all('cross-division', (p) => p.divisions.every((d) => d.terminals !== undefined))).toBe(true);
    expect(
      seeds.some((s) => shapeProblem(s, 'cross-division').staff.some((x) => x.counters.some((c) => !c.startsWith(`${x.division}-`)))),
    ).toBe(true);
    expect(seeds.filter((s) => shapeProblem(s, 'pins').staff.some((x) => x.pinned !== undefined)).length).toBeGreaterThan(40);
    expect(all('mixed', (p) => (p.policy.shortfallPenalty ?? 100000) <= 50)).toBe(true);
    expect(seeds.some((s) => shapeProblem(s, 'caregivers').staff.some((x) => x.maxTeleworkDays !== undefined))).toBe(true);
  });
});
