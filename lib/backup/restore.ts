import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FileStore, fsyncPath } from '@/lib/attachments/file-store';
import { checkDataDir } from '@/lib/storage/data-dir';
import {
  BackupError,
  checkDatabaseFile,
  copyVerified,
  manifestEngine,
  readManifest,
  referencedHashes,
  sha256File,
  timestampLabel,
  verifyBackup,
  type BackupManifest,
} from './backup';
import { processesUsing } from './process-check';

export type RestoreOptions = {
  backupDir: string;
  dataDir: string;
  /** Replace a database that is already there (it is kept as app.db.before-restore-<ts>). */
  force?: boolean;
  at?: Date;
  log?: (message: string) => void;
};

export type RestoreResult = {
  manifest: BackupManifest;
  /** Where the previous database and its no longer referenced files were put, if there were any. */
  previousDb: string | null;
  previousFiles: string | null;
  filesCopied: number;
  filesMovedAside: number;
};

/**
 * The backup's database file, named by its manifest: a backup folder may come from anywhere, so
 * the name must be a plain file inside the folder — no absolute path, no '..', no link leading
 * out of it. Anything else is refused before anything is read or copied.
 */
export function backupDatabaseFile(backupDir: string, manifest: BackupManifest): string {
  const name = manifest.database.file;
  const refuse = () => new BackupError(`备份清单中的数据库文件路径不安全，已拒绝：${JSON.stringify(name)}（只能是备份目录中的文件名）`);
  if (typeof name !== 'string' || name === '' || path.isAbsolute(name) || path.win32.isAbsolute(name)) throw refuse();
  if (name.split(/[\\/]/).some((part) => part === '..' || part === '.' || part === '')) throw refuse();
  const file = path.resolve(backupDir, name);
  const inside = (root: string, p: string) => {
    const rel = path.relative(root, p);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  if (!inside(backupDir, file)) throw refuse();
  if (fs.existsSync(file) && !inside(fs.realpathSync(backupDir), fs.realpathSync(file))) throw refuse();
  return file;
}

/** Attachment entries are named by their hash; anything else in the manifest is refused. */
export function checkFileEntries(manifest: BackupManifest): void {
  for (const entry of manifest.files.entries) {
    if (typeof entry?.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw new BackupError(`备份清单中的附件名称不正确，已拒绝：${JSON.stringify(entry?.sha256)}`);
    }
  }
}

/**
 * Restores a backup into DATA_DIR. Refuses while a process has the database open, and without
 * `force` when DATA_DIR already has a database. The backup is checked against its manifest first;
 * nothing in DATA_DIR changes until it passes. Steps, each leaving a usable data directory:
 *   1. attachment files of the backup are copied into DATA_DIR/files (content-addressed: nothing
 *      existing is overwritten, so the current database keeps all its files);
 *   2. the database is copied beside the live one and checked again (integrity, row counts);
 *   3. the previous database is checkpointed and kept as app.db.before-restore-<ts>; the copy is
 *      renamed over app.db in one atomic step;
 *   4. files the restored database does not refer to move to files.before-restore-<ts>/.
 */
export function restoreBackup(options: RestoreOptions): RestoreResult {
  const log = options.log ?? (() => {});
  const backupDir = path.resolve(options.backupDir);
  const dataDir = path.resolve(options.dataDir);
  if (!fs.existsSync(backupDir) || !fs.statSync(backupDir).isDirectory()) throw new BackupError(`备份目录不存在：${backupDir}`);
  if (path.relative(backupDir, dataDir) === '') throw new BackupError('备份目录不能就是数据目录');
  if (manifestEngine(readManifest(backupDir)) !== 'sqlite') {
    throw new BackupError(
      '这是 PostgreSQL 数据库的备份（pg_dump），不能恢复为 SQLite 数据目录。请在设置了 DATABASE_URL（指向 PostgreSQL 数据库）的环境中运行 npm run restore',
    );
  }

  const live = path.join(dataDir, 'app.db');
  const users = processesUsing([live, `${live}-wal`, `${live}-shm`]);
  if (users === null) log('警告：无法检测是否有服务正在使用该数据目录，请确认服务已停止');
  else if (users.length) throw new BackupError(`有进程正在使用该数据库（进程号 ${users.join('、')}），请先停止服务再恢复`);
  const hadDb = fs.existsSync(live);
  if (hadDb && !options.force) throw new BackupError(`数据目录中已有数据库：${live}\n如确认用备份覆盖（原数据库会保留为 app.db.before-restore-<时间>），请加 --force`);
  checkDataDir(dataDir);

  // Paths written in the manifest are checked before the backup is verified (which opens them).
  const named = readManifest(backupDir);
  const dbFile = backupDatabaseFile(backupDir, named);
  checkFileEntries(named);

  log('正在校验备份（校验值、完整性、行数、附件）…');
  const { manifest, problems } = verifyBackup(backupDir);
  if (problems.length) throw new BackupError(`备份校验未通过，未做任何改动：\n  - ${problems.slice(0, 20).join('\n  - ')}${problems.length > 20 ? `\n  …共 ${problems.length} 处` : ''}`);
  if (manifest.database.file !== named.database.file) throw new BackupError('备份清单在校验期间被改动，未做任何改动');

  const stamp = timestampLabel(options.at ?? new Date());
  const filesRoot = path.join(dataDir, 'files');

  // 1. Files first: a superset of what either database needs.
  const filesCopied = placeFiles(backupDir, manifest, filesRoot);
  log(`附件文件已就位（新复制 ${filesCopied} 个）`);

  // 2. The database copy, checked where it will live.
  const staged = `${live}.restoring-${stamp}`;
  fs.rmSync(staged, { force: true });
  fs.copyFileSync(dbFile, staged);
  fsyncPath(staged);
  const stagedProblems = checkDatabaseFile(staged, manifest);
  if (stagedProblems.length) {
    fs.rmSync(staged, { force: true });
    throw new BackupError(`复制到数据目录后的数据库校验未通过，未替换原数据库：${stagedProblems.join('；')}`);
  }

  // 3. Keep the previous database (everything in its WAL folded in first), then swap atomically.
  let previousDb: string | null = null;
  if (hadDb) {
    const old = new Database(live, { fileMustExist: true });
    try {
      old.pragma('busy_timeout = 5000');
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.pragma('journal_mode = DELETE');
    } finally {
      old.close();
    }
    const wal = `${live}-wal`;
    if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
      fs.rmSync(staged, { force: true });
      throw new BackupError('原数据库的预写日志未能合并（可能有进程仍在使用），未替换原数据库');
    }
    previousDb = `${live}.before-restore-${stamp}`;
    fs.copyFileSync(live, previousDb);
    fsyncPath(previousDb);
  }
  fs.rmSync(`${live}-wal`, { force: true });
  fs.rmSync(`${live}-shm`, { force: true });
  fs.renameSync(staged, live);
  fsyncPath(dataDir);
  log('数据库已替换');

  // 4. Files only the previous database needed go aside, not away.
  const restored = new Database(live, { readonly: true, fileMustExist: true });
  let keep: Set<string>;
  try {
    keep = new Set(referencedHashes(restored));
  } finally {
    restored.close();
  }
  const aside = moveAsideUnreferenced(dataDir, keep, stamp);
  return { manifest, previousDb, previousFiles: aside.previousFiles, filesCopied, filesMovedAside: aside.moved };
}

