import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Attachment bytes on disk, addressed by SHA-256: DATA_DIR/files/ab/cd/<hash>. Identical files are
 * stored once. Writes go to a temporary file first and are renamed into place, so a crash never
 * leaves a half-written file under a real name.
 */
export class FileStore {
  constructor(readonly root: string) {}

  static hash(bytes: Uint8Array): string {
    return crypto.createHash('sha256').update(bytes).digest('hex');
  }

  pathFor(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('invalid hash');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Stores the bytes; returns the hash and whether this call created the file. */
  put(bytes: Uint8Array): { sha256: string; created: boolean } {
    const sha256 = FileStore.hash(bytes);
    const target = this.pathFor(sha256);
    if (fs.existsSync(target)) return { sha256, created: false };
    const madeDirs = fs.mkdirSync(path.dirname(target), { recursive: true }) !== undefined;
    writeFileAtomically(target, bytes);
    // The new name (and any new directory) must reach the disk before the row that points at it
    // is committed, or a power cut could keep the row and lose the file.
    fsyncPath(path.dirname(target));
    if (madeDirs) {
      fsyncPath(path.dirname(path.dirname(target)));
      fsyncPath(this.root);
    }
    return { sha256, created: true };
  }

  /** Temporary files are named <hash>.<pid>.<random>.tmp beside their target. */
  static readonly TEMP_SUFFIX = '.tmp';

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathFor(sha256));
  }

  remove(sha256: string): void {
    fs.rmSync(this.pathFor(sha256), { force: true });
  }

  /** Every stored hash (for orphan checks in tests and maintenance). */
  list(): string[] {
    return this.scan().hashes;
  }

  /** Leftover temporary files of writes that never finished (absolute paths). */
  tempFiles(): string[] {
    return this.scan().temps;
  }

  private scan(): { hashes: string[]; temps: string[] } {
    const hashes: string[] = [];
    const temps: string[] = [];
    if (!fs.existsSync(this.root)) return { hashes, temps };
    const dirs = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && /^[0-9a-f]{2}$/.test(e.name));
    for (const a of dirs(this.root)) {
      for (const b of dirs(path.join(this.root, a.name))) {
        const dir = path.join(this.root, a.name, b.name);
        for (const f of fs.readdirSync(dir)) {
          if (/^[0-9a-f]{64}$/.test(f)) hashes.push(f);
          else if (f.endsWith(FileStore.TEMP_SUFFIX)) temps.push(path.join(dir, f));
        }
      }
    }
    return { hashes, temps };
  }
}

/** Syncs a file or directory to disk (some file systems refuse fsync on a directory: ignored). */
export function fsyncPath(p: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(p, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL') throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes the bytes under a temporary name beside `target` (<name>.<pid>.<random>.tmp), syncs
 * them, then renames into place: a half-written file never carries a real name.
 */
export function writeFileAtomically(target: string, bytes: Uint8Array): void {
  const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`; // FileStore.TEMP_SUFFIX (literal: keeps the bundler from tracing every file)
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
