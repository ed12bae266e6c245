import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, auditLog, noticeNotes, noticeTargets, notifications, plans, supervisionNotices, tasks, users } from '@/db/schema';
import { addAttachment, deleteAttachment, findReadableAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/auth/permissions';
import { addSecondList } from '@/lib/oversight/second-list.fixture';
import { activePlans } from '@/lib/plans/plan-scope';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import {
  acceptResponse,
  addNoticeNote,
  closeNotice,
  getIssueFormData,
  getNotice,
  issueNotice,
  listNotices,
  listOverdueNotices,
  respondToNotice,
  sendBackResponse,
  type OverdueNoticeRow,
} from './notice-service';

// The demo clock.
const TODAY = '2023-11-22';
const TOMORROW = '2023-11-23';
const NOW = new Date('2023-11-22T09:30:00+08:00');
const MAX = 20 * 1024 * 1024;
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));

let env: Awaited<ReturnType<typeof createSeededDb>>;
let store: FileStore;
let task40: number;
let task15: number;
let supervisorId: number;

beforeAll(async () => {
  env = await createSeededDb();
  store = new FileStore(path.join(env.dir, 'files'));
  const id = (no: number) => env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).get()!.id;
  task40 = id(40);
  task15 = id(15);
  supervisorId = env.db.select({ id: users.id }).from(users).where(eq(users.username, 'duchashi')).get()!.id;
});
afterAll(() => env.cleanup());

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', supervisorId);
const supervisor2 = () => ({ ...actorFor(env.db, 'supervisor', '区政府督查室', supervisorId), displayName: '另一位督查员' });
const leader = () => actorFor(env.db, 'leader', null, 3);
const admin = () => actorFor(env.db, 'admin', null, 1);
const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', 7); // lead of 40
const sthjHead = () => actorFor(env.db, 'unit_head', '河东生态环境分局', 7);
const kjj = () => actorFor(env.db, 'reporter', '区科学技术局', 8); // participating in 40, lead of 15
const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', 4);

const issueInput = (over: Record<string, unknown> = {}) => ({
  taskId: task40,
  level: 'yellow',
  unitIds: [sthj().unitId],
  problem: '11月月度进展逾期未报送。',
  requirement: '立即报送月度进展，并说明逾期原因。',
  dueDate: '2023-11-29',
  triggerRule: 'late.lead.overdue',
  triggerReason: '牵头单位月度进展已逾期 2 天未报送',
  ...over,
});

function issue(over: Record<string, unknown> = {}, today = TODAY) {
  const r = issueNotice(env.db, supervisor(), issueInput(over), NOW, today);
  if (!r.ok) throw new Error(`${r.error} ${JSON.stringify(r.fieldErrors)}`);
  return r;
}

function targetOf(noticeId: number, unitId: number | null) {
  return env.db
    .select()
    .from(noticeTargets)
    .where(and(eq(noticeTargets.noticeId, noticeId), eq(noticeTargets.unitId, unitId!)))
    .get()!;
}

const answer = (actor: Actor, targetId: number, response = '已完成整改，补报了月度进展。') => respondToNotice(env.db, actor, { targetId, response }, NOW);

