import { and, asc, eq } from 'drizzle-orm';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import {
  contributions,
  indicators,
  reportIndicatorValues,
  reportingPeriods,
  reports,
  tasks,
  taskUnits,
  users,
  type ReportStatus,
} from '@/db/schema';
import { transaction, type Db } from '@/lib/db';
import { deadlineEnd, monthLabel } from '@/lib/reporting/calendar';
import { demoIndicatorFigure } from './demo-indicator-kinds';
import { rng } from './rng';

const pickFrom = <T,>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const ACTIONS = [
  '召开专题推进会议，细化分解年度目标任务',
  '对照任务清单逐项梳理进度，建立周调度机制',
  '深入重点企业和项目现场开展调研服务',
  '协调解决用地、资金等要素保障问题',
  '会同参与单位开展联合督导检查',
  '完成阶段性工作总结并报区领导小组',
  '组织业务培训，提升基层工作人员能力',
  '加强政策宣传解读，推动政策直达快享',
] as const;
const PROBLEMS = [
  '',
  '',
  '部分项目前期手续办理进度偏慢',
  '资金到位不及时，影响工程进度',
  '个别参与单位配合力度有待加强',
  '受季节性因素影响，施工进度有所放缓',
] as const;
const NEXT = [
  '继续加强调度，确保按期完成年度目标',
  '加快推进重点项目建设，抓好要素保障',
  '做好年度任务完成情况总结评估',
  '强化部门协同，及时协调解决困难问题',
] as const;
const PART_LINES = [
  '按照牵头单位要求，完成本单位承担的配合事项',
  '提供相关数据和材料，参与联合检查',
  '落实本领域配套政策，做好服务保障',
  '对接牵头单位，开展专项督导',
] as const;
const RETURN_COMMENTS = ['进展描述过于笼统，请补充具体数据和完成节点。', '指标数据与上月相比变化异常，请核实后重新报送。', '请补充相关佐证材料。'];

/** A submission time: some days before the deadline (on time) or after it (late), 10:00 Beijing time. */
function submittedAround(deadline: string, daysOffset: number): Date {
  return new Date(deadlineEnd(deadline).getTime() - 14 * 3600_000 + daysOffset * 86_400_000);
}

/**
 * Sample months before "today" for the demo: a mix of on-time, late, returned and missing reports
 * and parts, with indicator figures, so that a new user sees a living system.
 */
