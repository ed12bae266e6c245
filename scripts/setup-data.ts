/**
 * Prepares the data directory before the server starts: generates the auth secret, creates and
 * migrates the database, and seeds it on first start. Run by `npm start`; safe to run again.
 */
import { databaseFile, openDatabase } from '@/db/client';
import { today } from '@/lib/clock';
import { getEnv } from '@/lib/env';
import { seedIfEmpty } from '@/lib/seed/seed';

async function main() {
  const env = getEnv();
  const db = openDatabase(databaseFile(env.dataDir));
  const report = await seedIfEmpty(db, { demo: env.DEMO_MODE, today: today() });
  if (report.plan) {
    console.log(`[准备数据] 已导入 ${report.plan.code}：${report.plan.sections} 个部分，${report.plan.tasks} 项任务`);
  }
  if (report.indicators) console.log(`[准备数据] 已导入经确认的目标指标 ${report.indicators} 项`);
  if (report.demoReports) {
    console.log(`[准备数据] 已生成演示填报数据：月度报告 ${report.demoReports.reports} 份，协办反馈 ${report.demoReports.contributions} 份（今天为 ${today()}）`);
  }
  if (report.demoAccountsCreated.length) {
    console.log(`[准备数据] 已创建演示账户：${report.demoAccountsCreated.join('、')}`);
  }
  console.log(`[准备数据] 数据目录：${env.dataDir}`);
  db.$client.close();
}

main().catch((err) => {
  console.error(`[准备数据] 失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
