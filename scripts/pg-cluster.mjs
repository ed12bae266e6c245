#!/usr/bin/env node
/**
 * A private PostgreSQL for the tests: a throw-away cluster in a temporary directory, run as a
 * non-root user, listening on 127.0.0.1 only. Installs Debian's postgresql where it is missing
 * (root only). Used by scripts/test.sh and the vitest global setup; also by hand:
 *
 *   node scripts/pg-cluster.mjs start                 → prints PG_ADMIN_URL=… and PGCLUSTER_DIR=…, leaves it running
 *   node scripts/pg-cluster.mjs createdb ADMIN_URL NAME → a new empty database; prints its URL
 *   node scripts/pg-cluster.mjs stop DIR
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const isRoot = process.getuid?.() === 0;
const RUN_AS = 'postgres';

function findBinDir() {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => /^\d+$/.test(v) && Number(v) >= 15 && fs.existsSync(path.join(base, v, 'bin/initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : null;
}

function ensureInstalled() {
  let bin = findBinDir();
  if (bin) return bin;
  if (!isRoot) throw new Error('未找到 PostgreSQL（15 或更新版本）：请先安装 postgresql（apt-get install -y postgresql）');
  console.error('[pg] 未找到 PostgreSQL，正在安装 Debian 的 postgresql…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  bin = findBinDir();
  if (!bin) throw new Error('安装 postgresql 后仍未找到 initdb');
  return bin;
}

/** Runs a PostgreSQL tool as the unprivileged user when we are root (initdb refuses root). */
function asUser(bin, tool, args) {
  const cmd = path.join(bin, tool);
  const res = isRoot ? spawnSync('runuser', ['-u', RUN_AS, '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${tool} 失败：${res.stderr || res.stdout}`);
  return res.stdout;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Tests trade durability for speed (fsync off); `durable: true` keeps PostgreSQL's defaults, for
 * the benchmark's comparison with SQLite (which syncs its WAL).
 */
export async function startCluster({ durable = false } = {}) {
  const bin = ensureInstalled();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-pg-'));
  const data = path.join(dir, 'data');
  const sockets = path.join(dir, 'sock');
  fs.mkdirSync(sockets);
  if (isRoot) execFileSync('chown', ['-R', `${RUN_AS}:`, dir]);
  // C collation: strings sort by code point, as SQLite's BINARY does.
  asUser(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'app', '--no-locale', '-E', 'UTF8']);
  const port = await freePort();
  const speed = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  asUser(bin, 'pg_ctl', ['-D', data, '-w', '-l', path.join(dir, 'server.log'), '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${sockets}${speed}`, 'start']);
  return { dir, port, url: `postgres://app@127.0.0.1:${port}/postgres` };
}

/** A new empty database (dropped first if it exists) on the cluster at adminUrl; returns its URL. */
export async function createDatabase(adminUrl, name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`数据库名不合法：${name}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function stopCluster(dir) {
  const bin = findBinDir();
  if (bin && fs.existsSync(path.join(dir, 'data'))) {
    try {
      asUser(bin, 'pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'immediate', 'stop']);
    } catch {
      // Already stopped.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (command === 'start') {
    const c = await startCluster();
    console.log(`PG_ADMIN_URL=${c.url}`);
    console.log(`PGCLUSTER_DIR=${c.dir}`);
  } else if (command === 'createdb' && dir && process.argv[4]) {
    console.log(await createDatabase(dir, process.argv[4]));
  } else if (command === 'stop' && dir) {
    stopCluster(dir);
  } else {
    console.error('用法：node scripts/pg-cluster.mjs start | createdb ADMIN_URL NAME | stop DIR');
    process.exit(2);
  }
}
