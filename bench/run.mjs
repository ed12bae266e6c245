#!/usr/bin/env node
/**
 * `npm run bench`: the performance benchmark, end to end, bounded and self-stopping.
 *
 *  1. Copies the source tree to BENCH_TREE (hard-linked node_modules) and builds it there with
 *     `next build` (skipped when the sources have not changed since the last bench build), so a
 *     shared working tree and its .next are never touched.
 *  2. Setups (BENCH_SETUPS, default district:sqlite,district:postgres:1,province:postgres:1,province:postgres:2): a
 *     scale on an engine with a number of `next start` instances. Each scale is generated once
 *     (bench/generate.ts) and moved into PostgreSQL once (`npm run db:copy`, a private cluster with
 *     its normal durability settings); its setups reuse both. Per setup: the instances and the
 *     floor server (bench/floor.ts, always on the SQLite copy: the same rows) on 127.0.0.1, one
 *     session per role through the real next-auth flow, then for every page: probe, warm-up,
 *     BENCH_RUNS runs at BENCH_RATE req/s over BENCH_CONNECTIONS connections, one closed-loop run
 *     (with several instances each connection is bound to one of them, evenly); the same against
 *     the floor (once per scale); the first view after a write; the save/submit server action; the
 *     month-end submissions (an uncontended baseline, then a burst at a fixed arrival rate) with a
 *     row-by-row check of the database; Lighthouse on /dashboard.
 *  3. First-load JS of every route of the app, from the build manifests.
 *  4. Writes the results, a targets table first, into docs/PERFORMANCE.md (between the bench
 *     markers) and the raw JSON to BENCH_WORK/results-<timestamp>.json.
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
import { interleave, runBurst } from './lib/burst.mjs';
import { openDb } from './lib/db.mjs';
import { lighthouse } from './lib/lighthouse.mjs';
import { clusterCpuMs, groupCpuMs, measure, probe } from './lib/load.mjs';
import { targets, writeReport } from './lib/report.mjs';
import { login } from './lib/session.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const cfg = {
  setups: parseSetups(),
  now: env.BENCH_NOW ?? '2023-12-22T09:30:00+08:00',
  port: Number(env.BENCH_PORT ?? 3400),
  rate: Number(env.BENCH_RATE ?? 20),
  connections: Number(env.BENCH_CONNECTIONS ?? 20),
  durationS: Number(env.BENCH_DURATION ?? 5),
  warmupS: Number(env.BENCH_WARMUP ?? 2),
  runs: Number(env.BENCH_RUNS ?? 3),
  saturationS: Number(env.BENCH_SATURATION ?? 4),
  maxServiceMs: Number(env.BENCH_MAX_SERVICE_MS ?? 500),
  firstViewN: Number(env.BENCH_FIRST_VIEW ?? 10),
  work: path.resolve(env.BENCH_WORK ?? path.join(os.tmpdir(), 'hedong-bench')),
  lighthouse: env.BENCH_LIGHTHOUSE !== '0',
  burst: env.BENCH_BURST !== '0',
  burstRate: Number(env.BENCH_BURST_RATE ?? 5),
  burstBaseline: Number(env.BENCH_BURST_BASELINE ?? 30),
  burstMax: Number(env.BENCH_BURST_MAX ?? 600),
  out: path.resolve(ROOT, env.BENCH_OUT ?? 'docs/PERFORMANCE.md'),
  budgetMin: Number(env.BENCH_BUDGET_MIN ?? 60),
  quietPct: Number(env.BENCH_QUIET_PCT ?? 25),
  quietWaitS: Number(env.BENCH_QUIET_WAIT_S ?? 15),
};
cfg.tree = path.resolve(env.BENCH_TREE ?? path.join(cfg.work, 'tree'));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 60000).toFixed(1)} min`;
const log = (msg) => console.log(`[bench ${elapsed()}] ${msg}`);
const PASSWORD = 'Hedong@2023';

/**
 * BENCH_SETUPS=scale:engine[:instances],… (e.g. district:sqlite,province:postgres:1,province:postgres:2).
 * Shorthands kept from earlier runs: BENCH_SCALES (with BENCH_ENGINE, default sqlite) runs each
 * scale on that engine with one instance.
 */
