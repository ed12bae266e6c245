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

/** State after one more failed attempt. An expired lock starts a fresh count. */
export function afterFailure(state: ThrottleState, now: Date): ThrottleState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedCount = (expired ? 0 : state.failedCount) + 1;
  if (failedCount >= LOCKOUT_THRESHOLD) {
    return { failedCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) };
  }
  return { failedCount, lockedUntil: expired ? null : state.lockedUntil };
}

/**
 * Password spraying (one address, many names): failures are also counted per client address.
 * From the 10th failure in a row each attempt is slowed down; the 20th blocks the address for
 * the lockout period.
 */
export const ADDRESS_SLOWDOWN_AFTER = 10;
export const ADDRESS_BLOCK_AFTER = 20;

export function afterAddressFailure(state: ThrottleState, now: Date): ThrottleState {
  const expired = state.lockedUntil !== null && !isLocked(state, now);
  const failedCount = (expired ? 0 : state.failedCount) + 1;
  if (failedCount >= ADDRESS_BLOCK_AFTER) return { failedCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) };
  return { failedCount, lockedUntil: expired ? null : state.lockedUntil };
}

/** Extra wait before answering, growing with the address's failures (max 1.5 s). */
export function addressDelayMs(state: ThrottleState): number {
  const over = state.failedCount - ADDRESS_SLOWDOWN_AFTER + 1;
  return over > 0 ? Math.min(1500, over * 150) : 0;
}