/**
 * Copies the backup's attachment files into the store (content-addressed: nothing existing is
 * overwritten; each copy is checked against its hash). Returns how many were copied.
 */
export function placeFiles(backupDir: string, manifest: BackupManifest, filesRoot: string): number {
  const store = new FileStore(filesRoot);
  const from = new FileStore(path.join(backupDir, 'files'));
  let filesCopied = 0;
  for (const entry of manifest.files.entries) {
    const target = store.pathFor(entry.sha256);
    if (fs.existsSync(target) && sha256File(target) === entry.sha256) continue;
    copyVerified(from.pathFor(entry.sha256), target, entry.sha256);
    filesCopied += 1;
  }
  for (const dir of new Set(manifest.files.entries.map((e) => path.dirname(store.pathFor(e.sha256))))) fsyncPath(dir);
  return filesCopied;
}

/** Files the restored database does not refer to go to DATA_DIR/files.before-restore-<stamp>/, not away. */
export function moveAsideUnreferenced(dataDir: string, keep: Set<string>, stamp: string): { moved: number; previousFiles: string | null } {
  const store = new FileStore(path.join(dataDir, 'files'));
  let moved = 0;
  const previousFiles = path.join(dataDir, `files.before-restore-${stamp}`);
  for (const hash of store.list()) {
    if (keep.has(hash)) continue;
    const target = new FileStore(previousFiles).pathFor(hash);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(store.pathFor(hash), target);
    moved += 1;
  }
  for (const tmp of store.tempFiles()) fs.rmSync(tmp, { force: true });
  return { moved, previousFiles: moved ? previousFiles : null };
}
