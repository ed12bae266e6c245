/**
 * Load generation with autocannon: a sequential probe, a warm-up, N runs at a fixed request rate
 * (pass/fail) and one closed-loop run (capacity). Latency percentiles come from autocannon's own
 * HDR histogram (coordinated-omission corrected at a fixed rate); p95 is read from it directly.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';

const require = createRequire(import.meta.url);
const { decodeHist } = require('autocannon/lib/histUtil.js');

const round = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

/** Reads percentiles off merged autocannon histograms and sums the counters of the runs. */
function summarize(runs, durationS, wallS) {
  const hists = runs.map((r) => decodeHist(r.latencies)).filter(Boolean);
  const hist = hists[0];
  for (const h of hists.slice(1)) hist.add(h);
  const count = hist ? hist.totalCount : 0;
  const at = (p) => (count ? hist.getValueAtPercentile(p) : null);
  const sum = (k) => runs.reduce((a, r) => a + r[k], 0);
  const out = {
    requests: sum('totalCompletedRequests'),
    sent: sum('totalRequests'),
    durationS: round(wallS, 2),
    rps: round(sum('totalCompletedRequests') / durationS, 1),
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: count ? hist.maxValue : null,
    mean: count ? round(hist.mean, 1) : null,
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
    bytes: sum('totalBytes'),
  };
  for (const h of hists) h.destroy?.();
  return out;
}

/**
 * The requests of one target: `requests` may be a function of the target URL (the server action
 * names its instance in Origin/Referer, so each instance gets its own).
 */
const requestsOf = (requests, url) => (typeof requests === 'function' ? requests(url) : requests);

/**
 * One closed-loop autocannon run; returns the figures we report. With several `urls` (instances
 * behind an imaginary balancer) the connections are split evenly, each connection bound to one
 * instance, and the histograms merged.
 */
export async function cannon({ urls, url, connections, duration, requests, ...opts }) {
  const targets = urls ?? [url];
  const runs = await Promise.all(
    targets.map((u, i) => {
      const share = Math.floor(connections / targets.length) + (i < connections % targets.length ? 1 : 0);
      const r = requestsOf(requests, u);
      return autocannon({ timeout: 10, ...opts, url: u, connections: Math.max(1, share), duration, ...(r ? { requests: r } : {}), skipAggregateResult: true });
    }),
  );
  return summarize(runs, Math.max(...runs.map((r) => r.duration)), Math.max(...runs.map((r) => r.duration)));
}

/**
 * A fixed request rate with evenly spaced arrivals. autocannon's own rate limit lets every
 * connection send its quota at the start of each second, so 20 connections at 20 req/s arrive as
 * one burst of 20 per second. Here each connection is its own autocannon instance at
 * rate/connections req/s, started 1000/rate ms after the previous one: one request every 50 ms at
 * 20 req/s, over 20 connections. Their latency histograms (coordinated-omission corrected) are
 * merged.
 */
export async function pacedCannon({ rate, connections, duration, urls, url, requests, ...opts }) {
  const perConnection = rate / connections;
  if (!Number.isInteger(perConnection) || perConnection < 1) throw new Error(`rate ${rate} must be a whole multiple of connections ${connections}`);
  const targets = urls ?? [url];
  const gap = 1000 / rate;
  const runs = await Promise.all(
    Array.from({ length: connections }, (_, i) => {
      // Connection i talks to instance i mod n: the load is split evenly.
      const u = targets[i % targets.length];
      const r = requestsOf(requests, u);
      return new Promise((resolve) => setTimeout(resolve, i * gap)).then(() =>
        autocannon({ timeout: 10, ...opts, url: u, ...(r ? { requests: r } : {}), connections: 1, connectionRate: perConnection, duration, ignoreCoordinatedOmission: true, skipAggregateResult: true }),
      );
    }),
  );
  return summarize(runs, duration, duration + ((connections - 1) * gap) / 1000);
}

