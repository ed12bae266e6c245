/** The security checklist items that can be proved below HTTP; e2e/security.spec.ts does the rest. */
import path from 'node:path';
import { encode, decode } from '@auth/core/jwt';
import { asc, count, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, reportingPeriods, tasks, users } from '@/db/schema';
import { addAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import { MAX_ATTACHMENTS_PER_OWNER } from '@/lib/attachments/file-policy';
import { endAllSessions, loadSessionUser, resetPassword } from '@/lib/auth/account-service';
import { ADDRESS_BLOCK_AFTER } from '@/lib/auth/lockout';
import { verifyLogin } from '@/lib/auth/login-service';
import { DUMMY_HASH, hashPassword, newPasswordSchema } from '@/lib/auth/password';
import { transaction } from '@/lib/db';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { startSession } from '@/lib/auth/user-sessions';

/** Loads the session user through a fresh server-side session (as a login would open it). */
async function loadAs(userId: number, sessionVersion: number) {
  const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: new Date() });
  return loadSessionUser(env.db, { userId, sessionVersion, sessionId }, new Date());
}

const NOW = new Date('2023-11-22T09:30:00+08:00');
const MAX = 20 * 1024 * 1024;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));

let env: Awaited<ReturnType<typeof createSeededDb>>;
let store: FileStore;
const idOf = async (u: string) => (await env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).limit(1))[0]!.id;
const countAttachments = async () => (await env.db.select({ n: count() }).from(attachments))[0]!.n;
const taskIdOf = async (no: number) => (await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).orderBy(asc(tasks.id)).limit(1))[0]!.id;
const novemberId = async () => (await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).orderBy(asc(reportingPeriods.id)).limit(1))[0]!.id;
/** 区发展和改革局's reporter, as a request would see them. */
const reporterCtx = async () => contextFor(env.db, await actorFor(env.db, 'reporter', '区发展和改革局', await idOf('fgj')), NOW);
const userNamed = async (username: string) => (await env.db.select().from(users).where(eq(users.username, username)).limit(1))[0]!;
beforeAll(async () => {
  env = await createSeededDb();
  store = new FileStore(path.join(env.dir, 'files'));
});
afterAll(() => env.cleanup());

