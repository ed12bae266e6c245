#!/usr/bin/env node
/**
 * `node bench/compare.mjs BEFORE.json AFTER.json`: the p95 of every page in every setup (scale,
 * engine, instances) of two benchmark runs (the raw JSON that `npm run bench` writes to
 * BENCH_WORK), side by side, as a Markdown table for docs/PERFORMANCE.md. Runs from before the
 * setups (one engine, `scales`) are matched by scale and engine. A page whose p95 at the fixed rate is more than 10 %
 * worse is marked; the range of the three runs is given so that noise can be told from a change.
 */
import fs from 'node:fs';

const [beforeFile, afterFile] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: node bench/compare.mjs BEFORE.json AFTER.json');
  process.exit(2);
}
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const before = read(beforeFile);
const after = read(afterFile);

/** The figure a page is judged by: p95 at the fixed rate (median of the runs), or, for a page too slow to load, its single-request median. */
function figure(page) {
  if (page?.app?.fixed) return { p95: page.app.fixed.p95, range: page.app.fixed.p95Range, kind: 'p95' };
  if (page?.app?.probe) return { p95: page.app.probe.median, range: null, kind: 'single' };
  return null;
}
const fmtRange = (r) => (r ? `${r[0]}–${r[1]}` : '—');
/** The setups of a run; an older run's scales count as one-instance setups of its engine. */
const setupsOf = (run) =>
  (run.setups ?? run.scales ?? [])
    .filter((s) => !s.skipped && s.load)
    .map((s) => ({ ...s, label: s.label ?? `${s.scale}:${s.engine ?? run.cfg?.engine ?? 'sqlite'}:${s.instances ?? 1}` }));

const lines = [];
lines.push(`| Setup | Page | p95 before (ms) | runs | p95 after (ms) | runs | Change |`);
lines.push(`|---|---|---:|---|---:|---|---:|`);
let worse = 0;
const beforeSetups = setupsOf(before);
for (const scaleAfter of setupsOf(after)) {
  const scaleBefore = beforeSetups.find((s) => s.label === scaleAfter.label);
  if (!scaleBefore) continue;
  for (const pageAfter of scaleAfter.load) {
    const pageBefore = scaleBefore.load.find((p) => p.page === pageAfter.page);
    const b = figure(pageBefore);
    const a = figure(pageAfter);
    if (!a || !b) continue;
    const change = ((a.p95 - b.p95) / b.p95) * 100;
    const flag = change > 10 ? ' ⚠' : '';
    if (change > 10) worse++;
    lines.push(`| ${scaleAfter.label} | ${pageAfter.page}${a.kind === 'single' ? ' (single request)' : ''} | ${b.p95} | ${fmtRange(b.range)} | ${a.p95} | ${fmtRange(a.range)} | ${change >= 0 ? '+' : ''}${change.toFixed(0)} %${flag} |`);
  }
}
lines.push('');
lines.push(`Before: commit ${before.machine?.commit ?? '?'} at ${before.date}; after: commit ${after.machine?.commit ?? '?'} at ${after.date}; ${after.machine?.nproc ?? '?'} cores, ${after.machine?.cpu ?? ''}, node ${after.machine?.node ?? ''}. ${worse === 0 ? 'No page is more than 10 % worse.' : `${worse} page(s) more than 10 % worse (⚠).`}`);
console.log(lines.join('\n'));
