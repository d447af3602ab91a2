/**
 * Same-day changes on the demo town (Wednesday 2026-11-18 10:00, the week
 * published by the seed): the sick-child morning in one approval, with the
 * colleague it bumps told; and a BCP day applied to the organisation's
 * rosters in one confirmed step. Both change only that day, publish at once,
 * and refuse bad input without changing anything.
 */
import { actorOf } from '../../../src/app/accounts/accounts';
import { Actor } from '../../../src/app/accounts/actor';
import { AppError } from '../../../src/app/errors';
import { checkRoster } from '../../../src/engine/check';
import { applyBcpDay, previewBcpDay } from '../../../src/app/week/bcp-day';
import { asRoster } from '../../../src/app/week/organisation-solve';
import { approveToday, askToday, previewToday } from '../../../src/app/week/same-day';
import { parseProblemOrThrow } from '../../../src/domain/validate';
import {
  AbsenceEntity,
  AccountEntity,
  NotificationEntity,
  PolicyEntity,
  PublishedAssignment,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../../src/persistence/entities';
import { DATABASES, startTestApp, TestApp, testClock, THIS_WEEK } from '../../support/web';

const TODAY = '2026-11-18';

describe.each(DATABASES)('same-day changes on %s', (kind) => {
  let t: TestApp;
  const clock = testClock().clock;
  const actor = async (loginId: string): Promise<Actor> => {
    const m = t.db.manager;
    return (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId })).id))!;
  };

  beforeEach(async () => {
    t = await startTestApp(kind);
  });
  afterEach(async () => t.close());

  /** Every division's latest published cells of the week. */
  async function publishedWeek(): Promise<Map<string, { version: number; cells: PublishedAssignment[] }>> {
    const m = t.db.manager;
    const out = new Map<string, { version: number; cells: PublishedAssignment[] }>();
    for (const row of await m.findBy(RosterEntity, { week: THIS_WEEK })) {
      const pub = await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
      out.set(row.divisionId, { version: pub.version, cells: pub.assignments });
    }
    return out;
  }

  const cellsOn = (cells: readonly PublishedAssignment[], pred: (d: string) => boolean) =>
    cells
      .filter((a) => pred(a.day))
      .map((a) => `${a.staff} ${a.day} ${a.mode} ${a.counter ?? ''}`)
      .sort();

  /** Licences as tight as today's published telework: granting anyone today bumps someone. */
  async function fillTodaysLicences(): Promise<void> {
    const week = await publishedWeek();
    const used = [...week.values()].flatMap((w) => w.cells).filter((a) => a.day === TODAY && a.mode === 'telework').length;
    await t.db.write((m) => m.update(PolicyEntity, { id: 1 }, { licencesPerDay: used }));
  }

  /** A division with telework today and a person who may telework but is in the office today, under the week's maximum. */
  async function sickChildCase(): Promise<{ division: string; person: StaffEntity }> {
    const m = t.db.manager;
    const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
    for (const [division, w] of await publishedWeek()) {
      if (!w.cells.some((a) => a.day === TODAY && a.mode === 'telework')) continue;
      const staff = await m.find(StaffEntity, { where: { divisionId: division, active: true }, order: { id: 'ASC' } });
      // Preferably someone who asked for today before and was denied: the dead end of the issue.
      const ranked = [...staff].sort(
        (a, b) => Number(w.cells.some((c) => c.staff === b.id)) - Number(w.cells.some((c) => c.staff === a.id)),
      );
      for (const s of ranked) {
        if (policy.nonTeleworkJobTypes.includes(s.jobType)) continue;
        const mine = w.cells.filter((a) => a.staff === s.id);
        const today = mine.find((a) => a.day === TODAY);
        const teleworks = mine.filter((a) => a.mode === 'telework').length;
        if (today?.mode === 'office' && teleworks < (s.maxTeleworkDays ?? policy.maxTeleworkDays)) return { division, person: s };
      }
    }
    throw new Error('no case in the demo town');
  }

  it('the sick-child morning: asked on the phone, one approval, today re-solved and published, the bumped colleague told', async () => {
    await fillTodaysLicences();
    const { division, person } = await sickChildCase();
    const m = t.db.manager;
    const login = (await m.findOneByOrFail(AccountEntity, { staffId: person.id })).loginId;
    const before = await publishedWeek();

    // Whether or not they asked for the day before (a denied request is turned into the urgent one).
    await t.db.source.manager.delete(TeleworkRequestEntity, { staffId: person.id, day: TODAY });
    await t.db.write((w) =>
      w.insert(TeleworkRequestEntity, {
        staffId: person.id,
        day: TODAY,
        rank: 1,
        reason: 'other',
        status: 'active',
        createdAt: '2026-11-10T00:00:00Z',
      }),
    );
    await askToday(t.db, await actor(login), { day: TODAY, reason: 'sick-child' }, clock);
    const request = await m.findOneByOrFail(TeleworkRequestEntity, { staffId: person.id, day: TODAY });
    expect(request).toMatchObject({ status: 'pending', reason: 'sick-child' });
    const chief = await actor(`${division}-kacho`);
    const waiting = await m.findBy(NotificationEntity, { staffId: chief.staffId, kind: 'urgent-waiting' });
    expect(waiting).toHaveLength(1);
    expect(waiting[0].title).toContain('子の看護');

    // The chief sees the consequence; the preview changes nothing.
    const preview = await previewToday(t.db, chief, division, request.id, clock);
    expect(preview.blocked).toBeNull();
    expect(preview.changes.find((c) => c.staffId === person.id)).toMatchObject({ after: '在宅勤務' });
    const bumped = preview.changes.filter((c) => c.staffId !== person.id);
    expect(bumped.length).toBeGreaterThan(0);
    expect(await publishedWeek()).toEqual(before);
    expect((await m.findOneByOrFail(TeleworkRequestEntity, { id: request.id })).status).toBe('pending');

    const row = await m.findOneByOrFail(RosterEntity, { divisionId: division, week: THIS_WEEK });
    const done = await approveToday(t.db, chief, division, request.id, row.revision, clock);
    expect(done.changes).toEqual(preview.changes);
    const after = await publishedWeek();
    // Published at once, only today changed, and only in this division.
    expect(after.get(division)!.version).toBe(before.get(division)!.version + 1);
    for (const [id, w] of before) {
      if (id !== division) expect(after.get(id)).toEqual(w);
      expect(cellsOn(after.get(id)!.cells, (d) => d !== TODAY)).toEqual(cellsOn(w.cells, (d) => d !== TODAY));
    }
    const mine = after.get(division)!.cells;
    expect(mine.find((a) => a.staff === person.id && a.day === TODAY)?.mode).toBe('telework');
    const all = [...after.values()].flatMap((w) => w.cells);
    const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
    expect(all.filter((a) => a.day === TODAY && a.mode === 'telework').length).toBeLessThanOrEqual(policy.licencesPerDay!);
    // The published week is a valid roster of the division's week.
    const stored = await m.findOneByOrFail(RosterEntity, { divisionId: division, week: THIS_WEEK });
    const report = checkRoster(
      parseProblemOrThrow(JSON.parse(stored.problemJson)),
      asRoster(
        'x',
        mine.map((a) => ({ ...a })),
        stored.objective,
      ),
    );
    expect(report.violations).toEqual([]);

    // The person and every bumped colleague are told.
    const decided = await m.findBy(NotificationEntity, { staffId: person.id, kind: 'request-decided' });
    expect(decided.map((n) => n.title)).toEqual([expect.stringContaining('承認されました')]);
    for (const c of bumped) {
      const told = await m.findBy(NotificationEntity, { staffId: c.staffId, kind: 'week-changed' });
      expect(told).toHaveLength(1);
      expect(told[0].body).toContain(`${c.before} → ${c.after}`);
    }
    expect((await m.findOneByOrFail(TeleworkRequestEntity, { id: request.id })).status).toBe('active');
  });

  it('refuses a request for a past day, an approval on a stale revision, and a person already at home', async () => {
    const { division, person } = await sickChildCase();
    const m = t.db.manager;
    const login = (await m.findOneByOrFail(AccountEntity, { staffId: person.id })).loginId;
    const me = await actor(login);
    await expect(askToday(t.db, me, { day: '2026-11-17', reason: 'illness' }, clock)).rejects.toThrow('11月17日(火)は過ぎた日のため');
    await expect(askToday(t.db, me, { day: TODAY, reason: 'holiday' }, clock)).rejects.toThrow('理由を選んでください');
    expect(await m.countBy(TeleworkRequestEntity, { staffId: person.id, status: 'pending' })).toBe(0);

    await askToday(t.db, me, { day: TODAY, reason: 'illness' }, clock);
    await expect(askToday(t.db, me, { day: TODAY, reason: 'illness' }, clock)).rejects.toThrow('承認を待っています');
    const request = await m.findOneByOrFail(TeleworkRequestEntity, { staffId: person.id, day: TODAY });
    const row = await m.findOneByOrFail(RosterEntity, { divisionId: division, week: THIS_WEEK });
    const before = await publishedWeek();
    const stale = approveToday(t.db, await actor(`${division}-kacho`), division, request.id, row.revision - 1, clock);
    await expect(stale).rejects.toMatchObject({ status: 409 });
    expect(await publishedWeek()).toEqual(before);
    expect((await m.findOneByOrFail(TeleworkRequestEntity, { id: request.id })).status).toBe('pending');
  });

  it('a BCP day: the real list entered, previewed, applied in one step to every division, people told', async () => {
    const m = t.db.manager;
    const hr = await actor('jinji');
    const staff = await m.find(StaffEntity, { where: { active: true }, order: { id: 'ASC' } });
    const away = staff.filter((_, i) => i % 9 === 0).map((s) => s.id);
    const before = await publishedWeek();
    const input = { day: TODAY, staffIds: away.slice(0, 5), pasted: away.slice(5).join('\n') };

    const plan = await previewBcpDay(t.db, hr, null, input, clock);
    expect(await publishedWeek()).toEqual(before);
    expect(plan.unreachable.map((p) => p.id).sort()).toEqual([...away].sort());
    expect(plan.teleworking.length + plan.onLeave.length).toBe(away.length);
    expect(plan.teleworking.length).toBeGreaterThan(0);
    expect(plan.onLeave.length).toBeGreaterThan(0);
    expect(plan.counters.length).toBeGreaterThan(0);

    // A stale confirmation is refused and changes nothing.
    await expect(applyBcpDay(t.db, hr, null, { ...input, digest: 'old' }, clock)).rejects.toMatchObject({ status: 409 });
    expect(await publishedWeek()).toEqual(before);

    const applied = await applyBcpDay(t.db, hr, null, { ...input, digest: plan.digest }, clock);
    expect(applied.digest).toBe(plan.digest);
    const after = await publishedWeek();
    const cells = [...after.values()].flatMap((w) => w.cells);
    const awaySet = new Set(away);
    // Nobody who cannot come is expected at the office; the others days are as they were.
    for (const a of cells.filter((c) => c.day === TODAY && awaySet.has(c.staff))) expect(a.mode).not.toBe('office');
    for (const [id, w] of before) {
      expect(cellsOn(after.get(id)!.cells, (d) => d !== TODAY)).toEqual(cellsOn(w.cells, (d) => d !== TODAY));
    }
    const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
    if (policy.licencesPerDay !== null)
      expect(cells.filter((a) => a.day === TODAY && a.mode === 'telework').length).toBeLessThanOrEqual(policy.licencesPerDay);
    expect(await m.countBy(AbsenceEntity, { day: TODAY })).toBeGreaterThanOrEqual(plan.onLeave.length);
    const told = await m.findBy(NotificationEntity, { kind: 'bcp' });
    expect(new Set(told.map((n) => n.staffId))).toEqual(new Set(plan.changes.map((c) => c.staffId)));
  });

  it('a BCP list with an unknown staff id is refused, naming it, and nothing changes', async () => {
    const hr = await actor('jinji');
    const before = await publishedWeek();
    const [a, b] = await t.db.manager.find(StaffEntity, { where: { active: true }, order: { id: 'ASC' }, take: 2 });
    const input = { day: TODAY, staffIds: [], pasted: `${a.id}, X-999\n${b.id}` };
    const error = await previewBcpDay(t.db, hr, null, input, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).problems).toEqual(['職員番号「X-999」は登録されていません。']);
    await expect(applyBcpDay(t.db, hr, null, { ...input, digest: 'x' }, clock)).rejects.toThrow('BCPの計画を作れませんでした');
    await expect(previewBcpDay(t.db, hr, null, { ...input, pasted: a.id, day: '2026-11-17' }, clock)).rejects.toMatchObject({
      problems: ['「日付」11月17日(火)は過ぎた日のため、BCPの適用はできません。'],
    });
    expect(await publishedWeek()).toEqual(before);
  });
});
