import 'server-only';
import { eq } from 'drizzle-orm';
import { redirect } from 'next/navigation';
import { users } from '@/db/schema';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import type { Actor } from './actor';
import { loadSessionUser, type SessionUser as LoadedSessionUser } from './account-service';
import { auth } from './next-auth';
import { ADMIN_ROLES } from './roles';

/** The session user, and whether an administrator still has to set up 动态口令 before anything else. */
export type SessionUser = LoadedSessionUser & { mustEnrollTotp: boolean };

/** Where an administrator without TOTP is sent after the password (outside the app layout, like /change-password). */
export const TOTP_ENROLMENT_PATH = '/two-factor';

/**
 * The current user, checked against the database on every request: a token whose account was
 * disabled, whose session version moved on (password reset), or whose server-side session ended
 * (logout, idle, absolute limit) counts as no session.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const userId = Number(session?.user?.id);
  if (!session || !Number.isInteger(userId) || userId <= 0 || !session.sessionId) return null;
  const db = getDb();
  const user = await loadSessionUser(db, { userId, sessionVersion: session.sessionVersion, sessionId: session.sessionId }, now());
  if (!user) return null;
  // 三员 must have a second factor: one without it may only enrol (or change the password, or leave).
  let mustEnrollTotp = false;
  if (ADMIN_ROLES.includes(user.role)) {
    const [row] = await db.select({ enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId)).limit(1);
    mustEnrollTotp = !row?.enabledAt;
  }
  return { ...user, mustEnrollTotp };
}

export type SessionGate = {
  /** Users who must change their password may still get here (the password change, logout); so may those who must enrol TOTP. */
  allowPasswordChange?: boolean;
  /** Administrators who must still enrol TOTP may get here (the enrolment page and its actions). */
  allowTotpEnrolment?: boolean;
};

/**
 * The session user or a redirect to login; users who must change their password are sent there
 * first, administrators without 动态口令 to its enrolment next.
 */
export async function requireSessionUser(options: SessionGate = {}): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect('/login?reason=expired');
  if (user.mustChangePassword && !options.allowPasswordChange) redirect('/change-password');
  if (user.mustEnrollTotp && !options.allowTotpEnrolment && !options.allowPasswordChange) redirect(TOTP_ENROLMENT_PATH);
  return user;
}

/** For pages and actions: who is asking, as services expect it. */
export async function requireActor(options: SessionGate = {}): Promise<Actor> {
  const { mustChangePassword: _m, mustEnrollTotp: _t, ...actor } = await requireSessionUser(options);
  return actor;
}
