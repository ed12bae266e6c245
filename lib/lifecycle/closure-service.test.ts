import path from 'node:path';
import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/dialect';
import { auditLog, notifications, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { addAttachment, findReadableAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { getTaskById } from '@/lib/ledger/ledger-service';
import { outstandingForPeriod } from '@/lib/notifications/reminder-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { registerItem } from '@/lib/plans/item-service';
import { registerItemSchema } from '@/lib/plans/plan-schemas';
import { activePlans } from '@/lib/plans/plan-scope';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveReportSchema } from '@/lib/reporting/schemas';
import { getWorkbench } from '@/lib/reporting/workbench';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW, useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { closureDecisionSchema } from './schemas';
import { closureOfTask, decideClosureRequest, listPendingClosures, reopenTask, requestClosure } from './closure-service';
import { expectEachNotFound } from '@/lib/testing/refusals';

const TODAY = '2023-11-22';
const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));
const env = useSeededDb();
const { as, supervisor, leader, fgj, kjj, gxj, taskId, planId, periodId } = env;

// Key task 70: led by 区发展和改革局 (and 区卫生健康局); task 40: 区发展和改革局 takes part.
const task70 = () => taskId(70);
const statusOf = async (id: number) => (await env.db.select({ status: tasks.status, closedAt: tasks.closedAt, closedBy: tasks.closedBy }).from(tasks).where(eq(tasks.id, id)))[0]!;

