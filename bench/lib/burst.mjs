/**
 * Month-end submissions, in two parts of one run:
 *
 *  - the **baseline**: `baselineN` submissions one at a time (nobody else submitting), each a
 *    distinct slot — what one submission costs uncontended;
 *  - the **burst**: the remaining slots as open-loop arrivals at `rate` per second (a fixed
 *    schedule, whether or not earlier submissions have answered), the slots taken round-robin
 *    over the reporters so that consecutive arrivals are different people.
 *
 * Each submission opens the reporting page of its task (as the reporter would), then submits it
 * through the real server action; the submit request is what is timed. With several instances,
 * submission i goes to instance i mod n. Afterwards every slot is checked row by row in the
 * database the app writes to (SQLite or PostgreSQL, through bench/lib/db.mjs): every acknowledged
 * submission is there exactly once (report row submitted by that user, one "submitted" snapshot,
 * one audit line), nothing is lost and nothing doubled.
 */
import { actionBody, actionHeaders, parseResult, reportInput } from './action.mjs';

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const r1 = (x) => (x === null || x === undefined ? null : Math.round(x * 10) / 10);
const ratio = (a, b) => (a === null || b === null || !b ? null : Math.round((a / b) * 100) / 100);

/** Slots ordered round-robin over their users: user 1's first, user 2's first, …, user 1's second, … */
export function interleave(slots) {
  const byUser = new Map();
  for (const s of slots) byUser.set(s.username, [...(byUser.get(s.username) ?? []), s]);
  const lists = [...byUser.values()];
  const out = [];
  for (let i = 0; out.length < slots.length; i++) for (const l of lists) if (l[i]) out.push(l[i]);
  return out;
}

const counts = async (db) => ({
  reports: (await db.get('select count(*) as n from reports')).n,
  submitSnapshots: (await db.get("select count(*) as n from submission_snapshots where owner_type = 'report' and event = 'submitted'")).n,
  submitAudit: (await db.get("select count(*) as n from audit_log where action = 'report.submit'")).n,
});

