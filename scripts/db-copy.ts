/**
 * npm run db:copy -- --to postgres://…  [--from DATA_DIR]
 * Moves the embedded database (DATA_DIR/app.db, migrated first) into an empty PostgreSQL database
 * (migrated here), checking each table's row count and checksum. Attachments stay in DATA_DIR/files
 * (point the server mode's DATA_DIR at them, or copy the directory).
 *
 * npm run db:copy -- --to postgres://… --district 371312  [--from DATA_DIR]
 * Moves one district of the embedded database into a deployment that already holds other districts,
 * with new ids (db/copy-district.ts), checked per table the same way. Attachment files are not moved
 * either: copy DATA_DIR/files into the deployment's (files are named by content, so they merge).
 * Set AUTH_SECRET to the deployment's: the accounts' TOTP keys are sealed again with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseFile, endDatabase, migrateDatabase, openDatabase, openPostgres } from '@/db/client';
import { copySqliteToPostgres } from '@/db/copy';
import { copyDistrictToPostgres, type TotpResealer } from '@/db/copy-district';
import type { PgHandle } from '@/db/pg-client';
import { openTotpSecret, sealTotpSecret } from '@/lib/auth/totp-service';

/**
 * TOTP keys are sealed with the installation's auth secret: the source's is SOURCE_AUTH_SECRET, else
 * its data directory's auth-secret file, else AUTH_SECRET (the same for both); the deployment's is
 * AUTH_SECRET. Without the deployment's, the copied accounts enrol their second factor again.
 */
function totpResealer(dataDir: string): TotpResealer | undefined {
  const file = path.join(dataDir, 'auth-secret');
  const from = process.env.SOURCE_AUTH_SECRET ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : process.env.AUTH_SECRET);
  const to = process.env.AUTH_SECRET;
  if (!from || !to) return undefined;
  return { open: (userId, sealed) => openTotpSecret(userId, sealed, from), seal: (userId, secret) => sealTotpSecret(userId, secret, to) };
}

async function main() {
  const { values } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' }, district: { type: 'string' } } });
  if (!values.to || !/^postgres(ql)?:\/\//i.test(values.to) || (values.district !== undefined && !/^\d{6}$/.test(values.district))) {
    console.error('用法：npm run db:copy -- --to postgres://用户名:密码@主机:5432/库名 [--district 行政区划代码] [--from 数据目录]');
    process.exit(2);
  }
  const dataDir = path.resolve(values.from ?? process.env.DATA_DIR ?? './data');
  const source = openDatabase(databaseFile(dataDir));
  const target = openPostgres(values.to, { max: 2 });
  try {
    await migrateDatabase(target);
    const started = Date.now();
    const line = (t: { table: string; rows: number }) => console.log(`[复制] ${t.table}：${t.rows} 行，校验一致`);
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    if (values.district) {
      const report = await copyDistrictToPostgres(source, target as unknown as PgHandle, values.district, line, totpResealer(dataDir));
      for (const note of report.notes) console.log(`[复制] 注意：${note}`);
      console.log(
        `[复制] 完成：行政区 ${report.district.name}（${report.district.code}）在目标数据库的编号为 ${report.district.id}；${report.tables.length} 张表，共 ${report.rows} 行，用时 ${seconds()} 秒；每张表的行数与校验和均一致（编号已重新分配）。附件文件未复制：请将 ${path.join(dataDir, 'files')} 中的文件复制到目标部署的附件目录。`,
      );
      return;
    }
    const report = await copySqliteToPostgres(source, target as unknown as PgHandle, line);
    console.log(`[复制] 完成：${report.tables.length} 张表，共 ${report.rows} 行，用时 ${seconds()} 秒；每张表的行数与校验和均一致。`);
  } finally {
    await endDatabase(source);
    await endDatabase(target);
  }
}

main().catch((err) => {
  console.error(`[复制] 失败：${err instanceof Error ? err.message : String(err)}（目标数据库未写入任何数据）`);
  process.exit(1);
});
