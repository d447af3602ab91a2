/**
 * The past is frozen: whatever the clock says and whatever a chief or HR
 * does (generate, pin, mark leave, publish, generate all), no draft and no
 * published version changes on a day before today, and an action on a past
 * day or a past week is refused with a Japanese message.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { actorOf } from '../../../src/app/accounts/accounts';
import { Actor } from '../../../src/app/accounts/actor';
import { Clock, todayOf, ZONE } from '../../../src/app/calendar';
import { AppError } from '../../../src/app/errors';
import { draftOf } from '../../../src/app/week/organisation-solve';
import { CELL_ACTIONS, generateAll, generateDivision, publish, setCell } from '../../../src/app/week/rosters';
import { approveToday, askToday } from '../../../src/app/week/same-day';
import { applyBcpDay, previewBcpDay } from '../../../src/app/week/bcp-day';
import {
  AccountEntity,
  PolicyEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../../src/persistence/entities';
import { demoActors } from '../../support/organisation';
import { DATABASES, startTestApp, TestApp, THIS_WEEK } from '../../support/web';

const WEEK = THIS_WEEK; // 2026-W47, generated and published by the seed
const DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20'];

type Action =
  | { kind: 'generate'; division: number }
  | { kind: 'cell'; division: number; person: number; day: number; action: number }
  | { kind: 'publish'; division: number }
  | { kind: 'generate-all' }
  | { kind: 'more-licences'; add: number }
  | { kind: 'urgent'; division: number; person: number; reason: number }
  | { kind: 'bcp'; people: number[] };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('generate' as const), division: fc.nat(24) }),
  fc.record({ kind: fc.constant('cell' as const), division: fc.nat(24), person: fc.nat(40), day: fc.nat(4), action: fc.nat(3) }),
  fc.record({ kind: fc.constant('publish' as const), division: fc.nat(24) }),
  fc.constant({ kind: 'generate-all' as const }),
  // HR raises the licences in mid-week: a re-solve would then gladly grant denied requests of past days.
  fc.record({ kind: fc.constant('more-licences' as const), add: fc.integer({ min: 1, max: 20 }) }),
  // The sick-child morning: asked and approved in one step, today only.
  fc.record({ kind: fc.constant('urgent' as const), division: fc.nat(24), person: fc.nat(40), reason: fc.nat(1) }),
  // A BCP day applied by HR for today.
  fc.record({ kind: fc.constant('bcp' as const), people: fc.array(fc.nat(425), { minLength: 1, maxLength: 40 }) }),
);
/** Monday 07:00 to the next Monday, in Tokyo. */
const instant = fc.integer({ min: 0, max: 7 * 24 - 1 }).map((h) => DateTime.fromISO('2026-11-16T07:00', { zone: ZONE }).plus({ hours: h }));

