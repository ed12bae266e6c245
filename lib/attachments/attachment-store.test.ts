import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as downloadRoute } from '@/app/api/attachments/[id]/route';
import { POST as uploadRoute } from '@/app/api/attachments/route';
import { attachments, districtSettings } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/account-service';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ctxOf, env, nov, setUpReporting, sthj, task40, tearDownReporting } from '@/lib/reporting/reporting.fixture';
import { sweepAttachmentStore } from '@/lib/storage/recovery';
import { startS3Server, type TestS3Server } from '@/lib/testing/s3-server';
import { addAttachment, deleteAttachment } from './attachment-service';
import { DirectoryStore, sha256Of, type AttachmentStore } from './attachment-store';
import { S3_SWEEP_GRACE_MS, S3Store } from './s3-store';

/**
 * One contract, two stores: the directory (today's FileStore) and an S3-compatible bucket on a real
 * server (s3rver on a free port, its objects in a temporary directory). Then the S3 store end to end
 * through the upload and download routes and the delete service.
 */
const MB = 1024 * 1024;
const state = vi.hoisted(() => ({ user: null as SessionUser | null, store: null as AttachmentStore | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUser: async () => state.user }));
vi.mock('@/lib/request-context', () => ({ requestContext: async (actor: Actor) => (await import('@/lib/reporting/reporting.fixture')).ctxOf(actor) }));
vi.mock('@/lib/attachments/attachment-store-instance', () => ({ attachmentStore: () => state.store! }));
vi.mock('@/lib/attachments/file-store-instance', () => ({
  fileStore: () => {
    throw new Error('the routes go through attachmentStore()');
  },
  maxUploadBytes: () => 20 * MB,
}));

/** A small PDF (the upload checks the bytes), made unique by its tag, with `extra` random bytes. */
const pdf = (tag: string, extra = 0) => Buffer.concat([Buffer.from(`%PDF-1.4\n% ${tag}\n`), crypto.randomBytes(extra), Buffer.from('\n%%EOF\n')]);
const bytesOf = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const sorted = (hashes: string[]) => [...hashes].sort();
const attachmentRows = async () => (await env.db.select({ n: count() }).from(attachments))[0]!.n;

let s3: TestS3Server;

beforeAll(async () => {
  await setUpReporting();
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
  await tearDownReporting();
});

let fresh = 0;
const subjects: { name: 'directory' | 's3'; store: () => AttachmentStore }[] = [
  { name: 'directory', store: () => DirectoryStore.at(path.join(env.dir, `contract-${++fresh}`, 'files')) },
  // Two keys per listing page: the listing has to follow the continuation tokens.
  { name: 's3', store: () => s3.store({ prefix: `contract-${++fresh}`, listPageSize: 2 }) },
];

const uploadTo = async (store: AttachmentStore, bytes: Uint8Array, name = '材料.pdf') => {
  const r = await addAttachment(ctxOf(sthj()), store, { ownerType: 'report', taskId: task40, periodId: nov }, { name, bytes }, { maxBytes: 20 * MB });
  if (!r.ok) throw new Error(r.error);
  return r.attachment.id;
};

