import path from 'node:path';
import { and, asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, noticeNotes, noticeTargets, notifications, supervisionNotices, users } from '@/db/schema';
import { addAttachment, deleteAttachment, findReadableAttachment, parseUploadTarget } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { invalid } from '@/lib/result';
import { actorFor } from '@/lib/testing/temp-db';
import { acceptResponse, addNoticeNote, closeNotice, issueNotice, respondToNotice, sendBackResponse } from './notice-commands';
import {
  admin,
  answer,
  ctxOf,
  env,
  fgj,
  issue,
  issueInput,
  kjj,
  leader,
  NOW,
  parsedIssue,
  setUpNotices,
  setUpSecondDistrict,
  sthj,
  sthjHead,
  supervisor,
  supervisor2,
  supervisorId,
  targetOf,
  task15,
  task40,
  tearDownNotices,
  TODAY,
} from './notice.fixture';
import { getNotice, listNotices } from './notice-views';
import { issueNoticeSchema, noteSchema, respondSchema, sendBackSchema } from './schemas';

const MAX = 20 * 1024 * 1024;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));

let store: FileStore;

beforeAll(async () => {
  await setUpNotices();
  store = new FileStore(path.join(env.dir, 'files'));
});
afterAll(() => tearDownNotices());

const noticeRow = async (id: number) => (await env.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, id)).limit(1))[0]!;

describe('issuing and numbering', () => {
  it('numbers the notices of a year 督办〔2023〕第1号, 第2号 …, and restarts in a new year', async () => {
    const first = await issue();
    expect(first.no).toBe('督办〔2023〕第1号');
    const second = await issue({ unitIds: [kjj().unitId], taskId: task15 });
    expect(second.no).toBe('督办〔2023〕第2号');
    const row = await noticeRow(first.id);
    expect(row).toMatchObject({ year: 2023, seq: 1, level: 'yellow', status: 'open', triggerRule: 'late.lead.overdue', issuedBy: supervisorId });
    // Notices are numbered per year of `today`.
    const next = await issue({ dueDate: '2024-01-10' }, '2024-01-03');
    expect(next.no).toBe('督办〔2024〕第1号');
    expect((await issue()).no).toBe('督办〔2023〕第3号');
  });

  it('tells the addressed units, writes one audit line per unit and stores no trigger when none is given', async () => {
    const r = await issue({ unitIds: [sthj().unitId, kjj().unitId], triggerRule: '', triggerReason: '', level: 'red' });
    const row = await noticeRow(r.id);
    expect(row.triggerRule).toBeNull();
    expect(row.triggerReason).toBeNull();
    const notes = await env.db.select().from(notifications).where(eq(notifications.link, `/notices/${r.id}`));
    expect(notes.length).toBeGreaterThanOrEqual(2);
    expect(notes.every((n) => n.kind === 'notice.issued' && n.urgent)).toBe(true);
    const fgjUsers = (await env.db.select({ id: users.id }).from(users).where(eq(users.unitId, fgj().unitId!))).map((u) => u.id);
    expect(fgjUsers.length).toBeGreaterThan(0);
    expect(notes.some((n) => fgjUsers.includes(n.userId))).toBe(false);
    const audit = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.issue'), eq(auditLog.entityId, r.id)));
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.unitId).sort()).toEqual([sthj().unitId, kjj().unitId].sort());
    expect(audit.every((a) => a.taskId === task40)).toBe(true);
  });

  it('refuses a past due date, no units, an unknown unit or task, and a bad trigger rule (due today is fine)', async () => {
    // What the form's schema refuses (the action parses with it before the service runs).
    const schema = issueNoticeSchema(TODAY);
    expect(invalid(schema.safeParse(issueInput({ dueDate: '2023-11-21' })).error!)).toMatchObject({ ok: false, fieldErrors: { dueDate: ['办理时限不能早于今天'] } });
    expect(schema.safeParse(issueInput({ dueDate: '2023-02-30' })).success).toBe(false);
    expect(invalid(schema.safeParse(issueInput({ unitIds: [] })).error!)).toMatchObject({ ok: false, fieldErrors: { unitIds: ['请至少选择一个责任单位'] } });
    expect(schema.safeParse(issueInput({ triggerRule: 'DROP TABLE' })).success).toBe(false);
    expect(invalid(schema.safeParse(issueInput({ problem: '  ' })).error!)).toMatchObject({ ok: false, fieldErrors: { problem: ['请填写存在的问题'] } });
    // The service holds to the request's day even when called without the schema.
    expect(await issueNotice(ctxOf(supervisor()), { ...parsedIssue(), dueDate: '2023-11-21' })).toMatchObject({ ok: false, fieldErrors: { dueDate: ['办理时限不能早于今天'] } });
    // What the service refuses.
    expect((await issueNotice(ctxOf(supervisor()), parsedIssue({ dueDate: TODAY }))).ok).toBe(true);
    expect(await issueNotice(ctxOf(supervisor()), parsedIssue({ unitIds: [999_999] }))).toMatchObject({ ok: false, error: '所选责任单位不存在或已停用' });
    expect(await issueNotice(ctxOf(supervisor()), parsedIssue({ taskId: 999_999 }))).toMatchObject({ ok: false, error: '找不到该任务' });
  });
});

