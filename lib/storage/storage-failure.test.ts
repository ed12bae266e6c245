import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { count, eq } from 'drizzle-orm';
import { activePlans } from '@/lib/plans/plan-scope';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, reportingPeriods, reports, tasks } from '@/db/schema';
import { guarded } from '@/lib/actions/action-result';
import { addAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import { getLedger } from '@/lib/ledger/ledger-service';
import { getReportEditor, saveReport } from '@/lib/reporting/report-service';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { checkDataDir, DataDirError } from './data-dir';
import { sweepFileStore } from './recovery';
import { BUSY_MESSAGE, isBusyError, isStorageError, STORAGE_MESSAGE, storageFailureMessage } from './storage-errors';

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');
const MAX = 20 * 1024 * 1024;
const pdf = (tag: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${tag}\n%%EOF\n`));

let env: Awaited<ReturnType<typeof createSeededDb>>;
let store: FileStore;
let task40: number;
let nov: number;

beforeAll(async () => {
  env = await createSeededDb();
  store = new FileStore(path.join(env.dir, 'files'));
  task40 = env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, 40)).get()!.id;
  nov = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).get()!.id;
});
afterAll(() => env.cleanup());

const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', 7); // lead of task 40
const upload = (s: FileStore, tag: string) =>
  guarded(() => addAttachment(env.db, s, sthj(), { ownerType: 'report', taskId: task40, periodId: nov }, { name: `${tag}.pdf`, bytes: pdf(tag) }, { maxBytes: MAX, now: NOW, today: TODAY }));

/** Everything a failed write must leave exactly as it was. */
function snapshot() {
  return {
    attachments: env.db.select({ n: count() }).from(attachments).get()!.n,
    reports: env.db.select({ n: count() }).from(reports).get()!.n,
    audit: env.db.select({ n: count() }).from(auditLog).get()!.n,
    files: store.list().sort(),
    temps: store.tempFiles(),
  };
}

function readsStillWork() {
  expect(getLedger(env.db, actorFor(env.db, 'supervisor', '区政府督查室'), activePlans(env.db), { unitRole: 'any', q: undefined, page: 1 }).total).toBe(77);
  expect(getReportEditor(env.db, sthj(), 40, '2023-11', TODAY)).toBeTruthy();
  expect(env.db.select({ n: count() }).from(tasks).get()!.n).toBe(77);
  expect(env.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('storage errors are classified once', () => {
  it('maps SQLite and file-system codes to the two user messages, and nothing else', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) expect(storageFailureMessage(Object.assign(new Error(), { code }))).toBe(BUSY_MESSAGE);
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR_WRITE', 'SQLITE_CANTOPEN', 'ENOSPC', 'EACCES', 'EROFS', 'EDQUOT']) {
      expect(storageFailureMessage(Object.assign(new Error(), { code }))).toBe(STORAGE_MESSAGE);
    }
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'ENOENT', undefined]) expect(storageFailureMessage(Object.assign(new Error(), { code }))).toBeNull();
    expect(isBusyError(new Error('SQLITE_BUSY'))).toBe(false);
    expect(isStorageError('ENOSPC')).toBe(false);
  });
});

describe('a write that fails for lack of space leaves nothing behind', () => {
  it('file store full (ENOSPC): a clear message, no row, no draft, no audit, no file', async () => {
    class FullStore extends FileStore {
      override put(): { sha256: string; created: boolean } {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
    }
    const before = snapshot();
    const r = await upload(new FullStore(store.root), 'enospc');
    expect(r).toEqual({ ok: false, error: STORAGE_MESSAGE });
    expect(snapshot()).toEqual(before);
    readsStillWork();
  });

  it('data directory not writable (EACCES on the file): same message, the draft created in the transaction is rolled back', async () => {
    class ReadOnlyStore extends FileStore {
      override put(): { sha256: string; created: boolean } {
        throw Object.assign(new Error("EACCES: permission denied, open 'x.tmp'"), { code: 'EACCES', errno: -13, syscall: 'open' });
      }
    }
    const before = snapshot();
    expect(await upload(new ReadOnlyStore(store.root), 'eacces')).toEqual({ ok: false, error: STORAGE_MESSAGE });
    expect(snapshot()).toEqual(before);
  });

  it('database full (SQLITE_FULL after the file was written): rolled back, the new file removed, reads go on', async () => {
    const sqlite = env.db.$client;
    // A table that grows by ~1 MB with every attachment row, and a database that may not grow at all:
    // the upload writes its file, then its INSERT fails with a real SQLITE_FULL.
    sqlite.exec("create table if not exists _filler (x blob); create trigger if not exists _fill after insert on attachments begin insert into _filler values (zeroblob(1000000)); end;");
    sqlite.exec('VACUUM'); // no free pages to grow into
    expect(sqlite.pragma('freelist_count', { simple: true })).toBe(0);
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    try {
      const before = snapshot();
      const r = await upload(store, 'sqlite-full');
      expect(r).toEqual({ ok: false, error: STORAGE_MESSAGE });
      expect(snapshot()).toEqual(before); // the file written before the INSERT is gone again
      readsStillWork();

      // saveReport, a multi-statement write, is refused the same way and changes nothing.
      const big = '进展'.repeat(1400); // ~25 KB of text: needs new pages
      const full = await guarded(() =>
        saveReport(env.db, sthj(), { taskId: task40, periodId: nov, version: 0, progress: big, percentDone: 50, problems: big, nextSteps: big, indicatorValues: [] }, 'save', NOW, TODAY),
      );
      expect(full).toEqual({ ok: false, error: STORAGE_MESSAGE });
      expect(snapshot()).toEqual(before);
      readsStillWork();
    } finally {
      sqlite.pragma('max_page_count = 1073741823');
      sqlite.exec('drop trigger _fill; drop table _filler;');
    }
    // With space again, the same upload goes through.
    const ok = await upload(store, 'sqlite-full');
    expect(ok.ok).toBe(true);
  });

  it('a writer held up past the busy timeout gets 系统繁忙, not SQLITE_BUSY', async () => {
    const other = new Database(env.file);
    const sqlite = env.db.$client;
    sqlite.pragma('busy_timeout = 50');
    other.exec('BEGIN IMMEDIATE');
    try {
      const before = snapshot();
      const r = await upload(store, 'busy');
      expect(r).toEqual({ ok: false, error: BUSY_MESSAGE });
      const save = await guarded(() =>
        saveReport(env.db, sthj(), { taskId: task40, periodId: nov, version: 1, progress: '忙', percentDone: 1, problems: '', nextSteps: '', indicatorValues: [] }, 'save', NOW, TODAY),
      );
      expect(save).toEqual({ ok: false, error: BUSY_MESSAGE });
      expect(snapshot()).toEqual(before);
      readsStillWork();
    } finally {
      other.exec('ROLLBACK');
      other.close();
      sqlite.pragma('busy_timeout = 5000');
    }
  });

  it('other errors still propagate', async () => {
    await expect(guarded(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
  });
});

describe('start-up and crash recovery', () => {
  it('sweeps files no row refers to and temporary files, keeps the referenced ones', async () => {
    const r = await upload(store, 'kept');
    expect(r.ok).toBe(true);
    const orphan = store.put(pdf('orphan-from-a-crash'));
    const tmp = `${store.pathFor(orphan.sha256)}.999.abcd1234.tmp`;
    fs.writeFileSync(tmp, 'half');
    const referenced = env.db.selectDistinct({ h: attachments.sha256 }).from(attachments).all().map((x) => x.h).sort();
    expect(sweepFileStore(env.db, store)).toEqual({ orphans: 1, temps: 1, missing: 0 });
    expect(store.list().sort()).toEqual(referenced);
    expect(store.tempFiles()).toEqual([]);
  });

  it('an unusable data directory is refused with a Chinese message', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-datadir-'));
    try {
      const file = path.join(scratch, 'not-a-dir');
      fs.writeFileSync(file, '');
      expect(() => checkDataDir(path.join(file, 'data'))).toThrow(DataDirError);
      expect(() => checkDataDir(path.join(file, 'data'))).toThrow(/^数据目录不可写：.*（路径中有同名文件而不是目录）/);
      expect(checkDataDir(path.join(scratch, 'fresh')).freeBytes).toBeGreaterThan(0);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('npm start’s data step exits non-zero with the message, no stack trace', () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-datadir-'));
    try {
      fs.writeFileSync(path.join(scratch, 'file'), '');
      const r = spawnSync(path.join(process.cwd(), 'node_modules', '.bin', 'tsx'), ['scripts/setup-data.ts'], {
        env: { ...process.env, DATA_DIR: path.join(scratch, 'file', 'data') },
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('[准备数据] 失败：数据目录不可写');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
