/**
 * What one more resource is worth, measured by the model itself: each change
 * (one more person trained for a counter, one fewer required there, more
 * licences, one more terminal) is applied to sampled weeks of the baseline and
 * the week is re-solved to optimality. The gain is the difference in granted
 * telework days and in missing counter staff, averaged over those weeks. The
 * weeks keep the baseline's requests and weights (fairness ledger included),
 * so a gain is the value of the change in that very week.
 */
import type { Problem, Roster } from '../../domain/rotation';
import { counterMin } from '../../domain/rotation';
import { solve } from '../../engine';
import type { SimOrganisation } from './organisation';
import type { KeptWeek } from './simulate-scenario';

export type InsightChange =
  | { readonly kind: 'train'; readonly counter: string; readonly staff: string }
  | { readonly kind: 'require-fewer'; readonly counter: string }
  | { readonly kind: 'licences'; readonly add: number }
  | { readonly kind: 'terminal'; readonly division: string };

export interface InsightTask {
  readonly problem: Problem;
  readonly roster: Roster;
  readonly changes: readonly InsightChange[];
}

/** Per change: telework days gained, and missing counter person-days avoided, in one week. */
export interface WeekGain {
  readonly granted: number;
  readonly shortfall: number;
}

export interface Insight {
  readonly change: InsightChange;
  /** Japanese, e.g. 住民票窓口（住民課）に1名の兼務を追加（候補: 山田 花子）. */
  readonly label: string;
  readonly weeks: number;
  /** Mean gain per week. */
  readonly grantedPerWeek: number;
  readonly shortfallAvoidedPerWeek: number;
  /** Per unit of the change (per licence for `licences`). */
  readonly grantedPerUnit: number;
}

function grantedOf(roster: Roster): number {
  let n = 0;
  for (const a of roster.assignments) if (a.mode === 'telework') n++;
  return n;
}

function missingOf(roster: Roster): number {
  return roster.shortfalls.reduce((a, s) => a + s.missing, 0);
}

/** The week with one change applied; null when the change cannot apply to it (no licence cap, say). */
export function withChange(problem: Problem, change: InsightChange): Problem | null {
  switch (change.kind) {
    case 'train':
      return {
        ...problem,
        staff: problem.staff.map((s) =>
          s.id === change.staff && !s.counters.includes(change.counter) ? { ...s, counters: [...s.counters, change.counter] } : s,
        ),
      };
    case 'require-fewer':
      return {
        ...problem,
        counters: problem.counters.map((c) =>
          c.id === change.counter ? { ...c, min: Object.fromEntries(problem.days.map((d) => [d, Math.max(0, counterMin(c, d) - 1)])) } : c,
        ),
      };
    case 'licences': {
      const l = problem.policy.licencesPerDay;
      if (typeof l !== 'number') return null;
      return { ...problem, policy: { ...problem.policy, licencesPerDay: Math.max(0, l + change.add) } };
    }
    case 'terminal':
      return {
        ...problem,
        divisions: problem.divisions.map((d) =>
          d.id === change.division && d.terminals !== undefined ? { ...d, terminals: d.terminals + 1 } : d,
        ),
      };
  }
}

/**
 * Re-solves one week under every change. A week where nothing was denied and
 * nothing was missing cannot gain, and is not solved again.
 */
export function weekGains(task: InsightTask, onChange: (done: number) => void = () => {}): WeekGain[] {
  const { problem, roster } = task;
  const requested = problem.staff.reduce((a, s) => a + s.requests.length, 0);
  const baseGranted = grantedOf(roster);
  const baseMissing = missingOf(roster);
  const settled = baseGranted === requested && baseMissing === 0;
  return task.changes.map((change, k) => {
    const changed = settled ? null : withChange(problem, change);
    const gain = changed ? solveGain(changed, baseGranted, baseMissing) : { granted: 0, shortfall: 0 };
    onChange(k + 1);
    return gain;
  });
}

function solveGain(problem: Problem, baseGranted: number, baseMissing: number): WeekGain {
  const r = solve(problem);
  return { granted: grantedOf(r) - baseGranted, shortfall: baseMissing - missingOf(r) };
}

/**
 * The changes worth measuring: for every counter, one fewer required and one
 * more person trained (the member of its division most often in the office
 * without a counter in the sampled weeks); more licences when they are
 * capped; one more terminal for each division that shares terminals.
 */
