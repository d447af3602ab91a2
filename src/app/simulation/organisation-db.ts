/**
 * The app's own organisation as a simulation sees it (active staff, counters
 * with their weekday minimums and dated overrides, closure days, the policy in
 * force), and its stored requests as weeks to replay.
 */
import { EntityManager, In } from 'typeorm';
import {
  AllowanceRuleEntity,
  ClosureDayEntity,
  CounterEntity,
  CounterOverrideEntity,
  DivisionEntity,
  PolicyEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../persistence/entities';
import { weekdayOf, weekOf } from '../../domain/calendar';
import type { ReplayWeek } from './demand';
import { overrideKey, SimOrganisation, simPolicyOf } from './organisation';

export async function loadOrganisation(m: EntityManager, name = '本庁'): Promise<SimOrganisation> {
  const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const counters = await m.find(CounterEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const overrides = await m.find(CounterOverrideEntity);
  const closures = await m.find(ClosureDayEntity, { order: { day: 'ASC' } });
  const staff = await m.find(StaffEntity, { where: { active: true }, relations: { counters: true }, order: { id: 'ASC' } });
  const allowance = await m.findOneBy(AllowanceRuleEntity, { id: 1 });
  return {
    name,
    policy: simPolicyOf(policy),
    divisions: divisions.map((d) => ({ id: d.id, name: d.name, terminals: d.terminals })),
    counters: counters.map((c) => ({ id: c.id, division: c.divisionId, name: c.name, byWeekday: [...c.minByWeekday] })),
    staff: staff.map((s) => ({
      id: s.id,
      division: s.divisionId,
      name: s.name,
      jobType: s.jobType,
      caregiver: s.caregiver,
      maxTeleworkDays: s.maxTeleworkDays,
      counters: (s.counters ?? []).map((c) => c.id).sort(),
    })),
    overrides: Object.fromEntries(overrides.map((o) => [overrideKey(o.counterId, o.day), o.min])),
    closures: closures.map((c) => c.day),
    ...(allowance ? { allowance: { thresholdDays: allowance.thresholdDays, amountYen: allowance.amountYen } } : {}),
  };
}

/** The stored weeks of requests (not rejected ones), oldest first, as weekdays in rank order. */
export async function loadReplayWeeks(m: EntityManager, staffIds?: readonly string[]): Promise<ReplayWeek[]> {
  const rows = await m.find(TeleworkRequestEntity, {
    where: { status: In(['active', 'pending']), ...(staffIds ? { staffId: In([...staffIds]) } : {}) },
    order: { day: 'ASC', rank: 'ASC' },
  });
  const weeks = new Map<string, Map<string, { weekday: number; rank: number }[]>>();
  for (const r of rows) {
    const week = weekOf(r.day);
    const people = weeks.get(week) ?? new Map<string, { weekday: number; rank: number }[]>();
    weeks.set(week, people);
    people.set(r.staffId, [...(people.get(r.staffId) ?? []), { weekday: weekdayOf(r.day), rank: r.rank }]);
  }
  return [...weeks.keys()].sort().map((week) => {
    const people = weeks.get(week)!;
    return Object.fromEntries(
      [...people.entries()].map(([id, asks]) => [id, asks.sort((a, b) => a.rank - b.rank || a.weekday - b.weekday).map((a) => a.weekday)]),
    );
  });
}