describe('who may do what', () => {
  it('only supervisors issue, accept, send back, close and add notes; every other role is refused', async () => {
    const n = await issue();
    const target = await targetOf(n.id, sthj().unitId);
    for (const actor of [sthj(), sthjHead(), kjj(), leader(), admin()]) {
      const ctx = ctxOf(actor);
      await expect(issueNotice(ctx, parsedIssue()), actor.role).rejects.toThrow(ForbiddenError);
      await expect(acceptResponse(ctx, { targetId: target.id }), actor.role).rejects.toThrow(ForbiddenError);
      await expect(sendBackResponse(ctx, { targetId: target.id, comment: '不行' }), actor.role).rejects.toThrow(ForbiddenError);
      await expect(closeNotice(ctx, { noticeId: n.id }), actor.role).rejects.toThrow(ForbiddenError);
      await expect(addNoticeNote(ctx, { noticeId: n.id, kind: 'interview', content: '约谈' }), actor.role).rejects.toThrow(ForbiddenError);
    }
    // Oversight roles do not answer for a unit.
    for (const actor of [supervisor(), leader(), admin()]) {
      await expect(answer(actor, target.id), actor.role).rejects.toThrow(ForbiddenError);
    }
    expect((await targetOf(n.id, sthj().unitId)).status).toBe('pending');
  });

  it('a unit answers only its own notice: another unit’s target id is refused exactly like a missing one', async () => {
    const n = await issue();
    const target = await targetOf(n.id, sthj().unitId);
    let foreign: Error | null = null;
    let missing: Error | null = null;
    try {
      await answer(kjj(), target.id, '冒名报送');
    } catch (err) {
      foreign = err as Error;
    }
    try {
      await answer(kjj(), 999_999, '冒名报送');
    } catch (err) {
      missing = err as Error;
    }
    expect(foreign).toBeInstanceOf(NotFoundError);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(foreign?.name).toBe('NotFoundError');
    expect(foreign?.message).toBe(missing?.message);
    expect(await targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'pending', response: '' });
    // A colleague of the addressed unit may answer.
    expect(await answer(sthjHead(), target.id)).toMatchObject({ ok: true });
    expect(await targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'answered', respondedBy: sthjHead().userId });
    // Once answered it cannot be answered again until sent back.
    expect(await answer(sthj(), target.id)).toMatchObject({ ok: false, error: '本单位已报送整改情况，正在等待督查室审核' });
    // A blank answer is refused by the form's schema.
    expect(invalid(respondSchema.safeParse({ targetId: target.id, response: '  ' }).error!)).toMatchObject({ ok: false, fieldErrors: { response: ['请填写整改情况'] } });
  });
});

