import path from 'node:path';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/dialect';
import { auditLog, districtSettings, extensionRequests, notifications, supervisionNotices, tasks } from '@/db/schema';
import { periodOf } from '@/lib/assessment/list-scores';
import { componentRates, warningsRule } from '@/lib/assessment/score';
import { collectFacts } from '@/lib/assessment/unit-facts';
import type { Actor } from '@/lib/auth/actor';
import { addAttachment, deleteAttachment, findReadableAttachment } from '@/lib/attachments/attachment-service';
import { FileStore } from '@/lib/attachments/file-store';
import { NotFoundError } from '@/lib/errors';
import { issueNotice } from '@/lib/notices/notice-commands';
import { listOverdueNotices } from '@/lib/notices/notice-views';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { planScope } from '@/lib/plans/plan-scope';
import { saveContribution } from '@/lib/reporting/contribution-service';
import { saveContributionSchema } from '@/lib/reporting/schemas';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { toInput } from '@/lib/warnings/settings-service';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { approvedExtensionCounts, reportDeadlineOverride } from './extension-queries';
import { decideExtension, leaderDecideExtension, listExtensionQueue, listTaskExtensions, openMilestonesOfTask, requestExtension, withdrawExtension } from './extension-service';
import { decideExtensionSchema, requestExtensionSchema } from './schemas';

// The demo clock: 2023-11-22 (November's parts were due on the 20th, its lead reports on the 27th).
const env = useSeededDb();
const approve = (requestId: number, comment = '') => decideExtensionSchema.parse({ requestId, decision: 'approve', comment });
const ask = (raw: Record<string, unknown>) => requestExtensionSchema.parse({ reason: '受客观因素影响，需延期', ...raw });

async function deadlineOf(taskId: number) {
  const [t] = await env.db.select({ deadline: tasks.deadline, original: tasks.originalDeadline }).from(tasks).where(eq(tasks.id, taskId)).limit(1);
  return t!;
}

