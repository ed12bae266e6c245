/**
 * The two engines keep one schema. db/schema-pg.ts and the switch db/schema.ts are generated from
 * db/schema-sqlite.ts; on the PostgreSQL run, the migrated databases of both engines are compared
 * table by table: columns (name, order, type, NOT NULL, default), indexes (name, unique, columns,
 * partial), foreign keys, and the append-only audit log enforced by the engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from './engine';
import { bumpedTables, pgTaskVersionTriggerNames, sqliteTaskVersionTriggerNames, sqliteTriggerNames, TASK_VERSION_SOURCES } from './generation-triggers';
import { pgSchemaSource, schemaSwitchSource } from './pg-schema-source';
import * as sqliteSchema from './schema-sqlite';
import { closeDatabase, openDatabase } from './sqlite-client';

const read = (file: string) => fs.readFileSync(path.join(__dirname, file), 'utf8');

describe('the PostgreSQL schema is generated from the SQLite one', () => {
  it('db/schema-pg.ts and db/schema.ts are current (else: npm run db:pg-schema)', () => {
    expect(read('schema-pg.ts')).toBe(pgSchemaSource());
    expect(read('schema.ts')).toBe(schemaSwitchSource());
  });
});

/** The PostgreSQL type each kind of SQLite column becomes (db/pg-schema-source.ts). */
const PG_TYPE: Record<string, string> = {
  SQLiteInteger: 'integer',
  SQLiteTimestamp: 'timestamp with time zone',
  SQLiteBoolean: 'boolean',
  SQLiteReal: 'double precision',
  SQLiteTextJson: 'jsonb',
  SQLiteText: 'text',
};

type Column = { name: string; type: string; notNull: boolean; hasDefault: boolean };
type Index = { name: string; unique: boolean; columns: string[]; partial: boolean };

