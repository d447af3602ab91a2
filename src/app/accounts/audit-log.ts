/** The audit log as HR reads it: the latest entries, narrowed by who or what. */
import { EntityManager, In } from 'typeorm';
import { dayJa } from '../../domain/explanation';
import { AuditEntity, CounterEntity, DivisionEntity, PlaceEntity, StaffEntity } from '../../persistence/entities';
import type { AccountRole, ReasonCategory } from '../../persistence/entities';
import { ROLE_LABELS } from '../form-input';
import { Actor, assertHr } from './actor';

export const AUDIT_PAGE = 200;

/**
 * What each action code means, for people who read the log. Every action
 * the app writes (`audit(m, actor, 'action', …)`) has its label here; the
 * test test/app/accounts/audit-log.test.ts reads src/ and fails on one that
 * has none.
 */
export const ACTION_LABELS = {
  seed: 'デモデータの作成',
  'change-password': 'パスワードの変更',
  'reset-ical': 'カレンダーURLの再発行',
  'end-sessions': 'ほかの端末のログインの終了とカレンダーURLの再発行',
  'logout-everywhere': 'すべての端末からのログアウト',
  login: 'ログイン',
  'login-failed': 'ログインの失敗',
  'login-lock': 'ログインの一時停止（失敗の繰り返し）',
  'export-csv': '個人データのCSV出力',
  'role-change': '権限の変更',
  'ical-feed': 'カレンダーの配信（その日の最初の読み取り）',
  'notification-settings': '通知の設定の変更',
  'email-notifications': 'メール通知の設定の変更',
  requests: '在宅勤務の希望',
  'possible-days': '順番なら在宅勤務できる日（可能日）',
  'urgent-request': '緊急の申請（締切後・当日）',
  'approve-request': '締切後の申請を承認',
  'reject-request': '締切後の申請を却下',
  'urgent-approve': '当日の申請を承認して公開',
  generate: '勤務表の作成',
  'generate-all': '全課の勤務表を作成',
  'resolve-other': 'ほかの課の作成・変更に伴う再計算（下書き）',
  'cell-office': '出勤に固定',
  'cell-telework': '在宅勤務に固定',
  'cell-absent': '休暇の登録',
  'cell-clear': '固定・休暇の解除',
  publish: '勤務表の公開',
  'record-actual': '過ぎた日の実際の勤務の記録',
  'bcp-apply': 'BCP（業務継続）の日の適用',
  'policy-update': '方針の変更',
  'allowance-rule-update': '在宅勤務等手当の条件の変更',
  'closure-add': '閉庁日の追加',
  'closure-delete': '閉庁日の取り消し',
  'staff-create': '職員の登録',
  'staff-update': '職員の変更',
  // Written before login links replaced initial passwords; older entries keep it.
  'password-reset': 'パスワードの再発行',
  'setup-link-issue': 'ログイン用リンクの発行',
  'setup-link-use': 'ログイン用リンクでのパスワード設定',
  'admin-create-hr': '人事課アカウントの作成（コマンドライン）',
  'division-create': '所属課の追加',
  'division-update': '所属課の変更',
  'division-delete': '所属課の削除',
  'period-create': '期間（試行・上限）の追加',
  'period-update': '期間（試行・上限）の変更',
  'period-delete': '期間（試行・上限）の削除',
  'place-create': '場所（サテライトオフィス・支所）の追加',
  'place-update': '場所（サテライトオフィス・支所）の変更',
  'place-delete': '場所（サテライトオフィス・支所）の削除',
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
  'api-token-create': 'APIトークンの発行',
  'api-token-revoke': 'APIトークンの取り消し',
  'api-read': 'APIでの個人データの読み取り（その日の最初）',
  'api-absence': 'APIからの休暇の登録に伴う再計算',
  'api-absence-create': '休暇の登録（API）',
  'api-absence-delete': '休暇の取り消し（API）',
} as const satisfies Record<string, string>;

/** Every action the audit log knows. */
export type AuditAction = keyof typeof ACTION_LABELS;

export function isAuditAction(action: string): action is AuditAction {
  return Object.prototype.hasOwnProperty.call(ACTION_LABELS, action);
}

export const actionLabel = (action: string): string => (isAuditAction(action) ? ACTION_LABELS[action] : action);

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
  rank: '順位',
  reason: '理由',
  placeId: '場所',
  possible: '順番なら可',
  pin: '固定',
  absent: '休暇',
  mode: '勤務',
  sameDay: '当日の申請',
  start: '開始週',
  weeks: '週数',
  staff: '職員数',
  scenarios: 'シナリオ',
  status: '状態',
  changed: '変わったセル',
  because: 'きっかけ',
  version: '公開版',
  changes: '前の版からの変更',
  denials: '認められなかった希望',
  divisions: '課の数',
  published: '公開済みの課',
  granted: '認めた希望',
  requested: '希望',
  shortfall: '窓口の不足',
  created: '登録',
  updated: '変更',
  unchanged: '変更なし',
  unreachable: '出勤できない人',
  telework: '在宅勤務',
  leave: '休暇',
  closed: '閉じる窓口',
  reduced: '人数を減らす窓口',
  emailNotifications: 'メールで通知',
  email: 'メールアドレス',
  sessions: '終了したログイン',
  terminals: '共用端末数',
  sortOrder: '表示順',
  desks: '席数（1日あたり）',
  licence: 'ライセンスと端末を使う',
  expiresAt: '有効期限',
  staffId: '職員番号',
  createdStaff: '職員の作成',
  createdDivision: '所属課の作成',
  createdPolicy: '方針の作成（初期値）',
  newDivisions: '作成した所属課',
  client: '接続元',
  method: '方法',
  failures: '続いた失敗',
  until: '停止の終わり',
  rows: '行数',
};

