#!/usr/bin/env node
/**
 * Crash test (run by `npm test` after the build; `npm run test:crash` on its own, after `next build`):
 *
 *   1. start the real server (`node scripts/start.mjs`, SKIP_BUILD=1) on its own DATA_DIR and PORT;
 *   2. log in several demo reporters through next-auth's own endpoints;
 *   3. send 300 concurrent attachment uploads (POST /api/attachments: multipart, same-origin, a
 *      session cookie; each upload writes a file and a row in one IMMEDIATE transaction);
 *   4. `kill -9` the whole server process group in the middle;
 *   5. start it again on the same data, and check: every upload that got a success response is
 *      there (row, file bytes, and a download through the server), PRAGMA integrity_check is ok,
 *      no attachment file without a row, no temporary file;
 *   6. back up with `npm run backup` while uploads go on, stop the server, restore into a fresh
 *      data directory with `npm run restore`, and compare row counts and files with the manifest.
 *
 * Builds nothing. Exits non-zero with a report on any failure; bounded by a global time limit.
 * Options (environment): CRASH_PORT (default: a free port in 3500–3599), CRASH_UPLOADS (300),
 * CRASH_KEEP=1 keeps the temporary data directory.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { filePath, freePort, login, makePdf, portRange, root, serverHarness, sha256, sleep, spreadUploads, storeFiles, tail, upload, verifyAcknowledged } from './lib/server-harness.mjs';

process.chdir(root);
// This test inspects the SQLite file; the PostgreSQL variant is scripts/instances-crash-test.mjs.
delete process.env.DATABASE_URL;
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

const UPLOADS = Number(process.env.CRASH_UPLOADS ?? 300);
const KILL_AFTER_ACKS = Math.max(1, Math.floor(UPLOADS / 3));
const TIME_LIMIT_MS = 170_000;
const REPORTERS = ['fgj', 'gxj', 'sthj', 'kjj', 'fgj_head'];

const startedAt = Date.now();
const failures = [];
const report = [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-crash-'));
const dataDir = path.join(work, 'data');
const { servers, startServer: startIn, killServer, waitReady } = serverHarness(work);

const say = (line) => console.log(`[崩溃测试] ${line}`);
const check = (ok, message) => {
  if (!ok) failures.push(message);
  return ok;
};
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

const watchdog = setTimeout(() => {
  console.error(`[崩溃测试] 超时（${TIME_LIMIT_MS / 1000} 秒），中止`);
  finish(1, 'timeout');
}, TIME_LIMIT_MS);

const startServer = (label, port, dir) => startIn(label, { DATA_DIR: dir, PORT: String(port) });

// ---------------------------------------------------------------------------------------------
// Database and file-store inspection (a separate read connection, as any operator tool would)

function inspect(dir) {
  const db = new Database(path.join(dir, 'app.db'), { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const fkProblems = db.pragma('foreign_key_check').length;
    const rows = db.prepare('select id, sha256, size from attachments').all();
    return { integrity, fkProblems, rows, byId: new Map(rows.map((r) => [r.id, r])) };
  } finally {
    db.close();
  }
}

function orphansOf(dir, rows) {
  const referenced = new Set(rows.map((r) => r.sha256));
  const { hashes, temps } = storeFiles(dir);
  return { orphans: hashes.filter((h) => !referenced.has(h)), temps, missing: [...referenced].filter((h) => !fs.existsSync(filePath(dir, h))) };
}

/** Each reporter's led tasks with the November period of the task's own list. */
function uploadTargets(dir) {
  const db = new Database(path.join(dir, 'app.db'), { readonly: true, fileMustExist: true });
  try {
    const out = [];
    for (const username of REPORTERS) {
      const unitId = db.prepare('select unit_id from users where username = ?').pluck().get(username);
      const targets = db
        .prepare(
          `select tu.task_id as taskId, rp.id as periodId from task_units tu
             join tasks t on t.id = tu.task_id
             join reporting_periods rp on rp.plan_id = t.plan_id and rp.month = '2023-11'
           where tu.unit_id = ? and tu.role = 'lead' order by tu.task_id`,
        )
        .all(unitId);
      out.push({ username, unitId, targets });
    }
    return out;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(path.join(root, '.next', 'BUILD_ID'))) throw new Error('没有找到构建结果（.next/BUILD_ID），请先运行 npx next build');
  const port = await freePort(process.env.CRASH_PORT ? [Number(process.env.CRASH_PORT)] : portRange(3500));
  const base = `http://localhost:${port}`;
  say(`数据目录 ${dataDir}，端口 ${port}，上传 ${UPLOADS} 个，在第 ${KILL_AFTER_ACKS} 个成功响应后 kill -9`);

  // 1–2. Start, log in.
  let server = startServer('1', port, dataDir);
  await waitReady(server, base);
  say(`服务已启动（${elapsed()}）`);
  const people = uploadTargets(dataDir);
  const cookies = new Map();
  for (const p of people) cookies.set(p.username, await login(base, p.username));
  say(`已登录 ${[...cookies.keys()].join('、')}（${elapsed()}）`);

  // Spread the uploads over every report the reporters' units lead (at most 20 attachments each).
  const slots = spreadUploads(people, UPLOADS);
  if (!check(slots.length === UPLOADS, `只能安排 ${slots.length} 个上传目标（需要 ${UPLOADS} 个）`)) throw new Error('上传目标不足');

  // 3–4. Concurrent uploads; kill -9 the server group in the middle.
  const outcomes = [];
  let acked = 0;
  let killedAt = null;
  const t0 = Date.now();
  const requests = slots.map(async (slot, i) => {
    const bytes = makePdf(i);
    const outcome = { i, username: slot.username, sha256: sha256(bytes), size: bytes.length, kind: 'pending' };
    outcomes.push(outcome);
    try {
      const { status, body } = await upload(base, cookies.get(slot.username), slot.target, i, bytes);
      if (status === 200 && body.ok) {
        outcome.kind = 'acked';
        outcome.id = body.attachment.id;
        acked += 1;
        if (acked === KILL_AFTER_ACKS && killedAt === null) {
          killedAt = -1;
          // A random moment shortly after: the server is somewhere inside later uploads.
          setTimeout(() => {
            killedAt = Date.now() - t0;
            process.kill(-server.pgid, 'SIGKILL');
          }, crypto.randomInt(40));
        }
      } else {
        outcome.kind = 'refused';
        outcome.error = `${status} ${body.error}`;
      }
    } catch (err) {
      outcome.kind = 'lost'; // connection cut by the kill: the client cannot know whether it was saved
      outcome.error = String(err?.cause?.code ?? err?.message ?? err);
    }
  });
  await Promise.all(requests);
  if (killedAt === null) {
    killedAt = Date.now() - t0;
    process.kill(-server.pgid, 'SIGKILL');
  }
  await killServer(server, 'SIGKILL');
  const ackedList = outcomes.filter((o) => o.kind === 'acked');
  const refused = outcomes.filter((o) => o.kind === 'refused');
  const lost = outcomes.filter((o) => o.kind === 'lost');
  say(`kill -9 于第 ${killedAt} 毫秒：成功响应 ${ackedList.length}，被拒绝 ${refused.length}，连接中断 ${lost.length}（${elapsed()}）`);
  for (const r of refused.slice(0, 5)) say(`  被拒绝示例：#${r.i} ${r.error}`);
  check(refused.every((r) => !/SQLITE|Error:|at /.test(r.error)), '有请求收到了内部错误信息');
  check(ackedList.length >= KILL_AFTER_ACKS, `成功响应只有 ${ackedList.length} 个`);
  check(lost.length > 0, '杀进程时没有正在进行的请求（kill 未发生在中途）');

  // State on disk right after the crash, before anything repairs it.
  const crashed = inspect(dataDir);
  const crashedStore = orphansOf(dataDir, crashed.rows);
  say(`崩溃后、重启前：附件行 ${crashed.rows.length}，无记录的文件 ${crashedStore.orphans.length}，临时文件 ${crashedStore.temps.length}，完整性 ${crashed.integrity}`);
  // What a kill between "file renamed into place" and "row committed" leaves (the window is a few
  // milliseconds, so a random kill rarely lands in it): one such file and one half-written
  // temporary file, planted so the restart's clean-up is exercised on every run.
  const planted = makePdf(99_999);
  const plantedHash = sha256(planted);
  fs.mkdirSync(path.dirname(filePath(dataDir, plantedHash)), { recursive: true });
  fs.writeFileSync(filePath(dataDir, plantedHash), planted);
  fs.writeFileSync(`${filePath(dataDir, plantedHash)}.4242.deadbeef.tmp`, planted.subarray(0, 1000));
  say('另放入 1 个无记录的附件文件和 1 个半截临时文件（模拟在“文件已落盘、记录未提交”时被杀）');

  // 5. Restart on the same data and verify.
  server = startServer('2', port, dataDir);
  await waitReady(server, base);
  say(`重启完成（${elapsed()}）`);
  for (const line of fs.readFileSync(server.log, 'utf8').split('\n')) if (line.includes('已清理')) say(`  服务日志：${line.trim()}`);
  check(!fs.existsSync(filePath(dataDir, plantedHash)), '重启后放入的无记录文件仍在');
  const after = inspect(dataDir);
  const store = orphansOf(dataDir, after.rows);
  // Every acknowledged file is stored, and the server itself hands it back, byte for byte.
  const { missing: missingAcks, badDownloads } = await verifyAcknowledged(ackedList, { dataDir, rowsById: after.byId, base, cookies });
  const present = ackedList.length - missingAcks.length;
  const downloaded = ackedList.length - badDownloads.length;
  const inFlightSaved = lost.filter((o) => after.rows.some((r) => r.sha256 === o.sha256)).length;
  say(`重启后：成功响应 ${ackedList.length} 个，找到 ${present} 个，经服务下载校验一致 ${downloaded} 个`);
  say(`重启后：integrity_check = ${after.integrity}，外键问题 ${after.fkProblems}，无记录的附件文件 ${store.orphans.length}，临时文件 ${store.temps.length}，缺文件的记录 ${store.missing.length}`);
  say(`（连接中断的 ${lost.length} 个中有 ${inFlightSaved} 个已提交——客户端未获确认，允许存在）`);
  check(present === ackedList.length, `有 ${missingAcks.length} 个已确认的上传在重启后不见了：${missingAcks.slice(0, 20).join(', ')}`);
  check(downloaded === ackedList.length, `有 ${badDownloads.length} 个已确认的附件无法经服务下载：${badDownloads.slice(0, 20).join(', ')}`);
  check(after.integrity === 'ok', `integrity_check: ${after.integrity}`);
  check(after.fkProblems === 0, `foreign_key_check 发现 ${after.fkProblems} 处问题`);
  check(store.orphans.length === 0, `有 ${store.orphans.length} 个附件文件没有对应记录`);
  check(store.temps.length === 0, `有 ${store.temps.length} 个临时文件残留`);
  check(store.missing.length === 0, `有 ${store.missing.length} 条附件记录缺少文件`);
  report.push({ phase: 'crash', uploads: UPLOADS, killedAtMs: killedAt, acked: ackedList.length, refused: refused.length, lost: lost.length, foundAfterRestart: present, downloadedOk: downloaded, inFlightCommitted: inFlightSaved, orphansBeforeRestart: crashedStore.orphans.length, tempsBeforeRestart: crashedStore.temps.length, orphansAfterRestart: store.orphans.length, tempsAfterRestart: store.temps.length, integrity: after.integrity });

  // 6. Backup while uploads go on, then restore elsewhere and compare.
  const backupDir = path.join(work, 'backup');
  const allTargets = people.flatMap((p) => p.targets.map((t) => ({ username: p.username, target: t })));
  let backupRunning = false;
  let backupDone = false;
  let liveAcked = 0;
  let ackedDuringBackup = 0;
  let next = 0;
  // Four streams of uploads that keep going until the backup has finished.
  const liveUploads = Array.from({ length: 4 }, async () => {
    while (!backupDone && next < 400) {
      const k = next++;
      const slot = allTargets[k % allTargets.length];
      const { status, body } = await upload(base, cookies.get(slot.username), slot.target, 10_000 + k, makePdf(10_000 + k));
      if (status === 200 && body.ok) {
        liveAcked += 1;
        if (backupRunning) ackedDuringBackup += 1;
      }
    }
  });
  await sleep(100);
  const beforeBackup = inspect(dataDir).rows.length;
  backupRunning = true;
  const backup = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/backup.ts', '--to', backupDir], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let backupOut = '';
  backup.stdout.on('data', (d) => (backupOut += d));
  backup.stderr.on('data', (d) => (backupOut += d));
  const backupCode = await new Promise((r) => backup.on('exit', r));
  backupRunning = false;
  backupDone = true;
  await Promise.all(liveUploads);
  say(`备份：退出码 ${backupCode}；备份进程运行期间确认的上传 ${ackedDuringBackup} 个（本阶段共 ${liveAcked} 个）`);
  check(ackedDuringBackup > 0, '备份期间没有并发写入（测试未覆盖在线备份）');
  for (const line of backupOut.trim().split('\n')) if (line.includes('[备份]')) say(`  ${line}`);
  check(backupCode === 0, `npm run backup 失败：\n${backupOut}`);
  await killServer(server, 'SIGTERM');

  if (backupCode === 0) {
    const manifest = JSON.parse(fs.readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    const final = inspect(dataDir);
    const restoredDir = path.join(work, 'restored');
    const restore = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['scripts/restore.ts', backupDir], { cwd: root, env: { ...process.env, DATA_DIR: restoredDir }, encoding: 'utf8' });
    for (const line of `${restore.stdout}${restore.stderr}`.trim().split('\n')) if (line.includes('[恢复]')) say(`  ${line}`);
    check(restore.status === 0, `npm run restore 失败（退出码 ${restore.status}）`);
    if (restore.status === 0) {
      const restored = inspect(restoredDir);
      const db = new Database(path.join(restoredDir, 'app.db'), { readonly: true });
      const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all();
      const counts = Object.fromEntries(tables.map((t) => [t, db.prepare(`select count(*) from "${t}"`).pluck().get()]));
      db.close();
      const files = storeFiles(restoredDir);
      const expected = manifest.files.entries.map((e) => e.sha256).sort();
      const countsEqual = JSON.stringify(counts) === JSON.stringify(manifest.database.tables);
      say(
        `恢复后：附件行 ${counts.attachments}（备份开始前 ${beforeBackup}，备份快照 ${manifest.database.tables.attachments}，源库最终 ${final.rows.length}），` +
          `文件 ${files.hashes.length}（清单 ${manifest.files.count}），各表行数与清单${countsEqual ? '一致' : '不一致'}，integrity_check = ${restored.integrity}`,
      );
      check(countsEqual, '恢复后的行数与备份清单不一致');
      check(restored.integrity === 'ok', `恢复后的 integrity_check: ${restored.integrity}`);
      check(JSON.stringify(files.hashes.sort()) === JSON.stringify(expected), '恢复后的附件文件与清单不一致');
      check(files.temps.length === 0, '恢复后有临时文件');
      check(orphansOf(restoredDir, restored.rows).missing.length === 0, '恢复后有记录缺少文件');
      check(manifest.database.tables.attachments >= beforeBackup && manifest.database.tables.attachments <= final.rows.length, '备份的附件数不在备份开始与结束之间');
      report.push({ phase: 'backup', liveUploadsAcked: liveAcked, ackedDuringBackup, attachmentsBeforeBackup: beforeBackup, backupAttachments: manifest.database.tables.attachments, sourceFinal: final.rows.length, restoredAttachments: counts.attachments, restoredFiles: files.hashes.length, countsEqual, integrity: restored.integrity });
    }
  }
}

async function finish(code, reason) {
  clearTimeout(watchdog);
  for (const s of [...servers]) await killServer(s, 'SIGKILL');
  if (reason) failures.push(reason);
  const failed = code !== 0 || failures.length > 0;
  if (report.length) console.log(`[崩溃测试] 结果 ${JSON.stringify(report)}`);
  if (failed) {
    console.error(`[崩溃测试] 失败（${elapsed()}）：\n  - ${failures.join('\n  - ')}`);
    console.error(`[崩溃测试] 数据与服务日志保留在 ${work}`);
    for (const log of fs.readdirSync(work).filter((f) => f.endsWith('.log'))) console.error(`--- ${log}\n${tail(path.join(work, log))}`);
  } else {
    say(`通过（${elapsed()}）`);
    if (process.env.CRASH_KEEP !== '1') fs.rmSync(work, { recursive: true, force: true });
    else say(`数据保留在 ${work}`);
  }
  process.exit(failed ? 1 : 0);
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(1, `收到 ${signal}`));
main().then(
  () => finish(0),
  (err) => finish(1, err instanceof Error ? err.message : String(err)),
);
