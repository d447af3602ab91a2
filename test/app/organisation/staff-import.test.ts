/**
 * The staff master CSV import as a use case: decoding (UTF-8 with and without
 * BOM, Shift_JIS), every kind of bad row named with its line, the preview's
 * new / changed / unchanged rows, divisions the file names that do not exist
 * yet, and a commit that writes all rows (and those divisions) or none. New
 * accounts get no password: a one-time login link is issued per person.
 */
import * as iconv from 'iconv-lite';
import { verify } from '@node-rs/argon2';
import * as staffModule from '../../../src/app/organisation/staff';
import { NO_PASSWORD } from '../../../src/app/accounts/setup-links';
import { actorOf } from '../../../src/app/accounts/accounts';
import { Actor } from '../../../src/app/accounts/actor';
import { AppError } from '../../../src/app/errors';
import {
  analyseImport,
  commitImport,
  currentStaffCsv,
  decodeCsv,
  encodeForForm,
  templateCsv,
} from '../../../src/app/organisation/staff-import';
import { AccountEntity, AuditEntity, DivisionEntity, StaffEntity } from '../../../src/persistence/entities';
import { DATABASES, startTestApp, TestApp } from '../../support/web';

const HEADER = '職員番号,氏名,所属課,職種,介護・育児,週上限,担当窓口,在職';

describe('decodeCsv', () => {
  const text = `${HEADER}\nx001,髙橋 美咲,住民課,一般事務,あり,3,住民票窓口,在職\n`;

  it('reads UTF-8 and drops the BOM', () => {
    const withBom = decodeCsv(Buffer.from('\uFEFF' + text, 'utf8'));
    expect(withBom).toEqual({ text, encoding: 'UTF-8' });
    expect(decodeCsv(Buffer.from(text, 'utf8'))).toEqual({ text, encoding: 'UTF-8' });
  });

  it('falls back to Shift_JIS (cp932, including 髙 and ①) and normalises line ends', () => {
    const sjis = iconv.encode(text.replace(/\n/g, '\r\n').replace('髙橋', '髙橋①'), 'cp932');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(sjis)).toThrow();
    const out = decodeCsv(sjis);
    expect(out.encoding).toBe('Shift_JIS');
    expect(out.text).toBe(text.replace('髙橋', '髙橋①'));
  });
});