describe('task deadline', () => {
  it('the lead unit asks, the office approves: the deadline moves, the original is kept, all audited and told', async () => {
    const task1 = env.taskId(1);
    await env.db.update(tasks).set({ deadline: '2023-10-31' }).where(eq(tasks.id, task1));
    const asked = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task1, toDate: '2023-11-30' }));
    expect(asked).toMatchObject({ ok: true, message: expect.stringContaining('30 天') });
    if (!asked.ok) return;
    const [row] = await env.db.select().from(extensionRequests).where(eq(extensionRequests.id, asked.id));
    expect(row).toMatchObject({ status: 'pending', fromDate: '2023-10-31', toDate: '2023-11-30', unitId: env.fgj().unitId });

    // A second request for the same date while one waits is refused.
    expect(await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task1, toDate: '2023-12-05' }))).toMatchObject({ ok: false, error: expect.stringContaining('待审批') });

    // Another unit's task is "not found"; a leader cannot decide a pending one.
    await expect(requestExtension(env.as(env.kjj()), ask({ subject: 'task_deadline', taskId: task1, toDate: '2023-11-30' }))).rejects.toBeInstanceOf(NotFoundError);
    expect(await leaderDecideExtension(env.as(env.leader()), approve(asked.id))).toMatchObject({ ok: false });

    const queue = await listExtensionQueue(env.as(env.supervisor()));
    expect(queue.pending.map((r) => r.id)).toContain(asked.id);
    await expect(listExtensionQueue(env.as(env.fgj()))).rejects.toBeInstanceOf(NotFoundError);

    const decided = await decideExtension(env.as(env.supervisor()), approve(asked.id, '同意'));
    expect(decided).toMatchObject({ ok: true, status: 'approved' });
    expect(await deadlineOf(task1)).toEqual({ deadline: '2023-11-30', original: '2023-10-31' });
    // Decided once: a second decision is refused.
    expect(await decideExtension(env.as(env.supervisor()), approve(asked.id))).toMatchObject({ ok: false });

    const audits = await env.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.entityType, 'extension'), eq(auditLog.entityId, asked.id))).orderBy(asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual(['extension.request', 'extension.decide']);
    const told = await env.db.select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, env.idOf('fgj')), eq(notifications.kind, 'extension.decided')));
    expect(told.some((n) => n.title.includes('已批准'))).toBe(true);

    // A second extension keeps the date first set.
    const again = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task1, toDate: '2023-12-10' }));
    expect(again.ok).toBe(true);
    if (again.ok) await decideExtension(env.as(env.supervisor()), approve(again.id));
    expect(await deadlineOf(task1)).toEqual({ deadline: '2023-12-10', original: '2023-10-31' });

    // The unit sees its own requests on the task; another unit sees none of them.
    expect((await listTaskExtensions(env.as(env.fgj()), task1)).length).toBe(2);
    expect(await listTaskExtensions(env.as(env.kjj()), task1)).toEqual([]);
  });

  it('the new date must be after the date in force; a participating unit may not ask', async () => {
    const task4 = env.taskId(4);
    await env.db.update(tasks).set({ deadline: '2023-12-31' }).where(eq(tasks.id, task4));
    expect(await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task4, toDate: '2023-12-31' }))).toMatchObject({
      ok: false,
      fieldErrors: { toDate: [expect.stringContaining('须晚于现行日期')] },
    });
    const task40 = env.taskId(40);
    await env.db.update(tasks).set({ deadline: '2023-12-31' }).where(eq(tasks.id, task40));
    expect(await requestExtension(env.as(env.kjj()), ask({ subject: 'task_deadline', taskId: task40, toDate: '2024-01-31' }))).toMatchObject({ ok: false, error: expect.stringContaining('牵头单位') });
  });

  it('above the set length the office passes it to a leader, who decides', async () => {
    const task4 = env.taskId(4);
    const asked = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task4, toDate: '2024-02-29' }));
    if (!asked.ok) throw new Error(asked.error);
    const office = await decideExtension(env.as(env.supervisor()), approve(asked.id));
    expect(office).toMatchObject({ ok: true, status: 'leader_pending', message: expect.stringContaining('转领导审批') });
    expect((await deadlineOf(task4)).deadline).toBe('2023-12-31');
    const leaderTold = await env.db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.userId, env.idOf('lingdao')), eq(notifications.kind, 'extension.requested')));
    expect(leaderTold.length).toBeGreaterThan(0);
    expect((await listExtensionQueue(env.as(env.leader()))).leaderPending.map((r) => r.id)).toContain(asked.id);
    // The office cannot decide it again; the leader can.
    expect(await decideExtension(env.as(env.supervisor()), approve(asked.id))).toMatchObject({ ok: false });
    expect(await leaderDecideExtension(env.as(env.leader()), approve(asked.id))).toMatchObject({ ok: true, status: 'approved' });
    expect(await deadlineOf(task4)).toEqual({ deadline: '2024-02-29', original: '2023-12-31' });
  });

  it('a refusal needs a comment and moves nothing; the unit withdraws its own pending request only', async () => {
    expect(decideExtensionSchema.safeParse({ requestId: 1, decision: 'refuse', comment: '' }).success).toBe(false);
    const task4 = env.taskId(4);
    const asked = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task4, toDate: '2024-03-10' }));
    if (!asked.ok) throw new Error(asked.error);
    await expect(withdrawExtension(env.as(env.kjj()), { requestId: asked.id })).rejects.toBeInstanceOf(NotFoundError);
    expect(await withdrawExtension(env.as(env.fgj()), { requestId: asked.id })).toMatchObject({ ok: true });
    expect(await withdrawExtension(env.as(env.fgj()), { requestId: asked.id })).toMatchObject({ ok: false });
    const again = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task4, toDate: '2024-03-10' }));
    if (!again.ok) throw new Error(again.error);
    expect(await decideExtension(env.as(env.supervisor()), decideExtensionSchema.parse({ requestId: again.id, decision: 'refuse', comment: '理由不充分' }))).toMatchObject({ ok: true, status: 'refused' });
    expect((await deadlineOf(task4)).deadline).toBe('2024-02-29');
  });
});