describe('review and closing', () => {
  it('sending back needs a comment, tells the unit, and the unit may answer again', async () => {
    const n = await issue();
    const target = await targetOf(n.id, sthj().unitId);
    await answer(sthj(), target.id, '第一次整改情况');
    expect(invalid(sendBackSchema.safeParse({ targetId: target.id, comment: '  ' }).error!)).toMatchObject({
      ok: false,
      fieldErrors: { comment: ['请填写退回意见'] },
    });
    expect((await targetOf(n.id, sthj().unitId)).status).toBe('answered');
    expect(await sendBackResponse(ctxOf(supervisor()), { targetId: target.id, comment: '缺少佐证材料' })).toMatchObject({ ok: true });
    expect(await targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'sent_back', reviewComment: '缺少佐证材料' });
    const [told] = await env.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.kind, 'notice.sent_back'), eq(notifications.link, `/notices/${n.id}`)));
    expect(told!.n).toBeGreaterThan(0);
    expect((await getNotice(ctxOf(sthj()), n.id))!.targets[0]).toMatchObject({ status: 'sent_back', reviewComment: '缺少佐证材料' });
    expect(await answer(sthj(), target.id, '补充了佐证材料')).toMatchObject({ ok: true });
    expect(await targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'answered', response: '补充了佐证材料' });
    const [sent] = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.send_back'), eq(auditLog.entityId, n.id)))
      .limit(1);
    expect(sent).toMatchObject({ taskId: task40, unitId: sthj().unitId });
  });

  it('answering tells the supervisors', async () => {
    const n = await issue();
    await answer(sthj(), (await targetOf(n.id, sthj().unitId)).id);
    const told = await env.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'notice.answered'), eq(notifications.link, `/notices/${n.id}`)));
    expect(told.map((t) => t.userId)).toContain(supervisorId);
    const [audit] = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.respond'), eq(auditLog.entityId, n.id)))
      .limit(1);
    expect(audit).toMatchObject({
      taskId: task40,
      unitId: sthj().unitId,
    });
  });

  it('two supervisors acting on the same answer at once: one wins, the other is told', async () => {
    const n = await issue();
    const target = await targetOf(n.id, sthj().unitId);
    await answer(sthj(), target.id);
    expect(await acceptResponse(ctxOf(supervisor()), { targetId: target.id })).toMatchObject({ ok: true });
    const late = await acceptResponse(ctxOf(supervisor2()), { targetId: target.id });
    expect(late).toMatchObject({ ok: false });
    if (!late.ok) expect(late.error).toContain('已被认可');
    const lateBack = await sendBackResponse(ctxOf(supervisor2()), { targetId: target.id, comment: '退回' });
    expect(lateBack.ok).toBe(false);
    expect((await targetOf(n.id, sthj().unitId)).status).toBe('accepted');
    const [accepts] = await env.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.accept'), eq(auditLog.entityId, n.id)));
    expect(accepts!.n).toBe(1);
    // A pending answer cannot be accepted.
    const other = await issue();
    expect(await acceptResponse(ctxOf(supervisor()), { targetId: (await targetOf(other.id, sthj().unitId)).id })).toMatchObject({ ok: false, error: '该单位尚未报送整改情况' });
  });

  it('two supervisors pressing at the same moment: the second waits for the first, then is told', async () => {
    const n = await issue();
    const target = await targetOf(n.id, sthj().unitId);
    await answer(sthj(), target.id);
    const [a, b] = await Promise.all([acceptResponse(ctxOf(supervisor()), { targetId: target.id }), sendBackResponse(ctxOf(supervisor2()), { targetId: target.id, comment: '退回' })]);
    expect([a.ok, b.ok]).toEqual([true, false]);
    expect((await targetOf(n.id, sthj().unitId)).status).toBe('accepted');
  });

  it('closing is refused while a unit is pending or sent back, then accepts the answered ones and closes once', async () => {
    const n = await issue({ unitIds: [sthj().unitId, kjj().unitId] });
    const s = await targetOf(n.id, sthj().unitId);
    const k = await targetOf(n.id, kjj().unitId);
    await answer(sthj(), s.id);
    const refused = await closeNotice(ctxOf(supervisor()), { noticeId: n.id });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toBe('尚有单位未报送整改情况或被退回后未重新报送（区科学技术局），不能办结');
    // Nothing changed: the refused close wrote nothing.
    expect((await noticeRow(n.id)).status).toBe('open');
    expect((await targetOf(n.id, sthj().unitId)).status).toBe('answered');

    await answer(kjj(), k.id);
    await sendBackResponse(ctxOf(supervisor()), { targetId: k.id, comment: '请补充' });
    expect((await closeNotice(ctxOf(supervisor()), { noticeId: n.id })).ok).toBe(false);
    await answer(kjj(), k.id, '已补充');
    await acceptResponse(ctxOf(supervisor()), { targetId: k.id });

    expect(await closeNotice(ctxOf(supervisor()), { noticeId: n.id })).toMatchObject({ ok: true });
    const row = await noticeRow(n.id);
    expect(row).toMatchObject({ status: 'closed', closedBy: supervisorId });
    expect(row.closedAt?.getTime()).toBe(NOW.getTime());
    expect((await targetOf(n.id, sthj().unitId)).status).toBe('accepted');
    const closes = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.close'), eq(auditLog.entityId, n.id)));
    expect(closes.map((c) => c.unitId).sort()).toEqual([sthj().unitId, kjj().unitId].sort());
    expect(await closeNotice(ctxOf(supervisor2()), { noticeId: n.id })).toMatchObject({ ok: false });
    expect(await answer(sthj(), s.id)).toMatchObject({ ok: false, error: '该督办单已办结，不能再报送' });
    expect((await listNotices(ctxOf(supervisor()), { status: 'closed' })).some((r) => r.id === n.id)).toBe(true);
    const open = await listNotices(ctxOf(supervisor()), { status: 'open' });
    expect(open.length).toBeGreaterThan(0);
    expect(open.some((r) => r.id === n.id)).toBe(false);
  });

  it('keeps interview records and notes for the oversight roles only', async () => {
    const n = await issue();
    expect(invalid(noteSchema.safeParse({ noticeId: n.id, kind: 'interview', content: '' }).error!)).toMatchObject({ ok: false });
    expect(await addNoticeNote(ctxOf(supervisor()), { noticeId: n.id, kind: 'interview', content: '约谈了分局负责人，明确整改时限。' })).toMatchObject({ ok: true });
    expect(await addNoticeNote(ctxOf(supervisor()), { noticeId: n.id, kind: 'note', content: '电话督促一次。' })).toMatchObject({ ok: true });
    const [notes] = await env.db.select({ n: count() }).from(noticeNotes).where(eq(noticeNotes.noticeId, n.id));
    expect(notes!.n).toBe(2);
    expect((await getNotice(ctxOf(leader()), n.id))!.notes.map((x) => x.kind)).toEqual(['interview', 'note']);
    expect((await getNotice(ctxOf(sthj()), n.id))!.notes).toEqual([]);
    const audit = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'notice.note'), eq(auditLog.entityId, n.id)));
    expect(audit.length).toBe(2);
    expect(audit.every((a) => a.taskId === task40 && a.unitId === sthj().unitId && !a.detail?.includes('约谈了'))).toBe(true);
    const missing = addNoticeNote(ctxOf(supervisor()), { noticeId: 999_999, kind: 'note', content: 'x' });
    await expect(missing).rejects.toThrow(NotFoundError);
    await expect(missing).rejects.toThrow('找不到该督办事项');
  });
});

