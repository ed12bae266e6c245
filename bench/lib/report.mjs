/**
 * Writes the measured figures into docs/PERFORMANCE.md, between the bench markers; everything
 * outside the markers (findings, fixes, explanations written by people) is kept as it is.
 */
import fs from 'node:fs';
import path from 'node:path';

export const START = '<!-- bench:results:start -->';
export const END = '<!-- bench:results:end -->';

const TARGET_P95_MS = 100;
const TARGET_RATIO = 3;
const TARGET_JS_KB = 150;
const TARGET_LH = 95;

const n = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '—' : Number(x).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const kb = (bytes) => (bytes === null || bytes === undefined ? '—' : n(bytes / 1024, bytes < 10240 ? 1 : 0));
const rps = (x) => (x === null || x === undefined ? '—' : n(x, x < 10 ? 1 : 0));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || b === 0 ? null : a / b);

function loadTable(scale, cfg) {
  const lines = [
    `| Page | HTML kB (app / floor) | first request ms, cold² (app / floor) | p50 ms | p95 ms (3 runs: median, range) | p99 ms | req/s | errors | server CPU ms/req | floor p50 / p95 ms | floor CPU ms/req | p95 ÷ floor | CPU ÷ floor | max req/s (app / floor) | other load % | p95 < ${TARGET_P95_MS} ms | ≤ ${TARGET_RATIO}× floor |`,
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|:-:|',
  ];
  for (const { page, app, floor } of scale.load) {
    const check = scale.checks?.find((c) => c.page === page);
    const perReq = (m) => (m?.runs?.[0]?.requests ? m.runs[0].bytes / m.runs[0].requests : null);
    const html = check ? `${kb(check.appBytes)} / ${kb(check.floorBytes)}` : page === 'save action' ? `${kb(perReq(app))} / ${kb(perReq(floor))} (response)` : '—';
    const cold = check?.appFirstMs !== undefined ? `${n(check.appFirstMs)} / ${n(check.floorFirstMs)}` : '—';
    const fp = floor.fixed ? `${n(floor.fixed.p50)} / ${n(floor.fixed.p95)}` : floor.probe ? `${n(floor.probe.median)} (single)` : '—';
    const fcpu = floor.fixed?.cpuMsPerRequest ?? floor.probe?.cpuMsPerRequest ?? null;
    if (app.skipped) {
      const single = app.probe?.median;
      const r = ratio(single, floor.probe?.median);
      const rc = ratio(app.probe?.cpuMsPerRequest, floor.probe?.cpuMsPerRequest);
      lines.push(
        `| ${page} | ${html} | ${cold} | ${n(single)} (single request¹) | not run under load¹ | — | — | — | ${n(app.probe?.cpuMsPerRequest, 0)} | ${fp} | ${n(fcpu, 1)} | ${r ? `${n(r, 1)}× (single)` : '—'} | ${rc ? `${n(rc, 1)}×` : '—'} | ≤ ${n(1000 / single, 2)} / ${rps(floor.saturation?.rps)} | ${n(app.quiet?.otherLoadPct)} | ✗ | ${r !== null && r <= TARGET_RATIO ? '✓' : '✗'} |`,
      );
      continue;
    }
    const f = app.fixed;
    const r = ratio(f.p95, floor.fixed?.p95);
    const rc = ratio(f.cpuMsPerRequest, fcpu);
    const none = app.runs.filter((x) => x.requests === 0).length;
    const range =
      f.p95 === null
        ? `> ${n(cfg.durationS * 1000)} (no response within the run)`
        : `${n(f.p95)} (${n(f.p95Range[0])}–${n(f.p95Range[1])})${none ? `; ${none} run(s) with no response in ${cfg.durationS} s` : ''}`;
    const stats = app.actionStats ? ` (saves ok ${app.actionStats.ok}, conflicts ${app.actionStats.conflict}, failed ${app.actionStats.failed})` : '';
    lines.push(
      `| ${page} | ${html} | ${cold} | ${n(f.p50)} | ${range} | ${n(f.p99)} | ${n(f.rps, 1)} | ${f.errors}${stats} | ${n(f.cpuMsPerRequest, 1)} | ${fp} | ${n(fcpu, 1)} | ${r === null ? '—' : `${n(r, 1)}×`} | ${rc === null ? '—' : `${n(rc, 1)}×`} | ${rps(app.saturation?.rps)} / ${rps(floor.saturation?.rps)} | ${n(f.otherLoadPct)} | ${f.p95 !== null && f.p95 < TARGET_P95_MS && f.errors === 0 ? '✓' : '✗'} | ${r !== null && r <= TARGET_RATIO ? '✓' : '✗'} |`,
    );
  }
  return lines.join('\n');
}