describe.each(subjects)('the $name store', ({ name, store: freshStore }) => {
  it('put is idempotent: the same bytes twice are stored once, under their SHA-256', async () => {
    const store = freshStore();
    const bytes = pdf(`${name} twice`);
    const first = await store.put(bytes);
    const second = await store.put(bytes);
    expect(first).toEqual({ sha256: sha256Of(bytes), created: true });
    expect(second).toEqual({ sha256: first.sha256, created: false });
    expect(await store.list()).toEqual([first.sha256]);
  });

  it('exists and remove (removing what is not there is no error)', async () => {
    const store = freshStore();
    const { sha256 } = await store.put(pdf(`${name} removed`));
    expect(await store.exists(sha256)).toBe(true);
    await store.remove(sha256);
    expect(await store.exists(sha256)).toBe(false);
    await store.remove(sha256);
    expect(await store.exists('0'.repeat(64))).toBe(false);
    await expect(store.exists('../etc/passwd')).rejects.toThrow('invalid hash');
  });

  it('open streams the exact bytes with their size; a missing file is null', async () => {
    const store = freshStore();
    const bytes = pdf(`${name} streamed`, 3 * MB); // several chunks of either stream
    const { sha256 } = await store.put(bytes);
    const file = await store.open(sha256);
    expect(file?.size).toBe(bytes.byteLength);
    const read = await bytesOf(file!.stream);
    expect(read.byteLength).toBe(bytes.byteLength);
    expect(sha256Of(read)).toBe(sha256);
    expect(await store.open('0'.repeat(64))).toBeNull();
  });

  it('list names every stored hash, and only those', async () => {
    const store = freshStore();
    const hashes: string[] = [];
    for (let i = 0; i < 5; i++) hashes.push((await store.put(pdf(`${name} listed ${i}`))).sha256);
    await store.remove(hashes.pop()!);
    expect(sorted(await store.list())).toEqual(sorted(hashes));
    expect(sorted((await store.listObjects()).map((o) => o.sha256))).toEqual(sorted(hashes));
  });

  it('the start-up sweep keeps referenced files, removes old unreferenced ones, counts missing ones', async () => {
    const store = freshStore();
    // The rows of this test only: every other row would count as missing from this store.
    await env.db.delete(attachments).where(gt(attachments.id, 0));
    const kept = pdf(`${name} referenced`);
    await uploadTo(store, kept);
    const orphan = await store.put(pdf(`${name} orphan of a crash`));

    if (store instanceof DirectoryStore) {
      // The directory: uploads write under the write lock, so an unreferenced file is a leftover at once.
      const tmp = `${store.files.pathFor(orphan.sha256)}.999.abcd1234.tmp`;
      fs.writeFileSync(tmp, 'half');
      expect(await sweepAttachmentStore(env.db, store)).toEqual({ orphans: 1, temps: 1, missing: 0, held: 0 });
      expect(fs.existsSync(tmp)).toBe(false);
    } else {
      // S3: a young unreferenced object may be an upload in flight elsewhere: kept, until it is old.
      expect(await sweepAttachmentStore(env.db, store)).toEqual({ orphans: 0, temps: 0, missing: 0, held: 0 });
      expect(sorted(await store.list())).toEqual(sorted([sha256Of(kept), orphan.sha256]));
      const justBefore = new Date(Date.now() + S3_SWEEP_GRACE_MS - 5 * 60_000);
      expect(await sweepAttachmentStore(env.db, store, { now: justBefore })).toEqual({ orphans: 0, temps: 0, missing: 0, held: 0 });
      const later = new Date(Date.now() + S3_SWEEP_GRACE_MS + 60_000);
      expect(await sweepAttachmentStore(env.db, store, { now: later })).toEqual({ orphans: 1, temps: 0, missing: 0, held: 0 });
    }
    expect(await store.list()).toEqual([sha256Of(kept)]);

    // A row whose file is gone is reported (an operator restores it from a backup), never "fixed".
    await store.remove(sha256Of(kept));
    expect(await sweepAttachmentStore(env.db, store)).toEqual({ orphans: 0, temps: 0, missing: 1, held: 0 });
    await env.db.delete(attachments).where(gt(attachments.id, 0));
  });

  it('a store full of files this database does not know is left alone (another deployment’s store, or the wrong database)', async () => {
    const store = freshStore();
    await env.db.delete(attachments).where(gt(attachments.id, 0));
    const foreign: string[] = [];
    for (let i = 0; i < 60; i++) foreign.push((await store.put(pdf(`${name} another deployment ${i}`))).sha256);
    const later = new Date(Date.now() + S3_SWEEP_GRACE_MS + 60_000);
    expect(await sweepAttachmentStore(env.db, store, { now: later })).toEqual({ orphans: 0, temps: 0, missing: 0, held: 60 });
    expect(sorted(await store.list())).toEqual(sorted(foreign));
    for (const hash of foreign) await store.remove(hash);
  });
});

