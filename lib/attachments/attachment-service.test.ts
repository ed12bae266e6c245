import { NotFoundError } from '@/lib/errors';
import fs from 'node:fs';
import path from 'node:path';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/dialect';
import { attachments, auditLog, contributions, districtSettings, reports } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { contribute, ctxOf, draft, env, fgj, kjj, nov, report, setUpReporting, sthj, task15, task40, tearDownReporting } from '@/lib/reporting/reporting.fixture';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor } from '@/lib/testing/temp-db';
import { addAttachment, deleteAttachment, findReadableAttachment, parseUploadTarget, type UploadTarget } from './attachment-service';
import { FileStore } from './file-store';
import { shareEvidence } from './shared-evidence';
import { DEFAULT_UNIT_QUOTA_MB, quotaRefusal, unitQuotaBytes, unitStoredBytes } from './storage-quota';

const MAX = 20 * 1024 * 1024;

const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));
const PNG = new Uint8Array(
  Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'),
);

let store: FileStore;

beforeAll(async () => {
  await setUpReporting();
  store = new FileStore(path.join(env.dir, 'files'));
});
afterAll(tearDownReporting);

const fileCount = () => store.list().length;
const attachmentRows = async () => (await env.db.select({ n: count() }).from(attachments))[0]!.n;
const auditRows = async () => (await env.db.select({ n: count() }).from(auditLog))[0]!.n;
const attachmentRow = async (id: number) => (await env.db.select().from(attachments).where(eq(attachments.id, id)).limit(1))[0]!;
const upload = (actor: ReturnType<typeof sthj>, target: UploadTarget, name: string, bytes: Uint8Array) => addAttachment(ctxOf(actor), store, target, { name, bytes }, { maxBytes: MAX });
const readable = (actor: ReturnType<typeof sthj>, id: number) => findReadableAttachment(ctxOf(actor), id);

