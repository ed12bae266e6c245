import { and, eq } from 'drizzle-orm';
import { contributions, plans, reportingPeriods, reports, tasks, taskUnits, units, type ReportingPeriod } from '@/db/schema';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import type { Reader } from '@/lib/db';
import { isPeriodOpen } from './calendar';

/**
 * How the actor's own unit stands on a task — always from the session's unit, in the WHERE clause.
 * Only a task of the unit's own district counts: another district's task id is no task of the unit
 * (null, as for a missing id), whatever rows a faulty write may have left.
 */
export async function unitRoleOnTask(db: Reader, unitId: number | null, taskId: number): Promise<'lead' | 'participating' | null> {
  if (unitId === null) return null;
  const [row] = await db
    .select({ role: taskUnits.role })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, and(eq(units.id, taskUnits.unitId), eq(units.districtId, tasks.districtId)))
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, unitId)))
    .limit(1);
  return row?.role ?? null;
}

/**
 * Checks the period belongs to the task's list, the list is in the loop (active), and the period has
 * begun. The task's district is its caller's to check first (unitRoleOnTask: the actor's unit is on it).
 */
export async function periodForTask(db: Reader, taskId: number, periodId: number, today: string): Promise<ReportingPeriod> {
  const [row] = await db
    .select({ period: reportingPeriods, planStatus: plans.status })
    .from(reportingPeriods)
    .innerJoin(tasks, eq(tasks.planId, reportingPeriods.planId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), eq(reportingPeriods.id, periodId)))
    .limit(1);
  if (!row) throw new NotFoundError('找不到该任务或周期');
  if (row.planStatus !== 'active') throw new ForbiddenError(row.planStatus === 'archived' ? '该任务清单已归档，只能查看' : '该任务清单尚未发布');
  if (!isPeriodOpen(row.period.month, today)) throw new ForbiddenError('该月份尚未开始，不能填报');
  return row.period;
}

/** The unit's own row (report or part) of a task in a period: the unit in the WHERE clause. */
function ofUnit(table: typeof reports | typeof contributions, taskId: number, periodId: number, unitId: number) {
  return and(eq(table.taskId, taskId), eq(table.periodId, periodId), eq(table.unitId, unitId));
}

/** The unit's own report of a task in a period. */
export async function reportOfUnit(db: Reader, taskId: number, periodId: number, unitId: number) {
  const [row] = await db.select().from(reports).where(ofUnit(reports, taskId, periodId, unitId)).limit(1);
  return row;
}

/** The unit's own part of a task in a period. */
export async function contributionOfUnit(db: Reader, taskId: number, periodId: number, unitId: number) {
  const [row] = await db.select().from(contributions).where(ofUnit(contributions, taskId, periodId, unitId)).limit(1);
  return row;
}

/**
 * The actor's own unit, when it may write its report (role 'lead') or part ('participating') of
 * the task in the period: refused with `refusal` when the unit has another role, and when the
 * period is not open for writing (see periodForTask).
 */
export async function writingUnit(ctx: ServiceContext, input: { taskId: number; periodId: number }, role: 'lead' | 'participating', refusal: string): Promise<number> {
  const districtId = ownDistrictId(ctx.actor);
  const unitId = ownUnitId(ctx.actor);
  // Another district's task: the unit has no role on it, refused as a task it is not on.
  if ((await unitRoleOnTask(ctx.db, unitId, input.taskId)) !== role) throw new ForbiddenError(refusal);
  await periodForTask(ctx.db, input.taskId, input.periodId, ctx.today);
  // 办结销号: a closed task takes no more reports or parts.
  const [task] = await ctx.db
    .select({ status: tasks.status })
    .from(tasks)
    .where(and(eq(tasks.id, input.taskId), eq(tasks.districtId, districtId)))
    .limit(1);
  if (!task) throw new ForbiddenError(refusal);
  if (task?.status === 'closed') throw new RefusalError('任务已办结，无需报送');
  return unitId;
}

/** The columns a save writes besides the content: the new state, who saved it and when (and sent it, on a submit). */
export function savedBy<S extends string>(ctx: ServiceContext, status: S, intent: 'save' | 'submit') {
  const { actor, now } = ctx;
  return { status, updatedAt: now, updatedBy: actor.userId, ...(intent === 'submit' ? { submittedAt: now, submittedBy: actor.userId } : {}) };
}