describe('evidence (佐证材料)', () => {
  it('the unit adds files while its request waits; the office reads them; another unit cannot; a decision closes them', async () => {
    const store = new FileStore(path.join(env.dir, 'files'));
    const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));
    const task4 = env.taskId(4);
    const asked = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: task4, toDate: '2024-03-15' }));
    if (!asked.ok) throw new Error(asked.error);
    const target = { ownerType: 'extension_request' as const, requestId: asked.id };
    const added = await addAttachment(env.as(env.fgj()), store, target, { name: '延期依据.pdf', bytes: PDF }, { maxBytes: 1e7 });
    if (!added.ok) throw new Error(added.error);
    await expect(addAttachment(env.as(env.kjj()), store, target, { name: 'x.pdf', bytes: PDF }, { maxBytes: 1e7 })).rejects.toBeInstanceOf(NotFoundError);
    expect(await findReadableAttachment(env.as(env.supervisor()), added.attachment.id)).not.toBeNull();
    expect(await findReadableAttachment(env.as(env.kjj()), added.attachment.id)).toBeNull();
    expect((await listTaskExtensions(env.as(env.supervisor()), task4)).find((r) => r.id === asked.id)?.evidence.map((e) => e.fileName)).toEqual(['延期依据.pdf']);
    await decideExtension(env.as(env.supervisor()), decideExtensionSchema.parse({ requestId: asked.id, decision: 'refuse', comment: '不予延期' }));
    expect(await addAttachment(env.as(env.fgj()), store, target, { name: '补充.pdf', bytes: PDF }, { maxBytes: 1e7 })).toMatchObject({ ok: false });
    expect(await deleteAttachment(env.as(env.fgj()), store, added.attachment.id)).toMatchObject({ ok: false });
  });
});

describe('督办单 due date', () => {
  it('the addressed unit asks while its part is pending; approval moves the due date and clears the overdue', async () => {
    const task40 = env.taskId(40);
    const issued = await issueNotice(env.as(env.supervisor(), new Date('2023-11-15T10:00:00+08:00')), {
      taskId: task40,
      level: 'yellow',
      unitIds: [env.sthj().unitId!],
      problem: '进度滞后',
      requirement: '限期整改',
      dueDate: '2023-11-20',
      triggerRule: '',
      triggerReason: '',
    });
    if (!issued.ok) throw new Error(issued.error);
    expect((await listOverdueNotices(env.as(env.sthj()))).map((n) => n.noticeId)).toContain(issued.id);
    // Not addressed to 科技局: "not found".
    await expect(requestExtension(env.as(env.kjj()), ask({ subject: 'notice', taskId: task40, noticeId: issued.id, toDate: '2023-11-30' }))).rejects.toBeInstanceOf(NotFoundError);
    const asked = await requestExtension(env.as(env.sthj()), ask({ subject: 'notice', taskId: task40, noticeId: issued.id, toDate: '2023-11-30' }));
    if (!asked.ok) throw new Error(asked.error);
    expect(await decideExtension(env.as(env.supervisor()), approve(asked.id))).toMatchObject({ ok: true, status: 'approved' });
    const [n] = await env.db.select({ due: supervisionNotices.dueDate, original: supervisionNotices.originalDueDate }).from(supervisionNotices).where(eq(supervisionNotices.id, issued.id));
    expect(n).toEqual({ due: '2023-11-30', original: '2023-11-20' });
    expect((await listOverdueNotices(env.as(env.sthj()))).map((x) => x.noticeId)).not.toContain(issued.id);
  });
});

