/**
 * The operator's way back in when no administrator can log in (运维命令行): clearing a user's second
 * factor (a lost phone, or a restore onto a machine without the old AUTH_SECRET, which sealed the
 * TOTP secrets) and lifting a lockout. Each is audited as done through the CLI.
 */
import { eq, sql } from 'drizzle-orm';
import { loginThrottle, users } from '@/db/schema';
import { NO_META, writeAudit } from '@/lib/audit/audit-service';
import { transaction, type Db } from '@/lib/db';
import { RefusalError } from '@/lib/errors';
import { endUserSessions } from './user-sessions';

async function userIdOf(db: Db, username: string): Promise<number> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (!row) throw new RefusalError(`找不到用户“${username}”`, 'username');
  return row.id;
}

/** Clears the user's TOTP: they enrol again at the next login (required for the administrators). Every session ends. */
export async function resetTotpByOperator(db: Db, rawUsername: string, at: Date = new Date()): Promise<void> {
  const username = rawUsername.trim().toLowerCase();
  const id = await userIdOf(db, username);
  await transaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, id));
    await endUserSessions(tx, id, 'admin', at);
    await writeAudit(tx, null, { action: 'account.totp_reset', entityType: 'user', entityId: id, detail: { username, via: 'cli' } }, NO_META, at);
  });
}

/** Lifts the lockout of a username (the counter is keyed by the name typed, so it works for any name). */
export async function unlockByOperator(db: Db, rawUsername: string, at: Date = new Date()): Promise<boolean> {
  const username = rawUsername.trim().toLowerCase();
  return transaction(db, async (tx) => {
    const removed = await tx.delete(loginThrottle).where(eq(loginThrottle.usernameKey, username)).returning({ key: loginThrottle.usernameKey });
    await writeAudit(tx, null, { action: 'account.unlock', entityType: 'user', entityId: null, detail: { username, via: 'cli' } }, NO_META, at);
    return removed.length > 0;
  });
}
