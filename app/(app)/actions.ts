'use server';

import { endAllSessions } from '@/lib/auth/account-service';
import { signOut } from '@/lib/auth/next-auth';
import { getSessionUser } from '@/lib/auth/session';
import { getDb } from '@/lib/db';

/** 退出: the token is revoked server-side (session version bump), not only the cookie cleared. */
export async function logoutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) endAllSessions(getDb(), user.userId);
  await signOut({ redirectTo: '/login' });
}