describe('evidence attached to an answer', () => {
  const upload = (actor: Actor, noticeTargetId: number, name = '整改照片.pdf') =>
    addAttachment(ctxOf(actor), store, { ownerType: 'notice_response', noticeTargetId }, { name, bytes: PDF }, { maxBytes: MAX });

  it('the addressed unit uploads while pending; others are refused; readers follow the answer', async () => {
    const n = await issue({ unitIds: [sthj().unitId, kjj().unitId] });
    const target = await targetOf(n.id, sthj().unitId);
    const files = store.list().length;
    await expect(upload(kjj(), target.id)).rejects.toThrow('找不到该督办事项');
    await expect(upload(supervisor(), target.id)).rejects.toThrow(ForbiddenError);
    expect(store.list().length).toBe(files);

    const r = await upload(sthj(), target.id);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [row] = await env.db.select().from(attachments).where(eq(attachments.id, r.attachment.id)).limit(1);
    expect(row).toMatchObject({ ownerType: 'notice_response', ownerId: target.id, unitId: sthj().unitId, taskId: task40 });
    // Before answering: only the unit itself.
    expect(await findReadableAttachment(ctxOf(sthjHead()), row!.id)).not.toBeNull();
    expect(await findReadableAttachment(ctxOf(kjj()), row!.id)).toBeNull();
    expect(await findReadableAttachment(ctxOf(supervisor()), row!.id)).toBeNull();
    expect((await getNotice(ctxOf(supervisor()), n.id))!.targets[0]!.attachments).toEqual([]);
    expect((await getNotice(ctxOf(sthj()), n.id))!.targets[0]!.attachments.map((a) => a.fileName)).toEqual(['整改照片.pdf']);

    await answer(sthj(), target.id);
    expect(await findReadableAttachment(ctxOf(supervisor()), row!.id)).not.toBeNull();
    expect(await findReadableAttachment(ctxOf(leader()), row!.id)).not.toBeNull();
    expect(await findReadableAttachment(ctxOf(admin()), row!.id)).not.toBeNull();
    expect(await findReadableAttachment(ctxOf(kjj()), row!.id)).toBeNull(); // co-addressee, not its answer
    expect(await findReadableAttachment(ctxOf(fgj()), row!.id)).toBeNull();
    expect((await getNotice(ctxOf(supervisor()), n.id))!.targets[0]!.attachments.map((a) => a.fileName)).toEqual(['整改照片.pdf']);

    // Answered: no more uploads or deletions.
    expect(await upload(sthj(), target.id, '补充.pdf')).toMatchObject({ ok: false, error: '整改情况已报送，不能再添加附件' });
    expect(await deleteAttachment(ctxOf(sthj()), store, row!.id)).toMatchObject({ ok: false, error: '整改情况已报送，附件不能删除' });
    // Sent back: the unit may add again, the supervisors still see what was answered.
    await sendBackResponse(ctxOf(supervisor()), { targetId: target.id, comment: '补充现场照片' });
    const more = await upload(sthj(), target.id, '补充.pdf');
    expect(more.ok).toBe(true);
    expect(await findReadableAttachment(ctxOf(supervisor()), row!.id)).not.toBeNull();
    if (more.ok) expect(await deleteAttachment(ctxOf(sthj()), store, more.attachment.id)).toEqual({ ok: true });
    // Accepted: refused.
    await answer(sthj(), target.id);
    await acceptResponse(ctxOf(supervisor()), { targetId: target.id });
    expect(await upload(sthj(), target.id, '迟到的.pdf')).toMatchObject({ ok: false, error: '整改情况已报送，不能再添加附件' });
    const [audit] = await env.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'attachment.upload'), eq(auditLog.entityId, row!.id)))
      .limit(1);
    expect(audit).toMatchObject({ taskId: task40, unitId: sthj().unitId });
  });

  it('another unit cannot delete the unit’s evidence', async () => {
    const n = await issue();
    const target = await targetOf(n.id, sthj().unitId);
    const r = await upload(sthj(), target.id);
    if (!r.ok) throw new Error(r.error);
    await expect(deleteAttachment(ctxOf(kjj()), store, r.attachment.id)).rejects.toThrow(new NotFoundError('找不到该附件'));
    await expect(deleteAttachment(ctxOf(supervisor()), store, r.attachment.id)).rejects.toThrow(ForbiddenError);
    expect(await deleteAttachment(ctxOf(sthjHead()), store, r.attachment.id)).toEqual({ ok: true });
  });

  it('the old upload targets are unchanged and an unknown owner type is refused', async () => {
    // The upload's target is parsed once, before the service runs.
    const bad = parseUploadTarget({ ownerType: 'notice', noticeTargetId: 1 });
    expect(bad).toEqual({ ok: false, error: '上传参数不正确' });
    const noId = parseUploadTarget({ ownerType: 'notice_response', taskId: task40, periodId: 1 });
    expect(noId).toEqual({ ok: false, error: '上传参数不正确' });
    expect(parseUploadTarget({ ownerType: 'notice_response', noticeTargetId: 1 })).toEqual({ ok: true, target: { ownerType: 'notice_response', noticeTargetId: 1 } });
  });
});

