/**
 * Reads of reference data kept in each app process between requests.
 *
 * Every staff page and chief's grid needs the policy, the calendar, the
 * division's counters and staff and the fairness ledger of published weeks:
 * data that changes a few times a day, read again on every view (eight of a
 * grid's twenty queries). Database triggers raise one version number with
 * every committed change to those tables, whoever makes it (this process,
 * another one, an import, a command-line tool), and `cachedReference` reads
 * that number first (one cheap query) and reuses what it read before at the
 * same version. So a page never shows reference data older than the last
 * commit before it started, as if it had read it afresh.
 *
 * Inside a transaction nothing is cached: a write reads its own snapshot.
 * What is cached is frozen (a caller that changed it would change it for
 * every later request); its maps and sets are typed read-only.
 */
import { DataSource, EntityManager } from 'typeorm';

/** The tables whose every committed change raises the version (the migrations' triggers; a test holds them together). */
export const REFERENCE_TABLES = [
  'policy',
  'closure_days',
  'divisions',
  'counters',
  'counter_overrides',
  'staff',
  'staff_counters',
  'actual_days',
  'roster_publications',
  // Only its published version (and a deleted roster): a draft changes all the time.
  'rosters',
] as const;

/** Entries kept per database (one per week and scope read, a few hundred at most in use). */
const MAX_ENTRIES = 256;

interface Entry {
  readonly version: number;
  readonly value: Promise<unknown>;
}

const caches = new WeakMap<DataSource, Map<string, Entry>>();

const VERSION_SQL = 'SELECT "version" FROM "reference_version" WHERE "id" = 1';

/** The database's reference version now. */
export async function referenceVersion(m: EntityManager): Promise<number> {
  // On every page: plain SQL, the same on both databases, without building a query.
  const rows: { version: number | string }[] = await m.query(VERSION_SQL);
  return Number(rows[0]?.version ?? 0);
}

/**
 * `load()`, or what it gave before under `key` if no reference table has
 * changed since. `load` must read only reference tables (and derive from
 * nothing else, not the clock) for its result to be reused.
 */
export async function cachedReference<T>(m: EntityManager, key: string, load: () => Promise<T>): Promise<T> {
  if (m.queryRunner !== undefined) return load();
  const version = await referenceVersion(m);
  let cache = caches.get(m.connection);
  if (!cache) caches.set(m.connection, (cache = new Map<string, Entry>()));
  const hit = cache.get(key);
  // An entry read at a later version than this request's is at least as fresh.
  if (hit && hit.version >= version) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.value as Promise<T>;
  }
  // Requests that miss together share one read.
  const value = load().then(deepFreeze);
  const entry: Entry = { version, value };
  cache.delete(key);
  cache.set(key, entry);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return value;
}

/** Freezes objects and arrays all the way down (maps and sets are left to their read-only types). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Map) {
    for (const [k, v] of value) {
      deepFreeze(k, seen);
      deepFreeze(v, seen);
    }
    return value;
  }
  if (value instanceof Set) {
    for (const v of value) deepFreeze(v, seen);
    return value;
  }
  for (const v of Object.values(value)) deepFreeze(v, seen);
  return Object.freeze(value);
}
