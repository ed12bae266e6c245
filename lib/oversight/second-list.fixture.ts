/**
 * Test fixture (not a test): a second active list beside the seeded 2023 key tasks, for the tests
 * of the pages that cover every list in view (review queue, overdue list, dashboard, notices,
 * reminders). Written straight into the tables so that it depends on no importer or report service.
 *
 * 民生实事 (livelihood, year 2023, from March):
 *   一、教育       1 区发展和改革局 leads, 区科学技术局 takes part — one confirmed indicator, 新建中小学校 10 所
 *   二、养老       2 区工业和信息化局 leads
 *                  3 区民政局 leads, 区发展和改革局 takes part
 * Only 区发展和改革局 reported on 1 for October (approved: 20 %, 1 of 10 schools — far behind); everything
 * else before November is missing (late). In November 区工业和信息化局 has submitted its report on 2 and
 * 区科学技术局 its part on 1 (both waiting for review).
 */
import { and, eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, indicators, plans, reportIndicatorValues, reportingPeriods, reports, sections, tasks, taskUnits } from '@/db/schema';
import { planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { resolveUnitId } from '@/lib/units/unit-service';

export type SecondList = {
  plan: PlanSummary;
  /** Section ids: 一、教育 and 二、养老. */
  sectionIds: [number, number];
  /** Task ids by number (1, 2, 3). */
  taskIds: Record<1 | 2 | 3, number>;
  periodOf: (month: string) => number;
  /** The waiting report (区工业和信息化局 on 2) and part (区科学技术局 on 1) of November. */
  reportId: number;
  contributionId: number;
  indicatorId: number;
};

function unit(db: AppDatabase, name: string): number {
  const id = resolveUnitId(db, name);
  if (id === null) throw new Error(`unknown unit ${name}`);
  return id;
}

export function addSecondList(db: AppDatabase, at = new Date('2023-11-21T10:00:00+08:00')): SecondList {
  const planId = db
    .insert(plans)
    .values({ code: '河东民生〔2023〕1号', title: '河东区2023年十大民生实事', shortName: '民生实事', kind: 'livelihood', status: 'active', year: 2023, issuedOn: '2023-03-01', sourceHash: 'fixture-second-list' })
    .returning({ id: plans.id })
    .get().id;
  const section = (no: number, numeral: string, title: string) =>
    db.insert(sections).values({ planId, no, numeral, title }).returning({ id: sections.id }).get().id;
  const education = section(1, '一', '教育');
  const care = section(2, '二', '养老');
  const task = (no: number, sectionId: number, title: string, lead: string, participating: string[] = []) => {
    const id = db.insert(tasks).values({ planId, sectionId, no, title, text: `${title}。` }).returning({ id: tasks.id }).get().id;
    db.insert(taskUnits).values({ taskId: id, unitId: unit(db, lead), role: 'lead', position: 0 }).run();
    participating.forEach((name, i) => db.insert(taskUnits).values({ taskId: id, unitId: unit(db, name), role: 'participating', position: i }).run());
    return id;
  };
  const t1 = task(1, education, '新建改扩建中小学校', '区发展和改革局', ['区科学技术局']);
  const t2 = task(2, care, '建设社区养老服务站', '区工业和信息化局');
  const t3 = task(3, care, '提升农村幸福院服务', '区民政局', ['区发展和改革局']);
  const indicatorId = db
    .insert(indicators)
    .values({ taskId: t1, name: '新建中小学校', target: 10, unit: '所', sourcePhrase: '新建中小学校10所', status: 'confirmed' })
    .returning({ id: indicators.id })
    .get().id;
  ensureDefaultPeriods(db, { id: planId, year: 2023, issuedOn: '2023-03-01', cadence: 'monthly' });
  const periodOf = (month: string) => db.select({ id: reportingPeriods.id }).from(reportingPeriods).where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.month, month))).get()!.id;
  const october = db
    .insert(reports)
    .values({ taskId: t1, periodId: periodOf('2023-10'), unitId: unit(db, '区发展和改革局'), status: 'approved', progress: '完成1所学校主体工程。', percentDone: 20, updatedAt: new Date('2023-10-20T10:00:00+08:00'), submittedAt: new Date('2023-10-20T10:00:00+08:00'), reviewedAt: new Date('2023-10-21T10:00:00+08:00') })
    .returning({ id: reports.id })
    .get().id;
  db.insert(reportIndicatorValues).values({ reportId: october, indicatorId, value: 1 }).run();
  const nov = periodOf('2023-11');
  const reportId = db
    .insert(reports)
    .values({ taskId: t2, periodId: nov, unitId: unit(db, '区工业和信息化局'), status: 'submitted', progress: '已建成养老服务站3处。', percentDone: 60, updatedAt: at, submittedAt: at })
    .returning({ id: reports.id })
    .get().id;
  const contributionId = db
    .insert(contributions)
    .values({ taskId: t1, periodId: nov, unitId: unit(db, '区科学技术局'), status: 'submitted', content: '配合完成选址论证。', updatedAt: at, submittedAt: at })
    .returning({ id: contributions.id })
    .get().id;
  return { plan: planById(db, planId)!, sectionIds: [education, care], taskIds: { 1: t1, 2: t2, 3: t3 }, periodOf, reportId, contributionId, indicatorId };
}
