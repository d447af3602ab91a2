/**
 * The staff pages: my weeks with the published roster and the reasons for
 * denied requests, the request form (every kind of bad input is refused with
 * a message and saves nothing), requests after the deadline, and the guards.
 */
import request from 'supertest';
import { DateTime } from 'luxon';
import { In } from 'typeorm';
import { ZONE, weekLabel } from '../../src/app/calendar';
import { dayJa } from '../../src/domain/explanation';
import { weekdaysOf } from '../../src/domain/calendar';
import {
  AccountEntity,
  CounterEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import { Agent, csrfToken, DATABASES, login, NEXT_WEEK, NOW, startTestApp, TestApp, THIS_WEEK } from '../support/web';

const W48 = weekdaysOf(NEXT_WEEK); // 11/23 (勤労感謝の日) … 11/27
const [HOLIDAY, TUE, WED, THU, FRI] = W48;

/** The visible text of some HTML, for matching sentences across tags. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;/g, '"')
    .replace(/\s+/g, ' ');
}

/** The card of one week on /me. */
function weekCard(html: string, week: string): string {
  const start = html.indexOf(`id="week-${week}"`);
  if (start < 0) throw new Error(`no card for ${week}`);
  return html.slice(start, html.indexOf('</section>', start));
}

/** One day's line in a week card, as text. */
function dayLine(card: string, day: string): string {
  const at = card.indexOf(`<span class="date">${dayJa(day)}</span>`);
  if (at < 0) throw new Error(`no line for ${day}`);
  return text(card.slice(at, card.indexOf('</li>', at)));
}

/** The selected option of a select on the form page, '' when the blank one. */
function selected(html: string, name: string): string | null {
  const at = html.indexOf(`<select name="${name}">`);
  if (at < 0) return null;
  const select = html.slice(at, html.indexOf('</select>', at));
  return /<option value="([^"]*)" selected>/.exec(select)?.[1] ?? null;
}

function form(token: string, fields: readonly (readonly [string, string])[]): string {
  return new URLSearchParams([['_csrf', token], ...fields.map(([k, v]): [string, string] => [k, v])]).toString();
}

