/**
 * Restores a backup made by `npm run backup` into DATA_DIR (stop the server first):
 *   npm run restore -- 备份目录 [--force]
 *   npm run restore -- 备份目录 --check      只校验备份，不做改动
 * Refuses while a process has the database open, and without --force when DATA_DIR already has a
 * database (which is then kept as app.db.before-restore-<时间>).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appInfo, BackupError, verifyBackup } from '@/lib/backup/backup';
import { restoreBackup } from '@/lib/backup/restore';
import { parseEnv } from '@/lib/env';
import { DataDirError } from '@/lib/storage/data-dir';
import { describeStorageError, isStorageError } from '@/lib/storage/storage-errors';

const USAGE = `用法：
  npm run restore -- 备份目录 [--force]    恢复到 DATA_DIR（须先停止服务；已有数据库时须加 --force）
  npm run restore -- 备份目录 --check      只校验备份，不做改动`;

function main(): number {
  let values: { force?: boolean; check?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: { force: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch {
    console.error(USAGE);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const backupDir = path.resolve(positionals[0] as string);
  if (values.check) {
    const { manifest, problems } = verifyBackup(backupDir);
    if (problems.length) {
      console.error(`[恢复] 备份校验未通过：\n  - ${problems.join('\n  - ')}`);
      return 1;
    }
    console.log(`[恢复] 备份完好：${backupDir}（${manifest.createdAt} 由 ${manifest.app.name} ${manifest.app.version} 生成，附件 ${manifest.files.count} 个）`);
    return 0;
  }
  const dataDir = path.resolve(parseEnv(process.env).DATA_DIR);
  console.log(`[恢复] 从 ${backupDir} 恢复到数据目录 ${dataDir}`);
  const result = restoreBackup({ backupDir, dataDir, force: values.force, log: (m) => console.log(`[恢复] ${m}`) });
  const current = appInfo();
  if (result.manifest.app.version !== current.version) {
    console.log(`[恢复] 提示：备份由 ${result.manifest.app.version} 版生成，当前为 ${current.version} 版；启动时会自动执行所需的数据库迁移`);
  }
  const rows = Object.values(result.manifest.database.tables).reduce((a, b) => a + b, 0);
  console.log(`[恢复] 完成：${Object.keys(result.manifest.database.tables).length} 张表共 ${rows} 行，附件 ${result.manifest.files.count} 个，完整性检查通过`);
  if (result.previousDb) console.log(`[恢复] 原数据库已保留为 ${result.previousDb}`);
  if (result.previousFiles) console.log(`[恢复] 仅原数据库使用的 ${result.filesMovedAside} 个附件已移至 ${result.previousFiles}`);
  if (result.manifest.files.missing.length) console.warn(`[恢复] 警告：备份时已缺失的附件 ${result.manifest.files.missing.length} 个无法恢复`);
  console.log('[恢复] 现在可以启动服务：npm start');
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  if (err instanceof BackupError || err instanceof DataDirError) console.error(`[恢复] 失败：${err.message}`);
  else if (isStorageError(err)) console.error(`[恢复] 失败：数据目录不可写（${describeStorageError(err)}）`);
  else console.error(`[恢复] 失败：${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