describe('issuing and numbering', () => {
  it('numbers the notices of a year 督办〔2023〕第1号, 第2号 …, and restarts in a new year', () => {
    const first = issue();
    expect(first.no).toBe('督办〔2023〕第1号');
    const second = issue({ unitIds: [kjj().unitId], taskId: task15 });
    expect(second.no).toBe('督办〔2023〕第2号');
    const row = env.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, first.id)).get()!;
    expect(row).toMatchObject({ year: 2023, seq: 1, level: 'yellow', status: 'open', triggerRule: 'late.lead.overdue', issuedBy: supervisorId });
    // Notices are numbered per year of `today`.
    const next = issue({ dueDate: '2024-01-10' }, '2024-01-03');
    expect(next.no).toBe('督办〔2024〕第1号');
    expect(issue().no).toBe('督办〔2023〕第3号');
  });

  it('tells the addressed units, writes one audit line per unit and stores no trigger when none is given', () => {
    const r = issue({ unitIds: [sthj().unitId, kjj().unitId], triggerRule: '', triggerReason: '', level: 'red' });
    const row = env.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, r.id)).get()!;
    expect(row.triggerRule).toBeNull();
    expect(row.triggerReason).toBeNull();
    const notes = env.db.select().from(notifications).where(eq(notifications.link, `/notices/${r.id}`)).all();
    expect(notes.length).toBeGreaterThanOrEqual(2);
    expect(notes.every((n) => n.kind === 'notice.issued' && n.urgent)).toBe(true);
    const fgjUsers = env.db.select({ id: users.id }).from(users).where(eq(users.unitId, fgj().unitId!)).all().map((u) => u.id);
    expect(notes.some((n) => fgjUsers.includes(n.userId))).toBe(false);
    const audit = env.db.select().from(auditLog).where(and(eq(auditLog.action, 'notice.issue'), eq(auditLog.entityId, r.id))).all();
    expect(audit.map((a) => a.unitId).sort()).toEqual([sthj().unitId, kjj().unitId].sort());
    expect(audit.every((a) => a.taskId === task40)).toBe(true);
  });

  it('refuses a past due date, no units, an unknown unit or task, and a bad trigger rule (due today is fine)', () => {
    const past = issueNotice(env.db, supervisor(), issueInput({ dueDate: '2023-11-21' }), NOW, TODAY);
    expect(past).toMatchObject({ ok: false, fieldErrors: { dueDate: ['办理时限不能早于今天'] } });
    expect(issueNotice(env.db, supervisor(), issueInput({ dueDate: TODAY }), NOW, TODAY).ok).toBe(true);
    expect(issueNotice(env.db, supervisor(), issueInput({ dueDate: '2023-02-30' }), NOW, TODAY).ok).toBe(false);
    expect(issueNotice(env.db, supervisor(), issueInput({ unitIds: [] }), NOW, TODAY)).toMatchObject({ ok: false, fieldErrors: { unitIds: ['请至少选择一个责任单位'] } });
    expect(issueNotice(env.db, supervisor(), issueInput({ unitIds: [999_999] }), NOW, TODAY)).toMatchObject({ ok: false, error: '所选责任单位不存在或已停用' });
    expect(issueNotice(env.db, supervisor(), issueInput({ taskId: 999_999 }), NOW, TODAY)).toMatchObject({ ok: false, error: '找不到该任务' });
    expect(issueNotice(env.db, supervisor(), issueInput({ triggerRule: 'DROP TABLE' }), NOW, TODAY).ok).toBe(false);
    expect(issueNotice(env.db, supervisor(), issueInput({ problem: '  ' }), NOW, TODAY)).toMatchObject({ ok: false, fieldErrors: { problem: ['请填写存在的问题'] } });
  });

  it('offers the plan’s tasks with their lead units to the issuing form', () => {
    const data = getIssueFormData(env.db, supervisor(), activePlans(env.db));
    const t40 = data.tasks.find((t) => t.no === 40)!;
    expect(t40.lead.map((u) => u.name)).toEqual(['河东生态环境分局']);
    expect(data.units.some((u) => u.name === '区科学技术局')).toBe(true);
    expect(() => getIssueFormData(env.db, leader(), activePlans(env.db))).toThrow(ForbiddenError);
  });
});

