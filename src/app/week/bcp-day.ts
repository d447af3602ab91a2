/**
 * BCP as an operation (出勤困難時の対応): HR (for the organisation) or a chief
 * (for their division) enters who actually cannot come on a day, sees which
 * counters stay open with whom, who teleworks and who is on leave, and
 * applies it to the day's rosters in one confirmed step.
 *
 * Who cannot come teleworks when they may (job type, the week's maximum, the
 * day's licences and their division's terminals allow it; those who cannot
 * come take priority over planned telework of people who can), and is on
 * leave otherwise. Only that day is re-solved (same-day.ts): counters are
 * staffed from those who can come, the other days stay as published, and
 * every published change is published at once and told.
 */
import { createHash } from 'crypto';
import { EntityManager, In } from 'typeorm';
import { weekOf } from '../../domain/calendar';
import { dayJa } from '../../domain/explanation';
import { counterMin, IsoDate, licencesOn, maxDaysOf, Problem } from '../../domain/rotation';
import { Database } from '../../persistence/database';
import { AbsenceEntity, DivisionEntity, PinEntity, StaffEntity } from '../../persistence/entities';
import { Actor, assertHr, assertManages } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { Clock, todayOf } from '../calendar';
import { conflict, invalid } from '../errors';
import { notify } from '../notifications/notify';
import { changeNotices, DayChange } from './day-changes';
import { solveOrganisation } from './organisation-solve';
import { openDaysOf } from './problem';
import { commitDay, dryRun } from './same-day';

/** The form as sent: the day, the people ticked, and a pasted list of staff ids. */
export interface BcpDayInput {
  readonly day: string;
  readonly staffIds: readonly string[];
  readonly pasted: string;
  /** The digest of the plan the person confirmed (apply only). */
  readonly digest?: string;
}

export interface BcpPersonLine {
  readonly id: string;
  readonly name: string;
  readonly division: string;
}

export type BcpCounterStatus = 'open' | 'reduced' | 'closed';

export interface BcpDayPlan {
  readonly day: IsoDate;
  readonly label: string;
  /** null = the whole organisation. */
  readonly divisionId: string | null;
  readonly unreachable: readonly BcpPersonLine[];
  readonly teleworking: readonly BcpPersonLine[];
  readonly onLeave: readonly (BcpPersonLine & { readonly why: string })[];
  readonly counters: readonly {
    readonly name: string;
    readonly division: string;
    readonly required: number;
    readonly staff: readonly string[];
    readonly status: BcpCounterStatus;
  }[];
  readonly counts: Readonly<Record<BcpCounterStatus, number>>;
  /** Published days that change (the people told when it is applied). */
  readonly changes: readonly DayChange[];
  readonly published: number;
  /** Identifies this plan: applying checks that nothing changed since it was shown. */
  readonly digest: string;
}

const MAX_IDS = 5000;

/** The people to choose from, by division: a chief's own division, or the organisation for HR. */
export async function bcpChoices(
  m: EntityManager,
  actor: Actor,
  divisionId: string | null,
): Promise<{ readonly id: string; readonly name: string; readonly people: readonly { readonly id: string; readonly name: string }[] }[]> {
  if (divisionId === null) assertHr(actor);
  else assertManages(actor, divisionId);
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const staff = await m.find(StaffEntity, {
    where: divisionId === null ? { active: true } : { active: true, divisionId },
    order: { id: 'ASC' },
  });
  return divisions
    .filter((d) => divisionId === null || d.id === divisionId)
    .map((d) => ({ id: d.id, name: d.name, people: staff.filter((s) => s.divisionId === d.id).map((s) => ({ id: s.id, name: s.name })) }));
}

export async function previewBcpDay(
  db: Database,
  actor: Actor,
  divisionId: string | null,
  input: BcpDayInput,
  clock: Clock,
): Promise<BcpDayPlan> {
  const { day, ids } = await readInput(db.manager, actor, divisionId, input, clock);
  return dryRun(db, [weekOf(day)], (m) => planIn(m, actor, divisionId, todayOf(clock), day, ids, false));
}

