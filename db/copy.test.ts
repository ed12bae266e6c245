/**
 * npm run db:copy: the demo data of a fresh embedded installation moves into an empty PostgreSQL
 * database with every table's row count and checksum equal, ids kept, and the app reads it there.
 * (PostgreSQL run only.)
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, openPostgres, endDatabase } from './client';
import { tablesInCopyOrder } from './copy';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');

describe.runIf(ENGINE === 'postgres')('npm run db:copy', () => {
  let dir: string;
  let target: { url: string; drop: () => Promise<void> };
  /** The children run the embedded mode: no DATABASE_URL. */
  const childEnv = () => {
    const { DATABASE_URL: _d, ...rest } = process.env;
    return { ...rest, DATA_DIR: dir, DEMO_MODE: '1', SCHEDULER: '0' };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-copy-'));
    await run(tsx, ['scripts/setup-data.ts'], { env: childEnv() });
    const { createPgTestDatabase } = await import('@/lib/testing/pg-test-db');
    // A copy of the migrated, empty template (the copy's own migration step finds nothing to do).
    const made = await createPgTestDatabase();
    await endDatabase(made.db);
    target = made;
  }, 120_000);
  afterAll(async () => {
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table with equal counts and checksums, and the copy serves the app', async () => {
    const pgUrl = target.url;
    // The template is migrated and empty: the copy finds no data and fills it.
    const { stdout } = await run(tsx, ['scripts/db-copy.ts', '--to', pgUrl, '--from', dir], { env: childEnv() });
    expect(stdout).toMatch(/完成：\d+ 张表，共 \d+ 行/);

    const sqlite = new Database(path.join(dir, 'app.db'), { readonly: true });
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      for (const { name } of tablesInCopyOrder()) {
        const a = (sqlite.prepare(`select count(*) as n from "${name}"`).get() as { n: number }).n;
        const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from "${name}"`);
        expect(rows[0]!.n, name).toBe(a);
      }
      expect((sqlite.prepare('select count(*) as n from tasks').get() as { n: number }).n).toBeGreaterThan(70);
      // New rows continue after the copied ids.
      const { rows: next } = await client.query<{ id: number }>(`insert into units (name, kind) values ('区复制测试局', 'department') returning id`);
      const maxId = (sqlite.prepare('select max(id) as m from units').get() as { m: number }).m;
      expect(next[0]!.id).toBeGreaterThan(maxId);
    } finally {
      sqlite.close();
      await client.end();
    }

    // The app's services read the copy.
    const db = openPostgres(pgUrl);
    try {
      const { getLedger, ledgerFilterSchema } = await import('@/lib/ledger/ledger-service');
      const { activePlans } = await import('@/lib/plans/plan-scope');
      const { DEMO_NOW } = await import('@/lib/testing/seeded-fixture');
      const { contextFor } = await import('@/lib/testing/temp-db');
      const ctx = contextFor(db, { userId: 2, username: 'duchashi', displayName: '王督查', role: 'supervisor', districtId: 1, unitId: null, unitName: null }, DEMO_NOW);
      const ledger = await getLedger(ctx, await activePlans(db, ctx.actor), ledgerFilterSchema.parse({}));
      expect(ledger.total).toBeGreaterThan(70);
    } finally {
      await endDatabase(db);
    }
  });

  it('refuses a target that already holds data, leaving it as it was', async () => {
    const err = await run(tsx, ['scripts/db-copy.ts', '--to', target.url, '--from', dir], { env: childEnv() }).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(1);
    expect((err as { stderr: string }).stderr).toContain('只能复制到新建的空数据库');
  });
});