/** Sequential requests with fetch: the single-request latency with nobody else waiting. */
export async function probe(url, headers, n = 3, init = {}, stopAfterMs = Infinity) {
  const times = [];
  let status = 0;
  let body = '';
  for (let i = 0; i < n; i++) {
    // A very slow page is timed once: more samples would only spend the time budget.
    if (times.length && times[0] > stopAfterMs) break;
    const t = performance.now();
    const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(180_000), ...init });
    body = await res.text();
    status = res.status;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { status, body, times: times.map((t) => round(t, 1)), median: round(times[Math.floor(times.length / 2)], 1) };
}

/**
 * Waits until the server has worked off requests a load generator gave up on (a server keeps
 * rendering after the client hung up): a cheap request must come back fast again.
 */
export async function drain(url, headers, { fastMs = 100, limitMs = 240_000 } = {}) {
  const start = Date.now();
  while (Date.now() - start < limitMs) {
    const t = performance.now();
    try {
      const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(limitMs) });
      await res.arrayBuffer();
    } catch {
      /* keep waiting */
    }
    if (performance.now() - t < fastMs) return Date.now() - start;
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - start;
}

const median = (xs) => {
  const s = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : null;
};

const TICK_MS = 1000 / 100; // USER_HZ on Linux

/**
 * Every live process as [pid, its /proc/<pid>/stat fields after the command name]: fields[0] is the
 * state, [1] ppid, [2] pgrp, [11] utime, [12] stime, [13] cutime, [14] cstime (in ticks).
 */
function* processStats() {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited
    }
    yield [Number(entry), stat.slice(stat.lastIndexOf(')') + 2).split(' ')];
  }
}

/**
 * CPU time (user + system, ms) used so far by every process in a process group: the server under
 * test. Per request, it does not depend on what else the (shared) machine is doing.
 */
export function groupCpuMs(pgid) {
  if (!pgid) return null;
  let total = 0;
  for (const [, f] of processStats()) if (Number(f[2]) === pgid) total += (Number(f[11]) + Number(f[12])) * TICK_MS;
  return total;
}

/**
 * CPU time (ms) used so far by a PostgreSQL cluster: the postmaster, its live children (each
 * backend is its own process group, so groupCpuMs cannot find them) and the children it has
 * already reaped (cutime/cstime). Added to the app's CPU on PostgreSQL, so that the app is not
 * credited with free database work against the floor, which does its SQL in its own process.
 */
export function clusterCpuMs(postmasterPid) {
  if (!postmasterPid) return 0;
  let total = 0;
  for (const [pid, f] of processStats()) {
    if (pid === postmasterPid) total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
    else if (Number(f[1]) === postmasterPid) total += (Number(f[11]) + Number(f[12])) * TICK_MS;
  }
  return total;
}

/** CPU time (ms) the whole machine has been busy (all cores; /proc/stat minus idle and iowait). */
export function machineBusyMs() {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = f;
  return (user + nice + system + irq + softirq + (steal ?? 0)) * 10;
}

const cores = os.cpus().length;
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Runs fn (a load run plus the drain after it) and adds the server's CPU time per request sent,
 * and how busy the machine was with other people's work meanwhile (% of all cores, not counting
 * the server under test and this load generator).
 */
async function timed(cpu, fn) {
  const before = { server: cpu(), busy: machineBusyMs(), own: ownCpuMs(), wall: Date.now() };
  const r = await fn();
  const after = { server: cpu(), busy: machineBusyMs(), own: ownCpuMs(), wall: Date.now() };
  if (before.server !== null && after.server !== null && r.sent > 0) r.cpuMsPerRequest = round((after.server - before.server) / r.sent, 2);
  const foreign = after.busy - before.busy - (after.own - before.own) - (before.server === null ? 0 : after.server - before.server);
  r.otherLoadPct = round(Math.max(0, (100 * foreign) / ((after.wall - before.wall) * cores)), 0);
  return r;
}

/** Waits (up to maxS) until other processes use less than `pct` % of the machine over one second. */
export async function waitForQuiet({ cpu = () => null, pct = 25, maxS = 20 } = {}) {
  const start = Date.now();
  let last = null;
  while (Date.now() - start < maxS * 1000) {
    const r = await timed(cpu, async () => {
      await new Promise((res) => setTimeout(res, 1000));
      return { sent: 0 };
    });
    last = r.otherLoadPct;
    if (last < pct) break;
  }
  return { waitedMs: Date.now() - start, otherLoadPct: last };
}