function burstTable(scales) {
  const rows = scales.filter((s) => s.burst);
  if (!rows.length) return '_No burst was run._';
  const lines = [
    '| Scale | Reporters | Submissions | Acknowledged | Errors | Lost | Doubled | New report rows / snapshots / audit lines | Wall time | Submit p50 / p95 / p99 ms | Form page p95 ms |',
    '|---|--:|--:|--:|--:|--:|--:|---|--:|---|--:|',
  ];
  for (const s of rows) {
    const b = s.burst;
    lines.push(
      `| ${s.scale} | ${b.users} | ${b.submissions} | ${b.acknowledged} | ${b.errors} | ${b.lost} | ${b.doubled} | ${b.newReportRows} / ${b.newSubmitSnapshots} / ${b.newSubmitAuditRows} | ${n(b.wallS, 1)} s | ${n(b.submitMs.p50)} / ${n(b.submitMs.p95)} / ${n(b.submitMs.p99)} | ${n(b.pageMs.p95)} |`,
    );
  }
  const notes = rows.map((s) => `- ${s.scale}: ${s.burst.note}${s.burst.errorSamples?.length ? `; errors: ${s.burst.errorSamples.join('; ')}` : ''}`);
  return `${lines.join('\n')}\n\n${notes.join('\n')}`;
}

function jsTable(js) {
  const lines = ['| Route | JS files | First-load JS (raw kB) | First-load JS (gzip kB) | CSS (gzip kB) | ≤ 150 kB gzip |', '|---|--:|--:|--:|--:|:-:|'];
  for (const r of js.routes) {
    if (r.missing) {
      lines.push(`| ${r.route} | — | — | — | — | — |`);
      continue;
    }
    lines.push(`| ${r.route} | ${r.files} | ${n(r.rawKb, 1)} | ${n(r.gzipKb, 1)} | ${n(r.cssGzipKb, 1)} | ${r.gzipKb <= TARGET_JS_KB ? '✓' : '✗'} |`);
  }
  return `${lines.join('\n')}\n\nShared by every page (Next.js/React runtime, \`rootMainFiles\`): ${n(js.sharedGzipKb, 1)} kB gzip.`;
}

