/**
 * Denials in words a staff member understands: with a context, licences are
 * explained with the organisation's numbers, a tie says another request of
 * equal priority was chosen and what the fairness ledger does next, people of
 * other divisions are counted and never named, and no weight or objective
 * value appears. Without a context the command line's technical form stays.
 */
import { DenialContext, DenialExplanation, denialText, describeDenial, LicenceDay, nameBook } from '../../src/domain/explanation';
import { Problem } from '../../src/domain/rotation';
import { explain, solve } from '../../src/engine';
import { MON, problem, staff, TUE } from '../support/problems';

const only = <T>(xs: readonly T[]): T => {
  expect(xs).toHaveLength(1);
  return xs[0];
};

const LEDGER = { perDenial: 5, max: 10, weeks: 4 };
const FULL: LicenceDay = { total: 50, people: 50, divisions: 14, publishedPeople: 0, publishedDivisions: 0 };

function context(p: Problem, e: DenialExplanation, extra: Partial<DenialContext> = {}): DenialContext {
  const divisionOf = new Map(p.staff.map((s) => [s.id, s.division]));
  return { audience: 'staff', division: divisionOf.get(e.staff)!, divisionOf, fairness: LEDGER, ...extra };
}

/** Words that must never reach a staff page: weights, the objective, internal ids. */
function expectPlain(text: string): void {
  expect(text).not.toMatch(/評価|重み|weight|objective|目的関数/i);
}

