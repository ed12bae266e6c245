'use server';

import { writeAudit } from '@/lib/audit/audit-service';
import { endAllSessions } from '@/lib/auth/account-service';
import { signOut } from '@/lib/auth/next-auth';
import { getSessionUser } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/** 退出: the token is revoked server-side (session version bump), not only the cookie cleared. */
export async function logoutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) {
    endAllSessions(getDb(), user.userId);
    writeAudit(getDb(), user, { action: 'account.logout', entityType: 'user', entityId: user.userId }, await requestMeta(), now());
  }
  await signOut({ redirectTo: '/login' });
}
