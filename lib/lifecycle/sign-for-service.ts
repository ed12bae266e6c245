import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import { plans, tasks, taskUnits, units, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { inActorDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';
import { notInLoopReason, planScope, taskListStatus, type PlanSummary } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { signForState, type SignForState } from './sign-for-rules';
import type { SignAllInput, SignTaskInput } from './schemas';

/** 签收 one task: every role of the actor's unit on it. Another unit's (or district's) task is not found. Audited. */
export async function signTask(ctx: ServiceContext, input: SignTaskInput): Promise<Result<{ signed: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'tasks.sign');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ signed: number }>> => {
    const mine = await tx
      .select({ signedAt: taskUnits.signedAt })
      .from(taskUnits)
      .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
      .where(and(eq(taskUnits.taskId, input.taskId), eq(taskUnits.unitId, unitId), eq(tasks.districtId, districtId)));
    if (mine.length === 0) throw new NotFoundError('找不到该任务');
    const refused = notInLoopReason(await taskListStatus(tx, actor, input.taskId));
    if (refused) return fail(refused);
    const signed = await tx
      .update(taskUnits)
      .set({ signedAt: at, signedBy: actor.userId })
      .where(and(eq(taskUnits.taskId, input.taskId), eq(taskUnits.unitId, unitId), isNull(taskUnits.signedAt)))
      .returning({ taskId: taskUnits.taskId });
    // Nothing was written: signed already (by a colleague, or twice).
    if (signed.length === 0) return fail('该任务已签收');
    await writeAudit(tx, actor, { action: 'task.sign', entityType: 'task', entityId: input.taskId, taskId: input.taskId, unitId }, meta, at);
    return ok({ signed: 1, message: '已签收' });
  });
}

/** 全部签收: every unsigned task of the actor's unit in the lists in view. Audited per task. */
export async function signAllInView(ctx: ServiceContext, _input: SignAllInput = {}): Promise<Result<{ signed: number }>> {
  assertCan(ctx.actor, 'tasks.sign');
  return signAll(ctx, (await planScope(ctx.db, ctx.actor)).plans);
}

/** 全部签收 of the lists given (a list of another district among them signs nothing: the district is in the WHERE clause). */
export async function signAll(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<Result<{ signed: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'tasks.sign');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  const planIds = inView.filter((p) => p.status === 'active').map((p) => p.id);
  if (planIds.length === 0) return ok({ signed: 0, message: '没有待签收的任务' });
  return transaction(ctx.db, async (tx) => {
    const signed = await tx
      .update(taskUnits)
      .set({ signedAt: at, signedBy: actor.userId })
      .where(
        and(
          eq(taskUnits.unitId, unitId),
          isNull(taskUnits.signedAt),
          isNotNull(taskUnits.assignedOn),
          inArray(taskUnits.taskId, tx.select({ id: tasks.id }).from(tasks).where(and(inArray(tasks.planId, planIds), eq(tasks.districtId, districtId)))),
        ),
      )
      .returning({ taskId: taskUnits.taskId });
    const taskIds = [...new Set(signed.map((s) => s.taskId))];
    for (const taskId of taskIds) {
      await writeAudit(tx, actor, { action: 'task.sign', entityType: 'task', entityId: taskId, taskId, unitId, detail: { all: true } }, meta, at);
    }
    return ok({ signed: taskIds.length, message: taskIds.length ? `已签收 ${taskIds.length} 项任务` : '没有待签收的任务' });
  });
}

export type UnitSignFor = { assignedOn: string | null; signedAt: Date | null; state: SignForState };

/** The actor's unit's 签收 of the given tasks (the unit and its district in the WHERE clause), by task id. */
export async function signForOfUnit(ctx: ServiceContext, taskIds: readonly number[]): Promise<Map<number, UnitSignFor>> {
  const unitId = ownUnitId(ctx.actor);
  const districtId = ownDistrictId(ctx.actor);
  const out = new Map<number, UnitSignFor>();
  if (taskIds.length === 0) return out;
  const settings = await getWarningSettings(ctx.db, districtId);
  const rows = await ctx.db
    .select({ taskId: taskUnits.taskId, assignedOn: taskUnits.assignedOn, signedAt: taskUnits.signedAt })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(and(eq(taskUnits.unitId, unitId), inArray(taskUnits.taskId, [...taskIds]), eq(tasks.districtId, districtId)));
  for (const r of rows) out.set(r.taskId, { ...r, state: signForState({ ...r, today: ctx.today }, settings) });
  return out;
}

export type TaskSignForRow = { unitId: number; unitName: string; role: 'lead' | 'participating'; assignedOn: string | null; signedAt: Date | null; signedBy: string | null; state: SignForState };

/**
 * Each unit's 签收 of a task, lead units first (for the task page; readable by whoever reads the
 * task). None for a task of another district; the window is the task's district's (the city office
 * reads every district's).
 */
export async function signForOfTask(ctx: Pick<ServiceContext, 'db' | 'actor' | 'today'>, taskId: number): Promise<TaskSignForRow[]> {
  const { db, today } = ctx;
  const [task] = await db
    .select({ districtId: tasks.districtId })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), inActorDistrict(tasks.districtId, ctx.actor)))
    .limit(1);
  if (!task) return [];
  const settings = await getWarningSettings(db, task.districtId);
  const rows = await db
    .select({ unitId: taskUnits.unitId, unitName: units.name, role: taskUnits.role, assignedOn: taskUnits.assignedOn, signedAt: taskUnits.signedAt, signedBy: users.displayName })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .leftJoin(users, eq(users.id, taskUnits.signedBy))
    .where(eq(taskUnits.taskId, taskId))
    .orderBy(asc(taskUnits.role), asc(taskUnits.position));
  return rows.map((r) => ({ ...r, state: signForState({ ...r, today }, settings) }));
}

export type OverdueSignFor = { unitId: number; unitName: string; planId: number; taskId: number; taskNo: number; assignedOn: string };

/** Unsigned assignments of a district's active lists past its window (for the daily reminder, which runs per district). */
export async function overdueSignFor(db: Reader, districtId: number, today: string): Promise<OverdueSignFor[]> {
  const settings = await getWarningSettings(db, districtId);
  const rows = await db
    .select({ unitId: taskUnits.unitId, unitName: units.name, planId: tasks.planId, taskId: tasks.id, taskNo: tasks.no, assignedOn: taskUnits.assignedOn })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(and(eq(tasks.districtId, districtId), isNull(taskUnits.signedAt), isNotNull(taskUnits.assignedOn), eq(plans.status, 'active'), eq(tasks.status, 'active')))
    .orderBy(asc(tasks.planId), asc(tasks.no));
  return rows.flatMap((r) => (r.assignedOn && signForState({ assignedOn: r.assignedOn, signedAt: null, today }, settings).kind === 'overdue' ? [{ ...r, assignedOn: r.assignedOn }] : []));
}
