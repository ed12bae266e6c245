import { getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import { getTableConfig, SQLiteSyncDialect, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from './schema-sqlite';

/**
 * The PostgreSQL schema is not written by hand: it is derived from the SQLite one
 * (db/schema-sqlite.ts, the one source), so the two engines cannot drift apart. `npm run
 * db:pg-schema` writes db/schema-pg.ts and the switch db/schema.ts (the tables of the engine the
 * process runs on) from this; db/schema-parity.test.ts fails when either file is stale.
 *
 * Mapping: integer → integer (ids: identity, "by default" so copies keep their ids); timestamp_ms →
 * timestamptz(3) (Date either way); boolean → boolean; real → double precision; json text → jsonb;
 * text → text. Indexes, unique indexes, partial indexes, composite keys and foreign keys (with their
 * ON DELETE) carry over under the same names.
 */

const dialect = new SQLiteSyncDialect();

type Emitted = { exportName: string; code: string };

function literal(value: unknown): string {
  return JSON.stringify(value);
}

function columnCode(col: SQLiteColumn): string {
  const name = literal(col.name);
  const config = col as unknown as { autoIncrement?: boolean; config?: { mode?: string } };
  let code: string;
  switch (col.columnType) {
    case 'SQLiteInteger':
      code = `integer(${name})`;
      if (col.primary && config.autoIncrement) return `${code}.primaryKey().generatedByDefaultAsIdentity()`;
      break;
    case 'SQLiteTimestamp':
      code = `timestamp(${name}, { mode: 'date', precision: 3, withTimezone: true })`;
      break;
    case 'SQLiteBoolean':
      code = `boolean(${name})`;
      break;
    case 'SQLiteReal':
      code = `doublePrecision(${name})`;
      break;
    case 'SQLiteTextJson':
      code = `jsonb(${name})`;
      break;
    case 'SQLiteText':
      code = `text(${name})`;
      break;
    default:
      throw new Error(`db/pg-schema-source.ts: no PostgreSQL type for ${col.columnType} (${col.name})`);
  }
  if (col.primary) code += '.primaryKey()';
  if (col.notNull && !col.primary) code += '.notNull()';
  if (col.isUnique) code += '.unique()';
  if (col.default !== undefined) {
    if (is(col.default, SQL)) {
      // The only SQL default is "now" in milliseconds (SQLite's unixepoch('subsec') * 1000).
      if (col.columnType !== 'SQLiteTimestamp') throw new Error(`db/pg-schema-source.ts: SQL default on ${col.name}`);
      code += '.defaultNow()';
    } else {
      code += `.default(${literal(col.default)})`;
    }
  }
  return code;
}

function sqlText(where: SQL): string {
  return dialect.sqlToQuery(where).sql;
}

function tableCode(exportName: string, table: SQLiteTable, exportOf: Map<string, string>): Emitted {
  const tableName = getTableName(table);
  const config = getTableConfig(table);
  const columns = getTableColumns(table);
  const keyOf = new Map(Object.entries(columns).map(([key, col]) => [col.name, key]));
  const lines = Object.entries(columns).map(([key, col]) => `    ${key}: ${columnCode(col as SQLiteColumn)},`);
  const extras: string[] = [];
  for (const pk of config.primaryKeys) {
    extras.push(`primaryKey({ name: ${literal(pk.getName())}, columns: [${pk.columns.map((c) => `t.${keyOf.get(c.name)}`).join(', ')}] })`);
  }
  for (const fk of config.foreignKeys) {
    const ref = fk.reference();
    const target = exportOf.get(getTableName(ref.foreignTable));
    if (!target) throw new Error(`db/pg-schema-source.ts: ${tableName} references a table that is not exported`);
    let code = `foreignKey({ name: ${literal(fk.getName())}, columns: [${ref.columns.map((c) => `t.${keyOf.get(c.name)}`).join(', ')}], foreignColumns: [${ref.foreignColumns
      .map((c) => `${target}.${Object.entries(getTableColumns(ref.foreignTable)).find(([, col]) => col.name === c.name)![0]}`)
      .join(', ')}] })`;
    if (fk.onDelete && fk.onDelete !== 'no action') code += `.onDelete(${literal(fk.onDelete)})`;
    if (fk.onUpdate && fk.onUpdate !== 'no action') code += `.onUpdate(${literal(fk.onUpdate)})`;
    extras.push(code);
  }
  for (const idx of config.indexes) {
    const cols = idx.config.columns.map((c) => {
      if (is(c, SQL)) throw new Error(`db/pg-schema-source.ts: expression index ${idx.config.name}`);
      return `t.${keyOf.get((c as SQLiteColumn).name)}`;
    });
    let code = `${idx.config.unique ? 'uniqueIndex' : 'index'}(${literal(idx.config.name)}).on(${cols.join(', ')})`;
    if (idx.config.where) code += `.where(sql.raw(${literal(sqlText(idx.config.where))}))`;
    extras.push(code);
  }
  for (const u of config.uniqueConstraints) {
    extras.push(`unique(${literal(u.getName())}).on(${u.columns.map((c) => `t.${keyOf.get(c.name)}`).join(', ')})`);
  }
  if (config.checks.length) throw new Error(`db/pg-schema-source.ts: ${tableName} has CHECK constraints (not carried over yet)`);
  const extra = extras.length ? `,\n  (t) => [\n${extras.map((e) => `    ${e},`).join('\n')}\n  ]` : '';
  return { exportName, code: `export const ${exportName} = pgTable(\n  ${literal(tableName)},\n  {\n${lines.join('\n')}\n  }${extra},\n);\n` };
}

function exportedTables(): [string, SQLiteTable][] {
  // By export name: a module namespace lists its exports sorted, CommonJS in declaration order.
  return (Object.entries(sqliteSchema) as [string, unknown][])
    .filter((entry): entry is [string, SQLiteTable] => is(entry[1], SQLiteTable))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The text of db/schema-pg.ts. */
export function pgSchemaSource(): string {
  const tables = exportedTables();
  const exportOf = new Map(tables.map(([exportName, table]) => [getTableName(table), exportName]));
  const emitted = tables.map(([exportName, table]) => tableCode(exportName, table, exportOf));
  const body = emitted.map((e) => e.code).join('\n');
  const builders = ['boolean', 'doublePrecision', 'foreignKey', 'index', 'integer', 'jsonb', 'pgTable', 'primaryKey', 'text', 'timestamp', 'unique', 'uniqueIndex'].filter((name) =>
    // A builder call, not a column method of the same name (`.unique()`).
    new RegExp(`(?<![.\\w])${name}\\(`).test(body),
  );
  return [
    '// Generated by `npm run db:pg-schema` from db/schema-sqlite.ts (db/pg-schema-source.ts). Do not edit.',
    ...(body.includes('sql.raw(') ? ["import { sql } from 'drizzle-orm';"] : []),
    `import { ${builders.join(', ')} } from 'drizzle-orm/pg-core';`,
    '',
    body,
  ].join('\n');
}

/** The text of db/schema.ts: every export of the SQLite schema, with the tables of the running engine. */
export function schemaSwitchSource(): string {
  return [
    '// Generated by `npm run db:pg-schema` (db/pg-schema-source.ts). Do not edit: change db/schema-sqlite.ts.',
    '//',
    '// The tables of the engine this process runs on (db/engine.ts). Services import them from here;',
    '// their types are the SQLite ones, and both engines answer with the same shapes (Date, boolean,',
    '// number, parsed JSON), which db/schema-parity.test.ts and the suite run on both engines check.',
    "import { ENGINE } from './engine';",
    "import * as pg from './schema-pg';",
    "import * as sqlite from './schema-sqlite';",
    '',
    "export * from './schema-sqlite';",
    '',
    "const tables = (ENGINE === 'postgres' ? pg : sqlite) as unknown as typeof sqlite;",
    '',
    ...exportedTables().map(([name]) => `export const ${name} = tables.${name};`),
    '',
  ].join('\n');
}