describe('who may do what', () => {
  it('only supervisors issue, accept, send back, close and add notes; every other role is refused', () => {
    const n = issue();
    const target = targetOf(n.id, sthj().unitId);
    for (const actor of [sthj(), sthjHead(), kjj(), leader(), admin()]) {
      expect(() => issueNotice(env.db, actor, issueInput(), NOW, TODAY), actor.role).toThrow(ForbiddenError);
      expect(() => acceptResponse(env.db, actor, { targetId: target.id }, NOW), actor.role).toThrow(ForbiddenError);
      expect(() => sendBackResponse(env.db, actor, { targetId: target.id, comment: '不行' }, NOW), actor.role).toThrow(ForbiddenError);
      expect(() => closeNotice(env.db, actor, { noticeId: n.id }, NOW), actor.role).toThrow(ForbiddenError);
      expect(() => addNoticeNote(env.db, actor, { noticeId: n.id, kind: 'interview', content: '约谈' }, NOW), actor.role).toThrow(ForbiddenError);
    }
    // Oversight roles do not answer for a unit.
    for (const actor of [supervisor(), leader(), admin()]) {
      expect(() => answer(actor, target.id), actor.role).toThrow(ForbiddenError);
    }
    expect(targetOf(n.id, sthj().unitId).status).toBe('pending');
  });

  it('a unit answers only its own notice: another unit’s target id is refused exactly like a missing one', () => {
    const n = issue();
    const target = targetOf(n.id, sthj().unitId);
    let foreign: Error | null = null;
    let missing: Error | null = null;
    try {
      answer(kjj(), target.id, '冒名报送');
    } catch (err) {
      foreign = err as Error;
    }
    try {
      answer(kjj(), 999_999, '冒名报送');
    } catch (err) {
      missing = err as Error;
    }
    expect(foreign?.name).toBe('NotFoundError');
    expect(foreign?.message).toBe(missing?.message);
    expect(targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'pending', response: '' });
    // A colleague of the addressed unit may answer.
    expect(answer(sthjHead(), target.id)).toMatchObject({ ok: true });
    expect(targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'answered', respondedBy: 7 });
    // Once answered it cannot be answered again until sent back.
    expect(answer(sthj(), target.id)).toMatchObject({ ok: false, error: '本单位已报送整改情况，正在等待督查室审核' });
    expect(answer(sthj(), target.id, '  ')).toMatchObject({ ok: false, fieldErrors: { response: ['请填写整改情况'] } });
  });

  it('unit staff see only notices addressed to them and never another unit’s answer; leaders read all but cannot write', () => {
    const n = issue({ unitIds: [sthj().unitId, kjj().unitId] });
    const sthjTarget = targetOf(n.id, sthj().unitId);
    const kjjTarget = targetOf(n.id, kjj().unitId);
    answer(sthj(), sthjTarget.id, '生态环境分局的整改情况');
    answer(kjj(), kjjTarget.id, '科技局的整改情况');

    const asKjj = getNotice(env.db, kjj(), n.id, TODAY)!;
    expect(asKjj.targets.map((t) => t.unit.name)).toEqual(['区科学技术局']);
    expect(asKjj.targets[0]).toMatchObject({ response: '科技局的整改情况', mine: true });
    expect(JSON.stringify(asKjj)).not.toContain('生态环境分局的整改情况');
    expect(asKjj.notes).toEqual([]);
    // The printed notice names every addressee.
    expect(asKjj.addressees.map((u) => u.name)).toEqual(['河东生态环境分局', '区科学技术局']);
    const listed = listNotices(env.db, kjj(), {}, TODAY).find((r) => r.id === n.id)!;
    expect(listed.targets.map((t) => t.unit.name)).toEqual(['区科学技术局']);

    // 发改局 is not addressed: the notice does not exist for it.
    expect(getNotice(env.db, fgj(), n.id, TODAY)).toBeNull();
    expect(listNotices(env.db, fgj(), {}, TODAY).some((r) => r.id === n.id)).toBe(false);
    // A unit filter in the query string cannot widen a unit's view.
    expect(listNotices(env.db, fgj(), { unit: sthj().unitId! }, TODAY).some((r) => r.id === n.id)).toBe(false);

    const asLeader = getNotice(env.db, leader(), n.id, TODAY)!;
    expect(asLeader.targets.map((t) => t.response)).toEqual(['生态环境分局的整改情况', '科技局的整改情况']);
    expect(asLeader.canManage).toBe(false);
    expect(() => acceptResponse(env.db, leader(), { targetId: sthjTarget.id }, NOW)).toThrow(ForbiddenError);
    expect(getNotice(env.db, admin(), n.id, TODAY)).not.toBeNull();
    expect(getNotice(env.db, supervisor(), n.id, TODAY)!.canManage).toBe(true);

    // The oversight list filters by unit.
    const onlyKjj = listNotices(env.db, supervisor(), { unit: kjj().unitId! }, TODAY);
    expect(onlyKjj.some((r) => r.id === n.id)).toBe(true);
    expect(onlyKjj.every((r) => r.targets.some((t) => t.unit.id === kjj().unitId))).toBe(true);
  });
});

