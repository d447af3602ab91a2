/** The audit log as HR reads it: the latest entries, narrowed by who or what. */
import { EntityManager } from 'typeorm';
import { AuditEntity } from '../../persistence/entities';
import { Actor, assertHr } from './actor';

export const AUDIT_PAGE = 200;

/** What each action code means, for people who read the log. */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  seed: 'デモデータの作成',
  'change-password': 'パスワードの変更',
  'reset-ical': 'カレンダーURLの再発行',
  requests: '在宅勤務の希望',
  'urgent-request': '締切後の申請',
  'approve-request': '締切後の申請を承認',
  'reject-request': '締切後の申請を却下',
  generate: '勤務表の作成',
  'generate-all': '全課の勤務表を作成',
  'resolve-other': 'ほかの課の作成・変更に伴う再計算（下書き）',
  'cell-office': '出勤に固定',
  'cell-telework': '在宅勤務に固定',
  'cell-absent': '休暇の登録',
  'cell-clear': '固定・休暇の解除',
  publish: '勤務表の公開',
  'policy-update': '方針の変更',
  'closure-add': '閉庁日の追加',
  'closure-delete': '閉庁日の取り消し',
  'staff-create': '職員の登録',
  'staff-update': '職員の変更',
  'password-reset': 'パスワードの再発行',
  'counter-create': '窓口の追加',
  'counter-update': '窓口の変更',
  'counter-override-set': '窓口の日別人数の設定',
  'counter-override-delete': '窓口の日別人数の取り消し',
  'staff-import': '職員名簿の取り込み',
  'staff-import-create': '職員の登録（取り込み）',
  'staff-import-update': '職員の変更（取り込み）',
  'simulation-create': 'シミュレーションの開始',
  'simulation-cancel': 'シミュレーションの中止',
  'simulation-delete': 'シミュレーションの削除',
};

export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

/** Field names of the stored before/after, in Japanese where they are HR's words. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  maxTeleworkDays: '週の上限日数',
  licencesPerDay: 'ライセンス数',
  deadlineWeekday: '締切の曜日',
  deadlineTime: '締切の時刻',
  rankWeights: '希望順位の重み',
  caregivingPriority: '介護・育児の加点',
  fairnessPerDenial: '却下1件の加点',
  fairnessMax: '公平性加点の上限',
  fairnessWeeks: '公平性の週数',
  spreadBonus: '分散ボーナス',
  nonTeleworkJobTypes: '対象外の職種',
  revision: '版',
  name: '名前',
  divisionId: '所属課',
  jobType: '職種',
  caregiver: '介護・育児',
  active: '在職',
  role: '権限',
  counters: '担当窓口',
  minByWeekday: '曜日ごとの最低人数',
  min: '最低人数',
  day: '日付',
  start: '開始週',
  weeks: '週数',
  scenarios: 'シナリオ',
  status: '状態',
  changed: '変わったセル',
  because: 'きっかけの課',
  version: '公開版',
  changes: '前の版からの変更',
  denials: '認められなかった希望',
  divisions: '課の数',
  published: '公開済みの課',
  granted: '認めた希望',
  requested: '希望',
  shortfall: '窓口の不足',
};

function fieldLabel(key: string): string {
  if (key.startsWith('terminals:')) return `共用端末（${key.slice('terminals:'.length)}）`;
  return FIELD_LABELS[key] ?? key;
}

export interface AuditChange {
  readonly key: string;
  readonly before: string;
  readonly after: string;
}

export interface AuditLine {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly actionLabel: string;
  readonly entity: string;
  readonly entityId: string;
  /** One line per field that appears before or after. */
  readonly changes: readonly AuditChange[];
  readonly more: number;
}

export interface AuditLog {
  readonly entries: readonly AuditLine[];
  readonly actors: readonly string[];
  readonly actions: readonly { readonly value: string; readonly label: string }[];
}

export async function auditLog(
  m: EntityManager,
  actor: Actor,
  filter: { readonly actor?: string; readonly action?: string },
): Promise<AuditLog> {
  assertHr(actor);
  const where: Partial<Pick<AuditEntity, 'actor' | 'action'>> = {};
  if (filter.actor) where.actor = filter.actor;
  if (filter.action) where.action = filter.action;
  const rows = await m.find(AuditEntity, { where, order: { id: 'DESC' }, take: AUDIT_PAGE });
  const distinct = async (column: 'actor' | 'action') =>
    (await m.createQueryBuilder(AuditEntity, 'a').select(`DISTINCT a.${column}`, 'v').getRawMany<{ v: string }>()).map((r) => r.v).sort();
  const actions = (await distinct('action')).map((value) => ({ value, label: actionLabel(value) }));
  return { entries: rows.map(line), actors: await distinct('actor'), actions };
}

const MAX_CHANGES = 12;

function line(row: AuditEntity): AuditLine {
  const before = parsed(row.before);
  const after = parsed(row.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    actionLabel: actionLabel(row.action),
    entity: row.entity,
    entityId: row.entityId,
    changes: keys.slice(0, MAX_CHANGES).map((key) => ({ key: fieldLabel(key), before: shown(before[key]), after: shown(after[key]) })),
    more: Math.max(0, keys.length - MAX_CHANGES),
  };
}

/** A stored JSON value as fields; a value that is not an object becomes the field `値`. */
function parsed(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { 値: v };
  } catch {
    return { 値: text };
  }
}

function shown(v: unknown): string {
  if (v === undefined) return '';
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
