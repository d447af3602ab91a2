/**
 * No silent overwrite: every HR form that edits a stored thing (a person,
 * a counter, a counter's per-day minimum, the policy) carries the revision it
 * was built from. Two HR editors alternate 50 edits on each form: the one
 * with the older page gets 409 and nothing changes, reloads and saves; every
 * acknowledged edit is the one stored at that moment (0 silent reverts).
 * Saves sent at the same instant with the same revision: exactly one passes.
 * Creating what already exists, and deleting what is already gone, get a
 * clear message and never a 500.
 */
import { actorOf } from '../../src/app/accounts/accounts';
import { commitImport, currentStaffCsv, encodeForForm } from '../../src/app/organisation/staff-import';
import {
  AccountEntity,
  AuditEntity,
  ClosureDayEntity,
  CounterEntity,
  CounterOverrideEntity,
  DivisionEntity,
  PolicyEntity,
  StaffEntity,
} from '../../src/persistence/entities';
import { Agent, csrfToken, DATABASES, issueLoginLink, login, revisionIn, setPasswordByLink, startTestApp, TestApp } from '../support/web';

const EDITS = 50;
const PERSON = 't0010';
const COUNTER = 'jumin-juminhyo';
const DAY = '2026-12-09';

/** One editing form: where it is, how to read its revision from the page, a body for edit i, and what is stored. */
interface EditableForm {
  readonly page: string;
  readonly action: string;
  readonly revision: (html: string) => string;
  readonly body: (i: number) => Promise<Record<string, string | string[]>>;
  readonly stored: () => Promise<string>;
  readonly expected: (i: number) => string;
}

