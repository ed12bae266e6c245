import { createHash } from 'node:crypto';
import { asc, getTableColumns, getTableName, is, sql, type AnyColumn } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { getTableConfig as getPgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as pgSchema from './schema-pg';
import * as sqliteSchema from './schema-sqlite';
import type { AppDatabase } from './sqlite-client';

/**
 * Moves an embedded (SQLite) database into an empty PostgreSQL one, table by table in foreign-key
 * order, ids kept, then proves the copy: the same row count and the same checksum per table (rows
 * read back through each engine's schema, in primary-key order, as canonical JSON).
 */
export type TableCheck = { table: string; rows: number; checksum: string };
export type CopyReport = { tables: TableCheck[]; rows: number };

export type Pair = { name: string; exportName: string; source: SQLiteTable; target: PgTable };

/** The exported tables of both schemas, paired by name (the data generation and task versions left out), by name. */
export function tablePairs(): Map<string, Pair> {
  const pgByName = new Map(
    (Object.entries(pgSchema) as [string, unknown][])
      .filter((e): e is [string, PgTable] => is(e[1], PgTable))
      .map(([, t]) => [getTableName(t), t]),
  );
  const pairs = new Map<string, Pair>();
  for (const [exportName, t] of Object.entries(sqliteSchema)) {
    if (!is(t, SQLiteTable)) continue;
    const name = getTableName(t);
    // Each database keeps its own data generation (its caches' key), never copied, and the task
    // versions that count in it, which its triggers write as the rows arrive.
    if (name === 'data_generation' || name === 'task_versions') continue;
    const target = pgByName.get(name);
    if (!target) throw new Error(`PostgreSQL 架构缺少数据表 ${name}（请运行 npm run db:pg-schema）`);
    pairs.set(name, { name, exportName, source: t, target });
  }
  return pairs;
}

/** The exported tables of both schemas, paired by name, parents before children. */
export function tablesInCopyOrder(): Pair[] {
  const pairs = tablePairs();
  const ordered: Pair[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') throw new Error(`外键循环引用：${[...path, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const fk of getTableConfig(pairs.get(name)!.source).foreignKeys) {
      const parent = getTableName(fk.reference().foreignTable);
      if (parent !== name) visit(parent, [...path, name]);
    }
    state.set(name, 'done');
    ordered.push(pairs.get(name)!);
  };
  for (const name of [...pairs.keys()].sort()) visit(name, []);
  return ordered;
}

/** The primary-key columns of a table (the composite key, or the column marked primary). */
export function keyColumns(table: SQLiteTable | PgTable): AnyColumn[] {
  const columns = Object.values(getTableColumns(table)) as AnyColumn[];
  const composite = is(table, SQLiteTable) ? getTableConfig(table).primaryKeys : getPgTableConfig(table as PgTable).primaryKeys;
  if (composite.length) return composite[0]!.columns.map((c) => columns.find((col) => col.name === c.name)!);
  return columns.filter((c) => c.primary);
}

/** A value as both engines' drizzle answers compare: Dates as ISO text, JSON objects with sorted keys (jsonb reorders them). */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Row count and checksum of a table, read through `db` with its engine's table object. */
export async function checkTable(db: { select: AppDatabase['select'] }, table: SQLiteTable | PgTable): Promise<{ rows: number; checksum: string }> {
  const columns = getTableColumns(table);
  const keys = Object.keys(columns).sort();
  const all = (await (db.select() as unknown as { from(t: unknown): Promise<Record<string, unknown>[]> }).from(table)) as Record<string, unknown>[];
  return digestRows(all, keys);
}

/** Row count and checksum of rows (objects keyed by the schema's property names) over `keys`. */
export function digestRows(all: readonly Record<string, unknown>[], keys: readonly string[]): { rows: number; checksum: string } {
  // Sorted here, by code point: the engines' ORDER BY of text follows their collation, which may differ.
  const lines = all.map((row) => JSON.stringify(keys.map((k) => canonical(row[k])))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return { rows: lines.length, checksum: hash.digest('hex') };
}

export const BATCH = 500;

/**
 * Copies every table of `source` (SQLite) into `target` (PostgreSQL, migrated, empty) in one
 * transaction and checks each table's count and checksum on both sides before it commits: any
 * difference leaves the target as it was. Refuses a target that already holds data.
 */
export async function copySqliteToPostgres(source: AppDatabase, target: NodePgDatabase<typeof pgSchema>, onTable?: (check: TableCheck) => void): Promise<CopyReport> {
  const pairs = tablesInCopyOrder();
  for (const { name, target: t } of pairs) {
    const [row] = await target.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(t);
    // A new database holds the one district its migration creates (district 1): the source's replaces it.
    if (row!.n > (name === 'districts' ? 1 : 0)) throw new Error(`目标数据库的 ${name} 表已有数据：只能复制到新建的空数据库`);
  }
  const tables: TableCheck[] = [];
  await target.transaction(async (tx) => {
    const districtsTable = pairs.find((p) => p.name === 'districts')?.target;
    if (districtsTable) await tx.delete(districtsTable).where(sql`true`);
    for (const { source: s, target: t } of pairs) {
      const rows = (await source.select().from(s).orderBy(...keyColumns(s).map((c) => asc(c)))) as Record<string, unknown>[];
      for (let i = 0; i < rows.length; i += BATCH) await tx.insert(t).values(rows.slice(i, i + BATCH) as never);
      // Identity columns continue after the copied ids.
      for (const column of Object.values(getTableColumns(t)) as AnyColumn[]) {
        if (!(column as unknown as { generatedIdentity?: unknown }).generatedIdentity) continue;
        await tx.execute(
          sql`select setval(pg_get_serial_sequence(${getTableName(t)}, ${column.name}), greatest((select coalesce(max(${sql.identifier(column.name)}), 0) from ${t}), 1), (select count(*) > 0 from ${t}))`,
        );
      }
    }
    // Checked before the commit: a difference rolls the whole copy back.
    for (const { name, source: s, target: t } of pairs) {
      const [a, b] = [await checkTable(source, s), await checkTable(tx as never, t)];
      if (a.rows !== b.rows) throw new Error(`${name}：行数不一致（SQLite ${a.rows}，PostgreSQL ${b.rows}）`);
      if (a.checksum !== b.checksum) throw new Error(`${name}：内容校验和不一致`);
      const check = { table: name, rows: a.rows, checksum: a.checksum };
      tables.push(check);
      onTable?.(check);
    }
  });
  return { tables, rows: tables.reduce((n, t) => n + t.rows, 0) };
}