export async function applyBcpDay(
  db: Database,
  actor: Actor,
  divisionId: string | null,
  input: BcpDayInput,
  clock: Clock,
): Promise<BcpDayPlan> {
  const { day, ids } = await readInput(db.manager, actor, divisionId, input, clock);
  return db.write(
    async (m) => {
      return planIn(m, actor, divisionId, todayOf(clock), day, ids, true, input.digest ?? '');
    },
    [weekOf(day)],
  );
}

/** Checks the form and names every problem; nothing is read into the rosters when one is found. */
async function readInput(
  m: EntityManager,
  actor: Actor,
  divisionId: string | null,
  input: BcpDayInput,
  clock: Clock,
): Promise<{ day: IsoDate; ids: string[] }> {
  if (divisionId === null) assertHr(actor);
  else assertManages(actor, divisionId);
  const problems: string[] = [];
  const today = todayOf(clock);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(input.day.trim()) ? input.day.trim() : null;
  if (day === null) problems.push('「日付」を 2026-12-03 の形で入力してください。');
  else if (day < today) problems.push(`「日付」${dayJa(day)}は過ぎた日のため、BCPの適用はできません。`);
  else if (!(await openDaysOf(m, weekOf(day))).includes(day)) problems.push(`「日付」${dayJa(day)}は開庁日ではありません。`);
  const tokens = [...input.staffIds, ...input.pasted.split(/[\s,、，;；]+/)].map((t) => t.trim()).filter((t) => t !== '');
  const ids = [...new Set(tokens)];
  if (ids.length === 0) problems.push('出勤できない職員を選ぶか、職員番号を貼り付けてください。');
  if (ids.length > MAX_IDS) problems.push(`職員番号が多すぎます（${ids.length}件、上限${MAX_IDS}件）。`);
  else if (ids.length) {
    const found = new Map((await m.find(StaffEntity, { where: { id: In(ids) } })).map((s) => [s.id, s]));
    for (const id of ids) {
      const s = found.get(id);
      const shown = id.length > 32 ? `${id.slice(0, 32)}…` : id;
      if (!s) problems.push(`職員番号「${shown}」は登録されていません。`);
      else if (!s.active) problems.push(`職員番号「${shown}」（${s.name}）は現在在籍していません。`);
      else if (divisionId !== null && s.divisionId !== divisionId)
        problems.push(`職員番号「${shown}」（${s.name}）はこの課の職員ではありません。`);
    }
  }
  if (problems.length) throw invalid('BCPの計画を作れませんでした。次の点を直してください。', problems);
  return { day: day!, ids };
}

