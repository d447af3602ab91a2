/**
 * The calendar feed read by a real iCalendar parser (ical.js): after a
 * republished change, the changed day's event keeps its UID and has a
 * higher SEQUENCE (and a later LAST-MODIFIED); the days that did not change
 * keep theirs, so calendar programs update only what changed.
 */
import ICAL from 'ical.js';
import request from 'supertest';
import { actorOf } from '../../src/app/accounts/accounts';
import { publish, setCell } from '../../src/app/week/rosters';
import { generateDivision } from '../../src/app/week/rosters';
import { AccountEntity, RosterEntity, RosterPublicationEntity } from '../../src/persistence/entities';
import { DATABASES, NEXT_WEEK, startTestApp, TestApp } from '../support/web';

interface ParsedEvent {
  readonly uid: string;
  readonly day: string;
  readonly sequence: number;
  readonly summary: string;
  readonly lastModified: string;
  readonly stamp: string;
}

function parseFeed(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      day: event.startDate.toString(),
      sequence: event.sequence,
      summary: event.summary,
      lastModified: String(vevent.getFirstPropertyValue('last-modified')),
      stamp: String(vevent.getFirstPropertyValue('dtstamp')),
    };
  });
}

const inW48 = (e: ParsedEvent) => e.day >= '2026-11-23' && e.day <= '2026-11-27';

describe.each(DATABASES)('calendar feed SEQUENCE (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  test('a republished change raises the changed day’s SEQUENCE; UIDs and the other days stay', async () => {
    const m = t.db.manager;
    const chief = (await actorOf(m, (await m.findOneByOrFail(AccountEntity, { loginId: 'jumin-kacho' })).id))!;
    await generateDivision(t.db, chief, 'jumin', NEXT_WEEK, null, t.time.clock);
    let row = await m.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: NEXT_WEEK });
    await publish(t.db, chief, 'jumin', NEXT_WEEK, row.revision, t.time.clock);
    row = await m.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: NEXT_WEEK });
    const v1 = await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });

    // Someone who works on Wednesday 11/25 (office or telework): the chief marks that day as leave.
    const day = '2026-11-25';
    const cell = v1.assignments.find((a) => a.day === day && a.mode !== 'absent')!;
    const account = await m.findOneByOrFail(AccountEntity, { staffId: cell.staff });
    const url = `/ical/${account.icalToken}.ics`;
    const before = parseFeed((await request(t.app).get(url)).text).filter(inW48);
    expect(before.map((e) => e.day)).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    expect(before.every((e) => e.sequence === v1.version)).toBe(true);
    // DTSTAMP in UTC (RFC 5545 §3.8.7.2), read by ical.js as the publication's instant, not 9 hours off.
    for (const e of before) {
      expect(e.stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(e.stamp.slice(0, 19)).toBe(v1.publishedAt.slice(0, 19));
    }

    const changed = await setCell(t.db, chief, 'jumin', NEXT_WEEK, cell.staff, day, 'absent', row.revision, t.time.clock);
    await publish(t.db, chief, 'jumin', NEXT_WEEK, changed.roster.revision, t.time.clock);
    row = await m.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: NEXT_WEEK });
    expect(row.publishedVersion).toBe(v1.version + 1);
    const v2 = await m.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });

    const after = parseFeed((await request(t.app).get(url)).text).filter(inW48);
    expect(after.map((e) => e.uid)).toEqual(before.map((e) => e.uid));
    for (const e of after) expect(e.uid).toBe(`${cell.staff}-${e.day}@telework-rotation`);
    const wednesday = after.find((e) => e.day === day)!;
    expect(wednesday.summary).toBe('休暇');
    expect(wednesday.sequence).toBe(v2.version);
    expect(wednesday.sequence).toBeGreaterThan(before.find((e) => e.day === day)!.sequence);
    // In UTC, as RFC 5545 wants it.
    expect(wednesday.lastModified).toMatch(/Z$/);
    for (const e of after) {
      expect(e.stamp).toMatch(/Z$/);
      expect([v1.publishedAt.slice(0, 19), v2.publishedAt.slice(0, 19)]).toContain(e.stamp.slice(0, 19));
    }
    expect(wednesday.lastModified.slice(0, 19)).toBe(v2.publishedAt.slice(0, 19));
    expect(before.find((e) => e.day === day)!.lastModified.slice(0, 19)).toBe(v1.publishedAt.slice(0, 19));

    // Every other day: the same SEQUENCE when its assignment did not change, the new version when it did.
    const mine = (assignments: typeof v1.assignments, d: string) => assignments.find((a) => a.staff === cell.staff && a.day === d);
    for (const e of after.filter((x) => x.day !== day)) {
      const same = JSON.stringify(mine(v1.assignments, e.day)) === JSON.stringify(mine(v2.assignments, e.day));
      expect(e.sequence).toBe(same ? v1.version : v2.version);
    }
  });
});
