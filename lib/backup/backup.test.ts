import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '@/lib/attachments/file-store';
import { ENGINE } from '@/db/client';
import { createSeededDb } from '@/lib/testing/temp-db';
import { BackupError, createBackup, integrityCheck, readManifest, referencedHashes, sha256File, tableCounts, verifyBackup } from './backup';
import { restoreBackup } from './restore';
import { startWriter, stopWriter } from './live-writer';

const ROOT = process.cwd();
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function attachmentRows(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('select count(*) from attachments').pluck().get() as number;
  } finally {
    db.close();
  }
}


describe.runIf(ENGINE === 'sqlite')("the SQLite database's backup and restore (the online backup API; on PostgreSQL, backups are pg_dump's)", () => {
  let env: Awaited<ReturnType<typeof createSeededDb>>;
  let scratch: string;

  beforeAll(async () => {
    env = await createSeededDb();
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-backup-'));
  });
  afterAll(async () => {
    await env.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('backup during live writes, then restore', () => {
    it('copies a consistent snapshot while another process uploads and deletes, and restores it exactly', async () => {
      const dataDir = env.dir;
      const stopFile = path.join(scratch, 'stop');
      const { child, output } = await startWriter(dataDir, stopFile, 30);
      const before = attachmentRows(env.file);
      const writesSoFar = () => Math.max(0, ...[...output().matchAll(/writes (\d+)/g)].map((m) => Number(m[1])));
      const backups: Awaited<ReturnType<typeof createBackup>>[] = [];
      const writesAtStart = writesSoFar();
      try {
        // Two backups back to back, both while the writer keeps going.
        backups.push(await createBackup({ dataDir, to: path.join(scratch, 'b1') }));
        backups.push(await createBackup({ dataDir }));
        // The writer really was writing while the backups ran.
        await new Promise((r) => setTimeout(r, 200));
        expect(writesSoFar()).toBeGreaterThan(writesAtStart);
      } finally {
        const code = await stopWriter(child, stopFile);
        expect(code).toBe(0);
      }
      const summary = JSON.parse(output().trim().split('\n').pop()!) as { uploads: number; deletes: number };
      expect(summary.uploads).toBeGreaterThan(30);
      expect(summary.deletes).toBeGreaterThan(5);
      const after = attachmentRows(env.file);
      expect(after).toBeGreaterThan(before);
      console.info(
        `[backup test] writer: ${summary.uploads} uploads, ${summary.deletes} deletes; attachments before ${before}, ` +
          `in backups ${backups.map((b) => b.manifest.database.tables.attachments).join(' / ')}, after ${after}`,
      );

      expect(backups[1]!.dir.startsWith(path.join(dataDir, 'backups'))).toBe(true);
      for (const { dir, manifest } of backups) {
        // A snapshot from the middle of the writing: more than at the start, every referenced file present.
        expect(manifest.database.integrity).toBe('ok');
        expect(manifest.database.tables.attachments).toBeGreaterThanOrEqual(before);
        expect(manifest.files.missing).toEqual([]);
        expect(manifest.app.version).toMatch(/^\d+\.\d+\.\d+/);
        expect(verifyBackup(dir).problems).toEqual([]);
        // No temporary or partial leftovers in or beside the backup.
        expect(fs.readdirSync(dir).sort()).toEqual(manifest.files.count ? ['app.db', 'files', 'manifest.json'] : ['app.db', 'manifest.json']);
        expect(new FileStore(path.join(dir, 'files')).tempFiles()).toEqual([]);
        expect(fs.readdirSync(path.dirname(dir)).filter((n) => n.includes('.partial-'))).toEqual([]);
      }

      // Restore the first backup into an empty data directory: equal row counts, exactly the referenced files.
      const target = path.join(scratch, 'restored');
      const { manifest } = backups[0]!;
      const result = restoreBackup({ backupDir: backups[0]!.dir, dataDir: target });
      expect(result.previousDb).toBeNull();
      const db = new Database(path.join(target, 'app.db'), { readonly: true });
      try {
        expect(integrityCheck(db)).toBe('ok');
        expect(tableCounts(db)).toEqual(manifest.database.tables);
        const referenced = referencedHashes(db);
        const stored = new FileStore(path.join(target, 'files')).list().sort();
        expect(stored).toEqual(referenced);
        expect(stored).toEqual(manifest.files.entries.map((e) => e.sha256).sort());
        for (const h of stored) expect(sha256File(new FileStore(path.join(target, 'files')).pathFor(h))).toBe(h);
      } finally {
        db.close();
      }
    }, 120_000);
  });

  describe('restore refuses what it must', () => {
    let backupDir: string;

    beforeAll(async () => {
      backupDir = (await createBackup({ dataDir: env.dir, to: path.join(scratch, 'refusals') })).dir;
    });

    it('will not replace an existing database without --force, and keeps it as before-restore with it', () => {
      const target = path.join(scratch, 'existing');
      restoreBackup({ backupDir, dataDir: target });
      // The current database gets a change the backup does not have.
      const live = new Database(path.join(target, 'app.db'));
      live.pragma('journal_mode = WAL');
      live.prepare("insert into settings (key, value, updated_at) values ('restore-test', '1', 0)").run();
      const changed = tableCounts(live);
      live.close();
      expect(() => restoreBackup({ backupDir, dataDir: target })).toThrow(/--force/);
      // An attachment file only the current database has.
      const extra = new FileStore(path.join(target, 'files')).put(new Uint8Array(Buffer.from('%PDF-1.4\nonly-in-current\n%%EOF\n')));

      const result = restoreBackup({ backupDir, dataDir: target, force: true });
      expect(result.previousDb).toMatch(/app\.db\.before-restore-\d{4}-\d\d-\d\dT\d{6}$/);
      const previous = new Database(result.previousDb!, { readonly: true });
      expect(tableCounts(previous)).toEqual(changed);
      previous.close();
      const restored = new Database(path.join(target, 'app.db'), { readonly: true });
      expect(tableCounts(restored)).toEqual(readManifest(backupDir).database.tables);
      restored.close();
      // The file only the old database could use went aside, not away.
      expect(new FileStore(path.join(target, 'files')).exists(extra.sha256)).toBe(false);
      expect(new FileStore(result.previousFiles!).exists(extra.sha256)).toBe(true);
      expect(fs.existsSync(path.join(target, 'app.db-wal')) && fs.statSync(path.join(target, 'app.db-wal')).size > 0).toBe(false);
    });

    it('refuses while another process has the database open', async () => {
      const target = path.join(scratch, 'busy');
      restoreBackup({ backupDir, dataDir: target });
      const holder = spawn(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(path.join(target, 'app.db'))});d.prepare('select 1').get();console.log('open');setInterval(()=>{},1000)`], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        await new Promise<void>((resolve) => holder.stdout!.once('data', () => resolve()));
        expect(() => restoreBackup({ backupDir, dataDir: target, force: true })).toThrow(/请先停止服务/);
      } finally {
        holder.kill('SIGKILL');
      }
    });

    it('refuses a damaged backup before touching the data directory', async () => {
      const damaged = path.join(scratch, 'damaged');
      fs.cpSync(backupDir, damaged, { recursive: true });
      const target = path.join(scratch, 'untouched');
      // A changed row count in the manifest.
      const manifest = readManifest(damaged);
      manifest.database.tables.users = (manifest.database.tables.users ?? 0) + 1;
      fs.writeFileSync(path.join(damaged, 'manifest.json'), JSON.stringify(manifest));
      expect(() => restoreBackup({ backupDir: damaged, dataDir: target })).toThrow(BackupError);
      expect(fs.existsSync(path.join(target, 'app.db'))).toBe(false);
      // A flipped byte in the database file.
      fs.cpSync(backupDir, damaged, { recursive: true });
      const dbFile = path.join(damaged, 'app.db');
      const bytes = fs.readFileSync(dbFile);
      bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
      fs.writeFileSync(dbFile, bytes);
      expect(verifyBackup(damaged).problems.join()).toContain('校验值');
      expect(() => restoreBackup({ backupDir: damaged, dataDir: target })).toThrow(/备份校验未通过/);
      expect(fs.existsSync(path.join(target, 'app.db'))).toBe(false);
      expect(() => restoreBackup({ backupDir: path.join(scratch, 'nope'), dataDir: target })).toThrow(/备份目录不存在/);
    });

    it('the CLIs print Chinese messages and exit non-zero on failure', async () => {
      const run = (script: string, args: string[], dataDir: string) =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(TSX, [script, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          child.stdout!.on('data', (d) => (out += d));
          child.stderr!.on('data', (d) => (out += d));
          child.on('exit', (code) => resolve({ code, out }));
        });
      const empty = path.join(scratch, 'empty-data');
      const noDb = await run('scripts/backup.ts', [], empty);
      expect(noDb.code).toBe(1);
      expect(noDb.out).toContain('[备份] 失败：数据目录中没有数据库');
      expect(noDb.out).not.toMatch(/\n\s+at /);

      const ok = await run('scripts/backup.ts', ['--to', path.join(scratch, 'cli-backup')], env.dir);
      expect(ok.code).toBe(0);
      expect(ok.out).toContain('[备份] 完成');
      // This test process has env.dir's database open, like a running server.
      const running = await run('scripts/restore.ts', [path.join(scratch, 'cli-backup'), '--force'], env.dir);
      expect(running.code).toBe(1);
      expect(running.out).toContain('请先停止服务再恢复');
      const check = await run('scripts/restore.ts', [path.join(scratch, 'cli-backup'), '--check'], env.dir);
      expect(check.code).toBe(0);
      expect(check.out).toContain('备份完好');
      const fresh = await run('scripts/restore.ts', [path.join(scratch, 'cli-backup')], path.join(scratch, 'cli-restored'));
      expect(fresh.code).toBe(0);
      expect(fresh.out).toContain('[恢复] 完成');
      const again = await run('scripts/restore.ts', [path.join(scratch, 'cli-backup')], path.join(scratch, 'cli-restored'));
      expect(again.code).toBe(1);
      expect(again.out).toContain('请加 --force');
      expect(again.out).not.toMatch(/\n\s+at /);
    }, 60_000);
  });
});
