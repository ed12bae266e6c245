import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { instructionReceipts, noticeTargets, reports, tasks, units, users } from '@/db/schema';
import { NO_META } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import type { Db } from '@/lib/db';
import { acknowledgeInstruction, createInstruction, replyInstruction } from '@/lib/instructions/instruction-service';
import { acceptResponse, closeNotice, issueNotice, respondToNotice } from '@/lib/notices/notice-commands';
import { answerProblem, closeProblem, raiseProblem } from '@/lib/problems/problem-service';
import { shanghaiDate } from '@/lib/reporting/calendar';
import type { Result } from '@/lib/result';
import { raiseFlag } from '@/lib/warnings/flag-service';

/**
 * The demo's older loop in use, so that /notices, /problems, the task pages and the dashboard are
 * not empty for a new user: three 督办单 (one closed, one answered and waiting for the office, one
 * waiting for the units), two leaders' 批示 (one acknowledged and answered), two manual flags and
 * three problems raised by units (open to the office, answered by a leader, answered and closed).
 *
 * Everything goes through the real services as the demo accounts, at instants some days before
 * "today" (so the notices are numbered, audited and notified as in use). Tasks are chosen among
 * those the demo units lead; tasks the e2e specs work on (13, 40, 41) are left alone.
 */

/** Key-task numbers (the 2023 notice) and what happens on them. */
export const DEMO_OVERSIGHT_TASKS = {
  /** 督办单 closed in October: 区科学技术局, 深化产学研协同创新. */
  closedNotice: 11,
  /** 督办单 answered by 区发展和改革局, waiting for the office: 大力发展总部经济. */
  answeredNotice: 10,
  /** Red 督办单 not answered yet, to 区工业和信息化局 (one of its lead units): 精准管控“两高”行业, among the most lagging. */
  pendingNotice: 8,
  /** 批示 acknowledged and answered by 区发展和改革局: 促进油气提质增效. */
  answeredInstruction: 37,
  /** 批示 not yet acknowledged by 区工业和信息化局: 积极构建绿色制造体系. */
  newInstruction: 44,
  /** Manual flags: red on 强化数字赋能 (工信局), yellow on 大力发展可再生能源 (发改局). */
  redFlag: 7,
  yellowFlag: 36,
  /** Problems: 发改局 to the office (open), 工信局 to a leader (answered), 科技局 to the office (closed). Task 45 is left to the sign-for demo (工信局 has not signed for it). */
  openProblem: 27,
  answeredProblem: 6,
  closedProblem: 15,
} as const;

function must<T extends object>(result: Result<T>, what: string): { ok: true } & T {
  if (!result.ok) throw new Error(`演示数据（督办）：${what}：${result.error}`);
  return result;
}