describe('the S3 store end to end: upload and download routes, delete service', () => {
  let store: S3Store;
  beforeAll(() => {
    store = s3.store({ prefix: 'e2e' });
    state.store = store;
    state.user = { ...sthj(), mustChangePassword: false } as SessionUser;
  });

  const segment = { params: Promise.resolve({}) };
  function upload(name: string, bytes: Buffer) {
    const form = new FormData();
    form.set('ownerType', 'report');
    form.set('taskId', String(task40));
    form.set('periodId', String(nov));
    form.set('file', new File([new Uint8Array(bytes)], name, { type: 'application/pdf' }));
    return uploadRoute(new Request('http://localhost/api/attachments', { method: 'POST', body: form }), segment);
  }
  const download = (id: number) => downloadRoute(new Request(`http://localhost/api/attachments/${id}`), { params: Promise.resolve({ id: String(id) }) });
  const uploaded = async (name: string, bytes: Buffer) => {
    const response = await upload(name, bytes);
    const body = (await response.json()) as { ok: boolean; attachment?: { id: number }; error?: string };
    expect(body, body.error).toMatchObject({ ok: true });
    return body.attachment!.id;
  };

  it('an upload stores the object; the download streams its bytes; the object goes with the last row that refers to it', async () => {
    const bytes = pdf('e2e 现场照片说明', 2 * MB);
    const sha = sha256Of(bytes);
    const first = await uploaded('现场照片说明.pdf', bytes);
    expect(await store.exists(sha)).toBe(true);
    const [row] = await env.db.select().from(attachments).where(eq(attachments.id, first));
    expect(row).toMatchObject({ sha256: sha, size: bytes.byteLength });

    const response = await download(first);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect(response.headers.get('content-disposition')).toContain('attachment');
    const got = await bytesOf(response.body!);
    expect(got.equals(bytes)).toBe(true);

    // The same bytes on a second row: one object, kept until neither row refers to it.
    const second = await uploaded('现场照片说明（副本）.pdf', bytes);
    expect(await store.list()).toEqual([sha]);
    expect(await deleteAttachment(ctxOf(sthj()), store, first)).toEqual({ ok: true });
    expect(await store.exists(sha)).toBe(true);
    expect((await download(second)).status).toBe(200);
    expect(await deleteAttachment(ctxOf(sthj()), store, second)).toEqual({ ok: true });
    expect(await store.exists(sha)).toBe(false);
    expect((await download(second)).status).toBe(404);
  });

  it('a row whose object is gone downloads as 404, like an id that does not exist', async () => {
    const bytes = pdf('e2e gone');
    const id = await uploaded('丢失.pdf', bytes);
    await store.remove(sha256Of(bytes));
    const response = await download(id);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('附件不存在');
    expect(await deleteAttachment(ctxOf(sthj()), store, id)).toEqual({ ok: true });
  });

  it('a refusal inside the transaction (the quota) removes the object uploaded before it', async () => {
    const before = sorted(await store.list());
    const rows = await attachmentRows();
    await env.db.insert(districtSettings).values({ districtId: FIRST_DISTRICT_ID, key: 'attachments', value: JSON.stringify({ unitQuotaMb: 1 }), updatedAt: new Date() });
    try {
      const response = await upload('超限.pdf', pdf('e2e over quota', 2 * MB));
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain('存储限额');
    } finally {
      await env.db.delete(districtSettings).where(and(eq(districtSettings.districtId, FIRST_DISTRICT_ID), eq(districtSettings.key, 'attachments')));
    }
    expect(sorted(await store.list())).toEqual(before);
    expect(await attachmentRows()).toBe(rows);
  });

  it('an object removed between its PUT and the row (another writer) is stored again before the commit', async () => {
    /** Another instance's delete of the same bytes gets in right after the first PUT. */
    class RacedStore extends S3Store {
      puts = 0;
      override async put(bytes: Uint8Array) {
        const stored = await super.put(bytes);
        if (++this.puts === 1) await this.remove(stored.sha256);
        return stored;
      }
    }
    const raced = new RacedStore(s3.options({ prefix: 'e2e' }));
    try {
      const bytes = pdf('e2e raced');
      const id = await uploadTo(raced, bytes, '竞争.pdf');
      expect(raced.puts).toBe(2);
      expect(await store.exists(sha256Of(bytes))).toBe(true);
      expect(await deleteAttachment(ctxOf(sthj()), raced, id)).toEqual({ ok: true });
      expect(await store.exists(sha256Of(bytes))).toBe(false);
    } finally {
      await raced.close();
    }
  });
});
