import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { loginThrottle, units, users } from '@/db/schema';
import { msTimestamp } from '@/db/dialect';
import { writeAudit } from '@/lib/audit/audit-service';
import { transaction, type Db, type Reader, type Tx } from '@/lib/db';
import type { Actor } from './actor';
import { ADDRESS_BLOCK_AFTER, addressDelayMs, EMPTY_THROTTLE, isLocked, LOCKOUT_MS, LOCKOUT_THRESHOLD, minutesLeft, type ThrottleState } from './lockout';
import { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './password';

/**
 * What a login attempt came to. Not an action result: the credentials provider turns a refusal
 * into a code (invalid / disabled / locked:N / throttled:N) that the login action shows.
 */
export type LoginResult =
  | { ok: true; user: Actor & { sessionVersion: number; mustChangePassword: boolean } }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'locked' | 'throttled'; minutes: number };

/** One message for a wrong password and an unknown user, so the form never tells which names exist. */
export const LOGIN_MESSAGES = {
  invalid: '用户名或密码错误',
  disabled: '该账户已停用，请联系管理员',
  locked: (minutes: number) => `连续登录失败次数过多，账户已锁定，请 ${minutes} 分钟后再试`,
  throttled: (minutes: number) => `本机登录失败次数过多，请 ${minutes} 分钟后再试`,
} as const;

/**
 * An account as a session carries it: who, which unit, and what ends or limits the session
 * (select it from users left-joined with units).
 */
export const sessionUserColumns = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  // The city office reads the district it chose to view (users.view_district_id); everyone else works in their own.
  districtId: sql<number | null>`case when ${users.role} = 'city_supervisor' then ${users.viewDistrictId} else ${users.districtId} end`,
  unitId: users.unitId,
  unitName: units.name,
  active: users.active,
  sessionVersion: users.sessionVersion,
  mustChangePassword: users.mustChangePassword,
};