describe('办结销号', () => {
  let requestId: number;

  it('the lead unit applies; a participating unit is refused; another unit does not find the task; one pending at a time', async () => {
    await expect(requestClosure(as(kjj()), { taskId: task70(), summary: '已完成' })).rejects.toThrow(NotFoundError);
    await expect(requestClosure(as(fgj()), { taskId: taskId(40), summary: '已完成' })).rejects.toThrow(ForbiddenError);
    await expect(requestClosure(as(supervisor()), { taskId: task70(), summary: '已完成' })).rejects.toThrow(ForbiddenError);
    const r = await requestClosure(as(fgj()), { taskId: task70(), summary: '已完成全年目标' });
    expect(r).toMatchObject({ ok: true, message: '已提交办结申请，等待督查室审核' });
    requestId = (r as { id: number }).id;
    expect(await requestClosure(as(fgj()), { taskId: task70(), summary: '再次申请' })).toEqual({ ok: false, error: '该任务已有待审核的办结申请' });
    await expect(listPendingClosures(as(fgj()))).rejects.toThrow(ForbiddenError);
    expect((await listPendingClosures(as(leader()))).map((p) => [p.taskLabel, p.unitName, p.summary])).toEqual([['重点任务 70', '区发展和改革局', '已完成全年目标']]);
    // The unit reads its own applications on the task page; another unit none.
    expect((await closureOfTask(as(fgj()), task70()))!.requests).toHaveLength(1);
    expect((await closureOfTask(as(gxj()), task70()))!.requests).toHaveLength(0);
  });

  it('佐证材料: the lead unit attaches files while its application waits; another unit does not find it', async () => {
    const store = new FileStore(path.join(env.dir, 'files'));
    const file = { name: '验收报告.pdf', bytes: PDF };
    const up = await addAttachment(as(fgj()), store, { ownerType: 'closure_request', closureRequestId: requestId }, file, { maxBytes: 1e7 });
    expect(up.ok).toBe(true);
    await expect(addAttachment(as(gxj()), store, { ownerType: 'closure_request', closureRequestId: requestId }, file, { maxBytes: 1e7 })).rejects.toThrow(NotFoundError);
    expect((await listPendingClosures(as(supervisor())))[0]!.evidence.map((e) => e.fileName)).toEqual(['验收报告.pdf']);
    expect(await findReadableAttachment(as(supervisor()), (up as { attachment: { id: number } }).attachment.id)).not.toBeNull();
  });

  it('a return needs a reason and leaves the task active; the lead unit may apply again', async () => {
    expect(closureDecisionSchema.safeParse({ requestId, decision: 'return', comment: '' }).success).toBe(false);
    expect(await decideClosureRequest(as(supervisor()), { requestId, decision: 'return', comment: '' })).toEqual({ ok: false, error: '退回须填写理由' });
    await expect(decideClosureRequest(as(leader()), { requestId, decision: 'approve', comment: '' })).rejects.toThrow(ForbiddenError);
    expect(await decideClosureRequest(as(supervisor()), { requestId, decision: 'return', comment: '请补充验收材料' })).toMatchObject({ ok: true });
    expect((await statusOf(task70())).status).toBe('active');
    expect(await decideClosureRequest(as(supervisor()), { requestId, decision: 'approve', comment: '' })).toEqual({ ok: false, error: '该办结申请已退回，不能再处理' });
    const store = new FileStore(path.join(env.dir, 'files'));
    expect(await addAttachment(as(fgj()), store, { ownerType: 'closure_request', closureRequestId: requestId }, { name: '补充.pdf', bytes: PDF }, { maxBytes: 1e7 })).toEqual({ ok: false, error: '办结申请已审核，佐证材料不能再修改' });
    const again = await requestClosure(as(fgj()), { taskId: task70(), summary: '已补充验收材料' });
    requestId = (again as { id: number }).id;
  });

  it('approved: the task is closed, the lead unit is told, and it leaves the month’s reporting', async () => {
    expect(await decideClosureRequest(as(supervisor()), { requestId, decision: 'approve', comment: '同意销号' })).toMatchObject({ ok: true, message: '已办结：重点任务 70' });
    expect(await statusOf(task70())).toMatchObject({ status: 'closed', closedAt: DEMO_NOW, closedBy: supervisor().userId });
    const told = await env.db.select().from(notifications).where(and(eq(notifications.userId, fgj().userId), eq(notifications.kind, 'closure.decided')));
    expect(told.map((n) => n.title)).toContain('重点任务 70「' + (await getTaskById(as(fgj()), task70()))!.title + '」已办结销号');

    // Lights: green, 已办结; not in the overdue list, nor in the reminders.
    const s = (await computeSignalsNow(env.db, planId(), TODAY, DEFAULT_WARNING_SETTINGS)).get(task70())!;
    expect([s.late, s.pace, s.target]).toEqual(Array(3).fill({ level: 'green', rule: 'closed', reason: '已办结' }));
    expect(s.details).toEqual([]);
    const overdue = await listOverdue(as(leader()), await activePlans(env.db, leader()), overdueFilterSchema.parse({}));
    expect(overdue.items.some((i) => i.taskId === task70())).toBe(false);
    expect((await outstandingForPeriod(env.db, leader().districtId!, periodId('2023-11'))).some((o) => o.taskNo === 70)).toBe(false);

    // The unit's workbench: out of the lead tasks, in 已办结 with its date.
    const wb = (await getWorkbench(as(fgj()), await activePlans(env.db, fgj()))).find((w) => w.plan.id === planId())!;
    expect(wb.leading.some((r) => r.task.id === task70())).toBe(false);
    expect(wb.closed).toEqual([expect.objectContaining({ task: expect.objectContaining({ no: 70 }), role: 'lead', closedOn: TODAY })]);
    expect((await getTaskById(as(fgj()), task70()))!.closedOn).toBe(TODAY);

    // The report editor refuses to save or submit.
    const report = saveReportSchema.parse({ taskId: task70(), periodId: periodId('2023-11'), version: 0, progress: '进展', percentDone: 100, problems: '', nextSteps: '', indicatorValues: [], intent: 'save' });
    await expect(saveReport(as(fgj()), report)).rejects.toThrow('任务已办结，无需报送');
    expect(await requestClosure(as(fgj()), { taskId: task70(), summary: '再申请' })).toEqual({ ok: false, error: '任务已办结，无需再申请' });
  });

  it('the office reopens a closed task with a reason (audited); it reports again', async () => {
    await expect(reopenTask(as(fgj()), { taskId: task70(), reason: '误操作' })).rejects.toThrow(ForbiddenError);
    expect(await reopenTask(as(supervisor()), { taskId: task70(), reason: '发现遗留问题，需继续推进' })).toMatchObject({ ok: true });
    expect(await statusOf(task70())).toMatchObject({ status: 'active', closedAt: null, closedBy: null });
    expect(await reopenTask(as(supervisor()), { taskId: task70(), reason: '再次' })).toEqual({ ok: false, error: '任务未办结，无需重新启动' });
    const audit = await env.db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.taskId, task70())).orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(['closure.request', 'attachment.upload', 'closure.return', 'closure.request', 'closure.approve', 'task.reopen']);
    expect(JSON.parse(audit.at(-1)!.detail!)).toEqual({ reason: '发现遗留问题，需继续推进' });
    expect((await computeSignalsNow(env.db, planId(), TODAY, DEFAULT_WARNING_SETTINGS)).get(task70())!.late.rule).not.toBe('closed');
  });

  it('a registered item closes the same way', async () => {
    const at = new Date('2023-11-10T09:30:00+08:00');
    const r = await registerItem(
      as(supervisor(), at),
      registerItemSchema.parse({ kind: 'leader_assigned', source: '区长批示', title: '清理闲置厂房', content: '摸清底数，分类处置。', lead: '区工信局', participating: '', leaders: '', deadline: '2023-12-31' }),
    );
    if (!r.ok) throw new Error(r.error);
    const item = r.data.taskId;
    const applied = await requestClosure(as(gxj()), { taskId: item, summary: '闲置厂房已全部处置' });
    expect(applied.ok).toBe(true);
    expect(await decideClosureRequest(as(supervisor()), { requestId: (applied as { id: number }).id, decision: 'approve', comment: '' })).toMatchObject({ ok: true });
    expect((await statusOf(item)).status).toBe('closed');
    expect((await getTaskById(as(gxj()), item))!.closedOn).toBe(TODAY);
  });
});