describe('review and closing', () => {
  it('sending back needs a comment, tells the unit, and the unit may answer again', () => {
    const n = issue();
    const target = targetOf(n.id, sthj().unitId);
    answer(sthj(), target.id, '第一次整改情况');
    expect(sendBackResponse(env.db, supervisor(), { targetId: target.id, comment: '  ' }, NOW)).toMatchObject({
      ok: false,
      fieldErrors: { comment: ['请填写退回意见'] },
    });
    expect(targetOf(n.id, sthj().unitId).status).toBe('answered');
    expect(sendBackResponse(env.db, supervisor(), { targetId: target.id, comment: '缺少佐证材料' }, NOW)).toMatchObject({ ok: true });
    expect(targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'sent_back', reviewComment: '缺少佐证材料' });
    const told = env.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.kind, 'notice.sent_back'), eq(notifications.link, `/notices/${n.id}`)))
      .get()!.n;
    expect(told).toBeGreaterThan(0);
    expect(getNotice(env.db, sthj(), n.id, TODAY)!.targets[0]).toMatchObject({ status: 'sent_back', reviewComment: '缺少佐证材料' });
    expect(answer(sthj(), target.id, '补充了佐证材料')).toMatchObject({ ok: true });
    expect(targetOf(n.id, sthj().unitId)).toMatchObject({ status: 'answered', response: '补充了佐证材料' });
    const sent = env.db.select().from(auditLog).where(and(eq(auditLog.action, 'notice.send_back'), eq(auditLog.entityId, n.id))).get()!;
    expect(sent).toMatchObject({ taskId: task40, unitId: sthj().unitId });
  });

  it('answering tells the supervisors', () => {
    const n = issue();
    answer(sthj(), targetOf(n.id, sthj().unitId).id);
    const told = env.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'notice.answered'), eq(notifications.link, `/notices/${n.id}`)))
      .all();
    expect(told.map((t) => t.userId)).toContain(supervisorId);
    expect(env.db.select().from(auditLog).where(and(eq(auditLog.action, 'notice.respond'), eq(auditLog.entityId, n.id))).get()).toMatchObject({
      taskId: task40,
      unitId: sthj().unitId,
    });
  });

  it('two supervisors acting on the same answer at once: one wins, the other is told', () => {
    const n = issue();
    const target = targetOf(n.id, sthj().unitId);
    answer(sthj(), target.id);
    expect(acceptResponse(env.db, supervisor(), { targetId: target.id }, NOW)).toMatchObject({ ok: true });
    const late = acceptResponse(env.db, supervisor2(), { targetId: target.id }, NOW);
    expect(late).toMatchObject({ ok: false });
    if (!late.ok) expect(late.error).toContain('已被认可');
    const lateBack = sendBackResponse(env.db, supervisor2(), { targetId: target.id, comment: '退回' }, NOW);
    expect(lateBack.ok).toBe(false);
    expect(targetOf(n.id, sthj().unitId).status).toBe('accepted');
    expect(env.db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, 'notice.accept'), eq(auditLog.entityId, n.id))).get()!.n).toBe(1);
    // A pending answer cannot be accepted.
    const other = issue();
    expect(acceptResponse(env.db, supervisor(), { targetId: targetOf(other.id, sthj().unitId).id }, NOW)).toMatchObject({ ok: false, error: '该单位尚未报送整改情况' });
  });

  it('closing is refused while a unit is pending or sent back, then accepts the answered ones and closes once', () => {
    const n = issue({ unitIds: [sthj().unitId, kjj().unitId] });
    const s = targetOf(n.id, sthj().unitId);
    const k = targetOf(n.id, kjj().unitId);
    answer(sthj(), s.id);
    const refused = closeNotice(env.db, supervisor(), { noticeId: n.id }, NOW);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toBe('尚有单位未报送整改情况或被退回后未重新报送（区科学技术局），不能办结');
    // Nothing changed: the refused close rolled back.
    expect(env.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, n.id)).get()!.status).toBe('open');
    expect(targetOf(n.id, sthj().unitId).status).toBe('answered');

    answer(kjj(), k.id);
    sendBackResponse(env.db, supervisor(), { targetId: k.id, comment: '请补充' }, NOW);
    expect(closeNotice(env.db, supervisor(), { noticeId: n.id }, NOW).ok).toBe(false);
    answer(kjj(), k.id, '已补充');
    acceptResponse(env.db, supervisor(), { targetId: k.id }, NOW);

    expect(closeNotice(env.db, supervisor(), { noticeId: n.id }, NOW)).toMatchObject({ ok: true });
    const row = env.db.select().from(supervisionNotices).where(eq(supervisionNotices.id, n.id)).get()!;
    expect(row).toMatchObject({ status: 'closed', closedBy: supervisorId });
    expect(row.closedAt?.getTime()).toBe(NOW.getTime());
    expect(targetOf(n.id, sthj().unitId).status).toBe('accepted');
    const closes = env.db.select().from(auditLog).where(and(eq(auditLog.action, 'notice.close'), eq(auditLog.entityId, n.id))).all();
    expect(closes.map((c) => c.unitId).sort()).toEqual([sthj().unitId, kjj().unitId].sort());
    expect(closeNotice(env.db, supervisor2(), { noticeId: n.id }, NOW)).toMatchObject({ ok: false });
    expect(answer(sthj(), s.id)).toMatchObject({ ok: false, error: '该督办单已办结，不能再报送' });
    expect(listNotices(env.db, supervisor(), { status: 'closed' }, TODAY).some((r) => r.id === n.id)).toBe(true);
    expect(listNotices(env.db, supervisor(), { status: 'open' }, TODAY).some((r) => r.id === n.id)).toBe(false);
  });

  it('keeps interview records and notes for the oversight roles only', () => {
    const n = issue();
    expect(addNoticeNote(env.db, supervisor(), { noticeId: n.id, kind: 'interview', content: '' }, NOW)).toMatchObject({ ok: false });
    expect(addNoticeNote(env.db, supervisor(), { noticeId: n.id, kind: 'interview', content: '约谈了分局负责人，明确整改时限。' }, NOW)).toMatchObject({ ok: true });
    expect(addNoticeNote(env.db, supervisor(), { noticeId: n.id, kind: 'note', content: '电话督促一次。' }, NOW)).toMatchObject({ ok: true });
    expect(env.db.select({ n: count() }).from(noticeNotes).where(eq(noticeNotes.noticeId, n.id)).get()!.n).toBe(2);
    expect(getNotice(env.db, leader(), n.id, TODAY)!.notes.map((x) => x.kind)).toEqual(['interview', 'note']);
    expect(getNotice(env.db, sthj(), n.id, TODAY)!.notes).toEqual([]);
    const audit = env.db.select().from(auditLog).where(and(eq(auditLog.action, 'notice.note'), eq(auditLog.entityId, n.id))).all();
    expect(audit.length).toBe(2);
    expect(audit.every((a) => a.taskId === task40 && a.unitId === sthj().unitId && !a.detail?.includes('约谈了'))).toBe(true);
    expect(() => addNoticeNote(env.db, supervisor(), { noticeId: 999_999, kind: 'note', content: 'x' }, NOW)).toThrow('找不到该督办事项');
  });
});

