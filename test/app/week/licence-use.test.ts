/**
 * Licence denials with the organisation around them, on the demo town: the
 * licence use of a solved week counts the people of the roster and those held
 * from published divisions; a division that publishes last gets, for a
 * licence denial, the organisation's licences that day and who holds them;
 * what staff read (the published reasons, their pages) names nobody else and
 * shows no internal number.
 */
import { actorOf } from '../../../src/app/accounts/accounts';
import { Actor } from '../../../src/app/accounts/actor';
import { todayOf } from '../../../src/app/calendar';
import { denialContext, licenceUse } from '../../../src/app/week/licence-use';
import { draftOf, holdDraft, solveOrganisation } from '../../../src/app/week/organisation-solve';
import { explainCell, generateAll, publish } from '../../../src/app/week/rosters';
import { describeDenial, nameBook } from '../../../src/domain/explanation';
import { explain } from '../../../src/engine';
import {
  AccountEntity,
  DivisionEntity,
  PolicyEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
} from '../../../src/persistence/entities';
import { login, NEXT_WEEK, startTestApp, TestApp } from '../../support/web';

const WEEK = NEXT_WEEK;
const LATE = 'jumin';
const LICENCES = 20;
const JARGON = /評価|重み|weight|objective|目的関数/i;

describe('licence use and plain denials on the demo town', () => {
  let t: TestApp;
  let hr: Actor;
  let chief: Actor;
  let divisions: string[];

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    const m = t.db.manager;
    const actor = async (loginId: string) => (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId })).id))!;
    hr = await actor('jinji');
    chief = await actor(`${LATE}-kacho`);
    divisions = (await m.find(DivisionEntity)).map((d) => d.id);
    // Few licences, so that they bind every day; every division but 住民課 publishes first.
    await t.db.write((w) => w.update(PolicyEntity, { id: 1 }, { licencesPerDay: LICENCES }));
    await generateAll(t.db, hr, WEEK, t.time.clock);
    for (const d of divisions.filter((id) => id !== LATE)) {
      const row = await m.findOneByOrFail(RosterEntity, { divisionId: d, week: WEEK });
      await publish(t.db, hr, d, WEEK, row.revision, t.time.clock);
    }
  });
  afterAll(async () => t.close());

  it('counts the people of the solved roster and those held from published divisions, with their divisions', async () => {
    const m = t.db.manager;
    const solved = await solveOrganisation(m, WEEK, todayOf(t.time.clock), LATE);
    expect([...solved.scope]).toEqual([LATE]);
    const use = licenceUse(solved);
    const staff = await m.find(StaffEntity);
    const divisionOf = new Map(staff.map((s) => [s.id, s.divisionId]));
    // Independently of the solve: the latest published version of every other division, read from the database.
    const published = [];
    for (const row of await m.findBy(RosterEntity, { week: WEEK })) {
      if (row.divisionId === LATE || row.publishedVersion === 0) continue;
      published.push(
        ...(await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion })).assignments,
      );
    }
    expect(new Set(published.map((a) => divisionOf.get(a.staff))).size).toBe(divisions.length - 1);
    for (const day of solved.problem.days) {
      const fromPublished = published.filter((a) => a.day === day && a.mode === 'telework');
      const fromRoster = solved.roster.assignments.filter((a) => a.day === day && a.mode === 'telework');
      expect(fromRoster.every((a) => divisionOf.get(a.staff) === LATE)).toBe(true);
      const got = use.get(day)!;
      expect(got).toEqual({
        total: LICENCES,
        people: fromRoster.length + fromPublished.length,
        divisions: new Set([...fromPublished, ...fromRoster].map((a) => divisionOf.get(a.staff))).size,
        publishedPeople: fromPublished.length,
        publishedDivisions: new Set(fromPublished.map((a) => divisionOf.get(a.staff))).size,
      });
      expect(got.people).toBeLessThanOrEqual(LICENCES);
      expect(got.publishedDivisions).toBeGreaterThan(1);
    }
  });

  it('tells the chief of the late division how the licences of the day are used and who holds them', async () => {
    const m = t.db.manager;
    const solved = await solveOrganisation(m, WEEK, todayOf(t.time.clock), LATE);
    const row = await m.findOneByOrFail(RosterEntity, { divisionId: LATE, week: WEEK });
    const held = holdDraft(solved, LATE, await draftOf(m, row.id))!;
    expect(held).not.toBeNull();
    const ours = solved.problem.staff.filter((s) => s.division === LATE && s.requests.length > 0);
    const denials = ours.flatMap((s) => explain(solved.problem, held, { staff: s.id }));
    const licence = denials.find((e) => e.rule === 'licences');
    expect(licence).toBeDefined();
    const use = licenceUse(solved, held).get(licence!.day)!;
    const text = describeDenial(licence!, nameBook(solved.problem), denialContext(solved, held, LATE, 'chief'));
    const allUsed = use.people >= LICENCES;
    expect(text.headline).toMatch(
      allUsed
        ? `は全庁のテレワーク用ライセンス${LICENCES}件が、${use.divisions}課の${use.people}人に割り当て済みです。`
        : `は全庁のテレワーク用ライセンス${LICENCES}件のうち${use.people}件が`,
    );
    expect(text.details[0]).toBe(`このうち${use.publishedDivisions}課の${use.publishedPeople}人分は、勤務表を公開済みの課のものです。`);
    expect([text.headline, ...text.details].join('')).not.toMatch(JARGON);

    // The なぜ？ of the chief's page says the same.
    const why = await explainCell(t.db, chief, LATE, WEEK, licence!.staff, licence!.day, t.time.clock);
    expect(why.headline).toBe(text.headline);
    expect(why.details).toEqual(text.details);
  });

  it('publishes reasons that name nobody and show no internal number, and the staff pages show them', async () => {
    const m = t.db.manager;
    const row = await m.findOneByOrFail(RosterEntity, { divisionId: LATE, week: WEEK });
    await publish(t.db, chief, LATE, WEEK, row.revision, t.time.clock);
    const all = await m.find(RosterPublicationEntity);
    const reasons = all.flatMap((p) => p.denials);
    expect(reasons.length).toBeGreaterThan(0);
    const names = (await m.find(StaffEntity)).map((s) => s.name);
    for (const d of reasons) {
      expect(d.reason).not.toMatch(JARGON);
      expect(names.filter((n) => d.reason.includes(n))).toEqual([]);
    }
    const late = (await m.findOneByOrFail(RosterEntity, { divisionId: LATE, week: WEEK })).publishedVersion;
    const pub = await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: late });
    expect(pub.denials.some((d) => d.reason.includes(`全庁のテレワーク用ライセンス${LICENCES}件`))).toBe(true);
    for (const d of pub.denials.filter((x) => x.reason.includes('同じ優先度'))) expect(d.reason).toContain('公平のため');

    // The pages of a staff member of 住民課 with a denied request.
    const denied = pub.denials[0].staff;
    const account = await m.findOneByOrFail(AccountEntity, { staffId: denied });
    const agent = await login(t.app, account.loginId);
    for (const page of ['/me', `/me/weeks/${WEEK}`, '/me/calendar']) {
      const res = await agent.get(page);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(JARGON);
    }
    const me = await agent.get('/me');
    expect(me.text).toContain(`認められませんでした。理由: ${pub.denials[0].reason}`);
  });
});
