#!/usr/bin/env node
/**
 * `npm run bench`: the performance benchmark, end to end, bounded and self-stopping.
 *
 *  1. Copies the source tree to BENCH_TREE (hard-linked node_modules) and builds it there with
 *     `next build` (skipped when the sources have not changed since the last bench build), so a
 *     shared working tree and its .next are never touched.
 *  2. Per scale (BENCH_SCALES=district,city,province): generates a fresh data directory
 *     (bench/generate.ts), starts `next start` and the floor server (bench/floor.ts) on
 *     127.0.0.1, logs in one session per role through the real next-auth flow, then for every
 *     page: probe, warm-up, BENCH_RUNS runs at BENCH_RATE req/s over BENCH_CONNECTIONS
 *     connections, one closed-loop run; the same against the floor; the save/submit server action;
 *     the month-end burst with a row-by-row check of the database; Lighthouse on /dashboard.
 *  3. First-load JS per route from the build manifests.
 *  4. Writes the results into docs/PERFORMANCE.md (between the bench markers) and the raw JSON to
 *     BENCH_WORK/results-<timestamp>.json.
 *
 * BENCH_ENGINE=postgres runs the app on PostgreSQL instead: a private cluster (scripts/pg-cluster.mjs,
 * with its normal durability settings), into which each scale's generated data is moved with
 * `npm run db:copy`; the floor keeps reading the SQLite copy (the same rows). The month-end burst
 * checks SQLite rows and is skipped there. CPU per request counts the app's processes only.
 *
 * Traffic goes to 127.0.0.1 only.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { actionBody, actionHeaders, draftSaveRequests, findActionId, parseResult, reportInput } from './lib/action.mjs';
import { firstLoadJs } from './lib/bundle.mjs';
import { runBurst } from './lib/burst.mjs';
import { lighthouse } from './lib/lighthouse.mjs';
import { groupCpuMs, measure, probe } from './lib/load.mjs';
import { writeReport } from './lib/report.mjs';
import { login } from './lib/session.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const cfg = {
  scales: (env.BENCH_SCALES ?? 'district,city,province').split(',').map((s) => s.trim()).filter(Boolean),
  now: env.BENCH_NOW ?? '2023-12-22T09:30:00+08:00',
  port: Number(env.BENCH_PORT ?? 3400),
  rate: Number(env.BENCH_RATE ?? 20),
  connections: Number(env.BENCH_CONNECTIONS ?? 20),
  durationS: Number(env.BENCH_DURATION ?? 5),
  warmupS: Number(env.BENCH_WARMUP ?? 2),
  runs: Number(env.BENCH_RUNS ?? 3),
  saturationS: Number(env.BENCH_SATURATION ?? 4),
  maxServiceMs: Number(env.BENCH_MAX_SERVICE_MS ?? 500),
  work: path.resolve(env.BENCH_WORK ?? path.join(os.tmpdir(), 'hedong-bench')),
  lighthouse: env.BENCH_LIGHTHOUSE !== '0',
  burst: env.BENCH_BURST !== '0',
  out: path.resolve(ROOT, env.BENCH_OUT ?? 'docs/PERFORMANCE.md'),
  budgetMin: Number(env.BENCH_BUDGET_MIN ?? 30),
  quietPct: Number(env.BENCH_QUIET_PCT ?? 25),
  quietWaitS: Number(env.BENCH_QUIET_WAIT_S ?? 15),
  engine: env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'sqlite',
};
cfg.tree = path.resolve(env.BENCH_TREE ?? path.join(cfg.work, 'tree'));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 60000).toFixed(1)} min`;
const log = (msg) => console.log(`[bench ${elapsed()}] ${msg}`);
const PASSWORD = 'Hedong@2023';

// Processes this run started, stopped on any exit.
const children = new Set();
function stopAll() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  children.clear();
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });
}

function startProcess(cmd, args, { cwd, env: extra, logFile }) {
  const out = fs.openSync(logFile, 'w');
  const child = spawn(cmd, args, { cwd, env: { ...env, ...extra }, stdio: ['ignore', out, out], detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function stopProcess(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

async function waitFor(url, { timeoutMs = 180_000, child } = {}) {
  const t = Date.now();
  while (Date.now() - t < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`${url}: server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer();
      if (res.status < 500) return Date.now() - t;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------------------------------------
// 1. The build, in a copy of the tree.

const SOURCES = ['app', 'components', 'lib', 'db', 'bench', 'scripts', 'public', 'proxy.ts', 'middleware.ts', 'instrumentation.ts', 'next.config.js', 'next.config.ts', 'postcss.config.mjs', 'tsconfig.json', 'package.json', 'package-lock.json'];

function fingerprint() {
  const hash = crypto.createHash('sha256');
  const walk = (p) => {
    if (!fs.existsSync(p)) return;
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    } else hash.update(`${path.relative(ROOT, p)}:${st.size}:${st.mtimeMs}\n`);
  };
  for (const s of SOURCES) walk(path.join(ROOT, s));
  return hash.digest('hex');
}

function prepareTree() {
  if (env.BENCH_USE_TREE === '1') {
    // A tree prepared by hand (e.g. with some files reverted, for a before/after comparison).
    if (!fs.existsSync(path.join(cfg.tree, '.next/BUILD_ID'))) {
      const res = spawnSync(path.join(cfg.tree, 'node_modules/.bin/next'), ['build'], { cwd: cfg.tree, env: { ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: 'inherit' });
      if (res.status !== 0) throw new Error('next build failed');
    }
    log(`build: using the prepared tree ${cfg.tree} as it is`);
    return { built: false, ms: 0, prepared: true };
  }
  const fp = fingerprint();
  const stamp = path.join(cfg.tree, '.bench-fingerprint');
  const built = fs.existsSync(path.join(cfg.tree, '.next/BUILD_ID')) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fp;
  if (built && env.BENCH_FORCE_BUILD !== '1') {
    log(`build: reusing ${cfg.tree} (sources unchanged)`);
    return { built: false, ms: 0 };
  }
  log(`build: copying the tree to ${cfg.tree}`);
  fs.rmSync(cfg.tree, { recursive: true, force: true });
  fs.mkdirSync(cfg.tree, { recursive: true });
  execFileSync('bash', ['-c', `tar --exclude=./node_modules --exclude=./.next --exclude=./data --exclude=./test-results --exclude=./playwright-report -cf - . | tar -xf - -C "${cfg.tree}"`], { cwd: ROOT, stdio: 'inherit' });
  // Turbopack refuses a symlinked node_modules; hard links are cheap.
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(cfg.tree, 'node_modules')]);
  log('build: next build (in the copy)');
  const t = Date.now();
  const res = spawnSync(path.join(cfg.tree, 'node_modules/.bin/next'), ['build'], { cwd: cfg.tree, env: { ...env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  fs.writeFileSync(path.join(cfg.work, 'build.log'), `${res.stdout}\n${res.stderr}`);
  if (res.status !== 0) throw new Error(`next build failed (see ${path.join(cfg.work, 'build.log')})`);
  fs.writeFileSync(stamp, fp);
  return { built: true, ms: Date.now() - t };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (BENCH_ENGINE=postgres): one private cluster for the run, one database per scale.

let cluster = null;
let pgCluster = null;
process.on('exit', () => {
  if (cluster) pgCluster.stopCluster(cluster.dir);
});

async function postgresFor(scale, dataDir) {
  pgCluster ??= await import(path.join(cfg.tree, 'scripts/pg-cluster.mjs'));
  cluster ??= await pgCluster.startCluster({ durable: true });
  const url = await pgCluster.createDatabase(cluster.url, `bench_${scale}`);
  const t = Date.now();
  const res = spawnSync(path.join(cfg.tree, 'node_modules/.bin/tsx'), ['scripts/db-copy.ts', '--from', dataDir, '--to', url], { cwd: cfg.tree, stdio: 'inherit', env: { ...env, TZ: 'Asia/Shanghai' } });
  if (res.status !== 0) throw new Error(`db:copy into PostgreSQL failed for ${scale}`);
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Fresh statistics for the planner, as autovacuum would have by the time a real office logs in.
  await client.query('analyze');
  return { url, copyMs: Date.now() - t, client };
}

/** The draft versions of the save slots, read from whichever engine the app writes to. */
async function versionReader(slots, { sqlite, pgClient }) {
  if (!pgClient) {
    const stmt = sqlite.prepare('select version from reports where task_id = ? and period_id = ? and unit_id = ?');
    return (s) => stmt.get(s.taskId, s.periodId, s.unitId)?.version ?? 0;
  }
  const { rows } = await pgClient.query('select task_id, period_id, unit_id, version from reports where period_id = any($1::int[])', [[...new Set(slots.map((s) => s.periodId))]]);
  const byKey = new Map(rows.map((r) => [`${r.task_id}:${r.period_id}:${r.unit_id}`, r.version]));
  return (s) => byKey.get(`${s.taskId}:${s.periodId}:${s.unitId}`) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// 2. One scale.

const PAGES = [
  { name: '/tasks', path: '/tasks', user: 'duchashi', count: /共 (\d+) 项任务/ },
  { name: '/my', path: '/my', user: 'fgj', count: /牵头任务 (?:<span[^>]*>)?(\d+) 项/ },
  { name: '/review', path: '/review', user: 'duchashi', count: /共 (\d+) 份/ },
  { name: '/overdue', path: '/overdue', user: 'duchashi', count: /共 (\d+) 项逾期/ },
  { name: '/dashboard', path: '/dashboard', user: 'lingdao', count: /滞后任务 <span[^>]*>(\d+) 项/ },
  { name: '/tasks/40', path: '/tasks/40', user: 'duchashi', count: null },
];

function countIn(re, html) {
  if (!re) return null;
  const m = re.exec(html.replace(/<!-- -->/g, ''));
  return m ? Number(m[1]) : null;
}

async function runScale(scale, actionId) {
  const rec = { scale, engine: cfg.engine, load: [] };
  const dataDir = path.join(cfg.work, `data-${scale}`);
  const metaFile = path.join(cfg.work, `meta-${scale}.json`);
  log(`${scale}: generating data`);
  const gen = spawnSync(path.join(cfg.tree, 'node_modules/.bin/tsx'), ['bench/generate.ts', '--scale', scale, '--data-dir', dataDir, '--now', cfg.now, '--meta', metaFile], {
    cwd: cfg.tree,
    stdio: 'inherit',
    env: { ...env, TZ: env.TZ ?? 'Asia/Shanghai' },
  });
  if (gen.status !== 0) throw new Error(`generate ${scale} failed`);
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  rec.meta = { counts: meta.counts, generatedMs: meta.generatedMs, today: meta.today, burstNote: meta.burstNote };

  const appPort = cfg.port;
  const floorPort = cfg.port + 1;
  for (const p of [appPort, floorPort]) if (!(await portFree(p))) throw new Error(`port ${p} is in use (set BENCH_PORT)`);
  const base = `http://127.0.0.1:${appPort}`;
  const floorBase = `http://127.0.0.1:${floorPort}`;
  const serverEnv = { PORT: String(appPort), DATA_DIR: dataDir, APP_NOW: cfg.now, SCHEDULER: '0', DEMO_MODE: '1', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', TZ: 'Asia/Shanghai' };
  const postgres = cfg.engine === 'postgres' ? await postgresFor(scale, dataDir) : null;
  if (postgres) {
    log(`${scale}: moved into PostgreSQL in ${postgres.copyMs} ms`);
    rec.postgresCopyMs = postgres.copyMs;
    Object.assign(serverEnv, { DATABASE_URL: postgres.url, AUTH_SECRET: crypto.randomBytes(33).toString('base64url'), NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64') });
  }
  const app = startProcess(process.execPath, [path.join(cfg.tree, 'node_modules/next/dist/bin/next'), 'start', '-p', String(appPort), '-H', '127.0.0.1'], {
    cwd: cfg.tree,
    env: serverEnv,
    logFile: path.join(cfg.work, `server-${scale}.log`),
  });
  const floor = startProcess(path.join(cfg.tree, 'node_modules/.bin/tsx'), ['bench/floor.ts', '--data-dir', dataDir, '--port', String(floorPort), '--now', cfg.now], {
    cwd: cfg.tree,
    env: { TZ: 'Asia/Shanghai' },
    logFile: path.join(cfg.work, `floor-${scale}.log`),
  });
  try {
    rec.startMs = await waitFor(`${base}/login`, { child: app });
    await waitFor(`${floorBase}/health`, { child: floor });
    log(`${scale}: servers up (${base}, floor ${floorBase})`);

    // Sessions, one per role, through the real login.
    const users = [...new Set(['duchashi', 'lingdao', 'fgj', ...meta.submitSlots.map((s) => s.username)])];
    const cookies = {};
    const loginVia = new Set();
    let t = Date.now();
    for (const u of users) {
      const s = await login(base, u, PASSWORD);
      cookies[u] = s.cookie;
      loginVia.add(s.via);
    }
    rec.login = { users: users.length, ms: Date.now() - t, via: [...loginVia] };

    // Check every page once: a real 200 page (not the login page), and the floor counts the same items.
    rec.checks = [];
    // A harmless write from another connection before each page's first request, so that request is
    // a cold one: both servers drop their cached results. It must change a row: an UPDATE that sets
    // a column to its own value does not move SQLite's data_version (what builds before the
    // data_generation counter keyed their caches on), so earlier runs' "first" requests of those
    // builds were warm. A setting nobody reads gets a new value instead.
    const { default: Database } = await import('better-sqlite3');
    const writer = new Database(path.join(dataDir, 'app.db'));
    writer.pragma('busy_timeout = 5000');
    const bumpSqlite = writer.prepare(
      `insert into settings (key, value, updated_at) values ('bench-write', ?, ?)
       on conflict(key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    );
    let writes = 0;
    const bump = async () => {
      writes += 1;
      bumpSqlite.run(String(writes), Date.now());
      if (postgres) {
        await postgres.client.query(
          `insert into settings (key, value, updated_at) values ('bench-write', $1, now())
           on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
          [String(writes)],
        );
      }
    };
    for (const page of PAGES) {
      await bump();
      const a = await probe(`${base}${page.path}`, { cookie: cookies[page.user] }, 1);
      const f = await probe(`${floorBase}${page.path}`, { cookie: `bench_user=${page.user}` }, 1);
      const check = {
        page: page.name,
        appStatus: a.status,
        // The very first request: nothing cached yet — what the first view after any write costs.
        appFirstMs: a.times[0],
        floorFirstMs: f.times[0],
        appBytes: Buffer.byteLength(a.body),
        floorBytes: Buffer.byteLength(f.body),
        appCount: countIn(page.count, a.body),
        floorCount: countIn(page.count, f.body),
        loggedIn: a.status === 200 && !a.body.includes('name="password"'),
      };
      check.countsAgree = check.appCount === check.floorCount;
      rec.checks.push(check);
      if (!check.loggedIn) throw new Error(`${page.name} did not render for ${page.user} (HTTP ${a.status})`);
    }
    writer.close();
    log(`${scale}: page checks ${JSON.stringify(rec.checks.map((c) => [c.page, c.appCount, c.floorCount, c.appBytes]))}`);

    // Load: each page against the app, then against the floor. The checks above left the caches
    // cold (their writes); one untimed request per page puts both servers in their steady state,
    // which is what the load runs measure.
    for (const page of PAGES) {
      await probe(`${base}${page.path}`, { cookie: cookies[page.user] }, 1);
      await probe(`${floorBase}${page.path}`, { cookie: `bench_user=${page.user}` }, 1);
      const app_ = await measure({
        name: page.name,
        url: `${base}${page.path}`,
        headers: { cookie: cookies[page.user] },
        drainUrl: `${base}/login`,
        cpu: () => groupCpuMs(app.pid),
        cfg,
        log,
      });
      const floor_ = await measure({
        name: `${page.name} (floor)`,
        url: `${floorBase}${page.path}`,
        headers: { cookie: `bench_user=${page.user}` },
        drainUrl: `${floorBase}/health`,
        cpu: () => groupCpuMs(floor.pid),
        cfg,
        log,
      });
      rec.load.push({ page: page.name, app: app_, floor: floor_ });
    }

    // The save/submit server action (draft saves into the demo reporters' current-month reports).
    const slots = meta.submitSlots;
    const versions = new Database(path.join(dataDir, 'app.db'), { readonly: true });
    const versionOf = await versionReader(slots, { sqlite: versions, pgClient: postgres?.client });
    const first = slots[0];
    const sanity = await fetch(`${base}/my/tasks/${first.taskId}`, {
      method: 'POST',
      headers: actionHeaders({ base, cookie: cookies[first.username], actionId, taskId: first.taskId }),
      body: actionBody(reportInput(first, versionOf(first), 0), 'save'),
    });
    const sanityResult = parseResult(await sanity.text());
    rec.actionCheck = { status: sanity.status, result: sanityResult };
    if (!sanityResult.ok) throw new Error(`the save action did not work: ${JSON.stringify(sanityResult)}`);
    const saveApp = draftSaveRequests({ slots, cookies, actionId, base });
    const actionApp = await measure({
      name: 'save action',
      url: `${base}/my/tasks/${first.taskId}`,
      requests: saveApp.requests,
      beforeRun: async () => saveApp.resync(await versionReader(slots, { sqlite: versions, pgClient: postgres?.client })),
      drainUrl: `${base}/login`,
      cpu: () => groupCpuMs(app.pid),
      cfg,
      log,
    });
    actionApp.actionStats = saveApp.stats;
    // The floor saves into the same slots afterwards.
    const saveFloor = draftSaveRequests({ slots, floor: true });
    const actionFloor = await measure({
      name: 'save action (floor)',
      url: `${floorBase}/my/tasks/${first.taskId}`,
      requests: saveFloor.requests,
      beforeRun: async () => saveFloor.resync(await versionReader(slots, { sqlite: versions })),
      drainUrl: `${floorBase}/health`,
      cpu: () => groupCpuMs(floor.pid),
      cfg,
      log,
    });
    actionFloor.actionStats = saveFloor.stats;
    versions.close();
    rec.load.push({ page: 'save action', app: actionApp, floor: actionFloor });

    // Month-end burst.
    if (cfg.burst && postgres) log(`${scale}: burst skipped (its row check reads SQLite)`);
    else if (cfg.burst && meta.burstSlots.length) {
      log(`${scale}: burst — logging in ${meta.burstUsers.length} reporters`);
      t = Date.now();
      for (const u of meta.burstUsers) cookies[u] = (await login(base, u, PASSWORD)).cookie;
      rec.burstLoginMs = Date.now() - t;
      rec.burst = await runBurst({ base, slots: meta.burstSlots, cookies, actionId, dbFile: path.join(dataDir, 'app.db'), log });
      rec.burst.note = meta.burstNote;
    }

    // Lighthouse on the dashboard.
    if (cfg.lighthouse) {
      rec.lighthouse = [];
      // Lighthouse scores vary from run to run: the first scale gets three mobile runs (the median
      // is reported) and one desktop run; the larger scales one mobile run each.
      const plan = scale === cfg.scales[0] ? [null, null, null, 'desktop'] : [null];
      const runs = [];
      for (const [i, preset] of plan.entries()) {
        log(`${scale}: lighthouse /dashboard ${preset ?? 'mobile'} (${i + 1}/${plan.length})`);
        runs.push(await lighthouse({ tree: cfg.tree, url: `${base}/dashboard`, cookie: cookies.lingdao, outFile: path.join(cfg.work, `lighthouse-${scale}-${preset ?? 'mobile'}-${i + 1}.json`), preset }));
      }
      for (const preset of [...new Set(plan)]) {
        const same = runs.filter((r, i) => plan[i] === preset && !r.error).sort((a, b) => a.performance - b.performance);
        if (!same.length) {
          rec.lighthouse.push(runs[plan.indexOf(preset)]);
          continue;
        }
        const median = same[Math.floor((same.length - 1) / 2)];
        rec.lighthouse.push({ ...median, runs: same.length, performanceRange: [same[0].performance, same.at(-1).performance] });
      }
    }
  } finally {
    await stopProcess(app);
    await stopProcess(floor);
    if (postgres) await postgres.client.end();
  }
  if (env.BENCH_KEEP_DATA !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
  return rec;
}

// ---------------------------------------------------------------------------------------------

function machine() {
  const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
  const sh = (cmd) => {
    try {
      return execFileSync('bash', ['-c', cmd], { encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    nproc: sh('nproc'),
    free: sh('free -h'),
    node: process.version,
    cpu,
    kernel: os.release(),
    chromium: sh('/usr/bin/chromium --version'),
    commit: sh(`git -C "${ROOT}" rev-parse --short HEAD`),
    dirty: sh(`git -C "${ROOT}" status --porcelain | wc -l`),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function main() {
  fs.mkdirSync(cfg.work, { recursive: true });
  const results = { date: new Date().toISOString(), command: `${Object.entries(env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${v}`).join(' ')} npm run bench`.trim(), cfg, machine: machine(), scales: [] };
  log(`machine: ${results.machine.nproc} cores, ${results.machine.cpu}, node ${results.machine.node}, load ${results.machine.loadavg.join(' ')}`);
  results.build = prepareTree();
  results.js = firstLoadJs(cfg.tree, ['/tasks', '/my', '/review', '/overdue', '/dashboard', '/tasks/[id]', '/my/tasks/[id]', '/notices', '/assessment', '/login']);
  const actionId = findActionId(cfg.tree);
  for (const scale of cfg.scales) {
    const budgetLeft = cfg.budgetMin - (Date.now() - started) / 60000;
    if (budgetLeft < 2) {
      log(`${scale}: skipped, the ${cfg.budgetMin}-minute budget is spent`);
      results.scales.push({ scale, skipped: `time budget (${cfg.budgetMin} min) spent` });
      continue;
    }
    const loadBefore = os.loadavg();
    const rec = await runScale(scale, actionId);
    rec.loadavg = { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: os.loadavg().map((x) => Math.round(x * 100) / 100) };
    results.scales.push(rec);
    fs.writeFileSync(path.join(cfg.work, 'results-partial.json'), JSON.stringify(results, null, 1));
  }
  results.totalMin = Math.round((Date.now() - started) / 6000) / 10;
  const file = path.join(cfg.work, `results-${results.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 1));
  writeReport(cfg.out, results, file);
  log(`done in ${results.totalMin} min; results in ${file}; report in ${path.relative(ROOT, cfg.out)}`);
}

main().catch((err) => {
  console.error(err);
  stopAll();
  process.exit(1);
});
