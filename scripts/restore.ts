/**
 * Restores a backup made by `npm run backup` (stop the server — every instance — first):
 *   npm run restore -- --from 备份目录 [--force]     (or the folder without --from)
 *   npm run restore -- --from 备份目录 --check      只校验备份，不做改动
 * SQLite: into DATA_DIR. Refuses while a process has the database open, and without --force when
 * DATA_DIR already has a database (which is then kept as app.db.before-restore-<时间>).
 * PostgreSQL (DATABASE_URL set, lib/backup/pg-restore.ts): into that database, in one transaction,
 * and the files into DATA_DIR/files. Refuses while app instances are connected, and without --force
 * when the database is not empty. A backup of the other engine is refused.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appInfo, BackupError, manifestEngine, verifyBackup } from '@/lib/backup/backup';
import { restorePgBackup } from '@/lib/backup/pg-restore';
import { backupTarget, findPgTools, run, tail } from '@/lib/backup/pg-tools';
import { restoreBackup } from '@/lib/backup/restore';
import { parseEnv } from '@/lib/env';
import { DataDirError } from '@/lib/storage/data-dir';
import { describeStorageError, isStorageError } from '@/lib/storage/storage-errors';

const USAGE = `用法：
  npm run restore -- --from 备份目录 [--force]    恢复（须先停止服务；已有数据时须加 --force）
  npm run restore -- --from 备份目录 --check      只校验备份，不做改动
未设置 DATABASE_URL 时恢复到 DATA_DIR（SQLite）；设置了 DATABASE_URL 时恢复到该 PostgreSQL 数据库，附件放入 DATA_DIR/files。`;

async function main(): Promise<number> {
  let values: { from?: string; force?: boolean; check?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        force: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch {
    console.error(USAGE);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const given = values.from !== undefined ? [values.from, ...positionals] : positionals;
  if (given.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const backupDir = path.resolve(given[0] as string);
  if (values.check) {
    const { manifest, problems } = verifyBackup(backupDir);
    if (manifestEngine(manifest) === 'postgres' && problems.length === 0) {
      // The dump must also be readable by this machine's pg_restore.
      const major = Number(/^(\d+)/.exec(manifest.database.pgDumpVersion ?? '')?.[1] ?? 0);
      const tools = findPgTools(['pg_restore'], major);
      const listed = await run(tools.path('pg_restore'), ['--list', path.join(backupDir, manifest.database.file)], process.env);
      if (listed.code !== 0) problems.push(`pg_restore 无法读取转储文件：${tail(listed.stderr)}`);
    }
    if (problems.length) {
      console.error(`[恢复] 备份校验未通过：\n  - ${problems.join('\n  - ')}`);
      return 1;
    }
    const kind = manifestEngine(manifest) === 'postgres' ? `PostgreSQL 备份（pg_dump ${manifest.database.pgDumpVersion}）` : 'SQLite 备份';
    console.log(`[恢复] 备份完好：${backupDir}（${kind}，${manifest.createdAt} 由 ${manifest.app.name} ${manifest.app.version} 生成，附件 ${manifest.files.count} 个）`);
    return 0;
  }
  const { dataDir, databaseUrl } = backupTarget(process.env, (env) => parseEnv(env).DATA_DIR);
  const log = (m: string) => console.log(`[恢复] ${m}`);
  const current = appInfo();
  if (databaseUrl) {
    console.log(`[恢复] 从 ${backupDir} 恢复到 PostgreSQL 数据库（DATABASE_URL），附件放入 ${path.join(dataDir, 'files')}`);
    const result = await restorePgBackup({ backupDir, databaseUrl, dataDir, force: values.force, log });
    if (result.manifest.app.version !== current.version) {
      console.log(`[恢复] 提示：备份由 ${result.manifest.app.version} 版生成，当前为 ${current.version} 版；启动时会自动执行所需的数据库迁移`);
    }
    const rows = Object.values(result.manifest.database.tables).reduce((a, b) => a + b, 0);
    console.log(
      `[恢复] 完成：${Object.keys(result.manifest.database.tables).length} 张表共 ${rows} 行（逐表核对行数一致），附件 ${result.manifest.files.count} 个（校验值一致）；用时 ${result.seconds.toFixed(1)} 秒`,
    );
    if (result.previousFiles) console.log(`[恢复] 仅原数据库使用的 ${result.filesMovedAside} 个附件已移至 ${result.previousFiles}`);
    if (result.manifest.files.missing.length) console.warn(`[恢复] 警告：备份时已缺失的附件 ${result.manifest.files.missing.length} 个无法恢复`);
    console.log('[恢复] 请重新启动所有应用实例（各实例内存中的缓存和数据库连接仍属于恢复前的数据）：npm start');
    return 0;
  }
  console.log(`[恢复] 从 ${backupDir} 恢复到数据目录 ${dataDir}`);
  const result = restoreBackup({ backupDir, dataDir, force: values.force, log });
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

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof BackupError || err instanceof DataDirError) console.error(`[恢复] 失败：${err.message}`);
    else if (isStorageError(err)) console.error(`[恢复] 失败：数据目录不可写（${describeStorageError(err)}）`);
    else console.error(`[恢复] 失败：${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
