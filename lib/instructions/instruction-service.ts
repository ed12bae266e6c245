import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { instructionReceipts, instructions, plans, tasks, taskUnits, units, users } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { notInLoopReason, taskLabel, taskListStatus } from '@/lib/plans/plan-scope';
import { assertCan, can, ForbiddenError } from '@/lib/auth/permissions';
import { notifyRole, notifyUnits, notifyUser } from '@/lib/notifications/notification-service';
import { instructionReplySchema, instructionSchema } from './schemas';

export type InstructionResult = { ok: true; id: number; message: string } | { ok: false; error: string };

type Reader = Pick<AppDatabase, 'select'>;

/** A task as a message names it: 重点任务 40 and its title. */
function taskRef(db: Reader, taskId: number): { id: number; no: number; title: string; label: string; draft: boolean } | null {
  const row = db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind, status: plans.status })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(eq(tasks.id, taskId))
    .get();
  return row ? { id: row.id, no: row.no, title: row.title, label: taskLabel(row, row.no), draft: row.status === 'draft' } : null;
}

/** 领导批示: a leader writes on a task; its lead and participating units and the office receive it. */
export function createInstruction(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): InstructionResult {
  assertCan(actor, 'instructions.write');
  const input = instructionSchema.parse(raw);
  const task = taskRef(db, input.taskId);
  // A list being decomposed (draft) is not in the loop yet, an archived one is read-only.
  const refused = notInLoopReason(taskListStatus(db, input.taskId));
  if (!task || refused) return { ok: false, error: refused ?? '找不到该任务' };
  const unitIds = db
    .select({ unitId: taskUnits.unitId })
    .from(taskUnits)
    .where(eq(taskUnits.taskId, task.id))
    .orderBy(asc(taskUnits.role), asc(taskUnits.position))
    .all()
    .map((u) => u.unitId);
  return db.transaction(
    (tx): InstructionResult => {
      const id = tx.insert(instructions).values({ taskId: task.id, authorId: actor.userId, content: input.content, createdAt: at }).returning({ id: instructions.id }).get().id;
      for (const unitId of unitIds) tx.insert(instructionReceipts).values({ instructionId: id, unitId }).run();
      const n = { kind: 'instruction.received' as const, title: `${actor.displayName}对${task.label}「${task.title}」作出批示`, body: input.content, link: `/tasks/${task.id}#instructions` };
      notifyUnits(tx, unitIds, n, at);
      notifyRole(tx, 'supervisor', n, at);
      writeAudit(tx, actor, { action: 'instruction.create', entityType: 'instruction', entityId: id, taskId: task.id, detail: { content: input.content } }, meta, at);
      return { ok: true, id, message: `批示已送达 ${unitIds.length} 个责任单位和督查室` };
    },
    { behavior: 'immediate' },
  );
}

function ownReceipt(db: Pick<AppDatabase, 'select'>, actor: Actor, receiptId: number) {
  assertCan(actor, 'instructions.respond');
  return db
    .select({ r: instructionReceipts, taskId: instructions.taskId })
    .from(instructionReceipts)
    .innerJoin(instructions, eq(instructions.id, instructionReceipts.instructionId))
    .where(and(eq(instructionReceipts.id, receiptId), eq(instructionReceipts.unitId, actor.unitId as number)))
    .get();
}

/** 签收: the unit confirms it has received the instruction (once). */
export function acknowledgeInstruction(db: AppDatabase, actor: Actor, receiptId: number, at: Date, meta: RequestMeta = NO_META): InstructionResult {
  const row = ownReceipt(db, actor, receiptId);
  if (!row) return { ok: false, error: '找不到该批示' };
  return db.transaction((tx): InstructionResult => {
    const r = tx
      .update(instructionReceipts)
      .set({ acknowledgedAt: at, acknowledgedBy: actor.userId })
      .where(and(eq(instructionReceipts.id, receiptId), eq(instructionReceipts.unitId, actor.unitId as number), isNull(instructionReceipts.acknowledgedAt)))
      .run();
    if (r.changes === 0) return { ok: false, error: '本单位已签收该批示' };
    writeAudit(tx, actor, { action: 'instruction.ack', entityType: 'instruction', entityId: row.r.instructionId, taskId: row.taskId, unitId: actor.unitId }, meta, at);
    return { ok: true, id: receiptId, message: '已签收' };
  }, { behavior: 'immediate' });
}

