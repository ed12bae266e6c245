import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BackupError } from './backup';

/**
 * The PostgreSQL client programs a backup or a restore runs (pg_dump, pg_restore, psql), and how
 * they are given the connection. Found in PG_BIN (a bin directory), else on PATH, else in
 * /usr/lib/postgresql/<version>/bin (newest first, Debian's layout). pg_dump refuses a server newer
 * than itself, and a pg_restore older than the dump cannot read it: the programs chosen are the
 * first whose major version is at least the server's.
 */
export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';
export type PgTools = { dir: string; major: number; version: string; path: (tool: PgTool) => string };

const DEBIAN_BASE = '/usr/lib/postgresql';

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The directories to look in, in order (each at most once). */
function candidateDirs(env: Record<string, string | undefined>): { dirs: string[]; explicit: boolean } {
  if (env.PG_BIN) return { dirs: [path.resolve(env.PG_BIN)], explicit: true };
  const dirs: string[] = [];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) if (dir && !dirs.includes(dir)) dirs.push(dir);
  if (fs.existsSync(DEBIAN_BASE)) {
    const versions = fs
      .readdirSync(DEBIAN_BASE)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(path.join(DEBIAN_BASE, v, 'bin'));
  }
  return { dirs, explicit: false };
}

/** "pg_dump (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)" → 15.10 */
export function parseToolVersion(output: string): { major: number; version: string } | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output);
  if (!m) return null;
  return { major: Number(m[1]), version: m[2] === undefined ? m[1]! : `${m[1]}.${m[2]}` };
}

function toolVersion(file: string): { major: number; version: string } | null {
  const res = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  if (res.status !== 0) return null;
  return parseToolVersion(res.stdout);
}

/**
 * A directory that has every program in `tools`, each of major version >= `serverMajor`: the
 * server's own major version if one is found (pg_restore 17's output sets parameters, e.g.
 * transaction_timeout, that older servers refuse), else the first newer one.
 * Throws a BackupError saying what to install when there is none.
 */
export function findPgTools(tools: PgTool[], serverMajor: number, env: Record<string, string | undefined> = process.env): PgTools {
  const { dirs, explicit } = candidateDirs(env);
  const tooOld: string[] = [];
  const usable: PgTools[] = [];
  for (const dir of dirs) {
    if (!tools.every((t) => executable(path.join(dir, t)))) continue;
    const versions = tools.map((t) => toolVersion(path.join(dir, t)));
    if (versions.some((v) => v === null)) continue;
    const major = Math.min(...versions.map((v) => v!.major));
    if (major < serverMajor) {
      tooOld.push(`${dir}（${versions[0]!.version}）`);
      continue;
    }
    usable.push({ dir, major, version: versions[0]!.version, path: (tool) => path.join(dir, tool) });
  }
  const chosen = usable.find((t) => t.major === serverMajor) ?? usable[0];
  if (chosen) return chosen;
  const install = `请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install postgresql-client；版本须不低于服务器的 ${serverMajor}，可用 PostgreSQL 官方软件源的 postgresql-client-${serverMajor}），或用环境变量 PG_BIN 指定其 bin 目录`;
  if (tooOld.length) {
    throw new BackupError(`找到的 ${tools.join('、')} 版本低于数据库服务器的 ${serverMajor}（${tooOld.join('；')}），不能用于该服务器。${install}`);
  }
  throw new BackupError(`${explicit ? `PG_BIN 指定的目录 ${dirs[0]} 中` : ''}未找到 ${tools.join('、')}。${install}`);
}

/**
 * How a client program reaches the database of `url`: the URL without its password as --dbname,
 * the password in PGPASSWORD (a password on the command line would show in every `ps`).
 */
