/**
 * Backup and restore on PostgreSQL (pg_dump / pg_restore; PostgreSQL run only): a consistent
 * snapshot while another process writes, a restore equal to the source, and the refusals.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDatabase, ENGINE, openPostgres, transaction } from '@/db/client';
import { checkTable, tablesInCopyOrder } from '@/db/copy';
import { queryRows } from '@/db/dialect';
import { FileStore } from '@/lib/attachments/file-store';
import { adminUrl, databaseNameOf, databaseUrl, dropPgTestDatabase } from '@/lib/testing/pg-test-db';
import { createSeededDb, type TempDb } from '@/lib/testing/temp-db';
import { readManifest, sha256File, verifyBackup, type BackupManifest } from './backup';
import { createPgBackup } from './pg-backup';
import { restorePgBackup } from './pg-restore';
import { findPgTools, pgReferencedHashes, pgTableCounts } from './pg-tools';
import { restoreBackup } from './restore';
import { startWriter, stopWriter } from './live-writer';

const ROOT = process.cwd();
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const counts = (url: string) => withClient(url, (c) => pgTableCounts(c));

/** Every table's row count and checksum (db:copy's: rows as canonical JSON), read through the app's schema. */
async function checksums(url: string): Promise<Record<string, string>> {
  const db = openPostgres(url, { max: 2 });
  try {
    const out: Record<string, string> = {};
    for (const pair of tablesInCopyOrder()) {
      const check = await checkTable(db as never, pair.target);
      out[pair.name] = `${check.rows}:${check.checksum}`;
    }
    return out;
  } finally {
    await endDatabase(db);
  }
}

