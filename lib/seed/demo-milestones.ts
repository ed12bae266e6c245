import { and, asc, eq } from 'drizzle-orm';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { indicators, milestonePlans, milestones, reportingPeriods, reports, tasks, units, users } from '@/db/schema';
import { transaction, type Db } from '@/lib/db';

/** today ± days, as YYYY-MM-DD (date arithmetic on the calendar date itself). */
function shift(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

type DemoMilestone = { dueIn: number; deliverable: string; doneIn?: number; evidence?: string; indicatorValue?: number };
type DemoPlan = { no: number; unit: string; status: 'approved' | 'submitted'; milestones: DemoMilestone[] };

/**
 * 时间节点 in the demo, dated relative to "today" so that the demo reads the same whatever day it is
 * pinned to: two approved plans of 区发展和改革局 (task 36 with a milestone missed — its 进度 light
 * follows it, red — and one done with evidence; task 10 on track), and a plan of 区工业和信息化局
 * (task 49) waiting in 待审批.
 */
const PLANS: DemoPlan[] = [
  {
    no: 36,
    unit: '区发展和改革局',
    status: 'approved',
    milestones: [
      { dueIn: -60, deliverable: '完成整区分布式光伏规模化开发试点实施方案', doneIn: -62, evidence: '实施方案已经区政府常务会议审议通过（河政办字〔2023〕18号）' },
      { dueIn: -20, deliverable: '新增并网装机10万千瓦' },
      { dueIn: 35, deliverable: '全区新能源和可再生能源装机规模达到25万千瓦', indicatorValue: 25 },
    ],
  },
  {
    no: 10,
    unit: '区发展和改革局',
    status: 'approved',
    milestones: [
      { dueIn: -40, deliverable: '完成省、市级总部经济企业申报材料审核', doneIn: -41, evidence: '3家企业申报材料已报送市发展改革委，见申报汇总表' },
      { dueIn: 20, deliverable: '争取1家以上企业列入省、市级总部经济企业名单' },
    ],
  },
  {
    no: 49,
    unit: '区工业和信息化局',
    status: 'submitted',
    milestones: [
      { dueIn: 10, deliverable: '明确开发区产业主攻方向并报区政府' },
      { dueIn: 38, deliverable: '形成主导产业培育工作方案' },
    ],
  },
];

export async function seedDemoMilestones(db: Db, planId: number, today: string): Promise<{ plans: number; milestones: number }> {
  const [office] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'duchashi')).limit(1);
  let planCount = 0;
  let milestoneCount = 0;
  const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
  await transaction(db, async (tx) => {
    for (const p of PLANS) {
      const [task] = await tx.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.planId, planId), eq(tasks.no, p.no))).limit(1);
      const [unit] = await tx.select({ id: units.id }).from(units).where(and(eq(units.districtId, FIRST_DISTRICT_ID), eq(units.name, p.unit))).limit(1);
      if (!task || !unit) continue;
      const [staff] = await tx.select({ id: users.id }).from(users).where(eq(users.unitId, unit.id)).orderBy(asc(users.id)).limit(1);
      const submittedOn = shift(today, p.status === 'approved' ? -90 : -2);
      const [plan] = await tx
        .insert(milestonePlans)
        .values({
          taskId: task.id,
          unitId: unit.id,
          status: p.status,
          version: p.status === 'approved' ? 3 : 2,
          submittedAt: at(submittedOn),
          submittedBy: staff?.id ?? null,
          ...(p.status === 'approved' ? { reviewedAt: at(shift(submittedOn, 3)), reviewedBy: office?.id ?? null } : {}),
          updatedAt: at(p.status === 'approved' ? shift(submittedOn, 3) : submittedOn),
        })
        .returning({ id: milestonePlans.id });
      planCount += 1;
      const [indicator] = await tx.select({ id: indicators.id }).from(indicators).where(and(eq(indicators.taskId, task.id), eq(indicators.status, 'confirmed'))).limit(1);
      for (const [position, m] of p.milestones.entries()) {
        const doneOn = m.doneIn === undefined ? null : shift(today, m.doneIn);
        // A tick-off belongs to the unit's report of its month, when there is one.
        const [report] = doneOn
          ? await tx
              .select({ id: reports.id })
              .from(reports)
              .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
              .where(and(eq(reports.taskId, task.id), eq(reports.unitId, unit.id), eq(reportingPeriods.month, doneOn.slice(0, 7))))
              .limit(1)
          : [];
        await tx.insert(milestones).values({
          planId: plan!.id,
          taskId: task.id,
          position,
          dueOn: shift(today, m.dueIn),
          deliverable: m.deliverable,
          indicatorId: m.indicatorValue !== undefined && indicator ? indicator.id : null,
          indicatorValue: m.indicatorValue !== undefined && indicator ? m.indicatorValue : null,
          doneOn,
          doneReportId: report?.id ?? null,
          evidence: m.evidence ?? null,
        });
        milestoneCount += 1;
      }
    }
  });
  return { plans: planCount, milestones: milestoneCount };
}
