/** The allowance rule and the month's calendar, without a database. */
import {
  allowanceCost,
  allowanceFor,
  averageText,
  countDays,
  monthsEnding,
  NATIONAL_ALLOWANCE_RULE,
  parseMonth,
  weeksOfMonth,
} from '../../src/domain/allowance';

describe('allowance', () => {
  const rule = NATIONAL_ALLOWANCE_RULE;

  it('qualifies only for an average MORE than the threshold: 10.0 does not, 10.17 does', () => {
    expect(allowanceFor(rule, [10, 10, 10, 10, 10, 10])).toEqual({ average: 10, qualifies: false, amountYen: 0 });
    expect(allowanceFor(rule, [10, 10, 10, 10, 10, 11])).toEqual({ average: 61 / 6, qualifies: true, amountYen: 3000 });
    expect(averageText(61 / 6)).toBe('10.16');
    // Uneven months average out: 20 + 0 … over six months is 70 / 6 = 11.67.
    expect(allowanceFor(rule, [20, 0, 20, 0, 20, 10]).qualifies).toBe(true);
    // Only the last `periodMonths` months count.
    expect(allowanceFor({ ...rule, periodMonths: 2 }, [0, 0, 0, 0, 11, 11]).qualifies).toBe(true);
    expect(allowanceFor({ ...rule, periodMonths: 2 }, [30, 30, 30, 30, 10, 10]).qualifies).toBe(false);
  });

  it('costs qualifying people × amount', () => {
    const outcomes = [
      allowanceFor(rule, [11, 11, 11, 11, 11, 11]),
      allowanceFor(rule, [10, 10, 10, 10, 10, 10]),
      allowanceFor(rule, [12, 12, 12, 12, 12, 12]),
    ];
    expect(allowanceCost(rule, outcomes)).toEqual({ qualifying: 2, costYen: 6000 });
  });

  it('counts worked-as-ordered days: granted telework that was teleworked', () => {
    expect(
      countDays([
        { granted: 'telework', worked: 'telework' },
        { granted: 'telework', worked: 'office' },
        { granted: 'office', worked: 'telework' },
        { granted: 'telework', worked: 'absent' },
        { granted: 'office', worked: 'office' },
      ]),
    ).toEqual({ granted: 3, worked: 2, ordered: 1, office: 2, absent: 1 });
  });

  it('counts a day at a satellite office as telework, but not toward the allowance for working at home', () => {
    expect(
      countDays([
        { granted: 'telework', worked: 'telework', atPlace: true },
        { granted: 'telework', worked: 'telework' },
        { granted: 'telework', worked: 'office', atPlace: true },
      ]),
    ).toEqual({ granted: 3, worked: 2, ordered: 1, office: 1, absent: 0 });
  });

  it('reads months and their ISO weeks', () => {
    expect(parseMonth('2026-09')).toBe('2026-09');
    for (const bad of ['2026-13', '2026-9', '2026-00', '26-09', 'x', '', '1999-12', undefined, ['2026-09']])
      expect(parseMonth(bad)).toBeNull();
    expect(monthsEnding('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(weeksOfMonth('2026-09')).toEqual(['2026-W36', '2026-W37', '2026-W38', '2026-W39', '2026-W40']);
    // 2026-03: Sunday the 1st is in W09, Tuesday the 31st in W14: six weeks.
    expect(weeksOfMonth('2026-03')).toEqual(['2026-W09', '2026-W10', '2026-W11', '2026-W12', '2026-W13', '2026-W14']);
    // 2027-01: Friday the 1st belongs to 2026-W53.
    expect(weeksOfMonth('2027-01')[0]).toBe('2026-W53');
  });
});
