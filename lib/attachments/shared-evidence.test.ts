import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/dialect';
import { attachments, auditLog, reports } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { taskTimeline } from '@/lib/audit/audit-service';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { itemKey } from '@/lib/reporting/month-rules';
import { getMonthSheet } from '@/lib/reporting/month-sheet';
import { ctxOf, draft, env, kjj, nov, report, setUpReporting, sthj, task15, tearDownReporting } from '@/lib/reporting/reporting.fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { addAttachment, deleteAttachment } from './attachment-service';
import { MAX_ATTACHMENTS_PER_OWNER } from './file-policy';
import { FileStore } from './file-store';
import { DEFAULT_UNIT_QUOTA_MB, unitStoredBytes } from './storage-quota';
import { shareEvidence, shareEvidenceSchema, type ShareEvidenceInput } from './shared-evidence';

/**
 * 共用佐证材料: one file of 区科学技术局 (kjj: a lead of key tasks 11–16, taking part in 40)
 * uploaded once, listed on more of its reports. Uploads go through the same service and a temp
 * FileStore as the attachment tests.
 */
const MAX = 20 * 1024 * 1024;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n% 科技局共用佐证材料\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));

let store: FileStore;
let task11: number, task12: number, task13: number, task14: number, task40: number, task1: number;
/** kjj's upload on its report of task 15. */
let sourceId: number;

beforeAll(async () => {
  await setUpReporting();
  store = new FileStore(path.join(env.dir, 'files'));
  [task11, task12, task13, task14, task40, task1] = [11, 12, 13, 14, 40, 1].map((no) => env.taskId(no)) as [number, number, number, number, number, number];
});
afterAll(tearDownReporting);

const share = (actor: Actor, input: ShareEvidenceInput) => shareEvidence(ctxOf(actor), input);
const onReport = (taskId: number) => ({ ownerType: 'report' as const, taskId, periodId: nov });

/** What a share may write (the stored files included), to check a refusal wrote nothing. */
async function written() {
  const out: Record<string, unknown> = { files: store.list().sort() };
  for (const table of ['attachments', 'reports', 'contributions', 'audit_log']) out[table] = await queryRows(env.db, sql`select * from ${sql.identifier(table)} order by id`);
  return out;
}
async function refusedWithoutWrites(call: () => Promise<unknown>, error: new (...args: never[]) => Error, message?: string) {
  const before = await written();
  const err = await call().then(
    (value) => new Error(`expected a refusal, got ${JSON.stringify(value)}`),
    (e: unknown) => e as Error,
  );
  expect(err).toBeInstanceOf(error);
  if (message) expect(err.message).toBe(message);
  expect(await written()).toEqual(before);
}

const rowsOfFile = async (sha256: string) => env.db.select().from(attachments).where(eq(attachments.sha256, sha256)).orderBy(asc(attachments.id));
const reportOf = async (taskId: number) => (await env.db.select().from(reports).where(and(eq(reports.taskId, taskId), eq(reports.periodId, nov), eq(reports.unitId, kjj().unitId!))).limit(1))[0];

