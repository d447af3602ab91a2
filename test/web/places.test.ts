/**
 * HR's places (場所): added, changed and deleted on one page, HR only, behind the CSRF token;
 * bad input refused with one Japanese line each and nothing saved; revision-checked and audited;
 * a place that a request or a published roster names cannot be deleted (set its desks to 0).
 */
import { placeKey } from '../../src/app/organisation/place-names';
import {
  AssignmentEntity,
  AuditEntity,
  PlaceEntity,
  PossibleDayEntity,
  RosterEntity,
  RosterPublicationEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import request from 'supertest';
import { csrfToken, DATABASES, login, THIS_WEEK, startTestApp, TestApp, Agent } from '../support/web';

const PAGE = '/hr/places';

describe.each(DATABASES)('places on %s', (kind) => {
  let t: TestApp;
  let hr: Agent;
  beforeAll(async () => {
    t = await startTestApp(kind);
    // The demo town comes with two places: start from none, as a town does.
    await t.db.write((m) => m.createQueryBuilder().delete().from(PlaceEntity).execute());
    hr = await login(t.app, 'jinji');
  });
  afterAll(async () => t.close());

  const form = (fields: Record<string, string> = {}) => ({
    name: '北部サテライトオフィス',
    desks: '4',
    access: 'network',
    sortOrder: '',
    ...fields,
  });
  const post = async (path: string, fields: Record<string, string>) =>
    hr
      .post(path)
      .type('form')
      .send({ _csrf: await csrfToken(hr, PAGE), ...fields });
  const saved = (name: string) => t.db.manager.findOneByOrFail(PlaceEntity, { name });

  it('says that there are no places yet: every telework day is at home', async () => {
    const page = await hr.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('場所はまだ登録されていません。在宅勤務はすべて自宅として扱われます。');
    expect(page.text).toContain('href="/hr/places" aria-current="page"');
  });

  it('is HR only: chiefs and staff get 403 and change nothing; without a login, the login page', async () => {
    await post(PAGE, form({ name: '既存の場所' }));
    const place = await saved('既存の場所');
    for (const who of ['jumin-kacho', 't0083']) {
      const agent = await login(t.app, who);
      expect((await agent.get(PAGE)).status).toBe(403);
      const token = await csrfToken(agent);
      const add = await agent
        .post(PAGE)
        .type('form')
        .send({ _csrf: token, ...form({ name: '課長の場所' }) });
      expect(add.status).toBe(403);
      const change = await agent
        .post(`${PAGE}/${place.id}`)
        .type('form')
        .send({ _csrf: token, ...form({ name: '変えた名前' }), revision: String(place.revision) });
      expect(change.status).toBe(403);
      const remove = await agent
        .post(`${PAGE}/${place.id}/delete`)
        .type('form')
        .send({ _csrf: token, revision: String(place.revision) });
      expect(remove.status).toBe(403);
    }
    const anonymous = await request(t.app).get(PAGE);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    expect(await t.db.manager.findOneByOrFail(PlaceEntity, { id: place.id })).toMatchObject({ name: '既存の場所', revision: 1 });
    expect(await t.db.manager.countBy(PlaceEntity, { name: '課長の場所' })).toBe(0);
  });

  it('refuses a form without the CSRF token, even from HR', async () => {
    const res = await hr
      .post(PAGE)
      .type('form')
      .send(form({ name: 'トークンなし' }));
    expect(res.status).toBe(403);
    expect(res.text).toContain('フォームの有効期限が切れました');
    const forged = await hr
      .post(PAGE)
      .type('form')
      .send({ _csrf: 'forged', ...form({ name: 'トークンなし' }) });
    expect(forged.status).toBe(403);
    expect(await t.db.manager.countBy(PlaceEntity, { name: 'トークンなし' })).toBe(0);
  });

  it('refuses bad fields with one Japanese line each, all at once, and saves nothing', async () => {
    const before = await t.db.manager.count(PlaceEntity);
    const res = await post(PAGE, form({ name: '  ', desks: '-1', access: '' }));
    expect(res.status).toBe(422);
    expect(res.text).toContain('場所を追加できませんでした。次の項目を直してください。何も保存していません。');
    expect(res.text).toContain('「名前」を入力してください。');
    expect(res.text).toContain('「席数（1日あたり）」は0〜10000の整数で入力してください（入力: -1）。');
    expect(res.text).toContain('「ライセンス・端末」を選んでください');
    for (const desks of ['10001', 'abc', '']) {
      const bad = await post(PAGE, form({ name: `席数${desks}`, desks }));
      expect({ desks, status: bad.status }).toEqual({ desks, status: 422 });
      expect(bad.text).toContain(desks === '' ? '「席数（1日あたり）」を入力してください（0〜10000の整数）。' : `（入力: ${desks}）`);
      // The form comes back with what was typed.
      expect(bad.text).toContain(`value="席数${desks}"`);
    }
    const long = await post(PAGE, form({ name: 'あ'.repeat(61) }));
    expect(long.status).toBe(422);
    expect(long.text).toContain('「名前」は60文字以内で入力してください（61文字）。');
    expect(await t.db.manager.count(PlaceEntity)).toBe(before);
  });

  it('refuses a name another place has, also written in full-width or with spaces around', async () => {
    expect((await post(PAGE, form({ name: '南支所' }))).status).toBe(302);
    expect((await post(PAGE, form({ name: 'Ｂ棟' }))).status).toBe(302);
    for (const name of ['南支所', ' 南支所　', 'B棟']) {
      const res = await post(PAGE, form({ name, desks: '2' }));
      expect({ name, status: res.status }).toEqual({ name, status: 422 });
      expect(res.text).toContain(`の場所はすでにあります。別の名前にしてください。`);
    }
    // Renaming one place to another's name is refused too.
    const b = await saved('Ｂ棟');
    const rename = await post(`${PAGE}/${b.id}`, { ...form({ name: '南支所' }), revision: String(b.revision) });
    expect(rename.status).toBe(422);
    expect(rename.text).toContain('「名前」南支所 の場所はすでにあります。別の名前にしてください。');
    expect(await t.db.manager.countBy(PlaceEntity, { name: '南支所' })).toBe(1);
    expect((await saved('Ｂ棟')).revision).toBe(b.revision);
  });

  it('adds, changes and deletes a place, each audited with what changed; the list says the licence in words', async () => {
    const add = await post(PAGE, form({ name: 'コワーキング駅前', desks: '3', access: 'remote', sortOrder: '5' }));
    expect(add.status).toBe(302);
    const place = await saved('コワーキング駅前');
    expect(add.headers.location).toBe(`/hr/places#place-${place.id}`);
    expect(place).toMatchObject({ desks: 3, licence: true, sortOrder: 5, revision: 1, updatedBy: 'jinji' });
    const created = await t.db.manager.findOneByOrFail(AuditEntity, { action: 'place-create', entityId: String(place.id) });
    expect(created).toMatchObject({ actor: 'jinji', entity: 'place', before: null });
    expect(JSON.parse(created.after!)).toEqual({ name: 'コワーキング駅前', desks: 3, licence: true, sortOrder: 5 });
    const page = await hr.get(PAGE);
    expect(page.text).toContain('ライセンスと端末を1つずつ使う（リモート接続）');
    expect(page.text).toContain('3席');
    expect(page.text).toContain('<input type="radio" name="access" value="remote" checked required>');

    const change = await post(`${PAGE}/${place.id}`, {
      ...form({ name: 'コワーキング駅前', desks: '0', access: 'network', sortOrder: '5' }),
      revision: '1',
    });
    expect(change.status).toBe(302);
    const shown = await hr.get(PAGE);
    expect(shown.text).toContain('場所「コワーキング駅前」の席数（1日あたり）・ライセンス・端末を保存しました。');
    expect(shown.text).toContain('席数が0のため、この場所への新しい希望は受け付けません。');
    expect(shown.text).toContain('0席（新しい希望は受け付けない）');
    expect(shown.text).toContain('使わない（庁内ネットワーク）');
    expect(await t.db.manager.findOneByOrFail(PlaceEntity, { id: place.id })).toMatchObject({ desks: 0, licence: false, revision: 2 });
    const updated = await t.db.manager.findOneByOrFail(AuditEntity, { action: 'place-update', entityId: String(place.id) });
    expect(JSON.parse(updated.before!)).toEqual({ desks: 3, licence: true });
    expect(JSON.parse(updated.after!)).toEqual({ desks: 0, licence: false });

    // The same values again: nothing saved, nothing audited.
    const same = await post(`${PAGE}/${place.id}`, { ...form({ name: 'コワーキング駅前', desks: '0', sortOrder: '5' }), revision: '2' });
    expect(same.status).toBe(302);
    expect(await t.db.manager.countBy(AuditEntity, { action: 'place-update', entityId: String(place.id) })).toBe(1);

    const audit = await hr.get('/hr/audit?action=place-update');
    expect(audit.text).toContain('場所（サテライトオフィス・支所）の変更');
    expect(audit.text).toContain('コワーキング駅前');

    const remove = await post(`${PAGE}/${place.id}/delete`, { revision: '2' });
    expect(remove.status).toBe(302);
    expect(await t.db.manager.countBy(PlaceEntity, { id: place.id })).toBe(0);
    const deleted = await t.db.manager.findOneByOrFail(AuditEntity, { action: 'place-delete', entityId: String(place.id) });
    expect(JSON.parse(deleted.before!)).toEqual({ name: 'コワーキング駅前', desks: 0, licence: false, sortOrder: 5 });
    expect(deleted.after).toBeNull();
    expect((await hr.get(PAGE)).text).toContain('場所「コワーキング駅前」を削除しました。');
  });

  it('refuses a stale edit or delete (409), naming what differs, and saves nothing', async () => {
    await post(PAGE, form({ name: '西支所', desks: '6' }));
    const place = await saved('西支所');
    // Someone else saves first.
    expect((await post(`${PAGE}/${place.id}`, { ...form({ name: '西支所', desks: '8' }), revision: '1' })).status).toBe(302);
    const stale = await post(`${PAGE}/${place.id}`, { ...form({ name: '西支所（分室）', desks: '6' }), revision: '1' });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('場所「西支所」は、あなたがこの画面を開いた後に別の人が更新しました。');
    expect(stale.text).toContain('名前: 保存済み「西支所」／あなたの入力「西支所（分室）」');
    expect(stale.text).toContain('席数（1日あたり）: 保存済み「8」／あなたの入力「6」');
    // What was typed stays in the form, with the revision now saved so that a second save goes through.
    expect(stale.text).toContain('value="西支所（分室）"');
    expect(stale.text).toContain('name="revision" value="2"');
    const staleDelete = await post(`${PAGE}/${place.id}/delete`, { revision: '1' });
    expect(staleDelete.status).toBe(409);
    expect(await t.db.manager.findOneByOrFail(PlaceEntity, { id: place.id })).toMatchObject({ name: '西支所', desks: 8, revision: 2 });
    const missing = await post(`${PAGE}/99999/delete`, { revision: '1' });
    expect(missing.status).toBe(409);
    expect(missing.text).toContain('この場所は、すでに削除されています');
    expect((await post(`${PAGE}/99999999999`, { ...form(), revision: '1' })).status).toBe(404);
  });

  it('refuses to delete a place a request or a published roster names, and suggests 0 desks instead', async () => {
    await post(PAGE, form({ name: '東支所', desks: '2' }));
    const place = await saved('東支所');
    const refused = async () => {
      const res = await post(`${PAGE}/${place.id}/delete`, { revision: String(place.revision) });
      expect(res.status).toBe(409);
      expect(res.text).toContain('場所「東支所」は使われているため、削除できません。何も変更していません。');
      expect(res.text).toContain('削除せずに「席数（1日あたり）」を0にして保存してください。');
      expect(await t.db.manager.countBy(PlaceEntity, { id: place.id })).toBe(1);
      return res.text;
    };

    const req = await t.db.write((m) =>
      m.save(TeleworkRequestEntity, {
        staffId: 't0083',
        day: '2027-01-12',
        rank: 1,
        reason: 'other',
        status: 'active',
        placeId: place.id,
        createdAt: new Date().toISOString(),
      }),
    );
    expect(await refused()).toContain('在宅勤務の希望 1 件がこの場所を指しています。');
    await t.db.write((m) => m.delete(TeleworkRequestEntity, { id: req.id }));

    const roster = await t.db.manager.findOneByOrFail(RosterEntity, { divisionId: 'jumin', week: THIS_WEEK });
    // A possible day (可能日) and a draft's assignment there hold it as well.
    await t.db.write(async (m) => {
      await m.insert(PossibleDayEntity, { staffId: 't0083', day: '2027-01-13', placeId: place.id, createdAt: new Date().toISOString() });
      await m.insert(AssignmentEntity, {
        rosterId: roster.id,
        staffId: 't0083',
        day: '2027-01-14',
        mode: 'telework',
        counterId: null,
        placeId: place.id,
      });
    });
    expect(await refused()).toContain('可能日 1 件・勤務表（下書きを含む）の割り当て 1 件がこの場所を指しています。');
    await t.db.write(async (m) => {
      await m.delete(PossibleDayEntity, { placeId: place.id });
      await m.delete(AssignmentEntity, { placeId: place.id });
    });

    const publication = (version: number, place: string) =>
      t.db.write((m) =>
        m.insert(RosterPublicationEntity, {
          rosterId: roster.id,
          version,
          publishedBy: 'jumin-kacho',
          publishedAt: new Date().toISOString(),
          objective: 0,
          changes: 0,
          assignments: [{ staff: 't0083', day: '2026-11-17', mode: 'telework', place }],
          denials: [],
        }),
      );
    // Another place whose id starts with this one's digits does not hold it.
    await publication(900, placeKey(place.id * 10 + 1));
    await publication(901, placeKey(place.id));
    expect(await refused()).toContain('公開した勤務表 1 版がこの場所を指しています。');
    await t.db.write((m) => m.delete(RosterPublicationEntity, { rosterId: roster.id, version: 901 }));

    const remove = await post(`${PAGE}/${place.id}/delete`, { revision: String(place.revision) });
    expect(remove.status).toBe(302);
    expect(await t.db.manager.countBy(PlaceEntity, { id: place.id })).toBe(0);
    expect(await t.db.manager.countBy(AuditEntity, { action: 'place-delete', entityId: String(place.id) })).toBe(1);
  });
});
