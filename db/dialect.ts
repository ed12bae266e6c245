import { sql, type SQL } from 'drizzle-orm';
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