describe.each(DATABASES)('the past on %s', (kind) => {
  let t: TestApp;
  let divisions: string[];
  let hr: Actor;
  let chiefs: Map<string, Actor>;

  beforeAll(async () => {
    t = await startTestApp(kind);
    ({ divisions, hr, chiefs } = await demoActors(t.db));
  });
  afterAll(async () => t.close());

  /**
   * Every cell before `today` of every division: the draft and the latest
   * published version (what staff see), and each published version by number
   * (a version once published never changes; a new one may be added).
   */
  async function pastCells(today: string): Promise<{ current: string[]; versions: Map<string, string> }> {
    const m = t.db.manager;
    const current: string[] = [];
    const versions = new Map<string, string>();
    const line = (a: { staff: string; day: string; mode: string; counter?: string | null }) =>
      `${a.staff} ${a.day} ${a.mode} ${a.counter ?? ''}`;
    for (const row of await m.findBy(RosterEntity, { week: WEEK })) {
      for (const a of await draftOf(m, row.id)) if (a.day < today) current.push(`draft ${row.divisionId} ${line(a)}`);
      for (const p of await m.findBy(RosterPublicationEntity, { rosterId: row.id })) {
        const past = p.assignments.filter((a) => a.day < today).map(line);
        versions.set(`${row.divisionId} v${p.version}`, past.join('\n'));
        if (p.version === row.publishedVersion) current.push(...past.map((l) => `published ${row.divisionId} ${l}`));
      }
    }
    return { current: current.sort(), versions };
  }

  function expectUnchanged(before: Awaited<ReturnType<typeof pastCells>>, after: Awaited<ReturnType<typeof pastCells>>): void {
    expect(after.current).toEqual(before.current);
    for (const [version, cells] of before.versions) expect({ version, cells: after.versions.get(version) }).toEqual({ version, cells });
  }

  async function run(a: Action, clock: Clock): Promise<void> {
    const m = t.db.manager;
    const division = divisions['division' in a ? a.division : 0];
    const row = await m.findOneBy(RosterEntity, { divisionId: division, week: WEEK });
    const chief = chiefs.get(division)!;
    switch (a.kind) {
      case 'generate':
        return void (await generateDivision(t.db, chief, division, WEEK, row?.revision ?? null, clock));
      case 'publish':
        return void (await publish(t.db, chief, division, WEEK, row?.revision ?? null, clock));
      case 'generate-all':
        return void (await generateAll(t.db, hr, WEEK, clock));
      case 'more-licences': {
        const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
        await t.db.write((w) => w.update(PolicyEntity, { id: 1 }, { licencesPerDay: (policy.licencesPerDay ?? 50) + a.add }));
        return;
      }
      case 'urgent': {
        const staff = await m.find(StaffEntity, { where: { divisionId: division, active: true }, order: { id: 'ASC' } });
        const person = staff[a.person % staff.length];
        const account = await m.findOneByOrFail(AccountEntity, { staffId: person.id });
        const me = (await actorOf(m, account.id))!;
        const today = todayOf(clock);
        await askToday(t.db, me, { day: today, reason: a.reason ? 'illness' : 'sick-child' }, clock);
        const request = await m.findOneByOrFail(TeleworkRequestEntity, { staffId: person.id, day: today });
        const current = await m.findOneByOrFail(RosterEntity, { divisionId: division, week: WEEK });
        await approveToday(t.db, chief, division, request.id, current.revision, clock);
        return;
      }
      case 'bcp': {
        const staff = await m.find(StaffEntity, { where: { active: true }, order: { id: 'ASC' } });
        const input = { day: todayOf(clock), staffIds: a.people.map((i) => staff[i % staff.length].id), pasted: '' };
        const plan = await previewBcpDay(t.db, hr, null, input, clock);
        await applyBcpDay(t.db, hr, null, { ...input, digest: plan.digest }, clock);
        return;
      }
      case 'cell': {
        const staff = await m.find(StaffEntity, { where: { divisionId: division, active: true }, order: { id: 'ASC' } });
        const person = staff[a.person % staff.length];
        const day = DAYS[a.day];
        const act = CELL_ACTIONS[a.action];
        try {
          await setCell(t.db, chief, division, WEEK, person.id, day, act, row?.revision ?? null, clock);
        } catch (e) {
          // A day already past is refused before anything is read or written.
          if (day < todayOf(clock)) expect(e).toBeInstanceOf(AppError);
          throw e;
        }
        expect(day >= todayOf(clock)).toBe(true);
        return;
      }
    }
  }

  it('no action changes a cell before today, and past days and weeks are refused', async () => {
    // Actions that went through on a day with a past behind it: the property is not vacuous.
    let doneMidweek = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(action, instant), { minLength: 3, maxLength: 8 }), async (steps) => {
        for (const [a, at] of steps) {
          const clock: Clock = () => at;
          const today = todayOf(clock);
          const before = await pastCells(today);
          let refused: AppError | null = null;
          try {
            await run(a, clock);
          } catch (e) {
            if (!(e instanceof AppError)) throw e;
            refused = e;
          }
          expectUnchanged(before, await pastCells(today));
          if (!refused && today > DAYS[0] && today <= DAYS[4]) doneMidweek++;
          if (refused) expect(refused.message).toMatch(/[ぁ-んァ-ン一-龥]/);
          if (today > DAYS[4] && (a.kind === 'generate' || a.kind === 'publish' || a.kind === 'generate-all'))
            expect(refused?.message).toBe('過ぎた週の勤務表は作成・変更・公開できません。');
        }
      }),
      { numRuns: 12, seed: 47 },
    );
    expect(doneMidweek).toBeGreaterThanOrEqual(10);
  });

  it('refuses a pin on a past day with a message that names the day, and changes nothing', async () => {
    const clock: Clock = () => DateTime.fromISO('2026-11-18T09:00', { zone: ZONE });
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: WEEK });
    const person = (await t.db.manager.findOneByOrFail(StaffEntity, { divisionId: 'jumin', active: true })).id;
    const before = await pastCells('2026-11-21');
    await expect(setCell(t.db, chiefs.get('jumin')!, 'jumin', WEEK, person, '2026-11-17', 'telework', row.revision, clock)).rejects.toThrow(
      '11月17日(火)は過ぎた日のため、固定・休暇の変更はできません。',
    );
    expectUnchanged(before, await pastCells('2026-11-21'));
  });
});
