import { NotFoundError } from '@/lib/errors';
import { and, asc, count, desc, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import { auditLog, instructionReceipts, instructions, plans, tasks, taskUnits, units, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { isUnitActor, ownUnitId, seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { districtScopeOf, inActorDistrict, inDistrict, ownDistrictId, type DistrictScope } from '@/lib/districts/district-scope';
import { notifyRole, notifyUnits, notifyUser } from '@/lib/notifications/notification-service';
import { notInLoopReason, taskLabel } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import type { InstructionInput, InstructionReplyInput } from './schemas';

/** A task of the district as a message names it: 重点任务 40 and its title, with its list's status (null: no such task there). */
async function taskRef(db: Reader, scope: DistrictScope, taskId: number) {
  const [row] = await db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind, status: plans.status })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), inDistrict(tasks.districtId, scope)))
    .limit(1);
  return row ? { id: row.id, no: row.no, title: row.title, label: taskLabel(row, row.no), listStatus: row.status } : null;
}

/** 领导批示: a leader writes on a task; its lead and participating units and the office receive it. */
export async function createInstruction(ctx: ServiceContext, input: InstructionInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'instructions.write');
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    // Another district's task is no task here (the same answer as a missing id).
    const task = await taskRef(tx, { kind: 'district', districtId }, input.taskId);
    // A list being decomposed (draft) is not in the loop yet, an archived one is read-only.
    const refused = notInLoopReason(task?.listStatus ?? null);
    if (!task || refused) return fail(refused ?? '找不到该任务');
    const unitIds = (
      await tx.select({ unitId: taskUnits.unitId }).from(taskUnits).where(eq(taskUnits.taskId, task.id)).orderBy(asc(taskUnits.role), asc(taskUnits.position))
    ).map((u) => u.unitId);
    const [row] = await tx.insert(instructions).values({ taskId: task.id, authorId: actor.userId, content: input.content, createdAt: at }).returning({ id: instructions.id });
    const id = row!.id;
    for (const unitId of unitIds) await tx.insert(instructionReceipts).values({ instructionId: id, unitId });
    const n = { kind: 'instruction.received' as const, title: `${actor.displayName}对${task.label}「${task.title}」作出批示`, body: input.content, link: `/tasks/${task.id}#instructions` };
    await notifyUnits(tx, unitIds, n, at);
    await notifyRole(tx, districtId, 'supervisor', n, at);
    await writeAudit(tx, actor, { action: 'instruction.create', entityType: 'instruction', entityId: id, taskId: task.id, detail: { content: input.content } }, meta, at);
    return ok({ id, message: `批示已送达 ${unitIds.length} 个责任单位和督查室` });
  });
}

/** The actor's own unit's receipt, on a task of its district (a unit's staff answer only their own), or undefined. */
async function ownReceipt(db: Reader, actor: Actor, receiptId: number) {
  assertCan(actor, 'instructions.respond');
  const [row] = await db
    .select({ r: instructionReceipts, taskId: instructions.taskId })
    .from(instructionReceipts)
    .innerJoin(instructions, eq(instructions.id, instructionReceipts.instructionId))
    .innerJoin(tasks, eq(tasks.id, instructions.taskId))
    .where(and(eq(instructionReceipts.id, receiptId), eq(instructionReceipts.unitId, ownUnitId(actor)), eq(tasks.districtId, ownDistrictId(actor))))
    .limit(1);
  return row;
}

/** 签收: the unit confirms it has received the instruction (once). */
export async function acknowledgeInstruction(ctx: ServiceContext, receiptId: number): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  const row = await ownReceipt(ctx.db, actor, receiptId);
  if (!row) throw new NotFoundError('找不到该批示');
  const unitId = ownUnitId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const acknowledged = await tx
      .update(instructionReceipts)
      .set({ acknowledgedAt: at, acknowledgedBy: actor.userId })
      .where(and(eq(instructionReceipts.id, receiptId), eq(instructionReceipts.unitId, unitId), isNull(instructionReceipts.acknowledgedAt)))
      .returning({ id: instructionReceipts.id });
    // Nothing was written: the refusal commits nothing.
    if (acknowledged.length === 0) return fail('本单位已签收该批示');
    await writeAudit(tx, actor, { action: 'instruction.ack', entityType: 'instruction', entityId: row.r.instructionId, taskId: row.taskId, unitId }, meta, at);
    return ok({ id: receiptId, message: '已签收' });
  });
}

/**
 * At most this many replies per person in any hour: each one notifies the office and the leader
 * (a reply may be rewritten, so the audit trail counts them, not the receipts).
 */
export const MAX_REPLIES_PER_HOUR = 20;
const HOUR_MS = 60 * 60 * 1000;