async function submitOne({ base, slot, cookie, actionId }) {
  const rec = { username: slot.username, taskNo: slot.taskNo, month: slot.month, base };
  try {
    let t = performance.now();
    const page = await fetch(`${base}/my/tasks/${slot.taskId}?period=${slot.month}`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(120_000) });
    await page.arrayBuffer();
    rec.pageMs = performance.now() - t;
    rec.pageStatus = page.status;
    t = performance.now();
    const res = await fetch(`${base}/my/tasks/${slot.taskId}`, {
      method: 'POST',
      headers: actionHeaders({ base, cookie, actionId, taskId: slot.taskId }),
      body: actionBody(reportInput(slot, slot.version, 0), 'submit'),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await res.text();
    rec.ms = performance.now() - t;
    rec.status = res.status;
    rec.result = res.status === 200 ? parseResult(text) : { ok: false, error: text.slice(0, 200) };
  } catch (err) {
    rec.status = 0;
    rec.result = { ok: false, error: String(err?.cause?.code ?? err?.message ?? err) };
  }
  return rec;
}

function latencies(results) {
  const lat = results.filter((x) => x.ms !== undefined).map((x) => x.ms).sort((a, b) => a - b);
  const pages = results.filter((x) => x.pageMs !== undefined).map((x) => x.pageMs).sort((a, b) => a - b);
  return {
    submitMs: { p50: r1(pct(lat, 50)), p95: r1(pct(lat, 95)), p99: r1(pct(lat, 99)), max: r1(lat.at(-1) ?? null) },
    pageMs: { p50: r1(pct(pages, 50)), p95: r1(pct(pages, 95)) },
  };
}

export async function runBurst({ bases, slots, baselineN = 30, rate = 20, cookies, actionId, db, log }) {
  const ordered = interleave(slots);
  const baselineSlots = ordered.slice(0, baselineN);
  const burstSlots = ordered.slice(baselineN);
  // The version each form would be loaded with (0 = no report yet, else the draft's).
  for (const s of ordered) s.version = (await db.get('select version from reports where task_id = ? and period_id = ? and unit_id = ?', [s.taskId, s.periodId, s.unitId]))?.version ?? 0;
  const before = await counts(db);
  const submit = (slot, i) => submitOne({ base: bases[i % bases.length], slot, cookie: cookies[slot.username], actionId });

  // Uncontended: one at a time.
  const baseline = [];
  for (const [i, slot] of baselineSlots.entries()) baseline.push(await submit(slot, i));
  const b = latencies(baseline);
  log?.(`  burst baseline: ${baseline.length} submissions one at a time, submit p50 ${b.submitMs.p50} p95 ${b.submitMs.p95} ms`);

  // The burst: arrivals on a fixed schedule.
  const gap = 1000 / rate;
  const started = performance.now();
  let lateMs = 0;
  const burst = await Promise.all(
    burstSlots.map(async (slot, i) => {
      const due = started + i * gap;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      lateMs = Math.max(lateMs, performance.now() - due);
      return submit(slot, i);
    }),
  );
  const wallMs = performance.now() - started;
  const u = latencies(burst);

  // Row by row, every slot of both parts.
  const results = [...baseline, ...burst];
  const resultOf = new Map(results.map((x) => [`${x.username}:${x.taskNo}:${x.month}`, x]));
  let stored = 0;
  let lost = 0;
  let doubled = 0;
  let unacknowledgedButStored = 0;
  for (const s of ordered) {
    const r = await db.get(
      `select r.id, r.status, u.username as "submittedBy",
         (select count(*) from reports x where x.task_id = r.task_id and x.period_id = r.period_id and x.unit_id = r.unit_id) as copies,
         (select count(*) from submission_snapshots s where s.owner_type = 'report' and s.owner_id = r.id and s.event = 'submitted') as snapshots,
         (select count(*) from audit_log a where a.action = 'report.submit' and a.entity_type = 'report' and a.entity_id = r.id) as audits
       from reports r left join users u on u.id = r.submitted_by where r.task_id = ? and r.period_id = ? and r.unit_id = ?`,
      [s.taskId, s.periodId, s.unitId],
    );
    const acked = resultOf.get(`${s.username}:${s.taskNo}:${s.month}`)?.result?.ok === true;
    const ok = r && r.status === 'submitted' && r.submittedBy === s.username;
    if (ok) stored++;
    if (acked && !ok) lost++;
    if (!acked && ok) unacknowledgedButStored++;
    if (r && (r.copies > 1 || r.snapshots > 1 || r.audits > 1)) doubled++;
  }
  const after = await counts(db);

  const errors = results.filter((x) => !x.result?.ok);
  const summary = {
    engine: db.engine,
    instances: bases.length,
    users: new Set(ordered.map((s) => s.username)).size,
    submissions: ordered.length,
    acknowledged: results.filter((x) => x.result?.ok).length,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((e) => `${e.status}: ${e.result?.error ?? ''}`))].slice(0, 5),
    stored,
    lost,
    doubled,
    unacknowledgedButStored,
    newReportRows: after.reports - before.reports,
    newSubmitSnapshots: after.submitSnapshots - before.submitSnapshots,
    newSubmitAuditRows: after.submitAudit - before.submitAudit,
    baseline: { submissions: baseline.length, ...b },
    burst: {
      submissions: burst.length,
      rate,
      wallS: r1(wallMs / 1000),
      // Open loop: how late the last arrival left against its schedule (the generator's own lag).
      maxLateMs: r1(lateMs),
      ...u,
    },
  };
  summary.ratio = { p50: ratio(u.submitMs.p50, b.submitMs.p50), p95: ratio(u.submitMs.p95, b.submitMs.p95) };
  log?.(
    `  burst: ${burst.length} at ${rate}/s, submit p50 ${u.submitMs.p50} p95 ${u.submitMs.p95} ms (÷ baseline ${summary.ratio.p50} / ${summary.ratio.p95}); ${summary.acknowledged}/${summary.submissions} acknowledged, errors ${summary.errors}, lost ${lost}, doubled ${doubled}`,
  );
  return summary;
}
