import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { WRITE_LOCK_KEY } from '@/db/pg-client';
import { fsyncPath } from '@/lib/attachments/file-store';
import {
  appInfo,
  BackupError,
  copyPinned,
  MANIFEST_FORMAT,
  pinFiles,
  publishBackup,
  removeStaleStaging,
  sha256File,
  STAGING_PREFIX,
  timestampLabel,
  type BackupManifest,
  type BackupOptions,
} from './backup';
import { connect, connectionFor, findPgTools, pgReferencedHashes, pgTableCounts, run, serverVersion, tail } from './pg-tools';

/**
 * Online backup of a PostgreSQL deployment (DATABASE_URL set) while every app instance keeps
 * writing: the database with `pg_dump --format=custom`, the attachment files its snapshot refers
 * to (DATA_DIR/files, shared by the instances), and the same manifest.json as a SQLite backup with
 * `"engine": "postgres"`.
 *
 * Layout of the folder:  app.dump   files/ab/cd/<sha256>   manifest.json
 *
 * The consistent moment. Two connections of our own:
 *   - `lock` takes the app's write lock: the transaction-scoped advisory lock every write
 *     transaction of every instance takes first (db/pg-client.ts). While we hold it no write
 *     transaction is under way and none can start; an attachment file is written inside its
 *     upload's write transaction and removed inside a later one (attachment-service.ts), so the
 *     set of files on disk cannot change either.
 *   - `snap` opens a REPEATABLE READ, READ ONLY transaction and exports its snapshot
 *     (pg_export_snapshot()) — taken under the lock, so it holds every committed write and no
 *     half of one — reads the attachment hashes from it, and hard-links each file into a staging
 *     folder (as the SQLite backup does). Then the lock is released: the instances' writes pause
 *     only for that, usually a few milliseconds.
 * The row counts of the manifest are then taken in `snap`'s transaction, and pg_dump reads the
 * database with `--snapshot=<that snapshot>`: dump, counts and file list are the same instant of
 * the database, however many writes the instances make meanwhile (MVCC: nobody waits for the dump).
 * Counting in the snapshot is sound because pg_dump imports exactly that snapshot; counting after
 * restoring the dump would only check the dump against itself. The restore checks these counts
 * again, in its own transaction, before it commits (pg-restore.ts). Files are named by their
 * SHA-256 and never change, so copying them from the links later is copying them at the moment.
 */
export const PG_DUMP_FILE = 'app.dump';

/** The app's write lock (every write transaction takes it first; db/pg-client.ts). */
export const APP_WRITE_LOCK_KEY = WRITE_LOCK_KEY;

/** How long a backup waits for a write transaction in progress before giving up. */
const LOCK_WAIT = '60s';

export type PgBackupOptions = BackupOptions & { databaseUrl: string };

function backupFolder(dataDir: string, to: string | undefined, at: Date): string {
  if (to) {
    const dest = path.resolve(to);
    if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) throw new BackupError(`备份目录已存在且不为空：${dest}`);
    return dest;
  }
  let dest = path.join(dataDir, 'backups', timestampLabel(at));
  for (let i = 2; fs.existsSync(dest); i++) dest = path.join(dataDir, 'backups', `${timestampLabel(at)}-${i}`);
  return dest;
}

