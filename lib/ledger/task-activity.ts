import { and, eq, sql } from 'drizzle-orm';
import { extensionRequests, milestonePlans, problems, tasks } from '@/db/schema';
import type { Reader } from '@/lib/db';
import { inDistrict } from '@/lib/districts/district-scope';
import { scopeOf, type DistrictOf } from '@/lib/plans/plan-scope';

/**
 * Which of a task's optional records exist at all (延期申请, 问题, 时间节点计划), in one read, so the
 * task page skips the queries of the panels that would come back empty, as they do for most tasks.
 * It says nothing about who may see them: each panel's own service still scopes its rows.
 */
export type TaskActivity = { extensionRequests: boolean; problems: boolean; milestonePlan: boolean };

const NONE: TaskActivity = { extensionRequests: false, problems: false, milestonePlan: false };

export async function taskActivity(db: Reader, who: DistrictOf, taskId: number): Promise<TaskActivity> {
  const [row] = await db
    .select({
      // The id as a parameter: drizzle leaves columns unqualified in a one-table select, so a
      // correlated "task_id = id" would compare each table's own id.
      extensionRequests: sql<unknown>`exists (select 1 from ${extensionRequests} where ${extensionRequests.taskId} = ${taskId})`,
      problems: sql<unknown>`exists (select 1 from ${problems} where ${problems.taskId} = ${taskId})`,
      milestonePlan: sql<unknown>`exists (select 1 from ${milestonePlans} where ${milestonePlans.taskId} = ${taskId})`,
    })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), inDistrict(tasks.districtId, scopeOf(who))))
    .limit(1);
  // SQLite answers 0/1, PostgreSQL true/false.
  return row ? { extensionRequests: Boolean(row.extensionRequests), problems: Boolean(row.problems), milestonePlan: Boolean(row.milestonePlan) } : NONE;
}
