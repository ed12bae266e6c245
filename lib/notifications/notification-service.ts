import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { digests, notifications, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { ok, type Result } from '@/lib/result';

/*
 * Notifications are written inside the transaction of the change they announce (the `Tx` of the
 * caller), so the two stand or fall together.
 */

/** What happened, for the recipient: a title, an optional line of detail and where to look. */
export type NotificationInput = {
  kind:
    | 'deadline.soon'
    | 'deadline.overdue'
    | 'report.returned'
    | 'report.approved'
    | 'notice.issued'
    | 'notice.due'
    | 'notice.answered'
    | 'notice.sent_back'
    | 'instruction.received'
    | 'instruction.answered'
    // 问题协调 (lib/problems)
    | 'problem.raised'
    | 'problem.answered'
    | 'problem.escalated'
    | 'problem.closed'
    // 延期申请 (lib/extensions)
    | 'extension.requested'
    | 'extension.decided'
    // 时间节点 (lib/milestones)
    | 'milestone.submitted'
    | 'milestone.decided'
    | 'reminder'
    | 'task.assigned'
    | 'sign.overdue'
    | 'closure.requested'
    | 'closure.decided';
  title: string;
  body?: string;
  link?: string;
  /** Overdue matters even at the weekend. */
  urgent?: boolean;
  /** Scheduled reminders carry a key so that running the schedule twice sends nothing twice. */
  dedupeKey?: string;
};

async function insertFor(tx: Tx, userIds: number[], n: NotificationInput, at: Date): Promise<number> {
  let created = 0;
  for (const userId of userIds) {
    const inserted = await tx
      .insert(notifications)
      .values({
        userId,
        kind: n.kind,
        title: n.title,
        body: n.body ?? '',
        link: n.link ?? null,
        urgent: n.urgent ?? false,
        dedupeKey: n.dedupeKey ? `${n.dedupeKey}:u${userId}` : null,
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    created += inserted.length;
  }
  return created;
}

/** To the active staff (填报员, 单位负责人) of the given units. */
export async function notifyUnits(tx: Tx, unitIds: number[], n: NotificationInput, at: Date): Promise<number> {
  if (unitIds.length === 0) return 0;
  const staff = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.unitId, unitIds), inArray(users.role, ['reporter', 'unit_head']), eq(users.active, true)));
  return insertFor(
    tx,
    staff.map((u) => u.id),
    n,
    at,
  );
}

/** To every active user of a role in a district (e.g. its supervisors): another district's office hears nothing of it. */
export async function notifyRole(tx: Tx, districtId: number, role: Role, n: NotificationInput, at: Date): Promise<number> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.districtId, districtId), eq(users.role, role), eq(users.active, true)));
  return insertFor(
    tx,
    rows.map((u) => u.id),
    n,
    at,
  );
}

export async function notifyUser(tx: Tx, userId: number, n: NotificationInput, at: Date): Promise<number> {
  return insertFor(tx, [userId], n, at);
}

// Reading: always the actor's own notifications, by user id in the WHERE clause.

export async function unreadCount(db: Reader, actor: Actor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function listNotifications(db: Reader, actor: Actor, limit = 100) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      link: notifications.link,
      urgent: notifications.urgent,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.userId, actor.userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

/** The actor's latest daily digests (每日提醒), newest first: what the scheduler summed up for them. */
export async function listDigests(db: Reader, actor: Actor, limit = 7) {
  return db
    .select({ id: digests.id, date: digests.date, itemCount: digests.itemCount, body: digests.body, emailedAt: digests.emailedAt, createdAt: digests.createdAt })
    .from(digests)
    .where(eq(digests.userId, actor.userId))
    .orderBy(desc(digests.date))
    .limit(limit);
}

/** Marks one (or, with id null, every) notification of the actor as read; how many were unread. */
export async function markRead(tx: Tx, actor: Actor, id: number | null, at: Date): Promise<number> {
  const mine = and(eq(notifications.userId, actor.userId), isNull(notifications.readAt));
  const marked = await tx
    .update(notifications)
    .set({ readAt: at })
    .where(id === null ? mine : and(mine, eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return marked.length;
}

/** The 已读 buttons of the message centre: one notification, or with null all of them. */
export async function markNotificationsRead(ctx: ServiceContext, id: number | null): Promise<Result<{ marked: number }>> {
  const marked = await transaction(ctx.db, (tx) => markRead(tx, ctx.actor, id, ctx.now));
  return ok({ marked });
}