describe.runIf(ENGINE === 'postgres')('backup and restore on PostgreSQL (pg_dump --snapshot, pg_restore in one transaction)', () => {
  let env: TempDb;
  let scratch: string;
  let quiet: { dir: string; manifest: BackupManifest };
  const databases: string[] = [];

  /** A new, really empty database (not the migrated template). */
  async function emptyDatabase(): Promise<string> {
    const name = `r_${process.pid}_${randomBytes(4).toString('hex')}`;
    await withClient(adminUrl(), (c) => c.query(`create database "${name}"`));
    databases.push(name);
    return databaseUrl(adminUrl(), name);
  }

  beforeAll(async () => {
    env = await createSeededDb();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-pg-backup-'));
  });
  afterAll(async () => {
    for (const name of databases) await dropPgTestDatabase(name);
    await env.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('backs up one snapshot while another process uploads and deletes; the dump holds exactly the counts of the manifest', async () => {
    const stopFile = path.join(scratch, 'stop');
    const before = (await counts(env.file)).attachments!;
    const { child, output } = await startWriter(env.dir, stopFile, 20, env.file);
    const writesSoFar = () => Math.max(0, ...[...output().matchAll(/writes (\d+)/g)].map((m) => Number(m[1])));
    const writesAtStart = writesSoFar();
    let backup!: Awaited<ReturnType<typeof createPgBackup>>;
    try {
      backup = await createPgBackup({ dataDir: env.dir, databaseUrl: env.file, to: path.join(scratch, 'live') });
      await sleep(300);
      expect(writesSoFar()).toBeGreaterThan(writesAtStart);
    } finally {
      expect(await stopWriter(child, stopFile)).toBe(0);
    }
    const summary = JSON.parse(output().trim().split('\n').pop()!) as { uploads: number; deletes: number };
    expect(summary.deletes).toBeGreaterThan(3);
    const { dir, manifest } = backup;
    const after = (await counts(env.file)).attachments!;
    console.info(`[pg backup test] writer: ${summary.uploads} uploads, ${summary.deletes} deletes; attachments before ${before}, in the backup ${manifest.database.tables.attachments}, after ${after}`);

    expect(manifest.engine).toBe('postgres');
    expect(manifest.database.file).toBe('app.dump');
    expect(manifest.database.tables.attachments).toBeGreaterThanOrEqual(before);
    expect(manifest.database.migrations).toBeGreaterThan(0);
    expect(manifest.database.tables['drizzle.__drizzle_migrations']).toBe(manifest.database.migrations);
    expect(manifest.source?.database).toBe(databaseNameOf(env.file));
    expect(JSON.stringify(manifest)).not.toContain('PGPASSWORD');
    expect(manifest.files.missing).toEqual([]);
    expect(manifest.files.count).toBeGreaterThan(0);
    expect(verifyBackup(dir).problems).toEqual([]);
    expect(sha256File(path.join(dir, 'app.dump'))).toBe(manifest.database.sha256);
    expect(fs.readdirSync(dir).sort()).toEqual(['app.dump', 'files', 'manifest.json']);
    expect(fs.readdirSync(scratch).filter((n) => n.includes('.partial-'))).toEqual([]);
    expect(fs.readdirSync(path.join(env.dir, 'files')).filter((n) => n.startsWith('.backup-staging-'))).toEqual([]);

    // The dump, restored into an empty database, has exactly the manifest's rows; the files are those its rows name.
    const target = await emptyDatabase();
    const dataDir = path.join(scratch, 'live-restored');
    const result = await restorePgBackup({ backupDir: dir, databaseUrl: target, dataDir });
    expect(result.replaced).toBe(false);
    expect(await counts(target)).toEqual(manifest.database.tables);
    const referenced = (await withClient(target, (c) => pgReferencedHashes(c))).sort();
    const store = new FileStore(path.join(dataDir, 'files'));
    expect(store.list().sort()).toEqual(referenced);
    expect(referenced).toEqual(manifest.files.entries.map((e) => e.sha256).sort());
    for (const h of referenced) expect(sha256File(store.pathFor(h))).toBe(h);
  }, 180_000);

  it('takes its snapshot under the write lock of the app: a write transaction in progress is waited for and is in the backup', async () => {
    const settingsBefore = (await counts(env.file)).settings!;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const writing = transaction(env.db, async (tx) => {
      await queryRows(tx, sql`insert into settings (key, value, updated_at) values ('backup-lock-test', '1', now()) returning key`);
      entered();
      await gate;
    });
    await inside;
    const backing = createPgBackup({ dataDir: env.dir, databaseUrl: env.file, to: path.join(scratch, 'lock') });
    try {
      // The backup's lock connection is seen waiting for the advisory lock before the write commits
      // (up to 40 s: under the full suite's load the backup's tool checks take a while to get there).
      let waiting = 0;
      for (let i = 0; i < 400 && waiting === 0; i++) {
        await sleep(100);
        waiting = await withClient(adminUrl(), async (c) => {
          const { rows } = await c.query<{ n: number }>(
            "select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = 'keytasks-backup' and wait_event_type = 'Lock' and wait_event = 'advisory'",
            [databaseNameOf(env.file)],
          );
          return rows[0]!.n;
        });
      }
      expect(waiting).toBe(1);
    } finally {
      release();
      await writing;
    }
    const { manifest } = await backing;
    expect(manifest.database.tables.settings).toBe(settingsBefore + 1);
  }, 120_000);

  it('restores into an empty database exactly what the source holds: every table (rows and checksum), the sequences, the files', async () => {
    const t0 = Date.now();
    quiet = await createPgBackup({ dataDir: env.dir, databaseUrl: env.file, to: path.join(scratch, 'quiet') });
    const backupMs = Date.now() - t0;
    const target = await emptyDatabase();
    const t1 = Date.now();
    await restorePgBackup({ backupDir: quiet.dir, databaseUrl: target, dataDir: path.join(scratch, 'quiet-restored') });
    const restoreMs = Date.now() - t1;
    const { manifest } = quiet;
    const rows = Object.values(manifest.database.tables).reduce((a, b) => a + b, 0);
    console.info(
      `[pg backup test] seeded demo database + live-writer uploads: ${Object.keys(manifest.database.tables).length} tables, ${rows} rows, ` +
        `dump ${manifest.database.bytes} bytes, ${manifest.files.count} files; backup ${backupMs} ms, restore ${restoreMs} ms`,
    );
    expect(await counts(target)).toEqual(await counts(env.file));
    expect(await checksums(target)).toEqual(await checksums(env.file));
    const sequences = (url: string) =>
      withClient(url, async (c) => (await c.query('select schemaname, sequencename, last_value from pg_sequences order by 1, 2')).rows);
    expect(await sequences(target)).toEqual(await sequences(env.file));
    // The data generation moved on: an instance that was not restarted cannot take its cache for current.
    const generation = (url: string) => withClient(url, async (c) => (await c.query<{ n: number }>('select n from data_generation where id = 1')).rows[0]!.n);
    expect(await generation(target)).not.toBe(await generation(env.file));
    // …and every task version with it, task 0 (every task) included: no kept lights are refreshed from the backup's.
    const versions = await withClient(target, async (c) => (await c.query<{ task_id: number; version: number }>('select task_id, version from task_versions')).rows);
    expect(versions.find((v) => v.task_id === 0)).toBeDefined();
    expect(new Set(versions.map((v) => v.version))).toEqual(new Set([await generation(target)]));
  }, 120_000);

  it('refuses a tampered dump and a manifest whose counts differ from the dump, and leaves the database as it was', async () => {
    const target = await emptyDatabase();
    const dataDir = path.join(scratch, 'tampered-target');
    const tampered = path.join(scratch, 'tampered');
    fs.cpSync(quiet.dir, tampered, { recursive: true });
    const dump = path.join(tampered, 'app.dump');
    const bytes = fs.readFileSync(dump);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    fs.writeFileSync(dump, bytes);
    await expect(restorePgBackup({ backupDir: tampered, databaseUrl: target, dataDir })).rejects.toThrow(/校验值与清单不符/);
    expect(await counts(target)).toEqual({});
    expect(fs.existsSync(path.join(dataDir, 'files'))).toBe(false);

    // The dump is intact but the manifest claims another count: the check inside the restore's transaction rolls it all back.
    const miscounted = path.join(scratch, 'miscounted');
    fs.cpSync(quiet.dir, miscounted, { recursive: true });
    const manifest = readManifest(miscounted);
    manifest.database.tables.users = manifest.database.tables.users! + 1;
    fs.writeFileSync(path.join(miscounted, 'manifest.json'), JSON.stringify(manifest));
    await expect(restorePgBackup({ backupDir: miscounted, databaseUrl: target, dataDir })).rejects.toThrow(/行数与备份清单不符，已整体回滚[\s\S]*users/);
    expect(await counts(target)).toEqual({});

    // A dump cut short (its checksum rewritten to match): pg_restore cannot read it, and nothing changes.
    const truncated = path.join(scratch, 'truncated');
    fs.cpSync(quiet.dir, truncated, { recursive: true });
    const cut = fs.readFileSync(path.join(truncated, 'app.dump')).subarray(0, Math.floor(quiet.manifest.database.bytes * 0.7));
    fs.writeFileSync(path.join(truncated, 'app.dump'), cut);
    const cutManifest = readManifest(truncated);
    cutManifest.database.sha256 = sha256File(path.join(truncated, 'app.dump'));
    cutManifest.database.bytes = cut.byteLength;
    fs.writeFileSync(path.join(truncated, 'manifest.json'), JSON.stringify(cutManifest));
    await expect(restorePgBackup({ backupDir: truncated, databaseUrl: target, dataDir })).rejects.toThrow(/pg_restore[^\n]*(读取转储文件失败|无法读取转储文件)/);
    expect(await counts(target)).toEqual({});

    // A table name that is not a plain identifier never reaches SQL.
    manifest.database.tables = { ...quiet.manifest.database.tables, "x'; drop table users; --": 1 };
    fs.writeFileSync(path.join(miscounted, 'manifest.json'), JSON.stringify(manifest));
    await expect(restorePgBackup({ backupDir: miscounted, databaseUrl: target, dataDir })).rejects.toThrow(/表名不正确/);
  }, 60_000);

  it('refuses a database that is not empty without --force, and while an app instance is connected; --force replaces the app objects', async () => {
    const target = await emptyDatabase();
    const dataDir = path.join(scratch, 'force-target');
    await restorePgBackup({ backupDir: quiet.dir, databaseUrl: target, dataDir });
    // Changes the backup does not have: a row, a table and a function.
    await withClient(target, async (c) => {
      await c.query("insert into settings (key, value, updated_at) values ('only-in-target', '1', now())");
      await c.query('create table leftover (x integer)');
      await c.query('create function leftover_fn() returns integer language sql as $$ select 1 $$');
    });
    await expect(restorePgBackup({ backupDir: quiet.dir, databaseUrl: target, dataDir })).rejects.toThrow(/不是空的[\s\S]*--force/);

    const app = openPostgres(target, { max: 1 });
    try {
      await queryRows(app, sql`select 1 as one`);
      await expect(restorePgBackup({ backupDir: quiet.dir, databaseUrl: target, dataDir, force: true })).rejects.toThrow(/请先停止所有应用实例/);
    } finally {
      await endDatabase(app);
    }

    const result = await restorePgBackup({ backupDir: quiet.dir, databaseUrl: target, dataDir, force: true });
    expect(result.replaced).toBe(true);
    expect(await counts(target)).toEqual(quiet.manifest.database.tables);
    expect(await checksums(target)).toEqual(await checksums(env.file));
    expect(await withClient(target, async (c) => (await c.query("select to_regprocedure('public.leftover_fn()') as f")).rows[0].f)).toBeNull();

    // Data damaged behind the table of contents (the checksum rewritten to match): pg_restore --list passes, the
    // script fails half-way, psql is killed before any COMMIT, and the drop and the part already restored roll back.
    const damaged = path.join(scratch, 'damaged-data');
    fs.cpSync(quiet.dir, damaged, { recursive: true });
    const dumpBytes = fs.readFileSync(path.join(damaged, 'app.dump'));
    const from = Math.floor(dumpBytes.length * 0.95);
    for (let i = from; i < from + 64; i++) dumpBytes[i] = dumpBytes[i]! ^ 0xff;
    fs.writeFileSync(path.join(damaged, 'app.dump'), dumpBytes);
    const damagedManifest = readManifest(damaged);
    damagedManifest.database.sha256 = sha256File(path.join(damaged, 'app.dump'));
    fs.writeFileSync(path.join(damaged, 'manifest.json'), JSON.stringify(damagedManifest));
    await expect(restorePgBackup({ backupDir: damaged, databaseUrl: target, dataDir, force: true })).rejects.toThrow(/pg_restore 读取转储文件失败，已整体回滚/);
    expect(await counts(target)).toEqual(quiet.manifest.database.tables);
  }, 60_000);

  it('refuses a SQLite backup into PostgreSQL (pointing to db:copy) and a PostgreSQL backup into a SQLite data directory', async () => {
    const target = await emptyDatabase();
    const old = path.join(scratch, 'sqlite-manifest');
    fs.cpSync(quiet.dir, old, { recursive: true });
    const manifest = readManifest(old);
    delete manifest.engine; // a manifest from before the field: SQLite's
    fs.writeFileSync(path.join(old, 'manifest.json'), JSON.stringify(manifest));
    await expect(restorePgBackup({ backupDir: old, databaseUrl: target, dataDir: path.join(scratch, 'x') })).rejects.toThrow(/SQLite 数据目录的备份[\s\S]*npm run db:copy/);
    expect(await counts(target)).toEqual({});

    const sqliteTarget = path.join(scratch, 'sqlite-target');
    expect(() => restoreBackup({ backupDir: quiet.dir, dataDir: sqliteTarget })).toThrow(/PostgreSQL 数据库的备份/);
    expect(fs.existsSync(path.join(sqliteTarget, 'app.db'))).toBe(false);
  });

  it('says what to install when pg_dump is missing or older than the server', () => {
    expect(() => findPgTools(['pg_dump'], 15, { PG_BIN: path.join(scratch, 'no-such-bin') })).toThrow(/未找到 pg_dump[\s\S]*apt-get install postgresql-client/);
    expect(() => findPgTools(['pg_dump'], 99, { PATH: '' })).toThrow(/低于数据库服务器的 99/);
    expect(findPgTools(['pg_dump', 'pg_restore', 'psql'], 15).major).toBeGreaterThanOrEqual(15);
  });

  it('the CLIs: npm run backup and npm run restore -- --from on PostgreSQL, with Chinese messages', async () => {
    const cli = (script: string, args: string[], extra: Record<string, string | undefined>) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout!.on('data', (d) => (out += d));
        child.stderr!.on('data', (d) => (out += d));
        child.on('exit', (code) => resolve({ code, out }));
      });
    const backupDir = path.join(scratch, 'cli-backup');
    // No secrets needed for a backup (the server's environment check is not the backup's): undefined leaves them out.
    const backup = await cli('scripts/backup.ts', ['--to', backupDir], { AUTH_SECRET: undefined, NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: undefined, DATABASE_URL: env.file, DATA_DIR: env.dir });
    expect(backup.out).toContain('[备份] 完成');
    expect(backup.code).toBe(0);
    expect(backup.out).toContain('PostgreSQL');

    const check = await cli('scripts/restore.ts', ['--from', backupDir, '--check'], {});
    expect(check.out).toContain('备份完好');
    expect(check.code).toBe(0);

    const target = await emptyDatabase();
    const restoreEnv = { DATABASE_URL: target, DATA_DIR: path.join(scratch, 'cli-restored') };
    const restored = await cli('scripts/restore.ts', ['--from', backupDir], restoreEnv);
    expect(restored.out).toContain('[恢复] 完成');
    expect(restored.out).toContain('请重新启动所有应用实例');
    expect(restored.code).toBe(0);
    const again = await cli('scripts/restore.ts', ['--from', backupDir], restoreEnv);
    expect(again.code).toBe(1);
    expect(again.out).toContain('请加 --force');
    expect(again.out).not.toMatch(/\n\s+at /);
  }, 120_000);
});