describe('overdue', () => {
  it('due today is not overdue; the next day it is overdue by 1 for the units that have not answered', () => {
    const n = issue({ unitIds: [sthj().unitId, kjj().unitId, fgj().unitId], dueDate: TODAY });
    const mine = (rows: OverdueNoticeRow[]) => rows.filter((r) => r.noticeId === n.id);
    expect(mine(listOverdueNotices(env.db, supervisor(), TODAY))).toEqual([]);
    expect(listNotices(env.db, supervisor(), {}, TODAY).find((r) => r.id === n.id)!.overdueDays).toBeNull();

    answer(kjj(), targetOf(n.id, kjj().unitId).id);
    const tomorrow = mine(listOverdueNotices(env.db, supervisor(), TOMORROW));
    expect(tomorrow.map((r) => [r.unit.name, r.daysOverdue]).sort()).toEqual([
      ['区发展和改革局', 1],
      ['河东生态环境分局', 1],
    ]);
    expect(tomorrow[0]).toMatchObject({ no: expect.stringMatching(/^督办〔2023〕第\d+号$/), task: { no: 40 }, dueDate: TODAY });
    expect(mine(listOverdueNotices(env.db, supervisor(), '2023-11-25')).every((r) => r.daysOverdue === 3)).toBe(true);
    expect(listNotices(env.db, supervisor(), { status: 'overdue' }, TOMORROW).find((r) => r.id === n.id)!.overdueDays).toBe(1);
    expect(getNotice(env.db, supervisor(), n.id, TOMORROW)!.targets.map((t) => t.overdueDays)).toEqual([1, null, 1]);

    // A unit sees only its own lateness: 科技局 answered, so the notice is not overdue for it.
    expect(mine(listOverdueNotices(env.db, kjj(), TOMORROW))).toEqual([]);
    expect(listNotices(env.db, kjj(), { status: 'overdue' }, TOMORROW).some((r) => r.id === n.id)).toBe(false);
    expect(mine(listOverdueNotices(env.db, sthj(), TOMORROW)).map((r) => r.unit.name)).toEqual(['河东生态环境分局']);

    // A sent-back answer counts as not answered.
    const k = targetOf(n.id, kjj().unitId);
    sendBackResponse(env.db, supervisor(), { targetId: k.id, comment: '不完整' }, NOW);
    expect(mine(listOverdueNotices(env.db, kjj(), TOMORROW)).map((r) => r.status)).toEqual(['sent_back']);
  });
});

