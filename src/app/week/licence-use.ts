/**
 * Who holds the organisation's remote-access licences on each day of a
 * solved week. The organisation-wide solve holds the divisions that have
 * published as fixed: their telework is taken off the problem's
 * `licencesPerDay` (problem.ts), so the problem alone does not know who holds
 * them. This puts them back: the people teleworking in the solved roster and
 * those held from published divisions, with their divisions counted, so that
 * a denial for want of licences can say how the day's licences are used.
 */
import { DenialContext, FairnessLedger, LicenceDay } from '../../domain/explanation';
import { IsoDate, Roster } from '../../domain/rotation';
import { OrganisationSolve } from './organisation-solve';
import { licenceFreePlaces } from './problem';

/**
 * Per open day of the week: the organisation's licences, and how many
 * people in how many divisions hold one. `roster` is the roster being
 * explained (a held draft, or the solve's own optimum by default).
 */
export function licenceUse(solved: OrganisationSolve, roster: Roster = solved.roster): Map<IsoDate, LicenceDay> {
  const total = solved.data.policy.licencesPerDay;
  const divisionOf = divisionsOf(solved);
  const tally = new Map(
    solved.problem.days.map((day) => [
      day,
      { people: 0, divisions: new Set<string>(), publishedPeople: 0, publishedDivisions: new Set<string>() },
    ]),
  );
  // A day at a place on the internal network holds no licence.
  const free = licenceFreePlaces(solved.data.places);
  const holds = (a: { readonly mode: string; readonly place?: string }) => a.mode === 'telework' && !(a.place && free.has(a.place));
  for (const a of roster.assignments) {
    const t = holds(a) ? tally.get(a.day) : undefined;
    if (!t) continue;
    t.people++;
    t.divisions.add(divisionOf.get(a.staff) ?? '');
  }
  // Divisions outside the scope are held as published: exactly the telework problem.ts took off the licences.
  for (const [division, cells] of solved.published) {
    if (solved.scope.has(division)) continue;
    for (const a of cells) {
      const t = holds(a) ? tally.get(a.day) : undefined;
      if (!t) continue;
      t.people++;
      t.divisions.add(division);
      t.publishedPeople++;
      t.publishedDivisions.add(division);
    }
  }
  return new Map(
    [...tally].map(([day, t]) => [
      day,
      {
        total,
        people: t.people,
        divisions: t.divisions.size,
        publishedPeople: t.publishedPeople,
        publishedDivisions: t.publishedDivisions.size,
      },
    ]),
  );
}

/** The policy's fairness ledger, as requestWeight applies it to the requests of the weeks after a denial. */
export function fairnessOf(solved: OrganisationSolve): FairnessLedger {
  const p = solved.data.policy;
  return { perDenial: p.fairnessPerDenial, max: p.fairnessMax, weeks: p.fairnessWeeks };
}

interface Shared {
  readonly solved: OrganisationSolve;
  readonly divisionOf: ReadonlyMap<string, string>;
  readonly licences: ReadonlyMap<IsoDate, LicenceDay>;
}

/** Computed once per roster explained: publishing explains every denied request of a division against one roster. */
const shared = new WeakMap<Roster, Shared>();

/**
 * What describeDenial needs beyond the problem to explain a denial of
 * `division`'s week in plain words to its `audience`: the licence use of
 * every day, the divisions of the people involved, the fairness ledger.
 */
export function denialContext(
  solved: OrganisationSolve,
  roster: Roster,
  division: string,
  audience: DenialContext['audience'],
): DenialContext {
  let s = shared.get(roster);
  if (!s || s.solved !== solved) {
    s = { solved, divisionOf: divisionsOf(solved), licences: licenceUse(solved, roster) };
    shared.set(roster, s);
  }
  return { audience, division, divisionOf: s.divisionOf, licences: s.licences, fairness: fairnessOf(solved) };
}

function divisionsOf(solved: OrganisationSolve): Map<string, string> {
  return new Map(solved.problem.staff.map((s) => [s.id, s.division]));
}