describe('a month’s report deadline', () => {
  it('a participating unit’s late part: approved → the late light and the overdue item go, the part is on time by the new date', async () => {
    const task40 = env.taskId(40);
    const nov = env.periodId('2023-11');
    const kjj = env.kjj();
    const lateFor = async () =>
      (await computeSignalsNow(env.db, env.planId(), '2023-11-22', DEFAULT_WARNING_SETTINGS, { taskIds: [task40], unitId: kjj.unitId! })).get(task40)!.details.filter((d) => d.kind === 'late' && d.month === '2023-11');
    expect((await lateFor()).map((d) => d.level)).toEqual(['red']);
    const overdue = async () => (await listOverdue(env.as(kjj), (await planScope(env.db, kjj)).plans, overdueFilterSchema.parse({}))).items.filter((i) => i.taskId === task40 && i.what === '2023-11');
    expect(await overdue()).toHaveLength(1);

    // Another unit (not on task 15's parts) cannot ask for 科技局's task 15 as its own.
    await expect(requestExtension(env.as(env.sthj()), ask({ subject: 'report', taskId: env.taskId(15), periodId: nov, toDate: '2023-11-30' }))).rejects.toBeInstanceOf(NotFoundError);
    const asked = await requestExtension(env.as(kjj), ask({ subject: 'report', taskId: task40, periodId: nov, toDate: '2023-11-30' }));
    if (!asked.ok) throw new Error(asked.error);
    expect((await env.db.select({ from: extensionRequests.fromDate }).from(extensionRequests).where(eq(extensionRequests.id, asked.id)))[0]!.from).toBe('2023-11-20');
    expect(await decideExtension(env.as(env.supervisor()), approve(asked.id))).toMatchObject({ ok: true, status: 'approved' });

    expect(await reportDeadlineOverride(env.db, task40, nov, kjj.unitId!)).toBe('2023-11-30');
    expect(await lateFor()).toEqual([]);
    expect(await overdue()).toEqual([]);
    // Near the new date the usual due-soon light returns, against the new date.
    const soon = (await computeSignalsNow(env.db, env.planId(), '2023-11-28', DEFAULT_WARNING_SETTINGS, { taskIds: [task40], unitId: kjj.unitId! })).get(task40)!;
    expect(soon.details.find((d) => d.kind === 'late' && d.month === '2023-11')).toMatchObject({ level: 'yellow', dueOn: '2023-11-30' });

    // Sent by the new date: on time in the assessment, which counts the approved extension in 预警情况.
    const sent = await saveContribution(env.as(kjj, new Date('2023-11-24T10:00:00+08:00')), saveContributionSchema.parse({ taskId: task40, periodId: nov, version: 0, content: '协办进展', intent: 'submit' }));
    expect(sent.ok).toBe(true);
    const facts = (await collectFacts(env.db, await periodOf(env.db, { kind: 'district', districtId: 1 }, nov), '2023-11-30')).find((f) => f.unitId === kjj.unitId)!;
    // 科技局's parts this month: task 40's, sent after the period's 20th but by its new date.
    expect(facts.onTimeSubmissions).toBe(1);
    expect((await approvedExtensionCounts(env.db, env.planId(), '2023-11')).get(kjj.unitId!)).toBe(1);
    expect(facts.approvedExtensions).toBe(1);

    // Once sent, no more extension of that month.
    expect(await requestExtension(env.as(kjj), ask({ subject: 'report', taskId: task40, periodId: nov, toDate: '2023-12-05' }))).toMatchObject({ ok: false, error: expect.stringContaining('已报送') });
  });
});

describe('the assessment rule', () => {
  it('each approved extension counts in 预警情况 as the set number of lights, shown in the formula', () => {
    const base = { dueSubmissions: 2, onTimeSubmissions: 2, reviewedReports: 0, firstPassReports: 0, ledTasks: 4, redWarnings: 0, yellowWarnings: 0, noticesDue: 0, noticesAnsweredOnTime: 0, indicatorPaceRatios: [] };
    expect(componentRates(base).warnings.rate).toBe(1);
    expect(componentRates({ ...base, approvedExtensions: 2 }).warnings).toEqual({ rate: 0.75, detail: '牵头任务 4，红灯 0，黄灯 0，获批延期 2' });
    expect(componentRates({ ...base, approvedExtensions: 2, extensionWeight: 1 }).warnings.rate).toBe(0.5);
    expect(componentRates({ ...base, approvedExtensions: 2, extensionWeight: 0 }).warnings.rate).toBe(1);
    expect(warningsRule(1)).toContain('1 × 获批延期数');
    expect(warningsRule()).toContain('0.5 × 获批延期数');
  });
});

