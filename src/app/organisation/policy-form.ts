/**
 * HR's policy page: the weekly maximum, licences, terminals per division, the
 * request deadline, the weights, the job types that cannot telework, and the
 * closure days beyond the national holidays.
 *
 * The form travels as text (`PolicyInput`) both ways, so a rejected form is
 * shown again exactly as typed. Saving checks the revision the form was built
 * from: when someone else saved meanwhile nothing is written, and the page
 * lists where the saved policy and the person's input differ.
 */
import { EntityManager } from 'typeorm';
import { weekOf } from '../../domain/calendar';
import { Database } from '../../persistence/database';
import { ClosureDayEntity, DivisionEntity, PolicyEntity, RosterEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { AppError, conflict, invalid, notFound } from '../errors';
import { alwaysClosedBecause, clean, readDate, readInt, readOptionalInt, readText, trimText, WEEKDAY_LABELS } from '../form-input';
import type { PolicyValues } from './policy';
import { isUniqueViolation } from './revision';

export const RANKS = 5;
const MAX_WEIGHT = 1000;

/** The policy form as typed: one string per input. */
export interface PolicyInput {
  readonly maxTeleworkDays: string;
  readonly licencesPerDay: string;
  readonly deadlineWeekday: string;
  readonly deadlineTime: string;
  readonly rankWeights: readonly string[];
  readonly caregivingPriority: string;
  readonly fairnessPerDenial: string;
  readonly fairnessMax: string;
  readonly fairnessWeeks: string;
  readonly spreadBonus: string;
  readonly nonTeleworkJobTypes: string;
  /** Division id → typed terminals; a division missing here keeps its value. */
  readonly terminals: Readonly<Record<string, string | undefined>>;
  readonly revision: string;
}

export interface PolicyPage {
  readonly policy: PolicyEntity;
  readonly divisions: readonly DivisionEntity[];
  readonly closures: readonly (ClosureDayEntity & { readonly week: string })[];
  readonly input: PolicyInput;
}

export const LABELS = {
  maxTeleworkDays: '週の在宅勤務の上限日数',
  licencesPerDay: '1日あたりのリモート接続ライセンス数',
  deadlineWeekday: '申請締切の曜日',
  deadlineTime: '申請締切の時刻',
  rankWeight: (i: number) => `第${i + 1}希望の重み`,
  caregivingPriority: '介護・育児の優先加点',
  fairnessPerDenial: '却下1件あたりの公平性加点',
  fairnessMax: '公平性加点の上限',
  fairnessWeeks: '公平性で振り返る週数',
  spreadBonus: '分散ボーナス',
  nonTeleworkJobTypes: 'テレワーク対象外の職種',
  terminals: (name: string) => `${name}の共用端末数`,
} as const;

export async function policyPage(m: EntityManager, actor: Actor): Promise<PolicyPage> {
  assertHr(actor);
  const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
  const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
  const closures = await m.find(ClosureDayEntity, { order: { day: 'ASC' } });
  return { policy, divisions, closures: closures.map((c) => ({ ...c, week: weekOf(c.day) })), input: inputOf(policy, divisions) };
}

/** The saved policy as the form shows it. */
export function inputOf(policy: PolicyEntity, divisions: readonly DivisionEntity[]): PolicyInput {
  return {
    maxTeleworkDays: String(policy.maxTeleworkDays),
    licencesPerDay: policy.licencesPerDay === null ? '' : String(policy.licencesPerDay),
    deadlineWeekday: String(policy.deadlineWeekday),
    deadlineTime: policy.deadlineTime,
    rankWeights: Array.from({ length: RANKS }, (_, i) =>
      String(policy.rankWeights[i] ?? policy.rankWeights[policy.rankWeights.length - 1] ?? ''),
    ),
    caregivingPriority: String(policy.caregivingPriority),
    fairnessPerDenial: String(policy.fairnessPerDenial),
    fairnessMax: String(policy.fairnessMax),
    fairnessWeeks: String(policy.fairnessWeeks),
    spreadBonus: policy.spreadBonus.join(', '),
    nonTeleworkJobTypes: policy.nonTeleworkJobTypes.join('\n'),
    terminals: Object.fromEntries(divisions.map((d) => [d.id, d.terminals === null ? '' : String(d.terminals)])),
    revision: String(policy.revision),
  };
}

export interface ParsedPolicy {
  readonly values: PolicyValues;
  /** Divisions whose terminals field was sent: the new value (null = no limit). */
  readonly terminals: ReadonlyMap<string, number | null>;
}

/** Every field checked; all problems at once, or the values. */
export function parsePolicy(input: PolicyInput, divisions: readonly DivisionEntity[]): ParsedPolicy {
  const p: string[] = [];
  const maxTeleworkDays = readInt(input.maxTeleworkDays, LABELS.maxTeleworkDays, 0, 5, p);
  const licencesPerDay = readOptionalInt(input.licencesPerDay, LABELS.licencesPerDay, 0, 100000, p);
  const deadlineWeekday = readInt(input.deadlineWeekday, LABELS.deadlineWeekday, 1, 7, p);
  const deadlineTime = readTime(input.deadlineTime, LABELS.deadlineTime, p);
  const rankWeights = Array.from({ length: RANKS }, (_, i) => readInt(input.rankWeights[i] ?? '', LABELS.rankWeight(i), 1, MAX_WEIGHT, p));
  const caregivingPriority = readInt(input.caregivingPriority, LABELS.caregivingPriority, 0, MAX_WEIGHT, p);
  const fairnessPerDenial = readInt(input.fairnessPerDenial, LABELS.fairnessPerDenial, 0, MAX_WEIGHT, p);
  const fairnessMax = readInt(input.fairnessMax, LABELS.fairnessMax, 0, MAX_WEIGHT, p);
  const fairnessWeeks = readInt(input.fairnessWeeks, LABELS.fairnessWeeks, 0, 26, p);
  const spreadBonus = readSpreadBonus(input.spreadBonus, p);
  const nonTeleworkJobTypes = readJobTypes(input.nonTeleworkJobTypes, p);
  const terminals = new Map<string, number | null>();
  for (const d of divisions) {
    const text = input.terminals[d.id];
    if (text === undefined) continue;
    const n = readOptionalInt(text, LABELS.terminals(d.name), 0, 1000, p);
    if (n !== undefined) terminals.set(d.id, n);
  }
  if (p.length) throw invalid('方針を保存できませんでした。次の項目を直してください。何も保存していません。', p);
  return {
    values: {
      maxTeleworkDays: maxTeleworkDays!,
      licencesPerDay: licencesPerDay!,
      deadlineWeekday: deadlineWeekday!,
      deadlineTime: deadlineTime!,
      rankWeights: rankWeights as number[],
      caregivingPriority: caregivingPriority!,
      fairnessPerDenial: fairnessPerDenial!,
      fairnessMax: fairnessMax!,
      fairnessWeeks: fairnessWeeks!,
      spreadBonus: spreadBonus!,
      nonTeleworkJobTypes: nonTeleworkJobTypes!,
    },
    terminals,
  };
}

function readTime(text: string, label: string, p: string[]): string | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(clean(text));
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    p.push(
      clean(text) === ''
        ? `「${label}」を入力してください（例: 12:00）。`
        : `「${label}」は 00:00〜23:59 の時刻で入力してください（入力: ${clean(text).slice(0, 20)}）。`,
    );
    return undefined;
  }
  return `${m[1].padStart(2, '0')}:${m[2]}`;
}

