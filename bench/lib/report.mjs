/**
 * Writes the measured figures into docs/PERFORMANCE.md, between the bench markers; everything
 * outside the markers (findings, fixes, explanations written by people) is kept as it is. The
 * section opens with the issue's targets, each with its measured worst case.
 */
import fs from 'node:fs';
import path from 'node:path';

export const START = '<!-- bench:results:start -->';
export const END = '<!-- bench:results:end -->';

export const TARGETS = {
  cpuVsFloor: 5,
  htmlVsFloor: 4,
  firstViewVsWarm: 3,
  burstVsBaseline: 3,
  twoVsOne: 1.7,
  postgresVsSqlite: 2,
  jsKb: 150,
  lighthouse: 95,
};

const n = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const kb = (bytes) => (bytes === null || bytes === undefined ? '—' : n(bytes / 1024, bytes < 10240 ? 1 : 0));
const rps = (x) => (x === null || x === undefined ? '—' : n(x, x < 10 ? 1 : 0));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || b === 0 ? null : a / b);
const x = (r, d = 1) => (r === null || r === undefined ? '—' : `${n(r, d)}×`);
const mark = (ok) => (ok === null || ok === undefined ? '–' : ok ? '✓' : '✗');

const ran = (results) => (results.setups ?? results.scales ?? []).filter((s) => !s.skipped);
const label = (s) => s.label ?? s.scale;
const isPage = (l) => l.page !== 'save action';

/** Server CPU per request of one side: the fixed-rate runs, or the probe for a page too slow to load. */
const cpuOf = (m) => m?.fixed?.cpuMsPerRequest ?? m?.probe?.cpuMsPerRequest ?? null;
/** p95 at the fixed rate, or the single-request median of a page too slow to load. */
const p95Of = (m) => (m?.fixed ? m.fixed.p95 : (m?.probe?.median ?? null));

/** Pairs of setups on the same scale and PostgreSQL: one instance and two (or more). */
function instancePairs(setups) {
  const out = [];
  for (const many of setups.filter((s) => s.engine === 'postgres' && s.instances > 1)) {
    const one = setups.find((s) => s.engine === 'postgres' && s.instances === 1 && s.scale === many.scale);
    if (!one) continue;
    const rows = many.load.map((l) => {
      const single = one.load.find((o) => o.page === l.page);
      return { page: l.page, one: single?.app?.saturation?.rps ?? null, many: l.app?.saturation?.rps ?? null };
    });
    for (const r of rows) r.ratio = ratio(r.many, r.one);
    out.push({ one, many, rows });
  }
  return out;
}

/**
 * PostgreSQL (one instance) against SQLite, page by page: the same district-1 pages; the SQLite
 * setup of the same scale when there is one, else the first SQLite setup (district).
 */
function enginePairs(setups) {
  const out = [];
  for (const p of setups.filter((s) => s.engine === 'postgres' && s.instances === 1)) {
    const q = setups.find((s) => s.engine === 'sqlite' && s.scale === p.scale) ?? setups.find((s) => s.engine === 'sqlite');
    if (!q) continue;
    const rows = p.load.map((l) => {
      const s = q.load.find((o) => o.page === l.page);
      return { page: l.page, sqlite: p95Of(s?.app), postgres: p95Of(l.app), single: !l.app?.fixed || !s?.app?.fixed };
    });
    for (const r of rows) r.ratio = ratio(r.postgres, r.sqlite);
    // Only the same rows on both engines compare the engines: a PostgreSQL setup of another
    // scale is listed beside the SQLite one for information, not held to the target.
    out.push({ sqlite: q, postgres: p, rows, sameScale: q.scale === p.scale });
  }
  return out;
}

/** Largest (or smallest) of `items` by `value`, skipping nulls. */
function worst(items, value, { smallest = false } = {}) {
  let best = null;
  for (const it of items) {
    const v = value(it);
    if (v === null || v === undefined || Number.isNaN(v)) continue;
    if (!best || (smallest ? v < best.v : v > best.v)) best = { it, v };
  }
  return best;
}

