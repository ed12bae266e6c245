/**
 * Test fixture: a second (third …) active list next to the seeded 2023 plan, with its tasks, units,
 * periods and, optionally, reports — for the tests that check pages and scores across lists. Used
 * by tests only. Lists go to the first (seeded) district unless another is named.
 */
import { and, eq } from 'drizzle-orm';
import { plans, reportingPeriods, reports, sections, submissionSnapshots, taskUnits, tasks, units, type PlanCadence } from '@/db/schema';
import { transaction, type Db, type Reader } from '@/lib/db';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { planSummaryColumns, type PlanSummary } from '@/lib/plans/plan-scope';
import { activeListsOf } from './district';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';
import { seedDemoReports } from '@/lib/seed/demo-reports';

export type TestListTask = {
  no: number;
  title: string;
  lead: string[];
  participating?: string[];
  leaders?: string[];
  deadlineText?: string;
};

export type TestList = {
  code: string;
  title: string;
  shortName: string;
  kind?: PlanSummary['kind'];
  cadence?: PlanCadence;
  weight?: number;
  year?: number;
  issuedOn?: string;
  /** The district the list is added to (the seeded first one unless given); its units are looked up there. */
  districtId?: number;
  tasks: TestListTask[];
};

/** The 民生实事 list the tests add beside the seeded key tasks (河东民生〔2023〕1号), with its tasks. */
export function livelihoodList(tasks: TestListTask[], options: Pick<TestList, 'cadence' | 'weight'> = {}): TestList {
  return { code: '河东民生〔2023〕1号', title: '河东区2023年民生实事项目', shortName: '民生实事', ...options, tasks };
}

async function unitIdOf(db: Reader, districtId: number, name: string): Promise<number> {
  const [row] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.name, name)))
    .limit(1);
  if (!row) throw new Error(`unknown unit ${name} in district ${districtId}`);
  return row.id;
}

/** Adds an active list with one section, its tasks and units, and its default periods (one transaction). */
export async function addTestList(db: Db, list: TestList): Promise<{ plan: PlanSummary; taskIds: Map<number, number> }> {
  const year = list.year ?? 2023;
  const cadence = list.cadence ?? 'monthly';
  const districtId = list.districtId ?? FIRST_DISTRICT_ID;
  return transaction(db, async (tx) => {
    const [plan] = await tx
      .insert(plans)
      .values({
        districtId,
        code: list.code,
        title: list.title,
        shortName: list.shortName,
        kind: list.kind ?? 'livelihood',
        status: 'active',
        cadence,
        weight: list.weight ?? 1,
        year,
        issuedOn: list.issuedOn ?? `${year}-01-10`,
        sourceHash: `test-${list.code}`,
      })
      .returning({ id: plans.id });
    const planId = plan!.id;
    const [section] = await tx.insert(sections).values({ planId, no: 1, numeral: '一', title: `${list.shortName}事项` }).returning({ id: sections.id });
    const taskIds = new Map<number, number>();
    for (const t of list.tasks) {
      const [task] = await tx
        .insert(tasks)
        .values({ districtId, planId, sectionId: section!.id, no: t.no, title: t.title, text: t.title, leaders: t.leaders ?? [], deadlineText: t.deadlineText ?? null })
        .returning({ id: tasks.id });
      const taskId = task!.id;
      taskIds.set(t.no, taskId);
      for (const [i, name] of t.lead.entries()) await tx.insert(taskUnits).values({ taskId, unitId: await unitIdOf(tx, districtId, name), role: 'lead', position: i });
      for (const [i, name] of (t.participating ?? []).entries()) await tx.insert(taskUnits).values({ taskId, unitId: await unitIdOf(tx, districtId, name), role: 'participating', position: i });
    }
    await ensureDefaultPeriods(tx, { id: planId, year, issuedOn: list.issuedOn ?? `${year}-01-10`, cadence });
    const [added] = await tx.select(planSummaryColumns).from(plans).where(eq(plans.id, planId)).limit(1);
    return { plan: added!, taskIds };
  });
}

/** A lead report as submitted (or approved) at a time, with its "submitted" snapshot (one transaction); the unit is of the task's district. */
export async function addTestReport(
  db: Db,
  r: { taskId: number; periodId: number; unitName: string; status: 'submitted' | 'approved'; submittedAt: Date; progress?: string },
): Promise<number> {
  return transaction(db, async (tx) => {
    const [task] = await tx.select({ districtId: tasks.districtId }).from(tasks).where(eq(tasks.id, r.taskId)).limit(1);
    if (!task) throw new Error(`unknown task ${r.taskId}`);
    const unitId = await unitIdOf(tx, task.districtId, r.unitName);
    const [report] = await tx
      .insert(reports)
      .values({
        taskId: r.taskId,
        periodId: r.periodId,
        unitId,
        status: r.status,
        progress: r.progress ?? '按计划推进',
        percentDone: 60,
        updatedAt: r.submittedAt,
        submittedAt: r.submittedAt,
        reviewedAt: r.status === 'approved' ? r.submittedAt : null,
      })
      .returning({ id: reports.id });
    const id = report!.id;
    await tx.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: id, event: 'submitted', content: '{}', at: r.submittedAt });
    if (r.status === 'approved') await tx.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: id, event: 'approved', content: '{}', at: r.submittedAt });
    return id;
  });
}

/** A list's period of a month (its id). */
export async function periodIdOf(db: Reader, planId: number, month: string): Promise<number> {
  const [p] = await db
    .select({ id: reportingPeriods.id })
    .from(reportingPeriods)
    .where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.month, month)))
    .limit(1);
  if (!p) throw new Error(`no period ${month} of list ${planId}`);
  return p.id;
}

/**
 * Two active lists, a monthly and a quarterly one: the seeded 2023 key tasks with the demo reports,
 * and a quarterly 民生实事 list of weight 2 with four tasks. In its September period 区发展和改革局
 * reported on time and was approved, 区民政局 late, 区科学技术局 and 九曲街道 nothing.
 */
export async function addTwoLists(db: Db, today: string) {
  const keyTasks = (await activeListsOf(db, FIRST_DISTRICT_ID))[0]!;
  await seedDemoReports(db, keyTasks.id, today);
  const added = await addTestList(
    db,
    livelihoodList(
      [
        { no: 1, title: '新建社区养老服务中心', lead: ['区发展和改革局'], participating: ['区民政局'], leaders: ['王副区长'], deadlineText: '2023年12月底前' },
        { no: 2, title: '改造老旧小区', lead: ['区民政局'] },
        { no: 3, title: '建设科普场馆', lead: ['区科学技术局'] },
        { no: 4, title: '街道便民服务站提升', lead: ['九曲街道'] },
      ],
      { cadence: 'quarterly', weight: 2 },
    ),
  );
  const livelihood = added.plan;
  const sepKey = await periodIdOf(db, keyTasks.id, '2023-09');
  const sepLive = await periodIdOf(db, livelihood.id, '2023-09');
  await addTestReport(db, { taskId: added.taskIds.get(1)!, periodId: sepLive, unitName: '区发展和改革局', status: 'approved', submittedAt: new Date('2023-09-20T10:00:00+08:00') });
  await addTestReport(db, { taskId: added.taskIds.get(2)!, periodId: sepLive, unitName: '区民政局', status: 'submitted', submittedAt: new Date('2023-10-05T10:00:00+08:00') });
  return { keyTasks, livelihood, sepKey, sepLive };
}
