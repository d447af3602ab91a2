/**
 * HR's monthly tally page, its CSV for the pay system and the allowance rule
 * form, on the demo town (November 2026, with W47 published): role scope,
 * the CSV read back cell by cell against the use case, the export in the
 * audit log, and a refused form that saves nothing.
 */
import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { safeCell } from '../../src/app/excel-csv';
import { monthlyTally, tallyRows, TALLY_CSV_HEADER } from '../../src/app/tally/monthly-tally';
import { AllowanceRuleEntity, AuditEntity } from '../../src/persistence/entities';
import { actorByLogin } from '../support/organisation';
import { Agent, csrfToken, DATABASES, login, startTestApp, TestApp } from '../support/web';

const bytesOf = (agent: Agent, url: string) =>
  agent
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

describe.each(DATABASES)('monthly tally pages on %s', (kind) => {
  let t: TestApp;
  let hr: Agent;
  beforeAll(async () => {
    t = await startTestApp(kind);
    hr = await login(t.app, 'jinji');
  });
  afterAll(async () => t.close());

  it('shows HR this month by default, with totals, unpublished weeks, the rule and the CSV links', async () => {
    const res = await hr.get('/hr/tally');
    expect(res.status).toBe(200);
    expect(res.text).toContain('月次集計 2026年11月');
    expect(res.text).toContain('href="/hr/tally/2026-11.csv"');
    expect(res.text).toContain('href="/hr/tally/2026-11.csv?encoding=sjis"');
    expect(res.text).toContain('href="/hr/tally" aria-current="page"');
    const tally = await monthlyTally(t.db.manager, await actorByLogin(t.db, 'jinji'), '2026-11');
    expect(tally.total.counts.granted).toBeGreaterThan(0);
    expect(res.text).toContain(`data-qualifying>${tally.total.qualifying}<`);
    expect((res.text.match(/<tr data-staff=/g) ?? []).length).toBe(tally.people.length);
    // W48 and later are not published in the demo: HR is told.
    expect(res.text).toContain('data-unpublished');
    expect(tally.divisions.every((d) => d.unpublished.some((w) => w.week === '2026-W48'))).toBe(true);
    expect(res.text).toMatch(/<th scope="col"[^>]*>氏名<\/th>/);
    for (const name of ['thresholdDays', 'periodMonths', 'amountYen']) expect(res.text).toContain(`name="${name}"`);
  });

  it('refuses a bad month with a Japanese 400 message', async () => {
    for (const url of ['/hr/tally?month=2026-13', '/hr/tally?month=abc', '/hr/tally/2026-1.csv', '/hr/tally/9999-99.csv']) {
      const res = await hr.get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 400 });
      expect(res.text).toContain('月の指定が正しくありません');
    }
  });

  it('keeps the tally from chiefs and staff (403)', async () => {
    for (const loginId of ['jumin-kacho', 't0003']) {
      const agent = await login(t.app, loginId);
      expect((await agent.get('/hr/tally')).status).toBe(403);
      expect((await agent.get('/hr/tally/2026-11.csv')).status).toBe(403);
      const token = await csrfToken(agent, '/me');
      expect(
        (
          await agent
            .post('/hr/tally/rule')
            .type('form')
            .send({ _csrf: token, thresholdDays: '1', periodMonths: '1', amountYen: '1', revision: '1' })
        ).status,
      ).toBe(403);
    }
    expect((await t.db.manager.findOneByOrFail(AllowanceRuleEntity, { id: 1 })).revision).toBe(1);
  });

  it('exports the CSV the use case computes, cell by cell, in UTF-8 and Shift_JIS, and records the export', async () => {
    const before = await t.db.manager.countBy(AuditEntity, { action: 'export-csv', entity: 'tally-csv' });
    const res = await bytesOf(hr, '/hr/tally/2026-11.csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('tally-2026-11.csv');
    const cells: string[][] = parse((res.body as Buffer).toString('utf8'), { bom: true, record_delimiter: '\r\n' });
    expect(cells[0]).toEqual([...TALLY_CSV_HEADER]);
    const expected = tallyRows(await monthlyTally(t.db.manager, await actorByLogin(t.db, 'jinji'), '2026-11')).map((r) => r.map(safeCell));
    expect(cells).toEqual(expected);
    expect(cells.length).toBeGreaterThan(10);
    const sjis = await bytesOf(hr, '/hr/tally/2026-11.csv?encoding=sjis');
    expect(parse(iconv.decode(sjis.body as Buffer, 'cp932'), { record_delimiter: '\r\n' })).toEqual(cells);
    const rows = await t.db.manager.findBy(AuditEntity, { action: 'export-csv', entity: 'tally-csv' });
    expect(rows.length).toBe(before + 2);
    expect(rows.map((r) => r.entityId)).toContain('2026-11');
  });

  it('refuses negative, non-integer, huge and blank rule values and a stale revision, saving nothing', async () => {
    const post = async (fields: Record<string, string>) =>
      hr
        .post('/hr/tally/rule')
        .type('form')
        .send({
          _csrf: await csrfToken(hr, '/hr/tally'),
          month: '2026-11',
          thresholdDays: '10',
          periodMonths: '6',
          amountYen: '3000',
          revision: '1',
          ...fields,
        });
    const cases: [Record<string, string>, string][] = [
      [{ thresholdDays: '-1' }, '基準日数'],
      [{ periodMonths: '2.5' }, '平均をとる期間'],
      [{ amountYen: '99999999999' }, '手当額'],
      [{ amountYen: '' }, '手当額'],
    ];
    for (const [fields, label] of cases) {
      const res = await post(fields);
      expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
      expect(res.text).toContain(label);
      expect(res.text).toContain('手当の条件を保存できませんでした');
    }
    expect(await t.db.manager.findOneByOrFail(AllowanceRuleEntity, { id: 1 })).toMatchObject({
      thresholdDays: 10,
      periodMonths: 6,
      amountYen: 3000,
      revision: 1,
    });

    const saved = await post({ thresholdDays: '８', periodMonths: '3', amountYen: '5000' });
    expect(saved.status).toBe(302);
    expect(saved.headers.location).toBe('/hr/tally?month=2026-11');
    expect(await t.db.manager.findOneByOrFail(AllowanceRuleEntity, { id: 1 })).toMatchObject({
      thresholdDays: 8,
      periodMonths: 3,
      amountYen: 5000,
      revision: 2,
    });
    expect(await t.db.manager.countBy(AuditEntity, { action: 'allowance-rule-update' })).toBe(1);
    const page = await hr.get('/hr/tally?month=2026-11');
    expect(page.text).toContain('3か月平均');

    const stale = await post({ thresholdDays: '12', revision: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('別の人が更新しました');
    expect(await t.db.manager.findOneByOrFail(AllowanceRuleEntity, { id: 1 })).toMatchObject({ thresholdDays: 8, revision: 2 });
  });
});
