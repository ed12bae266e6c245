/**
 * Server-side sessions (会话管理, 等保 2.0 level 3). The signed cookie only names a session; whether it
 * is alive is decided here on every request: ended (logout, logout everywhere, password change,
 * disabling), idle longer than the policy allows, or older than the absolute limit. A token that
 * next-auth re-signs therefore never extends a session by itself.
 */
import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, ne, or } from 'drizzle-orm';
import { userSessions } from '@/db/schema';
import { transaction, type Db, type Reader, type Tx } from '@/lib/db';
import type { SecurityPolicy } from './security-policy';

export type SessionEndReason = 'logout' | 'logout_all' | 'idle' | 'absolute' | 'password' | 'disabled' | 'admin';
export type LoginMethod = 'password' | 'oidc';

/** lastSeenAt is written at most this often per session: one write a minute, not one per request. */
export const TOUCH_INTERVAL_MS = 60_000;

export type SessionRow = typeof userSessions.$inferSelect;

/** Opens a session after a successful login (every factor checked); returns its id for the token. */
export async function startSession(
  db: Db | Tx,
  input: { userId: number; method: LoginMethod; ip: string | null; userAgent: string | null; now: Date },
): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await transaction(db, async (tx) => {
    // 上次登录 is fixed now, so each page's notice reads it from the session row it checks anyway.
    const previous = await loginBefore(tx, input.userId, id, input.now);
    await tx.insert(userSessions).values({
      previousLoginAt: previous?.at ?? null,
      previousLoginIp: previous?.ip ?? null,
      id,
      userId: input.userId,
      method: input.method,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
      createdAt: input.now,
      lastSeenAt: input.now,
    });
  });
  return id;
}

/** Why a live-looking session is over by the policy, or null while it holds. Pure, for the clock tests. */
export function sessionExpiry(
  session: Pick<SessionRow, 'createdAt' | 'lastSeenAt' | 'endedAt'>,
  policy: Pick<SecurityPolicy, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>,
  now: Date,
): 'ended' | 'idle' | 'absolute' | null {
  if (session.endedAt) return 'ended';
  if (now.getTime() - session.createdAt.getTime() >= policy.sessionAbsoluteHours * 3_600_000) return 'absolute';
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.sessionIdleMinutes * 60_000) return 'idle';
  return null;
}

/**
 * The session named by a token, if it belongs to the user and is alive under the policy. A live
 * session is touched (at most once a minute); one found expired is ended with its reason, so the
 * login history shows how each session ended.
 */
export async function checkSession(
  db: Db,
  input: { sessionId: string; userId: number; policy: SecurityPolicy; now: Date },
): Promise<SessionRow | null> {
  const [row] = await db
    .select()
    .from(userSessions)
    .where(and(eq(userSessions.id, input.sessionId), eq(userSessions.userId, input.userId)))
    .limit(1);
  return row ? checkSessionRow(db, row, input) : null;
}

/** checkSession on a row already read (the session check reads it together with the account). */
export async function checkSessionRow(db: Db, row: SessionRow, input: { policy: SecurityPolicy; now: Date }): Promise<SessionRow | null> {
  const expiry = sessionExpiry(row, input.policy, input.now);
  if (expiry === 'ended') return null;
  if (expiry) {
    await endSession(db, row.id, expiry, input.now);
    return null;
  }
  if (input.now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
    await transaction(db, async (tx) => {
      // Only forward, and never on a session ended meanwhile.
      await tx
        .update(userSessions)
        .set({ lastSeenAt: input.now })
        .where(and(eq(userSessions.id, row.id), isNull(userSessions.endedAt), lt(userSessions.lastSeenAt, input.now)));
    });
  }
  return row;
}

/** Ends one session (退出: this browser only). */
export async function endSession(db: Db | Tx, sessionId: string, reason: SessionEndReason, now: Date): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(userSessions)
      .set({ endedAt: now, endReason: reason })
      .where(and(eq(userSessions.id, sessionId), isNull(userSessions.endedAt)));
  });
}

/** Ends every open session of the user, or every one but `except` (退出所有设备, password change). */
export async function endUserSessions(
  db: Db | Tx,
  userId: number,
  reason: SessionEndReason,
  now: Date,
  except?: string,
): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(userSessions)
      .set({ endedAt: now, endReason: reason })
      .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt), except ? ne(userSessions.id, except) : undefined));
  });
}

/** 上次登录: the login before the current session (time and address), or null for a first login. */
export async function previousLogin(db: Reader, userId: number, currentSessionId: string): Promise<{ at: Date; ip: string | null } | null> {
  return (await loginAndPrevious(db, userId, currentSessionId))?.previous ?? null;
}

/** The login before one at `loginAt`, ties broken by session id (recorded on the session when it starts). */
async function loginBefore(db: Reader, userId: number, sessionId: string, loginAt: Date): Promise<{ at: Date; ip: string | null } | null> {
  const [row] = await db
    .select({ at: userSessions.createdAt, ip: userSessions.ip })
    .from(userSessions)
    .where(
      and(
        eq(userSessions.userId, userId),
        ne(userSessions.id, sessionId),
        or(lt(userSessions.createdAt, loginAt), and(eq(userSessions.createdAt, loginAt), lt(userSessions.id, sessionId))),
      ),
    )
    .orderBy(desc(userSessions.createdAt))
    .limit(1);
  return row ?? null;
}

/** 上次登录 as recorded on a session row: null for a first login. */
export function previousLoginOf(row: Pick<SessionRow, 'previousLoginAt' | 'previousLoginIp'>): { at: Date; ip: string | null } | null {
  return row.previousLoginAt ? { at: row.previousLoginAt, ip: row.previousLoginIp } : null;
}

/**
 * The user's sessions still alive under the policy (the account page's 登录会话 list), most recently
 * used first. Sessions expired but not yet seen again are left out, not ended: a read stays a read.
 */
export async function listOpenSessions(
  db: Reader,
  userId: number,
  policy: Pick<SecurityPolicy, 'sessionIdleMinutes' | 'sessionAbsoluteHours'>,
  now: Date,
): Promise<Pick<SessionRow, 'id' | 'method' | 'ip' | 'userAgent' | 'createdAt' | 'lastSeenAt'>[]> {
  const rows = await db
    .select({
      id: userSessions.id,
      method: userSessions.method,
      ip: userSessions.ip,
      userAgent: userSessions.userAgent,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
      endedAt: userSessions.endedAt,
    })
    .from(userSessions)
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.endedAt)))
    .orderBy(desc(userSessions.lastSeenAt));
  return rows.filter((r) => sessionExpiry(r, policy, now) === null).map(({ endedAt: _e, ...r }) => r);
}

/** For the 上次登录 notice: when this session's login was (it names the login) and the login before it. */
export async function loginAndPrevious(
  db: Reader,
  userId: number,
  sessionId: string,
): Promise<{ loginAt: Date; previous: { at: Date; ip: string | null } | null } | null> {
  const [current] = await db
    .select({ createdAt: userSessions.createdAt, previousLoginAt: userSessions.previousLoginAt, previousLoginIp: userSessions.previousLoginIp })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId)))
    .limit(1);
  if (!current) return null;
  return { loginAt: current.createdAt, previous: previousLoginOf(current) };
}
