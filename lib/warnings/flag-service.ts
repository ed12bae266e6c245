import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { taskFlags, users } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { notInLoopReason, taskListStatus } from '@/lib/plans/plan-scope';
import { liftFlagSchema, raiseFlagSchema } from './flag-schemas';

export type FlagResult = { ok: true; id: number; message: string } | { ok: false; error: string };

/** Raises a yellow or red flag on a task by hand; a newer flag replaces the one in force. */
export function raiseFlag(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): FlagResult {
  assertCan(actor, 'flags.manage');
  const input = raiseFlagSchema.parse(raw);
  // Flags are for lists in the loop: a draft's or an archived list's task is refused.
  const refused = notInLoopReason(taskListStatus(db, input.taskId));
  if (refused) return { ok: false, error: refused };
  return db.transaction(
    (tx): FlagResult => {
      tx.update(taskFlags)
        .set({ liftedAt: at, liftedBy: actor.userId, liftReason: '被新的亮灯替代' })
        .where(and(eq(taskFlags.taskId, input.taskId), isNull(taskFlags.liftedAt)))
        .run();
      const id = tx
        .insert(taskFlags)
        .values({ taskId: input.taskId, level: input.level, reason: input.reason, raisedBy: actor.userId, raisedAt: at })
        .returning({ id: taskFlags.id })
        .get().id;
      writeAudit(tx, actor, { action: 'flag.raise', entityType: 'flag', entityId: id, taskId: input.taskId, detail: { level: input.level, reason: input.reason } }, meta, at);
      return { ok: true, id, message: input.level === 'red' ? '已亮红灯' : '已亮黄灯' };
    },
    { behavior: 'immediate' },
  );
}

/** Lifts a flag in force, with a reason. A flag already lifted (by someone else) is reported, not lifted twice. */
export function liftFlag(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): FlagResult {
  assertCan(actor, 'flags.manage');
  const input = liftFlagSchema.parse(raw);
  return db.transaction(
    (tx): FlagResult => {
      const flag = tx.select().from(taskFlags).where(eq(taskFlags.id, input.flagId)).get();
      if (!flag) return { ok: false, error: '找不到该亮灯记录' };
      const refused = notInLoopReason(taskListStatus(tx, flag.taskId));
      if (refused) return { ok: false, error: refused };
      const r = tx
        .update(taskFlags)
        .set({ liftedAt: at, liftedBy: actor.userId, liftReason: input.reason })
        .where(and(eq(taskFlags.id, input.flagId), isNull(taskFlags.liftedAt)))
        .run();
      if (r.changes === 0) return { ok: false, error: '该亮灯已被撤销' };
      writeAudit(tx, actor, { action: 'flag.lift', entityType: 'flag', entityId: flag.id, taskId: flag.taskId, detail: { reason: input.reason } }, meta, at);
      return { ok: true, id: flag.id, message: '已撤销亮灯' };
    },
    { behavior: 'immediate' },
  );
}

/** A task's flag history, newest first (readable by everyone who can read the task). */
export function flagHistory(db: AppDatabase, taskId: number) {
  return db
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
    .where(eq(taskFlags.taskId, taskId))
    .orderBy(desc(taskFlags.raisedAt))
    .all();
}