function lighthouseTable(scales) {
  const rows = scales.flatMap((s) => (s.lighthouse ?? []).map((l) => ({ scale: s.scale, ...l })));
  if (!rows.length) return '_Lighthouse was not run._';
  const lines = [
    '| Scale | Form factor | Performance | Accessibility | Best practices | FCP ms | LCP ms | TBT ms | CLS | Server response ms | Script transfer kB | Total transfer kB |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const l of rows) {
    if (l.error) {
      lines.push(`| ${l.scale} | ${l.preset ?? ''} | ${l.error} | | | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${l.scale} | ${l.preset}${l.runs > 1 ? ` (median of ${l.runs}; range ${l.performanceRange[0]}–${l.performanceRange[1]})` : ''} | **${l.performance}**${l.performance >= TARGET_LH ? '' : ' ✗'} | ${l.accessibility ?? 'n/a'} | ${l.bestPractices ?? 'n/a²'} | ${n(l.fcpMs)} | ${n(l.lcpMs)} | ${n(l.tbtMs)} | ${l.cls} | ${n(l.ttfbMs)} | ${n(l.scriptTransferKb, 1)} | ${n(l.totalTransferKb, 1)} |`,
    );
  }
  if (rows.some((l) => !l.error && l.bestPractices === null)) lines.push('', '² Not scored: the document was too large for Lighthouse to keep (one audit could not read it back).');
  return lines.join('\n');
}

export function renderResults(results, jsonFile) {
  const m = results.machine;
  const c = results.cfg;
  const out = [];
  out.push(`_Generated by \`npm run bench\` on ${results.date.slice(0, 10)} (${results.date}); raw results: \`${jsonFile}\`. Total time ${results.totalMin} min._`);
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
  out.push(
    `| Load settings | ${c.connections} connections; fixed rate ${c.rate} req/s, evenly spaced (one request every ${n(1000 / c.rate)} ms, each connection at ${n(c.rate / c.connections)} req/s), ${c.runs} runs × ${c.durationS} s after a ${c.warmupS} s closed-loop warm-up; one closed-loop run of ${c.saturationS} s (${c.connections} connections, no rate limit) for max req/s; autocannon timeout 10 s; pages whose single request exceeds ${n(c.maxServiceMs)} ms are not put under load; before each page the bench waits up to ${c.quietWaitS} s for other processes to use < ${c.quietPct} % of the machine |`,
  );
  out.push(`| "Today" | \`APP_NOW=${c.now}\` (all 12 monthly periods Jan–Dec open; December is the month in progress) |`);
  out.push(`| Build | ${results.build.built ? `built in the copy \`${c.tree}\` in ${n(results.build.ms / 1000, 0)} s` : `reused the build in \`${c.tree}\``} |`);
  out.push('');
  for (const s of results.scales) {
    out.push(`### Scale: ${s.scale}`);
    out.push('');
    if (s.skipped) {
      out.push(`_Skipped: ${s.skipped}._`);
      out.push('');
      continue;
    }
    const k = s.meta.counts;
    out.push(
      `Data: ${n(k.tasks)} tasks, ${n(k.units)} units, ${n(k.task_units)} unit links, ${n(k.users)} users, ${n(k.indicators)} indicators, ${n(k.reports)} reports (${n(k.report_indicator_values)} indicator values), ${n(k.contributions)} parts, ${n(k.submission_snapshots)} snapshots, ${n(k.attachments)} attachment rows, ${n(k.supervision_notices)} notices (${n(k.notice_targets)} targets), ${n(k.notifications)} notifications, ${n(k.audit_log)} audit rows; database ${n(k.dbBytes / 1048576, 0)} MB; generated in ${n(s.meta.generatedMs / 1000, 1)} s. Load average ${s.loadavg.before.join('/')} before, ${s.loadavg.after.join('/')} after.`,
    );
    out.push('');
    out.push(loadTable(s, results.cfg));
    out.push('');
    const agree = s.checks.filter((x) => x.appCount !== null);
    out.push(
      `Floor check — items counted on the app's page vs the floor's: ${agree.map((x) => `${x.page} ${x.appCount} / ${x.floorCount}${x.countsAgree ? '' : ' (differ!)'}`).join(', ')}. Sessions: ${s.login.users} logins via ${s.login.via.join(', ')}.`,
    );
    out.push('\n² The first request after the server started, before anything was cached: what the first view after any write to the database costs (plan-wide signals, the dashboard and the sorted lists are kept until the next write). The load runs that follow measure the cached state.');
    if (s.load.some((l) => l.app.skipped)) out.push('\n¹ A single request already takes longer than the rate allows; the row gives the sequential latency of 3 requests (median) instead of a load run — at that speed the page fails the target by construction.');
    out.push('');
  }
  out.push('### Month-end burst');
  out.push('');
  out.push(burstTable(results.scales.filter((s) => !s.skipped)));
  out.push('');
  out.push('### First-load JS per route (from the build manifests)');
  out.push('');
  out.push(jsTable(results.js));
  out.push('');
  out.push('### Lighthouse, `/dashboard` (logged in as the leader)');
  out.push('');
  out.push(lighthouseTable(results.scales.filter((s) => !s.skipped)));
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