describe('evidence attached to an answer', () => {
  const upload = (actor: Actor, noticeTargetId: number, name = '整改照片.pdf') =>
    addAttachment(env.db, store, actor, { ownerType: 'notice_response', noticeTargetId }, { name, bytes: PDF }, { maxBytes: MAX, now: NOW, today: TODAY });

  it('the addressed unit uploads while pending; others are refused; readers follow the answer', async () => {
    const n = issue({ unitIds: [sthj().unitId, kjj().unitId] });
    const target = targetOf(n.id, sthj().unitId);
    const files = store.list().length;
    await expect(upload(kjj(), target.id)).rejects.toThrow('找不到该督办事项');
    await expect(upload(supervisor(), target.id)).rejects.toThrow(ForbiddenError);
    expect(store.list().length).toBe(files);

    const r = await upload(sthj(), target.id);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const row = env.db.select().from(attachments).where(eq(attachments.id, r.attachment.id)).get()!;
    expect(row).toMatchObject({ ownerType: 'notice_response', ownerId: target.id, unitId: sthj().unitId, taskId: task40 });
    // Before answering: only the unit itself.
    expect(findReadableAttachment(env.db, sthjHead(), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, kjj(), row.id)).toBeNull();
    expect(findReadableAttachment(env.db, supervisor(), row.id)).toBeNull();
    expect(getNotice(env.db, supervisor(), n.id, TODAY)!.targets[0]!.attachments).toEqual([]);
    expect(getNotice(env.db, sthj(), n.id, TODAY)!.targets[0]!.attachments.map((a) => a.fileName)).toEqual(['整改照片.pdf']);

    answer(sthj(), target.id);
    expect(findReadableAttachment(env.db, supervisor(), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, leader(), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, admin(), row.id)).not.toBeNull();
    expect(findReadableAttachment(env.db, kjj(), row.id)).toBeNull(); // co-addressee, not its answer
    expect(findReadableAttachment(env.db, fgj(), row.id)).toBeNull();
    expect(getNotice(env.db, supervisor(), n.id, TODAY)!.targets[0]!.attachments.map((a) => a.fileName)).toEqual(['整改照片.pdf']);

    // Answered: no more uploads or deletions.
    expect(await upload(sthj(), target.id, '补充.pdf')).toMatchObject({ ok: false, error: '整改情况已报送，不能再添加附件' });
    expect(deleteAttachment(env.db, store, sthj(), row.id)).toMatchObject({ ok: false, error: '整改情况已报送，附件不能删除' });
    // Sent back: the unit may add again, the supervisors still see what was answered.
    sendBackResponse(env.db, supervisor(), { targetId: target.id, comment: '补充现场照片' }, NOW);
    const more = await upload(sthj(), target.id, '补充.pdf');
    expect(more.ok).toBe(true);
    expect(findReadableAttachment(env.db, supervisor(), row.id)).not.toBeNull();
    if (more.ok) expect(deleteAttachment(env.db, store, sthj(), more.attachment.id)).toEqual({ ok: true });
    // Accepted: refused.
    answer(sthj(), target.id);
    acceptResponse(env.db, supervisor(), { targetId: target.id }, NOW);
    expect(await upload(sthj(), target.id, '迟到的.pdf')).toMatchObject({ ok: false, error: '整改情况已报送，不能再添加附件' });
    const audit = env.db.select().from(auditLog).where(and(eq(auditLog.action, 'attachment.upload'), eq(auditLog.entityId, row.id))).get()!;
    expect(audit).toMatchObject({ taskId: task40, unitId: sthj().unitId });
  });

  it('another unit cannot delete the unit’s evidence', async () => {
    const n = issue();
    const target = targetOf(n.id, sthj().unitId);
    const r = await upload(sthj(), target.id);
    if (!r.ok) throw new Error(r.error);
    expect(deleteAttachment(env.db, store, kjj(), r.attachment.id)).toMatchObject({ ok: false, error: '找不到该附件' });
    expect(() => deleteAttachment(env.db, store, supervisor(), r.attachment.id)).toThrow(ForbiddenError);
    expect(deleteAttachment(env.db, store, sthjHead(), r.attachment.id)).toEqual({ ok: true });
  });

  it('the old upload targets are unchanged and an unknown owner type is refused', async () => {
    const bad = await addAttachment(env.db, store, sthj(), { ownerType: 'notice', noticeTargetId: 1 }, { name: 'a.pdf', bytes: PDF }, { maxBytes: MAX, now: NOW, today: TODAY });
    expect(bad).toEqual({ ok: false, error: '上传参数不正确' });
    const noId = await addAttachment(env.db, store, sthj(), { ownerType: 'notice_response', taskId: task40, periodId: 1 }, { name: 'a.pdf', bytes: PDF }, { maxBytes: MAX, now: NOW, today: TODAY });
    expect(noId).toEqual({ ok: false, error: '上传参数不正确' });
  });
});

