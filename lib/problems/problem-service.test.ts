import { and, asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, notifications, problems } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { districtScopeOf } from '@/lib/districts/district-scope';
import { createInstruction } from '@/lib/instructions/instruction-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveReportSchema } from '@/lib/reporting/schemas';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { measureFactsOf } from './measure-facts';
import { answerProblem, closeProblem, escalateProblem, listProblems, problemsForTask, raiseProblem } from './problem-service';

const env = useSeededDb();
const { as, supervisor, leader, fgj, kjj, admin, taskId, periodId } = env; // fgj leads task 1; kjj leads 15

const PROBLEM = '项目用地指标不足，需区自然资源局协调解决';

async function fgjReport(): Promise<number> {
  const input = saveReportSchema.parse({ taskId: taskId(1), periodId: periodId('2023-11'), version: 0, progress: '推进中', percentDone: 50, problems: PROBLEM, nextSteps: '', indicatorValues: [], intent: 'save' });
  const r = await saveReport(as(fgj()), input);
  if (!r.ok) throw new Error(r.error);
  return r.id;
}

const notificationsOf = async (userId: number, kind: string) =>
  env.db.select({ title: notifications.title }).from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

describe('问题协调', () => {
  it('a unit raises its report’s problem to the office; the office escalates it; a leader answers; the unit closes it', async () => {
    const reportId = await fgjReport();
    // Only a unit on the task, only its own report.
    await expect(raiseProblem(as(supervisor()), { taskId: taskId(1), reportId: null, addressedTo: 'office', content: PROBLEM })).rejects.toThrow(ForbiddenError);
    await expect(raiseProblem(as(kjj()), { taskId: taskId(1), reportId: null, addressedTo: 'office', content: PROBLEM })).rejects.toThrow(NotFoundError);
    await expect(raiseProblem(as(kjj()), { taskId: taskId(15), reportId, addressedTo: 'office', content: PROBLEM })).rejects.toThrow(new NotFoundError('找不到该月度进展'));

    const raised = await raiseProblem(as(fgj()), { taskId: taskId(1), reportId, addressedTo: 'office', content: PROBLEM });
    expect(raised).toMatchObject({ ok: true, message: '已提交督查室协调' });
    const id = raised.ok ? raised.id : 0;
    // Twice the same open text: refused, nothing written.
    expect(await raiseProblem(as(fgj()), { taskId: taskId(1), reportId, addressedTo: 'office', content: PROBLEM })).toMatchObject({ ok: false, error: '该问题已提交协调，正在等待答复' });
    expect(await env.db.select({ id: problems.id }).from(problems)).toHaveLength(1);
    expect(await notificationsOf(env.idOf('duchashi'), 'problem.raised')).toHaveLength(1);

    // Who sees it: the unit and the oversight roles; another unit neither sees nor touches it.
    expect((await listProblems(as(fgj()))).map((p) => p.id)).toEqual([id]);
    const [mine] = await listProblems(as(fgj()));
    expect(mine).toMatchObject({ status: 'open', addressedTo: 'office', reportMonth: '2023-11', commands: ['close'] });
    expect(await listProblems(as(kjj()))).toEqual([]);
    expect(await problemsForTask(as(kjj()), taskId(1))).toEqual([]);
    expect((await listProblems(as(leader()), { to: 'office' })).map((p) => p.commands)).toEqual([[]]);
    expect((await listProblems(as(supervisor()), { status: 'open' }))[0]!.commands).toEqual(['answer', 'escalate', 'close']);
    expect(await listProblems(as(supervisor()), { status: 'closed' })).toEqual([]);
    await expect(closeProblem(as(kjj()), { problemId: id })).rejects.toThrow(NotFoundError);
    await expect(answerProblem(as(kjj()), { problemId: id, answer: 'x' })).rejects.toThrow(ForbiddenError);
    // A leader does not answer what is addressed to the office.
    await expect(answerProblem(as(leader()), { problemId: id, answer: 'x' })).rejects.toThrow(ForbiddenError);
    await expect(escalateProblem(as(leader()), { problemId: id, note: '' })).rejects.toThrow(ForbiddenError);

    // The office hands it to the leaders (audited); a second escalation is refused.
    expect(await escalateProblem(as(supervisor()), { problemId: id, note: '涉及跨部门用地调整' })).toMatchObject({ ok: true });
    expect(await escalateProblem(as(supervisor()), { problemId: id, note: '' })).toMatchObject({ ok: false, error: '该问题已提交区领导' });
    const [escalated] = await env.db.select().from(auditLog).where(eq(auditLog.action, 'problem.escalate')).orderBy(asc(auditLog.id)).limit(1);
    expect(JSON.parse(escalated!.detail!)).toMatchObject({ from: 'office', to: 'leader', reason: '涉及跨部门用地调整' });
    expect(await notificationsOf(env.idOf('lingdao'), 'problem.escalated')).toHaveLength(1);

    expect(await answerProblem(as(leader()), { problemId: id, answer: '请区自然资源局本周内调剂用地指标' })).toMatchObject({ ok: true });
    expect(await answerProblem(as(supervisor()), { problemId: id, answer: '再答' })).toMatchObject({ ok: false });
    expect(await notificationsOf(env.idOf('fgj'), 'problem.answered')).toHaveLength(1);
    expect((await listProblems(as(fgj())))[0]).toMatchObject({ status: 'answered', answer: '请区自然资源局本周内调剂用地指标', answeredByName: '李区长', commands: ['close'] });

    await expect(closeProblem(as(leader()), { problemId: id })).rejects.toThrow(ForbiddenError);
    await expect(closeProblem(as(admin()), { problemId: id })).rejects.toThrow(ForbiddenError);
    expect(await closeProblem(as(fgj()), { problemId: id })).toMatchObject({ ok: true });
    expect(await closeProblem(as(supervisor()), { problemId: id })).toMatchObject({ ok: false, error: '该问题已关闭' });
    const actions = (await env.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityType, 'problem')).orderBy(asc(auditLog.id))).map((a) => a.action);
    expect(actions).toEqual(['problem.raise', 'problem.escalate', 'problem.answer', 'problem.close']);
  });

  it('the office answers and closes a problem to a leader; a participating unit may raise one too', async () => {
    // kjj takes part in task 40.
    const r = await raiseProblem(as(kjj()), { taskId: taskId(40), reportId: null, addressedTo: 'leader', content: '监测设备采购资金未落实' });
    expect(r).toMatchObject({ ok: true, message: '已提交区领导协调' });
    const id = r.ok ? r.id : 0;
    expect(await notificationsOf(env.idOf('lingdao'), 'problem.raised')).toHaveLength(1);
    expect(await answerProblem(as(supervisor()), { problemId: id, answer: '已协调区财政局安排资金' })).toMatchObject({ ok: true });
    expect(await closeProblem(as(supervisor()), { problemId: id })).toMatchObject({ ok: true });
    expect(await notificationsOf(env.idOf('kjj'), 'problem.closed')).toHaveLength(1);
  });

  it('reads the facts of the open measures per task', async () => {
    const open = await raiseProblem(as(fgj()), { taskId: taskId(4), reportId: null, addressedTo: 'office', content: '审批流程较长' });
    expect(open.ok).toBe(true);
    await createInstruction(as(leader()), { taskId: taskId(4), content: '抓紧推进' });
    const facts = await measureFactsOf(env.db, districtScopeOf(supervisor()), [taskId(1), taskId(4)]);
    expect(facts.get(taskId(1))).toEqual({ openNotices: 0, openProblems: 0, lastInstructionOn: null });
    expect(facts.get(taskId(4))).toEqual({ openNotices: 0, openProblems: 1, lastInstructionOn: '2023-11-22' });
  });
});

