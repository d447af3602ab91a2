/**
 * The section chief's week: generate, pin, mark absent, explain, publish,
 * print, CSV; the conflict when two people edit the same week; and the
 * licences shared across divisions.
 */
import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { In } from 'typeorm';
import { checkRoster } from '../../src/engine/check';
import { parseProblemOrThrow } from '../../src/domain/validate';
import { assignmentsOf } from '../../src/app/week/rosters';
import { asRoster } from '../../src/app/week/organisation-solve';
import {
  AbsenceEntity,
  AssignmentEntity,
  AuditEntity,
  PinEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import { csrfToken, DATABASES, login, NEXT_WEEK, revisionIn, startTestApp, TestApp } from '../support/web';

const WEEK = NEXT_WEEK;
const PAGE = `/divisions/jumin/weeks/${WEEK}`;

describe.each(DATABASES)('division week on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t.close());

  const roster = () => t.db.manager.findOneBy(RosterEntity, { divisionId: 'jumin', week: WEEK });

  async function checkStored(divisionId: string) {
    const row = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId, week: WEEK });
    const problem = parseProblemOrThrow(row.problemJson);
    return { row, problem, report: checkRoster(problem, asRoster(problem.name, await assignmentsOf(t.db.manager, row.id), row.objective)) };
  }

  it('shows the empty week with the holiday, then generates a roster that passes the checker', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const page = await chief.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('住民課');
    expect(page.text).toContain('勤労感謝の日');
    expect(page.text).toContain('未作成');
    expect(revisionIn(page.text)).toBe('none');

    const res = await chief
      .post(`${PAGE}/generate`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: 'none' });
    expect(res.status).toBe(302);
    const { row, problem, report } = await checkStored('jumin');
    expect(report.violations).toEqual([]);
    expect(report.objective).toBe(row.objective);
    expect(problem.days).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']);
    const after = await chief.get(PAGE);
    expect(after.text).toContain('下書き');
    expect(after.text).toMatch(/認めた：<strong>\d+<\/strong>/);
    expect(after.text).toContain('ライセンス');
  });

  it('pins a cell, marks an absence, re-solves and keeps the rest of the roster', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const before = (await roster())!;
    const cells = await t.db.manager.findBy(AssignmentEntity, { rosterId: before.id });
    const office = cells.find((c) => c.mode === 'office' && c.day === '2026-11-25')!;
    const page = await chief.get(PAGE);
    const res = await chief
      .post(`${PAGE}/cells/${office.staffId}/2026-11-25`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(page.text), action: 'absent' });
    expect(res.status).toBe(302);
    expect(await t.db.manager.countBy(AbsenceEntity, { staffId: office.staffId, day: '2026-11-25' })).toBe(1);
    const after = (await roster())!;
    expect(after.revision).toBe(before.revision + 1);
    const now = await t.db.manager.findBy(AssignmentEntity, { rosterId: after.id });
    expect(now.find((c) => c.staffId === office.staffId && c.day === '2026-11-25')!.mode).toBe('absent');
    // Stability: only a handful of other person-days move.
    const moved = now.filter((c) => {
      const old = cells.find((o) => o.staffId === c.staffId && o.day === c.day)!;
      return old.mode !== c.mode;
    });
    expect(moved.length).toBeLessThanOrEqual(4);
    expect((await checkStored('jumin')).report.violations).toEqual([]);

    // Pin someone's requested-but-denied day to telework.
    const requests = await t.db.manager.findBy(TeleworkRequestEntity, {
      day: In(['2026-11-24', '2026-11-26', '2026-11-27']),
      status: 'active',
    });
    const denied = requests.find((r) => now.some((c) => c.staffId === r.staffId && c.day === r.day && c.mode === 'office'))!;
    expect(denied).toBeDefined();
    const p2 = await chief.get(PAGE);
    const pin = await chief
      .post(`${PAGE}/cells/${denied.staffId}/${denied.day}`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(p2.text), action: 'telework' });
    expect(pin.status).toBe(302);
    expect(await t.db.manager.findOneBy(PinEntity, { staffId: denied.staffId, day: denied.day })).toMatchObject({ mode: 'telework' });
    const cell = await t.db.manager.findOneByOrFail(AssignmentEntity, { rosterId: after.id, staffId: denied.staffId, day: denied.day });
    expect(cell.mode).toBe('telework');
    expect((await checkStored('jumin')).report.violations).toEqual([]);
    const audit = await t.db.manager.findBy(AuditEntity, { action: 'cell-telework', entity: 'staff-day' });
    expect(audit.length).toBe(1);
    expect(JSON.parse(audit[0].after!)).toEqual({ pin: 'telework', absent: false });
  });

  it('explains a denied cell in Japanese ("なぜ？")', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const row = (await roster())!;
    const cells = await t.db.manager.findBy(AssignmentEntity, { rosterId: row.id, mode: 'office' });
    const requests = await t.db.manager.findBy(TeleworkRequestEntity, { status: 'active', staffId: In(cells.map((c) => c.staffId)) });
    const denied = requests.find((r) => cells.some((c) => c.staffId === r.staffId && c.day === r.day))!;
    const page = await chief.get(`${PAGE}/cells/${denied.staffId}/${denied.day}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('なぜ？');
    expect(page.text).toMatch(/上限日数|ライセンス|最低配置人数|端末|行き渡る|固定/);
  });

  it('refuses a stale revision: the second editor gets a conflict and nothing is saved', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const hr = await login(t.app, 'jinji');
    const seen = revisionIn((await chief.get(PAGE)).text);
    const hrSeen = revisionIn((await hr.get(PAGE)).text);
    expect(hrSeen).toBe(seen);
    const staffId = (await t.db.manager.findOneByOrFail(StaffEntity, { divisionId: 'jumin', active: true })).id;
    const first = await hr
      .post(`${PAGE}/cells/${staffId}/2026-11-26`)
      .type('form')
      .send({ _csrf: await csrfToken(hr, PAGE), revision: hrSeen, action: 'office' });
    expect(first.status).toBe(302);
    const pinsBefore = await t.db.manager.count(PinEntity);
    const absencesBefore = await t.db.manager.count(AbsenceEntity);
    const second = await chief
      .post(`${PAGE}/cells/${staffId}/2026-11-27`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: seen, action: 'absent' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('別の人が更新しました');
    expect(second.text).toContain('保存していません');
    expect(await t.db.manager.count(PinEntity)).toBe(pinsBefore);
    expect(await t.db.manager.count(AbsenceEntity)).toBe(absencesBefore);
    const publish = await chief
      .post(`${PAGE}/publish`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: seen });
    expect(publish.status).toBe(409);
    expect((await roster())!.publishedVersion).toBe(0);
  });

  it('runs parallel writes one after another: each succeeds or gets a conflict, never a database error', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const zeimu = await login(t.app, 'zeimu-kacho');
    const page = await chief.get(PAGE);
    const rev = revisionIn(page.text);
    const token = await csrfToken(chief, PAGE);
    const zToken = await csrfToken(zeimu, `/divisions/zeimu/weeks/${WEEK}`);
    const results = await Promise.all([
      chief.post(`${PAGE}/generate`).type('form').send({ _csrf: token, revision: rev }),
      chief.post(`${PAGE}/generate`).type('form').send({ _csrf: token, revision: rev }),
      zeimu.post(`/divisions/zeimu/weeks/${WEEK}/generate`).type('form').send({ _csrf: zToken, revision: 'none' }),
      chief.post(`${PAGE}/generate`).type('form').send({ _csrf: token, revision: rev }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([302, 302, 409, 409]);
  });

  it('publishes: staff-visible version with reasons, then lists changes of the next draft', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const page = await chief.get(PAGE);
    const res = await chief
      .post(`${PAGE}/publish`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(page.text) });
    expect(res.status).toBe(302);
    const row = (await roster())!;
    expect(row.status).toBe('published');
    expect(row.publishedVersion).toBe(1);
    const pub = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: 1 });
    const cells = await t.db.manager.findBy(AssignmentEntity, { rosterId: row.id });
    expect(pub.assignments.length).toBe(cells.length);
    const requests = await t.db.manager.findBy(TeleworkRequestEntity, {
      status: 'active',
      staffId: In([...new Set(cells.map((c) => c.staffId))]),
      day: In(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27']),
    });
    const deniedCount = requests.filter((r) =>
      cells.some((c) => c.staffId === r.staffId && c.day === r.day && c.mode !== 'telework'),
    ).length;
    expect(pub.denials.length).toBe(deniedCount);
    for (const d of pub.denials) expect(d.reason).toMatch(/[ぁ-んァ-ン一-龥]/);

    // Someone calls in sick: the draft differs from version 1 and the page lists the change.
    const officeCell = cells.find((c) => c.mode === 'office' && c.day === '2026-11-24')!;
    const p2 = await chief.get(PAGE);
    await chief
      .post(`${PAGE}/cells/${officeCell.staffId}/2026-11-24`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(p2.text), action: 'absent' });
    const p3 = await chief.get(PAGE);
    expect(p3.text).toContain('公開中の第1版からの変更');
    expect(p3.text).toContain('公開する（第2版）');
    const pub2 = await chief
      .post(`${PAGE}/publish`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, PAGE), revision: revisionIn(p3.text) });
    expect(pub2.status).toBe(302);
    const v2 = await t.db.manager.findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: 2 });
    expect(v2.changes).toBeGreaterThanOrEqual(1);
    expect(await t.db.manager.countBy(RosterPublicationEntity, { rosterId: row.id })).toBe(2);
    const versions = await chief.get(`${PAGE}/versions`);
    expect(versions.text).toContain('第2版');
    expect(versions.text).toContain('第1版');
  });

  it('shares licences: a division generated later never exceeds what the others leave', async () => {
    await t.db.write((m) => m.query('UPDATE policy SET "licencesPerDay" = 12'));
    const zeimu = await login(t.app, 'zeimu-kacho');
    const hoken = await login(t.app, 'hoken-kacho');
    for (const [agent, div] of [
      [zeimu, 'zeimu'],
      [hoken, 'hoken'],
    ] as const) {
      const url = `/divisions/${div}/weeks/${WEEK}`;
      const page = await agent.get(url);
      const res = await agent
        .post(`${url}/generate`)
        .type('form')
        .send({ _csrf: await csrfToken(agent, url), revision: revisionIn(page.text) });
      expect(res.status).toBe(302);
    }
    const rows: { day: string; n: string | number }[] = await t.db.manager.query(
      `SELECT a.day AS day, COUNT(*) AS n FROM assignments a JOIN rosters r ON r.id = a."rosterId" WHERE r.week = '${WEEK}' AND a.mode = 'telework' AND r."divisionId" IN ('zeimu', 'hoken') GROUP BY a.day`,
    );
    const juminRows: { day: string; n: string | number }[] = await t.db.manager.query(
      `SELECT a.day AS day, COUNT(*) AS n FROM assignments a JOIN rosters r ON r.id = a."rosterId" WHERE r.week = '${WEEK}' AND a.mode = 'telework' AND r."divisionId" = 'jumin' GROUP BY a.day`,
    );
    for (const r of rows) {
      const jumin = Number(juminRows.find((j) => j.day === r.day)?.n ?? 0);
      // Jumin was generated under 50 licences; the later divisions only got what was left of 12.
      expect(Number(r.n)).toBeLessThanOrEqual(Math.max(0, 12 - jumin));
    }
    await t.db.write((m) => m.query('UPDATE policy SET "licencesPerDay" = 50'));
  });

  it('prints one division per A4 landscape page and exports CSV that Excel reads (BOM, CRLF)', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const print = await chief.get(`${PAGE}/print`);
    expect(print.status).toBe(200);
    expect(print.text).toContain('/assets/print.css');
    expect(print.text).toContain('division-page');
    const csv = await chief
      .get(`${PAGE}/roster.csv`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`jumin-${WEEK}.csv`);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('職員番号,氏名,職種,11月24日(火),11月25日(水),11月26日(木),11月27日(金),在宅日数');
    const staff = await t.db.manager.countBy(StaffEntity, { divisionId: 'jumin', active: true });
    expect(lines.filter((l) => /^t\d{4},/.test(l)).length).toBe(staff);
    // Read back cell by cell: every row as wide as the header, the counters as 「配置人/必要人」
    // (a bare 2/2 opens as a date in a spreadsheet), and no cell a spreadsheet would turn into
    // a date or run as a formula.
    const cells: string[][] = parse(text, { record_delimiter: '\r\n' });
    expect(cells.every((r) => r.length === cells[0].length)).toBe(true);
    const counterRows = cells.filter((r) => r[1].endsWith('（配置/必要）'));
    expect(counterRows.length).toBeGreaterThan(0);
    for (const r of counterRows) for (const c of r.slice(3, -1)) expect(c).toMatch(/^\d+人\/\d+人$/);
    for (const c of cells.flat()) {
      expect(c).not.toMatch(/^\d{1,4}[/-]\d{1,2}([/-]\d{1,4})?$/);
      expect(c).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('exports the same CSV in Shift_JIS for older Excel, and refuses text that Shift_JIS cannot hold', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const bytesOf = (url: string) =>
      chief
        .get(url)
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
    const utf8 = await bytesOf(`${PAGE}/roster.csv`);
    const sjis = await bytesOf(`${PAGE}/roster.csv?encoding=sjis`);
    expect(sjis.status).toBe(200);
    expect(sjis.headers['content-type']).toMatch(/charset=Shift_JIS/i);
    const sjisBytes = sjis.body as Buffer;
    expect([...sjisBytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const cells = (text: string): string[][] => parse(text, { bom: true, record_delimiter: '\r\n' });
    expect(cells(iconv.decode(sjisBytes, 'cp932'))).toEqual(cells((utf8.body as Buffer).toString('utf8')));
    expect((await chief.get(`${PAGE}/roster.csv?encoding=latin1`)).status).toBe(400);

    // A name with 𠮷 (not in CP932): refused with the character named, not written as "?".
    const member = await t.db.manager.findOneByOrFail(StaffEntity, { divisionId: 'jumin', active: true });
    const name = member.name;
    await t.db.write((m) => m.update(StaffEntity, { id: member.id }, { name: `𠮷田 ${name}` }));
    try {
      const refused = await chief.get(`${PAGE}/roster.csv?encoding=sjis`);
      expect(refused.status).toBe(422);
      expect(refused.text).toContain('Shift_JIS（CP932）では表せない文字があります（𠮷）');
      expect((await chief.get(`${PAGE}/roster.csv`)).text).toContain('𠮷田');
    } finally {
      await t.db.write((m) => m.update(StaffEntity, { id: member.id }, { name }));
    }
  });

  it('rejects bad cell input with a Japanese message and saves nothing', async () => {
    const chief = await login(t.app, 'jumin-kacho');
    const page = await chief.get(PAGE);
    const rev = revisionIn(page.text);
    const token = await csrfToken(chief, PAGE);
    const before = (await roster())!.revision;
    const staffId = (await t.db.manager.findOneByOrFail(StaffEntity, { divisionId: 'jumin', active: true })).id;
    const cases: [string, Record<string, string>, number, RegExp][] = [
      [`${PAGE}/cells/${staffId}/2026-11-24`, { action: 'holiday' }, 422, /操作の種類/],
      [`${PAGE}/cells/${staffId}/2026-11-23`, { action: 'office' }, 422, /開庁日ではありません/],
      [`${PAGE}/cells/${staffId}/2026-12-01`, { action: 'office' }, 422, /開庁日ではありません/],
      [`${PAGE}/cells/t9999/2026-11-24`, { action: 'office' }, 404, /この課の職員ではありません/],
      [`${PAGE}/cells/${staffId}/24-11-2026`, { action: 'office' }, 404, /日付の指定/],
      [`/divisions/jumin/weeks/2026-W99/generate`, {}, 404, /週の指定/],
      [`${PAGE}/generate`, { revision: '' }, 422, /版番号/],
      [`${PAGE}/generate`, { revision: 'abc' }, 422, /版番号/],
    ];
    for (const [url, body, status, message] of cases) {
      const res = await chief
        .post(url)
        .type('form')
        .send({ _csrf: token, revision: rev, ...body });
      expect({ url, status: res.status }).toEqual({ url, status });
      expect(res.text).toMatch(message);
      expect(res.text).not.toMatch(/at .*\.ts:\d+|Error:/);
    }
    expect((await roster())!.revision).toBe(before);
  });

  it('refuses to pin telework for a role that cannot telework', async () => {
    const chief = await login(t.app, 'shobo-kacho');
    const url = `/divisions/shobo/weeks/${WEEK}`;
    const page = await chief.get(url);
    const ff = (await t.db.manager.findOneByOrFail(StaffEntity, { divisionId: 'shobo', active: true })).id;
    const res = await chief
      .post(`${url}/cells/${ff}/2026-11-24`)
      .type('form')
      .send({ _csrf: await csrfToken(chief, url), revision: revisionIn(page.text), action: 'telework' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('テレワーク対象外');
    expect(await t.db.manager.countBy(PinEntity, { staffId: ff })).toBe(0);
  });
});
