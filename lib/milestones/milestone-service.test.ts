import { and, asc, eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/db/dialect';
import { auditLog, notifications } from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveReportSchema } from '@/lib/reporting/schemas';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { getTaskMilestones, listSubmittedPlans, milestonesForReport, reviewPlan, savePlan, tickMilestone, unitMilestones, untickMilestone } from './milestone-service';
import { savePlanSchema } from './schemas';
import { expectEachNotFound } from '@/lib/testing/refusals';

const TODAY = '2023-11-22';
const env = useSeededDb();
const { as, fgj, gxj, kjj, sthj, supervisor, leader, taskId, planId, periodId } = env;

const row = (dueOn: string, deliverable: string) => ({ id: null, dueOn, deliverable, indicatorId: null, indicatorValue: null });
const plan = (no: number, version: number, intent: 'save' | 'submit', rows: ReturnType<typeof row>[]) => savePlanSchema.parse({ taskId: taskId(no), version, intent, milestones: rows });
const paceOf = async (no: number) => (await computeSignalsNow(env.db, planId(), TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [taskId(no)] })).get(taskId(no))!;

describe('milestone plans', () => {
  // Task 36: 区发展和改革局 leads alone. Task 40: 河东生态环境分局 leads, 区发展和改革局 and 区科学技术局 take part.
  it('the lead unit files and submits; another unit gets "not found", a participant is refused', async () => {
    await expect(savePlan(as(kjj()), plan(36, 0, 'save', [row('2023-11-15', '方案')]))).rejects.toThrow(NotFoundError);
    await expect(savePlan(as(fgj()), plan(40, 0, 'save', [row('2023-11-15', '方案')]))).rejects.toThrow(ForbiddenError);
    await expect(savePlan(as(supervisor()), plan(36, 0, 'save', [row('2023-11-15', '方案')]))).rejects.toThrow(ForbiddenError);

    const draft = await savePlan(as(fgj()), plan(36, 0, 'save', [row('2023-11-15', '完成试点方案'), row('2023-12-20', '新增装机')]));
    expect(draft).toMatchObject({ ok: true, version: 1 });
    // A second editor with the old version conflicts; nothing is written.
    await expect(savePlan(as(fgj()), plan(36, 0, 'save', [row('2023-11-30', '别的')]))).rejects.toThrow(ConflictError);
    const submitted = await savePlan(as(fgj()), plan(36, 1, 'submit', [row('2023-11-15', '完成试点方案'), row('2023-12-20', '新增装机')]));
    expect(submitted).toMatchObject({ ok: true, version: 2, message: '时间节点计划已报送，等待督查室审核' });
    // Waiting for the office: the unit cannot edit it.
    expect(await savePlan(as(fgj()), plan(36, 2, 'save', [row('2023-11-30', '改')]))).toMatchObject({ ok: false, error: '时间节点计划已报送，正在等待督查室审核' });

    // Participants read; other units do not.
    expect((await getTaskMilestones(as(fgj()), taskId(36))).milestones.map((m) => m.deliverable)).toEqual(['完成试点方案', '新增装机']);
    await expect(getTaskMilestones(as(kjj()), taskId(36))).rejects.toThrow(NotFoundError);
    const onForty = await savePlan(as(sthj()), plan(40, 0, 'submit', [row('2023-12-01', '完成清洁取暖改造')]));
    expect(onForty.ok).toBe(true);
    expect(await getTaskMilestones(as(kjj()), taskId(40))).toMatchObject({ role: 'participating', editable: false });

    const queue = await listSubmittedPlans(as(leader()));
    expect(queue.map((p) => p.taskId)).toEqual([taskId(36), taskId(40)]);
    await expect(listSubmittedPlans(as(fgj()))).rejects.toThrow(ForbiddenError);
  });

  it('the office returns with a reason (the lead unit is told), the unit revises and resubmits, the office approves', async () => {
    const id = (await getTaskMilestones(as(supervisor()), taskId(36))).plan!.id;
    await expect(reviewPlan(as(fgj()), { planId: id, version: 2, decision: 'approve', comment: '' })).rejects.toThrow(ForbiddenError);
    await expect(reviewPlan(as(supervisor()), { planId: id, version: 1, decision: 'approve', comment: '' })).rejects.toThrow(ConflictError);
    expect(await reviewPlan(as(supervisor()), { planId: id, version: 2, decision: 'return', comment: '请补充装机规模节点' })).toMatchObject({ ok: true, version: 3 });
    const told = await env.db
      .select({ title: notifications.title, body: notifications.body })
      .from(notifications)
      .where(and(eq(notifications.userId, env.idOf('fgj')), eq(notifications.kind, 'milestone.decided')));
    expect(told).toEqual([{ title: '时间节点计划被退回', body: expect.stringContaining('请补充装机规模节点') }]);

    const view = await getTaskMilestones(as(fgj()), taskId(36));
    expect(view).toMatchObject({ editable: true, plan: { status: 'returned', reviewComment: '请补充装机规模节点' } });
    const [first, second] = view.milestones;
    const resent = await savePlan(
      as(fgj()),
      savePlanSchema.parse({
        taskId: taskId(36),
        version: 3,
        intent: 'submit',
        milestones: [{ ...row(first!.dueOn, first!.deliverable), id: first!.id }, { ...row(second!.dueOn, second!.deliverable), id: second!.id }, row('2023-12-31', '装机规模达到25万千瓦')],
      }),
    );
    expect(resent).toMatchObject({ ok: true, version: 4 });
    // Kept by id: the first two rows are the same milestones.
    const after = await getTaskMilestones(as(fgj()), taskId(36));
    expect(after.milestones.slice(0, 2).map((m) => m.id)).toEqual([first!.id, second!.id]);
    expect(await reviewPlan(as(supervisor()), { planId: id, version: 4, decision: 'approve', comment: '' })).toMatchObject({ ok: true, message: '已批准时间节点计划' });
    expect(await getTaskMilestones(as(fgj()), taskId(36))).toMatchObject({ editable: false, plan: { status: 'approved', statusLabel: '已批准' } });
    // Approved: dates move by extension only.
    expect(await savePlan(as(fgj()), plan(36, 5, 'save', [row('2023-12-31', '改')]))).toMatchObject({ ok: false, error: '时间节点计划已批准，节点日期只能通过延期申请调整' });
    const actions = (await env.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.taskId, taskId(36))).orderBy(asc(auditLog.id))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['milestone.save', 'milestone.submit', 'milestone.return', 'milestone.approve']));
  });

  it('with an approved plan the 进度 light follows the milestones; ticking the missed one off clears it', async () => {
    // 2023-11-15 passed five working days ago: yellow (not yet red).
    const pace = (await paceOf(36)).pace;
    expect(pace).toMatchObject({ level: 'yellow', rule: 'milestone.due' });
    expect(pace.reason).toBe('区发展和改革局：节点‘完成试点方案’已到期（2023-11-15）未完成');
    // A day later it is red.
    const later = (await computeSignalsNow(env.db, planId(), '2023-11-23', DEFAULT_WARNING_SETTINGS, { taskIds: [taskId(36)] })).get(taskId(36))!;
    expect(later.pace).toMatchObject({ level: 'red', rule: 'milestone.overdue' });
    // Task 40's plan is only submitted: still paced by 序时进度 (no milestone rule).
    expect((await paceOf(40)).pace.rule).not.toMatch(/^milestone/);

    const m = (await getTaskMilestones(as(fgj()), taskId(36))).milestones.find((x) => x.deliverable === '完成试点方案')!;
    expect(m.status).toBe('due');
    // Another unit: not found; the office does not tick off.
    await expect(tickMilestone(as(kjj()), { milestoneId: m.id, doneOn: '2023-11-20', evidence: 'x' })).rejects.toThrow(NotFoundError);
    await expect(tickMilestone(as(supervisor()), { milestoneId: m.id, doneOn: '2023-11-20', evidence: 'x' })).rejects.toThrow(ForbiddenError);
    expect(await tickMilestone(as(fgj()), { milestoneId: m.id, doneOn: '2023-11-23', evidence: 'x' })).toMatchObject({ ok: false, fieldErrors: { doneOn: ['完成日期不能晚于今天'] } });

    // Ticked off from the November report (a draft): linked to it, and the light clears.
    const draft = await saveReport(as(fgj()), saveReportSchema.parse({ taskId: taskId(36), periodId: periodId('2023-11'), version: 0, intent: 'save', progress: '进展', percentDone: 50, problems: '', nextSteps: '', indicatorValues: [] }));
    expect(draft.ok).toBe(true);
    expect(await tickMilestone(as(fgj()), { milestoneId: m.id, doneOn: '2023-11-20', evidence: '方案已印发' })).toMatchObject({ ok: true });
    const done = (await getTaskMilestones(as(fgj()), taskId(36))).milestones.find((x) => x.id === m.id)!;
    expect(done).toMatchObject({ status: 'done', doneOn: '2023-11-20', evidence: '方案已印发', doneReportId: (draft as { id: number }).id, untickable: true });
    expect((await paceOf(36)).pace.level).toBe('green');
    expect(await tickMilestone(as(fgj()), { milestoneId: m.id, doneOn: '2023-11-20', evidence: '再一次' })).toMatchObject({ ok: false, error: '该时间节点已标记完成' });

    // The report editor lists what is due up to the month.
    expect((await milestonesForReport(as(fgj()), taskId(36), '2023-11')).due.map((x) => x.deliverable)).toEqual(['完成试点方案']);
    await expect(milestonesForReport(as(kjj()), taskId(36), '2023-11')).rejects.toThrow(NotFoundError);

    // Undone while the month is open: the light is back.
    expect(await untickMilestone(as(fgj()), { milestoneId: m.id })).toMatchObject({ ok: true });
    expect((await paceOf(36)).pace.level).toBe('yellow');
    // Ticked again and the report sent: the tick can no longer be undone.
    await tickMilestone(as(fgj()), { milestoneId: m.id, doneOn: '2023-11-20', evidence: '方案已印发' });
    const sent = await saveReport(as(fgj()), saveReportSchema.parse({ taskId: taskId(36), periodId: periodId('2023-11'), version: (draft as { version: number }).version, intent: 'submit', progress: '进展', percentDone: 50, problems: '', nextSteps: '', indicatorValues: [] }));
    expect(sent.ok).toBe(true);
    expect(await untickMilestone(as(fgj()), { milestoneId: m.id })).toMatchObject({ ok: false, error: '该月已报送或已过，不能撤销完成标记' });
  });

  it('a unit’s timeline: its own unit only; the office names the unit', async () => {
    const own = await unitMilestones(as(fgj()));
    expect(own.unit.name).toBe('区发展和改革局');
    // Task 40 (A takes part) shows too, with its plan's state.
    expect(own.items.map((m) => [m.taskId, m.role, m.planStatus])).toEqual(
      expect.arrayContaining([
        [taskId(36), 'lead', 'approved'],
        [taskId(40), 'participating', 'submitted'],
      ]),
    );
    const dates = own.items.map((m) => m.dueOn);
    expect(dates).toEqual([...dates].sort());
    await expect(unitMilestones(as(kjj()), own.unit.id)).rejects.toThrow(NotFoundError);
    expect((await unitMilestones(as(supervisor()), own.unit.id)).items).toHaveLength(own.items.length);
    // 区工业和信息化局 takes part in task 40 only.
    expect((await unitMilestones(as(gxj()))).items.map((m) => m.taskId)).toEqual([taskId(40)]);
  });
});