/** `20, 10`: points for a person's 1st, 2nd … telework day; never increasing. */
function readSpreadBonus(text: string, p: string[]): number[] | undefined {
  const label = LABELS.spreadBonus;
  const parts = clean(text)
    .split(/[\s,、]+/)
    .filter((x) => x !== '');
  if (parts.length > RANKS) {
    p.push(`「${label}」は${RANKS}個までにしてください（${parts.length}個）。`);
    return undefined;
  }
  const out: number[] = [];
  for (const [i, part] of parts.entries()) {
    const n = /^\d+$/.test(part) ? Number(part) : NaN;
    if (!Number.isSafeInteger(n) || n > MAX_WEIGHT) {
      p.push(`「${label}」の${i + 1}番目（${part.slice(0, 20)}）は0〜${MAX_WEIGHT}の整数にしてください。`);
      return undefined;
    }
    if (out.length && n > out[out.length - 1]) {
      p.push(`「${label}」は前の値以下の数を並べてください（${i + 1}番目の ${n} が ${out[out.length - 1]} より大きい）。`);
      return undefined;
    }
    out.push(n);
  }
  return out;
}

/** One job type per line, or separated by commas. */
function readJobTypes(text: string, p: string[]): string[] | undefined {
  const label = LABELS.nonTeleworkJobTypes;
  const items = text
    .split(/[\n\r,、，]+/)
    .map(trimText)
    .filter((x) => x !== '');
  const long = items.find((x) => x.length > 50);
  if (long) {
    p.push(`「${label}」の各職種は50文字以内にしてください（${long.slice(0, 20)}…）。`);
    return undefined;
  }
  if (items.length > 100) {
    p.push(`「${label}」は100件までにしてください。`);
    return undefined;
  }
  return [...new Set(items)];
}