/**
 * The whole measurement of one endpoint: `url`, or `urls` (one per instance; the load is split
 * evenly across them). `requests` (an autocannon requests array, or a function of the instance URL
 * returning one) replaces the plain GET, for the action. `drainUrls`: a cheap page per instance.
 */
export async function measure({ name, url, urls, headers = {}, requests, method, body, probeInit, beforeRun = () => {}, drainUrl, drainUrls, drainHeaders, cfg, log, cpu = () => null }) {
  const targets = urls ?? [url];
  const drains = drainUrls ?? [drainUrl];
  const drainAll = async () => {
    let ms = 0;
    for (const d of drains) ms += await drain(d, drainHeaders);
    return ms;
  };
  const rec = { name, url: targets[0], instances: targets.length };
  // Probe: is the page fast enough to put under load at all?
  if (!requests) {
    const c0 = cpu();
    const p = await probe(targets[0], headers, 3, {}, cfg.maxServiceMs);
    const c1 = cpu();
    rec.probe = { status: p.status, times: p.times, median: p.median, bytes: Buffer.byteLength(p.body), cpuMsPerRequest: c0 === null ? null : round((c1 - c0) / p.times.length, 1) };
    if (p.status !== 200) {
      rec.skipped = `probe returned HTTP ${p.status}`;
      return rec;
    }
    if (p.median > cfg.maxServiceMs) {
      rec.skipped = `a single request takes ${p.median} ms (> ${cfg.maxServiceMs} ms): ${cfg.connections} connections at ${cfg.rate} req/s would only queue`;
      return rec;
    }
  } else if (probeInit) {
    const p = await probeInit();
    rec.probe = p;
  }
  rec.quiet = await waitForQuiet({ cpu, pct: cfg.quietPct, maxS: cfg.quietWaitS });
  const base = { urls: targets, headers, connections: cfg.connections, ...(requests ? { requests } : {}), ...(method ? { method } : {}), ...(body ? { body } : {}) };
  await beforeRun();
  await cannon({ ...base, duration: cfg.warmupS });
  rec.drainMs = [await drainAll()];
  rec.runs = [];
  for (let i = 0; i < cfg.runs; i++) {
    await beforeRun();
    const r = await timed(cpu, async () => {
      const x = await pacedCannon({ ...base, duration: cfg.durationS, rate: cfg.rate });
      rec.drainMs.push(await drainAll());
      return x;
    });
    rec.runs.push(r);
    log?.(`  ${name} run ${i + 1}: p50 ${r.p50} p95 ${r.p95} p99 ${r.p99} ms, ${r.rps} req/s, errors ${r.errors + r.timeouts + r.non2xx}`);
  }
  rec.fixed = {
    p50: median(rec.runs.map((r) => r.p50)),
    p95: median(rec.runs.map((r) => r.p95)),
    p99: median(rec.runs.map((r) => r.p99)),
    p95Range: [Math.min(...rec.runs.map((r) => r.p95 ?? Infinity)), Math.max(...rec.runs.map((r) => r.p95 ?? 0))],
    rps: median(rec.runs.map((r) => r.rps)),
    cpuMsPerRequest: median(rec.runs.map((r) => r.cpuMsPerRequest ?? null)),
    otherLoadPct: median(rec.runs.map((r) => r.otherLoadPct ?? null)),
    errors: rec.runs.reduce((a, r) => a + r.errors + r.timeouts + r.non2xx, 0),
    requests: rec.runs.reduce((a, r) => a + r.requests, 0),
  };
  if (cfg.saturationS > 0) {
    await beforeRun();
    rec.saturation = await timed(cpu, async () => {
      const x = await cannon({ ...base, duration: cfg.saturationS });
      rec.drainMs.push(await drainAll());
      return x;
    });
    log?.(`  ${name} closed loop: ${rec.saturation.rps} req/s, p95 ${rec.saturation.p95} ms`);
  }
  return rec;
}
