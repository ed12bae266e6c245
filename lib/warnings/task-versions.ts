import { and, eq, gt, gte, inArray, isNull, or } from 'drizzle-orm';
import { tasks, taskVersions } from '@/db/schema';
import type { Reader } from '@/lib/db';
import type { Generation } from '@/lib/cache/generation-memo';

/**
 * The tasks of list `planId` whose lights may have changed at or after data generation `since`:
 * the rows the triggers of both engines noted in task_versions (db/generation-triggers.ts), of the
 * list's tasks and of deleted tasks (which any list may still hold). Undefined when every task of
 * the list may have (its months or year: minus its id; a unit's name: 0) or when more than
 * `limit` did: then computing the list again is the cheaper way. Writes to other lists and
 * districts do not count.
 */
export async function tasksChangedSince(db: Reader, planId: number, since: Generation, limit: number): Promise<number[] | undefined> {
  const rows = await db
    .select({ taskId: taskVersions.taskId })
    .from(taskVersions)
    .leftJoin(tasks, eq(tasks.id, taskVersions.taskId))
    .where(
      and(
        gte(taskVersions.version, Number(since)),
        or(inArray(taskVersions.taskId, [0, -planId]), eq(tasks.planId, planId), and(gt(taskVersions.taskId, 0), isNull(tasks.id))),
      ),
    )
    .limit(limit + 1);
  if (rows.length > limit || rows.some((r) => r.taskId <= 0)) return undefined;
  return rows.map((r) => r.taskId);
}
