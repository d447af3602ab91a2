/**
 * The personal calendar feed: no session, the token is the credential; one
 * all-day event per published day with a stable UID; names escaped; an
 * unknown or replaced token is a plain 404.
 */
import request from 'supertest';
import { DateTime } from 'luxon';
import { In } from 'typeorm';
import { actorOf } from '../../src/app/accounts/accounts';
import { ZONE } from '../../src/app/calendar';
import { publishedDays } from '../../src/app/week/publications';
import { generateDivision, publish } from '../../src/app/week/rosters';
import { AccountEntity, CounterEntity, RosterEntity, RosterPublicationEntity, StaffEntity } from '../../src/persistence/entities';
import { csrfToken, DATABASES, login, NEXT_WEEK, NOW, startTestApp, TestApp, THIS_WEEK } from '../support/web';

/** The feed's content lines, long lines unfolded (RFC 5545 §3.1). */
function lines(body: string): string[] {
  return body.replace(/\r\n[ \t]/g, '').split('\r\n');
}

interface FeedEvent {
  readonly uid: string;
  readonly start: string;
  readonly end: string;
  readonly summary: string;
  readonly sequence: string;
}

function events(body: string): FeedEvent[] {
  const out: FeedEvent[] = [];
  let cur: Record<string, string> | null = null;
  for (const line of lines(body)) {
    if (line === 'BEGIN:VEVENT') cur = {};
    else if (line === 'END:VEVENT' && cur) {
      out.push({
        uid: cur.UID,
        start: cur['DTSTART;VALUE=DATE'],
        end: cur['DTEND;VALUE=DATE'],
        summary: cur.SUMMARY,
        sequence: cur.SEQUENCE,
      });
      cur = null;
    } else if (cur) {
      const at = line.indexOf(':');
      cur[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

const compact = (day: string) => day.replace(/-/g, '');

describe.each(DATABASES)('iCalendar feed (%s)', (kind) => {
  let t: TestApp;
  let staff: { loginId: string; staffId: string; name: string; token: string }[];

  beforeAll(async () => {
    t = await startTestApp(kind);
    const people = await t.db.manager.find(StaffEntity, { where: { divisionId: 'jumin' }, order: { id: 'ASC' } });
    const accounts = await t.db.manager.find(AccountEntity, { where: { staffId: In(people.map((s) => s.id)), role: 'staff' } });
    staff = people.flatMap((s) => {
      const a = accounts.find((x) => x.staffId === s.id);
      return a ? [{ loginId: a.loginId, staffId: s.id, name: s.name, token: a.icalToken }] : [];
    });
  });
  afterAll(async () => {
    await t.close();
  });

  async function published(week: string, staffId: string) {
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week });
    const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
    return { version: pub.version, days: pub.assignments.filter((a) => a.staff === staffId) };
  }

  test('the feed needs no login and lists each published day as an all-day event', async () => {
    const me = staff[0];
    const res = await request(t.app).get(`/ical/${me.token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['set-cookie']).toBeUndefined();
    const all = lines(res.text);
    expect(all[0]).toBe('BEGIN:VCALENDAR');
    expect(all).toContain(`X-WR-CALNAME:テレワーク輪番表（${me.name}）`);
    expect(all).toContain('X-WR-TIMEZONE:Asia/Tokyo');

    const counters = new Map((await t.db.manager.find(CounterEntity)).map((c) => [c.id, c.name]));
    const { version, days } = await published(THIS_WEEK, me.staffId);
    const list = events(res.text);
    expect(list).toHaveLength(days.length);
    expect(days).toHaveLength(5);
    for (const a of days) {
      const e = list.find((x) => x.start === compact(a.day));
      const summary =
        a.mode === 'telework' ? '在宅勤務' : a.mode === 'absent' ? '休暇' : a.counter ? `出勤（${counters.get(a.counter)}）` : '出勤';
      expect(e).toEqual({
        uid: `${me.staffId}-${a.day}@telework-rotation`,
        start: compact(a.day),
        end: compact(DateTime.fromISO(a.day).plus({ days: 1 }).toISODate()!),
        summary,
        sequence: String(version),
      });
    }
  });

  test('a newly published week joins the feed; the closed day has no event; UIDs stay the same', async () => {
    const me = staff[1];
    const before = events((await request(t.app).get(`/ical/${me.token}.ics`)).text);
    const chief = (await actorOf(t.db.manager, (await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' })).id))!;
    await generateDivision(t.db, chief, 'jumin', NEXT_WEEK, null, t.time.clock);
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: NEXT_WEEK });
    await publish(t.db, chief, 'jumin', NEXT_WEEK, row.revision, t.time.clock);

    const after = events((await request(t.app).get(`/ical/${me.token}.ics`)).text);
    const next = await published(NEXT_WEEK, me.staffId);
    expect(next.days.map((a) => a.day)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(after).toHaveLength(before.length + 4);
    expect(after.map((e) => e.start)).not.toContain('20261123');
    for (const e of before) expect(after).toContainEqual(e);
    expect(new Set(after.map((e) => e.uid)).size).toBe(after.length);
  });

  test('names with iCalendar special characters are escaped and cannot add lines', async () => {
    const me = staff[2];
    const { days } = await published(THIS_WEEK, me.staffId);
    const office = days.find((a) => a.mode === 'office' && a.counter);
    expect(office).toBeDefined();
    const counter = await t.db.manager.findOneByOrFail(CounterEntity, { id: office!.counter! });
    await t.db.source.manager.update(StaffEntity, { id: me.staffId }, { name: '試験,太郎;A\\B\r\nBEGIN:VEVENT' });
    await t.db.source.manager.update(CounterEntity, { id: counter.id }, { name: '住民票,窓口;1' });
    try {
      const res = await request(t.app).get(`/ical/${me.token}.ics`);
      expect(res.status).toBe(200);
      const all = lines(res.text);
      expect(all).toContain('X-WR-CALNAME:テレワーク輪番表（試験\\,太郎\\;A\\\\B\\nBEGIN:VEVENT）');
      const feedDays = await publishedDays(t.db.manager, me.staffId, '2026-W45', 8);
      expect(feedDays.length).toBeGreaterThanOrEqual(5);
      expect(all.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(feedDays.length);
      const e = events(res.text).find((x) => x.start === compact(office!.day));
      expect(e?.summary).toBe('出勤（住民票\\,窓口\\;1）');
    } finally {
      await t.db.source.manager.update(StaffEntity, { id: me.staffId }, { name: me.name });
      await t.db.source.manager.update(CounterEntity, { id: counter.id }, { name: counter.name });
    }
  });

  test('an unknown token is a plain-text 404', async () => {
    for (const path of [`/ical/${'A'.repeat(32)}.ics`, "/ical/'%20OR%201=1--.ics", `/ical/${staff[0].token.slice(0, -1)}.ics`]) {
      const res = await request(t.app).get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toContain('このカレンダーのURLは無効です');
      expect(res.text).not.toContain('BEGIN:VCALENDAR');
    }
  });

  test('after resetting the URL the old token gives 404 and the new one works', async () => {
    const me = staff[3];
    expect((await request(t.app).get(`/ical/${me.token}.ics`)).status).toBe(200);
    const agent = await login(t.app, me.loginId);
    const token = await csrfToken(agent, '/me/calendar');
    const res = await agent.post('/me/calendar/reset').type('form').send({ _csrf: token });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/me/calendar');

    const account = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: me.staffId });
    expect(account.icalToken).not.toBe(me.token);
    expect((await request(t.app).get(`/ical/${me.token}.ics`)).status).toBe(404);
    const fresh = await request(t.app).get(`/ical/${account.icalToken}.ics`);
    expect(fresh.status).toBe(200);
    expect(lines(fresh.text)).toContain(`X-WR-CALNAME:テレワーク輪番表（${me.name}）`);

    const page = await agent.get('/me/calendar');
    expect(page.text).toContain('新しいURLを作りました');
    expect(page.text).toContain(`/ical/${account.icalToken}.ics`);
    expect(page.text).not.toContain(me.token);
  });

  test('resetting needs the CSRF token', async () => {
    const me = staff[4];
    const agent = await login(t.app, me.loginId);
    const res = await agent.post('/me/calendar/reset').type('form').send({});
    expect(res.status).toBe(403);
    const account = await t.db.manager.findOneByOrFail(AccountEntity, { staffId: me.staffId });
    expect(account.icalToken).toBe(me.token);
  });

  test('the feed covers two weeks back to five ahead of the current week', async () => {
    const me = staff[5];
    // In W49 this week's roster (W47) is two weeks back: still in the feed; in W50 it is not.
    t.time.set(DateTime.fromISO('2026-12-02T09:00', { zone: ZONE }));
    try {
      const inside = events((await request(t.app).get(`/ical/${me.token}.ics`)).text);
      expect(inside.map((e) => e.start)).toContain('20261116');
      t.time.set(DateTime.fromISO('2026-12-09T09:00', { zone: ZONE }));
      const outside = events((await request(t.app).get(`/ical/${me.token}.ics`)).text);
      expect(outside.map((e) => e.start)).not.toContain('20261116');
    } finally {
      t.time.set(NOW);
    }
  });

  test('a person who left has no feed', async () => {
    const me = staff[6];
    await t.db.source.manager.update(StaffEntity, { id: me.staffId }, { active: false });
    try {
      expect((await request(t.app).get(`/ical/${me.token}.ics`)).status).toBe(404);
    } finally {
      await t.db.source.manager.update(StaffEntity, { id: me.staffId }, { active: true });
    }
  });
});