describe('districts', () => {
  // 兰山区 (district 2) imported the same notice: the same unit names and task numbers under other ids.
  let d2: SecondDistrict;
  let ours: number, theirs: number;
  const store = () => new FileStore(path.join(env.dir, 'files'));
  const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'));
  const tables = ['extension_requests', 'tasks', 'milestones', 'supervision_notices', 'attachments', 'audit_log'];
  const written = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await queryRows(env.db, sql`select * from ${sql.identifier(t)} order by id`)])));

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    // Task 36: 区发展和改革局 leads alone, in both districts.
    await env.db.update(tasks).set({ deadline: '2023-12-31' }).where(inArray(tasks.id, [env.taskId(36), d2.taskId(36)]));
    const mine = await requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: env.taskId(36), toDate: '2024-01-15' }));
    const other = await requestExtension(env.as(await d2.actor('reporter', '区发展和改革局')), ask({ subject: 'task_deadline', taskId: d2.taskId(36), toDate: '2024-01-15' }));
    if (!mine.ok || !other.ok) throw new Error('setup');
    [ours, theirs] = [mine.id, other.id];
  });

  it('reads: each district’s office and units see their own requests only; the city office sees both', async () => {
    const d2Supervisor = await d2.actor('supervisor');
    const queueIds = async (actor: Actor) => (await listExtensionQueue(env.as(actor))).pending.map((r) => r.id);
    expect(await queueIds(env.supervisor())).toContain(ours);
    expect(await queueIds(env.supervisor())).not.toContain(theirs);
    expect(await queueIds(d2Supervisor)).toEqual([theirs]);
    expect(await queueIds(await actorFor(env.db, 'city_supervisor', null))).toEqual(expect.arrayContaining([ours, theirs]));
    for (const [actor, taskId] of [
      [env.supervisor(), d2.taskId(36)],
      [env.fgj(), d2.taskId(36)],
      [d2Supervisor, env.taskId(36)],
      [await d2.actor('reporter', '区发展和改革局'), env.taskId(36)],
    ] as const) {
      expect(await listTaskExtensions(env.as(actor), taskId)).toEqual([]);
      expect(await openMilestonesOfTask(env.as(actor), taskId)).toEqual([]);
    }
  });

  it('writes: an id of the other district is "not found", like a missing one, and nothing is written', async () => {
    const before = await written();
    const d2Reporter = await d2.actor('reporter', '区发展和改革局');
    const refusals: [string, () => Promise<unknown>][] = [
      ['request on their task', () => requestExtension(env.as(env.fgj()), ask({ subject: 'task_deadline', taskId: d2.taskId(36), toDate: '2024-02-28' }))],
      ['request on our task', () => requestExtension(env.as(d2Reporter), ask({ subject: 'task_deadline', taskId: env.taskId(36), toDate: '2024-02-28' }))],
      ['withdraw theirs', () => withdrawExtension(env.as(env.fgj()), { requestId: theirs })],
      ['withdraw ours', () => withdrawExtension(env.as(d2Reporter), { requestId: ours })],
      ['decide theirs', () => decideExtension(env.as(env.supervisor()), approve(theirs))],
      ['decide ours', async () => decideExtension(env.as(await d2.actor('supervisor')), approve(ours))],
      ['leader decides theirs', () => leaderDecideExtension(env.as(env.leader()), approve(theirs))],
      ['evidence on theirs', () => addAttachment(env.as(env.fgj()), store(), { ownerType: 'extension_request', requestId: theirs }, { name: 'x.pdf', bytes: PDF }, { maxBytes: 1e7 })],
    ];
    for (const [what, call] of refusals) {
      const err = await call().then(
        () => new Error(`${what}: not refused`),
        (e: unknown) => e as Error,
      );
      expect(err, what).toBeInstanceOf(NotFoundError);
    }
    // The same text as a missing id.
    const missing = await withdrawExtension(env.as(env.fgj()), { requestId: 999_999 }).catch((e: Error) => e.message);
    expect(await withdrawExtension(env.as(env.fgj()), { requestId: theirs }).catch((e: Error) => e.message)).toBe(missing);
    // The city office reads but decides nothing.
    await expect(decideExtension(env.as(await actorFor(env.db, 'city_supervisor', null)), approve(theirs))).rejects.toThrow();
    expect(await written()).toEqual(before);
    // Their own office decides theirs; ours waits.
    expect(await decideExtension(env.as(await d2.actor('supervisor')), approve(theirs))).toMatchObject({ ok: true, status: 'approved' });
    expect(await deadlineOf(d2.taskId(36))).toEqual({ deadline: '2024-01-15', original: '2023-12-31' });
    expect(await deadlineOf(env.taskId(36))).toEqual({ deadline: '2023-12-31', original: null });
  });

  it('the length that needs a leader is each district’s own setting', async () => {
    await env.db.insert(districtSettings).values({ districtId: d2.districtId, key: 'warnings', value: JSON.stringify({ ...toInput(DEFAULT_WARNING_SETTINGS), extensionLeaderDays: 10 }), updatedAt: new Date() });
    await env.db.update(tasks).set({ deadline: '2023-12-31' }).where(eq(tasks.id, d2.taskId(1)));
    const asked = await requestExtension(env.as(await d2.actor('reporter', '区发展和改革局')), ask({ subject: 'task_deadline', taskId: d2.taskId(1), toDate: '2024-01-15' }));
    if (!asked.ok) throw new Error(asked.error);
    // 15 days: above 兰山区's 10, within 河东区's default 30.
    expect(await decideExtension(env.as(await d2.actor('supervisor')), approve(asked.id))).toMatchObject({ ok: true, status: 'leader_pending' });
    expect(await decideExtension(env.as(env.supervisor()), approve(ours))).toMatchObject({ ok: true, status: 'approved' });
  });
});
