#!/usr/bin/env node
/**
 * `npm start`: everything a fresh machine needs, in order —
 * build the app if the build is missing or older than the sources, prepare the data directory
 * (secret, database, migrations, first-start seed), then serve on PORT — with Next's own server
 * behind scripts/app-server.mjs, which sets the client's address (see there), not `next start`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseHops, serveNext } from './app-server.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const SOURCES = ['app', 'components', 'lib', 'db', 'proxy.ts', 'next.config.js', 'postcss.config.mjs', 'tsconfig.json', 'package-lock.json'];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function run(cmd, args, label) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`[启动] ${label}失败（退出码 ${result.status}）`);
    process.exit(result.status ?? 1);
  }
}

const buildId = path.join(root, '.next', 'BUILD_ID');
const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
// SKIP_BUILD=1: the caller built just before (npm test), don't second-guess it.
if ((builtAt < sourcesAt && process.env.SKIP_BUILD !== '1') || process.env.FORCE_BUILD === '1' || !builtAt) {
  console.log(builtAt ? '[启动] 源代码有更新，正在重新构建…' : '[启动] 首次启动，正在构建应用（约需 1–2 分钟）…');
  run(bin('next'), ['build'], '构建');
}

run(bin('tsx'), ['scripts/setup-data.ts'], '准备数据');

const port = Number(process.env.PORT || '3000');
let hops;
try {
  hops = parseHops(process.env.TRUST_PROXY_HOPS);
} catch (err) {
  console.error(`[启动] ${err.message}`);
  process.exit(1);
}
process.env.NEXT_TELEMETRY_DISABLED = '1';
try {
  await serveNext({ dir: root, port, hops });
} catch (err) {
  console.error('[启动] 服务启动失败', err);
  process.exit(1);
}
console.log(`[启动] 服务地址：http://localhost:${port}${hops ? `（信任前面 ${hops} 层反向代理提供的客户端地址）` : ''}`);
