/** Reading study files: defaults, and one clear message per mistake, at its JSON path. */
import { BASELINE_NAME, checkStudyReferences, parseStudy, STUDY_ISSUE_CODES } from '../../src/domain/validate-study';
import { DEFAULT_DEMAND, DEFAULT_INSIGHTS, DEFAULT_TRIAL, STUDY_FORMAT } from '../../src/domain/scenario';

const minimal = { format: STUDY_FORMAT, name: 'x', start: '2027-W14' };

const seen = new Set<string>();

function issuesOf(extra: Record<string, unknown>) {
  const r = parseStudy({ ...minimal, ...extra });
  if (r.ok) throw new Error('expected issues');
  for (const i of r.issues) seen.add(i.code);
  return r.issues.map((i) => [i.path, i.code, i.messageJa]);
}

describe('parseStudy', () => {
  it('fills in the defaults of a minimal study', () => {
    const r = parseStudy(JSON.stringify(minimal));
    expect(r).toEqual({
      ok: true,
      value: {
        ...minimal,
        weeks: 13,
        seed: 1,
        demand: DEFAULT_DEMAND,
        baseline: { name: BASELINE_NAME },
        scenarios: [],
        insights: DEFAULT_INSIGHTS,
      },
    });
  });

  it('reads scenarios with every kind of change', () => {
    const r = parseStudy({
      ...minimal,
      organisation: { generator: 'town-25' },
      insights: false,
      scenarios: [
        {
          name: 'a',
          policy: { licencesPerDay: null, maxTeleworkDays: 3, caregiverMaxDays: 4, spreadBonus: [10, 5] },
          terminals: { zeimu: 5, jumin: null },
          counters: [
            { division: 'jumin', from: '03-15', to: '04-10', factor: 2 },
            { counter: 'zeimu-kazei', weekdays: [1], add: 1 },
          ],
          qualifications: [{ counter: 'zeimu-kazei', add: 2 }],
          noTeleworkDivisions: ['kenko'],
        },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.organisation).toEqual({ generator: 'town-25', seed: 1 });
    expect(r.value.insights).toBe(false);
    expect(r.value.scenarios[0].policy).toEqual({ licencesPerDay: null, maxTeleworkDays: 3, caregiverMaxDays: 4, spreadBonus: [10, 5] });
    expect(r.value.scenarios[0].counters![0]).toEqual({ division: 'jumin', from: '03-15', to: '04-10', factor: 2 });
  });

  it('names a misspelt field instead of ignoring it', () => {
    expect(issuesOf({ scenarios: [{ name: 'a', policy: { licencePerDay: 200 } }] })[0].slice(0, 2)).toEqual([
      'scenarios[0].policy.licencePerDay',
      'unknown-field',
    ]);
  });

  it.each([
    [{ start: '2027-W54' }, 'start', 'invalid-week'],
    [{ weeks: 0 }, 'weeks', 'not-positive'],
    [{ weeks: 105 }, 'weeks', 'out-of-range'],
    [{ demand: { requesterShare: 1.5 } }, 'demand.requesterShare', 'out-of-range'],
    [{ demand: { daysWanted: [1, 2] } }, 'demand.daysWanted', 'out-of-range'],
    [{ demand: { source: 'csv' } }, 'demand.source', 'unknown-format'],
    [{ scenarios: [{ policy: {} }] }, 'scenarios[0].name', 'required'],
    [{ scenarios: [{ name: 'a', policy: { spreadBonus: [5, 10] } }] }, 'scenarios[0].policy.spreadBonus[1]', 'spread-increasing'],
    [{ scenarios: [{ name: 'a', counters: [{ counter: 'k', division: 'd', add: 1 }] }] }, 'scenarios[0].counters[0]', 'rule-target'],
    [{ scenarios: [{ name: 'a', counters: [{ counter: 'k', add: 1, set: 2 }] }] }, 'scenarios[0].counters[0]', 'rule-change'],
    [
      { scenarios: [{ name: 'a', counters: [{ counter: 'k', from: '02-30', add: 1 }] }] },
      'scenarios[0].counters[0].from',
      'invalid-season-day',
    ],
    [{ scenarios: [{ name: 'a', qualifications: [{ counter: 'k', add: 0 }] }] }, 'scenarios[0].qualifications[0].add', 'not-positive'],
    [{ scenarios: [{ name: 'a' }, { name: 'a' }] }, 'scenarios[1].name', 'duplicate-id'],
    [{ organisation: { generator: 'village' } }, 'organisation.generator', 'unknown-format'],
    [{ insights: { weeks: 100 } }, 'insights.weeks', 'out-of-range'],
    [{ scenarios: [{ name: 'a', trial: { weeks: 14 } }] }, 'scenarios[0].trial.weeks', 'out-of-range'],
    [{ scenarios: [{ name: 'a', trial: { minDays: 0 } }] }, 'scenarios[0].trial.minDays', 'not-positive'],
    [{ scenarios: [{ name: 'a', trial: { turnDays: 'requested' } }] }, 'scenarios[0].trial.turnDays', 'unknown-format'],
    [{ scenarios: [{ name: 'a', trial: { acceptShare: 2 } }] }, 'scenarios[0].trial.acceptShare', 'out-of-range'],
    [{ scenarios: [{ name: 'a', trial: { week: 2 } }] }, 'scenarios[0].trial.week', 'unknown-field'],
  ])('reports %j at its path', (extra, path, code) => {
    const [first] = issuesOf(extra);
    expect(first.slice(0, 2)).toEqual([path, code]);
    expect(first[2]).toMatch(new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `));
  });

  it("reads a trial with its defaults, and null to cancel the baseline's", () => {
    const r = parseStudy({
      ...minimal,
      baseline: { trial: { weeks: 4 } },
      scenarios: [
        { name: 'a', trial: null },
        { name: 'b', trial: {} },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.baseline.trial).toEqual({ weeks: 4, minDays: 1, turnDays: 'possible', acceptShare: 0.5 });
    expect(r.value.scenarios[0].trial).toBeNull();
    expect(r.value.scenarios[1].trial).toEqual(DEFAULT_TRIAL);
  });

  it('reports syntax errors without throwing', () => {
    const r = parseStudy('{"format": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].code).toBe('json-syntax');
  });
});

describe('checkStudyReferences', () => {
  it('names counters and divisions the organisation does not have', () => {
    const r = parseStudy({
      ...minimal,
      demand: { seasons: [{ division: 'nope', add: 1 }] },
      scenarios: [{ name: 'a', terminals: { ghost: 2 }, qualifications: [{ counter: 'x-y', add: 1 }], noTeleworkDivisions: ['d'] }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const issues = checkStudyReferences(r.value, { divisions: new Set(['d']), counters: new Set(['k']) });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['demand.seasons[0].division', 'unknown-division'],
      ['scenarios[0].terminals["ghost"]', 'unknown-division'],
      ['scenarios[0].qualifications[0].counter', 'unknown-counter'],
    ]);
    expect(issues[2].messageJa).toBe('scenarios[0].qualifications[0].counter: "x-y" という窓口はありません');
  });
});

// Runs last: jest runs the tests of a file in order.
it('exercises every issue code of study files', () => {
  expect(STUDY_ISSUE_CODES.filter((code) => !seen.has(code))).toEqual([]);
});
