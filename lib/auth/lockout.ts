/** 5 wrong passwords in a row lock the name for 15 minutes. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type ThrottleState = { failedCount: number; lockedUntil: Date | null };

export const EMPTY_THROTTLE: ThrottleState = { failedCount: 0, lockedUntil: null };

export function isLocked(state: ThrottleState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/** Minutes left, rounded up, for the message shown to the user. */
export function minutesLeft(state: ThrottleState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(0, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 60000));
}

/**
 * State after one more failed attempt against a limit: the count goes on (failures that raced past
 * the lock check while it was being set are counted too); reaching the limit locks for the
 * lockout period, an existing lock is kept, and an expired lock starts a fresh count. The database
 * applies the same rule in one statement (countFailure in login-service.ts), so failures counted
 * at the same moment, by one process or several, are all counted.
 */
export function afterFailure(state: ThrottleState, now: Date, limit: number = LOCKOUT_THRESHOLD): ThrottleState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedCount = (expired ? 0 : state.failedCount) + 1;
  const lockedUntil = (expired ? null : state.lockedUntil) ?? (failedCount >= limit ? new Date(now.getTime() + LOCKOUT_MS) : null);
  return { failedCount, lockedUntil };
}

/**
 * Password spraying (one address, many names): failures are also counted per client address.
 * From the 10th failure in a row each attempt is slowed down; the 20th blocks the address for
 * the lockout period.
 */
export const ADDRESS_SLOWDOWN_AFTER = 10;
export const ADDRESS_BLOCK_AFTER = 20;

export function afterAddressFailure(state: ThrottleState, now: Date): ThrottleState {
  return afterFailure(state, now, ADDRESS_BLOCK_AFTER);
}

/** Extra wait before answering, growing with the address's failures (max 1.5 s); none once a block has run out. */
export function addressDelayMs(state: ThrottleState, now: Date): number {
  if (state.lockedUntil !== null && !isLocked(state, now)) return 0;
  const over = state.failedCount - ADDRESS_SLOWDOWN_AFTER + 1;
  return over > 0 ? Math.min(1500, over * 150) : 0;
}
