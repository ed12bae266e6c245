/** npm run digest — runs the reminder schedule and builds today's digests once (for a system cron). */
import { endDatabase } from '@/db/client';
import { now, today } from '@/lib/clock';
import { openMigratedDatabase } from '@/lib/db';
import { mailerFromEnv } from '@/lib/notifications/mailer';
import { buildDailyDigests, runReminderSchedule } from '@/lib/notifications/reminder-service';

async function main() {
  const db = await openMigratedDatabase();
  try {
    const reminders = await runReminderSchedule(db, today(), now());
    const result = await buildDailyDigests(db, today(), now(), mailerFromEnv());
    console.log(`新提醒 ${reminders} 条；生成每日提醒 ${result.digests} 份，邮件发送 ${result.emailed} 份（${today()}）`);
  } finally {
    await endDatabase(db);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
