#!/usr/bin/env node
/**
 * Two instances on one PostgreSQL, one killed (run by `npm test` after the build, with
 * DATABASE_URL naming an empty database):
 *
 *   1. start instances A and B together on the same database and attachment directory (their
 *      first-start seed runs once: they prepare one after the other under an advisory lock);
 *   2. log in demo reporters through A (the session is the database's: valid on B too);
 *   3. send concurrent uploads alternately to A and B; `kill -9` A's process group in the middle;
 *   4. B keeps serving: every upload sent to B succeeds, during and after the kill;
 *   5. every upload that got a success response (from A or B) is in the database with its file,
 *      and B hands each back byte for byte;
 *   6. A restarts while B serves; afterwards no attachment file lacks its row and no temporary
 *      file is left.
 *
 * Builds nothing. Exits non-zero with a report on any failure; bounded by a global time limit.
 * Options (environment): DATABASE_URL (required), INSTANCES_UPLOADS (200), INSTANCES_KEEP=1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { filePath, freePort, login, makePdf, portRange, root, serverHarness, sha256, spreadUploads, storeFiles, tail, upload, verifyAcknowledged } from './lib/server-harness.mjs';

process.chdir(root);
const DATABASE_URL = process.env.DATABASE_URL;
const UPLOADS = Number(process.env.INSTANCES_UPLOADS ?? 200);
const KILL_AFTER_ACKS = Math.max(1, Math.floor(UPLOADS / 4));
const AFTER_KILL = 20;
const TIME_LIMIT_MS = 180_000;
const REPORTERS = ['fgj', 'gxj', 'sthj', 'kjj', 'fgj_head'];

const startedAt = Date.now();
const failures = [];
const report = {};
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-instances-'));
const dataDir = path.join(work, 'data');
const { servers, startServer, killServer, waitReady } = serverHarness(work);

const say = (line) => console.log(`[双实例测试] ${line}`);
const check = (ok, message) => {
  if (!ok) failures.push(message);
  return ok;
};
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

const watchdog = setTimeout(() => {
  console.error(`[双实例测试] 超时（${TIME_LIMIT_MS / 1000} 秒），中止`);
  finish(1, 'timeout');
}, TIME_LIMIT_MS);

const instanceEnv = (port) => ({
  DATABASE_URL,
  DATA_DIR: dataDir,
  PORT: String(port),
  AUTH_SECRET: 'instances-crash-test-auth-secret-not-for-production-0123',
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
});

async function sql(text, params = []) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Each reporter's led tasks with the November period of the task's own list. */
async function uploadTargets() {
  const out = [];
  for (const username of REPORTERS) {
    const [user] = await sql('select unit_id from users where username = $1', [username]);
    const targets = await sql(
      `select tu.task_id as "taskId", rp.id as "periodId" from task_units tu
         join tasks t on t.id = tu.task_id
         join reporting_periods rp on rp.plan_id = t.plan_id and rp.month = '2023-11'
       where tu.unit_id = $1 and tu.role = 'lead' order by tu.task_id`,
      [user.unit_id],
    );
    out.push({ username, unitId: user.unit_id, targets });
  }
  return out;
}

