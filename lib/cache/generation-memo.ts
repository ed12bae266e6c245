import { isTx, type Reader } from '@/db/client';
import { dataGeneration as engineDataGeneration } from '@/db/dialect';

/**
 * Results of expensive read-only computations (all warning signals of a plan, the dashboard),
 * kept until the database changes. At province scale they take seconds; most page views read
 * data nobody changed since the last view.
 *
 * "Changed" is exact, not time-based: the key is the data generation (db/dialect.ts), a counter
 * that a trigger on every table bumps inside each writing transaction, on both engines: every
 * connection and every app instance reads the same committed number. The sign-in bookkeeping
 * (a session's "last seen", failed logins) does not bump it. After restoring a PostgreSQL backup
 * into a running deployment, restart the app instances (the counter may go back).
 * A cached value can therefore never be older than the last committed write. Inside a
 * transaction nothing is cached: it sees its own uncommitted writes.
 */
export type Generation = string;

const MAX_ENTRIES = 24;

type Entry = { generation: Generation; value: Promise<unknown> };

// One store per connection: generations of two connections are not comparable.
const stores = new WeakMap<object, Map<string, Entry>>();

export function dataGeneration(db: Reader): Promise<Generation> {
  return engineDataGeneration(db);
}

/**
 * `compute()` once per database generation and key. The caller authorises first and puts
 * everything the result depends on besides the data (plan, day, unit scope) into `key`.
 *
 * Concurrent callers share one computation: the entry holds the promise from the moment the
 * computation starts, so twenty requests that arrive together after a write compute the signals
 * once, not twenty times side by side (what the synchronous code got for free by blocking). A
 * computation that fails is forgotten, so the next call tries again.
 */
export async function memoByGeneration<T>(db: Reader, key: string, compute: () => Promise<T>): Promise<T> {
  if (isTx(db)) return compute();
  let store = stores.get(db);
  if (!store) {
    store = new Map();
    stores.set(db, store);
  }
  // Taken before computing: if a write lands meanwhile, the value is stored under the older
  // generation and the next call computes again.
  const generation = await dataGeneration(db);
  const hit = store.get(key);
  if (hit && hit.generation === generation) {
    // Map keeps insertion order: re-insert to mark as recently used.
    store.delete(key);
    store.set(key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute();
  const entry: Entry = { generation, value };
  store.delete(key);
  store.set(key, entry);
  while (store.size > MAX_ENTRIES) {
    const oldest = store.keys().next().value;
    if (oldest === undefined) break;
    store.delete(oldest);
  }
  try {
    return await value;
  } catch (err) {
    if (store.get(key) === entry) store.delete(key);
    throw err;
  }
}

/** The cached result for `key` if it is still current, without computing anything. */
export async function peekByGeneration<T>(db: Reader, key: string): Promise<T | undefined> {
  if (isTx(db)) return undefined;
  const hit = stores.get(db)?.get(key);
  return hit && hit.generation === (await dataGeneration(db)) ? ((await hit.value) as T) : undefined;
}

/** Only for tests and benchmarks: forget every cached result. */
export function clearGenerationMemo(db: Reader): void {
  stores.delete(db);
}