export async function seedDemoReports(db: Db, planId: number, today: string): Promise<{ reports: number; contributions: number }> {
  const periods = await db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month));
  const currentMonth = today.slice(0, 7);
  const open = periods.filter((p) => p.month <= currentMonth);
  if (open.length === 0) return { reports: 0, contributions: 0 };
  const links = await db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, no: tasks.no, title: tasks.title })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(eq(tasks.planId, planId));
  const allIndicators = await db.select().from(indicators).where(eq(indicators.status, 'confirmed'));
  const staffOf = new Map<number, number>();
  for (const u of await db.select({ id: users.id, unitId: users.unitId, role: users.role }).from(users).where(eq(users.districtId, FIRST_DISTRICT_ID))) {
    if (u.unitId !== null && u.role === 'reporter' && !staffOf.has(u.unitId)) staffOf.set(u.unitId, u.id);
  }
  const [supervisorRow] = await db.select({ id: users.id }).from(users).where(and(eq(users.districtId, FIRST_DISTRICT_ID), eq(users.role, 'supervisor'))).limit(1);
  const supervisor = supervisorRow?.id ?? null;

  let reportCount = 0;
  let partCount = 0;
  await transaction(db, async (tx) => {
    for (const [index, period] of open.entries()) {
      const isCurrent = period.month === currentMonth;
      const monthNo = Number(period.month.slice(5, 7));
      const yearShare = monthNo / 12; // share of the year elapsed at the end of the month
      for (const link of links) {
        const r = rng(link.taskId * 1000 + link.unitId * 31 + monthNo);
        const staff = staffOf.get(link.unitId) ?? null;
        // This month's work of the units with demo accounts is left for the person trying the demo.
        if (isCurrent && staff !== null) continue;
        const roll = r();
        if (link.role === 'participating') {
          // Parts: due on the 20th.
          let status: 'submitted' | 'draft' | null;
          let offset: number;
          if (isCurrent) [status, offset] = roll < 0.55 ? ['submitted', -Math.ceil(r() * 4)] : roll < 0.65 ? ['draft', 0] : [null, 0];
          else [status, offset] = roll < 0.82 ? ['submitted', -Math.ceil(r() * 5)] : roll < 0.92 ? ['submitted', Math.ceil(r() * 4)] : [null, 0];
          if (!status) continue;
          const at = submittedAround(period.contributionDeadline, offset);
          await tx.insert(contributions).values({
            taskId: link.taskId,
            periodId: period.id,
            unitId: link.unitId,
            status,
            content: `${monthLabel(period.month)}，${pickFrom(r, PART_LINES)}；${pickFrom(r, ACTIONS)}。`,
            updatedAt: at,
            updatedBy: staff,
            submittedAt: status === 'submitted' ? at : null,
            submittedBy: status === 'submitted' ? staff : null,
          });
          partCount += 1;
          continue;
        }
        // Lead reports: due on the 25th.
        let status: ReportStatus | null;
        let offset = -Math.ceil(r() * 5);
        if (isCurrent) status = roll < 0.25 ? 'submitted' : roll < 0.5 ? 'draft' : null;
        else if (index === 0) status = roll < 0.8 ? 'approved' : roll < 0.88 ? 'approved' : roll < 0.93 ? 'returned' : null;
        else status = roll < 0.6 ? 'approved' : roll < 0.72 ? 'submitted' : roll < 0.8 ? 'submitted' : roll < 0.88 ? 'returned' : null;
        if (!status) continue;
        if (!isCurrent && ((roll >= 0.8 && roll < 0.88 && index === 0) || (roll >= 0.72 && roll < 0.8 && index > 0))) offset = Math.ceil(r() * 4); // late
        const at = submittedAround(period.leadDeadline, offset);
        // Most tasks keep pace with the year; about one in six lags well behind.
        const lagging = rng(link.taskId)() < 0.17;
        const pace = lagging ? 0.45 + r() * 0.15 : 0.85 + r() * 0.25;
        const percentDone = Math.min(100, Math.round(yearShare * 100 * pace));
        const submitted = status !== 'draft';
        const [row] = await tx
          .insert(reports)
          .values({
            taskId: link.taskId,
            periodId: period.id,
            unitId: link.unitId,
            status,
            progress: `${monthLabel(period.month)}，围绕“${link.title}”，${pickFrom(r, ACTIONS)}；${pickFrom(r, ACTIONS)}。`,
            percentDone,
            problems: pickFrom(r, PROBLEMS),
            nextSteps: pickFrom(r, NEXT),
            updatedAt: at,
            updatedBy: staff,
            submittedAt: submitted ? at : null,
            submittedBy: submitted ? staff : null,
            reviewedAt: status === 'approved' || status === 'returned' ? new Date(at.getTime() + 2 * 86_400_000) : null,
            reviewedBy: status === 'approved' || status === 'returned' ? supervisor : null,
            reviewComment: status === 'returned' ? pickFrom(r, RETURN_COMMENTS) : null,
          })
          .returning({ id: reports.id });
        reportCount += 1;
        for (const ind of allIndicators.filter((i) => i.taskId === link.taskId)) {
          const value = demoIndicatorFigure(ind, { monthNo, yearShare }, pace);
          await tx.insert(reportIndicatorValues).values({ reportId: row!.id, indicatorId: ind.id, value }).onConflictDoNothing();
        }
      }
    }
  });
  return { reports: reportCount, contributions: partCount };
}