/** Takes a backup of the PostgreSQL database and of DATA_DIR/files while the app instances run. */
export async function createPgBackup(options: PgBackupOptions): Promise<{ dir: string; manifest: BackupManifest }> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const at = options.at ?? new Date();
  const dest = backupFolder(dataDir, options.to, at);
  const conn = connectionFor(options.databaseUrl);
  const filesRoot = path.join(dataDir, 'files');

  const snap = await connect(options.databaseUrl, 'keytasks-backup');
  let lock: pg.Client | undefined;
  const staging = path.join(filesRoot, `${STAGING_PREFIX}${process.pid}`);
  const work = `${dest}.partial-${process.pid}`;
  let workMade = false;
  try {
    const server = await serverVersion(snap);
    const tools = findPgTools(['pg_dump', 'pg_restore'], server.major);
    lock = await connect(options.databaseUrl, 'keytasks-backup');

    fs.mkdirSync(path.dirname(dest), { recursive: true });
    removeStaleStaging(filesRoot);
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    workMade = true;
    const destFiles = path.join(work, 'files');

    // 1. The consistent moment, under the app's write lock.
    await lock.query('begin');
    await lock.query(`set local lock_timeout = '${LOCK_WAIT}'`);
    const waitStarted = Date.now();
    try {
      await lock.query('select pg_advisory_xact_lock($1)', [APP_WRITE_LOCK_KEY]);
    } catch (err) {
      if ((err as { code?: string }).code === '55P03') throw new BackupError(`等待写入锁超时（${LOCK_WAIT}）：有写操作长时间未结束，请稍后重试`);
      throw err;
    }
    const locked = Date.now();
    let snapshotId = '';
    let pinned: ReturnType<typeof pinFiles> = { staged: [], copied: [], missing: [] };
    try {
      // The snapshot of a REPEATABLE READ transaction is taken by its first statement: this one.
      await snap.query('begin isolation level repeatable read read only');
      snapshotId = (await snap.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
      pinned = pinFiles(await pgReferencedHashes(snap), filesRoot, staging, destFiles);
    } finally {
      await lock.query('commit').catch(() => undefined); // the lock also ends with the connection
    }
    log(
      `已在一致的时刻取得数据库快照并固定 ${pinned.staged.length + pinned.copied.length} 个附件文件` +
        `（等待进行中的写操作 ${locked - waitStarted} 毫秒，写入暂停 ${Date.now() - locked} 毫秒）`,
    );

    // 2. Row counts in the snapshot, then pg_dump of the same snapshot.
    const tables = await pgTableCounts(snap);
    const dumpFile = path.join(work, PG_DUMP_FILE);
    const dumpStarted = Date.now();
    const dumped = await run(
      tools.path('pg_dump'),
      [
        '--format=custom',
        `--snapshot=${snapshotId}`,
        // -B (no large objects): the app keeps none, and without them a restore script has no BEGIN/COMMIT of its own (pg-restore.ts).
        '-B',
        '--lock-wait-timeout=60000',
        `--file=${dumpFile}`,
        `--dbname=${conn.dbname}`,
      ],
      conn.env,
    );
    if (dumped.code !== 0) throw new BackupError(`pg_dump 失败（${tools.dir}，版本 ${tools.version}）：\n${tail(dumped.stderr)}`);
    await snap.query('commit');
    log(`pg_dump 完成（${((Date.now() - dumpStarted) / 1000).toFixed(1)} 秒）`);

    // 3. The dump must read back whole with the pg_restore that will restore it.
    const read = await run(tools.path('pg_restore'), [`--file=${os.devNull}`, dumpFile], conn.env);
    if (read.code !== 0) throw new BackupError(`转储文件无法完整读回（pg_restore）：\n${tail(read.stderr)}`);
    fsyncPath(dumpFile);

    const entries = copyPinned(staging, pinned.staged, pinned.copied, destFiles);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      engine: 'postgres',
      app: options.app ?? appInfo(),
      createdAt: at.toISOString(),
      sourceDataDir: dataDir,
      source: { ...conn.label, serverVersion: server.version },
      database: {
        file: PG_DUMP_FILE,
        bytes: fs.statSync(dumpFile).size,
        sha256: sha256File(dumpFile),
        integrity: 'ok',
        migrations: tables['drizzle.__drizzle_migrations'] ?? 0,
        tables,
        dumpFormat: 'custom',
        pgDumpVersion: tools.version,
      },
      files: { count: entries.length, bytes: entries.reduce((sum, e) => sum + e.size, 0), entries, missing: pinned.missing },
    };
    publishBackup(work, dest, manifest);
    return { dir: dest, manifest };
  } catch (err) {
    if (workMade) fs.rmSync(work, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    await snap.end().catch(() => undefined);
    await lock?.end().catch(() => undefined);
  }
}