async function planIn(
  m: EntityManager,
  actor: Actor,
  divisionId: string | null,
  today: IsoDate,
  day: IsoDate,
  ids: readonly string[],
  apply: boolean,
  digest = '',
): Promise<BcpDayPlan> {
  const week = weekOf(day);
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const edited = divisionId === null ? divisions.map((d) => d.id) : [divisionId];
  const away = new Set(ids);
  await m.delete(PinEntity, { staffId: In([...away]), day });
  await m.delete(AbsenceEntity, { staffId: In([...away]), day });

  const teleworking = new Set<string>();
  const onLeave = new Map<string, string>();
  const solved = await solveOrganisation(m, week, today, edited, {
    onlyDay: day,
    adjust: (p) => decide(p, day, away, teleworking, onLeave),
  });
  for (const id of teleworking) await m.insert(PinEntity, { staffId: id, day, mode: 'telework', createdBy: actor.loginId });
  for (const id of onLeave.keys()) await m.insert(AbsenceEntity, { staffId: id, day, createdBy: actor.loginId });
  const committed = await commitDay(m, actor, week, solved, edited, day, 'bcp-apply', 'bcp');

  const staff = new Map(solved.problem.staff.map((s) => [s.id, s]));
  const divisionName = new Map(divisions.map((d) => [d.id, d.name]));
  const line = (id: string): BcpPersonLine => ({
    id,
    name: staff.get(id)?.name ?? id,
    division: divisionName.get(staff.get(id)?.division ?? '') ?? '',
  });
  const inScope = new Set(edited);
  const counters = solved.problem.counters
    .filter((c) => inScope.has(c.division) && counterMin(c, day) > 0)
    .map((c) => {
      const people = solved.roster.assignments
        .filter((a) => a.day === day && a.counter === c.id)
        .map((a) => staff.get(a.staff)?.name ?? a.staff);
      const required = counterMin(c, day);
      const status: BcpCounterStatus = people.length >= required ? 'open' : people.length === 0 ? 'closed' : 'reduced';
      return { name: c.name, division: divisionName.get(c.division) ?? c.division, required, staff: people, status };
    });
  const severity = { closed: 0, reduced: 1, open: 2 } as const;
  counters.sort((a, b) => severity[a.status] - severity[b.status]);
  const counts = { open: 0, reduced: 0, closed: 0 };
  for (const c of counters) counts[c.status]++;
  const plan = {
    day,
    label: dayJa(day),
    divisionId,
    unreachable: ids.map(line),
    teleworking: [...teleworking].map(line),
    onLeave: [...onLeave.entries()].map(([id, why]) => ({ ...line(id), why })),
    counters,
    counts,
    changes: committed.changes,
    published: committed.published.length,
  };
  const own = createHash('sha256')
    .update(JSON.stringify([plan.teleworking, plan.onLeave, plan.counters, plan.changes]))
    .digest('hex')
    .slice(0, 32);
  if (apply) {
    if (digest !== own) {
      throw conflict(
        '確認の画面を表示した後に、勤務表・希望・休暇のいずれかが変わりました。適用していません。もう一度確認してから適用してください。',
      );
    }
    await notify(m, changeNotices(committed.changes, 'bcp', `${dayJa(day)}のBCP（出勤困難時の対応）のため`));
    await audit(m, actor.loginId, 'bcp-apply', 'day', divisionId === null ? day : `${divisionId}|${day}`, null, {
      unreachable: ids.length,
      telework: teleworking.size,
      leave: onLeave.size,
      closed: counts.closed,
      reduced: counts.reduced,
      published: committed.published.length,
    });
  }
  return { ...plan, digest: own };
}

/**
 * Who of those who cannot come teleworks: in the organisation's order, while
 * the day's licences, their division's terminals and their week's maximum
 * allow (telework already fixed by a chief counts first). The others are on
 * leave that day.
 */
function decide(p: Problem, day: IsoDate, away: ReadonlySet<string>, teleworking: Set<string>, onLeave: Map<string, string>): Problem {
  teleworking.clear();
  onLeave.clear();
  let licences = licencesOn(p.policy, day);
  const terminals = new Map(p.divisions.filter((d) => d.terminals !== undefined).map((d) => [d.id, d.terminals!]));
  for (const s of p.staff) {
    if (away.has(s.id) || s.pinned?.[day] !== 'telework') continue;
    licences--;
    if (terminals.has(s.division)) terminals.set(s.division, terminals.get(s.division)! - 1);
  }
  const staff = p.staff.map((s) => {
    if (!away.has(s.id)) return s;
    const others = Object.entries(s.pinned ?? {}).filter(([d, mode]) => d !== day && mode === 'telework').length;
    const max = maxDaysOf(p, s);
    const left = terminals.get(s.division);
    const why = !s.canTelework
      ? 'テレワーク対象外の職種'
      : others >= max
        ? `今週の在宅勤務が上限（${max}日）`
        : licences <= 0
          ? 'ライセンスが不足'
          : left !== undefined && left <= 0
            ? '課の端末が不足'
            : null;
    const pinned = { ...(s.pinned ?? {}) };
    delete pinned[day];
    if (why === null) {
      teleworking.add(s.id);
      licences--;
      if (left !== undefined) terminals.set(s.division, left - 1);
      return { ...s, pinned: { ...pinned, [day]: 'telework' as const } };
    }
    onLeave.set(s.id, why);
    return {
      ...s,
      pinned,
      absent: [...s.absent.filter((d) => d !== day), day].sort(),
      requests: s.requests.filter((r) => r.day !== day),
    };
  });
  return { ...p, staff };
}
