/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   API response bodies are read as JSON after callApi has validated each against its schema in the OpenAPI document. */
/**
 * The staff side of places and possible days (可能日): the request form offers a 場所 per day
 * once HR has places (自宅 and the places with desks), and 「希望しないが、順番なら可」 on the
 * days a period in which everyone takes a turn on such days covers. A wrong or closed place, or
 * a possible day where no such period is, is refused by name and nothing is saved; possible days
 * replace the week's with the requests, never on a requested day, and are locked at the deadline.
 * The API takes a place per request and possible days, and old clients work as before. My pages
 * and the calendar feed name the place of a telework day and say when it was a turn.
 */
import ICAL from 'ical.js';
import request from 'supertest';
import { DateTime } from 'luxon';
import { In } from 'typeorm';
import { ZONE } from '../../src/app/calendar';
import { dayJa } from '../../src/domain/explanation';
import { weekdaysOf } from '../../src/domain/calendar';
import {
  AccountEntity,
  AuditEntity,
  PeriodEntity,
  PinEntity,
  PlaceEntity,
  PossibleDayEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import { callApi } from '../support/openapi-contract';
import { Agent, csrfToken, DATABASES, login, NEXT_WEEK, NOW, startTestApp, TestApp, THIS_WEEK } from '../support/web';

const [, TUE, WED, THU, FRI] = weekdaysOf(NEXT_WEEK); // 11/23 is a holiday
const PAGE = `/me/weeks/${NEXT_WEEK}`;
const API = `/api/v1/me/weeks/${NEXT_WEEK}/requests`;
const DEADLINE = DateTime.fromISO('2026-11-19T12:00', { zone: ZONE });
/** A place name that must be escaped wherever it is shown. */
const ODD_NAME = '<駅前&コワーキング>';
const ODD_HTML = '&lt;駅前&amp;コワーキング&gt;';

/** The visible text of some HTML. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A select of the form: its options as [value, label] and the selected value. */
function selectOf(html: string, name: string): { options: [string, string][]; selected: string | null } | null {
  const at = html.indexOf(`<select name="${name}">`);
  if (at < 0) return null;
  const select = html.slice(at, html.indexOf('</select>', at));
  const options = [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
  return { options: options.map((o) => [o[1], o[3]]), selected: options.find((o) => o[2])?.[1] ?? null };
}

function form(token: string, fields: Record<string, string>): string {
  return new URLSearchParams([['_csrf', token], ...Object.entries(fields)]).toString();
}

describe.each(DATABASES)('places and possible days of staff (%s)', (kind) => {
  let t: TestApp;
  /** Staff-role accounts of 住民課 who can telework, in id order. */
  let jumin: { loginId: string; staffId: string }[];
  const place = { kita: 0, odd: 0, closed: 0 };

  beforeAll(async () => {
    t = await startTestApp(kind);
    // The demo town comes with two places: start from none, as a town does.
    await t.db.write((m) => m.createQueryBuilder().delete().from(PlaceEntity).execute());
    const staff = await t.db.manager.find(StaffEntity, { where: { divisionId: 'jumin', active: true }, order: { id: 'ASC' } });
    const accounts = await t.db.manager.find(AccountEntity, { where: { staffId: In(staff.map((s) => s.id)), role: 'staff' } });
    jumin = staff.flatMap((s) => {
      const a = accounts.find((x) => x.staffId === s.id);
      return a && s.jobType === '一般事務' ? [{ loginId: a.loginId, staffId: s.id }] : [];
    });
    expect(jumin.length).toBeGreaterThanOrEqual(8);
  });
  afterAll(async () => t.close());

  const requestsOf = async (staffId: string) =>
    (await t.db.manager.find(TeleworkRequestEntity, { where: { staffId, day: In(weekdaysOf(NEXT_WEEK)) }, order: { day: 'ASC' } })).map(
      (r) => ({ day: r.day, rank: r.rank, status: r.status, placeId: r.placeId }),
    );
  const possibleOf = async (staffId: string) =>
    (await t.db.manager.find(PossibleDayEntity, { where: { staffId }, order: { day: 'ASC' } })).map((p) => ({
      day: p.day,
      placeId: p.placeId,
    }));

  async function post(agent: Agent, fields: Record<string, string>) {
    return agent
      .post(PAGE)
      .type('form')
      .send(form(await csrfToken(agent, PAGE), fields));
  }

  async function addPeriod(fields: Omit<Partial<PeriodEntity>, 'turnDays'> & { turnDays: string }): Promise<number> {
    const saved = await t.db.write((m) =>
      m.save(
        PeriodEntity,
        m.create(PeriodEntity, {
          name: '試行期間',
          fromDay: WED,
          toDay: '2026-12-04',
          divisionIds: 'jumin',
          minDays: 1,
          maxDays: null,
          revision: 1,
          updatedBy: 'test',
          updatedAt: NOW.toISO()!,
          ...fields,
          turnDays: fields.turnDays as PeriodEntity['turnDays'],
        }),
      ),
    );
    return saved.id;
  }

  test('without places or periods the form is as it was: no 場所, no 順番なら可', async () => {
    const agent = await login(t.app, jumin[0].loginId);
    const res = await agent.get(PAGE);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('][place]');
    expect(res.text).not.toContain('順番なら可');
    expect(selectOf(res.text, `days[${TUE}][rank]`)!.options.map(([v]) => v)).toEqual(['', '1', '2', '3', '4']);
    // A possible day is refused where no period opens them, and nothing is saved.
    const before = await requestsOf(jumin[0].staffId);
    const refused = await post(agent, { [`days[${WED}][rank]`]: 'possible' });
    expect(refused.status).toBe(422);
    expect(text(refused.text)).toContain(`${dayJa(WED)}は、全員が順番に在宅勤務をする期間の日ではないため、「順番なら可」にはできません。`);
    expect(await requestsOf(jumin[0].staffId)).toEqual(before);
    expect(await possibleOf(jumin[0].staffId)).toEqual([]);
  });

  describe('with places', () => {
    beforeAll(async () => {
      const now = NOW.toISO()!;
      const add = async (name: string, desks: number, sortOrder: number) =>
        (await t.db.write((m) => m.save(PlaceEntity, m.create(PlaceEntity, { name, desks, sortOrder, updatedBy: 'test', updatedAt: now }))))
          .id;
      // Inserted out of HR's order: the form lists them by sortOrder.
      place.odd = await add(ODD_NAME, 1, 2);
      place.kita = await add('北支所', 2, 1);
      place.closed = await add('旧庁舎', 0, 3);
    });

    test('each open day has a 場所: 自宅 and the places with desks, in HR’s order, names escaped', async () => {
      const agent = await login(t.app, jumin[1].loginId);
      const res = await agent.get(PAGE);
      for (const day of [TUE, WED, THU, FRI]) {
        expect(selectOf(res.text, `days[${day}][place]`)!.options).toEqual([
          ['', '自宅'],
          [String(place.kita), '北支所'],
          [String(place.odd), ODD_HTML],
        ]);
      }
      expect(res.text).not.toContain(ODD_NAME);
      expect(res.text).not.toContain('旧庁舎');
      expect(text(res.text)).toContain('在宅勤務をする場所は「場所」で選べます');
    });

    test('a request saved with its place; /me and the form show it', async () => {
      const me = jumin[1];
      const agent = await login(t.app, me.loginId);
      const res = await post(agent, {
        [`days[${TUE}][rank]`]: '1',
        [`days[${TUE}][reason]`]: 'childcare',
        [`days[${TUE}][place]`]: String(place.kita),
        [`days[${THU}][rank]`]: '2',
        [`days[${THU}][reason]`]: 'other',
        [`days[${THU}][place]`]: '',
        [`days[${FRI}][rank]`]: '3',
        [`days[${FRI}][reason]`]: 'other',
        [`days[${FRI}][place]`]: String(place.odd),
      });
      expect(res.status).toBe(302);
      expect(await requestsOf(me.staffId)).toEqual([
        { day: TUE, rank: 1, status: 'active', placeId: place.kita },
        { day: THU, rank: 2, status: 'active', placeId: null },
        { day: FRI, rank: 3, status: 'active', placeId: place.odd },
      ]);
      const audit = await t.db.manager.findOneOrFail(AuditEntity, {
        where: { actor: me.loginId, action: 'requests' },
        order: { id: 'DESC' },
      });
      expect(JSON.parse(audit.after!)).toEqual([
        { day: TUE, rank: 1, reason: 'childcare', placeId: place.kita },
        { day: THU, rank: 2, reason: 'other' },
        { day: FRI, rank: 3, reason: 'other', placeId: place.odd },
      ]);
      const page = await agent.get('/me');
      expect(text(page.text)).toContain('希望: 第1希望（育児）・北支所');
      expect(text(page.text)).toContain('希望: 第2希望（その他） ');
      expect(page.text).toContain(`第3希望（その他）・${ODD_HTML}`);
      expect(page.text).not.toContain(ODD_NAME);
      const again = await agent.get(PAGE);
      expect(selectOf(again.text, `days[${TUE}][place]`)!.selected).toBe(String(place.kita));
      expect(selectOf(again.text, `days[${THU}][place]`)!.selected).toBe('');

      // A change of place alone before the deadline is a change of the request.
      const moved = await post(agent, {
        [`days[${TUE}][rank]`]: '1',
        [`days[${TUE}][reason]`]: 'childcare',
        [`days[${TUE}][place]`]: '',
      });
      expect(moved.status).toBe(302);
      expect(await requestsOf(me.staffId)).toEqual([{ day: TUE, rank: 1, status: 'active', placeId: null }]);
    });

    test.each([
      ['a place that does not exist', '99999', `${dayJa(WED)}の場所（番号99999）は登録されていません。`],
      ['a place with no desks', 'closed', `${dayJa(WED)}の場所「旧庁舎」は、いまは受け付けていません（席がありません）。`],
      ['a place that is not a number', 'kita-shisho', `${dayJa(WED)}の場所の指定が正しくありません。`],
    ])('%s is refused by name with the day, and nothing is saved', async (_name, value, message) => {
      const me = jumin[2];
      const agent = await login(t.app, me.loginId);
      const before = await requestsOf(me.staffId);
      const res = await post(agent, {
        [`days[${TUE}][rank]`]: '1',
        [`days[${TUE}][reason]`]: 'other',
        [`days[${WED}][rank]`]: '2',
        [`days[${WED}][reason]`]: 'other',
        [`days[${WED}][place]`]: value === 'closed' ? String(place.closed) : value,
      });
      expect(res.status).toBe(422);
      expect(text(res.text)).toContain('希望を保存できませんでした');
      expect(text(res.text)).toContain(message);
      expect(await requestsOf(me.staffId)).toEqual(before);
    });

    test('a place that closes stays on the days that already have it, and saving again keeps it', async () => {
      const me = jumin[3];
      const agent = await login(t.app, me.loginId);
      expect(
        (await post(agent, { [`days[${WED}][rank]`]: '1', [`days[${WED}][reason]`]: 'other', [`days[${WED}][place]`]: String(place.odd) }))
          .status,
      ).toBe(302);
      await t.db.write((m) => m.update(PlaceEntity, { id: place.odd }, { desks: 0 }));
      try {
        const res = await agent.get(PAGE);
        const wed = selectOf(res.text, `days[${WED}][place]`)!;
        expect(wed.options).toContainEqual([String(place.odd), `${ODD_HTML}（受付停止中）`]);
        expect(wed.selected).toBe(String(place.odd));
        expect(selectOf(res.text, `days[${THU}][place]`)!.options.map(([v]) => v)).toEqual(['', String(place.kita)]);
        const again = await post(agent, {
          [`days[${WED}][rank]`]: '1',
          [`days[${WED}][reason]`]: 'other',
          [`days[${WED}][place]`]: String(place.odd),
        });
        expect(again.status).toBe(302);
        expect(await requestsOf(me.staffId)).toEqual([{ day: WED, rank: 1, status: 'active', placeId: place.odd }]);
        // Not on another day.
        const other = await post(agent, {
          [`days[${WED}][rank]`]: '1',
          [`days[${WED}][reason]`]: 'other',
          [`days[${WED}][place]`]: String(place.odd),
          [`days[${THU}][rank]`]: '2',
          [`days[${THU}][reason]`]: 'other',
          [`days[${THU}][place]`]: String(place.odd),
        });
        expect(other.status).toBe(422);
        expect(text(other.text)).toContain(`${dayJa(THU)}の場所「${ODD_NAME}」は、いまは受け付けていません`);
      } finally {
        await t.db.write((m) => m.update(PlaceEntity, { id: place.odd }, { desks: 1 }));
      }
    });

    describe('possible days (可能日)', () => {
      let trial: number;
      beforeAll(async () => {
        // Periods that open no possible day: another division's, a cap only, and turns on any day.
        await addPeriod({ name: '税務課の試行', divisionIds: 'zeimu', fromDay: TUE, turnDays: 'possible' });
        await addPeriod({ name: '12月の上限', minDays: null, maxDays: 8, fromDay: TUE, turnDays: 'possible' });
        await addPeriod({ name: '順番は出勤日から', fromDay: TUE, toDay: TUE, turnDays: 'any' });
        trial = await addPeriod({ turnDays: 'possible' }); // 11/25 … 12/4
      });

      test('the option and its hint are offered on the days the trial covers only', async () => {
        const agent = await login(t.app, jumin[4].loginId);
        const res = await agent.get(PAGE);
        const values = (day: string) => selectOf(res.text, `days[${day}][rank]`)!.options;
        expect(values(TUE).map(([v]) => v)).toEqual(['', '1', '2', '3', '4']);
        for (const day of [WED, THU, FRI])
          expect(values(day).slice(0, 3)).toEqual([
            ['', '希望しない'],
            ['possible', '希望しないが、順番なら可'],
            ['1', '第1希望'],
          ]);
        expect(text(res.text)).toContain(
          '期間「試行期間」（11/25〜12/4）は、全員が順番に在宅勤務をします。希望がない日でも、順番が回ってくれば在宅勤務できる日は、順位で「希望しないが、順番なら可」を選んでください。',
        );
        expect(res.text).not.toContain('税務課の試行');
        expect(res.text).not.toContain('12月の上限');
      });

      test('possible days are saved with their place, replace the week’s, and give way to requests', async () => {
        const me = jumin[4];
        const agent = await login(t.app, me.loginId);
        const res = await post(agent, {
          [`days[${TUE}][rank]`]: '1',
          [`days[${TUE}][reason]`]: 'care',
          [`days[${WED}][rank]`]: 'possible',
          [`days[${WED}][reason]`]: 'other',
          [`days[${WED}][place]`]: String(place.kita),
          [`days[${THU}][rank]`]: 'possible',
          [`days[${THU}][place]`]: '',
          [`days[${FRI}][rank]`]: '',
        });
        expect(res.status).toBe(302);
        expect(await requestsOf(me.staffId)).toEqual([{ day: TUE, rank: 1, status: 'active', placeId: null }]);
        expect(await possibleOf(me.staffId)).toEqual([
          { day: WED, placeId: place.kita },
          { day: THU, placeId: null },
        ]);
        const audit = await t.db.manager.findOneByOrFail(AuditEntity, { actor: me.loginId, action: 'possible-days' });
        expect([JSON.parse(audit.before!), JSON.parse(audit.after!)]).toEqual([
          [],
          [
            { day: WED, placeId: place.kita },
            { day: THU, placeId: null },
          ],
        ]);
        const overview = await agent.get('/me');
        expect(text(overview.text)).toContain('「順番なら可」の日は2日');
        expect(text(overview.text)).toContain(`${dayJa(WED)} 未公開 希望なし・順番なら可（可能日）・北支所`);
        expect(text(overview.text)).toContain(`${dayJa(THU)} 未公開 希望なし・順番なら可（可能日） 勤務表の公開を待っています。`);
        const again = await agent.get(PAGE);
        expect(selectOf(again.text, `days[${WED}][rank]`)!.selected).toBe('possible');
        expect(selectOf(again.text, `days[${WED}][place]`)!.selected).toBe(String(place.kita));

        // Saved again: Thursday becomes a request, Wednesday nothing; the week's possible days are replaced.
        const replaced = await post(agent, {
          [`days[${THU}][rank]`]: '1',
          [`days[${THU}][reason]`]: 'other',
          [`days[${FRI}][rank]`]: 'possible',
        });
        expect(replaced.status).toBe(302);
        expect(await requestsOf(me.staffId)).toEqual([{ day: THU, rank: 1, status: 'active', placeId: null }]);
        expect(await possibleOf(me.staffId)).toEqual([{ day: FRI, placeId: null }]);
        expect(text((await agent.get('/me')).text)).toContain('在宅勤務の希望を1日分保存しました（「順番なら可」の日は1日）');
      });

      test('a possible day outside the trial, or at a closed place, is refused and nothing is saved', async () => {
        const me = jumin[4];
        const agent = await login(t.app, me.loginId);
        const [requests, possible] = [await requestsOf(me.staffId), await possibleOf(me.staffId)];
        const res = await post(agent, {
          [`days[${TUE}][rank]`]: 'possible',
          [`days[${WED}][rank]`]: 'possible',
          [`days[${WED}][place]`]: String(place.closed),
          [`days[${THU}][rank]`]: '1',
        });
        expect(res.status).toBe(422);
        expect(text(res.text)).toContain(`${dayJa(TUE)}は、全員が順番に在宅勤務をする期間の日ではないため、「順番なら可」にはできません。`);
        expect(text(res.text)).toContain(`${dayJa(WED)}の場所「旧庁舎」は、いまは受け付けていません`);
        // The form shown again keeps the choice.
        expect(selectOf(res.text, `days[${WED}][rank]`)!.selected).toBe('possible');
        expect([await requestsOf(me.staffId), await possibleOf(me.staffId)]).toEqual([requests, possible]);
      });

      test('after the deadline possible days are locked: shown, not offered, not changed', async () => {
        const me = jumin[5];
        const agent = await login(t.app, me.loginId);
        expect(
          (
            await post(agent, {
              [`days[${WED}][rank]`]: 'possible',
              [`days[${WED}][place]`]: String(place.kita),
              [`days[${THU}][rank]`]: '1',
            })
          ).status,
        ).toBe(302);
        const possible = await possibleOf(me.staffId);
        t.time.set(DEADLINE.plus({ minutes: 1 }));
        try {
          const page = await agent.get(PAGE);
          expect(text(page.text)).toContain(`${dayJa(WED)} 希望なし・順番なら可（可能日）・北支所 （締切後は変更できません）`);
          expect(text(page.text)).toContain('「順番なら可」にした日も変更できません。');
          expect(page.text).not.toContain(`name="days[${WED}][rank]"`);
          expect(page.text).not.toContain('value="possible"');
          expect(page.text).not.toContain('全員が順番に在宅勤務をします');
          // A request already made cannot move either: only its place sent again is nothing new.
          const moved = await post(agent, { [`days[${THU}][rank]`]: '1', [`days[${THU}][place]`]: String(place.kita) });
          expect(moved.status).toBe(422);
          expect(text(moved.text)).toContain('締切を過ぎているため、出した希望は変更できません');
          const marked = await post(agent, { [`days[${FRI}][rank]`]: 'possible' });
          expect(marked.status).toBe(422);
          expect(text(marked.text)).toContain(`${dayJa(FRI)}: 締切を過ぎているため、「順番なら可」の日は追加も変更もできません。`);
          const asked = await post(agent, { [`days[${WED}][rank]`]: '2', [`days[${WED}][reason]`]: 'other' });
          expect(asked.status).toBe(422);
          expect(text(asked.text)).toContain(
            `${dayJa(WED)}は「順番なら可」にしている日です。締切を過ぎているため、希望に変えることはできません。`,
          );
          // A new day is still an urgent request, at the place asked for; the possible day stays.
          const urgent = await post(agent, {
            [`days[${FRI}][rank]`]: '1',
            [`days[${FRI}][reason]`]: 'childcare',
            [`days[${FRI}][place]`]: String(place.odd),
          });
          expect(urgent.status).toBe(302);
          expect(await requestsOf(me.staffId)).toEqual([
            { day: THU, rank: 1, status: 'active', placeId: null },
            { day: FRI, rank: 1, status: 'pending', placeId: place.odd },
          ]);
          expect(await possibleOf(me.staffId)).toEqual(possible);
        } finally {
          t.time.set(NOW);
        }
      });

      test('the API: a place per request and possible days; a client that sends neither works as before', async () => {
        const me = jumin[6];
        const agent = await login(t.app, me.loginId);
        const csrf = (await callApi(t.app, 'GET', '/api/v1/me/csrf-token', { agent })).body.token as string;
        const put = (body: unknown) => callApi(t.app, 'PUT', API, { agent, body, headers: { 'X-CSRF-Token': csrf } });

        const read = await callApi(t.app, 'GET', API, { agent });
        expect(read.status).toBe(200);
        expect(read.body.places).toEqual([
          { id: place.kita, name: '北支所' },
          { id: place.odd, name: ODD_NAME },
        ]);
        expect(read.body.possibleDates).toEqual([WED, THU, FRI]);

        // An old client: no place, no possible.
        const old = await put({ requests: [{ date: TUE, rank: 1, reason: 'childcare' }] });
        expect(old.status).toBe(200);
        expect(old.body.requests).toEqual([{ date: TUE, rank: 1, reason: 'childcare', status: 'active' }]);
        expect(await requestsOf(me.staffId)).toEqual([{ day: TUE, rank: 1, status: 'active', placeId: null }]);

        const both = await put({
          requests: [
            { date: TUE, rank: 1, reason: 'childcare', place: place.kita },
            { date: WED, rank: 2, place: null },
          ],
          possible: [{ date: THU, place: place.odd }, { date: FRI }],
        });
        expect(both.status).toBe(200);
        expect(both.body.requests).toEqual([
          { date: TUE, rank: 1, reason: 'childcare', status: 'active', place: place.kita },
          { date: WED, rank: 2, reason: 'other', status: 'active' },
        ]);
        expect(both.body.possible).toEqual([{ date: THU, place: place.odd }, { date: FRI }]);
        expect(await possibleOf(me.staffId)).toEqual([
          { day: THU, placeId: place.odd },
          { day: FRI, placeId: null },
        ]);

        // Without `possible` the possible days stay, except on a day now asked for.
        const kept = await put({ requests: [{ date: FRI, rank: 1 }] });
        expect(kept.status).toBe(200);
        expect(kept.body.possible).toEqual([{ date: THU, place: place.odd }]);
        expect(await possibleOf(me.staffId)).toEqual([{ day: THU, placeId: place.odd }]);

        const bad = await put({ requests: [{ date: TUE, rank: 1, place: 99999 }], possible: [{ date: TUE }] });
        expect(bad.status).toBe(422);
        expect(bad.body.problems).toEqual([
          `possible[0]: ${TUE} は requests か possible にすでにあります。1日にどちらか1つだけにしてください。`,
        ]);
        const closed = await put({ requests: [{ date: TUE, rank: 1, place: place.closed }], possible: [] });
        expect(closed.status).toBe(422);
        expect(closed.body.problems).toEqual([
          `${dayJa(TUE)}の場所「旧庁舎」は、いまは受け付けていません（席がありません）。ほかの場所を選んでください。`,
        ]);
        const unknown = await put({ requests: [{ date: TUE, rank: 1, place: 99999 }] });
        expect(unknown.status).toBe(422);
        expect(unknown.body.problems).toEqual([`${dayJa(TUE)}の場所（番号99999）は登録されていません。一覧から選び直してください。`]);
        const outside = await put({ requests: [], possible: [{ date: TUE }] });
        expect(outside.status).toBe(422);
        expect(await requestsOf(me.staffId)).toEqual([{ day: FRI, rank: 1, status: 'active', placeId: null }]);
        expect(await possibleOf(me.staffId)).toEqual([{ day: THU, placeId: place.odd }]);
        const cleared = await put({ requests: [], possible: [] });
        expect([cleared.status, cleared.body.requests, cleared.body.possible]).toEqual([200, [], []]);
      });

      test('a same-day request on a possible day takes its place', async () => {
        // Someone at the office today (11/18) in the published week, who marked today 順番なら可 in a trial over this week.
        const m = t.db.manager;
        const row = await m.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
        const pub = await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
        const me = jumin
          .slice(9)
          .find((j) => pub.assignments.some((a) => a.staff === j.staffId && a.day === '2026-11-18' && a.mode === 'office'))!;
        expect(me).toBeDefined();
        await addPeriod({ name: '今週の試行', fromDay: '2026-11-16', toDay: '2026-11-20', turnDays: 'possible' });
        await t.db.write(async (w) => {
          await w.delete(TeleworkRequestEntity, { staffId: me.staffId, day: '2026-11-18' });
          await w.insert(PossibleDayEntity, { staffId: me.staffId, day: '2026-11-18', placeId: null, createdAt: NOW.toISO()! });
        });
        const agent = await login(t.app, me.loginId);
        const res = await agent
          .post('/me/today')
          .type('form')
          .send(form(await csrfToken(agent, '/me'), { day: '2026-11-18', reason: 'sick-child' }));
        expect(res.status).toBe(302);
        const today = await m.findBy(TeleworkRequestEntity, { staffId: me.staffId, day: '2026-11-18' });
        expect(today.map((r) => r.status)).toEqual(['pending']);
        expect(await m.countBy(PossibleDayEntity, { staffId: me.staffId, day: '2026-11-18' })).toBe(0);
        await t.db.write((w) => w.delete(PeriodEntity, { name: '今週の試行' }));
        expect(trial).toBeGreaterThan(0);
      });
    });

    describe('my published days', () => {
      /** One person's days in this week's published roster: Tuesday at 北支所, Wednesday (today) at the odd place, Thursday a turn at home. */
      let me: { loginId: string; staffId: string };
      beforeAll(async () => {
        me = jumin[8];
        const m = t.db.manager;
        const row = await m.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
        const pub = await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
        const days: Record<string, { mode: 'telework' | 'office'; place?: string }> = {
          '2026-11-17': { mode: 'telework', place: `place-${place.kita}` },
          '2026-11-18': { mode: 'telework', place: `place-${place.odd}` },
          '2026-11-19': { mode: 'telework' },
          '2026-11-20': { mode: 'telework' },
        };
        pub.assignments = pub.assignments.map((a) =>
          a.staff === me.staffId && days[a.day] ? { staff: a.staff, day: a.day, ...days[a.day] } : a,
        );
        expect(pub.assignments.filter((a) => a.staff === me.staffId && days[a.day])).toHaveLength(4);
        await t.db.write(async (w) => {
          await w.save(pub);
          // Tuesday and Wednesday asked for, Thursday and Friday not; Friday pinned by the chief. A goal over the week makes Thursday a turn.
          await w.delete(TeleworkRequestEntity, { staffId: me.staffId, day: In(Object.keys(days)) });
          const asked = { staffId: me.staffId, reason: 'other' as const, status: 'active' as const, createdAt: NOW.toISO()! };
          await w.insert(TeleworkRequestEntity, [
            { ...asked, day: '2026-11-17', rank: 1, placeId: place.kita },
            { ...asked, day: '2026-11-18', rank: 2, placeId: place.odd },
          ]);
          await w.delete(PinEntity, { staffId: me.staffId, day: In(['2026-11-19', '2026-11-20']) });
          await w.insert(PinEntity, { staffId: me.staffId, day: '2026-11-20', mode: 'telework', createdBy: 'jumin-kacho' });
        });
        await addPeriod({ name: '今週の目標', fromDay: '2026-11-16', toDay: '2026-11-20', turnDays: 'any' });
      });

      /** One day's line on /me, as text. */
      function dayLine(html: string, day: string): string {
        const at = html.indexOf(`<span class="date">${dayJa(day)}</span>`);
        return text(html.slice(at, html.indexOf('</li>', at)));
      }

      test('/me names the place of a telework day, escaped, and marks a turn 期間の順番', async () => {
        const agent = await login(t.app, me.loginId);
        const res = await agent.get('/me');
        expect(dayLine(res.text, '2026-11-17')).toContain('在宅勤務（北支所）');
        expect(res.text).toContain(`在宅勤務（${ODD_HTML}）`);
        expect(res.text).not.toContain(ODD_NAME);
        expect(dayLine(res.text, '2026-11-19')).toContain(' 在宅勤務 期間の順番 ');
        // Pinned by the chief, or asked for: not a turn.
        expect(dayLine(res.text, '2026-11-20')).not.toContain('期間の順番');
        expect(dayLine(res.text, '2026-11-17')).not.toContain('期間の順番');
        expect(res.text.match(/class="badge turn"/g)).toHaveLength(1);
        // Today's card says where.
        expect(text(res.text)).toContain('今日は在宅勤務（<駅前&コワーキング>）の予定です。');
        const cal = await agent.get('/me/calendar');
        expect(text(cal.text)).toContain('その場所の名前が予定の「場所」に入ります');
      });

      test('the calendar feed has the place as LOCATION of a day there, and none at home', async () => {
        const account = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: me.staffId, role: 'staff' });
        const res = await request(t.app).get(`/ical/${account.icalToken}.ics`);
        expect(res.status).toBe(200);
        const calendar = new ICAL.Component(ICAL.parse(res.text) as unknown[]);
        const events = new Map(
          calendar.getAllSubcomponents('vevent').map((v) => {
            const e = new ICAL.Event(v);
            return [e.startDate.toString(), { summary: e.summary, location: e.location }];
          }),
        );
        expect(events.get('2026-11-17')).toEqual({ summary: '在宅勤務（北支所）', location: '北支所' });
        expect(events.get('2026-11-18')).toEqual({ summary: `在宅勤務（${ODD_NAME}）`, location: ODD_NAME });
        expect(events.get('2026-11-19')).toEqual({ summary: '在宅勤務', location: null });
      });
    });
  });
});
