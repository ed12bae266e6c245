/**
 * Prepares the data directory before the server starts: checks it can be written, generates the
 * auth secret, creates and migrates the database, seeds it on first start, and clears what a crash
 * may have left in the attachment store. Run by `npm start`; safe to run again.
 */
import path from 'node:path';
import { endDatabase, type AppDatabase } from '@/db/client';
import { JOB_KEYS, openMigratedDatabase, runOneAtATime } from '@/lib/db';
import { createAttachmentStore } from '@/lib/attachments/attachment-store-instance';
import { today } from '@/lib/clock';
import { getEnv, parseEnv, type AppEnv } from '@/lib/env';
import { seedIfEmpty } from '@/lib/seed/seed';
import { checkDataDir, DataDirError } from '@/lib/storage/data-dir';
import { sweepAttachmentStore } from '@/lib/storage/recovery';
import { describeStorageError, isBusyError, isStorageError } from '@/lib/storage/storage-errors';

let dataDir = '';

async function main() {
  // Before anything is written (the secret, the database): a clear refusal instead of a stack trace.
  dataDir = path.resolve(parseEnv(process.env).DATA_DIR);
  const { warning } = checkDataDir(dataDir);
  if (warning) console.warn(`[准备数据] 警告：${warning}`);
  const env = getEnv();
  const db = await openMigratedDatabase(env);
  try {
    // Instances that start together prepare one after the other: the seed runs once.
    await runOneAtATime(db, JOB_KEYS.setup, () => prepare(db, env));
  } finally {
    await endDatabase(db);
  }
}

async function prepare(db: AppDatabase, env: AppEnv) {
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
  if (report.demoPasswordsRevoked.length) {
    const names = report.demoPasswordsRevoked.join('、');
    console.warn(`[准备数据] 警告：以下账户仍在使用公开的演示密码，非演示模式下已将其密码作废（已记入操作日志）：${names}`);
    console.warn('[准备数据] 请由管理员在“用户管理”中重置密码，或运行：npm run user -- reset-password --username 用户名');
  }
  const store = createAttachmentStore(env);
  const swept = await sweepAttachmentStore(db, store).finally(() => store.close());
  if (swept.orphans || swept.temps) {
    console.log(`[准备数据] 已清理上次未完成的上传：未入库的附件文件 ${swept.orphans} 个，临时文件 ${swept.temps} 个`);
  }
  if (swept.held) {
    console.warn(`[准备数据] 警告：附件存储中有 ${swept.held} 个文件在本数据库中没有记录，远多于一次中断可能留下的数量，已全部保留、未做清理。`);
    console.warn('[准备数据] 请确认 DATABASE_URL（或 DATA_DIR）与附件存储（DATA_DIR/files 或 S3_BUCKET/S3_PREFIX）属于同一套部署；一个存储位置只能对应一个数据库。');
  }
  if (swept.missing) console.warn(`[准备数据] 警告：有 ${swept.missing} 个附件的文件缺失，请从备份恢复（npm run restore）`);
  const files = env.ATTACHMENT_STORE === 's3' ? `S3 兼容存储（存储桶 ${env.S3_BUCKET}）` : `附件目录：${path.join(env.dataDir, 'files')}`;
  console.log(env.DATABASE_URL ? `[准备数据] 数据库：PostgreSQL（${new URL(env.DATABASE_URL).host}），${files}` : `[准备数据] 数据目录：${env.dataDir}，${files}`);
}

main().catch((err) => {
  if (err instanceof DataDirError) console.error(`[准备数据] 失败：${err.message}`);
  else if (isStorageError(err)) console.error(`[准备数据] 失败：数据目录不可写：${dataDir}（${describeStorageError(err)}）。请检查目录权限和磁盘空间后重试。`);
  else if (isBusyError(err)) console.error('[准备数据] 失败：数据库被其他进程占用，请稍后重试');
  else console.error(`[准备数据] 失败：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
