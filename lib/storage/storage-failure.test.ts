import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE, transaction } from '@/db/client';
import { attachments, auditLog, reportingPeriods, reports, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { addAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import { getLedger } from '@/lib/ledger/ledger-service';
import { activePlans } from '@/lib/plans/plan-scope';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { getReportEditor } from '@/lib/reporting/report-editor';
import { saveReportSchema } from '@/lib/reporting/schemas';
import { settle } from '@/lib/result';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { checkDataDir, DataDirError } from './data-dir';
import { sweepFileStore } from './recovery';
import { BUSY_MESSAGE, isBusyError, isStorageError, STORAGE_MESSAGE, storageFailureMessage } from './storage-errors';

const NOW = new Date('2023-11-22T09:30:00+08:00');
const MAX = 20 * 1024 * 1024;
const pdf = (tag: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${tag}\n%%EOF\n`));

let env: Awaited<ReturnType<typeof createSeededDb>>;
let store: FileStore;
let task40: number;
let nov: number;
/** The actors of these tests (made in beforeAll, once the database exists). */
let actors: Record<'sthj' | 'supervisor', Actor>;

beforeAll(async () => {
  env = await createSeededDb();
  store = new FileStore(path.join(env.dir, 'files'));
  const [t40] = await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, 40)).limit(1);
  task40 = t40!.id;
  const [period] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).limit(1);
  nov = period!.id;
  actors = {
    sthj: await actorFor(env.db, 'reporter', '河东生态环境分局', 7), // lead of task 40
    supervisor: await actorFor(env.db, 'supervisor', '区政府督查室'),
  };
});
afterAll(() => env.cleanup());

const sthj = () => actors.sthj; // lead of task 40
const ctxOf = (actor = sthj()) => contextFor(env.db, actor, NOW);
const upload = (s: FileStore, tag: string) =>
  settle(() => addAttachment(ctxOf(), s, { ownerType: 'report', taskId: task40, periodId: nov }, { name: `${tag}.pdf`, bytes: pdf(tag) }, { maxBytes: MAX }));
const save = (fields: { version: number; progress: string; percentDone: number; problems: string; nextSteps: string }) =>
  settle(() => saveReport(ctxOf(), saveReportSchema.parse({ taskId: task40, periodId: nov, indicatorValues: [], ...fields, intent: 'save' })));

/**
 * The connection every transaction writes through (db/client.ts opens it beside the reader): the
 * per-connection limits a test sets to provoke a failure (busy timeout, page limit) go there.
 */
const writer = () => transaction(env.db, async (tx) => tx.$client);

async function countOf(table: typeof attachments | typeof reports | typeof auditLog | typeof tasks): Promise<number> {
  const [row] = await env.db.select({ n: count() }).from(table);
  return row!.n;
}

/** Everything a failed write must leave exactly as it was. */
async function snapshot() {
  return {
    attachments: await countOf(attachments),
    reports: await countOf(reports),
    audit: await countOf(auditLog),
    files: store.list().sort(),
    temps: store.tempFiles(),
  };
}

async function readsStillWork() {
  const supervisor = contextFor(env.db, actors.supervisor, NOW);
  expect((await getLedger(supervisor, await activePlans(env.db, supervisor.actor), { unitRole: 'any', q: undefined, page: 1 })).total).toBe(77);
  expect(await getReportEditor(ctxOf(), 40, '2023-11')).toBeTruthy();
  expect(await countOf(tasks)).toBe(77);
  // SQLite's own check of the file (PostgreSQL has no such check to run from a test).
  if (ENGINE === 'sqlite') expect(env.db.$client.pragma('integrity_check', { simple: true })).toBe('ok');
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
    const before = await snapshot();
    const r = await upload(new FullStore(store.root), 'enospc');
    expect(r).toEqual({ ok: false, error: STORAGE_MESSAGE });
    expect(await snapshot()).toEqual(before);
    await readsStillWork();
  });

  it('data directory not writable (EACCES on the file): same message, the draft created in the transaction is rolled back', async () => {
    class ReadOnlyStore extends FileStore {
      override put(): { sha256: string; created: boolean } {
        throw Object.assign(new Error("EACCES: permission denied, open 'x.tmp'"), { code: 'EACCES', errno: -13, syscall: 'open' });
      }
    }
    const before = await snapshot();
    expect(await upload(new ReadOnlyStore(store.root), 'eacces')).toEqual({ ok: false, error: STORAGE_MESSAGE });
    expect(await snapshot()).toEqual(before);
  });

  // SQLite's page limit and its file lock: engine-specific failures, provoked on SQLite only.
  it.runIf(ENGINE === 'sqlite')('database full (SQLITE_FULL after the file was written): rolled back, the new file removed, reads go on', async () => {
    const sqlite = env.db.$client;
    // A table that grows by ~1 MB with every attachment row, and a database that may not grow at all:
    // the upload writes its file, then its INSERT fails with a real SQLITE_FULL.
    sqlite.exec("create table if not exists _filler (x blob); create trigger if not exists _fill after insert on attachments begin insert into _filler values (zeroblob(1000000)); end;");
    sqlite.exec('VACUUM'); // no free pages to grow into
    expect(sqlite.pragma('freelist_count', { simple: true })).toBe(0);
    // The page limit is per connection: it goes on the writer, read inside a transaction so that the
    // writer knows the database's size after the VACUUM.
    const full = await transaction(env.db, async (tx) => {
      const pages = tx.$client.pragma('page_count', { simple: true }) as number;
      tx.$client.pragma(`max_page_count = ${pages}`);
      return tx.$client;
    });
    expect(full.pragma('max_page_count', { simple: true })).toBe(sqlite.pragma('page_count', { simple: true }));
    try {
      const before = await snapshot();
      const r = await upload(store, 'sqlite-full');
      expect(r).toEqual({ ok: false, error: STORAGE_MESSAGE });
      expect(await snapshot()).toEqual(before); // the file written before the INSERT is gone again
      await readsStillWork();

      // saveReport, a multi-statement write, is refused the same way and changes nothing.
      const big = '进展'.repeat(1400); // ~25 KB of text: needs new pages
      const refused = await save({ version: 0, progress: big, percentDone: 50, problems: big, nextSteps: big });
      expect(refused).toEqual({ ok: false, error: STORAGE_MESSAGE });
      expect(await snapshot()).toEqual(before);
      await readsStillWork();
    } finally {
      full.pragma('max_page_count = 1073741823');
      sqlite.exec('drop trigger _fill; drop table _filler;');
    }
    // With space again, the same upload goes through.
    const ok = await upload(store, 'sqlite-full');
    expect(ok.ok).toBe(true);
  });

  it.runIf(ENGINE === 'sqlite')('a writer held up past the busy timeout gets 系统繁忙, not SQLITE_BUSY', async () => {
    // Another process (a CLI script, a second server) holds the write lock; every write of the app
    // goes through the writer connection, whose busy timeout is shortened for the test.
    const other = new Database(env.file);
    const sqlite = await writer();
    sqlite.pragma('busy_timeout = 50');
    other.exec('BEGIN IMMEDIATE');
    try {
      const before = await snapshot();
      const r = await upload(store, 'busy');
      expect(r).toEqual({ ok: false, error: BUSY_MESSAGE });
      const saved = await save({ version: 1, progress: '忙', percentDone: 1, problems: '', nextSteps: '' });
      expect(saved).toEqual({ ok: false, error: BUSY_MESSAGE });
      expect(await snapshot()).toEqual(before);
      await readsStillWork();
    } finally {
      other.exec('ROLLBACK');
      other.close();
      sqlite.pragma('busy_timeout = 5000');
    }
  });

  it('other errors still propagate', async () => {
    await expect(settle(() => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
  });
});

describe('start-up and crash recovery', () => {
  it('sweeps files no row refers to and temporary files, keeps the referenced ones', async () => {
    const r = await upload(store, 'kept');
    expect(r.ok).toBe(true);
    const orphan = store.put(pdf('orphan-from-a-crash'));
    const tmp = `${store.pathFor(orphan.sha256)}.999.abcd1234.tmp`;
    fs.writeFileSync(tmp, 'half');
    const referenced = (await env.db.selectDistinct({ h: attachments.sha256 }).from(attachments)).map((x) => x.h).sort();
    expect(referenced.length).toBeGreaterThan(0);
    expect(await sweepFileStore(env.db, store)).toEqual({ orphans: 1, temps: 1, missing: 0, held: 0 });
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