export function insightChanges(org: SimOrganisation, kept: readonly KeptWeek[]): InsightChange[] {
  const changes: InsightChange[] = [];
  const freeDays = spareOfficeDays(kept);
  for (const c of org.counters) {
    const candidates = org.staff
      .filter((s) => s.division === c.division && !kept.some((k) => qualified(k.problem, s.id, c.id)))
      .map((s, order) => ({ id: s.id, free: freeDays.get(s.id) ?? 0, order }))
      .sort((a, b) => b.free - a.free || a.order - b.order);
    if (candidates.length > 0 && candidates[0].free > 0) changes.push({ kind: 'train', counter: c.id, staff: candidates[0].id });
    changes.push({ kind: 'require-fewer', counter: c.id });
  }
  if (kept.some((k) => typeof k.problem.policy.licencesPerDay === 'number')) {
    changes.push({ kind: 'licences', add: 1 }, { kind: 'licences', add: 10 });
  }
  const shared = new Set(kept.flatMap((k) => k.problem.divisions.filter((d) => d.terminals !== undefined).map((d) => d.id)));
  for (const d of org.divisions) if (shared.has(d.id)) changes.push({ kind: 'terminal', division: d.id });
  return changes;
}

function qualified(problem: Problem, staff: string, counter: string): boolean {
  return problem.staff.find((s) => s.id === staff)?.counters.includes(counter) ?? false;
}

/** Days each person was in the office without serving a counter, over the kept weeks. */
function spareOfficeDays(kept: readonly KeptWeek[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const k of kept) {
    for (const a of k.roster.assignments) if (a.mode === 'office' && !a.counter) out.set(a.staff, (out.get(a.staff) ?? 0) + 1);
  }
  return out;
}

/** Averages the week gains into insights, best first: coverage gained, then telework gained. */
export function summariseInsights(
  org: SimOrganisation,
  kept: readonly KeptWeek[],
  changes: readonly InsightChange[],
  gains: readonly (readonly WeekGain[])[],
): Insight[] {
  const weeks = gains.length;
  const licences = kept.map((k) => k.problem.policy.licencesPerDay).find((l): l is number => typeof l === 'number');
  const terminals = new Map((kept[0]?.problem.divisions ?? []).map((d) => [d.id, d.terminals]));
  return changes
    .map((change, j): Insight => {
      const granted = weeks ? gains.reduce((a, g) => a + g[j].granted, 0) / weeks : 0;
      const shortfall = weeks ? gains.reduce((a, g) => a + g[j].shortfall, 0) / weeks : 0;
      const units = change.kind === 'licences' ? change.add : 1;
      return {
        change,
        label: labelOf(org, change, licences, terminals),
        weeks,
        grantedPerWeek: granted,
        shortfallAvoidedPerWeek: shortfall,
        grantedPerUnit: granted / units,
      };
    })
    .sort((a, b) => b.shortfallAvoidedPerWeek - a.shortfallAvoidedPerWeek || b.grantedPerWeek - a.grantedPerWeek);
}

function labelOf(
  org: SimOrganisation,
  change: InsightChange,
  licences: number | undefined,
  terminals: ReadonlyMap<string, number | undefined>,
): string {
  const counter = (id: string) => {
    const c = org.counters.find((k) => k.id === id);
    const d = org.divisions.find((k) => k.id === c?.division);
    return `${c?.name ?? id}（${d?.name ?? c?.division ?? ''}）`;
  };
  switch (change.kind) {
    case 'train': {
      const who = org.staff.find((s) => s.id === change.staff)?.name ?? change.staff;
      return `${counter(change.counter)}に1名の兼務を追加（候補: ${who}）`;
    }
    case 'require-fewer':
      return `${counter(change.counter)}の必要人数を1名減らす`;
    case 'licences':
      return licences === undefined
        ? `リモートアクセスライセンスを${change.add}本追加`
        : `リモートアクセスライセンスを${change.add}本追加（1日 ${licences} → ${licences + change.add}）`;
    case 'terminal': {
      const name = org.divisions.find((k) => k.id === change.division)?.name ?? change.division;
      const t = terminals.get(change.division);
      return `${name}の共用端末を1台追加${t === undefined ? '' : `（${t} → ${t + 1}）`}`;
    }
  }
}

/** The sentence HR reads: 「… → 週あたり在宅勤務 +6.0日」. */
export function effectJa(insight: Insight): string {
  const parts: string[] = [];
  if (Math.abs(insight.shortfallAvoidedPerWeek) >= 0.05) parts.push(`窓口の不足 ${signed(-insight.shortfallAvoidedPerWeek)}人日`);
  parts.push(`在宅勤務 ${signed(insight.grantedPerWeek)}日`);
  return `週あたり${parts.join('、')}`;
}

function signed(x: number): string {
  const r = Math.round(x * 10) / 10;
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r).toFixed(1)}`;
}