describe('notices on tasks of several lists', () => {
  it('a notice can concern a task of any active list; it is named with its list everywhere and reaches only its units', () => {
    const second = addSecondList(env.db);
    const form = getIssueFormData(env.db, supervisor(), activePlans(env.db));
    expect(form.lists.map((l) => l.label)).toEqual([expect.any(String), '民生实事']);
    expect(form.tasks.filter((t) => t.planId === second.plan.id).map((t) => [t.label, t.lead.map((u) => u.name)])).toEqual([
      ['民生实事 1', ['区发展和改革局']],
      ['民生实事 2', ['区工业和信息化局']],
      ['民生实事 3', ['区民政局']],
    ]);
    // The first list's task 40 is still there, under its own list.
    expect(form.tasks.find((t) => t.id === task40)!.label).toMatch(/任务 40$/);

    const gxj = actorFor(env.db, 'reporter', '区工业和信息化局');
    const n = issue({ taskId: second.taskIds[2], unitIds: [gxj.unitId], triggerRule: '', triggerReason: '' });
    const message = env.db.select().from(notifications).where(eq(notifications.link, `/notices/${n.id}`)).get()!;
    expect(message.body).toContain('民生实事 2“建设社区养老服务站”');
    const row = listNotices(env.db, gxj, {}, TODAY).find((r) => r.id === n.id)!;
    expect(row.task).toEqual({ id: second.taskIds[2], planId: second.plan.id, no: 2, label: '民生实事 2', title: '建设社区养老服务站', planTitle: '河东区2023年十大民生实事' });
    expect(getNotice(env.db, supervisor(), n.id, TODAY)!.task.label).toBe('民生实事 2');
    // Other units see nothing of it, whatever id they try.
    expect(listNotices(env.db, fgj(), {}, TODAY).some((r) => r.id === n.id)).toBe(false);
    expect(getNotice(env.db, fgj(), n.id, TODAY)).toBeNull();
    const overdue = listOverdueNotices(env.db, gxj, '2023-12-30').find((r) => r.noticeId === n.id)!;
    expect(overdue.task.label).toBe('民生实事 2');
    expect(listOverdueNotices(env.db, actorFor(env.db, 'reporter', '区民政局'), '2023-12-30').some((r) => r.noticeId === n.id)).toBe(false);

    // A list being decomposed (draft) is not in the loop: no notice on its tasks, and the form leaves it out.
    env.db.update(plans).set({ status: 'draft' }).where(eq(plans.id, second.plan.id)).run();
    try {
      expect(issueNotice(env.db, supervisor(), issueInput({ taskId: second.taskIds[1], unitIds: [fgj().unitId] }), NOW, TODAY)).toMatchObject({ ok: false, error: '找不到该任务' });
      expect(getIssueFormData(env.db, supervisor(), activePlans(env.db)).tasks.some((t) => t.planId === second.plan.id)).toBe(false);
    } finally {
      env.db.update(plans).set({ status: 'active' }).where(eq(plans.id, second.plan.id)).run();
    }
  });
});
