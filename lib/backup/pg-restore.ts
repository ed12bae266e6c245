import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { checkDataDir } from '@/lib/storage/data-dir';
import { BackupError, manifestEngine, readManifest, timestampLabel, verifyBackup, type BackupManifest } from './backup';
import { connect, connectionFor, findPgTools, pgReferencedHashes, pgTableCounts, run, serverVersion, tail, USER_TABLES_SQL, type PgTools } from './pg-tools';
import { backupDatabaseFile, checkFileEntries, moveAsideUnreferenced, placeFiles } from './restore';

/**
 * Restores a PostgreSQL backup (pg-backup.ts) into the database of DATABASE_URL and DATA_DIR/files.
 * Stop every app instance first; afterwards restart them all (their caches are keyed by the data
 * generation, which the restore moves on, and their connection pools knew the old tables).
 *
 *   0. Checks before anything changes: the manifest (engine, paths, table names), the dump's
 *      SHA-256 and every file's, that this pg_restore reads the dump, that no app instance is
 *      connected, and that the database is empty — or `force`.
 *   1. The backup's files are copied into DATA_DIR/files, each checked against its hash
 *      (content-addressed: nothing there is overwritten, so the current database keeps its files).
 *   2. One transaction (psql, ON_ERROR_STOP): with `force`, the app's objects are dropped (every
 *      table, view, sequence, function and type of the public schema and the drizzle schema of the
 *      migrations), the dump is restored (pg_restore's script, without owners and grants: the
 *      objects belong to DATABASE_URL's user, as after the migrations), every table's row count is
 *      compared with the manifest, and the data generation is moved on. Any error or difference
 *      rolls the whole of it back: the database is as it was.
 *   3. The counts are checked again after the commit; files no table refers to move to
 *      DATA_DIR/files.before-restore-<时间>/.
 */
export type PgRestoreOptions = {
  backupDir: string;
  databaseUrl: string;
  dataDir: string;
  /** Replace the app's objects in a database that is not empty. */
  force?: boolean;
  at?: Date;
  log?: (message: string) => void;
};

export type PgRestoreResult = {
  manifest: BackupManifest;
  /** The database held the app's tables, replaced under `force`. */
  replaced: boolean;
  filesCopied: number;
  filesMovedAside: number;
  previousFiles: string | null;
  seconds: number;
};

/** Table names of a manifest go into SQL text (as JSON keys): only plain identifiers are accepted. */
const TABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function checkTables(tables: Record<string, number>): void {
  for (const [name, n] of Object.entries(tables)) {
    if (!TABLE_KEY.test(name)) throw new BackupError(`备份清单中的表名不正确，已拒绝：${JSON.stringify(name)}`);
    if (!Number.isSafeInteger(n) || n < 0) throw new BackupError(`备份清单中表 ${name} 的行数不正确，已拒绝：${JSON.stringify(n)}`);
  }
}

/** The schemas that are the app's: its tables, functions and triggers, and drizzle's migration journal. */
const APP_SCHEMAS = ['public', 'drizzle'];

const NOT_EXTENSION = (classid: string, oid: string) =>
  `not exists (select 1 from pg_catalog.pg_depend d where d.classid = '${classid}'::pg_catalog.regclass and d.objid = ${oid} and d.deptype = 'e')`;

/** What of the app the database already holds. */
async function appObjects(client: pg.Client): Promise<{ tables: number; rows: number; objects: number }> {
  const { rows } = await client.query<{ n: string }>(`
    select (select count(*) from pg_catalog.pg_class c where c.relnamespace = 'public'::pg_catalog.regnamespace
              and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and ${NOT_EXTENSION('pg_catalog.pg_class', 'c.oid')})
         + (select count(*) from pg_catalog.pg_proc p where p.pronamespace = 'public'::pg_catalog.regnamespace and ${NOT_EXTENSION('pg_catalog.pg_proc', 'p.oid')})
         + (select count(*) from pg_catalog.pg_type t where t.typnamespace = 'public'::pg_catalog.regnamespace
              and t.typtype in ('e', 'd', 'r') and ${NOT_EXTENSION('pg_catalog.pg_type', 't.oid')})
         + (select count(*) from pg_catalog.pg_namespace where nspname = 'drizzle') as n`);
  const counts = Object.entries(await pgTableCounts(client)).filter(([key]) => APP_SCHEMAS.includes(key.includes('.') ? key.split('.')[0]! : 'public'));
  return { tables: counts.length, rows: counts.reduce((sum, [, n]) => sum + n, 0), objects: Number(rows[0]!.n) };
}

