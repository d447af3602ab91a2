/**
 * The value of one more resource, measured by re-solving: on the tiny
 * organisation the answers are known.
 */
import { runStudy } from '../../../src/app/simulation/run-study';
import { effectJa, Insight } from '../../../src/app/simulation/insights';
import { replayDemand, study, tinyOrganisation } from '../../support/simulation';

const find = (insights: readonly Insight[], kind: string) => insights.filter((i) => i.change.kind === kind);

describe('insights', () => {
  it('values each extra licence and each counter change by re-solving the sampled weeks', async () => {
    // A, B, C all ask Monday; only 1 licence a day; the counter keeps A or B in.
    const org = tinyOrganisation({ licencesPerDay: 1 });
    const s = study({ start: '2027-W07', weeks: 2, insights: { weeks: 2 } });
    const r = await runStudy(s, org, replayDemand({ A: [1], B: [1], C: [1] }), { threads: 0 });
    const insights = r.insights!;
    const [plusOne, plusTen] = find(insights, 'licences');
    // A second licence lets one of A and B telework too; more than that cannot help (the counter).
    expect([plusOne.grantedPerWeek, plusOne.weeks]).toEqual([1, 2]);
    expect([plusTen.grantedPerWeek, plusTen.grantedPerUnit]).toEqual([1, 0.1]);
    expect(plusOne.label).toBe('リモートアクセスライセンスを1本追加（1日 1 → 2）');
    // One fewer at the counter is worth nothing while a single licence is the limit.
    expect(find(insights, 'require-fewer')[0].grantedPerWeek).toBe(0);
    expect(effectJa(plusOne)).toBe('週あたり在宅勤務 +1.0日');
    // Ranked: the licence first.
    expect(insights[0].change).toEqual({ kind: 'licences', add: 1 });
  });

  it('values training one more person where the counter is the limit, and names who', async () => {
    // Plenty of licences; A and B both ask Monday, but the counter needs one of them; C is free in the office.
    const org = tinyOrganisation({ licencesPerDay: 10 });
    const r = await runStudy(study({ start: '2027-W07', weeks: 1, insights: { weeks: 1 } }), org, replayDemand({ A: [1], B: [1] }), {
      threads: 0,
    });
    const train = find(r.insights!, 'train')[0];
    // C (never at a counter, in the office every day) is the candidate; trained, C covers Monday.
    expect(train.change).toEqual({ kind: 'train', counter: 'k', staff: 'C' });
    expect(train.label).toBe('住民票窓口（住民課）に1名の兼務を追加（候補: 職員C）');
    expect(train.grantedPerWeek).toBe(1);
    expect(find(r.insights!, 'require-fewer')[0].grantedPerWeek).toBe(1);
    expect(find(r.insights!, 'licences')[0].grantedPerWeek).toBe(0);
  });

  it('counts counter staff it makes up for before telework', async () => {
    // The counter needs 3 every day: one is always missing; a third trained person fills it.
    const org = tinyOrganisation({ licencesPerDay: 10 });
    const s = study({
      start: '2027-W07',
      weeks: 1,
      insights: { weeks: 1 },
      baseline: { name: '現行', counters: [{ counter: 'k', set: 3 }] },
    });
    const r = await runStudy(s, org, replayDemand({}), { threads: 0 });
    const train = find(r.insights!, 'train')[0];
    expect(train.shortfallAvoidedPerWeek).toBe(5);
    expect(r.insights![0]).toBe(train);
    expect(effectJa(train)).toBe('週あたり窓口の不足 −5.0人日、在宅勤務 ±0.0日');
  });
});
