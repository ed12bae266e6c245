/**
 * Online backup (the server may keep running):
 *   npm run backup                 → DATA_DIR/backups/<时间>/
 *   npm run backup -- --to 目录     → that folder (must not exist or be empty)
 * SQLite (the default): the database is copied with SQLite's backup API. PostgreSQL (DATABASE_URL
 * set): pg_dump --format=custom of one snapshot while every instance keeps writing
 * (lib/backup/pg-backup.ts). Then every attachment file the copy refers to; manifest.json lists
 * row counts per table, every file with its SHA-256, and the app version.
 */
import { parseArgs } from 'node:util';
import { BackupError, createBackup, type BackupManifest } from '@/lib/backup/backup';
import { createPgBackup } from '@/lib/backup/pg-backup';
import { backupTarget, connectionFor } from '@/lib/backup/pg-tools';
import { formatBytes } from '@/lib/storage/data-dir';
import { parseEnv } from '@/lib/env';
import { describeStorageError, isStorageError } from '@/lib/storage/storage-errors';

const USAGE = `用法：
  npm run backup                 备份到 DATA_DIR/backups/<时间>/
  npm run backup -- --to 目录     备份到指定目录（须不存在或为空）
设置了 DATABASE_URL（PostgreSQL）时用 pg_dump 备份该数据库，附件仍取自 DATA_DIR/files。`;

async function main(): Promise<number> {
  let values: { to?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch {
    console.error(USAGE);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { dataDir, databaseUrl } = backupTarget(process.env, (env) => parseEnv(env).DATA_DIR);
  console.log(`[备份] 数据目录：${dataDir}`);
  if (databaseUrl) {
    const l = connectionFor(databaseUrl).label;
    console.log(`[备份] 数据库：PostgreSQL ${l.host}:${l.port}/${l.database}`);
  }
  const started = Date.now();
  const log = (m: string) => console.log(`[备份] ${m}`);
  const { dir, manifest }: { dir: string; manifest: BackupManifest } = databaseUrl
    ? await createPgBackup({ dataDir, databaseUrl, to: values.to, log })
    : await createBackup({ dataDir, to: values.to, log });
  const rows = Object.values(manifest.database.tables).reduce((a, b) => a + b, 0);
  console.log(`[备份] 完成：${dir}`);
  console.log(
    `[备份] ${databaseUrl ? `转储文件（pg_dump ${manifest.database.pgDumpVersion}）` : '数据库'} ${formatBytes(manifest.database.bytes)}，` +
      `${Object.keys(manifest.database.tables).length} 张表共 ${rows} 行；附件 ${manifest.files.count} 个（${formatBytes(manifest.files.bytes)}）；` +
      `${databaseUrl ? '转储可完整读回' : `完整性检查：${manifest.database.integrity}`}；用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`,
  );
  if (manifest.files.missing.length) {
    console.warn(`[备份] 警告：数据库引用的 ${manifest.files.missing.length} 个附件在数据目录中已不存在，未能备份：${manifest.files.missing.join('、')}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof BackupError) console.error(`[备份] 失败：${err.message}`);
    else if (isStorageError(err)) console.error(`[备份] 失败：无法写入备份（${describeStorageError(err)}），已删除未完成的备份`);
    else console.error(`[备份] 失败：${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
