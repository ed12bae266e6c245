import { sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Reader } from './client';
import { contributions, reports } from './schema';

/**
 * SQL that only the embedded engine (SQLite) understands, kept in one place so that the services'
 * queries stay portable. A server database gets its own version of these functions; nothing else
 * in a query depends on the engine.
 */

/**
 * The table a query over the *waiting* review queue (status 'submitted') reads, for use in FROM.
 *
 * SQLite: the partial indexes reports_waiting / contributions_waiting (migration 0004) hold the
 * waiting items in queue order. Without statistics SQLite would rather start from the lists' tasks
 * and sort the whole queue, so the index is named with SQLite's `INDEXED BY`.
 *
 * A server database (PostgreSQL) has no such hint and does not need one: its planner keeps
 * statistics and picks the partial index by itself. Its version of this function returns the bare
 * table (`sql\`${reports}\``).
 */
export function waitingQueueTable(kind: 'report' | 'contribution'): SQL {
  return kind === 'report' ? sql`${reports} indexed by reports_waiting` : sql`${contributions} indexed by contributions_waiting`;
}

/**
 * A value that changes whenever the data a reader sees may have changed (lib/cache/generation-memo.ts).
 *
 * SQLite: `PRAGMA data_version` of the reading connection bumps when another connection commits
 * (the app's writer connection, a CLI script, a restore), and `total_changes()` counts rows
 * written through the reading connection itself (scripts and tests that write directly). Both
 * are answered from memory, without I/O.
 */
export function dataGeneration(db: Reader): string {
  const client = db.$client;
  const version = client.pragma('data_version', { simple: true }) as number;
  const changes = (client.prepare('select total_changes() as n').get() as { n: number }).n;
  return `${version}:${changes}`;
}

/**
 * The order rows were inserted in, for tables without a column that records it (ties of a frozen
 * ranking keep the order they were ranked in). SQLite: the implicit `rowid`.
 */
export function insertionOrder(table: AnySQLiteTable): SQL {
  return sql`${table}.rowid`;
}
