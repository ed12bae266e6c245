import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FileStore, fsyncPath, writeFileAtomically } from '@/lib/attachments/file-store';

/**
 * Online backup of a data directory: the database through SQLite's backup API (a consistent
 * snapshot while the server keeps writing), then every attachment file that snapshot refers to,
 * and a manifest to check the copy against. Attachment files are named by their SHA-256 and never
 * change once written, so a file copied after the snapshot is exactly the file the snapshot meant;
 * the files are pinned by hard links taken under the same write lock as the database copy, so a
 * deletion after the snapshot cannot take them away either (see snapshotUnderLock).
 *
 * Layout of a backup folder:  app.db   files/ab/cd/<sha256>   manifest.json
 * On PostgreSQL (DATABASE_URL set) the database is app.dump, pg_dump's custom format, and the
 * manifest says `"engine": "postgres"` (lib/backup/pg-backup.ts); a manifest without `engine` is
 * a SQLite backup (made before the field existed).
 */

export const MANIFEST_FILE = 'manifest.json';

/**
 * Makes a finished backup visible: its manifest written and synced last, then the work folder
 * renamed to the destination in one step, so a backup folder with a manifest is always complete.
 */
export function publishBackup(work: string, dest: string, manifest: object): void {
  const manifestFile = path.join(work, MANIFEST_FILE);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  fsyncPath(manifestFile);
  fsyncPath(work);
  if (fs.existsSync(dest)) fs.rmdirSync(dest); // an empty folder named by --to
  fs.renameSync(work, dest);
  fsyncPath(path.dirname(dest));
}
export const BACKUP_DB_FILE = 'app.db';
export const MANIFEST_FORMAT = 1;

export type BackupEngine = 'sqlite' | 'postgres';

export type BackupManifest = {
  format: typeof MANIFEST_FORMAT;
  /** Absent in manifests written before PostgreSQL backups existed: those are SQLite's. */
  engine?: BackupEngine;
  app: { name: string; version: string };
  createdAt: string;
  sourceDataDir: string;
  /** PostgreSQL: where the dump came from (never the password). */
  source?: { host: string; port: string; database: string; user: string; serverVersion: string };
  database: {
    file: string;
    bytes: number;
    sha256: string;
    /** SQLite: integrity_check's answer; PostgreSQL: 'ok' once pg_restore has read the dump's table of contents. */
    integrity: string;
    migrations: number;
    /** Rows per table, taken in the snapshot the copy was made from (PostgreSQL: "schema.table" outside public). */
    tables: Record<string, number>;
    /** PostgreSQL: the dump's format and the pg_dump that wrote it. */
    dumpFormat?: 'custom';
    pgDumpVersion?: string;
  };
  files: {
    count: number;
    bytes: number;
    entries: { sha256: string; size: number }[];
    /** Referenced by the database but absent from the data directory when the backup was taken. */
    missing: string[];
  };
};

/** The engine a manifest belongs to (no field: a SQLite backup from before PostgreSQL). */
export function manifestEngine(manifest: Pick<BackupManifest, 'engine'>): BackupEngine {
  return manifest.engine ?? 'sqlite';
}

/** A refusal or failure with a message for the operator (Chinese). */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/** 2023-11-22T093000, in local time: sorts by time and is safe in a path on every system. */
export function timestampLabel(at: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}T${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
}

export function appInfo(root = process.cwd()): { name: string; version: string } {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string; version?: string };
    return { name: pkg.name ?? 'unknown', version: pkg.version ?? '0.0.0' };
  } catch {
    return { name: 'unknown', version: '0.0.0' };
  }
}

export function sha256File(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Copies a content-addressed file, checking on the way that its bytes still match its name.
 * Written to a temporary name, synced, then renamed: a half-copied file never carries a real name.
 */
export function copyVerified(src: string, dest: string, sha256: string): number {
  const bytes = fs.readFileSync(src);
  if (FileStore.hash(bytes) !== sha256) throw new BackupError(`附件文件内容与其校验值不符（文件已损坏）：${src}`);
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  writeFileAtomically(dest, bytes);
  return bytes.byteLength;
}

/** Row count of every table (the schema's own tables and drizzle's migration journal). */
export function tableCounts(sqlite: Database.Database): Record<string, number> {
  const rows = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of rows) out[name] = (sqlite.prepare(`select count(*) as n from "${name.replaceAll('"', '""')}"`).get() as { n: number }).n;
  return out;
}

