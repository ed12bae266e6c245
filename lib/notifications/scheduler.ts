import { now, today } from '@/lib/clock';
import { getDb, JOB_KEYS, runExclusively } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { mailerFromEnv } from './mailer';
import { buildDailyDigests, runReminderSchedule } from './reminder-service';

/**
 * Runs the reminder schedule and the daily digest now and then every SCHEDULER_EVERY_MINUTES (both are
 * idempotent, and each goes through every district with its own lists, units and calendar). With several app instances on one PostgreSQL, one of them runs each tick; the
 * others skip it.
 */
export async function runScheduledJobs(): Promise<boolean> {
  const db = getDb();
  return runExclusively(db, JOB_KEYS.scheduler, async () => {
    await runReminderSchedule(db, today(), now());
    await buildDailyDigests(db, today(), now(), mailerFromEnv());
  });
}

export function startScheduler(): void {
  const env = getEnv();
  if (!env.SCHEDULER) return;
  // Fire and forget: a timer has nobody to await it; a failure is logged and the next tick tries again.
  const tick = () => void runScheduledJobs().catch((err) => console.error('[提醒] 定时任务失败', err));
  setTimeout(tick, 5_000).unref();
  setInterval(tick, Math.round(env.SCHEDULER_EVERY_MINUTES * 60_000)).unref();
}
