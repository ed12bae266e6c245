import { eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { loginThrottle, units, users } from '@/db/schema';
import type { Actor } from './actor';
import { addressDelayMs, afterAddressFailure, afterFailure, EMPTY_THROTTLE, isLocked, minutesLeft, type ThrottleState } from './lockout';
import { DUMMY_HASH, verifyPassword } from './password';

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

const addressKey = (ip: string) => `ip:${ip}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function usernameKey(username: string): string {
  return username.trim().toLowerCase();
}

function readThrottle(db: AppDatabase, key: string): ThrottleState {
  const row = db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, key)).get();
  return row ? { failedCount: row.failedCount, lockedUntil: row.lockedUntil } : EMPTY_THROTTLE;
}

function writeThrottle(db: AppDatabase, key: string, state: ThrottleState, at: Date): void {
  db.insert(loginThrottle)
    .values({ usernameKey: key, failedCount: state.failedCount, lockedUntil: state.lockedUntil, lastFailedAt: at })
    .onConflictDoUpdate({
      target: loginThrottle.usernameKey,
      set: { failedCount: state.failedCount, lockedUntil: state.lockedUntil, lastFailedAt: at },
    })
    .run();
}

/**
 * Checks a username and password. Failures are counted per typed name (existing or not): the
 * fifth in a row locks that name for 15 minutes. An unknown name costs the same bcrypt compare.
 */
export async function verifyLogin(
  db: AppDatabase,
  input: { username: string; password: string },
  now: Date,
  ip: string | null = null,
): Promise<LoginResult> {
  const key = usernameKey(input.username);
  const address = ip ? readThrottle(db, addressKey(ip)) : EMPTY_THROTTLE;
  if (ip && isLocked(address, now)) return { ok: false, reason: 'throttled', minutes: minutesLeft(address, now) };
  const delay = addressDelayMs(address);
  if (delay > 0) await sleep(delay);
  const throttle = readThrottle(db, key);
  if (isLocked(throttle, now)) return { ok: false, reason: 'locked', minutes: minutesLeft(throttle, now) };

  const row = db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      role: users.role,
      unitId: users.unitId,
      unitName: units.name,
      active: users.active,
      sessionVersion: users.sessionVersion,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.username, key))
    .get();

  const passwordOk = await verifyPassword(input.password, row?.passwordHash ?? DUMMY_HASH);
  if (!row || !passwordOk) {
    const next = afterFailure(throttle, now);
    writeThrottle(db, key, next, now);
    if (ip) writeThrottle(db, addressKey(ip), afterAddressFailure(address, now), now);
    if (isLocked(next, now)) return { ok: false, reason: 'locked', minutes: minutesLeft(next, now) };
    return { ok: false, reason: 'invalid' };
  }
  if (throttle.failedCount > 0 || throttle.lockedUntil) {
    db.delete(loginThrottle).where(eq(loginThrottle.usernameKey, key)).run();
  }
  // A success does not clear the address counter: a sprayer who guesses one password
  // must not get a fresh allowance for the rest.
  if (!row.active) return { ok: false, reason: 'disabled' };
  return {
    ok: true,
    user: {
      userId: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      unitId: row.unitId,
      unitName: row.unitName,
      sessionVersion: row.sessionVersion,
      mustChangePassword: row.mustChangePassword,
    },
  };
}