function parseSetups() {
  let spec = env.BENCH_SETUPS;
  if (!spec && (env.BENCH_SCALES || env.BENCH_ENGINE)) {
    const engine = env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
    spec = (env.BENCH_SCALES ?? 'district,city,province')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => `${s}:${engine}:1`)
      .join(',');
  }
  // The district on both engines, for the engines' ratio on the same rows; the province on
  // PostgreSQL with one and two instances.
  spec ??= 'district:sqlite,district:postgres:1,province:postgres:1,province:postgres:2';
  const setups = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [scale, engine = 'sqlite', n = '1'] = s.split(':');
      const instances = Number(n);
      if (!['district', 'city', 'province'].includes(scale)) throw new Error(`BENCH_SETUPS: unknown scale ${scale}`);
      if (!['sqlite', 'postgres'].includes(engine)) throw new Error(`BENCH_SETUPS: unknown engine ${engine}`);
      if (!Number.isInteger(instances) || instances < 1) throw new Error(`BENCH_SETUPS: ${s}: instances must be a whole number ≥ 1`);
      // Several processes on one SQLite file is not a supported deployment.
      if (engine === 'sqlite' && instances > 1) throw new Error(`BENCH_SETUPS: ${s}: more than one instance needs postgres`);
      return { scale, engine, instances, label: `${scale}:${engine}:${instances}` };
    });
  if (new Set(setups.map((s) => s.label)).size !== setups.length) throw new Error(`BENCH_SETUPS: a setup is listed twice (${spec})`);
  return setups;
}

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
// 2. Data: each scale generated once, moved into PostgreSQL once, shared by the setups that use it.

let cluster = null;
let pgCluster = null;
process.on('exit', () => {
  if (cluster) pgCluster.stopCluster(cluster.dir);
});

