/**
 * The organisation's week as every division's saved draft together: the
 * totals the order-independence tests compare (on the demo town and on the
 * generated city), each checked by the independent checker.
 */
import { In } from 'typeorm';
import { actorOf } from '../../src/app/accounts/accounts';
import { Actor } from '../../src/app/accounts/actor';
import { asRoster, draftOf } from '../../src/app/week/organisation-solve';
import { buildProblem, loadWeek } from '../../src/app/week/problem';
import { checkRoster } from '../../src/engine/check';
import { Database } from '../../src/persistence/database';
import { AccountEntity, DivisionEntity, RosterEntity } from '../../src/persistence/entities';

export interface OrganisationTotals {
  /** The checker's objective of every draft together, against the whole organisation's week. */
  readonly objective: number;
  /** Requests granted, organisation-wide. */
  readonly granted: number;
  /** Telework days per division. */
  readonly perDivision: Record<string, number>;
}

/** Every division's draft together, checked against the whole organisation's week: every rule about the cells must hold. */
export async function organisationTotals(db: Database, week: string, divisions: readonly string[]): Promise<OrganisationTotals> {
  const m = db.manager;
  const problem = buildProblem(await loadWeek(m, week, null));
  const rows = await m.findBy(RosterEntity, { week, divisionId: In([...divisions]) });
  expect(rows).toHaveLength(divisions.length);
  const cells = [];
  for (const r of rows) cells.push(...(await draftOf(m, r.id)));
  const report = checkRoster(problem, asRoster(problem.name, cells));
  // The stitched roster carries no objective or shortfall list of its own; every rule about the cells must hold.
  expect(report.violations.filter((v) => v.rule !== 'objective' && v.rule !== 'shortfalls')).toEqual([]);
  const divisionOf = new Map(problem.staff.map((s) => [s.id, s.division]));
  const perDivision: Record<string, number> = Object.fromEntries(divisions.map((d) => [d, 0]));
  for (const a of cells) {
    const d = divisionOf.get(a.staff);
    if (a.mode === 'telework' && d !== undefined && d in perDivision) perDivision[d]++;
  }
  return { objective: report.objective, granted: report.granted, perDivision };
}

/**
 * Each division's draft checked against its view of the week as it stands
 * (its staff, every other division held as its draft now is): no rule about
 * the cells is broken.
 */
export async function expectEveryDraftValid(db: Database, week: string): Promise<void> {
  const m = db.manager;
  for (const row of await m.find(RosterEntity, { where: { week }, order: { divisionId: 'ASC' } })) {
    const view = buildProblem(await loadWeek(m, week, [row.divisionId]));
    const report = checkRoster(view, asRoster(view.name, await draftOf(m, row.id)));
    // The cells alone list no shortfalls and claim no objective; every rule about the cells must hold.
    const broken = report.violations.filter((v) => v.rule !== 'objective' && v.rule !== 'shortfalls');
    expect({ division: row.divisionId, broken }).toEqual({ division: row.divisionId, broken: [] });
  }
}

/** The acting person of a login. */
export async function actorByLogin(db: Database, loginId: string): Promise<Actor> {
  const m = db.manager;
  const actor = await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId })).id);
  if (!actor) throw new Error(`no actor for ${loginId}`);
  return actor;
}

/** The demo town's divisions in their order, HR, and each division's chief, as actors. */
export async function demoActors(db: Database): Promise<{ divisions: string[]; hr: Actor; chiefs: Map<string, Actor> }> {
  const m = db.manager;
  const divisions = (await m.find(DivisionEntity, { order: { sortOrder: 'ASC' } })).map((d) => d.id);
  const actor = async (loginId: string) => (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId })).id))!;
  const chiefs = new Map<string, Actor>();
  for (const d of divisions) chiefs.set(d, await actor(`${d}-kacho`));
  return { divisions, hr: await actor('jinji'), chiefs };
}
