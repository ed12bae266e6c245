/**
 * npm run db:copy -- --to postgres://…  [--from DATA_DIR]
 * Moves the embedded database (DATA_DIR/app.db, migrated first) into an empty PostgreSQL database
 * (migrated here), checking each table's row count and checksum. Attachments stay in DATA_DIR/files
 * (point the server mode's DATA_DIR at them, or copy the directory).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { databaseFile, endDatabase, migrateDatabase, openDatabase, openPostgres } from '@/db/client';
import { copySqliteToPostgres } from '@/db/copy';
import type { PgHandle } from '@/db/pg-client';

async function main() {
  const { values } = parseArgs({ options: { to: { type: 'string' }, from: { type: 'string' } } });
  if (!values.to || !/^postgres(ql)?:\/\//i.test(values.to)) {
    console.error('用法：npm run db:copy -- --to postgres://用户名:密码@主机:5432/库名 [--from 数据目录]');
    process.exit(2);
  }
  const dataDir = path.resolve(values.from ?? process.env.DATA_DIR ?? './data');
  const source = openDatabase(databaseFile(dataDir));
  const target = openPostgres(values.to, { max: 2 });
  try {
    await migrateDatabase(target);
    const started = Date.now();
    const report = await copySqliteToPostgres(source, target as unknown as PgHandle, (t) => console.log(`[复制] ${t.table}：${t.rows} 行，校验一致`));
    console.log(`[复制] 完成：${report.tables.length} 张表，共 ${report.rows} 行，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒；每张表的行数与校验和均一致。`);
  } finally {
    await endDatabase(source);
    await endDatabase(target);
  }
}

main().catch((err) => {
  console.error(`[复制] 失败：${err instanceof Error ? err.message : String(err)}（目标数据库未写入任何数据）`);
  process.exit(1);
});
