import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { users } from '@/db/schema';
import { NO_META, writeAudit } from '@/lib/audit/audit-service';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { transaction, type Db } from '@/lib/db';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';

/**
 * Outside demo mode, no account may open with the demo password: it is printed in the README and
 * on the demo login page. Every account still holding it gets a random password nobody knows (the
 * account, its history and its role stay; an admin or `npm run user -- reset-password` gives it a
 * new one), must change it at its next login, and loses the sessions opened in demo mode. Each
 * revocation is audited; the next start finds nothing left to revoke, so it is logged once.
 *
 * Only the demo usernames are checked (one bcrypt compare per distinct hash: the seed gave them all
 * the same one), plus any other account sharing a hash found to be the demo password's: comparing
 * every account's hash would cost a quarter of a second per account on every start.
 * Returns the usernames revoked.
 */
export async function revokeDemoPasswords(db: Db, now: Date): Promise<string[]> {
  const demoNames = DEMO_ACCOUNTS.map((a) => a.username);
  const candidates = await db.select({ hash: users.passwordHash }).from(users).where(inArray(users.username, demoNames));
  const demoHashes: string[] = [];
  for (const hash of new Set(candidates.map((c) => c.hash))) {
    if (await verifyPassword(DEMO_PASSWORD, hash)) demoHashes.push(hash);
  }
  if (demoHashes.length === 0) return [];
  // A real bcrypt hash of a discarded secret: a login against it costs what any other does.
  const unusable = await hashPassword(crypto.randomBytes(32).toString('base64url'));
  return transaction(db, async (tx) => {
    const holders = await tx.select({ id: users.id, username: users.username, hash: users.passwordHash }).from(users).where(inArray(users.passwordHash, demoHashes));
    const revoked: string[] = [];
    for (const holder of holders) {
      // Only if the hash is still the one checked (not reset meanwhile by an operator).
      const changed = await tx
        .update(users)
        .set({ passwordHash: unusable, mustChangePassword: true, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(and(eq(users.id, holder.id), eq(users.passwordHash, holder.hash)))
        .returning({ id: users.id });
      if (changed.length === 0) continue;
      await writeAudit(tx, null, { action: 'account.demo_password_revoked', entityType: 'user', entityId: holder.id, detail: { username: holder.username } }, NO_META, now);
      revoked.push(holder.username);
    }
    return revoked;
  });
}