/** The unit's answer (落实情况); answering also acknowledges. */
export async function replyInstruction(ctx: ServiceContext, input: InstructionReplyInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  const row = await ownReceipt(ctx.db, actor, input.receiptId);
  if (!row) throw new NotFoundError('找不到该批示');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    // Counted under the write lock, before anything is written: parallel requests cannot all pass the same count.
    const [recent] = await tx
      .select({ n: count() })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, 'instruction'),
          eq(auditLog.action, 'instruction.reply'),
          eq(auditLog.actorId, actor.userId),
          gt(auditLog.at, new Date(at.getTime() - HOUR_MS)),
          lte(auditLog.at, at),
        ),
      );
    if ((recent?.n ?? 0) >= MAX_REPLIES_PER_HOUR) return fail(`回复过于频繁：每人每小时最多回复 ${MAX_REPLIES_PER_HOUR} 次批示，请稍后再试`);
    await tx
      .update(instructionReceipts)
      .set({
        reply: input.reply,
        repliedAt: at,
        acknowledgedAt: row.r.acknowledgedAt ?? at,
        acknowledgedBy: row.r.acknowledgedBy ?? actor.userId,
      })
      .where(and(eq(instructionReceipts.id, input.receiptId), eq(instructionReceipts.unitId, unitId)));
    const [author] = await tx.select({ authorId: instructions.authorId }).from(instructions).where(eq(instructions.id, row.r.instructionId)).limit(1);
    const task = (await taskRef(tx, { kind: 'district', districtId }, row.taskId))!;
    const n = { kind: 'instruction.answered' as const, title: `${actor.unitName}回复了${task.label} 的批示`, body: input.reply, link: `/tasks/${task.id}#instructions` };
    await notifyRole(tx, districtId, 'supervisor', n, at);
    await notifyUser(tx, author!.authorId, n, at);
    await writeAudit(tx, actor, { action: 'instruction.reply', entityType: 'instruction', entityId: row.r.instructionId, taskId: row.taskId, unitId, detail: { reply: input.reply } }, meta, at);
    return ok({ id: input.receiptId, message: '回复已送达' });
  });
}

export type InstructionThread = {
  id: number;
  authorName: string;
  content: string;
  createdAt: Date;
  receipts: { id: number; unitId: number; unitName: string; acknowledgedAt: Date | null; reply: string | null; repliedAt: Date | null; mine: boolean }[];
};

/**
 * A task's instructions with every unit's receipt. Readable by the oversight roles and by the
 * task's own units, of the task's district (another district's task has none); a unit sees all
 * receipts (who has acknowledged) — replies are addressed to the leader and the office, but not
 * secret among the units of one task.
 */
export async function instructionsForTask(ctx: ServiceContext, taskId: number): Promise<InstructionThread[]> {
  const { db, actor } = ctx;
  if (!seesAllUnits(actor)) {
    // A unit's staff: only on its own tasks (a unit role without a unit sees nothing).
    if (!isUnitActor(actor)) return [];
    const [onTask] = await db
      .select({ u: taskUnits.unitId })
      .from(taskUnits)
      .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, actor.unitId)))
      .limit(1);
    if (!onTask) return [];
  }
  const list = await db
    .select({ id: instructions.id, content: instructions.content, createdAt: instructions.createdAt, authorName: users.displayName })
    .from(instructions)
    .innerJoin(tasks, eq(tasks.id, instructions.taskId))
    .innerJoin(users, eq(users.id, instructions.authorId))
    .where(and(eq(instructions.taskId, taskId), inDistrict(tasks.districtId, districtScopeOf(actor))))
    .orderBy(desc(instructions.createdAt));
  if (list.length === 0) return [];
  const receipts = await db
    .select({ r: instructionReceipts, unitName: units.name })
    .from(instructionReceipts)
    .innerJoin(units, eq(units.id, instructionReceipts.unitId))
    .where(
      inArray(
        instructionReceipts.instructionId,
        list.map((i) => i.id),
      ),
    )
    .orderBy(asc(instructionReceipts.id));
  return list.map((i) => ({
    ...i,
    receipts: receipts
      .filter((r) => r.r.instructionId === i.id)
      .map(({ r, unitName }) => ({ id: r.id, unitId: r.unitId, unitName, acknowledgedAt: r.acknowledgedAt, reply: r.reply, repliedAt: r.repliedAt, mine: r.unitId === actor.unitId })),
  }));
}

export type UnacknowledgedInstruction = {
  receiptId: number;
  taskId: number;
  taskNo: number;
  taskTitle: string;
  taskLabel: string;
  content: string;
  createdAt: Date;
};

/** Instructions the actor's unit has not acknowledged yet (for the workbench), on tasks of any list. */
export async function unacknowledgedForUnit(ctx: ServiceContext): Promise<UnacknowledgedInstruction[]> {
  const { db, actor } = ctx;
  assertCan(actor, 'instructions.respond');
  const rows = await db
    .select({
      receiptId: instructionReceipts.id,
      taskId: tasks.id,
      taskNo: tasks.no,
      taskTitle: tasks.title,
      shortName: plans.shortName,
      kind: plans.kind,
      content: instructions.content,
      createdAt: instructions.createdAt,
    })
    .from(instructionReceipts)
    .innerJoin(instructions, eq(instructions.id, instructionReceipts.instructionId))
    .innerJoin(tasks, eq(tasks.id, instructions.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(instructionReceipts.unitId, ownUnitId(actor)), inActorDistrict(tasks.districtId, actor), isNull(instructionReceipts.acknowledgedAt)))
    .orderBy(desc(instructions.createdAt));
  return rows.map(({ shortName, kind, ...r }) => ({ ...r, taskLabel: taskLabel({ shortName, kind }, r.taskNo) }));
}