/** A .docx-shaped zip whose central directory declares a huge expanded size. */
async function zipBomb(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>');
  zip.file('word/document.xml', '0'.repeat(1_000_000)); // compresses to ~1 kB
  zip.file('_rels/.rels', '<Relationships/>');
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('uploads are refused with a clear message and leave nothing on disk', () => {
  it.each([
    ['oversize', () => ({ name: '大.pdf', bytes: new Uint8Array(MAX + 1) }), '大小限制'],
    ['an .exe renamed .pdf', () => ({ name: '报告.pdf', bytes: new Uint8Array(Buffer.from('4d5a90000300000004000000ffff0000b800000000000000', 'hex')) }), '不是允许的类型'],
    ['an SVG', () => ({ name: '图.svg', bytes: new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')) }), '不是允许的类型'],
    ['an HTML file', () => ({ name: '页面.html', bytes: new Uint8Array(Buffer.from('<!doctype html><html><script>alert(1)</script></html>')) }), '不是允许的类型'],
    ['a ../ name', () => ({ name: '../../etc/passwd.pdf', bytes: PDF }), '路径'],
    ['a NUL in the name', () => ({ name: 'a\u0000.pdf', bytes: PDF }), '非法字符'],
    ['a 300-character name', () => ({ name: `${'长'.repeat(300)}.pdf`, bytes: PDF }), '过长'],
    ['an empty file', () => ({ name: '空.pdf', bytes: new Uint8Array(0) }), '空文件'],
  ])('%s', async (_label, file, message) => {
    const before = { rows: await countAttachments(), files: store.list().length };
    const taskId = await taskIdOf(1);
    const periodId = await novemberId();
    const r = await addAttachment(await reporterCtx(), store, { ownerType: 'report', taskId, periodId }, file(), { maxBytes: MAX });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
    expect({ rows: await countAttachments(), files: store.list().length }).toEqual(before);
  });

  it('a zip bomb disguised as a Word document', async () => {
    const bytes = await zipBomb();
    expect(bytes.byteLength).toBeLessThan(20_000);
    const taskId = await taskIdOf(1);
    const periodId = await novemberId();
    const r = await addAttachment(await reporterCtx(), store, { ownerType: 'report', taskId, periodId }, { name: '方案.docx', bytes }, { maxBytes: MAX });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toContain('压缩炸弹');
    expect(store.list()).toEqual([]);
  });

  it('too many attachments on one report', async () => {
    const taskId = await taskIdOf(4);
    const periodId = await novemberId();
    const ctx = await reporterCtx();
    for (let i = 0; i < MAX_ATTACHMENTS_PER_OWNER; i++) {
      const bytes = new Uint8Array(Buffer.from(`%PDF-1.4\n% ${i}\n%%EOF\n`));
      expect((await addAttachment(ctx, store, { ownerType: 'report', taskId, periodId }, { name: `附件${i}.pdf`, bytes }, { maxBytes: MAX })).ok).toBe(true);
    }
    const files = store.list().length;
    const extra = await addAttachment(ctx, store, { ownerType: 'report', taskId, periodId }, { name: '多余.pdf', bytes: new Uint8Array(Buffer.from('%PDF-1.4\n% extra\n%%EOF\n')) }, { maxBytes: MAX });
    expect(extra).toMatchObject({ ok: false, error: `每份材料最多 ${MAX_ATTACHMENTS_PER_OWNER} 个附件` });
    expect(store.list().length).toBe(files);
  });
});

describe('login', () => {
  it('a wrong password and an unknown user: same answer, and the same hashing work', async () => {
    const wrong = await verifyLogin(env.db, { username: 'gxj', password: 'Wrong#2023x' }, NOW, '10.9.9.1');
    const unknown = await verifyLogin(env.db, { username: 'nobody-at-all', password: 'Wrong#2023x' }, NOW, '10.9.9.1');
    expect(wrong).toEqual(unknown);
    // An unknown name is compared against DUMMY_HASH, made with the parameters of every new hash, so
    // both answers cost one argon2id verify of the same cost (not timed here: timing belongs in the bench).
    const params = (hash: string) => hash.split('$').slice(1, 4).join('$');
    expect(params(DUMMY_HASH)).toBe(params(await hashPassword('Any#2023x')));
    expect(params(DUMMY_HASH)).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
  });

  it('a password spray across accounts from one address is slowed, then blocked; another address is not', async () => {
    const ip = '10.1.2.3';
    const names = Array.from({ length: ADDRESS_BLOCK_AFTER }, (_, i) => `spray-${i}`);
    const started = Date.now();
    let last;
    for (const username of names) last = await verifyLogin(env.db, { username, password: 'Summer#2023' }, NOW, ip);
    expect(last).toMatchObject({ ok: false, reason: 'invalid' });
    expect(Date.now() - started).toBeGreaterThan(5000); // attempts 10–20 were each made to wait longer
    expect(await verifyLogin(env.db, { username: 'spray-next', password: 'Summer#2023' }, NOW, ip)).toMatchObject({ ok: false, reason: 'throttled' });
    // Even the right password of a real account is refused from that address now…
    expect(await verifyLogin(env.db, { username: 'kjj', password: DEMO_PASSWORD }, NOW, ip)).toMatchObject({ ok: false, reason: 'throttled' });
    // …but not from another.
    expect((await verifyLogin(env.db, { username: 'kjj', password: DEMO_PASSWORD }, NOW, '10.7.7.7')).ok).toBe(true);
  }, 60_000);

  it('every stored password is an argon2id hash (m=19456 KiB, t=2, p=1), never bcrypt or plain', async () => {
    const hashes = await env.db.select({ hash: users.passwordHash }).from(users);
    expect(hashes.length).toBeGreaterThan(5);
    for (const { hash } of hashes) expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('passwords shorter than 8 or on the common list are refused', () => {
    for (const p of ['Ab1', 'password123', '12345678', 'qwerty123', 'abcdefgh']) expect(newPasswordSchema.safeParse(p).success, p).toBe(false);
    expect(newPasswordSchema.safeParse('Hedong#Key2023').success).toBe(true);
  });
});

describe('sessions', () => {
  const SECRET = 'test-secret-test-secret-test-secret-0123456789';
  const SALT = 'authjs.session-token';

  it('a token signed with another secret, or edited, is refused', async () => {
    const token = await encode({ token: { uid: 4, sv: 1, role: 'reporter' }, secret: SECRET, salt: SALT });
    expect(await decode({ token, secret: SECRET, salt: SALT })).toMatchObject({ uid: 4 });
    const forged = await encode({ token: { uid: 4, sv: 1, role: 'admin' }, secret: 'another-secret-another-secret-another-secret', salt: SALT });
    await expect(decode({ token: forged, secret: SECRET, salt: SALT })).rejects.toThrow();
    const parts = token.split('.');
    parts[3] = parts[3]!.slice(0, -2) + (parts[3]!.endsWith('AA') ? 'BB' : 'AA');
    await expect(decode({ token: parts.join('.'), secret: SECRET, salt: SALT })).rejects.toThrow();
  });

  it('the role in a token means nothing: it is read from the database on every request', async () => {
    const fgj = await userNamed('fgj');
    expect((await loadAs(fgj.id, fgj.sessionVersion))?.role).toBe('reporter');
  });

  it('after logout, a password reset, a role change or disabling, the old session is refused', async () => {
    let u = await userNamed('gxj');
    await endAllSessions(env.db, u.id); // logout
    expect(await loadAs(u.id, u.sessionVersion)).toBeNull();
    u = await userNamed('gxj');
    await resetPassword(env.db, { username: 'gxj', password: 'Reset#2023x' });
    expect(await loadAs(u.id, u.sessionVersion)).toBeNull();
    u = await userNamed('fgj_head');
    const { updateUserByAdmin } = await import('@/lib/admin/user-admin-service');
    const admin = contextFor(env.db, await actorFor(env.db, 'admin', null, await idOf('admin')), NOW, { ip: null });
    const r = await updateUserByAdmin(admin, { userId: u.id, displayName: u.displayName, role: 'reporter', unitId: u.unitId, email: '' });
    expect(r.ok).toBe(true);
    expect(await loadAs(u.id, u.sessionVersion)).toBeNull();
    u = await userNamed('sthj');
    await transaction(env.db, async (tx) => {
      await tx.update(users).set({ active: false }).where(eq(users.id, u.id));
    });
    expect(await loadAs(u.id, u.sessionVersion)).toBeNull();
  });
});
