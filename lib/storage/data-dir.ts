import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describeStorageError } from './storage-errors';

/** A data directory the server cannot use: the message is for the operator, in Chinese. */
export class DataDirError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'DataDirError';
  }
}

/** Below this much free space the server refuses to start: writes would fail at once. */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;
/** Below this much free space start-up warns. */
export const LOW_FREE_BYTES = 200 * 1024 * 1024;

/** mkdir -p, one level at a time (Node's recursive mkdir can spin forever on some special file systems). */
function ensureDir(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
    return;
  }
  const parent = path.dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    fs.mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function probeWrite(dir: string): void {
  const probe = path.join(dir, `.write-check-${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
  try {
    const fd = fs.openSync(probe, 'wx', 0o600);
    try {
      fs.writeSync(fd, Buffer.alloc(4096));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } finally {
    fs.rmSync(probe, { force: true });
  }
}

/**
 * Checks, before anything is written, that the data directory (and the attachment folder and the
 * database file, when they exist) can be written and that the disk is not full. Throws a
 * DataDirError with a clear message; returns a warning when space is low.
 */
export function checkDataDir(dataDir: string): { freeBytes: number | null; warning: string | null } {
  const dir = path.resolve(dataDir);
  try {
    ensureDir(dir);
    probeWrite(dir);
    const files = path.join(dir, 'files');
    if (fs.existsSync(files)) probeWrite(files);
    for (const name of ['app.db', 'app.db-wal', 'app.db-shm']) {
      const file = path.join(dir, name);
      if (fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'r+'));
    }
  } catch (err) {
    throw new DataDirError(`数据目录不可写：${dir}（${describeStorageError(err)}）。请检查目录权限和磁盘空间后重试。`, err);
  }
  let freeBytes: number | null = null;
  try {
    const stat = fs.statfsSync(dir);
    freeBytes = stat.bavail * stat.bsize;
  } catch {
    // statfs is not available everywhere; the write probe above is the real check.
  }
  if (freeBytes !== null && freeBytes < MIN_FREE_BYTES) {
    throw new DataDirError(`数据目录所在磁盘空间不足：${dir}（剩余 ${formatBytes(freeBytes)}）。请清理磁盘后重试。`);
  }
  const warning = freeBytes !== null && freeBytes < LOW_FREE_BYTES ? `数据目录所在磁盘剩余空间较少（${formatBytes(freeBytes)}），请尽快清理` : null;
  return { freeBytes, warning };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}
