import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Mutex } from 'async-mutex';
import pg from 'pg';
import * as schema from './schema-pg';

/**
 * The PostgreSQL engine (server mode: several app instances on one database). What is
 * dialect-specific about connections and transactions lives here; services see the same `Db`, `Tx`
 * and `transaction()` as on SQLite (db/client.ts).
 *
 * Reads go to the pool and see committed data only. Write transactions keep SQLite's guarantee
 * that writes run one at a time: each first takes one transaction-scoped advisory lock, so two
 * instances never interleave the read-then-write rules the services rely on (version checks,
 * notice numbers, "the last administrator"). The lock is released by COMMIT or ROLLBACK, also when
 * an instance dies mid-transaction (its connection closes). Within an instance the writers queue
 * on a mutex before they take a connection, so a burst of writes holds one pooled connection, not
 * all of them, and reads keep flowing.
 */
export type PgDrizzle = NodePgDatabase<typeof schema> & { $client: pg.Pool };

const TX = Symbol.for('keytasks.db.transaction');
const POSTGRES = Symbol.for('keytasks.db.postgres');

type TxState = { open: boolean };
type PgState = { url: string; writers: Mutex };
export type PgHandle = PgDrizzle & { readonly [POSTGRES]: PgState };
export type PgTx = PgDrizzle & { readonly [TX]: TxState; readonly [POSTGRES]: PgState };

export const PG_MIGRATIONS_DIR = path.resolve(process.cwd(), 'db/migrations-pg');

/** The advisory lock every write transaction takes first (any fixed 64-bit key; this one spells "KT" and 1). */
export const WRITE_LOCK_KEY = 0x4b54_0001;

export function isPgHandle(handle: unknown): handle is PgHandle {
  return typeof handle === 'object' && handle !== null && POSTGRES in handle;
}

/** Opens a pool on the database; the schema must be current (migratePgDatabase, at start). */
export function openPgDatabase(url: string, options: { max?: number } = {}): PgHandle {
  // TCP keepalive: a connection to a host that vanished (not one that closed it) is noticed in
  // minutes, not after the kernel's default two hours.
  // Idle connections stay open (idleTimeoutMillis 0): a running instance is always visible to a
  // restore's check for connected instances (lib/backup/pg-restore.ts).
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: 'keytasks', keepAlive: true, idleTimeoutMillis: 0 });
  // An idle connection the server dropped (restart, failover) must not take the process down;
  // the pool opens a new one on the next query.
  pool.on('error', (err) => console.error('[数据库] 连接中断，将自动重连：', err.message));
  const db = drizzle(pool, { schema }) as PgDrizzle;
  return Object.assign(db, { [POSTGRES]: { url, writers: new Mutex() } satisfies PgState });
}

/** Several instances may start at once: they migrate one after another (a session advisory lock). */
const MIGRATE_LOCK_KEY = 0x4b54_0002;

export async function migratePgDatabase(db: PgHandle): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    try {
      // On the locked connection itself: a pool of one must not wait for a second.
      await migrate(drizzle(client), { migrationsFolder: PG_MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

export async function closePgDatabase(db: PgHandle): Promise<void> {
  await db.$client.end();
}

const globalForTx = globalThis as unknown as { __keytasksCurrentPgTx?: AsyncLocalStorage<PgTx> };
const current = (globalForTx.__keytasksCurrentPgTx ??= new AsyncLocalStorage<PgTx>());
let savepoints = 0;

function isOpenTx(handle: unknown): handle is PgTx {
  return typeof handle === 'object' && handle !== null && TX in handle;
}

/** transaction() on PostgreSQL: the same contract as on SQLite (db/client.ts). */
export async function pgTransaction<T>(handle: PgHandle | PgTx, fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const outer = isOpenTx(handle) ? handle : current.getStore();
  if (outer?.[TX].open) {
    // Inside a transaction a call joins it as a savepoint — on the same database only: a write meant
    // for another database must not land in this one, nor wait for the write lock this one holds.
    if (outer[POSTGRES] !== handle[POSTGRES]) throw new Error('transaction(): already inside a transaction of another database');
    return inSavepoint(outer, fn);
  }
  if (isOpenTx(handle)) throw new Error('transaction(): this transaction has already ended');
  return handle[POSTGRES].writers.runExclusive(() =>
    handle.transaction(async (inner) => {
      await inner.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
      // A fresh object per transaction (drizzle's transaction as its prototype), so a handle kept
      // past the end of its transaction is recognisably closed.
      const tx = Object.assign(Object.create(inner) as PgDrizzle, { [TX]: { open: true }, [POSTGRES]: handle[POSTGRES] }) as PgTx;
      try {
        return await current.run(tx, () => fn(tx));
      } finally {
        tx[TX].open = false;
      }
    }),
  );
}

async function inSavepoint<T>(tx: PgTx, fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const name = `sp_${++savepoints}`;
  await tx.execute(sql.raw(`savepoint ${name}`));
  try {
    const result = await fn(tx);
    await tx.execute(sql.raw(`release savepoint ${name}`));
    return result;
  } catch (err) {
    await tx.execute(sql.raw(`rollback to savepoint ${name}`));
    await tx.execute(sql.raw(`release savepoint ${name}`));
    throw err;
  }
}

/**
 * Runs `fn` only if no other instance is running the job named by `key` (a session advisory
 * lock, tried, not waited for); returns whether it ran. The lock ends with the connection if the
 * instance dies.
 */
export async function runExclusivePg(db: PgHandle, key: number, fn: () => Promise<void>): Promise<boolean> {
  const outcome = await withSessionLock(db, key, false, fn);
  return outcome.ran;
}

/** Runs fn while holding a session advisory lock, waiting for another instance that holds it. */
export async function runSerializedPg<T>(db: PgHandle, key: number, fn: () => Promise<T>): Promise<T> {
  const outcome = await withSessionLock(db, key, true, fn);
  if (!outcome.ran) throw new Error('advisory lock not taken');
  return outcome.value;
}

/**
 * Holds a session advisory lock around fn on a connection of its own, outside the pool: fn's
 * queries and transactions use the pool as usual, so even a pool of one or two connections (the
 * scripts') cannot end up waiting for the connection that holds the lock.
 */
async function withSessionLock<T>(db: PgHandle, key: number, wait: boolean, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const client = new pg.Client({ connectionString: db[POSTGRES].url, application_name: 'keytasks-lock', keepAlive: true });
  // A dropped lock connection must not take the process down; the lock ends with it.
  client.on('error', (err) => console.error('[数据库] 咨询锁连接中断：', err.message));
  await client.connect();
  try {
    if (wait) await client.query('select pg_advisory_lock($1)', [key]);
    else {
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [key]);
      if (!rows[0]?.ok) return { ran: false };
    }
    // Closing the connection (below) releases the lock, also when fn throws.
    return { ran: true, value: await fn() };
  } finally {
    await client.end().catch(() => undefined);
  }
}
