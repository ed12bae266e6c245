import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { Mutex } from 'async-mutex';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema-sqlite';

/**
 * The SQLite engine (the embedded default). Everything dialect-specific about connections and
 * transactions lives here; services see only `Db`, `Tx` and `transaction()`.
 *
 * Two connections per database:
 *  - the *reader* answers every query made through the app's handle (`Db`); it only ever sees
 *    committed data;
 *  - the *writer* runs transactions, one at a time (a process-wide mutex), BEGIN IMMEDIATE so that
 *    other processes (a CLI script, the digest) queue behind it.
 * A transaction may await in the middle (a file written, a notification built): other requests
 * keep reading the last committed state from the reader, and their writes wait for the mutex.
 * This is what a single better-sqlite3 connection cannot give once its callers are asynchronous.
 */
export type Drizzle = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

// Registered symbols and a process-wide store: the bundler may give this module several instances
// (one per server chunk), and a handle opened through one must be recognised by all of them.
const WRITER = Symbol.for('keytasks.db.writer');
const TX = Symbol.for('keytasks.db.transaction');

type WriterState = { file: string; lock: Mutex; conn?: Drizzle };
type TxState = { open: boolean };

/** What `openDatabase` returns: the reader with every drizzle method (scripts and tests may write with it directly). */
export type AppDatabase = Drizzle & { readonly [WRITER]: WriterState };

type WriteMethod = 'insert' | 'update' | 'delete' | 'run' | 'transaction' | 'batch';
/** Anything that can answer queries: the app's handle or an open transaction. */
export type Reader = Omit<Drizzle, WriteMethod>;
/** The app's handle as services take it: reads; writes only through `transaction(db, …)`. */
export type Db = Reader & { readonly [WRITER]: WriterState };
/** An open transaction: reads see its own writes; it may write. */
export type Tx = Omit<Drizzle, 'transaction' | 'batch'> & { readonly [TX]: TxState };

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'db/migrations');

function connect(file: string): Drizzle {
  const sqlite = new Database(file);
  // WAL lets the reader run beside the writer; synchronous=FULL makes an acknowledged write survive
  // a power cut; the busy timeout queues behind other processes instead of failing.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema }) as Drizzle;
}

/** How many compiled statements each connection keeps (the app's distinct queries number a few hundred). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * drizzle asks the connection to compile every query it runs, and compiling costs more than running
 * the small queries a page makes. The app runs the same few hundred SQL texts over and over, so
 * each connection keeps the compiled statements, least recently used out first. A statement comes
 * back in its default mode (drizzle switches raw mode on per call), and one still busy iterating is
 * never handed out twice.
 */
function cacheStatements(sqlite: Database.Database): void {
  const compile = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      cache.delete(source);
      cache.set(source, cached);
      if (cached.reader) cached.raw(false).pluck(false).expand(false);
      return cached;
    }
    const statement = compile(source);
    if (!cached) {
      cache.set(source, statement);
      if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    return statement;
  }) as Database.Database['prepare'];
}

/** Opens (creating if needed) a SQLite file and brings its schema up to date. */
export function openDatabase(file: string): AppDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const reader = connect(file);
  migrateSqlite(reader);
  return Object.assign(reader, { [WRITER]: { file, lock: new Mutex() } satisfies WriterState });
}

/**
 * Brings a connection's database up to `folder`'s migrations. SQLite can add a NOT NULL column that
 * references another table only while foreign keys are not enforced (its backfill default is
 * checked against nothing): off for the migration, then the whole database is checked before it is
 * used, as SQLite's documented procedure for schema changes asks. Only when a migration is pending:
 * an up-to-date database starts without reading every table.
 */
export function migrateSqlite(conn: Parameters<typeof migrate>[0] & { $client: Database.Database }, folder = MIGRATIONS_DIR): void {
  if (!migrationsPending(conn.$client, folder)) return;
  conn.$client.pragma('foreign_keys = OFF');
  try {
    migrate(conn, { migrationsFolder: folder });
    const broken = conn.$client.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`迁移后数据库有 ${broken.length} 处外键不一致：${JSON.stringify(broken.slice(0, 3))}`);
  } finally {
    conn.$client.pragma('foreign_keys = ON');
  }
}

/** Whether the database has applied fewer migrations than the folder's journal lists. */
function migrationsPending(sqlite: Database.Database, folder: string): boolean {
  const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return true;
  const { n } = sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
  return n < journal.entries.length;
}

/** Closes both connections. */
export function closeDatabase(db: Db): void {
  db[WRITER].conn?.$client.close();
  db[WRITER].conn = undefined;
  db.$client.close();
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'app.db');
}

export function isTx(handle: unknown): handle is Tx {
  return typeof handle === 'object' && handle !== null && TX in handle;
}

// The transaction the current async call chain runs in, so a service called inside another's
// transaction joins it instead of waiting for the mutex its caller holds.
const globalForTx = globalThis as unknown as { __keytasksCurrentTx?: AsyncLocalStorage<Tx> };
const current = (globalForTx.__keytasksCurrentTx ??= new AsyncLocalStorage<Tx>());
let savepoints = 0;

/**
 * Runs `fn` in one transaction and returns its result; a throw rolls everything back. Given an
 * open transaction (or called inside one), `fn` runs in a savepoint of it: its own throw undoes
 * only its part.
 */
export async function transaction<T>(handle: Db | Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const outer = isTx(handle) ? handle : current.getStore();
  if (outer?.[TX].open) return inSavepoint(outer, fn);
  if (isTx(handle)) throw new Error('transaction(): this transaction has already ended');
  const state = handle[WRITER];
  return state.lock.runExclusive(async () => {
    state.conn ??= connect(state.file);
    const conn = state.conn;
    // A fresh object per transaction (the drizzle instance as its prototype), so a handle kept past
    // the end of its transaction is recognisably closed.
    const tx = Object.assign(Object.create(conn) as Drizzle, { [TX]: { open: true } }) as unknown as Tx;
    conn.$client.exec('BEGIN IMMEDIATE');
    try {
      const result = await current.run(tx, () => fn(tx));
      conn.$client.exec('COMMIT');
      return result;
    } catch (err) {
      if (conn.$client.inTransaction) conn.$client.exec('ROLLBACK');
      throw err;
    } finally {
      tx[TX].open = false;
    }
  });
}

async function inSavepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const name = `sp_${++savepoints}`;
  tx.$client.exec(`SAVEPOINT ${name}`);
  try {
    const result = await fn(tx);
    tx.$client.exec(`RELEASE ${name}`);
    return result;
  } catch (err) {
    if (tx.$client.inTransaction) {
      tx.$client.exec(`ROLLBACK TO ${name}`);
      tx.$client.exec(`RELEASE ${name}`);
    }
    throw err;
  }
}
