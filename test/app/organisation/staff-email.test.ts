/**
 * The staff master's e-mail address: what counts as one, and the import's
 * optional メールアドレス column (a bad address names its line and saves
 * nothing; a column left out keeps the stored address; the export carries it).
 */
import 'reflect-metadata';
import { actorOf } from '../../../src/app/accounts/accounts';
import { seedDemoTown } from '../../../src/app/demo/seed';
import { readEmail } from '../../../src/app/organisation/staff';
import { analyseImport, commitImport, currentStaffCsv, decodeCsv, encodeForForm } from '../../../src/app/organisation/staff-import';
import { AccountEntity, StaffEntity } from '../../../src/persistence/entities';
import { DATABASES, NOW, openTestDatabase, PASSWORD, TestDatabase } from '../../support/web';

describe('readEmail', () => {
  test.each([
    ['', null],
    ['  ', null],
    ['yamada.hanako@town.example.lg.jp', 'yamada.hanako@town.example.lg.jp'],
    ['Yamada@Town.Example.LG.JP', 'Yamada@town.example.lg.jp'],
    ['ｙａｍａｄａ＠ｔｏｗｎ．ｅｘａｍｐｌｅ．ｊｐ', 'yamada@town.example.jp'],
    ["o'brien+rota@example.jp", "o'brien+rota@example.jp"],
  ])('%j is %j', (input, expected) => {
    const problems: string[] = [];
    expect(readEmail(input, 'メールアドレス', problems)).toBe(expected);
    expect(problems).toEqual([]);
  });

  test.each([
    'yamada',
    'yamada@',
    '@example.jp',
    'yamada@localhost',
    'ya..mada@example.jp',
    '.yamada@example.jp',
    'yamada@-example.jp',
    'yamada@example..jp',
    'ya mada@example.jp',
    '山田@example.jp',
    'a@b@example.jp',
    'yamada@example.jp\r\nBcc: x@example.jp',
    `${'a'.repeat(65)}@example.jp`,
    `a@${'b'.repeat(250)}.jp`,
  ])('%j is refused, naming the field', (input) => {
    const problems: string[] = [];
    expect(readEmail(input, 'メールアドレス', problems)).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^「メールアドレス」(の形が正しくありません|は254文字以内)/);
    expect(problems[0]).not.toMatch(/[\r\n]/);
  });
});

describe.each(DATABASES)('the import reads メールアドレス (%s)', (kind) => {
  let t: TestDatabase;
  let hr: NonNullable<Awaited<ReturnType<typeof actorOf>>>;
  const HEADER = '職員番号,氏名,所属課,職種,介護・育児,週上限,担当窓口,在職,メールアドレス';

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    await seedDemoTown(t.db, NOW, PASSWORD);
    hr = (await actorOf(t.db.manager, (await t.db.manager.findOneByOrFail(AccountEntity, { loginId: 'jinji' })).id))!;
  });
  afterAll(async () => t.close());

  test('a bad address names its line and the field; nothing is saved', async () => {
    const csv = [
      HEADER,
      'm001,メール 一子,住民課,一般事務,なし,,,在職,ichiko@town.example.lg.jp',
      'm002,メール 二子,住民課,一般事務,なし,,,在職,niko＠example',
    ].join('\n');
    const analysis = await analyseImport(t.db.manager, hr, csv);
    expect(analysis.ok).toBe(false);
    expect(analysis.problems).toEqual([
      '3行目（m002 メール 二子）: 「メールアドレス」の形が正しくありません（入力: niko@example）。半角で「名前@ドメイン」の形にしてください。例: yamada.hanako@town.example.lg.jp',
    ]);
    const result = await commitImport(t.db, hr, encodeForForm(csv));
    expect(result.ok).toBe(false);
    expect(await t.db.manager.existsBy(StaffEntity, { id: 'm001' })).toBe(false);
  });

  test('addresses are saved, shown as a change, cleared by a blank cell and kept when the column is left out', async () => {
    const t0050 = await t.db.manager.findOneOrFail(StaffEntity, { where: { id: 't0050' }, relations: { counters: true } });
    const export0050 = (await currentStaffCsv(t.db.manager, hr)).split(/\r?\n/).find((l) => l.startsWith('t0050,'))!;
    expect(export0050.endsWith(',')).toBe(true); // no address yet: the last cell is empty
    const withAddress = `${export0050}T0050@Town.Example.LG.jp`;
    const csv = [HEADER, 'm003,メール 三郎,住民課,一般事務,なし,,,在職,saburo@town.example.lg.jp', withAddress].join('\n');
    const analysis = await analyseImport(t.db.manager, hr, csv);
    expect(analysis.problems).toEqual([]);
    expect(analysis.rows.find((r) => r.id === 't0050')?.changes).toEqual([
      { field: 'メールアドレス', before: 'なし', after: 'T0050@town.example.lg.jp' },
    ]);
    const result = await commitImport(t.db, hr, encodeForForm(csv));
    expect(result.ok).toBe(true);
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: 'm003' })).email).toBe('saburo@town.example.lg.jp');
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: 't0050' })).email).toBe('T0050@town.example.lg.jp');

    // The export carries the address and reads back unchanged.
    const exported = await currentStaffCsv(t.db.manager, hr);
    expect(exported.split(/\r?\n/)[0]).toBe(`\uFEFF${HEADER}`);
    const again = await analyseImport(t.db.manager, hr, decodeCsv(Buffer.from(exported, 'utf8')).text);
    expect(again.problems).toEqual([]);
    expect(again.counts.changed + again.counts.new).toBe(0);

    // Left out: kept. Blank: cleared.
    const short = `職員番号,氏名,所属課,職種\nt0050,${t0050.name},住民課,${t0050.jobType}\n`;
    expect((await analyseImport(t.db.manager, hr, short)).missingOptional).toContain('メールアドレス');
    const blank = [HEADER, `${export0050}`].join('\n');
    expect(await commitImport(t.db, hr, encodeForForm(blank))).toMatchObject({ ok: true, updated: 1 });
    expect((await t.db.manager.findOneByOrFail(StaffEntity, { id: 't0050' })).email).toBeNull();
  });
});