/** The issue's targets: each with its measured worst case and whether it is met (null: not measured). */
export function targets(results) {
  const setups = ran(results);
  const pageRows = setups.flatMap((s) => s.load.filter(isPage).map((l) => ({ s, l, check: s.checks?.find((c) => c.page === l.page) })));
  const out = [];
  const push = (target, w, fmt, ok) => out.push({ target, worst: w ? fmt(w) : 'not measured', value: w?.v ?? null, met: w ? ok(w.v) : null });

  push(
    `Server CPU per request ≤ ${TARGETS.cpuVsFloor}× the floor, every key page`,
    worst(pageRows, ({ l }) => ratio(cpuOf(l.app), cpuOf(l.floor))),
    (w) => `${x(w.v)} — ${w.it.l.page}, ${label(w.it.s)} (${n(cpuOf(w.it.l.app), 1)} vs ${n(cpuOf(w.it.l.floor), 1)} ms)`,
    (v) => v <= TARGETS.cpuVsFloor,
  );
  push(
    `HTML ≤ ${TARGETS.htmlVsFloor}× the floor's bytes, every key page`,
    worst(pageRows, ({ check }) => ratio(check?.appBytes, check?.floorBytes)),
    (w) => `${x(w.v)} — ${w.it.l.page}, ${label(w.it.s)} (${kb(w.it.check.appBytes)} vs ${kb(w.it.check.floorBytes)} kB)`,
    (v) => v <= TARGETS.htmlVsFloor,
  );
  const fv = setups.flatMap((s) => (s.firstView ?? []).map((f) => ({ s, f })));
  push(
    `First view after a write ≤ ${TARGETS.firstViewVsWarm}× a warm view (medians)`,
    worst(fv, ({ f }) => f.ratio),
    (w) => `${x(w.v)} — ${w.it.f.page}, ${label(w.it.s)} (${n(w.it.f.coldMedian)} vs ${n(w.it.f.warmMedian)} ms)`,
    (v) => v <= TARGETS.firstViewVsWarm,
  );
  const bursts = setups.filter((s) => s.burst?.ratio);
  push(
    `Burst submission ≤ ${TARGETS.burstVsBaseline}× an uncontended one (p50 and p95)`,
    worst(bursts, (s) => Math.max(s.burst.ratio.p50 ?? 0, s.burst.ratio.p95 ?? 0) || null),
    (w) => `${x(w.v)} — ${label(w.it)} (p50 ${n(w.it.burst.burst.submitMs.p50)} vs ${n(w.it.burst.baseline.submitMs.p50)} ms, p95 ${n(w.it.burst.burst.submitMs.p95)} vs ${n(w.it.burst.baseline.submitMs.p95)} ms, at ${w.it.burst.burst.rate}/s)`,
    (v) => v <= TARGETS.burstVsBaseline,
  );
  push(
    'Month-end submissions: 0 lost, 0 doubled',
    bursts.length ? { v: bursts.reduce((a, s) => a + s.burst.lost + s.burst.doubled, 0), it: bursts } : null,
    (w) => `${w.it.reduce((a, s) => a + s.burst.lost, 0)} lost, ${w.it.reduce((a, s) => a + s.burst.doubled, 0)} doubled; ${w.it.reduce((a, s) => a + s.burst.acknowledged, 0)} of ${w.it.reduce((a, s) => a + s.burst.submissions, 0)} acknowledged (${w.it.map(label).join(', ')})`,
    (v) => v === 0,
  );
  const inst = instancePairs(setups).flatMap((p) => p.rows.filter(isPage).map((r) => ({ p, r })));
  push(
    `Two instances ≥ ${TARGETS.twoVsOne}× one at saturation, every key page`,
    worst(inst, ({ r }) => r.ratio, { smallest: true }),
    (w) => `${x(w.v, 2)} — ${w.it.r.page}, ${w.it.p.many.scale} (${rps(w.it.r.many)} vs ${rps(w.it.r.one)} req/s)`,
    (v) => v >= TARGETS.twoVsOne,
  );
  const eng = enginePairs(setups)
    .filter((p) => p.sameScale)
    .flatMap((p) => p.rows.filter(isPage).map((r) => ({ p, r })));
  push(
    `PostgreSQL p95 ≤ ${TARGETS.postgresVsSqlite}× SQLite p95 on the same data, every key page`,
    worst(eng, ({ r }) => r.ratio),
    (w) => `${x(w.v)} — ${w.it.r.page}, ${label(w.it.p.postgres)} vs ${label(w.it.p.sqlite)} (${n(w.it.r.postgres)} vs ${n(w.it.r.sqlite)} ms${w.it.r.single ? ', single requests' : ''})`,
    (v) => v <= TARGETS.postgresVsSqlite,
  );
  const routes = results.js?.routes ?? [];
  const missing = routes.filter((r) => r.missing).map((r) => r.route);
  push(
    `First-load JS ≤ ${TARGETS.jsKb} kB gzip, every route`,
    worst(
      routes.filter((r) => !r.missing),
      (r) => r.gzipKb,
    ),
    (w) => `${n(w.v, 1)} kB — ${w.it.route} (${routes.length} routes${missing.length ? `; not in the build: ${missing.join(', ')}` : ''})`,
    (v) => v <= TARGETS.jsKb && !missing.length,
  );
  const lh = setups.flatMap((s) => (s.lighthouse ?? []).filter((l) => !l.error && !/desktop/.test(l.preset ?? '')).map((l) => ({ s, l })));
  push(
    `Lighthouse performance ≥ ${TARGETS.lighthouse} on /dashboard (mobile)`,
    worst(lh, ({ l }) => l.performance, { smallest: true }),
    (w) => `${w.v} — ${label(w.it.s)}`,
    (v) => v >= TARGETS.lighthouse,
  );
  return out;
}

