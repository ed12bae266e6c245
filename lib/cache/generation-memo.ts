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

/**
 * Entries kept per district (least recently used dropped first): one district's pages keep as many
 * as before districts, and a city's deployment keeps each district's hot set — the signals of its
 * lists, its dashboard, overdue list and review queue — side by side, so the memory follows the
 * data. Districts are counted by the districtKey part of the keys in the store (see memoByGeneration).
 */
export const ENTRIES_PER_DISTRICT = 24;

/** The districtKey part of a key (d1, d*), as one |-separated part. */
const DISTRICT_PART = /(?:^|\|)(d(?:\d+|\*))(?=\||$)/;

type Entry = { generation: Generation; value: Promise<unknown> };

/**
 * One view's results (a unit's workbench, a reader's task page, a filtered page of the ledger, the
 * lights of a page's few tasks) are many small entries, one per unit, reader or filter that looks:
 * they are kept apart from the district's shared results, with a budget of their own, so that a
 * month-end morning of sixty units opening their pages does not push the district's signals and
 * dashboard out.
 */
export const VIEW_ENTRIES = 512;

/** The entries, and how many of them each district's keys hold; the views apart. */
type Store = { entries: Map<string, Entry>; districts: Map<string, number>; views: Map<string, Entry> };

// One store per connection: generations of two connections are not comparable.
const stores = new WeakMap<object, Store>();

function districtOfKey(key: string): string | undefined {
  return DISTRICT_PART.exec(key)?.[1];
}

function put(store: Store, key: string, entry: Entry): void {
  remove(store, key);
  store.entries.set(key, entry);
  const d = districtOfKey(key);
  if (d !== undefined) store.districts.set(d, (store.districts.get(d) ?? 0) + 1);
}

function remove(store: Store, key: string): void {
  if (!store.entries.delete(key)) return;
  const d = districtOfKey(key);
  if (d === undefined) return;
  const n = (store.districts.get(d) ?? 1) - 1;
  if (n > 0) store.districts.set(d, n);
  else store.districts.delete(d);
}

export function dataGeneration(db: Reader): Promise<Generation> {
  return engineDataGeneration(db);
}

/**
 * `compute()` once per database generation and key. The caller authorises first and puts
 * everything the result depends on besides the data (plan, day, unit scope) into `key`, and the
 * reader's districtKey as one |-separated part (`dashboard|d2|…`): it is what the store's size is counted by.
 *
 * Concurrent callers share one computation: the entry holds the promise from the moment the
 * computation starts, so twenty requests that arrive together after a write compute the signals
 * once, not twenty times side by side (what the synchronous code got for free by blocking). A
 * computation that fails is forgotten, so the next call tries again.
 */
export async function memoByGeneration<T>(db: Reader, key: string, compute: () => Promise<T>, options: { view?: boolean } = {}): Promise<T> {
  if (isTx(db)) return compute();
  const store = storeOf(db);
  // Taken before computing: if a write lands meanwhile, the value is stored under the older
  // generation and the next call computes again.
  const generation = await dataGeneration(db);
  if (options.view) return memoView(store.views, key, generation, compute);
  return memoShared(store, key, generation, () => compute());
}

/**
 * memoByGeneration for a result that can be brought up to date from an older one instead of
 * computed again: after a write, `refresh(previous, since)` gets the last value kept for `key` and
 * the generation it was computed at, and returns the current value, or undefined when computing
 * it from scratch is the way (too much changed). A value computed at `since` may already hold some
 * later writes (the generation is read first): `refresh` must treat everything written at or after
 * `since` as changed. When the generation went back (it wraps; a restored backup), it computes.
 */
export async function memoByGenerationFrom<T>(db: Reader, key: string, compute: () => Promise<T>, refresh: (previous: T, since: Generation) => Promise<T | undefined>): Promise<T> {
  if (isTx(db)) return compute();
  const store = storeOf(db);
  const generation = await dataGeneration(db);
  return memoShared(store, key, generation, async (stale) => {
    if (!stale || Number(stale.generation) > Number(generation)) return compute();
    let previous: T;
    try {
      previous = (await stale.value) as T;
    } catch {
      return compute();
    }
    return (await refresh(previous, stale.generation)) ?? compute();
  });
}

function storeOf(db: Reader): Store {
  let store = stores.get(db);
  if (!store) {
    store = { entries: new Map(), districts: new Map(), views: new Map() };
    stores.set(db, store);
  }
  return store;
}

/** The shared entries' memo: the entry for `key` if current, else `compute(the stale entry)` stored at `generation`. */
async function memoShared<T>(store: Store, key: string, generation: Generation, compute: (stale: Entry | undefined) => Promise<T>): Promise<T> {
  const hit = store.entries.get(key);
  if (hit && hit.generation === generation) {
    // Map keeps insertion order: re-insert to mark as recently used.
    put(store, key, hit);
    return hit.value as Promise<T>;
  }
  const value = compute(hit);
  const entry: Entry = { generation, value };
  put(store, key, entry);
  while (store.entries.size > ENTRIES_PER_DISTRICT * Math.max(1, store.districts.size)) {
    const oldest = store.entries.keys().next().value;
    if (oldest === undefined) break;
    remove(store, oldest);
  }
  try {
    return await value;
  } catch (err) {
    if (store.entries.get(key) === entry) remove(store, key);
    throw err;
  }
}

/** memoByGeneration for one view's result: the views' own LRU map of VIEW_ENTRIES. */
async function memoView<T>(views: Map<string, Entry>, key: string, generation: Generation, compute: () => Promise<T>): Promise<T> {
  const hit = views.get(key);
  if (hit && hit.generation === generation) {
    views.delete(key);
    views.set(key, hit);
    return hit.value as Promise<T>;
  }
  const entry: Entry = { generation, value: compute() };
  views.delete(key);
  views.set(key, entry);
  while (views.size > VIEW_ENTRIES) {
    const oldest = views.keys().next().value;
    if (oldest === undefined) break;
    views.delete(oldest);
  }
  try {
    return (await entry.value) as T;
  } catch (err) {
    if (views.get(key) === entry) views.delete(key);
    throw err;
  }
}

/** The cached result for `key` if it is still current, without computing anything. */
export async function peekByGeneration<T>(db: Reader, key: string): Promise<T | undefined> {
  if (isTx(db)) return undefined;
  const hit = stores.get(db)?.entries.get(key);
  return hit && hit.generation === (await dataGeneration(db)) ? ((await hit.value) as T) : undefined;
}

/** Whether a result for `key` is kept, current or not (memoByGenerationFrom would refresh it). */
export function isKept(db: Reader, key: string): boolean {
  return !isTx(db) && (stores.get(db)?.entries.has(key) ?? false);
}

/** Only for tests and benchmarks: forget every cached result. */
export function clearGenerationMemo(db: Reader): void {
  stores.delete(db);
}