// One pair of secrets for the whole run: every instance signs sessions and encrypts action ids
// alike, so a session made on one instance (or in an earlier setup on the same database) is valid
// on every other, as behind a load balancer.
const SECRETS = { AUTH_SECRET: crypto.randomBytes(33).toString('base64url'), NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64') };

const datasets = new Map();

/**
 * A scale's data, generated once. Every setup starts from the same rows: the SQLite app writes
 * to `data-<scale>` (one SQLite setup per scale at most), the floor reads its own copy
 * `floor-<scale>`, and each PostgreSQL setup gets its own database cloned from a template the
 * generated data was moved into before any setup ran — so one setup's submissions (the burst)
 * never show up in the next one's pages.
 */
async function dataset(scale) {
  if (datasets.has(scale)) return datasets.get(scale);
  const dataDir = path.join(cfg.work, `data-${scale}`);
  const floorDir = path.join(cfg.work, `floor-${scale}`);
  const metaFile = path.join(cfg.work, `meta-${scale}.json`);
  log(`${scale}: generating data`);
  const gen = spawnSync(path.join(cfg.tree, 'node_modules/.bin/tsx'), ['bench/generate.ts', '--scale', scale, '--data-dir', dataDir, '--now', cfg.now, '--meta', metaFile], {
    cwd: cfg.tree,
    stdio: 'inherit',
    env: { ...env, TZ: env.TZ ?? 'Asia/Shanghai' },
  });
  if (gen.status !== 0) throw new Error(`generate ${scale} failed`);
  // The floor gets a fresh copy of the generated data in every setup (its save action writes drafts),
  // taken from this untouched one.
  const pristineDir = path.join(cfg.work, `pristine-${scale}`);
  fs.rmSync(pristineDir, { recursive: true, force: true });
  fs.cpSync(dataDir, pristineDir, { recursive: true });
  const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8'));
  const ds = { scale, dataDir, floorDir, pristineDir, meta, pg: null, floorLoad: new Map(), usesLeft: cfg.setups.filter((s) => s.scale === scale).length, clones: 0 };
  datasets.set(scale, ds);
  if (cfg.setups.some((s) => s.scale === scale && s.engine === 'postgres')) await postgresTemplate(ds);
  return ds;
}

/** The scale's data moved into PostgreSQL (`npm run db:copy`), kept as a template nobody connects to. */
async function postgresTemplate(ds) {
  pgCluster ??= await import(path.join(cfg.tree, 'scripts/pg-cluster.mjs'));
  cluster ??= await pgCluster.startCluster({ durable: true });
  const name = `bench_${ds.scale}`;
  const url = await pgCluster.createDatabase(cluster.url, name);
  const t = Date.now();
  const res = spawnSync(path.join(cfg.tree, 'node_modules/.bin/tsx'), ['scripts/db-copy.ts', '--from', ds.dataDir, '--to', url], { cwd: cfg.tree, stdio: 'inherit', env: { ...env, TZ: 'Asia/Shanghai' } });
  if (res.status !== 0) throw new Error(`db:copy into PostgreSQL failed for ${ds.scale}`);
  const db = await openDb({ pgUrl: url });
  // Fresh statistics for the planner, as autovacuum would have by the time a real office logs in
  // (the statistics are copied with the template); frozen, so every clone starts with its visibility
  // map and hint bits set and autovacuum does not set them during the first pages measured.
  await db.run('vacuum (freeze, analyze)');
  await db.close();
  ds.pg = { name, copyMs: Date.now() - t };
  log(`${ds.scale}: moved into PostgreSQL in ${ds.pg.copyMs} ms`);
}

/** A fresh database for one PostgreSQL setup, a file-level copy of the scale's template. */
async function postgresClone(ds) {
  ds.clones += 1;
  const name = `${ds.pg.name}_${ds.clones}`;
  const admin = await openDb({ pgUrl: cluster.url });
  const t = Date.now();
  try {
    await admin.run(`drop database if exists ${name} with (force)`);
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.run(`create database ${name} template ${ds.pg.name}`);
        break;
      } catch (err) {
        // Autovacuum may be visiting the template for a moment.
        if (attempt >= 20 || !/being accessed by other users/.test(err.message)) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await admin.close();
  }
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), cloneMs: Date.now() - t };
}

