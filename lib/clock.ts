import { getEnv } from './env';
import { shanghaiDate } from './reporting/calendar';

/**
 * The one source of "now". APP_NOW pins the date for demos and tests; the clock still advances
 * from that point in real time, so waits such as a 15-minute lockout behave normally.
 */
const processStartedAt = Date.now();
let override: number | undefined;

export function now(): Date {
  if (override !== undefined) return new Date(override);
  const pinned = getEnv().APP_NOW;
  if (!pinned) return new Date();
  return new Date(Date.parse(pinned) + (Date.now() - processStartedAt));
}

/** For tests: fix the clock at an instant (or undefined to release it). */
export function setClockForTests(instant: Date | undefined): void {
  override = instant?.getTime();
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function today(): string {
  return shanghaiDate(now());
}