describe('districts', () => {
  let b: Awaited<ReturnType<typeof setUpSecondDistrict>>;
  beforeAll(async () => {
    b = await setUpSecondDistrict();
  });

  /** Every row the notice commands write: a refused command leaves it as it was. */
  const written = async () =>
    JSON.stringify([
      await env.db.select().from(supervisionNotices).orderBy(asc(supervisionNotices.id)),
      await env.db.select().from(noticeTargets).orderBy(asc(noticeTargets.id)),
      await env.db.select().from(noticeNotes).orderBy(asc(noticeNotes.id)),
      (await env.db.select({ n: count() }).from(notifications))[0]!.n,
      (await env.db.select({ n: count() }).from(auditLog))[0]!.n,
    ]);

  it('numbers per district and year: the second district starts at 第1号 beside the first district’s notices', async () => {
    expect((await issue()).no).not.toBe('督办〔2023〕第1号');
    expect(b.notice.no).toBe('督办〔2023〕第1号');
    expect(await noticeRow(b.notice.id)).toMatchObject({ districtId: b.districtId, year: 2023, seq: 1 });
    const next = await issueNotice(ctxOf(b.supervisor), parsedIssue({ taskId: b.taskId(15), unitIds: [b.sthj.unitId] }));
    expect(next).toMatchObject({ ok: true, no: '督办〔2023〕第2号' });
  });

  it('an answer reaches its own district’s office only', async () => {
    expect(await answer(b.sthj, b.target.id)).toMatchObject({ ok: true });
    const told = await env.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.kind, 'notice.answered'), eq(notifications.link, `/notices/${b.notice.id}`)));
    expect(told.map((n) => n.userId)).toEqual([b.supervisor.userId]);
  });

  it('an actor of one district naming the other’s task, unit, notice or answer: not found (as a missing id), nothing written', async () => {
    // Answered on both sides, so that without the district every decision below would go through.
    const a = await issue();
    const aTarget = await targetOf(a.id, sthj().unitId);
    await answer(sthj(), aTarget.id);
    const before = await written();
    expect(await issueNotice(ctxOf(supervisor()), parsedIssue({ taskId: b.taskId(40) }))).toEqual({ ok: false, error: '找不到该任务', fieldErrors: { taskId: ['找不到该任务'] } });
    expect(await issueNotice(ctxOf(supervisor()), parsedIssue({ unitIds: [sthj().unitId, b.sthj.unitId] }))).toMatchObject({ ok: false, fieldErrors: { unitIds: ['所选责任单位不存在或已停用'] } });
    expect(await issueNotice(ctxOf(b.supervisor), parsedIssue({ taskId: task40, unitIds: [b.sthj.unitId] }))).toMatchObject({ ok: false, error: '找不到该任务' });
    const cases: [Actor, { notice: number; target: number }][] = [
      [supervisor(), { notice: b.notice.id, target: b.target.id }],
      [b.supervisor, { notice: a.id, target: aTarget.id }],
    ];
    for (const [boss, other] of cases) {
      await expect(acceptResponse(ctxOf(boss), { targetId: other.target })).rejects.toThrow(new NotFoundError('找不到该督办事项'));
      await expect(sendBackResponse(ctxOf(boss), { targetId: other.target, comment: '不完整' })).rejects.toThrow(new NotFoundError('找不到该督办事项'));
      await expect(closeNotice(ctxOf(boss), { noticeId: other.notice })).rejects.toThrow(new NotFoundError('找不到该督办事项'));
      await expect(addNoticeNote(ctxOf(boss), { noticeId: other.notice, kind: 'note', content: '备注' })).rejects.toThrow(new NotFoundError('找不到该督办事项'));
    }
    await expect(respondToNotice(ctxOf(sthj()), { targetId: b.target.id, response: '整改' })).rejects.toThrow(new NotFoundError('找不到该督办事项'));
    await expect(respondToNotice(ctxOf(b.sthj), { targetId: aTarget.id, response: '整改' })).rejects.toThrow(new NotFoundError('找不到该督办事项'));
    // The city office reads every district and writes in none.
    await expect(issueNotice(ctxOf(await actorFor(env.db, 'city_supervisor', null)), parsedIssue({ taskId: b.taskId(40), unitIds: [b.sthj.unitId] }))).rejects.toThrow(ForbiddenError);
    expect(await written()).toBe(before);
  });
});
