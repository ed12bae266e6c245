import type { AppDatabase } from '@/db/client';

/**
 * Results of expensive read-only computations (all warning signals of a plan, the dashboard),
 * kept until the database changes. At province scale they take seconds; most page views read
 * data nobody changed since the last view.
 *
 * "Changed" is exact, not time-based: the key includes
 *  - `total_changes()`: rows inserted/updated/deleted through this connection (triggers
 *    included), so every write of this process — even a rolled-back one — invalidates;
 *  - `PRAGMA data_version`: bumps when another connection commits (CLI scripts, a restore,
 *    another module instance of the server).
 * A cached value can therefore never be older than the last committed write.
 */
export type Generation = string;

const MAX_ENTRIES = 24;

type Entry = { generation: Generation; value: unknown };

// One store per connection: generations of two connections are not comparable.
const stores = new WeakMap<AppDatabase, Map<string, Entry>>();

export function dataGeneration(db: AppDatabase): Generation {
  const client = db.$client;
  const version = client.pragma('data_version', { simple: true }) as number;
  const changes = (client.prepare('select total_changes() as n').get() as { n: number }).n;
  return `${version}:${changes}`;
}

/**
 * `compute()` once per database generation and key. The caller authorises first and puts
 * everything the result depends on besides the data (plan, day, unit scope) into `key`.
 */
export function memoByGeneration<T>(db: AppDatabase, key: string, compute: () => T): T {
  let store = stores.get(db);
  if (!store) {
    store = new Map();
    stores.set(db, store);
  }
  const generation = dataGeneration(db);
  const hit = store.get(key);
  if (hit && hit.generation === generation) {
    // Map keeps insertion order: re-insert to mark as recently used.
    store.delete(key);
    store.set(key, hit);
    return hit.value as T;
  }
  const value = compute();
  store.delete(key);
  store.set(key, { generation, value });
  while (store.size > MAX_ENTRIES) {
    const oldest = store.keys().next().value;
    if (oldest === undefined) break;
    store.delete(oldest);
  }
  return value;
}

/** The cached result for `key` if it is still current, without computing anything. */
export function peekByGeneration<T>(db: AppDatabase, key: string): T | undefined {
  const hit = stores.get(db)?.get(key);
  return hit && hit.generation === dataGeneration(db) ? (hit.value as T) : undefined;
}

/** Only for tests and benchmarks: forget every cached result. */
export function clearGenerationMemo(db: AppDatabase): void {
  stores.delete(db);
}