describe('denial explanations in plain words', () => {
  it('licences: the organisation’s licences that day, held by how many people in how many divisions, and who would be displaced', () => {
    // One licence left to the problem; granting 鈴木's request would deny 佐藤's (another division, higher priority).
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [
        staff('sato', 'A', { name: '佐藤 一郎', requests: [{ day: MON, weight: 30 }] }),
        staff('suzuki', 'B', { name: '鈴木 花子', requests: [{ day: MON, weight: 10 }] }),
      ],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ staff: 'suzuki', rule: 'licences', tie: false });
    const ctx = context(p, e, { licences: new Map([[MON, { ...FULL, publishedPeople: 49, publishedDivisions: 13 }]]) });
    const { headline, details } = describeDenial(e, nameBook(p), ctx);
    expect(headline).toBe('11月24日(火)は全庁のテレワーク用ライセンス50件が、14課の50人に割り当て済みです。');
    expect(details).toEqual([
      'このうち13課の49人分は、勤務表を公開済みの課のものです。',
      '認めると、代わりにほかの課の職員1人の希望が認められなくなります。',
      'より優先度の高い希望を優先しました。',
    ]);
    const text = denialText(e, nameBook(p), ctx);
    expect(text).toBe([headline, ...details].join(''));
    expect(text).not.toContain('佐藤');
    expectPlain(text);

    // The chief of 税務課 reads the same: the person of 住民課 is not theirs to name.
    const chief = describeDenial(e, nameBook(p), { ...ctx, audience: 'chief' });
    expect(chief.details.join('')).toContain('ほかの課の職員1人の希望');
    expect(chief.details.join('')).not.toContain('佐藤');
  });

  it('licences not all in use: says how many of them are', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [staff('a', 'A', { requests: [{ day: MON, weight: 30 }] }), staff('b', 'B', { requests: [{ day: MON, weight: 10 }] })],
    });
    const e = only(explain(p, solve(p)));
    const ctx = context(p, e, {
      licences: new Map([[MON, { total: 50, people: 47, divisions: 9, publishedPeople: 0, publishedDivisions: 0 }]]),
    });
    expect(describeDenial(e, nameBook(p), ctx).headline).toBe(
      '11月24日(火)は全庁のテレワーク用ライセンス50件のうち47件が、9課の47人に割り当てられています。',
    );
  });

  it('licences all held by published divisions: nothing to swap with, and says so', () => {
    // The problem has no licence left that day: published divisions hold them all.
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: { [MON]: 0, [TUE]: 5, '2026-11-26': 5 } },
      staff: [staff('late', 'A', { requests: [{ day: MON, weight: 30 }] })],
    });
    const e = only(explain(p, solve(p)));
    expect(e).toMatchObject({ rule: 'licences', cost: null });
    const ctx = context(p, e, { licences: new Map([[MON, { ...FULL, publishedPeople: 50, publishedDivisions: 14 }]]) });
    const text = denialText(e, nameBook(p), ctx);
    expect(text).toBe(
      '11月24日(火)は全庁のテレワーク用ライセンス50件が、14課の50人に割り当て済みです。' +
        'このうち14課の50人分は、勤務表を公開済みの課のものです。' +
        'この日のライセンスは公開済みの勤務表と固定された勤務ですべて埋まっているため、ほかの希望と入れ替えて認めることもできません。',
    );
  });

  describe('a tie', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [
        staff('x', 'A', { name: '山田 太郎', requests: [{ day: MON, weight: 10 }] }),
        staff('y', 'A', { name: '川口 次郎', requests: [{ day: MON, weight: 10 }] }),
      ],
    });
    const e = only(explain(p, solve(p)));
    const loser = p.staff.find((s) => s.id === e.staff)!.name;
    const winner = p.staff.find((s) => s.id !== e.staff)!.name;

    it('says plainly that another request of equal priority was chosen and that the ledger favours the person next', () => {
      expect(e.tie).toBe(true);
      const text = denialText(e, nameBook(p), context(p, e));
      expect(text).toContain('同じ優先度のほかの希望が選ばれました。公平のため、来週以降（4週間）はあなたの希望が優先されます。');
      expect(text).toContain('同じ課のほかの職員1人の希望');
      expect(text).not.toContain(winner);
      expectPlain(text);
      expect(text).not.toContain('認められませんでした');
    });

    it('promises nothing the policy does not do', () => {
      for (const fairness of [
        { perDenial: 0, max: 10, weeks: 4 },
        { perDenial: 5, max: 0, weeks: 4 },
        { perDenial: 5, max: 10, weeks: 0 },
      ]) {
        const text = denialText(e, nameBook(p), context(p, e, { fairness }));
        expect(text).toContain('同じ優先度のほかの希望が選ばれました。');
        expect(text).not.toContain('公平');
        expect(text).not.toContain('優先されます');
      }
      expect(denialText(e, nameBook(p), context(p, e, { fairness: { perDenial: 5, max: 10, weeks: 1 } }))).toContain(
        '公平のため、来週はあなたの希望が優先されます。',
      );
    });

    it('names the people of their own division for the chief', () => {
      const chief = describeDenial(e, nameBook(p), context(p, e, { audience: 'chief' }));
      const text = chief.details.join('');
      expect(text).toContain(`認めると、代わりに${winner}さんの11月24日(火)の希望が認められなくなります。`);
      expect(text).toContain(`公平のため、来週以降（4週間）は${loser}さんの希望が優先されます。`);
      expectPlain(text);
    });
  });

  it("max-telework-days: the person's own other day, as theirs", () => {
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
    const text = denialText(e, nameBook(p), context(p, e));
    expect(text).toBe(
      '週あたりの在宅勤務の上限日数に達しています。認めると、代わりにあなたの11月24日(火)の希望が認められなくなります。より優先度の高い希望を優先しました。',
    );
  });

  it("a tie with the person's own other day says so", () => {
    const p = problem({
      policy: { maxTeleworkDays: 1 },
      staff: [
        staff('mori', 'A', {
          requests: [
            { day: MON, weight: 10 },
            { day: TUE, weight: 10 },
          ],
        }),
      ],
    });
    const e = only(explain(p, solve(p)));
    expect(e.tie).toBe(true);
    const text = denialText(e, nameBook(p), context(p, e));
    expect(text).toContain(
      '同じ優先度の、あなたのほかの日の希望が選ばれました。公平のため、来週以降（4週間）はあなたの希望が優先されます。',
    );
    expectPlain(text);
  });

  it('a counter left short: the cost in people at the counter, not in the objective', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, shortfallPenalty: 50 },
      counters: [{ id: 'zei', division: 'B', name: '課税窓口', min: 1 }],
      staff: [staff('ito', 'B', { counters: ['zei'], requests: [{ day: TUE, weight: 40 }] })],
    });
    const e = only(explain(p, solve(p)));
    const chief = describeDenial(e, nameBook(p), context(p, e, { audience: 'chief' }));
    expect(chief.headline).toBe('課税窓口の最低配置人数を満たせなくなります。');
    expect(chief.details).toEqual(['認めると、課税窓口が11月25日(水)に1人不足します。']);
    expectPlain(chief.details.join(''));
  });

  it('without a context keeps the technical form of the command line', () => {
    const p = problem({
      policy: { maxTeleworkDays: 2, licencesPerDay: 1 },
      staff: [staff('sato', 'A', { requests: [{ day: MON, weight: 30 }] }), staff('suzuki', 'B', { requests: [{ day: MON, weight: 10 }] })],
    });
    const e = only(explain(p, solve(p)));
    const { headline, details } = describeDenial(e, nameBook(p));
    expect(headline).toBe('この日のリモート接続ライセンスはすべて使用されています。');
    expect(details).toEqual(['認めると全体の評価値が20下がります。', 'satoさんの11月24日(火)の在宅勤務（重み30）が取り消されます']);
  });
});
