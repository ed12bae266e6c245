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
import { transaction, type AppDatabase, type Reader, type Tx } from '@/db/client';
import { contributions, indicators, plans, reportIndicatorValues, reportingPeriods, reports, sections, tasks, taskUnits } from '@/db/schema';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { resolveUnitId } from '@/lib/units/unit-service';

export type SecondList = {
  plan: PlanSummary;
  /** Section ids: 一、教育 and 二、养老. */
  sectionIds: [number, number];
  /** Task ids by number (1, 2, 3). */
  taskIds: Record<1 | 2 | 3, number>;
  periodOf: (month: string) => Promise<number>;
  /** The waiting report (区工业和信息化局 on 2) and part (区科学技术局 on 1) of November. */
  reportId: number;
  contributionId: number;
  indicatorId: number;
};

async function unitIn(db: Reader, districtId: number, name: string): Promise<number> {
  const id = await resolveUnitId(db, districtId, name);
  if (id === null) throw new Error(`unknown unit ${name}`);
  return id;
}

async function periodIdOf(db: Reader, planId: number, month: string): Promise<number> {
  const [row] = await db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.month, month)))
    .limit(1);
  if (!row) throw new Error(`no period ${month}`);
  return row.id;
}

/** Everything written in one transaction, as the app writes; in the seeded district unless told (its units by name there). */
export async function addSecondList(db: AppDatabase, at = new Date('2023-11-21T10:00:00+08:00'), districtId = FIRST_DISTRICT_ID): Promise<SecondList> {
  const written = await transaction(db, (tx) => writeSecondList(tx, at, districtId));
  const plan = await planById(db, { kind: 'district', districtId }, written.planId);
  if (!plan) throw new Error('second list not written');
  const { planId, ...rest } = written;
  return { ...rest, plan, periodOf: (month) => periodIdOf(db, planId, month) };
}

async function writeSecondList(tx: Tx, at: Date, districtId: number) {
  const unit = (name: string) => unitIn(tx, districtId, name);
  const [planRow] = await tx
    .insert(plans)
    .values({ districtId, code: '河东民生〔2023〕1号', title: '河东区2023年十大民生实事', shortName: '民生实事', kind: 'livelihood', status: 'active', year: 2023, issuedOn: '2023-03-01', sourceHash: 'fixture-second-list' })
    .returning({ id: plans.id });
  const planId = planRow!.id;
  const section = async (no: number, numeral: string, title: string) => {
    const [row] = await tx.insert(sections).values({ planId, no, numeral, title }).returning({ id: sections.id });
    return row!.id;
  };
  const education = await section(1, '一', '教育');
  const care = await section(2, '二', '养老');
  const task = async (no: number, sectionId: number, title: string, lead: string, participating: string[] = []) => {
    const [row] = await tx.insert(tasks).values({ districtId, planId, sectionId, no, title, text: `${title}。` }).returning({ id: tasks.id });
    const id = row!.id;
    await tx.insert(taskUnits).values({ taskId: id, unitId: await unit(lead), role: 'lead', position: 0 });
    for (const [i, name] of participating.entries()) {
      await tx.insert(taskUnits).values({ taskId: id, unitId: await unit(name), role: 'participating', position: i });
    }
    return id;
  };
  const t1 = await task(1, education, '新建改扩建中小学校', '区发展和改革局', ['区科学技术局']);
  const t2 = await task(2, care, '建设社区养老服务站', '区工业和信息化局');
  const t3 = await task(3, care, '提升农村幸福院服务', '区民政局', ['区发展和改革局']);
  const [indicator] = await tx
    .insert(indicators)
    .values({ taskId: t1, name: '新建中小学校', target: 10, unit: '所', sourcePhrase: '新建中小学校10所', status: 'confirmed' })
    .returning({ id: indicators.id });
  const indicatorId = indicator!.id;
  await ensureDefaultPeriods(tx, { id: planId, year: 2023, issuedOn: '2023-03-01', cadence: 'monthly' });
  const [october] = await tx
    .insert(reports)
    .values({
      taskId: t1,
      periodId: await periodIdOf(tx, planId, '2023-10'),
      unitId: await unit('区发展和改革局'),
      status: 'approved',
      progress: '完成1所学校主体工程。',
      percentDone: 20,
      updatedAt: new Date('2023-10-20T10:00:00+08:00'),
      submittedAt: new Date('2023-10-20T10:00:00+08:00'),
      reviewedAt: new Date('2023-10-21T10:00:00+08:00'),
    })
    .returning({ id: reports.id });
  await tx.insert(reportIndicatorValues).values({ reportId: october!.id, indicatorId, value: 1 });
  const nov = await periodIdOf(tx, planId, '2023-11');
  const [report] = await tx
    .insert(reports)
    .values({ taskId: t2, periodId: nov, unitId: await unit('区工业和信息化局'), status: 'submitted', progress: '已建成养老服务站3处。', percentDone: 60, updatedAt: at, submittedAt: at })
    .returning({ id: reports.id });
  const [contribution] = await tx
    .insert(contributions)
    .values({ taskId: t1, periodId: nov, unitId: await unit('区科学技术局'), status: 'submitted', content: '配合完成选址论证。', updatedAt: at, submittedAt: at })
    .returning({ id: contributions.id });
  return {
    planId,
    sectionIds: [education, care] as [number, number],
    taskIds: { 1: t1, 2: t2, 3: t3 },
    reportId: report!.id,
    contributionId: contribution!.id,
    indicatorId,
  };
}