export function connectionFor(url: string): { dbname: string; env: NodeJS.ProcessEnv; label: { host: string; port: string; database: string; user: string } } {
  const u = new URL(url);
  // The password may sit in the URL's user part or in its query (?password=…): neither goes on the command line.
  const password = u.password ? decodeURIComponent(u.password) : (u.searchParams.get('password') ?? '');
  u.password = '';
  u.searchParams.delete('password');
  // Only what the client programs need: not the app's secrets (AUTH_SECRET, S3 keys, DATABASE_URL).
  const passed = Object.entries(process.env).filter(([k]) => /^(PATH|HOME|LANG|LC_\w+|TZ|TMPDIR|PG\w+)$/.test(k));
  const env: NodeJS.ProcessEnv = { ...(Object.fromEntries(passed) as NodeJS.ProcessEnv), PGCLIENTENCODING: 'UTF8', PGAPPNAME: 'keytasks-backup' };
  if (password) env.PGPASSWORD = password;
  // A PGPASSWORD of the caller's environment is kept when the URL has none (e.g. a .pgpass setup).
  return {
    dbname: u.toString(),
    env,
    label: { host: u.hostname || 'localhost', port: u.port || '5432', database: decodeURIComponent(u.pathname.slice(1)), user: decodeURIComponent(u.username) },
  };
}

/** A connection of our own (not the app's pool): a restore tells app instances from itself by application_name. */
export async function connect(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw new BackupError(`无法连接数据库 ${connectionFor(url).label.host}:${connectionFor(url).label.port}/${connectionFor(url).label.database}：${err instanceof Error ? err.message : String(err)}`);
  }
  return client;
}

export async function serverVersion(client: pg.Client): Promise<{ major: number; version: string }> {
  const { rows } = await client.query<{ num: string; v: string }>("select current_setting('server_version_num') as num, current_setting('server_version') as v");
  return { major: Math.floor(Number(rows[0]!.num) / 10000), version: rows[0]!.v.split(' ')[0]! };
}

/** Runs a program to completion; resolves with its exit code and output (stderr kept for messages). */
export function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Every table of the database with its row count, as the manifest keeps them: "name" in public,
 * "schema.name" elsewhere (drizzle.__drizzle_migrations). System schemas and tables that belong to
 * an extension are left out, as pg_dump leaves them out. Run inside the transaction whose snapshot
 * matters.
 */
export const USER_TABLES_SQL = `
  select n.nspname as schema, c.relname as name
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p')
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
    and not exists (select 1 from pg_catalog.pg_depend d where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = c.oid and d.deptype = 'e')
  order by 1, 2`;

export function tableKey(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

export async function pgTableCounts(client: pg.Client | pg.PoolClient): Promise<Record<string, number>> {
  const { rows } = await client.query<{ schema: string; name: string }>(USER_TABLES_SQL);
  const out: Record<string, number> = {};
  for (const { schema, name } of rows) {
    const r = await client.query<{ n: string }>(`select count(*) as n from ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(name)}`);
    out[tableKey(schema, name)] = Number(r.rows[0]!.n);
  }
  return out;
}

/** The attachment files the database refers to (none when it has no attachments table). */
export async function pgReferencedHashes(client: pg.Client | pg.PoolClient): Promise<string[]> {
  const { rows } = await client.query<{ t: string | null }>("select to_regclass('public.attachments')::text as t");
  if (!rows[0]?.t) return [];
  return (await client.query<{ sha256: string }>('select distinct sha256 from public.attachments order by sha256')).rows.map((r) => r.sha256);
}

/** The last lines of a program's error output, for a message. */
export function tail(text: string, lines = 12): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/**
 * What the backup and restore commands work on: DATA_DIR, and DATABASE_URL when it names a
 * PostgreSQL database. On PostgreSQL the app's secrets (AUTH_SECRET…, lib/env.ts) are not needed
 * here, so the environment is not validated as the server's.
 */
export function backupTarget(env: NodeJS.ProcessEnv, parseDataDir: (env: NodeJS.ProcessEnv) => string): { dataDir: string; databaseUrl: string | null } {
  // The backup copies the directory store (DATA_DIR/files); attachments kept elsewhere would all be "missing".
  if (env.ATTACHMENT_STORE && env.ATTACHMENT_STORE !== 'directory') {
    throw new BackupError(`附件存放在 ${env.ATTACHMENT_STORE} 中（ATTACHMENT_STORE）：备份与恢复目前只支持 DATA_DIR/files 目录中的附件，请先用存储服务自身的复制或版本功能备份附件`);
  }
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\/\S+$/i.test(url)) return { dataDir: path.resolve(env.DATA_DIR || './data'), databaseUrl: url };
  return { dataDir: path.resolve(parseDataDir(env)), databaseUrl: null };
}