/** The first `name="revision"` after `marker` in a page. */
function revisionAfter(html: string, marker: string): string {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker} on the page`);
  return revisionIn(html.slice(at));
}

describe.each(DATABASES)('no silent overwrite on %s', (kind) => {
  let t: TestApp;
  let a: Agent;
  let b: Agent;
  const m = () => t.db.manager;

  beforeAll(async () => {
    t = await startTestApp(kind);
    a = await login(t.app, 'jinji');
    // A second HR account, made through the staff form.
    const hr = await m().findOneByOrFail(StaffEntity, { id: (await m().findOneByOrFail(AccountEntity, { loginId: 'jinji' })).staffId });
    const created = await a
      .post('/hr/staff/new')
      .type('form')
      .send({
        _csrf: await csrfToken(a, '/hr/staff/new'),
        id: 'hr2',
        name: '人事 二郎',
        divisionId: hr.divisionId,
        jobType: '一般事務',
        role: 'hr',
        active: 'on',
      });
    expect(created.status).toBe(302);
    b = await setPasswordByLink(t.app, await issueLoginLink(a, 'hr2'));
  }, 60_000);
  afterAll(async () => t.close());

  const staffForm: EditableForm = {
    page: `/hr/staff/${PERSON}`,
    action: `/hr/staff/${PERSON}`,
    revision: revisionIn,
    body: async (i) => {
      const s = await m().findOneOrFail(StaffEntity, { where: { id: PERSON }, relations: { counters: true } });
      const { role } = await m().findOneByOrFail(AccountEntity, { staffId: PERSON });
      return {
        name: `編集 ${i}号`,
        divisionId: s.divisionId,
        jobType: s.jobType,
        maxTeleworkDays: String(i % 6),
        active: 'on',
        role,
        counters: (s.counters ?? []).map((c) => c.id),
        email: '',
      };
    },
    stored: async () => {
      const s = await m().findOneByOrFail(StaffEntity, { id: PERSON });
      return `${s.name}|${s.maxTeleworkDays}`;
    },
    expected: (i) => `編集 ${i}号|${i % 6}`,
  };

  const counterForm: EditableForm = {
    page: '/hr/counters',
    action: `/hr/counters/${COUNTER}`,
    revision: (html) => revisionAfter(html, `action="/hr/counters/${COUNTER}#counter-${COUNTER}"`),
    body: (i) => Promise.resolve({ name: `住民票窓口 ${i}`, min1: String(i % 7), min2: '1', min3: '1', min4: '1', min5: '2' }),
    stored: async () => {
      const c = await m().findOneByOrFail(CounterEntity, { id: COUNTER });
      return `${c.name}|${c.minByWeekday.join(',')}`;
    },
    expected: (i) => `住民票窓口 ${i}|${i % 7},1,1,1,2,0,0`,
  };

  const overrideForm: EditableForm = {
    page: '/hr/counters',
    action: `/hr/counters/${COUNTER}/overrides`,
    revision: (html) => revisionAfter(html, `name="day" value="${DAY}"`),
    body: (i) => Promise.resolve({ day: DAY, min: String((i % 50) + 1) }),
    stored: async () => String((await m().findOneByOrFail(CounterOverrideEntity, { counterId: COUNTER, day: DAY })).min),
    expected: (i) => String((i % 50) + 1),
  };

  const policyForm: EditableForm = {
    page: '/hr/policy',
    action: '/hr/policy',
    revision: revisionIn,
    body: async (i) => {
      const p = await m().findOneByOrFail(PolicyEntity, { id: 1 });
      const divisions = await m().find(DivisionEntity);
      return {
        maxTeleworkDays: String(p.maxTeleworkDays),
        licencesPerDay: String(100 + i),
        deadlineWeekday: String(p.deadlineWeekday),
        deadlineTime: p.deadlineTime,
        ...Object.fromEntries(p.rankWeights.map((w, r) => [`rank${r + 1}`, String(w)])),
        caregivingPriority: String(p.caregivingPriority),
        fairnessPerDenial: String(p.fairnessPerDenial),
        fairnessMax: String(p.fairnessMax),
        fairnessWeeks: String(p.fairnessWeeks),
        spreadBonus: p.spreadBonus.join(', '),
        nonTeleworkJobTypes: p.nonTeleworkJobTypes.join('\n'),
        ...Object.fromEntries(divisions.map((d) => [`terminals_${d.id}`, d.terminals === null ? '' : String(d.terminals)])),
      };
    },
    stored: async () => String((await m().findOneByOrFail(PolicyEntity, { id: 1 })).licencesPerDay),
    expected: (i) => String(100 + i),
  };

  /** What an agent saw when it (re)loaded the form. */
  async function open(agent: Agent, form: EditableForm): Promise<{ revision: string; csrf: string }> {
    const res = await agent.get(form.page);
    expect(res.status).toBe(200);
    return { revision: form.revision(res.text), csrf: /name="_csrf" value="([^"]+)"/.exec(res.text)![1] };
  }

  async function save(agent: Agent, form: EditableForm, seen: { revision: string; csrf: string }, i: number) {
    return agent
      .post(form.action)
      .type('form')
      .send({ _csrf: seen.csrf, revision: seen.revision, ...(await form.body(i)) });
  }

  it.each([
    ['the staff form', staffForm],
    ['a counter', counterForm],
    ['a counter’s per-day minimum', overrideForm],
    ['the policy', policyForm],
  ])(
    'two editors × %s: 50 interleaved edits, 0 silent reverts',
    async (_name, form) => {
      if (form === overrideForm) {
        const made = await a
          .post(form.action)
          .type('form')
          .send({ _csrf: await csrfToken(a, '/hr/counters'), day: DAY, min: '9', revision: 'none' });
        expect(made.status).toBe(302);
      }
      const seen = new Map<Agent, { revision: string; csrf: string }>([
        [a, await open(a, form)],
        [b, await open(b, form)],
      ]);
      let acknowledged = 0;
      let refused = 0;
      let silentReverts = 0;
      for (let i = 0; i < EDITS; i++) {
        const editor = i % 2 === 0 ? a : b;
        const before = await form.stored();
        let res = await save(editor, form, seen.get(editor)!, i);
        if (i > 0) {
          // The other editor saved since this page was opened.
          expect(res.status).toBe(409);
          expect(res.text).toContain('あなたがこの画面を開いた後に');
          expect(res.text).toMatch(/保存していません/);
          expect(await form.stored()).toBe(before);
          refused++;
          seen.set(editor, await open(editor, form));
          res = await save(editor, form, seen.get(editor)!, i);
        }
        expect(res.status).toBe(302);
        acknowledged++;
        if ((await form.stored()) !== form.expected(i)) silentReverts++;
      }
      expect({ acknowledged, refused, silentReverts }).toEqual({ acknowledged: EDITS, refused: EDITS - 1, silentReverts: 0 });
      expect(await form.stored()).toBe(form.expected(EDITS - 1));
    },
    120_000,
  );

  it('lets exactly one of two saves sent at once with the same revision through', async () => {
    for (const form of [staffForm, counterForm, overrideForm, policyForm]) {
      for (let round = 0; round < 5; round++) {
        const [seenA, seenB] = [await open(a, form), await open(b, form)];
        expect(seenA.revision).toBe(seenB.revision);
        const [ra, rb] = await Promise.all([save(a, form, seenA, 1000 + round * 2), save(b, form, seenB, 1001 + round * 2)]);
        expect([ra.status, rb.status].sort()).toEqual([302, 409]);
        const winner = ra.status === 302 ? 1000 + round * 2 : 1001 + round * 2;
        expect(await form.stored()).toBe(form.expected(winner));
      }
    }
  }, 120_000);

  it('shows the form again after a conflict with what was typed, the differences, and the saved revision', async () => {
    const stale = await open(b, staffForm);
    expect((await save(a, staffForm, await open(a, staffForm), 2000)).status).toBe(302);
    const res = await b
      .post(staffForm.action)
      .type('form')
      .send({ _csrf: stale.csrf, revision: stale.revision, ...(await staffForm.body(2001)), name: 'Bの入力' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('value="Bの入力"');
    expect(res.text).toContain('氏名: 保存済み「編集 2000号」／あなたの入力「Bの入力」');
    const fresh = (await m().findOneByOrFail(StaffEntity, { id: PERSON })).revision;
    expect(revisionIn(res.text)).toBe(String(fresh));
    // A form without its revision is refused as well.
    const none = await b
      .post(staffForm.action)
      .type('form')
      .send({ _csrf: stale.csrf, ...(await staffForm.body(2002)) });
    expect(none.status).toBe(422);
    expect(none.text).toContain('フォームの版番号がありません');
    expect((await m().findOneByOrFail(StaffEntity, { id: PERSON })).name).toBe('編集 2000号');
  });

  it('makes an open staff form stale when the CSV import changes the person', async () => {
    const seen = await open(a, staffForm);
    const hr = (await actorOf(m(), (await m().findOneByOrFail(AccountEntity, { loginId: 'jinji' })).id))!;
    const lines = (await currentStaffCsv(m(), hr)).replace(/^\uFEFF/, '').split('\r\n');
    const cells = lines.find((l) => l.startsWith(`${PERSON},`))!.split(',');
    cells[1] = '取込 改名';
    const result = await commitImport(t.db, hr, encodeForForm([lines[0], cells.join(',')].join('\n')));
    expect(result).toMatchObject({ ok: true, updated: 1 });
    const res = await save(a, staffForm, seen, 3000);
    expect(res.status).toBe(409);
    expect((await m().findOneByOrFail(StaffEntity, { id: PERSON })).name).toBe('取込 改名');
  });

  it('refuses a staff id or counter id created twice at once with a clear message, not a 500', async () => {
    const person = async (agent: Agent) =>
      agent
        .post('/hr/staff/new')
        .type('form')
        .send({
          _csrf: await csrfToken(agent, '/hr/staff/new'),
          id: 'dup1',
          name: `同時 ${agent === a ? 'A' : 'B'}`,
          divisionId: 'jumin',
          jobType: '一般事務',
          role: 'staff',
          active: 'on',
        });
    const people = await Promise.all([person(a), person(b)]);
    expect(people.map((r) => r.status).sort()).toEqual([302, 422]);
    expect(people.find((r) => r.status === 422)!.text).toContain('「職員番号」dup1 はすでに登録されています');
    expect(await m().countBy(StaffEntity, { id: 'dup1' })).toBe(1);

    const counter = async (agent: Agent) =>
      agent
        .post('/hr/counters/new')
        .type('form')
        .send({
          _csrf: await csrfToken(agent, '/hr/counters'),
          id: 'dup-counter',
          divisionId: 'jumin',
          name: '同時窓口',
          min1: '1',
          min2: '1',
          min3: '1',
          min4: '1',
          min5: '1',
        });
    const counters = await Promise.all([counter(a), counter(b)]);
    expect(counters.map((r) => r.status).sort()).toEqual([302, 422]);
    expect(counters.find((r) => r.status === 422)!.text).toContain('「窓口ID」dup-counter はすでに使われています');

    // The same date's per-day minimum, set from two pages that showed none.
    const day = '2026-12-10';
    const override = async (agent: Agent, min: string) =>
      agent
        .post(`/hr/counters/${COUNTER}/overrides`)
        .type('form')
        .send({ _csrf: await csrfToken(agent, '/hr/counters'), day, min, revision: 'none' });
    const overrides = await Promise.all([override(a, '4'), override(b, '5')]);
    expect(overrides.map((r) => r.status).sort()).toEqual([302, 409]);
    const kept = (await m().findOneByOrFail(CounterOverrideEntity, { counterId: COUNTER, day })).min;
    expect(kept).toBe(overrides[0].status === 302 ? 4 : 5);
  });

  it('answers a clear message, not a 500, when deleting what someone else already deleted or changed', async () => {
    // A closure day added twice and deleted twice.
    const day = '2026-12-16';
    const add = async (agent: Agent) =>
      agent
        .post('/hr/closures')
        .type('form')
        .send({ _csrf: await csrfToken(agent, '/hr/policy'), day, name: '臨時閉庁' });
    expect((await Promise.all([add(a), add(b)])).map((r) => r.status).sort()).toEqual([302, 422]);
    const del = async (agent: Agent) =>
      agent
        .post(`/hr/closures/${day}/delete`)
        .type('form')
        .send({ _csrf: await csrfToken(agent, '/hr/policy') });
    const first = await del(a);
    expect(first.status).toBe(302);
    const second = await del(b);
    expect(second.status).toBe(409);
    expect(second.text).toContain('すでに閉庁日から外されています');
    expect(await m().countBy(ClosureDayEntity, { day })).toBe(0);

    // A per-day minimum: B's page is older than A's change, then A deletes it.
    const row = await m().findOneByOrFail(CounterOverrideEntity, { counterId: COUNTER, day: DAY });
    const oldPage = await b.get('/hr/counters');
    const oldRevision = revisionAfter(oldPage.text, `/overrides/${row.id}/delete`);
    const csrfB = /name="_csrf" value="([^"]+)"/.exec(oldPage.text)![1];
    const seen = await open(a, overrideForm);
    expect((await save(a, overrideForm, seen, 7)).status).toBe(302);
    const stale = await b
      .post(`/hr/counters/${COUNTER}/overrides/${row.id}/delete`)
      .type('form')
      .send({ _csrf: csrfB, revision: oldRevision });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('あなたがこの画面を開いた後に');
    expect(await m().countBy(CounterOverrideEntity, { id: row.id })).toBe(1);
    const fresh = revisionAfter((await a.get('/hr/counters')).text, `/overrides/${row.id}/delete`);
    const deleted = await a
      .post(`/hr/counters/${COUNTER}/overrides/${row.id}/delete`)
      .type('form')
      .send({ _csrf: await csrfToken(a, '/hr/counters'), revision: fresh });
    expect(deleted.status).toBe(302);
    const again = await b
      .post(`/hr/counters/${COUNTER}/overrides/${row.id}/delete`)
      .type('form')
      .send({ _csrf: await csrfToken(b, '/hr/counters'), revision: fresh });
    expect(again.status).toBe(409);
    expect(again.text).toContain('この日別の設定は、すでに取り消されています');
    expect(await m().countBy(AuditEntity, { action: 'counter-override-delete' })).toBe(1);
  });
});