export interface SaveResult {
  readonly changed: readonly string[];
  readonly revision: number;
}

/** Saves the whole form in one transaction, or nothing. */
export async function savePolicy(db: Database, actor: Actor, input: PolicyInput): Promise<SaveResult> {
  assertHr(actor);
  const seen = Number(input.revision);
  return db.write(
    async (m) => {
      const policy = await m.findOneByOrFail(PolicyEntity, { id: 1 });
      const divisions = await m.find(DivisionEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
      if (!Number.isInteger(seen) || seen < 1) throw invalid('フォームの版番号がありません。画面を読み込み直してください。');
      if (seen !== policy.revision) throw policyConflict(policy, divisions, input);
      const parsed = parsePolicy(input, divisions);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const changed: string[] = [];
      for (const key of Object.keys(parsed.values) as (keyof PolicyValues)[]) {
        if (JSON.stringify(policy[key]) !== JSON.stringify(parsed.values[key])) {
          before[key] = policy[key];
          after[key] = parsed.values[key];
          changed.push(fieldLabel(key));
        }
      }
      for (const d of divisions) {
        const next = parsed.terminals.get(d.id);
        if (next === undefined || next === d.terminals) continue;
        before[`terminals:${d.id}`] = d.terminals;
        after[`terminals:${d.id}`] = next;
        changed.push(LABELS.terminals(d.name));
        // The division's own form (所属課) edits terminals too: one opened before this save is refused.
        await m.update(DivisionEntity, { id: d.id }, { terminals: next, revision: () => 'revision + 1' });
      }
      if (changed.length === 0) return { changed, revision: policy.revision };
      const revision = policy.revision + 1;
      // Only if still at the revision the form was built from: two concurrent saves cannot both pass.
      const saved = await m.update(
        PolicyEntity,
        { id: 1, revision: seen },
        { ...parsed.values, revision, updatedBy: actor.loginId, updatedAt: new Date().toISOString() },
      );
      if (saved.affected !== 1) throw policyConflict(await m.findOneByOrFail(PolicyEntity, { id: 1 }), divisions, input);
      await audit(m, actor.loginId, 'policy-update', 'policy', '1', { revision: policy.revision, ...before }, { revision, ...after });
      return { changed, revision };
    },
    ['policy'],
  );
}

function fieldLabel(key: keyof PolicyValues): string {
  if (key === 'rankWeights') return '希望順位の重み';
  return LABELS[key];
}

/**
 * Someone saved since the form was opened: a 409 whose lines compare the
 * saved value with the person's input, field by field.
 */
function policyConflict(policy: PolicyEntity, divisions: readonly DivisionEntity[], input: PolicyInput): AppError {
  const saved = inputOf(policy, divisions);
  const lines: string[] = [];
  const compare = (label: string, a: string, b: string | undefined) => {
    if (b !== undefined && clean(a) !== clean(b))
      lines.push(`${label}: 保存済み「${a || '（空欄）'}」／あなたの入力「${b || '（空欄）'}」`);
  };
  const simple = [
    'maxTeleworkDays',
    'licencesPerDay',
    'deadlineWeekday',
    'deadlineTime',
    'caregivingPriority',
    'fairnessPerDenial',
    'fairnessMax',
    'fairnessWeeks',
    'spreadBonus',
  ] as const;
  for (const key of simple) compare(LABELS[key], saved[key], input[key]);
  saved.rankWeights.forEach((w, i) => compare(LABELS.rankWeight(i), w, input.rankWeights[i]));
  compare(
    LABELS.nonTeleworkJobTypes,
    saved.nonTeleworkJobTypes.replace(/\n/g, '、'),
    input.nonTeleworkJobTypes
      .split(/[\n\r,、，]+/)
      .map(trimText)
      .filter(Boolean)
      .join('、'),
  );
  for (const d of divisions) compare(LABELS.terminals(d.name), saved.terminals[d.id] ?? '', input.terminals[d.id]);
  return new AppError(
    'conflict',
    409,
    `方針は、あなたがこの画面を開いた後に ${policy.updatedBy} さんが更新しました（第${policy.revision}版）。あなたの変更はまだ保存していません。入力内容は下に残っています。保存済みの値と見比べてから、もう一度「保存」を押してください。`,
    lines.length ? lines : ['保存済みの値とあなたの入力に違いはありません。'],
  );
}

export const weekdayLabel = (n: number) => `${WEEKDAY_LABELS[n - 1] ?? '?'}曜日`;

export interface ClosureResult {
  readonly day: string;
  readonly week: string;
  /** Rosters of that week already made: they should be generated again. */
  readonly rosters: number;
}

export async function addClosure(db: Database, actor: Actor, dayText: string, nameText: string): Promise<ClosureResult> {
  assertHr(actor);
  const p: string[] = [];
  const day = readDate(dayText, '閉庁日の日付', p);
  const name = readText(nameText, '閉庁日の名称', 100, p);
  if (day) {
    const because = alwaysClosedBecause(day);
    if (because) p.push(`${day} は${because}のため、もともと閉庁日です。`);
  }
  if (p.length) throw invalid('閉庁日を追加できませんでした。', p);
  const week = weekOf(day!);
  return db.write(
    async (m) => {
      const duplicate = () => invalid('閉庁日を追加できませんでした。', [`${day} はすでに閉庁日として登録されています。`]);
      if (await m.existsBy(ClosureDayEntity, { day: day! })) throw duplicate();
      try {
        await m.insert(ClosureDayEntity, { day: day!, name: name! });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        throw duplicate();
      }
      await audit(m, actor.loginId, 'closure-add', 'closure-day', day!, null, { day, name });
      return { day: day!, week, rosters: await m.countBy(RosterEntity, { week }) };
    },
    [week, 'policy'],
  );
}

export async function deleteClosure(db: Database, actor: Actor, day: string): Promise<ClosureResult> {
  assertHr(actor);
  const week = /^\d{4}-\d{2}-\d{2}$/.test(day) ? weekOf(day) : '';
  return db.write(
    async (m) => {
      if (!week) throw notFound('この閉庁日は登録されていません。');
      const row = await m.findOneBy(ClosureDayEntity, { day });
      if (!row)
        throw conflict(`${day} は、すでに閉庁日から外されています（別の人が先に取り消しました）。最新の閉庁日の一覧を確認してください。`);
      await m.delete(ClosureDayEntity, { day });
      await audit(m, actor.loginId, 'closure-delete', 'closure-day', day, { day: row.day, name: row.name }, null);
      return { day, week, rosters: await m.countBy(RosterEntity, { week }) };
    },
    [week, 'policy'],
  );
}