describe.each(DATABASES)('staff pages (%s)', (kind) => {
  let t: TestApp;
  /** Staff-role accounts of 住民課, in id order. */
  let jumin: { loginId: string; staffId: string; name: string }[];

  beforeAll(async () => {
    t = await startTestApp(kind);
    const staff = await t.db.manager.find(StaffEntity, { where: { divisionId: 'jumin' }, order: { id: 'ASC' } });
    const accounts = await t.db.manager.find(AccountEntity, { where: { staffId: In(staff.map((s) => s.id)), role: 'staff' } });
    jumin = staff.flatMap((s) => {
      const a = accounts.find((x) => x.staffId === s.id);
      return a ? [{ loginId: a.loginId, staffId: s.id, name: s.name }] : [];
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function requestsOf(staffId: string) {
    const rows = await t.db.manager.find(TeleworkRequestEntity, { where: { staffId, day: In(W48) }, order: { day: 'ASC' } });
    return rows.map((r) => ({ id: r.id, day: r.day, rank: r.rank, reason: r.reason, status: r.status }));
  }

  async function juminPublication() {
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
    return t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
  }

  test('a visitor without a session is sent to the login page', async () => {
    for (const page of ['/me', `/me/weeks/${NEXT_WEEK}`, '/me/calendar']) {
      const res = await request(t.app).get(page);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(page)}`);
    }
  });

  test('/me shows the published roster of this week with the reason of each denied request', async () => {
    const pub = await juminPublication();
    const denial = pub.denials.find((d) => jumin.some((j) => j.staffId === d.staff));
    expect(denial).toBeDefined();
    const me = jumin.find((j) => j.staffId === denial!.staff)!;
    const agent = await login(t.app, me.loginId);
    const res = await agent.get('/me');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<title>自分の予定 | テレワーク輪番表</title>');
    const card = weekCard(res.text, THIS_WEEK);
    expect(text(card)).toContain(weekLabel(THIS_WEEK));
    expect(text(card)).toContain(`公開済み（第${pub.version}版）`);

    const line = dayLine(card, denial!.day);
    expect(line).toMatch(/希望: 第\d希望（(育児|介護|健康上の理由|その他)）/);
    expect(line).toContain(`認められませんでした。理由: ${denial!.reason}`);
    // Every day shows what the published version says, with the counter's name.
    const counters = new Map((await t.db.manager.find(CounterEntity)).map((c) => [c.id, c.name]));
    const mine = pub.assignments.filter((a) => a.staff === me.staffId);
    expect(mine).toHaveLength(5);
    for (const a of mine) {
      const expected =
        a.mode === 'telework' ? '在宅勤務' : a.mode === 'absent' ? '休暇' : a.counter ? `出勤（${counters.get(a.counter)}）` : '出勤';
      expect(dayLine(card, a.day)).toContain(` ${expected} `);
    }
    // Nobody else's name or reasons appear.
    const other = pub.denials.find((d) => d.staff !== me.staffId && jumin.some((j) => j.staffId === d.staff));
    const otherName = jumin.find((j) => j.staffId === other?.staff)?.name;
    expect(otherName).toBeDefined();
    expect(res.text).not.toContain(otherName!);
    expect(res.text).toContain(me.name);
  });

  test('/me lists four weeks with deadline, open state and the closed holiday', async () => {
    const agent = await login(t.app, jumin[1].loginId);
    const res = await agent.get('/me');
    for (const week of ['2026-W47', '2026-W48', '2026-W49', '2026-W50']) expect(res.text).toContain(`id="week-${week}"`);
    const next = text(weekCard(res.text, NEXT_WEEK));
    expect(next).toContain('希望の締切: 11月19日(木) 12:00 受付中');
    expect(next).toContain('勤務表 未公開');
    expect(dayLine(weekCard(res.text, NEXT_WEEK), HOLIDAY)).toContain('閉庁日（勤労感謝の日）');
    expect(weekCard(res.text, NEXT_WEEK)).toContain(`href="/me/weeks/${NEXT_WEEK}"`);
    expect(text(weekCard(res.text, THIS_WEEK))).toContain('締切済み');
    expect(res.text).toContain('href="/me/calendar"');
    expect(res.text).toContain('href="/me/password"');
  });

  test('the form of next week has a rank and a reason per open day, and none for the holiday', async () => {
    const agent = await login(t.app, jumin[2].loginId);
    const res = await agent.get(`/me/weeks/${NEXT_WEEK}`);
    expect(res.status).toBe(200);
    for (const day of [TUE, WED, THU, FRI]) {
      expect(res.text).toContain(`name="days[${day}][rank]"`);
      expect(res.text).toContain(`name="days[${day}][reason]"`);
    }
    expect(res.text).not.toContain(`days[${HOLIDAY}]`);
    expect(text(res.text)).toContain('11月23日(月) 閉庁日（勤労感謝の日）のため希望できません');
    expect(res.text).toContain('第4希望');
    expect(res.text).not.toContain('第5希望');
    for (const label of ['育児', '介護', '健康上の理由', 'その他']) expect(res.text).toContain(`>${label}</option>`);
    for (const value of ['childcare', 'care', 'health', 'other']) expect(res.text).toContain(`<option value="${value}"`);
    expect(text(res.text)).toContain('希望の締切: 11月19日(木) 12:00');
    // The seeded requests are shown in the fields.
    const seeded = await requestsOf(jumin[2].staffId);
    for (const r of seeded) expect(selected(res.text, `days[${r.day}][rank]`)).toBe(String(r.rank));
  });

  test('saving valid requests replaces the week in the database and shows them on /me', async () => {
    const me = jumin[3];
    const agent = await login(t.app, me.loginId);
    const token = await csrfToken(agent, `/me/weeks/${NEXT_WEEK}`);
    const res = await agent
      .post(`/me/weeks/${NEXT_WEEK}`)
      .type('form')
      .send(
        form(token, [
          [`days[${TUE}][rank]`, '3'],
          [`days[${TUE}][reason]`, 'care'],
          [`days[${WED}][rank]`, ''],
          [`days[${WED}][reason]`, 'other'],
          [`days[${THU}][rank]`, '1'],
          [`days[${THU}][reason]`, 'childcare'],
          [`days[${FRI}][rank]`, ''],
          [`days[${FRI}][reason]`, 'health'],
        ]),
      );
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/me');
    const rows = await requestsOf(me.staffId);
    expect(rows.map(({ day, rank, reason, status }) => ({ day, rank, reason, status }))).toEqual([
      { day: TUE, rank: 2, reason: 'care', status: 'active' },
      { day: THU, rank: 1, reason: 'childcare', status: 'active' },
    ]);

    const page = await agent.get('/me');
    expect(text(page.text)).toContain('在宅勤務の希望を2日分保存しました');
    const card = weekCard(page.text, NEXT_WEEK);
    expect(dayLine(card, THU)).toContain('希望: 第1希望（育児）');
    expect(dayLine(card, TUE)).toContain('希望: 第2希望（介護）');
    expect(dayLine(card, TUE)).toContain('勤務表の公開を待っています');
    expect(dayLine(card, WED)).toContain('希望なし');
    // The message is shown once.
    expect(text((await agent.get('/me')).text)).not.toContain('保存しました');
    const again = await agent.get(`/me/weeks/${NEXT_WEEK}`);
    expect(selected(again.text, `days[${THU}][rank]`)).toBe('1');
    expect(selected(again.text, `days[${TUE}][reason]`)).toBe('care');
    expect(selected(again.text, `days[${WED}][rank]`)).toBe('');

    // Blank ranks everywhere withdraw every request of the week.
    const token2 = await csrfToken(agent, `/me/weeks/${NEXT_WEEK}`);
    const cleared = await agent
      .post(`/me/weeks/${NEXT_WEEK}`)
      .type('form')
      .send(
        form(
          token2,
          [TUE, WED, THU, FRI].map((d) => [`days[${d}][rank]`, ''] as const),
        ),
      );
    expect(cleared.status).toBe(302);
    expect(await requestsOf(me.staffId)).toEqual([]);
    expect(text((await agent.get('/me')).text)).toContain('希望をすべて取り消しました');
  });

  describe('bad input: 422 with the problem named, nothing saved', () => {
    const cases: { name: string; fields: [string, string][] | string; message: string }[] = [
      {
        name: 'the same rank on two days',
        fields: [
          [`days[${TUE}][rank]`, '1'],
          [`days[${TUE}][reason]`, 'other'],
          [`days[${WED}][rank]`, '1'],
          [`days[${WED}][reason]`, 'health'],
        ],
        message: '第1希望が11月24日(火)と11月25日(水)の2日にあります',
      },
      {
        name: 'a rank above the open days',
        fields: [
          [`days[${TUE}][rank]`, '5'],
          [`days[${TUE}][reason]`, 'other'],
        ],
        message: '11月24日(火)の順位は1から4までの数字で選んでください',
      },
      {
        name: 'rank 0',
        fields: [
          [`days[${TUE}][rank]`, '0'],
          [`days[${TUE}][reason]`, 'other'],
        ],
        message: '11月24日(火)の順位は1から4までの数字で選んでください',
      },
      {
        name: 'a rank that is not a number',
        fields: [
          [`days[${FRI}][rank]`, 'いち'],
          [`days[${FRI}][reason]`, 'other'],
        ],
        message: '11月27日(金)の順位は1から4までの数字で選んでください',
      },
      {
        name: 'the holiday',
        fields: [
          [`days[${HOLIDAY}][rank]`, '1'],
          [`days[${HOLIDAY}][reason]`, 'other'],
        ],
        message: '11月23日(月)は開庁日ではないため希望できません',
      },
      {
        name: 'a day of another week',
        fields: [
          ['days[2026-11-30][rank]', '1'],
          ['days[2026-11-30][reason]', 'other'],
        ],
        message: '11月30日(月)は開庁日ではないため希望できません',
      },
      {
        name: 'an unknown reason',
        fields: [
          [`days[${THU}][rank]`, '1'],
          [`days[${THU}][reason]`, 'vacation'],
        ],
        message: '11月26日(木)の理由が正しくありません（育児、介護、健康上の理由、子の看護、急病・けが、その他から選んでください）',
      },
      { name: 'days as a string', fields: [['days', 'all']], message: '送信された内容が、希望の入力欄の形になっていません' },
      { name: 'days as an array', fields: [['days[0][rank]', '1']], message: '送信された内容が、希望の入力欄の形になっていません' },
      { name: 'a day that is not an object', fields: [[`days[${TUE}]`, '1']], message: `${TUE}の入力欄の形が正しくありません` },
      {
        name: 'a rank sent twice',
        fields: [
          [`days[${TUE}][rank]`, '1'],
          [`days[${TUE}][rank]`, '2'],
        ],
        message: `${TUE}の入力欄の形が正しくありません`,
      },
    ];
    let agent: Agent;
    let me: { loginId: string; staffId: string };

    beforeAll(async () => {
      me = jumin[4];
      agent = await login(t.app, me.loginId);
    });

    test.each(cases)('$name', async ({ fields, message }) => {
      const before = await requestsOf(me.staffId);
      expect(before.length).toBeGreaterThan(0);
      const token = await csrfToken(agent, `/me/weeks/${NEXT_WEEK}`);
      const res = await agent
        .post(`/me/weeks/${NEXT_WEEK}`)
        .type('form')
        .send(form(token, fields as [string, string][]));
      expect(res.status).toBe(422);
      expect(text(res.text)).toContain('希望を保存できませんでした');
      expect(text(res.text)).toContain(message);
      // The form is shown again, ready to be corrected.
      expect(res.text).toContain(`name="days[${FRI}][rank]"`);
      expect(await requestsOf(me.staffId)).toEqual(before);
    });

    test('the form shown again keeps what the person entered', async () => {
      const token = await csrfToken(agent, `/me/weeks/${NEXT_WEEK}`);
      const res = await agent
        .post(`/me/weeks/${NEXT_WEEK}`)
        .type('form')
        .send(
          form(token, [
            [`days[${TUE}][rank]`, '2'],
            [`days[${TUE}][reason]`, 'health'],
            [`days[${WED}][rank]`, '2'],
            [`days[${WED}][reason]`, 'childcare'],
            [`days[${THU}][rank]`, ''],
            [`days[${THU}][reason]`, 'other'],
            [`days[${FRI}][rank]`, ''],
            [`days[${FRI}][reason]`, 'other'],
          ]),
        );
      expect(res.status).toBe(422);
      expect(selected(res.text, `days[${TUE}][rank]`)).toBe('2');
      expect(selected(res.text, `days[${TUE}][reason]`)).toBe('health');
      expect(selected(res.text, `days[${WED}][reason]`)).toBe('childcare');
      expect(selected(res.text, `days[${THU}][rank]`)).toBe('');
    });
  });

  test('a POST without the CSRF token is refused and saves nothing', async () => {
    const me = jumin[5];
    const agent = await login(t.app, me.loginId);
    const before = await requestsOf(me.staffId);
    const res = await agent.post(`/me/weeks/${NEXT_WEEK}`).type('form').send(`days[${TUE}][rank]=1&days[${TUE}][reason]=other`);
    expect(res.status).toBe(403);
    expect(text(res.text)).toContain('フォームの有効期限が切れました');
    expect(await requestsOf(me.staffId)).toEqual(before);
    // A token of another session does not help either.
    const stranger = await login(t.app, jumin[6].loginId);
    const foreign = await csrfToken(stranger);
    const res2 = await agent
      .post(`/me/weeks/${NEXT_WEEK}`)
      .type('form')
      .send(form(foreign, [[`days[${TUE}][rank]`, '1']]));
    expect(res2.status).toBe(403);
    expect(await requestsOf(me.staffId)).toEqual(before);
  });

  test('a week that does not exist is a 404 page; a past week cannot be asked for', async () => {
    const agent = await login(t.app, jumin[6].loginId);
    for (const week of ['2026-W99', '2025-W53', 'abc', '2026-w48', '2026-W48x']) {
      const res = await agent.get(`/me/weeks/${week}`);
      expect(res.status).toBe(404);
      expect(res.text).toContain('ページが見つかりません');
    }
    expect(text((await agent.get('/me/weeks/2026-W99')).text)).toContain('週の指定（2026-W99）が正しくありません');
    const token = await csrfToken(agent);
    expect((await agent.post('/me/weeks/2026-W99').type('form').send(form(token, []))).status).toBe(404);

    const past = await agent.get('/me/weeks/2026-W45');
    expect(past.status).toBe(200);
    expect(text(past.text)).toContain('この週はすでに終わっているため、希望は出せません');
    expect(past.text).not.toContain('<select');
    const res = await agent
      .post('/me/weeks/2026-W45')
      .type('form')
      .send(form(token, [['days[2026-11-04][rank]', '1']]));
    expect(res.status).toBe(422);
    const rows = await t.db.manager.find(TeleworkRequestEntity, { where: { staffId: jumin[6].staffId, day: '2026-11-04' } });
    expect(rows).toEqual([]);
  });

  test('in the current week, after its deadline, days already over are not offered', async () => {
    const agent = await login(t.app, jumin[6].loginId);
    const res = await agent.get(`/me/weeks/${THIS_WEEK}`);
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('課長への緊急の申請');
    const made = await t.db.manager.find(TeleworkRequestEntity, {
      where: { staffId: jumin[6].staffId, day: In(['2026-11-16', '2026-11-17']) },
    });
    for (const day of ['2026-11-16', '2026-11-17']) {
      expect(res.text).not.toContain(`name="days[${day}][rank]"`);
      const r = made.find((x) => x.day === day);
      expect(text(res.text)).toContain(r ? `${dayJa(day)} 希望: 第${r.rank}希望` : `${dayJa(day)} この日は過ぎています`);
    }
    expect(res.text).toContain('name="days[2026-11-19][rank]"');
  });

  test('staff whose job cannot telework see an explanation instead of request links', async () => {
    const staff = await t.db.manager.find(StaffEntity, { where: { divisionId: 'shobo', jobType: '消防職' }, order: { id: 'ASC' } });
    const accounts = await t.db.manager.find(AccountEntity, { where: { staffId: In(staff.map((s) => s.id)), role: 'staff' } });
    expect(accounts.length).toBeGreaterThan(0);
    const agent = await login(t.app, accounts[0].loginId);
    const res = await agent.get('/me');
    expect(res.status).toBe(200);
    expect(text(res.text)).toContain('あなたの職種（消防職）は、テレワーク（在宅勤務）の対象外です');
    expect(res.text).not.toContain('href="/me/weeks/');
    expect(text(weekCard(res.text, THIS_WEEK))).toMatch(/出勤/);
    const form = await agent.get(`/me/weeks/${NEXT_WEEK}`);
    expect(text(form.text)).toContain('対象外');
    expect(form.text).not.toContain('<select');
    const token = await csrfToken(agent);
    const post = await agent
      .post(`/me/weeks/${NEXT_WEEK}`)
      .type('form')
      .send(`_csrf=${encodeURIComponent(token)}&days[${TUE}][rank]=1&days[${TUE}][reason]=other`);
    expect(post.status).toBe(403);
    expect(text(post.text)).toContain('職種（消防職）がテレワーク対象外のため、希望を出せません');
    expect(await requestsOf(accounts[0].staffId)).toEqual([]);
  });

  test('after the deadline a new day is an urgent request to the chief; requests already made do not change', async () => {
    const me = jumin[7];
    const agent = await login(t.app, me.loginId);
    let token = await csrfToken(agent, `/me/weeks/${NEXT_WEEK}`);
    const saved = await agent
      .post(`/me/weeks/${NEXT_WEEK}`)
      .type('form')
      .send(
        form(token, [
          [`days[${TUE}][rank]`, '1'],
          [`days[${TUE}][reason]`, 'other'],
          [`days[${WED}][rank]`, '2'],
          [`days[${WED}][reason]`, 'health'],
        ]),
      );
    expect(saved.status).toBe(302);
    const before = await requestsOf(me.staffId);
    expect(before.map((r) => r.day)).toEqual([TUE, WED]);

    t.time.set(DateTime.fromISO('2026-11-19T12:01', { zone: ZONE }));
    try {
      const page = await agent.get(`/me/weeks/${NEXT_WEEK}`);
      expect(text(page.text)).toContain('この週の希望は 11月19日(木) 12:00 に締め切りました');
      expect(text(page.text)).toContain('課長への緊急の申請');
      expect(page.text).not.toContain(`name="days[${TUE}][rank]"`);
      expect(text(page.text)).toContain('希望: 第1希望（その他）');
      expect(page.text).toContain(`name="days[${THU}][rank]"`);
      expect(text(weekCard((await agent.get('/me')).text, NEXT_WEEK))).toContain('締切済み');

      // Only existing days sent: nothing new, so nothing can be saved.
      token = await csrfToken(agent, `/me/weeks/${NEXT_WEEK}`);
      const change = await agent
        .post(`/me/weeks/${NEXT_WEEK}`)
        .type('form')
        .send(form(token, [[`days[${TUE}][rank]`, '3']]));
      expect(change.status).toBe(422);
      expect(text(change.text)).toContain('締切を過ぎているため、出した希望は変更できません');
      expect(await requestsOf(me.staffId)).toEqual(before);

      const urgent = await agent
        .post(`/me/weeks/${NEXT_WEEK}`)
        .type('form')
        .send(
          form(token, [
            [`days[${THU}][rank]`, '1'],
            [`days[${THU}][reason]`, 'childcare'],
          ]),
        );
      expect(urgent.status).toBe(302);
      expect(urgent.headers.location).toBe('/me');
      const after = await requestsOf(me.staffId);
      expect(after.filter((r) => r.day !== THU)).toEqual(before);
      expect(after.find((r) => r.day === THU)).toMatchObject({ reason: 'childcare', status: 'pending' });

      const overview = await agent.get('/me');
      expect(text(overview.text)).toContain('1日分を課長への緊急の申請として送りました');
      expect(dayLine(weekCard(overview.text, NEXT_WEEK), THU)).toContain('課長の承認を待っています');
    } finally {
      t.time.set(NOW);
    }
  });

  test('the calendar page shows my own feed URL with instructions', async () => {
    const me = jumin[8];
    const agent = await login(t.app, me.loginId);
    const res = await agent.get('/me/calendar');
    expect(res.status).toBe(200);
    const account = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: me.staffId });
    const url = /value="(http:\/\/[^"]+\/ical\/([^"]+)\.ics)"/.exec(res.text);
    expect(url?.[2]).toBe(account.icalToken);
    expect(url?.[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ical\//);
    for (const app of ['Outlook', 'Google カレンダー', 'iPhone']) expect(res.text).toContain(app);
    expect(res.text).toContain(`href="webcal://`);
    expect(res.text).toContain('action="/me/calendar/reset"');
    const other = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: jumin[0].staffId });
    expect(res.text).not.toContain(other.icalToken);
  });

  test('pages use no inline script or style', async () => {
    const agent = await login(t.app, jumin[0].loginId);
    for (const page of ['/me', `/me/weeks/${NEXT_WEEK}`, '/me/calendar']) {
      const html = (await agent.get(page)).text;
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=/);
      expect(html).not.toMatch(/\son[a-z]+=/);
    }
  });
});
