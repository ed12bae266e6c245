import { eq, sql, type SQL } from 'drizzle-orm';
import type { Reader } from './client';
import { ENGINE } from './engine';
import { contributions, dataGenerationCounter, reports } from './schema';

/**
 * SQL that only one engine understands, kept in one place so that the services' queries stay
 * portable: each function here has its SQLite and its PostgreSQL answer; nothing else in a query
 * depends on the engine.
 */
const postgres = ENGINE === 'postgres';

/**
 * The table a query over the *waiting* review queue (status 'submitted') reads, for use in FROM.
 *
 * SQLite: the partial indexes reports_waiting / contributions_waiting hold the waiting items by
 * task (migration 0018; before, in queue order, which at 100 districts meant reading every
 * district's queue to count one's). The queries start from the lists' tasks, seek each task's
 * waiting items and sort the district's few hundred; the index is named with SQLite's `INDEXED BY`
 * so that SQLite, without statistics, never reads the whole table instead.
 *
 * A server database (PostgreSQL) has no such hint and does not need one: its planner keeps
 * statistics and picks the partial index by itself. Its version of this function returns the bare
 * table (`sql\`${reports}\``).
 */
export function waitingQueueTable(kind: 'report' | 'contribution'): SQL {
  if (postgres) return kind === 'report' ? sql`${reports}` : sql`${contributions}`;
  return kind === 'report' ? sql`${reports} indexed by reports_waiting` : sql`${contributions} indexed by contributions_waiting`;
}

/**
 * A value that changes whenever the data a reader sees may have changed (lib/cache/generation-memo.ts):
 * the number in `data_generation`, which a trigger on every table bumps inside each writing
 * transaction (the migrations of both engines), so the new number is seen exactly when the new
 * data is, by every connection and every app instance — a write through the app, a CLI script, a
 * restore or psql. The sign-in bookkeeping (GENERATION_EXEMPT_TABLES) does not bump it.
 */
export async function dataGeneration(db: Reader): Promise<string> {
  const [row] = await db.select({ n: dataGenerationCounter.n }).from(dataGenerationCounter).where(eq(dataGenerationCounter.id, 1)).limit(1);
  return String(row?.n ?? 0);
}

type PgExecutor = { execute(query: SQL): Promise<{ rows: Record<string, unknown>[] }> };

/**
 * The rows of a hand-written query, as objects keyed by the query's column aliases. Values come
 * as the engine sends them: integers and reals as numbers on both; a timestamp column read this
 * way is a number (milliseconds) on SQLite and text on PostgreSQL, so select it through `epochMs`.
 */
export async function queryRows<T>(db: Reader, query: SQL): Promise<T[]> {
  if (postgres) return (await (db as unknown as PgExecutor).execute(query)).rows as T[];
  return db.all<T>(query);
}

/** The first row of a hand-written query, or undefined. */
export async function queryRow<T>(db: Reader, query: SQL): Promise<T | undefined> {
  return (await queryRows<T>(db, query))[0];
}

/** The rows of a hand-written query as arrays, in the order of its columns (for large reads). */
export async function queryValues<T extends unknown[]>(db: Reader, query: SQL): Promise<T[]> {
  if (postgres) return (await (db as unknown as PgExecutor).execute(query)).rows.map((r) => Object.values(r) as T);
  return db.values<T>(query);
}

/**
 * A timestamp column as milliseconds since the epoch (a number), for hand-written queries and
 * aggregates: SQLite stores it so; PostgreSQL stores timestamptz.
 */
export function epochMs(column: SQL | SQL.Aliased | { getSQL(): SQL }): SQL<number> {
  if (postgres) return sql<number>`(extract(epoch from ${column}) * 1000)::float8`;
  return sql<number>`${column}`;
}

/** A JSON text column's string member (audit detail's `username`), or null when absent or not JSON. */
export function jsonTextMember(column: SQL | { getSQL(): SQL }, member: string): SQL<string | null> {
  if (postgres) return sql<string | null>`(${column})::jsonb ->> ${member}`;
  return sql<string | null>`case when json_valid(${column}) then json_extract(${column}, ${`$.${member}`}) end`;
}

/**
 * `column LIKE pattern ESCAPE escape`, ignoring the case of Latin letters as SQLite's LIKE always
 * does (PostgreSQL: ILIKE), so a search for "ADMIN" finds "admin" on both engines.
 */
export function likeIgnoringCase(column: SQL | { getSQL(): SQL }, pattern: string, escape: '\\' | '!'): SQL {
  return postgres ? sql`${column} ilike ${pattern} escape ${sql.raw(`'${escape}'`)}` : sql`${column} like ${pattern} escape ${sql.raw(`'${escape}'`)}`;
}

/** An instant given in milliseconds since the epoch, as a value to compare with or store in a timestamp column in hand-written SQL. */
export function msTimestamp(ms: number): SQL {
  if (postgres) return sql`to_timestamp(${ms}::float8 / 1000)`;
  return sql`${ms}`;
}