export function referencedHashes(sqlite: Database.Database): string[] {
  const hasTable = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'attachments'").get();
  if (!hasTable) return [];
  return (sqlite.prepare('select distinct sha256 from attachments order by sha256').all() as { sha256: string }[]).map((r) => r.sha256);
}

export function integrityCheck(sqlite: Database.Database): string {
  const rows = sqlite.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

/** The live database, read-write if possible (for the lock), else read-only; really opened (SQLite opens lazily). */
function openSource(file: string): Database.Database {
  const open = (readonly: boolean) => {
    const db = new Database(file, { fileMustExist: true, readonly });
    try {
      db.prepare('select count(*) from sqlite_master').get();
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  };
  try {
    return open(false);
  } catch (err) {
    if (!fs.existsSync(file)) throw err;
    return open(true);
  }
}

function storePath(filesRoot: string, sha256: string): string {
  return new FileStore(filesRoot).pathFor(sha256);
}

export type BackupOptions = {
  dataDir: string;
  /** The backup folder; default DATA_DIR/backups/<timestamp>. Must not exist or be empty. */
  to?: string;
  at?: Date;
  app?: { name: string; version: string };
  log?: (message: string) => void;
};

/** Takes a backup of DATA_DIR while the server may be running. */
export async function createBackup(options: BackupOptions): Promise<{ dir: string; manifest: BackupManifest }> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const source = path.join(dataDir, 'app.db');
  if (!fs.existsSync(source)) throw new BackupError(`数据目录中没有数据库：${source}`);
  const at = options.at ?? new Date();
  let dest = options.to ? path.resolve(options.to) : path.join(dataDir, 'backups', timestampLabel(at));
  if (!options.to) {
    // Two backups within the same second get distinct folders.
    for (let i = 2; fs.existsSync(dest); i++) dest = path.join(dataDir, 'backups', `${timestampLabel(at)}-${i}`);
  } else if (fs.existsSync(dest) && fs.readdirSync(dest).length > 0) {
    throw new BackupError(`备份目录已存在且不为空：${dest}`);
  }
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  // Built under a temporary name and renamed when complete: a folder with the real name is whole.
  const work = `${dest}.partial-${process.pid}`;
  const staging = path.join(dataDir, 'files', `${STAGING_PREFIX}${process.pid}`);
  removeStaleStaging(path.join(dataDir, 'files'));
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  try {
    const destFiles = path.join(work, 'files');
    const snapshot = await snapshotUnderLock(source, path.join(work, BACKUP_DB_FILE), path.join(dataDir, 'files'), staging, destFiles, log);
    const entries = copyPinned(staging, snapshot.staged, snapshot.copied, destFiles);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      engine: 'sqlite',
      app: options.app ?? appInfo(),
      createdAt: at.toISOString(),
      sourceDataDir: dataDir,
      database: snapshot.database,
      files: { count: entries.length, bytes: entries.reduce((sum, e) => sum + e.size, 0), entries, missing: snapshot.missing },
    };
    publishBackup(work, dest, manifest);
    return { dir: dest, manifest };
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Hard links of the files a backup is copying, inside DATA_DIR/files (ignored by the store). */
export const STAGING_PREFIX = '.backup-staging-';

export function removeStaleStaging(filesRoot: string): void {
  if (!fs.existsSync(filesRoot)) return;
  for (const name of fs.readdirSync(filesRoot)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const pid = Number(name.slice(STAGING_PREFIX.length));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      // no such process: a backup that died
    }
    if (!alive) fs.rmSync(path.join(filesRoot, name), { recursive: true, force: true });
  }
}

/**
 * The consistent moment of the backup. Holding the database write lock (BEGIN IMMEDIATE; readers
 * go on, writers wait within their busy timeout), it copies the database with the backup API and
 * hard-links every file the copy refers to. Uploads write their file and deletions remove theirs
 * under that same lock, so the files linked are exactly the ones the copy needs; after the lock
 * is released they are copied at leisure from the links, which a later deletion cannot take away.
 * Where a link cannot be made (data disk full or read-only, no hard links), the file is copied to
 * the backup right away, still under the lock. On a read-only data directory nobody can write, and
 * the copy is taken without the lock.
 */
async function snapshotUnderLock(source: string, dbCopy: string, filesRoot: string, staging: string, destFiles: string, log: (m: string) => void) {
  const staged: string[] = [];
  const copied: { sha256: string; size: number }[] = [];
  const missing: string[] = [];
  const copyFiles = (hashes: string[]) => {
    for (const sha256 of hashes) {
      const src = storePath(filesRoot, sha256);
      if (fs.existsSync(src)) copied.push({ sha256, size: copyVerified(src, storePath(destFiles, sha256), sha256) });
      else missing.push(sha256);
    }
  };
  // Two connections: `lock` holds the write lock (and writes nothing); `reader` runs the backup API,
  // which cannot read through a connection that is itself in a write transaction.
  let lock: Database.Database | undefined;
  let reader: Database.Database;
  try {
    lock = openSource(source);
    reader = openSource(source);
  } catch (err) {
    lock?.close();
    // A WAL database on a read-only file system cannot be opened at all. After a clean shutdown
    // (no write-ahead log left) the file itself is the whole database, and nobody can change it.
    const wal = `${source}-wal`;
    if (fs.existsSync(wal) && fs.statSync(wal).size > 0) throw err;
    log('数据库无法以常规方式打开（数据目录只读），直接复制数据库文件');
    fs.copyFileSync(source, dbCopy);
    const copy = new Database(dbCopy);
    try {
      copyFiles(referencedHashes(copy));
    } finally {
      copy.close();
    }
    return finishSnapshot(dbCopy, staged, copied, missing);
  }
  let started = 0;
  let locked = false;
  try {
    lock.pragma('busy_timeout = 10000');
    reader.pragma('busy_timeout = 10000');
    try {
      lock.exec('BEGIN IMMEDIATE');
      locked = true;
    } catch (err) {
      if (!lock.readonly && !/^SQLITE_READONLY/.test(String((err as { code?: unknown }).code))) throw err;
      log('数据目录只读（没有进程能写入），直接复制');
    }
    started = Date.now();
    try {
      // One step after the first copies the rest: nobody can write meanwhile anyway.
      await reader.backup(dbCopy, { progress: () => 1_000_000_000 });
      // Under the lock the database is exactly what was copied.
      const pinned = pinFiles(referencedHashes(reader), filesRoot, staging, destFiles);
      staged.push(...pinned.staged);
      copied.push(...pinned.copied);
      missing.push(...pinned.missing);
    } finally {
      if (locked) lock.exec('ROLLBACK');
    }
  } finally {
    reader.close();
    lock.close();
  }
  log(`已在一致的时刻复制数据库并固定 ${staged.length + copied.length} 个附件文件（写入暂停 ${Date.now() - started} 毫秒）`);
  return finishSnapshot(dbCopy, staged, copied, missing);
}

/**
 * Pins the files a snapshot refers to, while no writer can add or remove one (the caller holds the
 * write lock): each is hard-linked into `staging` (copied from there later, at leisure), or, where
 * a link cannot be made, copied into the backup right away. Files already gone are `missing`.
 */
export function pinFiles(hashes: string[], filesRoot: string, staging: string, destFiles: string) {
  const staged: string[] = [];
  const copied: { sha256: string; size: number }[] = [];
  const missing: string[] = [];
  let canStage = true;
  try {
    fs.mkdirSync(staging, { recursive: true });
  } catch {
    canStage = false;
  }
  for (const sha256 of hashes) {
    const src = storePath(filesRoot, sha256);
    if (!fs.existsSync(src)) {
      missing.push(sha256);
      continue;
    }
    if (canStage) {
      try {
        fs.linkSync(src, path.join(staging, sha256));
        staged.push(sha256);
        continue;
      } catch {
        // no room for a link, or no hard links on this file system: copy it now
      }
    }
    copied.push({ sha256, size: copyVerified(src, storePath(destFiles, sha256), sha256) });
  }
  return { staged, copied, missing };
}

/** Copies the pinned links into the backup (checking each file's bytes) and syncs the folders; the entries sorted. */
export function copyPinned(staging: string, staged: string[], copied: { sha256: string; size: number }[], destFiles: string): { sha256: string; size: number }[] {
  const entries = [...copied];
  for (const sha256 of staged) entries.push({ sha256, size: copyVerified(path.join(staging, sha256), storePath(destFiles, sha256), sha256) });
  entries.sort((a, b) => a.sha256.localeCompare(b.sha256));
  for (const dir of new Set(entries.map((e) => path.dirname(storePath(destFiles, e.sha256))))) fsyncPath(dir);
  return entries;
}

/** Checks the copied database and makes it a self-contained file; its size and checksum go to the manifest. */
function finishSnapshot(dbCopy: string, staged: string[], copied: { sha256: string; size: number }[], missing: string[]) {
  const copy = new Database(dbCopy);
  let database: BackupManifest['database'];
  try {
    // A self-contained single file (no -wal beside it), so the folder can be moved as it is.
    copy.pragma('journal_mode = DELETE');
    const integrity = integrityCheck(copy);
    if (integrity !== 'ok') throw new BackupError(`备份的数据库未通过完整性检查：${integrity}`);
    const tables = tableCounts(copy);
    database = { file: BACKUP_DB_FILE, bytes: 0, sha256: '', integrity, migrations: tables['__drizzle_migrations'] ?? 0, tables };
  } finally {
    copy.close();
  }
  fsyncPath(dbCopy);
  database.bytes = fs.statSync(dbCopy).size;
  database.sha256 = sha256File(dbCopy);
  return { database, staged, copied, missing };
}

// ---------------------------------------------------------------------------------------------
// Checking a backup

export function readManifest(backupDir: string): BackupManifest {
  const file = path.join(backupDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) throw new BackupError(`不是有效的备份目录（缺少 ${MANIFEST_FILE}）：${backupDir}`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`备份清单无法读取：${file}`);
  }
  if (manifest.format !== MANIFEST_FORMAT || !manifest.database?.tables || !Array.isArray(manifest.files?.entries)) {
    throw new BackupError(`备份清单格式不正确：${file}`);
  }
  if (manifest.engine !== undefined && manifest.engine !== 'sqlite' && manifest.engine !== 'postgres') {
    throw new BackupError(`备份清单中的数据库类型不认识：${JSON.stringify(manifest.engine)}（${file}）`);
  }
  return manifest;
}

