import { and, desc, eq, isNull } from 'drizzle-orm';
import { taskFlags, tasks, users, type FlagLevel } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { inActorDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { notInLoopReason, taskListStatus } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import type { LiftFlagInput, RaiseFlagInput } from './flag-schemas';

/** Raises a yellow or red flag on a task by hand; a newer flag replaces the one in force. */
export async function raiseFlag(ctx: ServiceContext, input: RaiseFlagInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'flags.manage');
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    // Flags are for lists in the loop: a draft's or an archived list's task is refused; another district's is "not found".
    const refused = notInLoopReason(await taskListStatus(tx, { kind: 'district', districtId }, input.taskId));
    if (refused) return fail(refused);
    await tx
      .update(taskFlags)
      .set({ liftedAt: at, liftedBy: actor.userId, liftReason: '被新的亮灯替代' })
      .where(and(eq(taskFlags.taskId, input.taskId), isNull(taskFlags.liftedAt)));
    const [row] = await tx
      .insert(taskFlags)
      .values({ taskId: input.taskId, level: input.level, reason: input.reason, raisedBy: actor.userId, raisedAt: at })
      .returning({ id: taskFlags.id });
    const id = row!.id;
    await writeAudit(tx, actor, { action: 'flag.raise', entityType: 'flag', entityId: id, taskId: input.taskId, detail: { level: input.level, reason: input.reason } }, meta, at);
    return ok({ id, message: input.level === 'red' ? '已亮红灯' : '已亮黄灯' });
  });
}

/** Lifts a flag in force, with a reason. A flag already lifted (by someone else) is reported, not lifted twice. */
export async function liftFlag(ctx: ServiceContext, input: LiftFlagInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'flags.manage');
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    // Through its task: a flag of another district is "not found".
    const [flag] = await tx
      .select({ id: taskFlags.id, taskId: taskFlags.taskId })
      .from(taskFlags)
      .innerJoin(tasks, eq(tasks.id, taskFlags.taskId))
      .where(and(eq(taskFlags.id, input.flagId), eq(tasks.districtId, districtId)))
      .limit(1);
    if (!flag) return fail('找不到该亮灯记录');
    const refused = notInLoopReason(await taskListStatus(tx, { kind: 'district', districtId }, flag.taskId));
    if (refused) return fail(refused);
    const lifted = await tx
      .update(taskFlags)
      .set({ liftedAt: at, liftedBy: actor.userId, liftReason: input.reason })
      .where(and(eq(taskFlags.id, input.flagId), isNull(taskFlags.liftedAt)))
      .returning({ id: taskFlags.id });
    // Nothing was written: the refusal commits nothing.
    if (lifted.length === 0) return fail('该亮灯已被撤销');
    await writeAudit(tx, actor, { action: 'flag.lift', entityType: 'flag', entityId: flag.id, taskId: flag.taskId, detail: { reason: input.reason } }, meta, at);
    return ok({ id: flag.id, message: '已撤销亮灯' });
  });
}

export type FlagHistoryEntry = {
  id: number;
  level: FlagLevel;
  reason: string;
  raisedAt: Date;
  raisedBy: string;
  liftedAt: Date | null;
  liftReason: string | null;
};

/** A task's flag history, newest first (readable by everyone who can read the task; another district's task has none). */
export async function flagHistory(ctx: ServiceContext, taskId: number): Promise<FlagHistoryEntry[]> {
  const inScope = inActorDistrict(tasks.districtId, ctx.actor);
  return ctx.db
    .select({
      id: taskFlags.id,
      level: taskFlags.level,
      reason: taskFlags.reason,
      raisedAt: taskFlags.raisedAt,
      raisedBy: users.displayName,
      liftedAt: taskFlags.liftedAt,
      liftReason: taskFlags.liftReason,
    })
    .from(taskFlags)
    .innerJoin(users, eq(users.id, taskFlags.raisedBy))
    .innerJoin(tasks, eq(tasks.id, taskFlags.taskId))
    .where(and(eq(taskFlags.taskId, taskId), inScope))
    .orderBy(desc(taskFlags.raisedAt));
}
