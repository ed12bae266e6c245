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
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
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
    return { sha256, created: true };
  }

  exists(sha256: string): boolean {
    return fs.existsSync(this.pathFor(sha256));
  }

  remove(sha256: string): void {
    fs.rmSync(this.pathFor(sha256), { force: true });
  }

  /** Every stored hash (for orphan checks in tests and maintenance). */
  list(): string[] {
    if (!fs.existsSync(this.root)) return [];
    const out: string[] = [];
    for (const a of fs.readdirSync(this.root)) {
      for (const b of fs.readdirSync(path.join(this.root, a))) {
        for (const f of fs.readdirSync(path.join(this.root, a, b))) if (/^[0-9a-f]{64}$/.test(f)) out.push(f);
      }
    }
    return out;
  }
}