function targetsTable(results) {
  const lines = ['| Target | Measured worst case | Met |', '|---|---|:-:|'];
  for (const t of results.targets ?? targets(results)) lines.push(`| ${t.target} | ${t.worst} | ${mark(t.met)} |`);
  return lines.join('\n');
}

function loadTable(setup) {
  const lines = [
    '| Page | HTML kB (app / floor) | HTML ÷ floor | p50 ms | p95 ms (median of runs, range) | p99 ms | req/s | errors | server CPU ms/req | floor p50 / p95 ms | floor CPU ms/req | p95 ÷ floor | CPU ÷ floor | max req/s (app / floor) | other load % |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const { page, app, floor } of setup.load) {
    const check = setup.checks?.find((c) => c.page === page);
    const perReq = (m) => (m?.runs?.[0]?.requests ? m.runs[0].bytes / m.runs[0].requests : null);
    const html = check ? `${kb(check.appBytes)} / ${kb(check.floorBytes)}` : page === 'save action' ? `${kb(perReq(app))} / ${kb(perReq(floor))} (response)` : '—';
    const rh = check ? ratio(check.appBytes, check.floorBytes) : null;
    const htmlRatio = rh === null ? '—' : `${x(rh)} ${mark(rh <= TARGETS.htmlVsFloor)}`;
    const fp = floor?.fixed ? `${n(floor.fixed.p50)} / ${n(floor.fixed.p95)}` : floor?.probe ? `${n(floor.probe.median)} (single)` : '—';
    const fcpu = cpuOf(floor);
    const rc = ratio(cpuOf(app), fcpu);
    const cpuRatio = rc === null ? '—' : `${x(rc)}${isPage({ page }) ? ` ${mark(rc <= TARGETS.cpuVsFloor)}` : ''}`;
    if (app.skipped) {
      const single = app.probe?.median;
      const r = ratio(single, floor?.probe?.median);
      lines.push(
        `| ${page} | ${html} | ${htmlRatio} | ${n(single)} (single request¹) | not run under load¹ | — | — | — | ${n(app.probe?.cpuMsPerRequest, 0)} | ${fp} | ${n(fcpu, 1)} | ${r ? `${x(r)} (single)` : '—'} | ${cpuRatio} | ≤ ${n(1000 / single, 2)} / ${rps(floor?.saturation?.rps)} | ${n(app.quiet?.otherLoadPct)} |`,
      );
      continue;
    }
    const f = app.fixed;
    const r = ratio(f.p95, floor?.fixed?.p95);
    const none = app.runs.filter((run) => run.requests === 0).length;
    const range = f.p95 === null ? '— (no response within the runs)' : `${n(f.p95)} (${n(f.p95Range[0])}–${n(f.p95Range[1])})${none ? `; ${none} run(s) with no response` : ''}`;
    const stats = app.actionStats ? ` (saves ok ${app.actionStats.ok}, conflicts ${app.actionStats.conflict}, failed ${app.actionStats.failed})` : '';
    lines.push(
      `| ${page} | ${html} | ${htmlRatio} | ${n(f.p50)} | ${range} | ${n(f.p99)} | ${n(f.rps, 1)} | ${f.errors}${stats} | ${n(f.cpuMsPerRequest, 1)} | ${fp} | ${n(fcpu, 1)} | ${x(r)} | ${cpuRatio} | ${rps(app.saturation?.rps)} / ${rps(floor?.saturation?.rps)} | ${n(f.otherLoadPct)} |`,
    );
  }
  return lines.join('\n');
}

