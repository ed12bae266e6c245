/**
 * Classifies the errors that come from the storage layer (SQLite and the file system) rather than
 * from the application's rules, so one place (the `guarded` helper) can turn them into a message a
 * user understands instead of a stack trace.
 */

export const BUSY_MESSAGE = '系统繁忙，请稍后重试';
export const STORAGE_MESSAGE = '存储空间不足或数据目录不可写，本次操作未保存';

/** SQLite result codes (better-sqlite3's `SqliteError.code`, extended codes included) and errno codes. */
const BUSY_CODES = /^SQLITE_(BUSY|LOCKED)(_|$)/;
const STORAGE_SQLITE_CODES = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|PERM)(_|$)/;
const STORAGE_ERRNO_CODES = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO']);

function codeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** Another writer held the database longer than the busy timeout (or a snapshot went stale). */
export function isBusyError(err: unknown): boolean {
  const code = codeOf(err);
  return code !== undefined && BUSY_CODES.test(code);
}

/** The disk is full, or the data directory / database file cannot be written. */
export function isStorageError(err: unknown): boolean {
  const code = codeOf(err);
  if (code === undefined) return false;
  return STORAGE_SQLITE_CODES.test(code) || STORAGE_ERRNO_CODES.has(code);
}

/** The user-facing message for a storage-layer error, or null if the error is something else. */
export function storageFailureMessage(err: unknown): string | null {
  if (isBusyError(err)) return BUSY_MESSAGE;
  if (isStorageError(err)) return STORAGE_MESSAGE;
  return null;
}

/** A short description of why a directory or file could not be written, for operators (Chinese). */
export function describeStorageError(err: unknown): string {
  const code = codeOf(err);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'SQLITE_FULL':
      return '磁盘空间不足';
    case 'EACCES':
    case 'EPERM':
      return '没有写入权限';
    case 'EROFS':
      return '文件系统为只读';
    case 'ENOTDIR':
      return '路径中有同名文件而不是目录';
    case 'ENOENT':
      return '无法创建该目录';
    default:
      if (code?.startsWith('SQLITE_READONLY')) return '数据库文件只读';
      if (code?.startsWith('SQLITE_CANTOPEN')) return '无法打开数据库文件';
      return err instanceof Error ? err.message : String(err);
  }
}
