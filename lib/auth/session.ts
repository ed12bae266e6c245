import 'server-only';
import { redirect } from 'next/navigation';
import { getDb } from '@/lib/db';
import type { Actor } from './actor';
import { loadSessionUser, type SessionUser } from './account-service';
import { auth } from './next-auth';

/**
 * The current user, checked against the database on every request: a token whose account was
 * disabled or whose session version moved on (logout, password reset) counts as no session.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!session || !Number.isInteger(userId) || userId <= 0) return null;
  return await loadSessionUser(getDb(), userId, session.sessionVersion);
}

/** The session user or a redirect to login; users who must change their password are sent there first. */
export async function requireSessionUser(options: { allowPasswordChange?: boolean } = {}): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login?reason=expired');
  if (user.mustChangePassword && !options.allowPasswordChange) redirect('/change-password');
  return user;
}

/** For pages and actions: who is asking, as services expect it. */
export async function requireActor(options: { allowPasswordChange?: boolean } = {}): Promise<Actor> {
  const { mustChangePassword: _m, ...actor } = await requireSessionUser(options);
  return actor;
}