async function main() {
  if (!DATABASE_URL) throw new Error('DATABASE_URL 未设置（需要一个空的 PostgreSQL 数据库）');
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('没有找到构建结果（.next/BUILD_ID），请先运行 npx next build');
  const portA = await freePort(portRange(3600));
  const portB = await freePort(portRange(3700));
  const A = `http://localhost:${portA}`;
  const B = `http://localhost:${portB}`;
  say(`实例 A ${A}，实例 B ${B}，共享附件目录 ${dataDir}；上传 ${UPLOADS} 个，第 ${KILL_AFTER_ACKS} 个成功响应后 kill -9 实例 A`);

  // 1. Both start at once on the empty database.
  let serverA = startServer('A1', instanceEnv(portA));
  const serverB = startServer('B', instanceEnv(portB));
  await Promise.all([waitReady(serverA, A), waitReady(serverB, B)]);
  say(`两个实例均已启动（${elapsed()}）`);
  const plans = await sql('select code, count(*)::int as n from plans group by code');
  const users = await sql("select count(*)::int as n from users where username = 'kjj'");
  check(plans.length > 0 && plans.every((p) => p.n === 1), `同时首次启动后清单重复或缺失：${JSON.stringify(plans)}`);
  check(users[0]?.n === 1, '演示账户重复或缺失');
  report.plans = plans.length;

  // 2. Sessions made through A.
  const people = await uploadTargets();
  const cookies = new Map();
  for (const p of people) cookies.set(p.username, await login(A, p.username));
  const onB = await fetch(`${B}/api/auth/session`, { headers: { cookie: cookies.get('fgj') } }).then((r) => r.json());
  check(onB?.user?.name !== undefined, '在实例 A 登录的会话在实例 B 上无效');

  // 3–4. Uploads alternately to A and B; kill -9 A in the middle.
  const slots = spreadUploads(people, UPLOADS + AFTER_KILL);
  if (!check(slots.length === UPLOADS + AFTER_KILL, `只能安排 ${slots.length} 个上传目标`)) throw new Error('上传目标不足');
  const outcomes = [];
  let acked = 0;
  let killed = false;
  const send = async (slot, i, instance) => {
    const base = instance === 'A' ? A : B;
    const bytes = makePdf(i);
    const outcome = { i, instance, username: slot.username, sha256: sha256(bytes), size: bytes.length, kind: 'pending', afterKill: killed };
    outcomes.push(outcome);
    try {
      const { status, body } = await upload(base, cookies.get(slot.username), slot.target, i, bytes);
      if (status === 200 && body.ok) {
        outcome.kind = 'acked';
        outcome.id = body.attachment.id;
        acked += 1;
        if (acked === KILL_AFTER_ACKS && !killed) {
          setTimeout(() => {
            killed = true;
            process.kill(-serverA.pgid, 'SIGKILL');
          }, crypto.randomInt(40));
        }
      } else {
        outcome.kind = 'refused';
        outcome.error = `${status} ${body.error}`;
      }
    } catch (err) {
      outcome.kind = 'lost';
      outcome.error = String(err?.cause?.code ?? err?.message ?? err);
    }
  };
  await Promise.all(slots.slice(0, UPLOADS).map((slot, i) => send(slot, i, i % 2 === 0 ? 'A' : 'B')));
  if (!killed) {
    killed = true;
    process.kill(-serverA.pgid, 'SIGKILL');
  }
  await killServer(serverA, 'SIGKILL');
  // After the kill, the balancer sends everything to B.
  await Promise.all(slots.slice(UPLOADS).map((slot, k) => send(slot, UPLOADS + k, 'B')));

  const of = (instance, kind) => outcomes.filter((o) => o.instance === instance && o.kind === kind);
  const ackedAll = outcomes.filter((o) => o.kind === 'acked');
  say(
    `A：成功 ${of('A', 'acked').length}，拒绝 ${of('A', 'refused').length}，连接中断 ${of('A', 'lost').length}；` +
      `B：成功 ${of('B', 'acked').length}，拒绝 ${of('B', 'refused').length}，连接中断 ${of('B', 'lost').length}（${elapsed()}）`,
  );
  for (const r of outcomes.filter((o) => o.kind === 'refused').slice(0, 5)) say(`  被拒绝示例：#${r.i}（${r.instance}）${r.error}`);
  check(of('A', 'lost').length > 0, 'kill -9 时实例 A 没有正在进行的请求');
  check(of('B', 'refused').length === 0 && of('B', 'lost').length === 0, `实例 B 在 A 被杀期间未能继续服务：${of('B', 'refused').length + of('B', 'lost').length} 个请求失败`);

  // 5. Every acknowledged upload is stored, and B serves it.
  const rows = await sql('select id, sha256, size from attachments');
  const byId = new Map(rows.map((r) => [r.id, r]));
  const { missing, badDownloads } = await verifyAcknowledged(ackedAll, { dataDir, rowsById: byId, base: B, cookies, label: (o) => `#${o.i}（${o.instance}）` });
  say(`成功响应 ${ackedAll.length} 个：库中缺失 ${missing.length} 个，经实例 B 下载不一致 ${badDownloads.length} 个`);
  check(missing.length === 0, `已确认的上传丢失：${missing.slice(0, 20).join('、')}`);
  check(badDownloads.length === 0, `已确认的附件无法经实例 B 下载：${badDownloads.slice(0, 20).join('、')}`);

  // 6. A comes back while B serves; its start-up sweep clears what the kill left.
  serverA = startServer('A2', instanceEnv(portA));
  await waitReady(serverA, A);
  say(`实例 A 已重启（${elapsed()}）`);
  for (const line of fs.readFileSync(serverA.log, 'utf8').split('\n')) if (line.includes('已清理')) say(`  实例 A 日志：${line.trim()}`);
  const after = await sql('select sha256 from attachments');
  const referenced = new Set(after.map((r) => r.sha256));
  const store = storeFiles(dataDir);
  const orphans = store.hashes.filter((h) => !referenced.has(h));
  const lostFiles = [...referenced].filter((h) => !fs.existsSync(filePath(dataDir, h)));
  say(`重启后：附件行 ${after.length}，无记录的文件 ${orphans.length}，临时文件 ${store.temps.length}，缺文件的记录 ${lostFiles.length}`);
  check(orphans.length === 0, `有 ${orphans.length} 个附件文件没有对应记录`);
  check(store.temps.length === 0, `有 ${store.temps.length} 个临时文件残留`);
  check(lostFiles.length === 0, `有 ${lostFiles.length} 条附件记录缺少文件`);
  const stillB = await fetch(`${B}/api/auth/session`, { headers: { cookie: cookies.get('kjj') } }).then((r) => r.json());
  check(stillB?.user?.name !== undefined, '实例 A 重启后实例 B 的会话失效');
  Object.assign(report, {
    uploads: UPLOADS + AFTER_KILL,
    acked: ackedAll.length,
    ackedByA: of('A', 'acked').length,
    ackedByB: of('B', 'acked').length,
    lostOnA: of('A', 'lost').length,
    failedOnB: of('B', 'refused').length + of('B', 'lost').length,
    missingAfterKill: missing.length,
    orphansAfterRestart: orphans.length,
    tempsAfterRestart: store.temps.length,
  });
}

async function finish(code, reason) {
  clearTimeout(watchdog);
  for (const s of [...servers]) await killServer(s, 'SIGKILL');
  if (reason) failures.push(reason);
  const failed = code !== 0 || failures.length > 0;
  console.log(`[双实例测试] 结果 ${JSON.stringify(report)}`);
  if (failed) {
    console.error(`[双实例测试] 失败（${elapsed()}）：\n  - ${failures.join('\n  - ')}`);
    console.error(`[双实例测试] 数据与服务日志保留在 ${work}`);
    for (const log of fs.readdirSync(work).filter((f) => f.endsWith('.log'))) console.error(`--- ${log}\n${tail(path.join(work, log))}`);
  } else {
    say(`通过（${elapsed()}）`);
    if (process.env.INSTANCES_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(1, `收到 ${signal}`));
main().then(
  () => finish(0),
  (err) => finish(1, err instanceof Error ? err.message : String(err)),
);