/** Compares a database's row counts with a manifest's; returns the differences as messages. */
export function compareCounts(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const name of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
    if (expected[name] !== actual[name]) problems.push(`表 ${name} 行数不符：清单 ${expected[name] ?? '无'}，实际 ${actual[name] ?? '无'}`);
  }
  return problems;
}

/** Everything that is wrong with a database file compared with the manifest (empty when all is well). */
export function checkDatabaseFile(file: string, manifest: BackupManifest): string[] {
  const problems: string[] = [];
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = integrityCheck(sqlite);
    if (integrity !== 'ok') problems.push(`数据库完整性检查未通过：${integrity}`);
    else problems.push(...compareCounts(manifest.database.tables, tableCounts(sqlite)));
  } catch (err) {
    problems.push(`数据库无法读取：${err instanceof Error ? err.message : String(err)}`);
  } finally {
    sqlite.close();
  }
  return problems;
}

/** Checks a backup folder against its manifest: database checksum, integrity, row counts, every file. */
export function verifyBackup(backupDir: string): { manifest: BackupManifest; problems: string[] } {
  const dir = path.resolve(backupDir);
  const manifest = readManifest(dir);
  const problems: string[] = [];
  const dbFile = path.join(dir, manifest.database.file);
  const postgres = manifestEngine(manifest) === 'postgres';
  if (!fs.existsSync(dbFile)) {
    problems.push(`缺少数据库文件：${dbFile}`);
  } else if (sha256File(dbFile) !== manifest.database.sha256) {
    problems.push('数据库文件的校验值与清单不符（备份已被改动或损坏）');
  } else if (!postgres) {
    // A PostgreSQL dump's row counts can only be checked by restoring it (pg-restore.ts does, inside its transaction).
    problems.push(...checkDatabaseFile(dbFile, manifest));
  }
  const listed = new Set(manifest.files.entries.map((e) => e.sha256));
  if (!postgres && fs.existsSync(dbFile) && problems.length === 0) {
    const sqlite = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      for (const h of referencedHashes(sqlite)) if (!listed.has(h) && !manifest.files.missing.includes(h)) problems.push(`数据库引用的附件不在清单中：${h}`);
    } finally {
      sqlite.close();
    }
  }
  for (const entry of manifest.files.entries) {
    const file = storePath(path.join(dir, 'files'), entry.sha256);
    if (!fs.existsSync(file)) problems.push(`缺少附件文件：${entry.sha256}`);
    else if (sha256File(file) !== entry.sha256) problems.push(`附件文件已损坏：${entry.sha256}`);
  }
  return { manifest, problems };
}