export async function seedDemoOversight(db: Db, planId: number, today: string): Promise<{ notices: number; instructions: number; flags: number; problems: number }> {
  const accounts = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, districtId: users.districtId, unitId: users.unitId, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(inArray(users.username, ['duchashi', 'lingdao', 'fgj', 'gxj', 'kjj']));
  const actor = (username: string): Actor => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`演示数据（督办）：缺少演示账户 ${username}`);
    return { userId: a.id, username: a.username, displayName: a.displayName, role: a.role, districtId: a.districtId, unitId: a.unitId, unitName: a.unitName };
  };
  const [office, leader, fgj, gxj, kjj] = ['duchashi', 'lingdao', 'fgj', 'gxj', 'kjj'].map(actor) as [Actor, Actor, Actor, Actor, Actor];
  // A request `days` before today at `hour` (Beijing): its own "now" and "today".
  const base = Date.parse(`${today}T00:00:00+08:00`);
  const at = (who: Actor, days: number, hour = 10): ServiceContext => {
    const now = new Date(base - days * 86_400_000 + hour * 3_600_000);
    return { db, actor: who, now, today: shanghaiDate(now), meta: NO_META };
  };
  const dayOf = (days: number) => shanghaiDate(new Date(base - days * 86_400_000 + 12 * 3_600_000));
  const taskRows = await db.select({ id: tasks.id, no: tasks.no }).from(tasks).where(eq(tasks.planId, planId));
  const task = (no: number) => {
    const t = taskRows.find((r) => r.no === no);
    if (!t) throw new Error(`演示数据（督办）：缺少任务 ${no}`);
    return t.id;
  };
  const T = DEMO_OVERSIGHT_TASKS;
  const targetOf = async (noticeId: number) => (await db.select({ id: noticeTargets.id }).from(noticeTargets).where(eq(noticeTargets.noticeId, noticeId)).limit(1))[0]!.id;

  // --- 督办单
  const closed = must(
    await issueNotice(at(office, 37), {
      taskId: task(T.closedNotice),
      level: 'hint',
      unitIds: [kjj.unitId!],
      problem: '9月月度进展中产学研合作项目数据与上月不一致，未说明原因。',
      requirement: '核实产学研合作项目台账，说明数据变化原因，并补充合作协议等佐证材料。',
      dueDate: dayOf(30),
      triggerRule: '',
      triggerReason: '',
    }),
    'closed notice',
  );
  must(await respondToNotice(at(kjj, 33, 15), { targetId: await targetOf(closed.id), response: '已核实：9月新增合作项目2项，因统计口径调整重复计入1项，已更正台账并补充协议扫描件。' }), 'answer to the closed notice');
  must(await acceptResponse(at(office, 31), { targetId: await targetOf(closed.id) }), 'accept');
  must(await closeNotice(at(office, 31, 11), { noticeId: closed.id }), 'close the notice');

  const answered = must(
    await issueNotice(at(office, 12), {
      taskId: task(T.answeredNotice),
      level: 'yellow',
      unitIds: [fgj.unitId!],
      problem: '总部企业引进进度明显滞后于序时进度，10月月度进展未明确下步措施。',
      requirement: '制定总部企业引进攻坚计划，明确责任人和时间节点，报送整改情况。',
      dueDate: dayOf(-3),
      triggerRule: 'pace.far_behind',
      triggerReason: '完成进度明显落后于序时进度',
    }),
    'answered notice',
  );
  must(
    await respondToNotice(at(fgj, 2, 16), { targetId: await targetOf(answered.id), response: '已制定总部企业引进攻坚计划，明确3个在谈项目的责任人和签约时间节点，12月底前完成签约2家。' }),
    'answer to the waiting notice',
  );

  must(
    await issueNotice(at(office, 5), {
      taskId: task(T.pendingNotice),
      level: 'red',
      unitIds: [gxj.unitId!],
      problem: '“两高”项目清理整治进度远低于序时进度，月度进展逾期未报送。',
      requirement: '立即补报月度进展，逐项说明“两高”项目排查整治情况和存在困难，提出赶进度措施。',
      dueDate: dayOf(-6),
      triggerRule: 'late.lead.overdue',
      triggerReason: '牵头单位月度进展逾期未报送',
    }),
    'pending notice',
  );

  // --- 领导批示
  const receiptOf = async (instructionId: number, unitId: number) =>
    (
      await db
        .select({ id: instructionReceipts.id })
        .from(instructionReceipts)
        .where(and(eq(instructionReceipts.instructionId, instructionId), eq(instructionReceipts.unitId, unitId)))
        .limit(1)
    )[0]!.id;
  const first = must(await createInstruction(at(leader, 9, 17), { taskId: task(T.answeredInstruction), content: '油气提质增效事关全区能源安全，要抓紧推进，年底前见到实效。' }), 'instruction answered');
  const receipt = await receiptOf(first.id, fgj.unitId!);
  must(await acknowledgeInstruction(at(fgj, 8, 9), receipt), 'acknowledge the instruction');
  must(await replyInstruction(at(fgj, 7, 15), { receiptId: receipt, reply: '已召开专题调度会，明确加气站布点和管网改造时间表，12月中旬前完成2座加气站建设。' }), 'answer the instruction');
  must(await createInstruction(at(leader, 2, 18), { taskId: task(T.newInstruction), content: '绿色制造体系建设要对标先进，加快培育绿色工厂。' }), 'new instruction');

  // --- 人工亮灯
  must(await raiseFlag(at(office, 8, 11), { taskId: task(T.redFlag), level: 'red', reason: '数字化转型项目推进缓慢，多个项目未按期开工' }), 'red flag');
  must(await raiseFlag(at(office, 4, 14), { taskId: task(T.yellowFlag), level: 'yellow', reason: '光伏项目并网进度偏慢，需重点关注' }), 'yellow flag');

  // --- 问题协调: raised from the unit's latest report on the task (its 存在问题, or a fixed line when it left that empty).
  const latestReport = async (taskId: number, unitId: number) =>
    (
      await db
        .select({ id: reports.id, problems: reports.problems })
        .from(reports)
        .where(and(eq(reports.taskId, taskId), eq(reports.unitId, unitId), ne(reports.status, 'draft')))
        .orderBy(desc(reports.submittedAt))
        .limit(1)
    )[0];
  const raiseFrom = async (who: Actor, days: number, no: number, addressedTo: 'office' | 'leader', fallback: string) => {
    const report = await latestReport(task(no), who.unitId!);
    return must(await raiseProblem(at(who, days, 16), { taskId: task(no), reportId: report?.id ?? null, addressedTo, content: report?.problems || fallback }), `problem on task ${no}`);
  };
  await raiseFrom(fgj, 3, T.openProblem, 'office', '区域合作项目涉及跨部门审批，需督查室协调相关部门加快办理。');
  const toLeader = await raiseFrom(gxj, 10, T.answeredProblem, 'leader', '技改项目用地指标未落实，需区领导协调解决。');
  must(await answerProblem(at(leader, 6, 17), { problemId: toLeader.id, answer: '请区自然资源局牵头，会同区工业和信息化局在两周内提出用地保障方案。' }), 'leader answers');
  const settled = await raiseFrom(kjj, 20, T.closedProblem, 'office', '科技型企业入库评价数据需与统计部门对接核实。');
  must(await answerProblem(at(office, 18, 10), { problemId: settled.id, answer: '已协调区统计局每月5日前提供相关数据。' }), 'office answers');
  must(await closeProblem(at(kjj, 15, 9), { problemId: settled.id }), 'unit closes');

  return { notices: 3, instructions: 2, flags: 2, problems: 3 };
}
