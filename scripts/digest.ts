/** npm run digest — runs the reminder schedule and builds today's digests once (for a system cron). */
import { closeDatabase, databaseFile, openDatabase } from '@/db/client';
import { now, today } from '@/lib/clock';
import { getEnv } from '@/lib/env';
import { mailerFromEnv } from '@/lib/notifications/mailer';
import { buildDailyDigests, runReminderSchedule } from '@/lib/notifications/reminder-service';

async function main() {
  const db = openDatabase(databaseFile(getEnv().dataDir));
  try {
    const reminders = await runReminderSchedule(db, today(), now());
    const result = await buildDailyDigests(db, today(), now(), mailerFromEnv());
    console.log(`新提醒 ${reminders} 条；生成每日提醒 ${result.digests} 份，邮件发送 ${result.emailed} 份（${today()}）`);
  } finally {
    closeDatabase(db);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
