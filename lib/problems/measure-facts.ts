import { and, count, eq, inArray, max } from 'drizzle-orm';
import { instructions, problems, supervisionNotices, tasks } from '@/db/schema';
import type { Reader } from '@/lib/db';
import { inDistrict, type DistrictScope } from '@/lib/districts/district-scope';
import { shanghaiDate } from '@/lib/reporting/calendar';
import type { MeasureFacts } from './open-measure';

/**
 * The facts `openMeasures` judges, per task, read in three grouped queries (notices not closed,
 * problems waiting for an answer, the latest instruction). The manual flag in force comes from the
 * task's signals (`TaskSignals.flag`), which the caller already has. Only tasks of the district count
 * (another district's task id has no measures).
 */
export async function measureFactsOf(db: Reader, scope: DistrictScope, taskIds: readonly number[]): Promise<Map<number, Omit<MeasureFacts, 'flagInForce'>>> {
  const out = new Map<number, Omit<MeasureFacts, 'flagInForce'>>();
  if (taskIds.length === 0) return out;
  const ids = [...taskIds];
  for (const id of ids) out.set(id, { openNotices: 0, openProblems: 0, lastInstructionOn: null });
  const notices = await db
    .select({ taskId: supervisionNotices.taskId, n: count() })
    .from(supervisionNotices)
    .where(and(inArray(supervisionNotices.taskId, ids), inDistrict(supervisionNotices.districtId, scope), eq(supervisionNotices.status, 'open')))
    .groupBy(supervisionNotices.taskId);
  for (const r of notices) out.get(r.taskId)!.openNotices = r.n;
  const open = await db
    .select({ taskId: problems.taskId, n: count() })
    .from(problems)
    .innerJoin(tasks, eq(tasks.id, problems.taskId))
    .where(and(inArray(problems.taskId, ids), inDistrict(tasks.districtId, scope), eq(problems.status, 'open')))
    .groupBy(problems.taskId);
  for (const r of open) out.get(r.taskId)!.openProblems = r.n;
  const latest = await db
    .select({ taskId: instructions.taskId, at: max(instructions.createdAt) })
    .from(instructions)
    .innerJoin(tasks, eq(tasks.id, instructions.taskId))
    .where(and(inArray(instructions.taskId, ids), inDistrict(tasks.districtId, scope)))
    .groupBy(instructions.taskId);
  for (const r of latest) if (r.at !== null) out.get(r.taskId)!.lastInstructionOn = shanghaiDate(new Date(r.at as unknown as number | Date));
  return out;
}