/** Stored values in words: request, roster and simulation states. */
const STATUS_LABELS: Readonly<Record<string, string>> = {
  pending: '承認待ち',
  active: '有効',
  rejected: '却下',
  draft: '下書き',
  published: '公開済み',
  queued: '実行待ち',
  running: '実行中',
  done: '完了',
  cancelled: '中止',
  failed: '失敗',
};

const MODE_LABELS: Readonly<Record<string, string>> = { office: '出勤', telework: '在宅勤務', absent: '休暇' };

/** The reason categories of requests (the same words as REASONS in app/organisation/policy.ts, which accounts may not import). */
export const REASON_LABELS: Readonly<Record<ReasonCategory, string>> = {
  childcare: '育児',
  care: '介護',
  health: '健康上の理由',
  'sick-child': '子の看護',
  illness: '急病・けが',
  other: 'その他',
};

const ENTITY_LABELS: Readonly<Record<string, string>> = {
  roster: '勤務表',
  'staff-day': '職員の1日',
  'staff-week': '職員の1週間',
  request: '在宅勤務の申請',
  policy: '方針',
  'allowance-rule': '在宅勤務等手当の条件',
  'tally-csv': '月次集計',
  'closure-day': '閉庁日',
  staff: '職員',
  account: 'アカウント',
  counter: '窓口',
  division: '所属課',
  place: '場所',
  'counter-override': '窓口の日別人数',
  simulation: 'シミュレーション',
  organisation: '組織',
  week: '週',
  day: '日',
};

const WEEKDAYS = ['月', '火', '水', '木', '金', '土', '日'];

/** Names the log shows instead of ids: divisions, counters, places, and the staff of the page's entries. */
interface Names {
  readonly divisions: ReadonlyMap<string, string>;
  readonly counters: ReadonlyMap<string, string>;
  /** By the place's id as text (an audit entity id, or a placeId value). */
  readonly places: ReadonlyMap<string, string>;
  readonly staff: ReadonlyMap<string, string>;
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
  /** What was changed, in words: `勤務表`, `住民課・2026-W48`. */
  readonly entityLabel: string;
  readonly subject: string;
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
  const names = await namesFor(m, rows);
  return { entries: rows.map((row) => line(row, names)), actors: await distinct('actor'), actions };
}

/** Division, counter and place names, and the names of the staff the page's entries are about (at most a page of them). */
async function namesFor(m: EntityManager, rows: readonly AuditEntity[]): Promise<Names> {
  const staffIds = [...new Set(rows.filter((r) => r.entity.startsWith('staff')).map((r) => r.entityId.split('|')[0]))];
  const divisions = await m.find(DivisionEntity, { select: { id: true, name: true } });
  const counters = await m.find(CounterEntity, { select: { id: true, name: true } });
  const places = await m.find(PlaceEntity, { select: { id: true, name: true } });
  const staff = staffIds.length ? await m.find(StaffEntity, { select: { id: true, name: true }, where: { id: In(staffIds) } }) : [];
  return {
    divisions: new Map(divisions.map((d) => [d.id, d.name])),
    counters: new Map(counters.map((c) => [c.id, c.name])),
    places: new Map(places.map((p) => [String(p.id), p.name])),
    staff: new Map(staff.map((s) => [s.id, s.name])),
  };
}

const MAX_CHANGES = 12;

function line(row: AuditEntity, names: Names): AuditLine {
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
    entityLabel: ENTITY_LABELS[row.entity] ?? row.entity,
    subject: subjectOf(row.entity, row.entityId, names),
    changes: keys.slice(0, MAX_CHANGES).map((key) => ({
      key: fieldLabel(key, names),
      before: shown(key, before[key], names),
      after: shown(key, after[key], names),
    })),
    more: Math.max(0, keys.length - MAX_CHANGES),
  };
}

function fieldLabel(key: string, names: Names): string {
  if (key.startsWith('terminals:')) {
    const id = key.slice('terminals:'.length);
    return `共用端末（${names.divisions.get(id) ?? id}）`;
  }
  return FIELD_LABELS[key] ?? key;
}