/** The unit's answer (落实情况); answering also acknowledges. */
export function replyInstruction(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): InstructionResult {
  const input = instructionReplySchema.parse(raw);
  const row = ownReceipt(db, actor, input.receiptId);
  if (!row) return { ok: false, error: '找不到该批示' };
  return db.transaction((tx): InstructionResult => {
    tx.update(instructionReceipts)
      .set({
        reply: input.reply,
        repliedAt: at,
        acknowledgedAt: row.r.acknowledgedAt ?? at,
        acknowledgedBy: row.r.acknowledgedBy ?? actor.userId,
      })
      .where(and(eq(instructionReceipts.id, input.receiptId), eq(instructionReceipts.unitId, actor.unitId as number)))
      .run();
    const author = tx.select({ authorId: instructions.authorId }).from(instructions).where(eq(instructions.id, row.r.instructionId)).get()!;
    const task = taskRef(tx, row.taskId)!;
    const n = { kind: 'instruction.answered' as const, title: `${actor.unitName}回复了${task.label} 的批示`, body: input.reply, link: `/tasks/${task.id}#instructions` };
    notifyRole(tx, 'supervisor', n, at);
    notifyUser(tx, author.authorId, n, at);
    writeAudit(tx, actor, { action: 'instruction.reply', entityType: 'instruction', entityId: row.r.instructionId, taskId: row.taskId, unitId: actor.unitId, detail: { reply: input.reply } }, meta, at);
    return { ok: true, id: input.receiptId, message: '回复已送达' };
  }, { behavior: 'immediate' });
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
 * task's own units; a unit sees all receipts (who has acknowledged) — replies are addressed to the
 * leader and the office, but not secret among the units of one task.
 */
export function instructionsForTask(db: AppDatabase, actor: Actor, taskId: number): InstructionThread[] {
  const onTask =
    actor.unitId !== null && !!db.select({ u: taskUnits.unitId }).from(taskUnits).where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, actor.unitId))).get();
  if (!can(actor, 'reports.readAll') && !onTask) return [];
  const list = db
    .select({ id: instructions.id, content: instructions.content, createdAt: instructions.createdAt, authorName: users.displayName })
    .from(instructions)
    .innerJoin(users, eq(users.id, instructions.authorId))
    .where(eq(instructions.taskId, taskId))
    .orderBy(desc(instructions.createdAt))
    .all();
  if (list.length === 0) return [];
  const receipts = db
    .select({ r: instructionReceipts, unitName: units.name })
    .from(instructionReceipts)
    .innerJoin(units, eq(units.id, instructionReceipts.unitId))
    .where(
      inArray(
        instructionReceipts.instructionId,
        list.map((i) => i.id),
      ),
    )
    .orderBy(asc(instructionReceipts.id))
    .all();
  return list.map((i) => ({
    ...i,
    receipts: receipts
      .filter((r) => r.r.instructionId === i.id)
      .map(({ r, unitName }) => ({ id: r.id, unitId: r.unitId, unitName, acknowledgedAt: r.acknowledgedAt, reply: r.reply, repliedAt: r.repliedAt, mine: r.unitId === actor.unitId })),
  }));
}

/** Instructions the actor's unit has not acknowledged yet (for the workbench), on tasks of any list. */
export function unacknowledgedForUnit(db: AppDatabase, actor: Actor) {
  if (!can(actor, 'instructions.respond')) throw new ForbiddenError();
  return db
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
    .where(and(eq(instructionReceipts.unitId, actor.unitId as number), isNull(instructionReceipts.acknowledgedAt)))
    .orderBy(desc(instructions.createdAt))
    .all()
    .map(({ shortName, kind, ...r }) => ({ ...r, taskLabel: taskLabel({ shortName, kind }, r.taskNo) }));
}