/**
 * Other sessions on this database: app instances (whatever their application_name, which a
 * DATABASE_URL may override), their scheduler locks, psql sessions. A running instance keeps its
 * pool's connections open (db/pg-client.ts), so an idle one is seen too. The restore's own
 * connections and programs (keytasks-restore, keytasks-backup) are not counted.
 */
async function appConnections(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_catalog.pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
        and coalesce(application_name, '') not in ('keytasks-backup', 'keytasks-restore')`,
  );
  return rows[0]!.n;
}

async function refuseWhileAppConnected(client: pg.Client): Promise<void> {
  // Pools that were just closed may take a moment to leave pg_stat_activity.
  for (let i = 0; ; i++) {
    const n = await appConnections(client);
    if (n === 0) return;
    if (i >= 15) throw new BackupError(`有 ${n} 个连接正在使用该数据库（应用实例或其他客户端），请先停止所有应用实例、断开其他连接再恢复（恢复后再全部启动）`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Drops the app's objects (inside the restore's transaction): everything of the public schema but extensions, and the drizzle schema. */
const DROP_APP_OBJECTS = `
DROP SCHEMA IF EXISTS drizzle CASCADE;
DO $keytasks_drop$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) AS name, c.relkind AS kind
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i', 'a'))
    ORDER BY CASE WHEN c.relkind IN ('r', 'p', 'f') THEN 0 ELSE 1 END, 1
  LOOP
    EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE',
      CASE r.kind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, r.name);
  END LOOP;
  FOR r IN
    SELECT 'public.' || pg_catalog.quote_ident(p.proname) || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' AS name, p.prokind AS kind
    FROM pg_catalog.pg_proc p
    WHERE p.pronamespace = 'public'::pg_catalog.regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE', CASE r.kind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.name);
  END LOOP;
  FOR r IN
    SELECT pg_catalog.format('%I.%I', 'public', t.typname) AS name, t.typtype AS kind
    FROM pg_catalog.pg_type t
    WHERE t.typnamespace = 'public'::pg_catalog.regnamespace
      AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c'))
      AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e')
  LOOP
    EXECUTE pg_catalog.format('DROP %s IF EXISTS %s CASCADE', CASE r.kind WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
  END LOOP;
END
$keytasks_drop$;
`;

/** Compares every table's row count with the manifest inside the transaction: a difference raises, and everything rolls back. */
function verifyCountsSql(tables: Record<string, number>): string {
  return `
DO $keytasks_verify$
DECLARE
  expected jsonb := '${JSON.stringify(tables)}';
  r record;
  actual bigint;
  k text;
  problems text[] := '{}';
BEGIN
  FOR r IN ${USER_TABLES_SQL.replace(/\s+order by 1, 2\s*$/, '')}
  LOOP
    k := CASE WHEN r.schema = 'public' THEN r.name ELSE r.schema || '.' || r.name END;
    EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %I.%I', r.schema, r.name) INTO actual;
    IF NOT expected ? k THEN
      IF r.schema IN (${APP_SCHEMAS.map((s) => `'${s}'`).join(', ')}) THEN
        problems := problems || pg_catalog.format('表 %s 不在备份清单中', k);
      END IF;
    ELSIF (expected ->> k)::bigint <> actual THEN
      problems := problems || pg_catalog.format('表 %s 行数不符：清单 %s，实际 %s', k, expected ->> k, actual);
    END IF;
    expected := expected - k;
  END LOOP;
  FOR k IN SELECT jsonb_object_keys(expected) LOOP
    problems := problems || pg_catalog.format('表 %s 在恢复后的数据库中不存在', k);
  END LOOP;
  IF coalesce(array_length(problems, 1), 0) > 0 THEN
    RAISE EXCEPTION 'keytasks-verify: %', array_to_string(problems, '；');
  END IF;
END
$keytasks_verify$;
`;
}

/**
 * The data generation (db/dialect.ts) keys every instance's caches: after a restore it must not
 * equal any number an instance may have cached, so it moves on by a random non-zero step. The
 * task versions restored count in the backup's generations, not this one's: they all move to the
 * new one, with task 0 (every task changed: lib/warnings/task-versions.ts; the migration wrote its
 * row), so no instance refreshes kept lights from them. The row counts stay those of the dump.
 */
const MOVE_GENERATION_ON = `
DO $keytasks_generation$
BEGIN
  IF pg_catalog.to_regclass('public.data_generation') IS NOT NULL THEN
    UPDATE public.data_generation SET n = (n + 1 + pg_catalog.floor(pg_catalog.random() * 999999998)::integer) % 1000000000;
  END IF;
  IF pg_catalog.to_regclass('public.task_versions') IS NOT NULL THEN
    UPDATE public.task_versions SET version = (SELECT n FROM public.data_generation WHERE id = 1);
    INSERT INTO public.task_versions (task_id, version) SELECT 0, n FROM public.data_generation WHERE id = 1
      ON CONFLICT (task_id) DO UPDATE SET version = excluded.version;
  END IF;
END
$keytasks_generation$;
`;

/**
 * Streams `prefix`, pg_restore's script of the dump and `suffix` into one psql session. The COMMIT
 * is in the suffix, written only once pg_restore has finished without error; if it fails, psql is
 * killed and the server rolls the open transaction back.
 */
async function restoreInOneTransaction(tools: PgTools, url: string, dumpFile: string, prefix: string, suffix: string): Promise<void> {
  const conn = connectionFor(url);
  const env = { ...conn.env, PGAPPNAME: 'keytasks-restore' };
  const psql = spawn(tools.path('psql'), ['--no-psqlrc', '--quiet', '--no-password', '--set=ON_ERROR_STOP=1', `--dbname=${conn.dbname}`], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const restore = spawn(
    tools.path('pg_restore'),
    ['--file=-', '--no-owner', '--no-privileges', '--no-tablespaces', '--no-publications', '--no-subscriptions', '--no-security-labels', dumpFile],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let psqlErr = '';
  let restoreErr = '';
  psql.stdout.resume();
  psql.stderr.on('data', (d) => (psqlErr += d));
  restore.stderr.on('data', (d) => (restoreErr += d));
  // psql stops reading at its first error (ON_ERROR_STOP): its exit code says so, not a broken pipe.
  psql.stdin.on('error', () => undefined);
  const psqlDone = new Promise<number | null>((resolve, reject) => {
    psql.on('error', reject);
    psql.on('close', (code) => resolve(code));
  });
  const restoreDone = new Promise<number | null>((resolve, reject) => {
    restore.on('error', reject);
    restore.on('close', (code) => resolve(code));
  });
  // A psql that stopped no longer reads: pg_restore would wait on a full pipe for ever.
  void psqlDone.then(() => {
    if (restore.exitCode === null) restore.kill('SIGTERM');
  });
  psql.stdin.write(prefix);
  restore.stdout.pipe(psql.stdin, { end: false });
  const restoreCode = await restoreDone;
  let killed = false;
  if (restoreCode === 0 && psql.exitCode === null) psql.stdin.end(suffix);
  else if (psql.exitCode === null) {
    killed = true;
    psql.kill('SIGKILL');
  }
  const psqlCode = await psqlDone;
  if (!killed && psqlCode !== 0) {
    const verify = /keytasks-verify: (.*)/.exec(psqlErr);
    if (verify) throw new BackupError(`恢复后的行数与备份清单不符，已整体回滚，数据库未改动：${verify[1]}`);
    throw new BackupError(`恢复失败，已整体回滚，数据库未改动（psql）：\n${tail(psqlErr)}`);
  }
  if (restoreCode !== 0) throw new BackupError(`pg_restore 读取转储文件失败，已整体回滚，数据库未改动：\n${tail(restoreErr)}`);
}

export async function restorePgBackup(options: PgRestoreOptions): Promise<PgRestoreResult> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const backupDir = path.resolve(options.backupDir);
  const dataDir = path.resolve(options.dataDir);
  if (!fs.existsSync(backupDir) || !fs.statSync(backupDir).isDirectory()) throw new BackupError(`备份目录不存在：${backupDir}`);
  if (path.relative(backupDir, dataDir) === '') throw new BackupError('备份目录不能就是数据目录');

  const named = readManifest(backupDir);
  if (manifestEngine(named) !== 'postgres') {
    throw new BackupError(
      '这是 SQLite 数据目录的备份，不能用 pg_restore 恢复到 PostgreSQL。要把 SQLite 的数据迁入 PostgreSQL：先在不设置 DATABASE_URL 的环境中用 ' +
        'npm run restore 把备份恢复到一个数据目录，再运行 npm run db:copy -- --to <PostgreSQL 连接串> --from 该数据目录',
    );
  }
  const dumpFile = backupDatabaseFile(backupDir, named);
  checkFileEntries(named);
  checkTables(named.database.tables);

  log('正在校验备份（转储文件与附件的校验值）…');
  const { manifest, problems } = verifyBackup(backupDir);
  if (problems.length) throw new BackupError(`备份校验未通过，未做任何改动：\n  - ${problems.slice(0, 20).join('\n  - ')}${problems.length > 20 ? `\n  …共 ${problems.length} 处` : ''}`);
  if (JSON.stringify(manifest) !== JSON.stringify(named)) throw new BackupError('备份清单在校验期间被改动，未做任何改动');

  const client = await connect(options.databaseUrl, 'keytasks-restore');
  try {
    const server = await serverVersion(client);
    const tools = findPgTools(['pg_restore', 'psql'], server.major);
    const dumpMajor = Number(/^(\d+)/.exec(manifest.database.pgDumpVersion ?? '')?.[1] ?? 0);
    if (dumpMajor > tools.major) {
      throw new BackupError(`备份由 pg_dump ${manifest.database.pgDumpVersion} 生成，本机的 pg_restore 为 ${tools.version}，读不了更新版本的转储：请安装 postgresql-client-${dumpMajor} 或更新版本，或用 PG_BIN 指定`);
    }
    const listed = await run(tools.path('pg_restore'), ['--list', dumpFile], connectionFor(options.databaseUrl).env);
    if (listed.code !== 0) throw new BackupError(`pg_restore 无法读取转储文件，未做任何改动：\n${tail(listed.stderr)}`);

    await refuseWhileAppConnected(client);
    const existing = await appObjects(client);
    const replaced = existing.objects > 0;
    const where = (() => {
      const l = connectionFor(options.databaseUrl).label;
      return `${l.host}:${l.port}/${l.database}`;
    })();
    if (replaced && !options.force) {
      throw new BackupError(
        `目标数据库 ${where} 不是空的：已有本应用的 ${existing.tables} 张表（共 ${existing.rows} 行）等 ${existing.objects} 个对象。\n` +
          '如确认用备份覆盖其中的全部数据，请加 --force：将在一个事务中删除并重建本应用的全部表、函数和迁移记录，任何一步失败都整体回滚，原数据不变',
      );
    }
    checkDataDir(dataDir);

    // 1. Files first: a superset of what either database needs.
    const filesCopied = placeFiles(backupDir, manifest, path.join(dataDir, 'files'));
    log(`附件文件已就位（新复制 ${filesCopied} 个，共 ${manifest.files.count} 个）`);

    // 2. Drop (with force), restore, count, move the generation on: one transaction.
    log(`正在恢复到 ${where}（PostgreSQL ${server.version}，pg_restore ${tools.version}${replaced ? '；先删除现有的表和函数' : ''}）…`);
    const prefix = `SET client_encoding = 'UTF8';\nSET client_min_messages = warning;\nBEGIN;\nSELECT pg_catalog.set_config('search_path', 'public', true);\n${replaced ? DROP_APP_OBJECTS : ''}\n`;
    const suffix = `\n${verifyCountsSql(manifest.database.tables)}\n${MOVE_GENERATION_ON}\nCOMMIT;\n`;
    await restoreInOneTransaction(tools, options.databaseUrl, dumpFile, prefix, suffix);
    log('数据库已恢复（事务内已逐表核对行数）');

    // 3. Checked again as committed, and the files the restored tables refer to.
    const after = await pgTableCounts(client);
    const differences = Object.entries(manifest.database.tables)
      .filter(([name, n]) => after[name] !== n)
      .map(([name, n]) => `表 ${name} 行数不符：清单 ${n}，实际 ${after[name] ?? '无'}`);
    if (differences.length) throw new BackupError(`恢复已提交，但复核行数不符（是否有应用实例在恢复后立即写入？）：${differences.join('；')}`);
    const keep = new Set(await pgReferencedHashes(client));
    const aside = moveAsideUnreferenced(dataDir, keep, timestampLabel(options.at ?? new Date()));
    return { manifest, replaced, filesCopied, filesMovedAside: aside.moved, previousFiles: aside.previousFiles, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end().catch(() => undefined);
  }
}