describe('districts', () => {
  // 兰山区 (district 2) imported the same notice: the same unit names and task numbers under other ids.
  let d2: SecondDistrict;
  let theirPlan: number, theirMilestone: number;
  const theirs = (intent: 'save' | 'submit', version = 0) => savePlanSchema.parse({ taskId: d2.taskId(36), version, intent, milestones: [row('2023-11-10', '兰山区方案')] });
  const tables = ['milestone_plans', 'milestones', 'audit_log'];
  const written = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await queryRows(env.db, sql`select * from ${sql.identifier(t)} order by id`)])));

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    const saved = await savePlan(as(await d2.actor('reporter', '区发展和改革局')), theirs('submit'));
    if (!saved.ok) throw new Error(saved.error);
    theirPlan = saved.id;
  });

  it('reads: plans, milestones and timelines stay in their district; the city office reads both', async () => {
    const [d2Leader, d2Reporter] = [await d2.actor('leader'), await d2.actor('reporter', '区发展和改革局')];
    expect((await listSubmittedPlans(as(leader()))).map((p) => p.planId)).not.toContain(theirPlan);
    expect((await listSubmittedPlans(as(d2Leader))).map((p) => p.planId)).toEqual([theirPlan]);
    expect((await listSubmittedPlans(as(await actorFor(env.db, 'city_supervisor', null)))).map((p) => p.taskId)).toEqual(expect.arrayContaining([taskId(40), d2.taskId(36)]));
    for (const [actor, id] of [
      [supervisor(), d2.taskId(36)],
      [fgj(), d2.taskId(36)],
      [d2Leader, taskId(36)],
      [d2Reporter, taskId(36)],
    ] as const) {
      await expect(getTaskMilestones(as(actor), id)).rejects.toThrow(new NotFoundError('找不到该任务'));
    }
    await expect(milestonesForReport(as(fgj()), d2.taskId(36), '2023-11')).rejects.toThrow(new NotFoundError('找不到该任务'));
    await expect(unitMilestones(as(supervisor()), d2Reporter.unitId!)).rejects.toThrow(new NotFoundError('找不到该单位'));
    await expect(unitMilestones(as(d2Leader), fgj().unitId!)).rejects.toThrow(new NotFoundError('找不到该单位'));
    expect((await unitMilestones(as(d2Reporter))).items.map((m) => m.taskId)).toEqual([d2.taskId(36)]);
    expect((await unitMilestones(as(d2Leader), d2Reporter.unitId!)).items.map((m) => m.deliverable)).toEqual(['兰山区方案']);
  });

  it('writes: an id of the other district is "not found", like a missing one, and nothing is written', async () => {
    const d2Supervisor = await d2.actor('supervisor');
    const ourPlan = (await getTaskMilestones(as(supervisor()), taskId(40))).plan!;
    expect(await reviewPlan(as(d2Supervisor), { planId: theirPlan, version: 1, decision: 'approve', comment: '' })).toMatchObject({ ok: true });
    theirMilestone = (await getTaskMilestones(as(d2Supervisor), d2.taskId(36))).milestones[0]!.id;
    const before = await written();
    const refusals: [string, () => Promise<unknown>, string][] = [
      ['save on their task', () => savePlan(as(fgj()), theirs('save', 2)), '找不到该任务'],
      ['review theirs', () => reviewPlan(as(supervisor()), { planId: theirPlan, version: 2, decision: 'return', comment: '退回' }), '找不到该时间节点计划'],
      ['review ours', () => reviewPlan(as(d2Supervisor), { planId: ourPlan.id, version: ourPlan.version, decision: 'approve', comment: '' }), '找不到该时间节点计划'],
      ['tick theirs', () => tickMilestone(as(fgj()), { milestoneId: theirMilestone, doneOn: '2023-11-20', evidence: 'x' }), '找不到该时间节点'],
      ['untick theirs', () => untickMilestone(as(fgj()), { milestoneId: theirMilestone }), '找不到该时间节点'],
    ];
    await expectEachNotFound(refusals);
    expect(await written()).toEqual(before);
    expect(await tickMilestone(as(await d2.actor('reporter', '区发展和改革局')), { milestoneId: theirMilestone, doneOn: '2023-11-20', evidence: '已印发' })).toMatchObject({ ok: true });
  });
});