async function dropDatabase(name) {
  const admin = await openDb({ pgUrl: cluster.url });
  try {
    await admin.run(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.close();
  }
}

/** The draft versions of the save slots, read from the database the writes go to. */
async function versionReader(slots, db) {
  const periods = [...new Set(slots.map((s) => s.periodId))];
  const rows = await db.all(`select task_id as "taskId", period_id as "periodId", unit_id as "unitId", version from reports where period_id in (${periods.map(() => '?').join(', ')})`, periods);
  const byKey = new Map(rows.map((r) => [`${r.taskId}:${r.periodId}:${r.unitId}`, Number(r.version)]));
  const versionOf = (s) => byKey.get(`${s.taskId}:${s.periodId}:${s.unitId}`) ?? 0;
  versionOf.signature = slots.map(versionOf).join(',');
  return versionOf;
}

/**
 * The versions once they stop moving: saves the load generator gave up on at the end of the
 * previous run may still be committing (on PostgreSQL the server answers other requests
 * meanwhile, so the drain does not wait for them); a pool built before they land would conflict.
 */
async function settledVersions(slots, db) {
  let last = await versionReader(slots, db);
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await versionReader(slots, db);
    if (next.signature === last.signature) return next;
    last = next;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// 3. One setup: a scale on an engine with n instances.

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

const median = (xs) => {
  const s = xs.filter((x) => x !== null && x !== undefined).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

/**
 * The first view after a write, per page: `n` times a warm request (timed), then a real write from
 * the bench's own connection, what a month-end submission writes: one report of the measured
 * district's list (a different task each round) updated, which bumps the data generation and notes
 * the task's version (db/generation-triggers.ts: every UPDATE fires them, on both engines, even
 * when no value changes), then the next request (timed: cold). With several instances, round i
 * goes to instance i mod n for all three requests (an untimed one first: each instance caches for
 * itself).
 */
async function firstViewAfterWrite({ urls, headers, db, reportIds, n }) {
  const warm = [];
  const cold = [];
  for (let i = 0; i < n; i++) {
    const url = urls[i % urls.length];
    // Each instance keeps its own cache: after the previous round's write this one has not seen the
    // new generation yet, so one untimed request first makes the timed one really warm.
    await probe(url, headers, 1);
    warm.push((await probe(url, headers, 1)).times[0]);
    await db.run('update reports set updated_at = updated_at where id = ?', [reportIds[i % reportIds.length]]);
    cold.push((await probe(url, headers, 1)).times[0]);
  }
  const w = median(warm);
  const c = median(cold);
  return { n, warmMs: warm, coldMs: cold, warmMedian: w, coldMedian: c, ratio: w ? Math.round((c / w) * 100) / 100 : null };
}

async function runSetup(setup, setupIndex, actionId) {
  const { scale, engine, instances } = setup;
  const rec = { label: setup.label, scale, engine, instances, load: [], firstView: [] };
  const ds = await dataset(scale);
  const { dataDir, meta } = ds;
  rec.meta = { counts: meta.counts, districts: meta.districts, generatedMs: meta.generatedMs, today: meta.today, burstNote: meta.burstNote };
  // Everything this setup starts (a database clone, servers, connections) is stopped in the finally
  // below, also when starting fails half-way, so the next setup finds its ports free.
  let pg = null;
  let apps = [];
  let floor = null;
  let db = null;
  let floorDb = null;
  try {
    pg = engine === 'postgres' ? await postgresClone(ds) : null;
    if (pg) Object.assign(rec, { postgresCopyMs: ds.pg.copyMs, postgresCloneMs: pg.cloneMs });
    fs.rmSync(ds.floorDir, { recursive: true, force: true });
    fs.cpSync(ds.pristineDir, ds.floorDir, { recursive: true });

    // The app's instances on BENCH_PORT, BENCH_PORT+2, +3, …; the floor on BENCH_PORT+1.
    const appPorts = Array.from({ length: instances }, (_, i) => (i === 0 ? cfg.port : cfg.port + 1 + i));
    const floorPort = cfg.port + 1;
    for (const p of [...appPorts, floorPort]) if (!(await portFree(p))) throw new Error(`port ${p} is in use (set BENCH_PORT)`);
    const bases = appPorts.map((p) => `http://127.0.0.1:${p}`);
    const base = bases[0];
    const floorBase = `http://127.0.0.1:${floorPort}`;
    const tag = setup.label.replace(/:/g, '-');
    apps = appPorts.map((port, i) => {
      const serverEnv = { PORT: String(port), DATA_DIR: dataDir, APP_NOW: cfg.now, SCHEDULER: '0', DEMO_MODE: '1', NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', TZ: 'Asia/Shanghai' };
      if (pg) Object.assign(serverEnv, { DATABASE_URL: pg.url, ...SECRETS });
      return startProcess(process.execPath, [path.join(cfg.tree, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
        cwd: cfg.tree,
        env: serverEnv,
        logFile: path.join(cfg.work, `server-${tag}-${i + 1}.log`),
      });
    });
    floor = startProcess(path.join(cfg.tree, 'node_modules/.bin/tsx'), ['bench/floor.ts', '--data-dir', ds.floorDir, '--port', String(floorPort), '--now', cfg.now], {
      cwd: cfg.tree,
      env: { TZ: 'Asia/Shanghai' },
      logFile: path.join(cfg.work, `floor-${tag}.log`),
    });
    // Server CPU: every instance's process group, and on PostgreSQL the database's processes too.
    const postmasterPid = pg ? Number(fs.readFileSync(path.join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) : null;
    const appCpu = () => apps.reduce((a, p) => a + (groupCpuMs(p.pid) ?? 0), 0) + clusterCpuMs(postmasterPid);
    db = await openDb(pg ? { pgUrl: pg.url } : { sqliteFile: path.join(dataDir, 'app.db') });
    floorDb = await openDb({ sqliteFile: path.join(ds.floorDir, 'app.db') });
    rec.startMs = await Promise.all(apps.map((app, i) => waitFor(`${bases[i]}/login`, { child: app })));
    await waitFor(`${floorBase}/health`, { child: floor });
    log(`${setup.label}: servers up (${bases.join(', ')}; floor ${floorBase})`);

    // Sessions, one per role, through the real login (sessions live in the setup's own database).
    const cookies = {};
    const users = [...new Set(['duchashi', 'lingdao', 'fgj', ...meta.submitSlots.map((s) => s.username)])];
    const loginAll = async (names) => {
      const via = new Set();
      for (const u of names) {
        if (cookies[u]) continue;
        const s = await login(base, u, PASSWORD);
        cookies[u] = s.cookie;
        via.add(s.via);
      }
      return [...via];
    };
    let t = Date.now();
    rec.login = { users: users.length, via: await loginAll(users) };
    rec.login.ms = Date.now() - t;

    // Check every page once on every instance: a real 200 page (not the login page), and the floor
    // counts the same items.
    rec.checks = [];
    for (const page of PAGES) {
      const f = await probe(`${floorBase}${page.path}`, { cookie: `bench_user=${page.user}` }, 1);
      for (const [i, b] of bases.entries()) {
        const a = await probe(`${b}${page.path}`, { cookie: cookies[page.user] }, 1);
        const loggedIn = a.status === 200 && !a.body.includes('name="password"');
        if (!loggedIn) throw new Error(`${page.name} did not render for ${page.user} on ${b} (HTTP ${a.status})`);
        if (i > 0) continue;
        const check = {
          page: page.name,
          appStatus: a.status,
          appBytes: Buffer.byteLength(a.body),
          floorBytes: Buffer.byteLength(f.body),
          appCount: countIn(page.count, a.body),
          floorCount: countIn(page.count, f.body),
          loggedIn,
        };
        check.countsAgree = check.appCount === check.floorCount;
        rec.checks.push(check);
      }
    }
    log(`${setup.label}: page checks ${JSON.stringify(rec.checks.map((c) => [c.page, c.appCount, c.floorCount, c.appBytes]))}`);

    // The measured district's current plan: the row the "first view after a write" updates.
    const planId = (await db.get("select p.id from plans p join users u on u.district_id = p.district_id where u.username = 'duchashi' order by p.year desc, p.id desc"))?.id;
    if (!planId) throw new Error('no plan of duchashi’s district');
    // The reports the first view after a write touches, one per round: of as many tasks as rounds.
    const reportIds = (await db.all('select max(id) as id from reports where task_id in (select id from tasks where plan_id = ?) group by task_id order by task_id limit ?', [planId, cfg.firstViewN])).map((r) => r.id);
    if (!reportIds.length) throw new Error('no report in duchashi’s district');

    // Load: each page against the app (split across the instances), then the floor (once per
    // scale: the floor does not change with the app's engine or instances); then the first view
    // after a write of that page.
    for (const page of PAGES) {
      const headers = { cookie: cookies[page.user] };
      // One untimed request per instance puts the app in its steady (cached) state.
      for (const b of bases) await probe(`${b}${page.path}`, headers, 1);
      const app_ = await measure({
        name: page.name,
        urls: bases.map((b) => `${b}${page.path}`),
        headers,
        drainUrls: bases.map((b) => `${b}/login`),
        cpu: appCpu,
        cfg,
        log,
      });
      let floor_ = ds.floorLoad.get(page.name);
      if (!floor_) {
        await probe(`${floorBase}${page.path}`, { cookie: `bench_user=${page.user}` }, 1);
        floor_ = await measure({
          name: `${page.name} (floor)`,
          url: `${floorBase}${page.path}`,
          headers: { cookie: `bench_user=${page.user}` },
          drainUrl: `${floorBase}/health`,
          cpu: () => groupCpuMs(floor.pid),
          cfg,
          log,
        });
        ds.floorLoad.set(page.name, { ...floor_, measuredIn: setup.label });
      }
      rec.load.push({ page: page.name, app: app_, floor: ds.floorLoad.get(page.name) });
      if (cfg.firstViewN > 0) {
        const fv = await firstViewAfterWrite({ urls: bases.map((b) => `${b}${page.path}`), headers, db, reportIds, n: cfg.firstViewN });
        rec.firstView.push({ page: page.name, ...fv });
        log(`  ${page.name} first view after a write: median ${fv.coldMedian} ms cold vs ${fv.warmMedian} ms warm (${fv.ratio}×)`);
      }
    }

    // The save/submit server action (draft saves into the demo reporters' current-month reports).
    const slots = meta.submitSlots;
    const first = slots[0];
    const versionOf = await versionReader(slots, db);
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
      urls: bases.map((b) => `${b}/my/tasks/${first.taskId}`),
      requests: saveApp.requestsFor,
      beforeRun: async () => saveApp.resync(await settledVersions(slots, db)),
      drainUrls: bases.map((b) => `${b}/login`),
      cpu: appCpu,
      cfg,
      log,
    });
    actionApp.actionStats = saveApp.stats;
    if (!ds.floorLoad.has('save action')) {
      // The floor saves into the same slots of its SQLite copy afterwards.
      const saveFloor = draftSaveRequests({ slots, floor: true });
      const actionFloor = await measure({
        name: 'save action (floor)',
        url: `${floorBase}/my/tasks/${first.taskId}`,
        requests: saveFloor.requests,
        beforeRun: async () => saveFloor.resync(await versionReader(slots, floorDb)),
        drainUrl: `${floorBase}/health`,
        cpu: () => groupCpuMs(floor.pid),
        cfg,
        log,
      });
      actionFloor.actionStats = saveFloor.stats;
      ds.floorLoad.set('save action', { ...actionFloor, measuredIn: setup.label });
    }
    rec.load.push({ page: 'save action', app: actionApp, floor: ds.floorLoad.get('save action') });

    // Month-end submissions: uncontended baseline, then the burst at a fixed arrival rate (every
    // setup starts from the generated data, so each has all the burst slots).
    // At most BENCH_BURST_MAX submissions: taken round-robin, the first hundred already come from
    // every reporter, and an open-loop burst the server cannot keep up with only grows its queue.
    const share = interleave(meta.burstSlots ?? []).slice(0, cfg.burstMax);
    // A small share (the district's plan holds few unwritten lead reports) keeps two thirds for the burst.
    const baselineN = Math.min(cfg.burstBaseline, Math.max(5, Math.floor(share.length / 3)));
    if (cfg.burst && share.length >= 10) {
      const burstUsers = [...new Set(share.map((s) => s.username))];
      log(`${setup.label}: burst — logging in ${burstUsers.length} reporters`);
      t = Date.now();
      await loginAll(burstUsers);
      rec.burstLoginMs = Date.now() - t;
      rec.burst = await runBurst({ bases, slots: share.map((s) => ({ ...s })), baselineN, rate: cfg.burstRate, cookies, actionId, db, log });
      rec.burst.note = meta.burstNote;
    } else if (cfg.burst) log(`${setup.label}: burst skipped (only ${share.length} burst slots)`);

    // Lighthouse on the dashboard (one instance: a second one changes nothing for one browser).
    if (cfg.lighthouse && instances === 1) {
      rec.lighthouse = [];
      // Lighthouse scores vary from run to run: the first setup gets three mobile runs (the median
      // is reported) and one desktop run; the others one mobile run each.
      const plan = setupIndex === 0 ? [null, null, null, 'desktop'] : [null];
      // The burst's last submission made the dashboard cold: Lighthouse measures the warm page.
      await probe(`${base}/dashboard`, { cookie: cookies.lingdao }, 1);
      const runs = [];
      for (const [i, preset] of plan.entries()) {
        log(`${setup.label}: lighthouse /dashboard ${preset ?? 'mobile'} (${i + 1}/${plan.length})`);
        runs.push(await lighthouse({ tree: cfg.tree, url: `${base}/dashboard`, cookie: cookies.lingdao, outFile: path.join(cfg.work, `lighthouse-${tag}-${preset ?? 'mobile'}-${i + 1}.json`), preset }));
      }
      for (const preset of [...new Set(plan)]) {
        const same = runs.filter((r, i) => plan[i] === preset && !r.error).sort((a, b) => a.performance - b.performance);
        if (!same.length) {
          rec.lighthouse.push(runs[plan.indexOf(preset)]);
          continue;
        }
        const mid = same[Math.floor((same.length - 1) / 2)];
        rec.lighthouse.push({ ...mid, runs: same.length, performanceRange: [same[0].performance, same.at(-1).performance] });
      }
    }
  } finally {
    for (const app of apps) await stopProcess(app);
    if (floor) await stopProcess(floor);
    await db?.close();
    await floorDb?.close();
    if (pg && env.BENCH_KEEP_DATA !== '1') await dropDatabase(pg.name);
    ds.usesLeft -= 1;
    if (ds.usesLeft === 0 && env.BENCH_KEEP_DATA !== '1') {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(ds.floorDir, { recursive: true, force: true });
      fs.rmSync(ds.pristineDir, { recursive: true, force: true });
      if (ds.pg) await dropDatabase(ds.pg.name);
    }
  }
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
  // Sessions and Lighthouse need Chromium: installed here too, a bench may be a machine's first run.
  execFileSync('bash', [path.join(ROOT, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  const results = { date: new Date().toISOString(), command: `${Object.entries(env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${v}`).join(' ')} npm run bench`.trim(), cfg, machine: machine(), setups: [] };
  log(`machine: ${results.machine.nproc} cores, ${results.machine.cpu}, node ${results.machine.node}, load ${results.machine.loadavg.join(' ')}`);
  log(`setups: ${cfg.setups.map((s) => s.label).join(', ')}`);
  results.build = prepareTree();
  results.js = firstLoadJs(cfg.tree);
  const actionId = findActionId(cfg.tree);
  for (const [i, setup] of cfg.setups.entries()) {
    const budgetLeft = cfg.budgetMin - (Date.now() - started) / 60000;
    if (budgetLeft < 2) {
      log(`${setup.label}: skipped, the ${cfg.budgetMin}-minute budget is spent`);
      results.setups.push({ ...setup, skipped: `time budget (${cfg.budgetMin} min) spent` });
      continue;
    }
    const loadBefore = os.loadavg();
    const t = Date.now();
    let rec;
    try {
      rec = await runSetup(setup, i, actionId);
    } catch (err) {
      // One failed setup (a page that does not render, a server that does not start) does not
      // cost the others; the report names the failure.
      console.error(err);
      log(`${setup.label}: failed: ${err.message}`);
      rec = { ...setup, skipped: `failed: ${err.message}` };
    }
    rec.minutes = Math.round((Date.now() - t) / 6000) / 10;
    rec.loadavg = { before: loadBefore.map((x) => Math.round(x * 100) / 100), after: os.loadavg().map((x) => Math.round(x * 100) / 100) };
    results.setups.push(rec);
    fs.writeFileSync(path.join(cfg.work, 'results-partial.json'), JSON.stringify(results, null, 1));
  }
  results.totalMin = Math.round((Date.now() - started) / 6000) / 10;
  results.targets = targets(results);
  const file = path.join(cfg.work, `results-${results.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 1));
  writeReport(cfg.out, results, file);
  log(`done in ${results.totalMin} min; results in ${file}; report in ${path.relative(ROOT, cfg.out)}`);
  for (const tg of results.targets) log(`  ${tg.met === null ? '–' : tg.met ? '✓' : '✗'} ${tg.target}: ${tg.worst}`);
}

main().catch((err) => {
  console.error(err);
  stopAll();
  process.exit(1);
});