describe.runIf(ENGINE === 'postgres')('both engines, migrated, hold the same schema', () => {
  let dir: string;
  let sqlite: ReturnType<typeof openDatabase>;
  let client: pg.Client;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-parity-'));
    sqlite = openDatabase(path.join(dir, 'app.db'));
    const { createPgTestDatabase } = await import('@/lib/testing/pg-test-db');
    const created = await createPgTestDatabase();
    afterAll(() => created.drop());
    client = new pg.Client({ connectionString: created.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    closeDatabase(sqlite);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sqliteTables = () =>
    (sqlite.$client.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as { name: string }[]).map((r) => r.name);

  async function pgColumns(table: string): Promise<Column[]> {
    const { rows } = await client.query<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
      `select column_name, data_type, is_nullable, column_default, is_identity from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`,
      [table],
    );
    return rows.map((r) => ({ name: r.column_name, type: r.data_type, notNull: r.is_nullable === 'NO', hasDefault: r.column_default !== null || r.is_identity === 'YES' }));
  }

  async function pgIndexes(table: string): Promise<Index[]> {
    const { rows } = await client.query<{ name: string; unique: boolean; columns: string[]; partial: boolean }>(
      `select i.relname as name, x.indisunique as unique, x.indpred is not null as partial,
              array(select a.attname::text from unnest(x.indkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = x.indrelid and a.attnum = k.n order by k.o) as columns
         from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid join pg_namespace s on s.oid = t.relnamespace
        where s.nspname = 'public' and t.relname = $1 and not x.indisprimary order by i.relname`,
      [table],
    );
    return rows;
  }

  function sqliteIndexes(table: string): Index[] {
    const list = sqlite.$client.prepare(`pragma index_list("${table}")`).all() as { name: string; unique: number; origin: string; partial: number }[];
    return list
      .filter((i) => i.origin === 'c')
      .map((i) => ({
        name: i.name,
        unique: i.unique === 1,
        partial: i.partial === 1,
        columns: (sqlite.$client.prepare(`pragma index_info("${i.name}")`).all() as { name: string; seqno: number }[]).sort((a, b) => a.seqno - b.seqno).map((c) => c.name),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  it('the same tables', async () => {
    const { rows } = await client.query<{ table_name: string }>(`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
    expect(rows.map((r) => r.table_name).sort()).toEqual(sqliteTables().sort());
  });

  it('every table but the sign-in bookkeeping bumps the data generation when written, on both engines', async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `select c.relname as table_name from pg_trigger g join pg_class c on c.oid = g.tgrelid where g.tgname = c.relname || '_bumps_generation' and not g.tgisinternal`,
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(bumpedTables());
    const sqliteTriggers = new Set((sqlite.$client.prepare("select name from sqlite_master where type = 'trigger'").all() as { name: string }[]).map((r) => r.name));
    for (const table of bumpedTables()) for (const name of sqliteTriggerNames(table)) expect(sqliteTriggers.has(name), name).toBe(true);
    expect(bumpedTables()).not.toContain('user_sessions');
    const before = (await client.query<{ n: number }>('select n from data_generation')).rows[0]!.n;
    await client.query(`insert into units (name, kind) values ('区测试局', 'department')`);
    const after = (await client.query<{ n: number }>('select n from data_generation')).rows[0]!.n;
    expect(after).toBeGreaterThan(before);
  });

  it('every table the lights read notes the task it wrote, on both engines', async () => {
    const { rows } = await client.query<{ name: string }>(`select g.tgname as name from pg_trigger g where not g.tgisinternal and g.tgname like '%_notes_%'`);
    const pgTriggers = new Set(rows.map((r) => r.name));
    const sqliteTriggers = new Set((sqlite.$client.prepare("select name from sqlite_master where type = 'trigger'").all() as { name: string }[]).map((r) => r.name));
    for (const table of Object.keys(TASK_VERSION_SOURCES)) {
      for (const name of pgTaskVersionTriggerNames(table)) expect(pgTriggers.has(name), name).toBe(true);
      for (const name of sqliteTaskVersionTriggerNames(table)) expect(sqliteTriggers.has(name), name).toBe(true);
    }
  });

  // Column order is not compared: SQLite appends a column added later, a fresh PostgreSQL schema declares it in place.
  it('the same columns, with the mapped types, NOT NULL and defaults', async () => {
    const byName = new Map((Object.values(sqliteSchema) as unknown[]).filter((t): t is SQLiteTable => is(t, SQLiteTable)).map((t) => [getTableName(t), t]));
    for (const table of sqliteTables()) {
      const info = sqlite.$client.prepare(`pragma table_info("${table}")`).all() as { name: string; notnull: number; dflt_value: string | null; pk: number }[];
      const declared = new Map(Object.values(getTableColumns(byName.get(table)!)).map((c) => [(c as SQLiteColumn).name, c as SQLiteColumn]));
      const expected: Column[] = info.map((c) => {
        const col = declared.get(c.name);
        expect(col, `${table}.${c.name} is declared in db/schema-sqlite.ts`).toBeDefined();
        const autoId = c.pk === 1 && col!.columnType === 'SQLiteInteger' && (col as unknown as { autoIncrement?: boolean }).autoIncrement === true;
        return { name: c.name, type: PG_TYPE[col!.columnType]!, notNull: c.notnull === 1 || c.pk > 0, hasDefault: c.dflt_value !== null || autoId };
      });
      const byColumnName = (a: Column, b: Column) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      expect((await pgColumns(table)).sort(byColumnName), table).toEqual(expected.sort(byColumnName));
    }
  });

  it('the same indexes (names, unique, columns, partial)', async () => {
    for (const table of sqliteTables()) expect(await pgIndexes(table), table).toEqual(sqliteIndexes(table));
  });

  it('the same foreign keys (columns, referenced table and column, ON DELETE)', async () => {
    for (const table of sqliteTables()) {
      const fks = (sqlite.$client.prepare(`pragma foreign_key_list("${table}")`).all() as { from: string; table: string; to: string; on_delete: string }[])
        .map((f) => `${f.from}→${f.table}.${f.to} ${f.on_delete.toLowerCase()}`)
        .sort();
      const { rows } = await client.query<{ fk: string }>(
        `select a.attname || '→' || rt.relname || '.' || ra.attname || ' ' || case c.confdeltype when 'c' then 'cascade' when 'n' then 'set null' when 'r' then 'restrict' when 'd' then 'set default' else 'no action' end as fk
           from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class rt on rt.oid = c.confrelid
           join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1] join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1]
          where c.contype = 'f' and t.relname = $1`,
        [table],
      );
      expect(rows.map((r) => r.fk).sort(), table).toEqual(fks);
    }
  });

  it('the audit log is append-only in the engine: UPDATE and DELETE are refused', async () => {
    await client.query(`insert into audit_log (at, action, entity_type) values (now(), 'login.failure', 'user')`);
    await expect(client.query(`update audit_log set action = 'x.y'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
    await expect(client.query(`truncate audit_log`)).rejects.toThrow(/append-only/);
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from audit_log`);
    expect(rows[0]!.n).toBe(1);
  });
});