describe.each(DATABASES)('staff import on %s', (kind) => {
  let t: TestApp;
  let hr: Actor;
  let chief: Actor;
  beforeAll(async () => {
    t = await startTestApp(kind);
    const id = async (loginId: string) => (await t.db.manager.findOneByOrFail(AccountEntity, { loginId })).id;
    hr = (await actorOf(t.db.manager, await id('jinji')))!;
    chief = (await actorOf(t.db.manager, await id('jumin-kacho')))!;
  });
  afterAll(async () => t.close());

  const staffCount = () => t.db.manager.count(StaffEntity);

  it('only HR may import', async () => {
    await expect(analyseImport(t.db.manager, chief, `${HEADER}\n`)).rejects.toMatchObject({ status: 403 });
    await expect(commitImport(t.db, chief, encodeForForm(`${HEADER}\n`))).rejects.toMatchObject({ status: 403 });
    await expect(templateCsv(t.db.manager, chief)).rejects.toBeInstanceOf(AppError);
  });

  it('names every bad row with its line number and the reason', async () => {
    const t0003 = await t.db.manager.findOneByOrFail(StaffEntity, { id: 't0003' });
    const csv = [
      HEADER,
      'n001,新規 一郎,住民課,一般事務,なし,,住民票窓口,在職', // 2: fine
      `n002,新規 二郎,${'未来'.repeat(50)}課,一般事務,なし,,,在職`, // 3: a new division's name too long
      'n001,重複 三郎,住民課,一般事務,なし,,,在職', // 4: duplicate of line 2
      'n004,,住民課,一般事務,なし,,,在職', // 5: no name
      'n005,数字 五郎,住民課,一般事務,なし,七,,在職', // 6: bad number
      'n006,窓口 六郎,住民課,一般事務,なし,,宇宙窓口,在職', // 7: unknown counter
      'n007,介護 七子,住民課,一般事務,たぶん,,,在職', // 8: bad yes/no
      `${t0003.id},${t0003.name},住民課,一般事務,なし,9,,在職`, // 9: bad weekly maximum on an existing person
      '日本語,漢字 番号,住民課,一般事務,なし,,,在職', // 10: bad id
      'n010,在職 十郎,住民課,一般事務,なし,,,休職中', // 11: bad 在職
    ].join('\n');
    const a = await analyseImport(t.db.manager, hr, csv);
    expect(a.ok).toBe(false);
    const byLine = new Map(a.rows.map((r) => [r.line, r]));
    expect(byLine.get(2)!.kind).toBe('new');
    const expectations: [number, RegExp][] = [
      [3, /所属課の名前が長すぎます（100文字まで）/],
      [4, /職員番号 n001 が 2行目と重複しています/],
      [5, /氏名がありません/],
      [6, /週上限「七」は0〜5の整数/],
      [7, /担当窓口「宇宙窓口」は登録されていません/],
      [8, /介護・育児「たぶん」は あり／なし/],
      [9, /週上限「9」は0〜5の整数/],
      [10, /職員番号「日本語」は半角の英数字/],
      [11, /在職「休職中」は 在職／退職/],
    ];
    for (const [line, pattern] of expectations) {
      expect(byLine.get(line)!.kind).toBe('error');
      expect(a.problems.some((p) => p.startsWith(`${line}行目`) && pattern.test(p))).toBe(true);
    }
    expect(a.counts).toEqual({ new: 1, changed: 0, unchanged: 0, error: 9 });
  });

  it('reports a missing column, an empty file and a broken quote without rows', async () => {
    const noName = await analyseImport(t.db.manager, hr, '職員番号,所属課,職種\nx1,住民課,一般事務\n');
    expect(noName.ok).toBe(false);
    expect(noName.problems[0]).toMatch(/1行目（見出し）に 「氏名」 の列がありません/);
    const empty = await analyseImport(t.db.manager, hr, '');
    expect(empty.problems[0]).toMatch(/データがありません/);
    const headerOnly = await analyseImport(t.db.manager, hr, `${HEADER}\n`);
    expect(headerOnly.problems).toEqual(['見出しの下にデータの行がありません。']);
    const broken = await analyseImport(t.db.manager, hr, `${HEADER}\nx1,"山田,住民課,一般事務\n`);
    expect(broken.problems[0]).toMatch(/CSVの形式が正しくありません/);
  });

  it('shows new, changed (with the differences) and unchanged rows; a column left out keeps the stored value', async () => {
    const s = await t.db.manager.findOne(StaffEntity, { where: { id: 't0004' }, relations: { counters: true } });
    const current = (await currentStaffCsv(t.db.manager, hr)).replace(/^\uFEFF/, '').split('\r\n');
    const line4 = current.find((l) => l.startsWith('t0004,'))!;
    const line5 = current.find((l) => l.startsWith('t0005,'))!;
    const changed = line4.split(',');
    changed[1] = '改名 太郎';
    changed[5] = '3';
    const csv = [current[0], changed.join(','), line5, 'z100,新人 花子,税務課,一般事務,あり,,課税窓口・収納窓口,'].join('\n');
    const a = await analyseImport(t.db.manager, hr, csv);
    expect(a.problems).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.rows.map((r) => [r.line, r.id, r.kind])).toEqual([
      [2, 't0004', 'changed'],
      [3, 't0005', 'unchanged'],
      [4, 'z100', 'new'],
    ]);
    expect(a.rows[0].changes).toEqual([
      { field: '氏名', before: s!.name, after: '改名 太郎' },
      { field: '週上限', before: s!.maxTeleworkDays === null ? '方針どおり' : `${s!.maxTeleworkDays}日`, after: '3日' },
    ]);

    // Without the 担当窓口 column the stored counters stay.
    const short = await analyseImport(
      t.db.manager,
      hr,
      `職員番号,氏名,所属課,職種\nt0004,${s!.name},${line4.split(',')[2]},${s!.jobType}\n`,
    );
    expect(short.rows[0].kind).toBe('unchanged');
    expect(short.missingOptional).toEqual(['介護・育児', '週上限', '担当窓口', '在職', 'メールアドレス']);
  });

  it('commits every row in one transaction, with accounts that have no password yet, and audit entries', async () => {
    const before = await staffCount();
    const csv = [HEADER, 'c001,取込 一子,住民課,一般事務,あり,3,住民票窓口/戸籍窓口,在職', 'c002,取込 二子,税務課,保育士,なし,,,在職'].join(
      '\n',
    );
    const result = await commitImport(t.db, hr, encodeForForm(csv));
    if (!result.ok) throw new Error(result.analysis.problems.join('\n'));
    expect(result.created.map((c) => c.id)).toEqual(['c001', 'c002']);
    expect(await staffCount()).toBe(before + 2);
    const c001 = await t.db.manager.findOneOrFail(StaffEntity, { where: { id: 'c001' }, relations: { counters: true } });
    expect(c001).toMatchObject({ name: '取込 一子', divisionId: 'jumin', caregiver: true, maxTeleworkDays: 3, active: true });
    expect(c001.counters!.map((c) => c.id).sort()).toEqual(['jumin-juminhyo', 'jumin-koseki']);
    const account = await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 'c001' });
    expect(account.role).toBe('staff');
    // No password anyone has seen: the marker argon2 cannot even read, until the person uses a login link.
    expect(account.passwordHash).toBe(NO_PASSWORD);
    await expect(verify(account.passwordHash, '')).rejects.toThrow();
    expect(result.created[0]).toEqual({ id: 'c001', name: '取込 一子', division: '住民課' });
    expect(JSON.stringify(result)).not.toMatch(/password/i);
    expect(await t.db.manager.countBy(AuditEntity, { action: 'staff-import-create' })).toBe(2);
  });

  it('offers to create the divisions it does not know, and makes them with the staff', async () => {
    const divisions = await t.db.manager.count(DivisionEntity);
    const csv = [
      HEADER,
      'k001,企画 一子,企画振興課,一般事務,なし,,,在職',
      'k002,企画 二子,企画振興課,一般事務,なし,,,在職',
      'k003,Planning Taro,Planning Office,一般事務,なし,,,在職',
    ].join('\n');
    const a = await analyseImport(t.db.manager, hr, csv);
    expect(a.problems).toEqual([]);
    expect(a.newDivisions).toEqual([
      { id: 'div-1', name: '企画振興課' },
      { id: 'planning-office', name: 'Planning Office' },
    ]);
    expect(a.rows.map((r) => [r.id, r.kind, r.division])).toEqual([
      ['k001', 'new', '企画振興課'],
      ['k002', 'new', '企画振興課'],
      ['k003', 'new', 'Planning Office'],
    ]);
    expect(await t.db.manager.count(DivisionEntity)).toBe(divisions);

    const result = await commitImport(t.db, hr, encodeForForm(csv));
    if (!result.ok) throw new Error(result.analysis.problems.join('\n'));
    expect(result.newDivisions.map((d) => d.id)).toEqual(['div-1', 'planning-office']);
    expect(await t.db.manager.findOneByOrFail(DivisionEntity, { id: 'div-1' })).toMatchObject({ name: '企画振興課', terminals: null });
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: 'k002' })).divisionId).toBe('div-1');
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: 'k003' })).divisionId).toBe('planning-office');
    expect(await t.db.manager.countBy(AuditEntity, { action: 'division-create', entityId: 'div-1' })).toBe(1);
    // Known now: the same file again changes nothing.
    const again = await analyseImport(t.db.manager, hr, csv);
    expect(again.newDivisions).toEqual([]);
    expect(again.counts.unchanged).toBe(3);
  });

  it('saves nothing, not even the new divisions, when the commit fails half-way', async () => {
    const staff = await staffCount();
    const divisions = await t.db.manager.count(DivisionEntity);
    const csv = [HEADER, 'h001,途中 一子,半端課,一般事務,なし,,,在職', 'h002,途中 二子,半端課,一般事務,なし,,,在職'].join('\n');
    const insert = staffModule.insertStaff;
    let calls = 0;
    const spy = jest.spyOn(staffModule, 'insertStaff').mockImplementation(async (...args) => {
      if (++calls === 2) throw new Error('the disk is full');
      return insert(...args);
    });
    try {
      await expect(commitImport(t.db, hr, encodeForForm(csv))).rejects.toThrow('the disk is full');
    } finally {
      spy.mockRestore();
    }
    expect(calls).toBe(2);
    expect(await staffCount()).toBe(staff);
    expect(await t.db.manager.count(DivisionEntity)).toBe(divisions);
    expect(await t.db.manager.existsBy(DivisionEntity, { name: '半端課' })).toBe(false);
  });

  it('saves nothing when the confirmed file has a bad row', async () => {
    const before = await staffCount();
    const csv = [HEADER, 'd001,良い 行,住民課,一般事務,なし,,,在職', 'd002,悪い 行,存在しない課,一般事務,なし,七,,在職'].join('\n');
    const result = await commitImport(t.db, hr, encodeForForm(csv));
    expect(result.ok).toBe(false);
    expect(await staffCount()).toBe(before);
    expect(await t.db.manager.existsBy(StaffEntity, { id: 'd001' })).toBe(false);
    expect(await t.db.manager.existsBy(DivisionEntity, { name: '存在しない課' })).toBe(false);
    await expect(commitImport(t.db, hr, '%%%not base64%%%')).rejects.toMatchObject({ status: 422 });
  });

  it('reads its own template (the example row is a note) and export', async () => {
    const template = await templateCsv(t.db.manager, hr);
    expect(template.startsWith('\uFEFF職員番号,氏名,所属課')).toBe(true);
    const a = await analyseImport(t.db.manager, hr, decodeCsv(Buffer.from(template, 'utf8')).text);
    expect(a.problems).toEqual(['見出しの下にデータの行がありません。']);
    const all = await analyseImport(t.db.manager, hr, decodeCsv(Buffer.from(await currentStaffCsv(t.db.manager, hr), 'utf8')).text);
    expect(all.problems).toEqual([]);
    expect(all.counts.unchanged).toBe(await staffCount());
    expect(all.counts.new + all.counts.changed).toBe(0);
  });
});