function firstViewTable(setup) {
  if (!setup.firstView?.length) return '_The first view after a write was not measured._';
  const lines = [`| Page | warm ms (median of ${setup.firstView[0].n}) | first view after a write, ms (median) | ratio | ≤ ${TARGETS.firstViewVsWarm}× | cold ms, all rounds |`, '|---|--:|--:|--:|:-:|---|'];
  for (const f of setup.firstView) {
    lines.push(`| ${f.page} | ${n(f.warmMedian)} | ${n(f.coldMedian)} | ${x(f.ratio)} | ${mark(f.ratio === null ? null : f.ratio <= TARGETS.firstViewVsWarm)} | ${f.coldMs.map((v) => n(v)).join(', ')} |`);
  }
  return lines.join('\n');
}

function instancesTable(setups) {
  const pairs = instancePairs(setups);
  if (!pairs.length) return '_No setup with two instances next to one with one instance on the same data._';
  const lines = ['| Scale | Page | max req/s, 1 instance | max req/s, 2 instances | ratio | target ≥ 1.7× |', '|---|---|--:|--:|--:|:-:|'];
  for (const p of pairs) {
    for (const r of p.rows) lines.push(`| ${p.many.scale} (${p.many.instances} vs 1) | ${r.page} | ${rps(r.one)} | ${rps(r.many)} | ${x(r.ratio, 2)} | ${isPage(r) ? mark(r.ratio === null ? null : r.ratio >= TARGETS.twoVsOne) : '(not a target)'} |`);
  }
  return lines.join('\n');
}

function enginesTable(setups) {
  const pairs = enginePairs(setups);
  if (!pairs.length) return '_No PostgreSQL setup next to a SQLite one._';
  const lines = ['| PostgreSQL setup | SQLite setup | Page | SQLite p95 ms | PostgreSQL p95 ms | ratio | ≤ 2× |', '|---|---|---|--:|--:|--:|:-:|'];
  for (const p of pairs) {
    for (const r of p.rows) lines.push(`| ${label(p.postgres)} | ${label(p.sqlite)} | ${r.page}${r.single ? ' (single requests¹)' : ''} | ${n(r.sqlite)} | ${n(r.postgres)} | ${x(r.ratio)} | ${!p.sameScale ? '(other scale: not a target)' : isPage(r) ? mark(r.ratio === null ? null : r.ratio <= TARGETS.postgresVsSqlite) : '(not a target)'} |`);
  }
  return lines.join('\n');
}

