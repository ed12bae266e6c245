import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as uploadRoute } from '@/app/api/attachments/route';
import { attachments } from '@/db/schema';
import type { SessionUser } from '@/lib/auth/account-service';
import type { Actor } from '@/lib/auth/actor';
import { CHUNK, CLOSE, fieldPart, fileHead, generatedBody, MB, MULTIPART, type GeneratedBody } from '@/lib/http/upload-stream.fixture';
import { env, nov, setUpReporting, sthj, task40, tearDownReporting } from '@/lib/reporting/reporting.fixture';
import { FileStore } from './file-store';

/**
 * The upload route (app/api/attachments/route.ts) with its preamble, a session and request
 * context given by the test, and a 20 MB limit: what the server reads of an upload is counted.
 */
const state = vi.hoisted(() => ({ user: null as SessionUser | null, store: null as FileStore | null }));
vi.mock('@/lib/auth/session', () => ({ getSessionUser: async () => state.user }));
vi.mock('@/lib/request-context', () => ({ requestContext: async (actor: Actor) => (await import('@/lib/reporting/reporting.fixture')).ctxOf(actor) }));
vi.mock('@/lib/attachments/file-store-instance', () => ({ fileStore: () => state.store!, maxUploadBytes: () => 20 * MB }));

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  await setUpReporting();
  state.store = new FileStore(path.join(env.dir, 'files'));
  state.user = { ...sthj(), mustChangePassword: false } as SessionUser;
});
afterAll(tearDownReporting);

const segment = { params: Promise.resolve({}) };
const targetFields = () => fieldPart('ownerType', 'report') + fieldPart('taskId', String(task40)) + fieldPart('periodId', String(nov));
const rows = async () => (await env.db.select({ n: count() }).from(attachments))[0]!.n;

/** A POST of a generated body; without `length` it goes chunked, as a client that declares nothing. */
function send(body: GeneratedBody | FormData, length?: number) {
  const headers: Record<string, string> = {};
  if (!(body instanceof FormData)) headers['content-type'] = MULTIPART;
  if (length !== undefined) headers['content-length'] = String(length);
  const init = { method: 'POST', headers, body: body instanceof FormData ? body : body.stream, duplex: 'half' } as RequestInit;
  return uploadRoute(new Request('http://localhost/api/attachments', init), segment);
}

describe('upload route: an oversize upload is refused without being buffered', () => {
  it('a 300 MB file sent chunked (no Content-Length) gets a 413 after at most the limit is read', async () => {
    const before = await rows();
    const body = generatedBody(targetFields() + fileHead('file', '大文件.pdf'), 300 * MB, CLOSE);
    const response = await send(body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: '“大文件.pdf”超过 20 MB 的大小限制' });
    expect(body.pulled()).toBeLessThanOrEqual(20 * MB + 2 * CHUNK);
    expect(body.cancelled()).toBe(true);
    expect(await rows()).toBe(before);
  });

  it('300 MB of something else (a second file) is cut off at the body limit by the preamble', async () => {
    const body = generatedBody(`${targetFields()}${fileHead('file', 'a.pdf')}${PDF.toString('latin1')}\r\n${fileHead('other', 'b.pdf')}`, 300 * MB, CLOSE);
    const response = await send(body);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: '文件超过 20 MB 的大小限制' });
    expect(body.pulled()).toBeLessThanOrEqual(21 * MB + CHUNK);
    expect(body.cancelled()).toBe(true);
  });

  it('a declared length over the limit is refused before a byte is read', async () => {
    const body = generatedBody(targetFields() + fileHead('file', '大文件.pdf'), 300 * MB, CLOSE);
    const response = await send(body, body.total);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: '文件超过 20 MB 的大小限制' });
    expect(body.pulled()).toBe(0);
  });

  it('a file just over the limit with a declared length: the rest is read (discarded) and the browser gets the message', async () => {
    const body = generatedBody(targetFields() + fileHead('file', '大文件.pdf'), 20 * MB + 4 * CHUNK, CLOSE);
    const response = await send(body, body.total);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ ok: false, error: '“大文件.pdf”超过 20 MB 的大小限制' });
    expect(body.pulled()).toBe(body.total);
  });

  it('a form as the browser sends it is stored; one without a file is refused', async () => {
    const form = new FormData();
    form.set('ownerType', 'report');
    form.set('taskId', String(task40));
    form.set('periodId', String(nov));
    form.set('file', new File([PDF], '11月进展.pdf', { type: 'application/pdf' }));
    const response = await send(form);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, attachment: { fileName: '11月进展.pdf', size: PDF.byteLength, mime: 'application/pdf' } });

    form.delete('file');
    const none = await send(form);
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({ ok: false, error: '请选择要上传的文件' });
  });
});
