/// <reference lib="dom" />
/**
 * A real week's day in Debian's headless Chromium (Wednesday 2026-11-18
 * 10:00, the week published by the seed): the sick-child morning from the
 * staff member's phone (390 px) to the chief's one-step approval to the
 * bumped colleague's notification; a BCP day applied by HR; and two chiefs
 * generating next week in two orders with the same result.
 */
import {
  AccountEntity,
  AssignmentEntity,
  PolicyEntity,
  RosterEntity,
  RosterPublicationEntity,
  StaffEntity,
  TeleworkRequestEntity,
} from '../../src/persistence/entities';
import { NEXT_WEEK, THIS_WEEK } from '../support/web';
import * as path from 'path';
import { BrowserSession, SHOTS, startBrowserSession } from '../support/browser';

const TODAY = '2026-11-18';

describe('browser: the day itself', () => {
  let s: BrowserSession;
  let base: string;

  beforeAll(async () => {
    s = await startBrowserSession();
    base = s.base;
  });

  afterAll(async () => {
    await s?.close();
    await s?.t.close();
  });

  const m = () => s.t.db.manager;

  async function published(division: string) {
    const row = await m().findOneByOrFail(RosterEntity, { divisionId: division, week: THIS_WEEK });
    return m().findOneByOrFail(RosterPublicationEntity, { rosterId: row.id, version: row.publishedVersion });
  }

  /** A division with telework today, and a member in the office today below their weekly maximum. */
  async function sickChildCase(): Promise<{ division: string; person: StaffEntity; login: string }> {
    const policy = await m().findOneByOrFail(PolicyEntity, { id: 1 });
    for (const row of await m().find(RosterEntity, { where: { week: THIS_WEEK }, order: { divisionId: 'ASC' } })) {
      const pub = await published(row.divisionId);
      if (!pub.assignments.some((a) => a.day === TODAY && a.mode === 'telework')) continue;
      for (const p of await m().find(StaffEntity, { where: { divisionId: row.divisionId, active: true }, order: { id: 'ASC' } })) {
        if (policy.nonTeleworkJobTypes.includes(p.jobType)) continue;
        const mine = pub.assignments.filter((a) => a.staff === p.id);
        const account = await m().findOneBy(AccountEntity, { staffId: p.id, role: 'staff' });
        if (
          account &&
          mine.find((a) => a.day === TODAY)?.mode === 'office' &&
          mine.filter((a) => a.mode === 'telework').length < (p.maxTeleworkDays ?? policy.maxTeleworkDays)
        )
          return { division: row.divisionId, person: p, login: account.loginId };
      }
    }
    throw new Error('no case in the demo town');
  }

  it('the sick-child morning: phone → chief approves in one step → the bumped colleague is told', async () => {
    // Today's licences are all in use: granting one more bumps someone.
    let teleworking = 0;
    for (const row of await m().findBy(RosterEntity, { week: THIS_WEEK })) {
      teleworking += (await published(row.divisionId)).assignments.filter((a) => a.day === TODAY && a.mode === 'telework').length;
    }
    await s.t.db.write((w) => w.update(PolicyEntity, { id: 1 }, { licencesPerDay: teleworking }));
    const { division, person, login } = await sickChildCase();

    // 1. On the phone, before nine: 子の看護.
    const phone = await s.loginAs(login, 390);
    await phone.goto(`${base}/me`);
    await phone.waitForSelector('#today form');
    await phone.selectOption('#today-reason', 'sick-child');
    await s.capture(phone, 'day-01-today-phone');
    await Promise.all([phone.waitForURL(`${base}/me`), phone.click('#today button[type=submit]')]);
    expect(await phone.textContent('.flash.ok')).toContain('課長に申請しました');
    expect(await phone.textContent('#today')).toContain('承認を待っています');
    expect(await m().findOneByOrFail(TeleworkRequestEntity, { staffId: person.id, day: TODAY })).toMatchObject({
      status: 'pending',
      reason: 'sick-child',
    });

    // 2. The chief is told, sees who else would change, and approves once.
    const chief = await s.loginAs(`${division}-kacho`);
    await chief.goto(`${base}/me/notifications`);
    expect(await chief.textContent('main')).toContain(`${person.name}さんから今日`);
    await chief.goto(`${base}/divisions/${division}/requests`);
    const card = chief.locator('.sameday');
    await card.waitFor();
    const consequence = await card.locator('.changes li').allTextContents();
    expect(consequence.some((t) => t.includes(person.name) && t.includes('在宅勤務'))).toBe(true);
    const bumped = consequence.filter((t) => !t.includes(person.name));
    expect(bumped.length).toBeGreaterThan(0);
    await s.capture(chief, 'day-02-chief-same-day');
    const before = (await published(division)).version;
    await Promise.all([chief.waitForURL(`${base}/divisions/${division}/requests`), card.locator('button[value=approve]').click()]);
    expect(await chief.textContent('.flash.ok')).toContain('今日の勤務表を公開しました');
    const after = await published(division);
    expect(after.version).toBe(before + 1);
    expect(after.assignments.find((a) => a.staff === person.id && a.day === TODAY)?.mode).toBe('telework');

    // 3. A bumped colleague sees the notification on their phone.
    const names = new Map((await m().findBy(StaffEntity, { divisionId: division })).map((p) => [p.name, p.id]));
    const colleagueName = [...names.keys()].find((n) => bumped[0].startsWith(n))!;
    const colleague = await m().findOneByOrFail(AccountEntity, { staffId: names.get(colleagueName)! });
    const other = await s.loginAs(colleague.loginId, 390);
    await other.goto(`${base}/me`);
    expect(await other.getAttribute('a.notices', 'aria-label')).toContain('未読1件');
    await other.goto(`${base}/me/notifications`);
    const text = await other.textContent('main');
    expect(text).toContain('勤務が変わりました');
    expect(text).toContain('在宅勤務 → 出勤');
    await s.capture(other, 'day-03-bumped-notification');
    for (const p of [phone, chief, other]) await p.close();
  });

  it('a BCP day: HR ticks and pastes who cannot come, checks the plan, applies it in one step', async () => {
    const hr = await s.loginAs('jinji');
    await hr.goto(`${base}/hr/bcp-day`);
    const staff = await m().find(StaffEntity, { where: { active: true }, order: { id: 'ASC' } });
    // An unknown id is named and nothing is planned.
    await hr.fill('#bcp-pasted', `${staff[0].id}\nNO-SUCH-ID`);
    await Promise.all([hr.waitForLoadState('load'), hr.click('.bcp-day-form button[type=submit]')]);
    expect(await hr.textContent('main')).toContain('職員番号「NO-SUCH-ID」は登録されていません。');
    expect(await hr.$('[data-bcp-plan]')).toBeNull();

    const away = staff.filter((_, i) => i % 7 === 3);
    await hr.fill(
      '#bcp-pasted',
      away
        .slice(1)
        .map((p) => p.id)
        .join(', '),
    );
    await hr
      .locator('details')
      .first()
      .evaluate((d) => ((d as HTMLDetailsElement).open = true));
    await hr.check(`input[name=staff][value="${away[0].id}"]`);
    await Promise.all([hr.waitForLoadState('load'), hr.click('.bcp-day-form button[type=submit]')]);
    await hr.waitForSelector('[data-bcp-plan]');
    expect(await hr.textContent('[data-bcp-plan] h2')).toContain(`出勤できない職員 ${away.length} 名`);
    // The plan is the answer to a POST: captured as it stands, at both widths, without reloading.
    for (const width of [1280, 390]) {
      await hr.setViewportSize({ width, height: 900 });
      await hr.screenshot({ path: path.join(SHOTS, `day-04-bcp-day-plan-${width}.png`), fullPage: true });
      expect(await hr.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    }
    await hr.setViewportSize({ width: 1280, height: 900 });
    const versions = async () =>
      Object.fromEntries((await m().findBy(RosterEntity, { week: THIS_WEEK })).map((r) => [r.divisionId, r.publishedVersion]));
    const before = await versions();
    await Promise.all([hr.waitForURL(`${base}/hr/weeks/${THIS_WEEK}`), hr.click('[data-bcp-plan] button[type=submit]')]);
    expect(await hr.textContent('.flash.ok')).toContain('BCP対応を勤務表に反映しました');
    const after = await versions();
    expect(Object.keys(after).filter((d) => after[d] > before[d]).length).toBeGreaterThan(0);
    // Nobody who cannot come is expected at the office today.
    for (const p of away) {
      const pub = await published(p.divisionId);
      expect(pub.assignments.find((a) => a.staff === p.id && a.day === TODAY)?.mode).not.toBe('office');
    }
    await hr.close();
  });

  it('two chiefs generate next week in either order with the same result', async () => {
    const [a, b] = ['jumin', 'zeimu'];
    const result = async (): Promise<string> => {
      const rows = await m().find(RosterEntity, { where: { week: NEXT_WEEK }, order: { divisionId: 'ASC' } });
      const out: string[] = [];
      for (const r of rows.filter((x) => x.divisionId === a || x.divisionId === b)) {
        const cells = await m().find(AssignmentEntity, { where: { rosterId: r.id }, order: { staffId: 'ASC', day: 'ASC' } });
        out.push(`${r.divisionId}:${r.objective}:${cells.map((c) => `${c.staffId}/${c.day}/${c.mode}/${c.counterId ?? ''}`).join(',')}`);
      }
      return out.join(' ');
    };
    const generate = async (division: string) => {
      const chief = await s.loginAs(`${division}-kacho`);
      await chief.goto(`${base}/divisions/${division}/weeks/${NEXT_WEEK}`);
      await Promise.all([chief.waitForLoadState('load'), chief.click('form[action$="/generate"] button')]);
      await chief.waitForSelector('.flash.ok');
      await chief.close();
    };
    const clear = () => s.t.db.write((w) => w.delete(RosterEntity, { week: NEXT_WEEK }));
    await clear();
    await generate(a);
    await generate(b);
    const first = await result();
    await clear();
    await generate(b);
    await generate(a);
    expect(await result()).toBe(first);
    expect(first).toMatch(/^jumin:-?\d+:.+ zeimu:-?\d+:.+$/);
  });
});
