import { describe, expect, it } from 'vitest';
import { afterFailure, EMPTY_THROTTLE, isLocked, LOCKOUT_MS, minutesLeft, type ThrottleState } from './lockout';

const t0 = new Date('2023-11-20T09:00:00+08:00');
const at = (ms: number) => new Date(t0.getTime() + ms);

function failTimes(n: number, start: ThrottleState = EMPTY_THROTTLE, now = t0): ThrottleState {
  let s = start;
  for (let i = 0; i < n; i++) s = afterFailure(s, now);
  return s;
}

describe('login lockout', () => {
  it('four failures do not lock', () => {
    const s = failTimes(4);
    expect(s.failedCount).toBe(4);
    expect(isLocked(s, t0)).toBe(false);
  });

  it('the fifth failure locks for 15 minutes', () => {
    const s = failTimes(5);
    expect(isLocked(s, t0)).toBe(true);
    expect(minutesLeft(s, t0)).toBe(15);
    expect(isLocked(s, at(LOCKOUT_MS - 1))).toBe(true);
    expect(minutesLeft(s, at(LOCKOUT_MS - 61_000))).toBe(2);
    expect(isLocked(s, at(LOCKOUT_MS))).toBe(false);
  });

  it('after the lock expires the count starts again', () => {
    const locked = failTimes(5);
    const later = at(LOCKOUT_MS + 1000);
    const s = afterFailure(locked, later);
    expect(s).toEqual({ failedCount: 1, lockedUntil: null });
    expect(isLocked(failTimes(4, s, later), later)).toBe(true);
  });
});