describe('districts', () => {
  it('each district’s problems stay in it: lists, lookups and measures; the other’s ids are not found and nothing is written', async () => {
    const b = await addSecondDistrict(env.db);
    const [bSupervisor, bLeader, bFgj] = [await b.actor('supervisor'), await b.actor('leader'), await b.actor('reporter', '区发展和改革局')];
    const bRaised = await raiseProblem(as(bFgj), { taskId: b.taskId(1), reportId: null, addressedTo: 'leader', content: '兰山区的协调问题' });
    if (!bRaised.ok) throw new Error(bRaised.error);
    // Only the district's own leader and office are told.
    const told = (await env.db.select({ userId: notifications.userId }).from(notifications).where(and(eq(notifications.kind, 'problem.raised'), eq(notifications.body, '兰山区的协调问题')))).map((n) => n.userId);
    expect(told.sort()).toEqual([bSupervisor.userId, bLeader.userId].sort());
    const aRaised = await raiseProblem(as(fgj()), { taskId: taskId(1), reportId: null, addressedTo: 'office', content: '河东区的协调问题' });
    if (!aRaised.ok) throw new Error(aRaised.error);

    const written = async () =>
      JSON.stringify([await env.db.select().from(problems).orderBy(asc(problems.id)), (await env.db.select({ n: count() }).from(notifications))[0]!.n, (await env.db.select({ n: count() }).from(auditLog))[0]!.n]);
    const before = await written();
    const cases: [Actor, Actor, number, number, number][] = [
      [supervisor(), fgj(), 1, bRaised.id, b.taskId(1)],
      [bSupervisor, bFgj, b.districtId, aRaised.id, taskId(1)],
    ];
    for (const [office, unit, districtId, otherProblem, otherTask] of cases) {
      for (const actor of [office, unit]) {
        const listed = await listProblems(as(actor));
        expect(listed.length).toBeGreaterThan(0);
        expect(listed.some((p) => p.id === otherProblem)).toBe(false);
        expect(await problemsForTask(as(actor), otherTask)).toEqual([]);
      }
      await expect(answerProblem(as(office), { problemId: otherProblem, answer: '已协调' })).rejects.toThrow(new NotFoundError('找不到该问题'));
      await expect(escalateProblem(as(office), { problemId: otherProblem, note: '' })).rejects.toThrow(new NotFoundError('找不到该问题'));
      await expect(closeProblem(as(office), { problemId: otherProblem })).rejects.toThrow(new NotFoundError('找不到该问题'));
      await expect(closeProblem(as(unit), { problemId: otherProblem })).rejects.toThrow(new NotFoundError('找不到该问题'));
      await expect(raiseProblem(as(unit), { taskId: otherTask, reportId: null, addressedTo: 'office', content: '越界' })).rejects.toThrow(new NotFoundError('找不到该任务'));
      // The measures of the other district's task are none of this district's.
      expect((await measureFactsOf(env.db, { kind: 'district', districtId }, [otherTask])).get(otherTask)).toEqual({ openNotices: 0, openProblems: 0, lastInstructionOn: null });
    }
    expect(await written()).toBe(before);
    expect((await measureFactsOf(env.db, { kind: 'district', districtId: b.districtId }, [b.taskId(1)])).get(b.taskId(1))!.openProblems).toBe(1);
  });
});
