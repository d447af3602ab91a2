/**
 * Tokens of the systems that call the JSON API (庶務事務システム, 人事給与システム).
 * HR creates one per system with one scope and sees its secret once; only the
 * SHA-256 of the secret is stored (a 256-bit random secret needs no slow
 * hash), so a request is matched by hashing what it sends. The `trs_` prefix
 * lets secret scanners find a leaked token. A token acts under its own name
 * (`api:名前`) in the audit log.
 */
import { createHash, randomBytes } from 'crypto';
import { DateTime } from 'luxon';
import { IsNull } from 'typeorm';
import { Database } from '../../persistence/database';
import { ApiScope, ApiTokenEntity } from '../../persistence/entities';
import { Actor, assertHr } from '../accounts/actor';
import { audit } from '../accounts/audit';
import { Clock, ZONE } from '../calendar';
import { invalid, notFound } from '../errors';
import { clean } from '../form-input';

export type { ApiScope };

export const API_SCOPES: readonly ApiScope[] = ['read', 'absences', 'staff'];
export const SCOPE_LABELS: Readonly<Record<ApiScope, string>> = {
  read: '読み取り（勤務表・申請・在宅勤務日）',
  absences: '休暇の登録・取消（庶務事務システム）',
  staff: '職員マスタの登録・更新（人事システム）',
};
export const TOKEN_PREFIX = 'trs_';
/** How often the last use is written at most: a busy client does not rewrite the row on every call. */
export const LAST_USED_EVERY_MS = 60_000;

export function isScope(value: unknown): value is ApiScope {
  return typeof value === 'string' && (API_SCOPES as readonly string[]).includes(value);
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The name a token acts under in the audit log and on the rosters it changes. */
export function tokenActorName(name: string): string {
  return `api:${name}`.slice(0, 64);
}

export interface ApiTokenView {
  readonly id: number;
  readonly name: string;
  readonly scope: ApiScope;
  readonly scopeLabel: string;
  readonly prefix: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  /** The last day the token works (Tokyo), from `expiresAt` (the start of the day after). */
  readonly validUntil: string | null;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly state: 'active' | 'revoked' | 'expired';
}

export async function listTokens(db: Database, actor: Actor, clock: Clock): Promise<ApiTokenView[]> {
  assertHr(actor);
  const rows = await db.manager.find(ApiTokenEntity, { order: { id: 'DESC' } });
  const now = clock().toUTC().toISO()!;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    scope: r.scope,
    scopeLabel: SCOPE_LABELS[r.scope],
    prefix: r.prefix,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    validUntil: r.expiresAt ? DateTime.fromISO(r.expiresAt).setZone(ZONE).minus({ days: 1 }).toISODate() : null,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
    state: r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt <= now ? 'expired' : 'active',
  }));
}

export interface TokenForm {
  readonly name?: unknown;
  readonly scope?: unknown;
  /** Last valid day (YYYY-MM-DD, Tokyo), blank: no expiry. */
  readonly expires?: unknown;
}