const addressKey = (ip: string) => `ip:${ip}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

export async function readThrottle(db: Reader, key: string): Promise<ThrottleState> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, key)).limit(1);
  return row ? { failedCount: row.failedCount, lockedUntil: row.lockedUntil } : EMPTY_THROTTLE;
}

/** The largest value of an integer column on PostgreSQL (int4). */
const MAX_COUNT = 2_147_483_647;

/**
 * Counts one failure against `key` in a single statement and returns the new state: the rule of
 * afterFailure (lockout.ts) done by the database on the row as it is, not on a value read earlier,
 * so failures counted at the same moment (by this process or another instance) all count.
 */
export async function countFailure(tx: Tx, key: string, now: Date, limit: number): Promise<ThrottleState> {
  const t = loginThrottle;
  const at = now.getTime();
  const lockFrom = at + LOCKOUT_MS;
  // A fresh count (new row, or a lock that has run out) locks at once only if the limit is 1.
  const freshLock = limit <= 1 ? lockFrom : null;
  const expired = sql`(${t.lockedUntil} is not null and ${t.lockedUntil} <= ${msTimestamp(at)})`;
  // Compared with the integer count: PostgreSQL takes the parameter as an integer, so "no limit"
  // (Number.MAX_SAFE_INTEGER) is bound as the largest one, which no count reaches either.
  const bound = Math.min(limit, MAX_COUNT);
  const [row] = await tx
    .insert(t)
    .values({ usernameKey: key, failedCount: 1, lockedUntil: freshLock === null ? null : new Date(freshLock), lastFailedAt: now })
    .onConflictDoUpdate({
      target: t.usernameKey,
      set: {
        // Both engines evaluate every expression here on the row before this update.
        failedCount: sql`case when ${expired} then 1 else ${t.failedCount} + 1 end`,
        lockedUntil: sql`case when ${expired} then ${freshLock === null ? sql`null` : msTimestamp(freshLock)} when ${t.lockedUntil} is not null then ${t.lockedUntil} when ${t.failedCount} + 1 >= ${bound} then ${msTimestamp(lockFrom)} else null end`,
        lastFailedAt: now,
      },
    })
    .returning({ failedCount: t.failedCount, lockedUntil: t.lockedUntil });
  return { failedCount: row!.failedCount, lockedUntil: row!.lockedUntil };
}

/** Clears the failures counted against a name (after a right password). */
export async function clearFailures(tx: Tx, key: string): Promise<void> {
  await tx.delete(loginThrottle).where(eq(loginThrottle.usernameKey, key));
}

/**
 * A right password clears the failed-login count, but never a lock: one set since the count was
 * read (another request's fifth failure, or a burst of wrong codes) must stand.
 */
async function clearFailuresUnlessLocked(tx: Tx, key: string, now: Date): Promise<void> {
  await tx
    .delete(loginThrottle)
    .where(and(eq(loginThrottle.usernameKey, key), or(isNull(loginThrottle.lockedUntil), lte(loginThrottle.lockedUntil, now))));
}

/**
 * Checks a username and password. Failures are counted per typed name (existing or not): the
 * fifth in a row locks that name for 15 minutes. An unknown name costs the same argon2 verify
 * (against DUMMY_HASH). A right password under an old hash kind is re-hashed (upgradeHash).
 */
export async function verifyLogin(
  db: Db | Tx,
  input: { username: string; password: string },
  now: Date,
  ip: string | null = null,
): Promise<LoginResult> {
  const key = usernameKey(input.username);
  const address = ip ? await readThrottle(db, addressKey(ip)) : EMPTY_THROTTLE;
  if (ip && isLocked(address, now)) return { ok: false, reason: 'throttled', minutes: minutesLeft(address, now) };
  const delay = addressDelayMs(address, now);
  if (delay > 0) await sleep(delay);
  const throttle = await readThrottle(db, key);
  if (isLocked(throttle, now)) return { ok: false, reason: 'locked', minutes: minutesLeft(throttle, now) };

  const [row] = await db
    .select({ ...sessionUserColumns, passwordHash: users.passwordHash })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, key))
    .limit(1);

  const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !passwordOk) {
    // Each counter moves in one statement (countFailure): concurrent failures all count.
    const next = await transaction(db, async (tx) => {
      const counted = await countFailure(tx, key, now, LOCKOUT_THRESHOLD);
      if (ip) await countFailure(tx, addressKey(ip), now, ADDRESS_BLOCK_AFTER);
      return counted;
    });
    if (isLocked(next, now)) return { ok: false, reason: 'locked', minutes: minutesLeft(next, now) };
    return { ok: false, reason: 'invalid' };
  }
  if (throttle.failedCount > 0 || throttle.lockedUntil) {
    await transaction(db, (tx) => clearFailuresUnlessLocked(tx, key, now));
  }
  // A success does not clear the address counter: a sprayer who guesses one password
  // must not get a fresh allowance for the rest.
  if (!row.active) return { ok: false, reason: 'disabled' };
  if (needsRehash(row.passwordHash)) await upgradeHash(db, row.userId, row.passwordHash, input.password);
  const { active: _active, passwordHash: _hash, ...user } = row;
  return { ok: true, user };
}

/**
 * A bcrypt hash (or an argon2 one with lower costs) is replaced by a current argon2id hash of the
 * same password, now that the password is known to be right. Compare-and-set: only if the stored
 * hash is still the one just verified, so a password changed meanwhile is never overwritten. The
 * password itself is unchanged, so passwordChangedAt and the sessions stay as they are.
 */
export async function upgradeHash(db: Db | Tx, userId: number, verifiedHash: string, password: string): Promise<boolean> {
  const upgraded = await hashPassword(password);
  return transaction(db, async (tx) => {
    const rows = await tx
      .update(users)
      .set({ passwordHash: upgraded })
      .where(and(eq(users.id, userId), eq(users.passwordHash, verifiedHash)))
      .returning({ id: users.id });
    return rows.length > 0;
  });
}

/**
 * The login as the credentials provider runs it: the check, then one line in the audit trail
 * (success or failure, with the typed name and the reason).
 */
export async function logIn(db: Db, input: { username: string; password: string }, now: Date, ip: string | null): Promise<LoginResult> {
  const result = await verifyLogin(db, input, now, ip);
  await auditLogin(db, result, usernameKey(input.username), ip, now);
  return result;
}

/** The audit line of a login attempt: who (on success), the typed name, and why it failed; `success` adds to a success's detail. */
export async function auditLogin(
  db: Db,
  result: LoginResult | { ok: false; reason: string },
  username: string,
  ip: string | null,
  now: Date,
  success: Record<string, unknown> = {},
): Promise<void> {
  await transaction(db, (tx) =>
    writeAudit(
      tx,
      result.ok ? result.user : null,
      {
        action: result.ok ? 'login.success' : 'login.failure',
        entityType: 'user',
        entityId: result.ok ? result.user.userId : null,
        detail: { username, ...(result.ok ? success : { reason: result.reason }) },
      },
      { ip },
      now,
    ),
  );
}
