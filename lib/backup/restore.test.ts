import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '@/db/client';
import { createSeededDb } from '@/lib/testing/temp-db';
import { BackupError, createBackup, readManifest, sha256File } from './backup';
import { restoreBackup } from './restore';

describe.runIf(ENGINE === 'sqlite')("restoring a SQLite backup (on PostgreSQL, backups are pg_dump's)", () => {
  let env: Awaited<ReturnType<typeof createSeededDb>>;
  let scratch: string;
  let backupDir: string;

  beforeAll(async () => {
    env = await createSeededDb();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-restore-'));
    backupDir = (await createBackup({ dataDir: env.dir, to: path.join(scratch, 'good') })).dir;
  });
  afterAll(async () => {
    await env.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  /**
   * A copy of the good backup whose database file lies outside its folder (a valid database, with
   * the right checksum and row counts), and a manifest that names it as `name` says.
   */
  function backupWithOutsideDatabase(label: string, name: (outside: string, dir: string) => string, link = false): { dir: string; outside: string } {
    const dir = path.join(scratch, label);
    fs.cpSync(backupDir, dir, { recursive: true });
    const outside = path.join(scratch, `${label}-outside.db`);
    fs.renameSync(path.join(dir, 'app.db'), outside);
    if (link) fs.symlinkSync(outside, path.join(dir, 'app.db'));
    const manifest = readManifest(dir);
    manifest.database.file = name(outside, dir);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    return { dir, outside };
  }

  describe('restore and the paths written in a backup manifest', () => {
    it('restores the good backup (the control)', () => {
      const target = path.join(scratch, 'restored-ok');
      expect(restoreBackup({ backupDir, dataDir: target }).manifest.database.file).toBe('app.db');
      expect(fs.existsSync(path.join(target, 'app.db'))).toBe(true);
    });

    it('refuses a database named by an absolute path, by "..", or through a link out of the folder, and writes nothing', () => {
      const crafted = [
        backupWithOutsideDatabase('absolute', (outside) => outside),
        backupWithOutsideDatabase('dotdot', (outside, dir) => path.relative(dir, outside)),
        backupWithOutsideDatabase('nested-dotdot', (outside, dir) => `files/../${path.relative(dir, outside)}`),
        backupWithOutsideDatabase('link', () => 'app.db', true),
      ];
      expect(readManifest(crafted[1]!.dir).database.file).toMatch(/^\.\.\//);
      for (const { dir, outside } of crafted) {
        const target = path.join(scratch, `target-${path.basename(dir)}`);
        const before = sha256File(outside);
        let error: unknown;
        try {
          restoreBackup({ backupDir: dir, dataDir: target });
        } catch (err) {
          error = err;
        }
        expect(error, dir).toBeInstanceOf(BackupError);
        expect((error as Error).message, dir).toMatch(/备份清单中的数据库文件路径不安全/);
        expect(fs.existsSync(path.join(target, 'app.db')), dir).toBe(false);
        expect(sha256File(outside)).toBe(before);
      }
    });

    it('refuses an attachment entry that is not a hash', () => {
      const dir = path.join(scratch, 'bad-entry');
      fs.cpSync(backupDir, dir, { recursive: true });
      const manifest = readManifest(dir);
      manifest.files.entries.push({ sha256: '../../../etc/passwd', size: 1 });
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
      const target = path.join(scratch, 'target-bad-entry');
      expect(() => restoreBackup({ backupDir: dir, dataDir: target })).toThrow(/备份清单中的附件名称不正确/);
      expect(fs.existsSync(path.join(target, 'app.db'))).toBe(false);
    });
  });
});