/** The entity id in words: `jumin|2026-W48` → `住民課・2026-W48`, `t0083|2026-11-24` → `t0083 山田 花子・11月24日(火)`. */
function subjectOf(entity: string, id: string, names: Names): string {
  const [first, second] = id.split('|');
  const person = (staffId: string) => (names.staff.has(staffId) ? `${staffId} ${names.staff.get(staffId)}` : staffId);
  const part = (value: string | undefined) => (value === undefined ? '' : `・${isDay(value) ? dayJa(value) : value}`);
  switch (entity) {
    case 'roster':
      return `${names.divisions.get(first) ?? first}${part(second)}`;
    case 'staff':
    case 'staff-day':
    case 'staff-week':
      return `${person(first)}${part(second)}`;
    case 'counter':
    case 'counter-override':
      return `${names.counters.get(first) ?? first}${part(second)}`;
    case 'division':
      return names.divisions.get(id) ?? id;
    case 'place':
      return names.places.get(id) ?? id;
    case 'closure-day':
      return isDay(id) ? dayJa(id) : id;
    case 'day':
      return second === undefined
        ? isDay(first)
          ? `全庁・${dayJa(first)}`
          : first
        : `${names.divisions.get(first) ?? first}${part(second)}`;
    case 'policy':
      return '全庁';
    default:
      return id;
  }
}

/** A stored JSON value as fields; a value that is not an object becomes the field `値`. */
function parsed(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : { 値: v };
  } catch {
    return { 値: text };
  }
}

const MAX_SHOWN = 120;

/** A stored value in Japanese; '' when the field is absent. */
function shown(key: string, v: unknown, names: Names): string {
  if (v === undefined) return '';
  const text = valueJa(key, v, names);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function valueJa(key: string, v: unknown, names: Names): string {
  if (v === null)
    return key === 'licencesPerDay' ? '無制限' : key === 'maxTeleworkDays' ? '方針のとおり' : key === 'placeId' ? '自宅' : 'なし';
  if (typeof v === 'boolean') return v ? 'はい' : 'いいえ';
  if (Array.isArray(v)) return v.length === 0 ? 'なし' : v.map((x) => valueJa(key, x, names)).join('、');
  if (isRecord(v)) return isRequest(v) ? requestJa(v, names) : isPossible(v) ? possibleJa(v, names) : recordJa(v, names);
  const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  switch (key) {
    case 'status':
      return STATUS_LABELS[text] ?? text;
    case 'mode':
    case 'pin':
      return MODE_LABELS[text] ?? text;
    case 'reason':
      return REASON_LABELS[text as ReasonCategory] ?? text;
    case 'role':
      return ROLE_LABELS[text as AccountRole] ?? text;
    case 'divisionId':
    case 'newDivisions':
      return names.divisions.get(text) ?? text;
    case 'counters':
      return names.counters.get(text) ?? text;
    case 'placeId':
      return names.places.get(text) ?? `削除された場所（${text}）`;
    case 'because':
      // A division whose change re-solved this one, or the action that published it.
      return names.divisions.get(text) ?? (isAuditAction(text) ? ACTION_LABELS[text] : text);
    case 'deadlineWeekday':
      return typeof v === 'number' && v >= 1 && v <= 7 ? `${WEEKDAYS[v - 1]}曜日` : text;
    case 'day':
    case 'start':
      return isDay(text) ? dayJa(text) : text;
    default:
      return isDay(text) ? dayJa(text) : text;
  }
}

function recordJa(v: Record<string, unknown>, names: Names): string {
  return Object.entries(v)
    .map(([k, x]) => `${fieldLabel(k, names)}：${valueJa(k, x, names)}`)
    .join('、');
}

function isRequest(v: Record<string, unknown>): boolean {
  return typeof v.day === 'string' && typeof v.rank === 'number';
}

/**
 * A request as the person asked for it: `11月24日(火) 第1希望（育児）`, with its place when not
 * home and its state when it is not simply in effect.
 */
function requestJa(v: Record<string, unknown>, names: Names): string {
  const reason = typeof v.reason === 'string' ? `（${valueJa('reason', v.reason, names)}）` : '';
  const place = typeof v.placeId === 'number' ? `・${valueJa('placeId', v.placeId, names)}` : '';
  const status = typeof v.status === 'string' && v.status !== 'active' ? `・${valueJa('status', v.status, names)}` : '';
  return `${valueJa('day', v.day, names)} 第${String(v.rank)}希望${reason}${place}${status}`;
}

/** A day marked 順番なら可 (可能日): a day and its place, no rank. */
function isPossible(v: Record<string, unknown>): boolean {
  return typeof v.day === 'string' && 'placeId' in v && Object.keys(v).length === 2;
}

/** A possible day as the person marked it: `11月26日(木) 順番なら可`, with its place when not home. */
function possibleJa(v: Record<string, unknown>, names: Names): string {
  const place = typeof v.placeId === 'number' ? `・${valueJa('placeId', v.placeId, names)}` : '';
  return `${valueJa('day', v.day, names)} 順番なら可${place}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}