describe('attachments', () => {
  const target = () => ({ ownerType: 'contribution' as const, taskId: task40, periodId: nov });

  it('the upload form’s fields are parsed once, by the route', () => {
    expect(parseUploadTarget({ ownerType: 'report', taskId: '40', periodId: '3', noticeTargetId: null })).toEqual({ ok: true, target: { ownerType: 'report', taskId: 40, periodId: 3 } });
    expect(parseUploadTarget({ ownerType: 'notice', noticeTargetId: 1 })).toEqual({ ok: false, error: '上传参数不正确' });
    expect(parseUploadTarget({ ownerType: 'report', taskId: 'x', periodId: 1 })).toEqual({ ok: false, error: '上传参数不正确' });
  });

  it('stores a PDF by hash for the unit’s draft and only the right readers can find it', async () => {
    const fgjPart = target();
    const bad = await upload(fgj(), fgjPart, '../../协办材料（11月）.pdf', PDF);
    expect(bad).toMatchObject({ ok: false, error: '文件名不能包含路径，请改名后重新上传' });
    const r = await upload(fgj(), fgjPart, '协办材料（11月）.pdf', PDF);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.attachment.fileName).toBe('协办材料（11月）.pdf');
    expect(r.owner).toMatchObject({ version: 1, created: true });
    const row = await attachmentRow(r.attachment.id);
    expect(fs.existsSync(store.pathFor(row.sha256))).toBe(true);
    expect(fs.readdirSync(path.join(env.dir, 'files'), { recursive: true }).join('|')).not.toContain('协办');
    // Own unit: yes. Lead unit: not while the part is a draft. Another unit and oversight: no.
    expect(await readable(fgj(), row.id)).not.toBeNull();
    expect(await readable(sthj(), row.id)).toBeNull();
    expect(await readable(kjj(), row.id)).toBeNull();
    expect(await readable(await actorFor(env.db, 'supervisor', '区政府督查室'), row.id)).toBeNull();
    // Once sent, the lead unit and the oversight roles may read it.
    const part = (await env.db.select().from(contributions).where(eq(contributions.id, row.ownerId)).limit(1))[0]!;
    expect(await contribute(fgj(), { taskId: task40, periodId: nov, version: part.version, content: '配合做好减排项目审批' }, 'submit')).toMatchObject({ ok: true });
    expect(await readable(sthj(), row.id)).not.toBeNull();
    expect(await readable(await actorFor(env.db, 'leader', null), row.id)).not.toBeNull();
    expect(await readable(await actorFor(env.db, 'reporter', '区民政局'), row.id)).toBeNull();
  });

  it('refuses oversize, wrong bytes with a .pdf name, empty files and an .exe, writing nothing', async () => {
    const rows = await attachmentRows();
    const files = fileCount();
    const tries: [string, Uint8Array, string][] = [
      ['大文件.pdf', new Uint8Array(MAX + 1), '大小限制'],
      ['伪装.pdf', new Uint8Array(Buffer.from('<html><script>alert(1)</script></html>')), '不是允许的类型'],
      ['空.pdf', new Uint8Array(0), '空文件'],
      ['程序.pdf', new Uint8Array(Buffer.from('4d5a90000300000004000000ffff0000', 'hex')), '不是允许的类型'],
    ];
    for (const [name, bytes, message] of tries) {
      const r = await upload(sthj(), { ...target(), ownerType: 'report' as const }, name, bytes);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error).toContain(message);
    }
    expect(await attachmentRows()).toBe(rows);
    expect(fileCount()).toBe(files);
  });

  it('refuses uploads to a sent report or part, and to tasks the unit is not on, leaving no orphan file', async () => {
    expect(await report(sthj(), draft({ progress: '本月完成臭氧污染防治攻坚。', percentDone: 80 }), 'submit')).toMatchObject({ ok: true, status: 'submitted' });
    const rows = await attachmentRows();
    const files = fileCount();
    const audits = await auditRows();
    // sthj's November report has just been submitted.
    const sent = await upload(sthj(), { ...target(), ownerType: 'report' as const }, '照片.png', PNG);
    expect(sent).toMatchObject({ ok: false, error: '报告已报送，不能再添加附件' });
    // fgj's part was sent in the first test.
    const part = await upload(fgj(), target(), '照片.png', PNG);
    expect(part).toMatchObject({ ok: false, error: '协办情况已报送，不能再添加附件' });
    await expect(upload(await actorFor(env.db, 'reporter', '区民政局'), target(), 'a.pdf', PDF)).rejects.toThrow(ForbiddenError);
    expect(await attachmentRows()).toBe(rows);
    expect(fileCount()).toBe(files);
    expect(await auditRows()).toBe(audits);
  });

  it('deletes only the unit’s own attachment of an editable draft, and its file when unreferenced', async () => {
    const r = await upload(kjj(), { ownerType: 'report', taskId: task15, periodId: nov }, '统计表.png', PNG);
    if (!r.ok) throw new Error(r.error);
    const sha = (await attachmentRow(r.attachment.id)).sha256;
    await expect(deleteAttachment(ctxOf(sthj()), store, r.attachment.id)).rejects.toThrow(new NotFoundError('找不到该附件'));
    expect(await deleteAttachment(ctxOf(kjj()), store, r.attachment.id)).toEqual({ ok: true });
    expect(store.exists(sha)).toBe(false);
    await expect(deleteAttachment(ctxOf(await actorFor(env.db, 'supervisor', '区政府督查室')), store, r.attachment.id)).rejects.toThrow(ForbiddenError);
  });

  it('a file still referenced by another row stays when one of them is deleted', async () => {
    const same = new Uint8Array(Buffer.from('%PDF-1.4\n% 同一文件\n%%EOF\n'));
    const a = await upload(kjj(), { ownerType: 'report', taskId: task15, periodId: nov }, '同一文件.pdf', same);
    const b = await upload(kjj(), { ownerType: 'report', taskId: task15, periodId: nov }, '同一文件（副本）.pdf', same);
    if (!a.ok || !b.ok) throw new Error('upload refused');
    const sha = (await attachmentRow(a.attachment.id)).sha256;
    expect(await deleteAttachment(ctxOf(kjj()), store, a.attachment.id)).toEqual({ ok: true });
    expect(store.exists(sha)).toBe(true);
    expect(await deleteAttachment(ctxOf(kjj()), store, b.attachment.id)).toEqual({ ok: true });
    expect(store.exists(sha)).toBe(false);
  });
});