function burstTable(setups) {
  // Runs from before the baseline (a stampede only) are left out.
  const rows = setups.filter((s) => s.burst?.baseline);
  if (!rows.length) return '_No burst was run._';
  const lines = [
    '| Setup | Reporters | Submissions (baseline + burst) | Burst rate | Acknowledged | Errors | Lost | Doubled | New report rows / snapshots / audit lines | Uncontended submit p50 / p95 ms | Burst submit p50 / p95 / p99 ms | Burst ÷ uncontended (p50 / p95) | ≤ 3× | Form page p95 ms (baseline / burst) | Burst wall time |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|:-:|--:|--:|',
  ];
  for (const s of rows) {
    const b = s.burst;
    const worse = Math.max(b.ratio.p50 ?? 0, b.ratio.p95 ?? 0);
    lines.push(
      `| ${label(s)} | ${b.users} | ${b.baseline.submissions} + ${b.burst.submissions} | ${b.burst.rate}/s | ${b.acknowledged} | ${b.errors} | ${b.lost} | ${b.doubled} | ${b.newReportRows} / ${b.newSubmitSnapshots} / ${b.newSubmitAuditRows} | ${n(b.baseline.submitMs.p50)} / ${n(b.baseline.submitMs.p95)} | ${n(b.burst.submitMs.p50)} / ${n(b.burst.submitMs.p95)} / ${n(b.burst.submitMs.p99)} | ${x(b.ratio.p50)} / ${x(b.ratio.p95)} | ${mark(worse ? worse <= TARGETS.burstVsBaseline : null)} | ${n(b.baseline.pageMs.p95)} / ${n(b.burst.pageMs.p95)} | ${n(b.burst.wallS, 1)} s (arrivals at most ${n(b.burst.maxLateMs)} ms late) |`,
    );
  }
  const notes = rows.map((s) => `- ${label(s)}: burst slots: ${s.burst.note}${s.burst.errorSamples?.length ? `; errors: ${s.burst.errorSamples.join('; ')}` : ''}`);
  return `${lines.join('\n')}\n\n${notes.join('\n')}`;
}

function jsTable(js) {
  const lines = [`| Route | JS files | First-load JS (raw kB) | First-load JS (gzip kB) | CSS (gzip kB) | ≤ ${TARGETS.jsKb} kB gzip |`, '|---|--:|--:|--:|--:|:-:|'];
  for (const r of js.routes) {
    if (r.missing) {
      lines.push(`| ${r.route} | not in the build | — | — | — | ✗ |`);
      continue;
    }
    lines.push(`| ${r.route} | ${r.files} | ${n(r.rawKb, 1)} | ${n(r.gzipKb, 1)} | ${n(r.cssGzipKb, 1)} | ${mark(r.gzipKb <= TARGETS.jsKb)} |`);
  }
  return `${lines.join('\n')}\n\nShared by every page (Next.js/React runtime, \`rootMainFiles\`): ${n(js.sharedGzipKb, 1)} kB gzip.`;
}

