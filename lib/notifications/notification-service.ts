import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { notifications, users, type Role } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';

type Db = Pick<AppDatabase, 'select' | 'insert' | 'update'>;

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
    | 'reminder'
    | 'task.assigned';
  title: string;
  body?: string;
  link?: string;
  /** Overdue matters even at the weekend. */
  urgent?: boolean;
  /** Scheduled reminders carry a key so that running the schedule twice sends nothing twice. */
  dedupeKey?: string;
};

function insertFor(db: Db, userIds: number[], n: NotificationInput, at: Date): number {
  let created = 0;
  for (const userId of userIds) {
    const r = db
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
      .run();
    created += r.changes;
  }
  return created;
}

/** To the active staff (填报员, 单位负责人) of the given units. */
export function notifyUnits(db: Db, unitIds: number[], n: NotificationInput, at: Date): number {
  if (unitIds.length === 0) return 0;
  const staff = db
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.unitId, unitIds), inArray(users.role, ['reporter', 'unit_head']), eq(users.active, true)))
    .all();
  return insertFor(
    db,
    staff.map((u) => u.id),
    n,
    at,
  );
}

/** To every active user of a role (e.g. all supervisors). */
export function notifyRole(db: Db, role: Role, n: NotificationInput, at: Date): number {
  const ids = db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, role), eq(users.active, true)))
    .all()
    .map((u) => u.id);
  return insertFor(db, ids, n, at);
}

export function notifyUser(db: Db, userId: number, n: NotificationInput, at: Date): number {
  return insertFor(db, [userId], n, at);
}

// Reading: always the actor's own notifications, by user id in the WHERE clause.

export function unreadCount(db: AppDatabase, actor: Actor): number {
  return db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt))).get()?.n ?? 0;
}

export function listNotifications(db: AppDatabase, actor: Actor, limit = 100) {
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
    .limit(limit)
    .all();
}

/** Marks one (or, with id null, every) notification of the actor as read. */
export function markRead(db: AppDatabase, actor: Actor, id: number | null, at: Date): number {
  const mine = and(eq(notifications.userId, actor.userId), isNull(notifications.readAt));
  return db
    .update(notifications)
    .set({ readAt: at })
    .where(id === null ? mine : and(mine, eq(notifications.id, id)))
    .run().changes;
}
