import { getEnv } from './env';
import { shanghaiDate } from './reporting/calendar';

/**
 * The one source of "now". APP_NOW pins the date for demos and tests; the clock still advances
 * from that point in real time, so waits such as a 15-minute lockout behave normally.
 */
const processStartedAt = Date.now();
export function now(): Date {
  const pinned = getEnv().APP_NOW;
  if (!pinned) return new Date();
  return new Date(Date.parse(pinned) + (Date.now() - processStartedAt));
}

/** Today's date in Beijing, YYYY-MM-DD. */
export function today(at: Date = now()): string {
  return shanghaiDate(at);
}