describe('districts', () => {
  // 兰山区 (district 2) imported the same notice: the same unit names and task numbers under other ids.
  let d2: SecondDistrict;
  let ours: number, theirs: number;
  const tables = ['closure_requests', 'tasks', 'attachments', 'audit_log'];
  const written = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await queryRows(env.db, sql`select * from ${sql.identifier(t)} order by id`)])));

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    // Task 36: 区发展和改革局 leads alone, in both districts. Their task 70 is closed (to be reopened).
    const mine = await requestClosure(as(fgj()), { taskId: taskId(36), summary: '本区已完成' });
    const other = await requestClosure(as(await d2.actor('reporter', '区发展和改革局')), { taskId: d2.taskId(36), summary: '兰山区已完成' });
    if (!mine.ok || !other.ok) throw new Error('setup');
    [ours, theirs] = [mine.id, other.id];
    await env.db.update(tasks).set({ status: 'closed', closedAt: DEMO_NOW }).where(eq(tasks.id, d2.taskId(70)));
  });

  it('reads: each district’s office and units see their own applications only; the city office sees both', async () => {
    const d2Leader = await d2.actor('leader');
    const pending = async (actor: Actor) => (await listPendingClosures(as(actor))).map((p) => p.id);
    expect(await pending(leader())).toContain(ours);
    expect(await pending(leader())).not.toContain(theirs);
    expect(await pending(d2Leader)).toEqual([theirs]);
    expect(await pending(await actorFor(env.db, 'city_supervisor', null))).toEqual(expect.arrayContaining([ours, theirs]));
    for (const [actor, id] of [
      [supervisor(), d2.taskId(36)],
      [fgj(), d2.taskId(36)],
      [d2Leader, taskId(36)],
      [await d2.actor('reporter', '区发展和改革局'), taskId(36)],
    ] as const) {
      expect(await closureOfTask(as(actor), id)).toBeNull();
    }
    expect((await closureOfTask(as(d2Leader), d2.taskId(36)))!.requests.map((r) => r.id)).toEqual([theirs]);
  });

  it('writes: an id of the other district is "not found", like a missing one, and nothing is written', async () => {
    const before = await written();
    const d2Supervisor = await d2.actor('supervisor');
    const store = new FileStore(path.join(env.dir, 'files'));
    const refusals: [string, () => Promise<unknown>, string][] = [
      ['apply on their task', () => requestClosure(as(fgj()), { taskId: d2.taskId(70), summary: '已完成' }), '找不到该任务'],
      ['decide theirs', () => decideClosureRequest(as(supervisor()), { requestId: theirs, decision: 'approve', comment: '' }), '找不到该办结申请'],
      ['decide ours', () => decideClosureRequest(as(d2Supervisor), { requestId: ours, decision: 'approve', comment: '' }), '找不到该办结申请'],
      ['reopen theirs', () => reopenTask(as(supervisor()), { taskId: d2.taskId(70), reason: '重新启动' }), '找不到该任务'],
      ['evidence on theirs', () => addAttachment(as(fgj()), store, { ownerType: 'closure_request', closureRequestId: theirs }, { name: 'x.pdf', bytes: PDF }, { maxBytes: 1e7 }), '找不到该办结申请'],
    ];
    await expectEachNotFound(refusals);
    expect(await written()).toEqual(before);
    expect(await decideClosureRequest(as(d2Supervisor), { requestId: theirs, decision: 'approve', comment: '' })).toMatchObject({ ok: true });
    expect((await statusOf(d2.taskId(36))).status).toBe('closed');
    expect((await statusOf(taskId(36))).status).toBe('active');
  });
});
