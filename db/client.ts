import { ENGINE, type Engine } from './engine';
import { closePgDatabase, isPgHandle, migratePgDatabase, openPgDatabase, pgTransaction, runExclusivePg, runSerializedPg, type PgHandle, type PgTx } from './pg-client';
import * as sqlite from './sqlite-client';
import type { AppDatabase, Db, Tx } from './sqlite-client';

/**
 * The one way into the database for services, scripts and tests, whichever engine runs:
 * SQLite (db/sqlite-client.ts, embedded, the default) or PostgreSQL (db/pg-client.ts, when
 * DATABASE_URL names one). Both give the same handle types and the same `transaction()` contract;
 * the handle's types are SQLite's drizzle types, and both engines answer queries with the same
 * shapes. SQL only one engine understands lives in db/dialect.ts.
 */
export type { AppDatabase, Db, Drizzle, Reader, Tx } from './sqlite-client';
export { databaseFile, MIGRATIONS_DIR } from './sqlite-client';
export { ENGINE, type Engine };

/** Opens (creating if needed) a SQLite file and brings its schema up to date. */
export const openDatabase = sqlite.openDatabase;

export function isTx(handle: unknown): handle is Tx {
  return sqlite.isTx(handle);
}

/** Whether a handle (or a transaction) is on PostgreSQL. */
export function isPostgres(handle: unknown): boolean {
  return isPgHandle(handle);
}

/**
 * Independent reads, side by side where that helps: on PostgreSQL outside a transaction each takes
 * its own pooled connection, so a cold page waits for the slowest read rather than for their sum.
 * Inside a transaction (one connection) and on SQLite (one synchronous connection) they run one
 * after another, in order. Each read is a function, as a drizzle query only starts when awaited.
 */
export async function readSideBySide<T extends readonly unknown[] | []>(handle: unknown, reads: { [K in keyof T]: () => PromiseLike<T[K]> }): Promise<T> {
  const list = reads as unknown as (() => PromiseLike<unknown>)[];
  if (isPgHandle(handle) && !isTx(handle)) return (await Promise.all(list.map((read) => read()))) as unknown as T;
  const out: unknown[] = [];
  for (const read of list) out.push(await read());
  return out as unknown as T;
}

/**
 * Runs `fn` in one transaction and returns its result; a throw rolls everything back. Given an
 * open transaction (or called inside one), `fn` runs in a savepoint of it. Writes run one at a
 * time (per process on SQLite; across every instance on PostgreSQL), and no other request sees
 * them before the commit.
 */
export async function transaction<T>(handle: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (isPgHandle(handle)) return pgTransaction(handle as unknown as PgHandle | PgTx, fn as unknown as (tx: PgTx) => Promise<T>);
  return sqlite.transaction(handle, fn);
}

/** Opens a PostgreSQL database as the app's handle (the schema must be current: migrateDatabase). */
export function openPostgres(url: string, options: { max?: number } = {}): AppDatabase {
  return openPgDatabase(url, options) as unknown as AppDatabase;
}

/** Brings a PostgreSQL database's schema up to date (SQLite files migrate when opened). */
export async function migrateDatabase(db: AppDatabase): Promise<void> {
  if (isPgHandle(db)) await migratePgDatabase(db);
}

/**
 * Closes the handle's connections. On PostgreSQL the pool ends once its queries are done (await
 * `endDatabase` to wait for it, e.g. before dropping a test database).
 */
export function closeDatabase(db: Db): void {
  if (isPgHandle(db)) void closePgDatabase(db).catch(() => undefined);
  else sqlite.closeDatabase(db);
}

export async function endDatabase(db: Db): Promise<void> {
  if (isPgHandle(db)) await closePgDatabase(db);
  else sqlite.closeDatabase(db);
}

/** Jobs that run once per tick across all app instances (runExclusively). */
export const JOB_KEYS = { scheduler: 0x4b54_0100, setup: 0x4b54_0101 } as const;

/**
 * Runs a periodic job unless another app instance is running it right now (PostgreSQL: a tried
 * advisory lock); returns whether it ran. On SQLite there is one server process: it always runs.
 */
/**
 * Runs a job after any other instance running the same one has finished (PostgreSQL: a waited-for
 * advisory lock), e.g. the first-start seed, which must not run twice when instances start together.
 */
export async function runOneAtATime<T>(db: Db, key: number, fn: () => Promise<T>): Promise<T> {
  return isPgHandle(db) ? runSerializedPg(db, key, fn) : fn();
}

export async function runExclusively(db: Db, key: number, fn: () => Promise<void>): Promise<boolean> {
  if (isPgHandle(db)) return runExclusivePg(db, key, fn);
  await fn();
  return true;
}
