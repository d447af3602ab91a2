/**
 * The KPIs of small hand-made scenarios whose answers are worked out on paper
 * (see tinyOrganisation: one counter needing A or B every day, C free, F a
 * firefighter; 2 licences a day; 2027-W07 has 5 open days, 2027-W08 four,
 * Tuesday 23 February being a holiday).
 */
import { runStudy, studyWeeks } from '../../../src/app/simulation/run-study';
import { simulateScenario } from '../../../src/app/simulation/simulate-scenario';
import { jainIndex, quantile } from '../../../src/app/simulation/kpis';
import { replayDemand, study, tinyOrganisation } from '../../support/simulation';

// Everyone asks for Monday first; C also for Tuesday. F asks too, but firefighters never telework.
const WEEK = { A: [1], B: [1], C: [1, 2], F: [1] };
const TWO_WEEKS = study({ start: '2027-W07', weeks: 2 });

describe('KPIs of a two-week season', () => {
  it('counts requests, grants, sharing and fairness as worked out by hand', async () => {
    const result = await runStudy(TWO_WEEKS, tinyOrganisation(), replayDemand(WEEK), { threads: 0 });
    const s = result.scenarios[0].summary;
    // W07: A, B, C ask Monday, C Tuesday: the counter keeps A or B in, so 3 of 4. W08 (no Tuesday): 2 of 3.
    expect([s.requested, s.granted]).toEqual([7, 5]);
    expect(s.grantRate).toBeCloseTo(5 / 7, 10);
    expect(s.eligible).toBe(3);
    expect(s.daysPerEligiblePerWeek).toBeCloseTo(5 / 6, 10);
    // The fairness ledger: whoever of A and B was denied in W07 gets Monday in W08.
    expect(s.teleworked).toBe(3);
    expect(s.shareTeleworked).toBe(1);
    expect(s.meetsTarget).toBe(true);
    expect(s.jain).toBeCloseTo(4 / 4.5, 10);
    expect([s.grantedDaysP10, s.grantedDaysMedian, s.grantedDaysP90]).toEqual([1, 1, 3]);
    expect([s.shortfall, s.shortfallCounterDays, s.unprovenWeeks]).toEqual([0, 0, 0]);
    expect(result.scenarios[0].counters).toEqual([{ id: 'k', name: '住民票窓口', division: 'd', required: 9, shortfall: 0 }]);
    expect(result.scenarios[0].weekly.map((w) => [w.week, w.openDays, w.requested, w.granted, w.teleworkers, w.peakLicences])).toEqual([
      ['2027-W07', 5, 4, 3, 2, 2],
      ['2027-W08', 4, 3, 2, 2, 2],
    ]);
    const monday = result.scenarios[0].weekdays[0];
    const tuesday = result.scenarios[0].weekdays[1];
    expect([monday.openDays, monday.meanTeleworking, monday.utilisation]).toEqual([2, 2, 1]);
    expect([tuesday.openDays, tuesday.meanTeleworking, tuesday.utilisation]).toEqual([1, 1, 0.5]);
  });

  it('raises the weight of whoever was denied the week before, as the app does', () => {
    const org = tinyOrganisation();
    const { kept } = simulateScenario({
      org,
      seed: 1,
      demand: replayDemand(WEEK),
      weeks: studyWeeks('2027-W07', 2, []),
      seasons: [],
      baseline: {},
      scenario: { name: '現行' },
      keep: [0, 1],
    });
    const [w07, w08] = kept;
    const denied = ['A', 'B'].find((id) => !w07.roster.assignments.some((a) => a.staff === id && a.mode === 'telework'))!;
    const other = denied === 'A' ? 'B' : 'A';
    const weight = (id: string) => w08.problem.staff.find((s) => s.id === id)!.requests[0].weight;
    // Rank 1 is worth 30; one denial in the last 4 weeks adds 5 (requestWeight, the app's rule).
    expect(w07.problem.staff.find((s) => s.id === 'A')!.requests[0].weight).toBe(30);
    expect([weight(denied), weight(other)]).toEqual([35, 30]);
    expect(w08.roster.assignments.find((a) => a.staff === denied)!.mode).toBe('telework');
  });

  it('compares scenarios: more licences alone change nothing here, fewer required at the counter grant everything', async () => {
    const s = study({
      ...TWO_WEEKS,
      scenarios: [
        { name: 'ライセンス3', policy: { licencesPerDay: 3 } },
        { name: '月曜の窓口なし', policy: { licencesPerDay: 3 }, counters: [{ counter: 'k', weekdays: [1], set: 0 }] },
        { name: '全員在宅不可', noTeleworkDivisions: ['d'] },
      ],
    });
    const result = await runStudy(s, tinyOrganisation(), replayDemand(WEEK), { threads: 0 });
    const [, more, free, none] = result.scenarios.map((r) => r.summary);
    expect(more.granted).toBe(5);
    expect([free.granted, free.requested, free.grantRate]).toEqual([7, 7, 1]);
    expect(result.scenarios[2].counters[0].required).toBe(7);
    expect([none.eligible, none.requested, none.grantRate, none.shareTeleworked, none.meetsTarget]).toEqual([0, 0, null, null, false]);
  });

  it('reports a counter that cannot be staffed as a shortfall, per division and counter', async () => {
    const s = study({ ...TWO_WEEKS, baseline: { name: '現行', counters: [{ counter: 'k', from: '02-15', to: '02-15', set: 3 }] } });
    const result = await runStudy(s, tinyOrganisation(), replayDemand(WEEK), { threads: 0 });
    const r = result.scenarios[0];
    // Monday 15 February needs 3 at the counter and only A and B can serve it.
    expect([r.summary.shortfall, r.summary.shortfallCounterDays]).toEqual([1, 1]);
    expect(r.divisions[0].shortfall).toBe(1);
    expect(r.counters[0]).toMatchObject({ required: 11, shortfall: 1 });
    // Both A and B are at the counter that Monday; only C teleworks.
    expect(r.weekly[0].granted).toBe(2);
  });
});

describe('fairness and spread figures', () => {
  it("Jain's index is 1 for equal shares and 1/n when one person gets everything", () => {
    expect(jainIndex([0.5, 0.5, 0.5])).toBe(1);
    expect(jainIndex([1, 0, 0, 0])).toBe(0.25);
    expect(jainIndex([0, 0])).toBeNull();
  });

  it('quantiles use the nearest rank', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.1)).toBe(1);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(quantile([], 0.5)).toBe(0);
  });
});