function lighthouseTable(setups) {
  const rows = setups.flatMap((s) => (s.lighthouse ?? []).map((l) => ({ setup: label(s), ...l })));
  if (!rows.length) return '_Lighthouse was not run._';
  const lines = [
    '| Setup | Form factor | Performance | Accessibility | Best practices | FCP ms | LCP ms | TBT ms | CLS | Server response ms | Script transfer kB | Total transfer kB |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const l of rows) {
    if (l.error) {
      lines.push(`| ${l.setup} | ${l.preset ?? ''} | ${l.error} | | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${l.setup} | ${l.preset}${l.runs > 1 ? ` (median of ${l.runs}; range ${l.performanceRange[0]}–${l.performanceRange[1]})` : ''} | **${l.performance}**${l.performance >= TARGETS.lighthouse ? '' : ' ✗'} | ${l.accessibility ?? 'n/a'} | ${l.bestPractices ?? 'n/a²'} | ${n(l.fcpMs)} | ${n(l.lcpMs)} | ${n(l.tbtMs)} | ${l.cls} | ${n(l.ttfbMs)} | ${n(l.scriptTransferKb, 1)} | ${n(l.totalTransferKb, 1)} |`,
    );
  }
  if (rows.some((l) => !l.error && l.bestPractices === null)) lines.push('', '² Not scored: the document was too large for Lighthouse to keep (one audit could not read it back).');
  return lines.join('\n');
}

const ENGINE = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

export function renderResults(results, jsonFile) {
  const m = results.machine;
  const c = results.cfg;
  const setups = ran(results);
  const out = [];
  out.push(`_Generated by \`npm run bench\` on ${results.date.slice(0, 10)} (${results.date}); raw results: \`${jsonFile}\`. Total time ${results.totalMin} min._`);
  out.push('');
  out.push('### Targets');
  out.push('');
  out.push(targetsTable(results));
  out.push('');
  out.push('### Machine and settings');
  out.push('');
  out.push('| | |');
  out.push('|---|---|');
  out.push(`| \`nproc\` | ${m.nproc} |`);
  out.push(`| CPU (/proc/cpuinfo) | ${m.cpu} |`);
  out.push(`| Memory (\`free -h\`) | ${m.free?.split('\n')[1]?.replace(/\s+/g, ' ') ?? '—'} |`);
  out.push(`| \`node -v\` | ${m.node} |`);
  out.push(`| Chromium | ${m.chromium ?? '—'} |`);
  out.push(`| Commit | ${m.commit}${Number(m.dirty) ? ` + ${m.dirty} uncommitted changes in the working tree` : ''} |`);
  out.push(`| Load average at start | ${m.loadavg.join(' / ')} (1 / 5 / 15 min; the machine is shared) |`);
  out.push(`| Command | \`${results.command}\` |`);
  out.push(`| Setups | ${(results.setups ?? []).map((s) => `\`${label(s)}\`${s.minutes !== undefined ? ` (${n(s.minutes, 1)} min)` : ''}${s.skipped ? ` — ${s.skipped}` : ''}`).join(', ')} |`);
  out.push(
    `| Load settings | ${c.connections} connections (split evenly over the instances); fixed rate ${c.rate} req/s, evenly spaced (one request every ${n(1000 / c.rate)} ms, each connection at ${n(c.rate / c.connections)} req/s), ${c.runs} runs × ${c.durationS} s after a ${c.warmupS} s closed-loop warm-up; one closed-loop run of ${c.saturationS} s (${c.connections} connections, no rate limit) for max req/s; autocannon timeout 10 s; pages whose single request exceeds ${n(c.maxServiceMs)} ms are not put under load; before each page the bench waits up to ${c.quietWaitS} s for other processes to use < ${c.quietPct} % of the machine |`,
  );
  out.push(`| First view after a write | ${c.firstViewN} rounds per page of: a warm request, what a month-end submission writes (\`update reports set updated_at = updated_at\` of one report of the measured district's list, a different task each round) from the bench's own connection, the next request |`);
  out.push(`| Month-end submissions | ${c.burstBaseline} uncontended, one at a time, then the rest of the setup's share of the burst slots arriving at ${c.burstRate}/s (open loop) |`);
  out.push(`| "Today" | \`APP_NOW=${c.now}\` (all 12 monthly periods Jan–Dec open; December is the month in progress) |`);
  out.push(`| Build | ${results.build.built ? `built in the copy \`${c.tree}\` in ${n(results.build.ms / 1000, 0)} s` : `reused the build in \`${c.tree}\``} |`);
  out.push('');
  for (const s of results.setups ?? results.scales ?? []) {
    const engine = s.engine ? `, ${ENGINE[s.engine]}, ${s.instances ?? 1} instance${(s.instances ?? 1) > 1 ? 's' : ''}` : '';
    out.push(`### ${s.scale}${engine}`);
    out.push('');
    if (s.skipped) {
      out.push(`_Skipped: ${s.skipped}._`);
      out.push('');
      continue;
    }
    const k = s.meta.counts;
    out.push(
      `Data: ${s.meta.districts ? `${n(Array.isArray(s.meta.districts) ? s.meta.districts.length : s.meta.districts)} districts, ` : ''}${n(k.tasks)} tasks, ${n(k.units)} units, ${n(k.task_units)} unit links, ${n(k.users)} users, ${n(k.indicators)} indicators, ${n(k.reports)} reports (${n(k.report_indicator_values)} indicator values), ${n(k.contributions)} parts, ${n(k.submission_snapshots)} snapshots, ${n(k.attachments)} attachment rows, ${n(k.supervision_notices)} notices (${n(k.notice_targets)} targets), ${n(k.notifications)} notifications, ${n(k.audit_log)} audit rows; database ${n(k.dbBytes / 1048576, 0)} MB; generated in ${n(s.meta.generatedMs / 1000, 1)} s${s.postgresCopyMs ? `; moved into PostgreSQL in ${n(s.postgresCopyMs / 1000, 1)} s` : ''}. Setup took ${n(s.minutes, 1)} min; load average ${s.loadavg.before.join('/')} before, ${s.loadavg.after.join('/')} after.`,
    );
    out.push('');
    out.push(loadTable(s));
    out.push('');
    const agree = s.checks.filter((ch) => ch.appCount !== null);
    const floorFrom = [...new Set(s.load.map((l) => l.floor?.measuredIn).filter((f) => f && f !== s.label))];
    out.push(
      `Floor check — items counted on the app's page vs the floor's: ${agree.map((ch) => `${ch.page} ${ch.appCount} / ${ch.floorCount}${ch.countsAgree ? '' : ' (differ!)'}`).join(', ')}. Sessions: ${s.login.users} logins via ${s.login.via.join(', ') || 'sessions of an earlier setup on the same database'}.${floorFrom.length ? ` The floor's load figures were measured in ${floorFrom.join(', ')} (same data).` : ''}`,
    );
    if (s.load.some((l) => l.app.skipped)) out.push('\n¹ A single request already takes longer than the rate allows; the row gives the sequential latency of 3 requests (median) instead of a load run — at that speed the page fails the target by construction.');
    out.push('');
    out.push('First view after a write (the page\'s warm state, then one write that bumps the data generation):');
    out.push('');
    out.push(firstViewTable(s));
    out.push('');
  }
  out.push('### Two instances against one (closed loop, same data)');
  out.push('');
  out.push(instancesTable(setups));
  out.push('');
  out.push('### PostgreSQL against SQLite (p95 at the fixed rate, the same district-1 pages)');
  out.push('');
  out.push(enginesTable(setups));
  out.push('');
  out.push('### Month-end submissions: uncontended, then the burst');
  out.push('');
  out.push(burstTable(setups));
  out.push('');
  out.push('### First-load JS per route (from the build manifests, every route of the app)');
  out.push('');
  out.push(jsTable(results.js));
  out.push('');
  out.push('### Lighthouse, `/dashboard` (logged in as the leader)');
  out.push('');
  out.push(lighthouseTable(setups));
  return out.join('\n');
}

export function writeReport(file, results, jsonFile) {
  const section = `${START}\n${renderResults(results, jsonFile)}\n${END}`;
  let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (doc.includes(START) && doc.includes(END)) {
    doc = doc.slice(0, doc.indexOf(START)) + section + doc.slice(doc.indexOf(END) + END.length);
  } else {
    doc = `# Performance\n\n## Measured results\n\n${section}\n${doc}`;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, doc);
}