describe('storage quota per unit', () => {
  const GB = 1024 * 1024 * 1024;
  const onReport15 = () => ({ ownerType: 'report' as const, taskId: task15, periodId: nov });
  const pdf = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`));

  it('refuses an upload that would take the unit past 2 GB, counting each stored file once; the setting raises the quota', async () => {
    const held = pdf('科技局已有台账');
    const first = await upload(kjj(), onReport15(), '已有台账.pdf', held);
    if (!first.ok) throw new Error(first.error);
    // The unit's other files, written directly: 10 bytes below the default quota of 2 GB.
    const used = await unitStoredBytes(env.db, kjj().unitId!);
    await env.db.insert(attachments).values({
      ownerType: 'report',
      ownerId: first.owner.id,
      unitId: kjj().unitId!,
      taskId: task15,
      sha256: 'f'.repeat(64),
      size: 2 * GB - used - 10,
      mime: 'application/pdf',
      fileName: '历年材料.pdf',
      uploadedBy: kjj().userId,
    });
    const rows = await attachmentRows();
    const files = fileCount();
    expect(await upload(kjj(), onReport15(), '新材料.pdf', pdf('新材料'))).toEqual({
      ok: false,
      error: '本单位附件已占用 2 GB，再上传“新材料.pdf”将超过 2 GB 的存储限额，请先删除不再需要的附件或联系管理员',
    });
    expect(await attachmentRows()).toBe(rows);
    expect(fileCount()).toBe(files);
    // A file the unit already stores takes no more room; another unit has its own quota.
    expect(await upload(kjj(), onReport15(), '已有台账（副本）.pdf', held)).toMatchObject({ ok: true });
    expect(await upload(sthj(), { ownerType: 'report', taskId: env.taskId(41), periodId: nov }, '新材料.pdf', pdf('新材料'))).toMatchObject({ ok: true });
    // The admin's setting: 4 GB for every unit.
    await env.db.insert(districtSettings).values({ districtId: FIRST_DISTRICT_ID, key: 'attachments', value: JSON.stringify({ unitQuotaMb: 4096 }), updatedAt: new Date() });
    expect(await upload(kjj(), onReport15(), '新材料.pdf', pdf('新材料'))).toMatchObject({ ok: true });
    await env.db.delete(districtSettings).where(and(eq(districtSettings.districtId, FIRST_DISTRICT_ID), eq(districtSettings.key, 'attachments')));
  });
});

describe('districts', () => {
  // 兰山区 (district 2) imported the same notice: the same unit names and task numbers under other ids.
  let d2: SecondDistrict;
  let theirSthj: Actor, ours: number, theirs: number;
  const written = async () => ({
    files: store.list().sort(),
    ...Object.fromEntries(await Promise.all(['attachments', 'reports', 'audit_log'].map(async (t) => [t, await queryRows(env.db, sql`select * from ${sql.identifier(t)} order by id`)]))),
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      (value) => value,
      (e: Error) => [e.constructor.name, e.message],
    );

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    theirSthj = await d2.actor('reporter', '河东生态环境分局');
    const mine = await upload(sthj(), { ownerType: 'report', taskId: env.taskId(41), periodId: nov }, '本区材料.pdf', PDF);
    const other = await upload(theirSthj, { ownerType: 'report', taskId: d2.taskId(40), periodId: d2.periodId('2023-11') }, '兰山区材料.png', PNG);
    if (!mine.ok || !other.ok) throw new Error('setup');
    [ours, theirs] = [mine.attachment.id, other.attachment.id];
    // Both reports sent: the oversight roles may read their files.
    await env.db.update(reports).set({ status: 'submitted' }).where(inArray(reports.id, [mine.owner.id, other.owner.id]));
  });

  it('reads: a file of the other district is not found, for its units and its office; the city office reads both', async () => {
    const theirSupervisor = await d2.actor('supervisor');
    for (const [actor, id] of [
      [sthj(), theirs],
      [env.supervisor(), theirs],
      [theirSthj, ours],
      [theirSupervisor, ours],
    ] as const) {
      expect(await readable(actor, id)).toBeNull();
    }
    expect(await readable(theirSupervisor, theirs)).not.toBeNull();
    expect(await readable(env.supervisor(), ours)).not.toBeNull();
    const city = await actorFor(env.db, 'city_supervisor', null);
    expect(await readable(city, ours)).not.toBeNull();
    expect(await readable(city, theirs)).not.toBeNull();
  });

  it('writes: the other district’s task or file is refused exactly like a missing one, and nothing is written', async () => {
    const before = await written();
    const theirReport = { ownerType: 'report' as const, taskId: d2.taskId(40), periodId: d2.periodId('2023-11') };
    const missingTask = { ownerType: 'report' as const, taskId: 999_999, periodId: nov };
    expect(await failure(upload(sthj(), theirReport, 'x.pdf', PDF))).toEqual(await failure(upload(sthj(), missingTask, 'x.pdf', PDF)));
    expect(await failure(upload(sthj(), theirReport, 'x.pdf', PDF))).toEqual(['ForbiddenError', '只有该任务的牵头单位可以上传报告附件']);
    expect(await failure(deleteAttachment(ctxOf(sthj()), store, theirs))).toEqual(['NotFoundError', '找不到该附件']);
    expect(await failure(deleteAttachment(ctxOf(theirSthj), store, ours))).toEqual(['NotFoundError', '找不到该附件']);
    const onOurs = { ownerType: 'report' as const, taskId: env.taskId(41), periodId: nov };
    expect(await failure(shareEvidence(ctxOf(sthj()), { attachmentId: theirs, targets: [onOurs] }))).toEqual(['NotFoundError', '找不到该附件']);
    expect(await failure(shareEvidence(ctxOf(theirSthj), { attachmentId: theirs, targets: [onOurs] }))).toEqual(['ForbiddenError', '只有该任务的牵头单位可以上传报告附件']);
    expect(await written()).toEqual(before);
  });

  it('the storage quota is each district’s own setting', async () => {
    await env.db.insert(districtSettings).values({ districtId: d2.districtId, key: 'attachments', value: JSON.stringify({ unitQuotaMb: 1 }), updatedAt: new Date() });
    expect(await unitQuotaBytes(env.db, d2.districtId)).toBe(1024 * 1024);
    expect(await unitQuotaBytes(env.db, FIRST_DISTRICT_ID)).toBe(DEFAULT_UNIT_QUOTA_MB * 1024 * 1024);
    const big = { sha256: 'a'.repeat(64), size: 2 * 1024 * 1024, fileName: '大文件.pdf' };
    expect(await quotaRefusal(env.db, d2.districtId, theirSthj.unitId!, big)).toContain('1 MB 的存储限额');
    expect(await quotaRefusal(env.db, FIRST_DISTRICT_ID, sthj().unitId!, big)).toBeNull();
  });
});
