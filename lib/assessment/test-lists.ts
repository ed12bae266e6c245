/**
 * Test fixture: a second (third …) active list next to the seeded 2023 plan, with its tasks, units,
 * periods and, optionally, reports — for the tests that check pages and scores across lists. Used
 * by tests only.
 */
import { eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { plans, reports, sections, submissionSnapshots, taskUnits, tasks, units, type PlanCadence } from '@/db/schema';
import { planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { ensureDefaultPeriods } from '@/lib/reporting/period-service';

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
  tasks: TestListTask[];
};

function unitIdOf(db: AppDatabase, name: string): number {
  const row = db.select({ id: units.id }).from(units).where(eq(units.name, name)).get();
  if (!row) throw new Error(`unknown unit ${name}`);
  return row.id;
}

/** Adds an active list with one section, its tasks and units, and its default periods. */
export function addTestList(db: AppDatabase, list: TestList): { plan: PlanSummary; taskIds: Map<number, number> } {
  const year = list.year ?? 2023;
  const cadence = list.cadence ?? 'monthly';
  const planId = db
    .insert(plans)
    .values({
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
    .returning({ id: plans.id })
    .get().id;
  const sectionId = db.insert(sections).values({ planId, no: 1, numeral: '一', title: `${list.shortName}事项` }).returning({ id: sections.id }).get().id;
  const taskIds = new Map<number, number>();
  for (const t of list.tasks) {
    const taskId = db
      .insert(tasks)
      .values({ planId, sectionId, no: t.no, title: t.title, text: t.title, leaders: t.leaders ?? [], deadlineText: t.deadlineText ?? null })
      .returning({ id: tasks.id })
      .get().id;
    taskIds.set(t.no, taskId);
    t.lead.forEach((name, i) => db.insert(taskUnits).values({ taskId, unitId: unitIdOf(db, name), role: 'lead', position: i }).run());
    (t.participating ?? []).forEach((name, i) => db.insert(taskUnits).values({ taskId, unitId: unitIdOf(db, name), role: 'participating', position: i }).run());
  }
  ensureDefaultPeriods(db, { id: planId, year, issuedOn: list.issuedOn ?? `${year}-01-10`, cadence });
  return { plan: planById(db, planId)!, taskIds };
}

/** A lead report as submitted (or approved) at a time, with its "submitted" snapshot. */
export function addTestReport(
  db: AppDatabase,
  r: { taskId: number; periodId: number; unitName: string; status: 'submitted' | 'approved'; submittedAt: Date; progress?: string },
): number {
  const unitId = unitIdOf(db, r.unitName);
  const id = db
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
    .returning({ id: reports.id })
    .get().id;
  db.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: id, event: 'submitted', content: '{}', at: r.submittedAt }).run();
  if (r.status === 'approved') db.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: id, event: 'approved', content: '{}', at: r.submittedAt }).run();
  return id;
}