/** A new token: the secret is returned here once and never again. */
export async function createToken(
  db: Database,
  actor: Actor,
  form: TokenForm,
  clock: Clock,
): Promise<{ readonly id: number; readonly secret: string; readonly name: string }> {
  assertHr(actor);
  const problems: string[] = [];
  const name = clean(typeof form.name === 'string' ? form.name : '');
  if (name === '') problems.push('「名前」を入力してください（例: 庶務事務システム）。');
  else if (name.length > 100) problems.push(`「名前」は100文字以内で入力してください（${name.length}文字）。`);
  if (!isScope(form.scope)) problems.push('「権限」は 読み取り・休暇の登録・職員マスタ のいずれかを選んでください。');
  const expiresText = typeof form.expires === 'string' ? form.expires.trim() : '';
  let expiresAt: string | null = null;
  if (expiresText !== '') {
    const day = DateTime.fromISO(expiresText, { zone: ZONE });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expiresText) || !day.isValid) problems.push('「有効期限」は 2027-03-31 の形の日付で入力してください。');
    else if (day.endOf('day') <= clock()) problems.push('「有効期限」には今日以降の日付を入力してください。');
    else expiresAt = day.plus({ days: 1 }).startOf('day').toUTC().toISO()!;
  }
  if (problems.length) throw invalid('APIトークンを作成できませんでした。次の項目を直してください。', problems);
  const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return db.write(
    async (m) => {
      if (await m.existsBy(ApiTokenEntity, { name, revokedAt: IsNull() }))
        throw invalid('APIトークンを作成できませんでした。', [
          `「名前」${name} の有効なトークンがすでにあります。別の名前にするか、先に取り消してください。`,
        ]);
      const row = await m.save(
        m.create(ApiTokenEntity, {
          name,
          scope: form.scope as ApiScope,
          tokenHash: hashToken(secret),
          prefix: secret.slice(0, 10),
          createdBy: actor.loginId,
          createdAt: clock().toUTC().toISO()!,
          expiresAt,
          lastUsedAt: null,
          revokedAt: null,
          revokedBy: null,
        }),
      );
      await audit(m, actor.loginId, 'api-token-create', 'api-token', String(row.id), null, {
        name,
        scope: row.scope,
        prefix: row.prefix,
        expiresAt,
      });
      return { id: row.id, secret, name };
    },
    ['api-tokens'],
  );
}

export async function revokeToken(db: Database, actor: Actor, id: number, clock: Clock): Promise<{ readonly name: string }> {
  assertHr(actor);
  return db.write(
    async (m) => {
      const row = await m.findOneBy(ApiTokenEntity, { id });
      if (!row) throw notFound('このAPIトークンは見つかりません。');
      if (row.revokedAt) throw invalid(`APIトークン「${row.name}」はすでに取り消されています。`);
      const at = clock().toUTC().toISO()!;
      await m.update(ApiTokenEntity, { id }, { revokedAt: at, revokedBy: actor.loginId });
      await audit(m, actor.loginId, 'api-token-revoke', 'api-token', String(id), { name: row.name, scope: row.scope }, { revokedAt: at });
      return { name: row.name };
    },
    ['api-tokens'],
  );
}

export interface ApiClient {
  readonly id: number;
  readonly name: string;
  readonly scope: ApiScope;
  /** How the token appears in the audit log and on what it changes. */
  readonly actorName: string;
}

export type TokenCheck =
  { readonly ok: true; readonly client: ApiClient } | { readonly ok: false; readonly why: 'unknown' | 'revoked' | 'expired' };

/** The client a bearer secret belongs to (looked up by its hash), and its last use recorded at most once a minute. */
export async function authenticateToken(db: Database, secret: string, clock: Clock): Promise<TokenCheck> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return { ok: false, why: 'unknown' };
  const row = await db.manager.findOneBy(ApiTokenEntity, { tokenHash: hashToken(secret) });
  if (!row) return { ok: false, why: 'unknown' };
  if (row.revokedAt) return { ok: false, why: 'revoked' };
  const now = clock().toUTC();
  if (row.expiresAt && row.expiresAt <= now.toISO()!) return { ok: false, why: 'expired' };
  if (!row.lastUsedAt || now.toMillis() - DateTime.fromISO(row.lastUsedAt).toMillis() >= LAST_USED_EVERY_MS)
    await db.write((m) => m.update(ApiTokenEntity, { id: row.id }, { lastUsedAt: now.toISO()! }).then(() => undefined));
  return { ok: true, client: { id: row.id, name: row.name, scope: row.scope, actorName: tokenActorName(row.name) } };
}

/** The actor a token acts as in the app's use cases: HR's reach, under the token's own name. */
export function clientActor(client: ApiClient): Actor {
  return { accountId: 0, loginId: client.actorName, role: 'hr', staffId: '', name: client.name, divisionId: '' };
}