describe('one evidence file for several tasks', () => {
  it('is listed on two more reports: three rows, the same hash, one stored file; a report never saved gets its draft', async () => {
    const up = await addAttachment(ctxOf(kjj()), store, onReport(task15), { name: '企业培育台账.pdf', bytes: PDF }, { maxBytes: MAX });
    if (!up.ok) throw new Error(up.error);
    sourceId = up.attachment.id;
    const [source] = await env.db.select().from(attachments).where(eq(attachments.id, sourceId));
    // kjj's report of task 14 is a saved draft; task 13 was never written on.
    const saved14 = await report(kjj(), draft({ taskId: task14, progress: '科技型企业入库' }), 'save');
    if (!saved14.ok) throw new Error(saved14.error);
    expect(await reportOf(task13)).toBeUndefined();
    const files = store.list().length;

    const result = await share(kjj(), { attachmentId: sourceId, targets: [onReport(task13), onReport(task14)] });
    expect(result).toMatchObject({ ok: true, message: '已将“企业培育台账.pdf”用于 2 项任务' });
    if (!result.ok) return;
    const r13 = (await reportOf(task13))!;
    expect(r13).toMatchObject({ status: 'draft', version: 1, unitId: kjj().unitId, updatedBy: kjj().userId, progress: '' });
    expect(result.owners).toEqual([
      { key: itemKey('report', task13, nov), id: r13.id, version: 1, created: true },
      { key: itemKey('report', task14, nov), id: saved14.id, version: saved14.version, created: false },
    ]);
    // The saved draft's version is not moved (the page's autosave keeps its version).
    expect((await reportOf(task14))!.version).toBe(saved14.version);

    const rows = await rowsOfFile(source!.sha256);
    expect(rows.map((r) => [r.ownerType, r.ownerId, r.taskId])).toEqual([
      ['report', (await reportOf(task15))!.id, task15],
      ['report', r13.id, task13],
      ['report', saved14.id, task14],
    ]);
    for (const row of rows) expect(row).toMatchObject({ unitId: kjj().unitId, fileName: '企业培育台账.pdf', size: source!.size, mime: source!.mime, sha256: source!.sha256 });
    expect(store.list().length).toBe(files);
    expect(store.exists(source!.sha256)).toBe(true);

    // One audit line per new listing, naming the file it came from.
    const lines = await env.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.share')).orderBy(asc(auditLog.id));
    expect(lines.map((l) => [l.entityType, l.entityId, l.taskId, l.unitId, l.actorId])).toEqual([
      ['attachment', rows[1]!.id, task13, kjj().unitId, kjj().userId],
      ['attachment', rows[2]!.id, task14, kjj().unitId, kjj().userId],
    ]);
    expect(JSON.parse(lines[0]!.detail!)).toEqual({ from: sourceId, fileName: '企业培育台账.pdf', ownerType: 'report' });
  });

  it('shows on each row of the month page', async () => {
    const sheet = await getMonthSheet(ctxOf(kjj()));
    for (const taskId of [task13, task14, task15]) {
      const item = sheet.items.find((i) => i.key === itemKey('report', taskId, nov))!;
      expect(item.attachments.map((a) => a.fileName), String(taskId)).toEqual(['企业培育台账.pdf']);
    }
    // Not on a report it was not shared to.
    expect(sheet.items.find((i) => i.key === itemKey('report', task11, nov))!.attachments).toEqual([]);
  });

  it('sharing again does not list it twice (nor on the row it came from)', async () => {
    const sha = (await rowsOfFile((await env.db.select().from(attachments).where(eq(attachments.id, sourceId)))[0]!.sha256)).length;
    const audits = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.share'))).length;
    const again = await share(kjj(), { attachmentId: sourceId, targets: [onReport(task13), onReport(task14), onReport(task15)] });
    expect(again).toMatchObject({ ok: true });
    if (again.ok) expect(again.owners.map((o) => o.created)).toEqual([false, false, false]);
    const [source] = await env.db.select().from(attachments).where(eq(attachments.id, sourceId));
    expect(await rowsOfFile(source!.sha256)).toHaveLength(sha);
    expect((await env.db.select().from(auditLog).where(eq(auditLog.action, 'attachment.share'))).length).toBe(audits);
  });

  it('is listed on a part of the unit too', async () => {
    const result = await share(kjj(), { attachmentId: sourceId, targets: [{ ownerType: 'contribution', taskId: task40, periodId: nov }] });
    expect(result).toMatchObject({ ok: true, owners: [{ key: itemKey('contribution', task40, nov), version: 1, created: true }] });
    const [source] = await env.db.select().from(attachments).where(eq(attachments.id, sourceId));
    expect((await rowsOfFile(source!.sha256)).map((r) => r.ownerType)).toEqual(['report', 'report', 'report', 'contribution']);
  });

  it('removed from one row, it stays on the others and in the store', async () => {
    const [source] = await env.db.select().from(attachments).where(eq(attachments.id, sourceId));
    const on13 = (await rowsOfFile(source!.sha256)).find((r) => r.taskId === task13)!;
    expect(await deleteAttachment(ctxOf(kjj()), store, on13.id)).toEqual({ ok: true });
    expect((await rowsOfFile(source!.sha256)).map((r) => r.taskId)).toEqual([task15, task14, task40]);
    expect(store.exists(source!.sha256)).toBe(true);
  });

  it('another unit’s attachment is not found (like one that does not exist); nothing is written, not even a draft', async () => {
    // sthj leads task 40 and has no report there yet.
    expect(await env.db.select().from(reports).where(and(eq(reports.taskId, task40), eq(reports.unitId, sthj().unitId!)))).toEqual([]);
    await refusedWithoutWrites(() => share(sthj(), { attachmentId: sourceId, targets: [onReport(task40)] }), NotFoundError, '找不到该附件');
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: 999_999, targets: [onReport(task11)] }), NotFoundError, '找不到该附件');
  });

  it('a task where the unit has not that role, or no role at all, is forbidden; nothing is written', async () => {
    // kjj takes part in 40 (no lead report there) and has no part in key task 1.
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: sourceId, targets: [onReport(task11), onReport(task40)] }), ForbiddenError);
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: sourceId, targets: [onReport(task1)] }), ForbiddenError);
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: sourceId, targets: [{ ownerType: 'contribution', taskId: task15, periodId: nov }] }), ForbiddenError);
    // A month not begun.
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: sourceId, targets: [{ ownerType: 'report', taskId: task11, periodId: env.periodId('2023-12') }] }), ForbiddenError);
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      const actor = await actorFor(env.db, role, role === 'supervisor' ? '区政府督查室' : null);
      await refusedWithoutWrites(() => share(actor, { attachmentId: sourceId, targets: [onReport(task11)] }), ForbiddenError);
    }
  });

  it('a submitted report is refused, and the whole request with it (the draft it would have made is not kept)', async () => {
    const r14 = (await reportOf(task14))!;
    const sent = await report(kjj(), draft({ taskId: task14, version: r14.version, progress: '科技型企业入库 35 家', percentDone: 80 }), 'submit');
    expect(sent).toMatchObject({ ok: true, status: 'submitted' });
    expect(await reportOf(task11)).toBeUndefined();
    // task 11 (never written) first: its draft is made, then task 14 refuses and both roll back.
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: sourceId, targets: [onReport(task11), onReport(task14)] }), RefusalError, '报告已报送，不能再添加附件');
    expect(await reportOf(task11)).toBeUndefined();
  });

  it('a report already holding the most files takes no more', async () => {
    const other = new Uint8Array(Buffer.from('%PDF-1.4\n% 另一份材料\n%%EOF\n'));
    for (let i = 0; i < MAX_ATTACHMENTS_PER_OWNER; i++) {
      const up = await addAttachment(ctxOf(kjj()), store, onReport(task12), { name: `材料${i + 1}.pdf`, bytes: other }, { maxBytes: MAX });
      if (!up.ok) throw new Error(up.error);
    }
    await refusedWithoutWrites(() => share(kjj(), { attachmentId: sourceId, targets: [onReport(task12)] }), RefusalError, `每份材料最多 ${MAX_ATTACHMENTS_PER_OWNER} 个附件`);
  });

  it('the request’s schema: 1–50 targets of a report or part', () => {
    const target = { ownerType: 'report', taskId: 1, periodId: 1 };
    expect(shareEvidenceSchema.safeParse({ attachmentId: 1, targets: [target] }).success).toBe(true);
    expect(shareEvidenceSchema.safeParse({ attachmentId: 1, targets: [] }).error?.issues[0]?.message).toBe('请选择要共用该材料的任务');
    expect(shareEvidenceSchema.safeParse({ attachmentId: 1, targets: Array.from({ length: 51 }, () => target) }).success).toBe(false);
    expect(shareEvidenceSchema.safeParse({ attachmentId: 1, targets: [{ ...target, ownerType: 'notice_response' }] }).success).toBe(false);
    expect(shareEvidenceSchema.safeParse({ attachmentId: 0, targets: [target] }).success).toBe(false);
  });

  it('the task’s timeline names the sharing in words, not by its code', async () => {
    const timeline = await taskTimeline(env.db, kjj(), task14);
    const line = timeline.find((l) => l.action === 'attachment.share');
    expect(line).toBeDefined();
    expect(line!.label).not.toBe('attachment.share');
  });

  it('at its storage quota the unit still lists a stored file elsewhere (it takes no more room), but uploads nothing new', async () => {
    const [source] = await env.db.select().from(attachments).where(eq(attachments.id, sourceId));
    const used = await unitStoredBytes(env.db, kjj().unitId!);
    await env.db.insert(attachments).values({ ...source!, id: undefined, sha256: 'e'.repeat(64), size: DEFAULT_UNIT_QUOTA_MB * 1024 * 1024 - used, fileName: '历年材料.pdf', createdAt: undefined });
    expect(await share(kjj(), { attachmentId: sourceId, targets: [onReport(task11)] })).toMatchObject({ ok: true });
    const fresh = new Uint8Array(Buffer.from('%PDF-1.4\n% 新的一份\n%%EOF\n'));
    expect(await addAttachment(ctxOf(kjj()), store, onReport(task11), { name: '新的一份.pdf', bytes: fresh }, { maxBytes: MAX })).toMatchObject({ ok: false, error: expect.stringContaining('的存储限额') });
  });
});
