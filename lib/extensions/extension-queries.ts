/**
 * 延期申请, the reads other parts need: the report deadline overrides (the lights, the overdue
 * list, the assessment) and the approved extensions counted by the assessment. No permission
 * here: callers have already scoped what they read.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { extensionRequests, tasks } from '@/db/schema';
import type { Reader } from '@/lib/db';
import { overrideKey, reportDeadlineOverrides } from './extension-rules';

/**
 * The report deadlines moved by approved extensions, keyed `task|period|unit` (overrideKey), for
 * the tasks `inScope` selects (a condition on extension_requests.task_id) and the given periods.
 */
export async function approvedReportDeadlines(db: Reader, inScope: SQL | undefined, periodIds: readonly number[]): Promise<Map<string, string>> {
  if (periodIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: extensionRequests.id,
      taskId: extensionRequests.taskId,
      periodId: extensionRequests.periodId,
      unitId: extensionRequests.unitId,
      toDate: extensionRequests.toDate,
      officeAt: extensionRequests.officeAt,
      leaderAt: extensionRequests.leaderAt,
    })
    .from(extensionRequests)
    .where(and(eq(extensionRequests.subject, 'report'), eq(extensionRequests.status, 'approved'), inArray(extensionRequests.periodId, [...periodIds]), inScope));
  return reportDeadlineOverrides(
    rows.map((r) => ({ id: r.id, taskId: r.taskId, periodId: r.periodId!, unitId: r.unitId, toDate: r.toDate, decidedAt: (r.leaderAt ?? r.officeAt)?.getTime() ?? 0 })),
  );
}

/** approvedReportDeadlines for a list's tasks (or only `taskIds` of it): what computeSignalsNow reads. */
export async function approvedReportDeadlinesOfPlan(db: Reader, planId: number, taskIds: readonly number[] | undefined, periodIds: readonly number[]): Promise<Map<string, string>> {
  const scope = taskIds
    ? inArray(extensionRequests.taskId, [...taskIds])
    : sql`${extensionRequests.taskId} in (select ${tasks.id} from ${tasks} where ${tasks.planId} = ${planId})`;
  return approvedReportDeadlines(db, scope, periodIds);
}

/** The report deadline in force for one unit's report or part of a task in a period (null: the period's own). */
export async function reportDeadlineOverride(db: Reader, taskId: number, periodId: number, unitId: number): Promise<string | null> {
  const map = await approvedReportDeadlines(db, and(eq(extensionRequests.taskId, taskId), eq(extensionRequests.unitId, unitId)), [periodId]);
  return map.get(overrideKey(taskId, periodId, unitId)) ?? null;
}

/**
 * 考核: the approved extensions of each unit on a list's tasks whose moved date (the date in force
 * when asked) fell in `month` (YYYY-MM).
 */
export async function approvedExtensionCounts(db: Reader, planId: number, month: string): Promise<Map<number, number>> {
  const rows = await db
    .select({ unitId: extensionRequests.unitId, n: sql<number>`count(*)` })
    .from(extensionRequests)
    .innerJoin(tasks, eq(tasks.id, extensionRequests.taskId))
    .where(and(eq(tasks.planId, planId), eq(extensionRequests.status, 'approved'), sql`substr(${extensionRequests.fromDate}, 1, 7) = ${month}`))
    .groupBy(extensionRequests.unitId);
  return new Map(rows.map((r) => [r.unitId, Number(r.n)]));
}
