/**
 * Month-end burst: many logged-in reporters at once, each opening the reporting page of its next
 * task and submitting it through the real server action, until every one has sent its share.
 * Afterwards the database is checked row by row: every acknowledged submission is there exactly
 * once (report row submitted by that user, one "submitted" snapshot, one audit line), nothing is
 * lost and nothing doubled.
 */
import Database from 'better-sqlite3';
import { actionBody, actionHeaders, parseResult, reportInput } from './action.mjs';

const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);
const r1 = (x) => (x === null ? null : Math.round(x * 10) / 10);

export async function runBurst({ base, slots, cookies, actionId, dbFile, log }) {
  const byUser = new Map();
  for (const s of slots) byUser.set(s.username, [...(byUser.get(s.username) ?? []), s]);
  // The version each form would be loaded with (0 = no report yet, else the draft's).
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const versionOf = db.prepare('select version from reports where task_id = ? and period_id = ? and unit_id = ?');
  const before = {
    reports: db.prepare('select count(*) as n from reports').get().n,
    submitSnapshots: db.prepare("select count(*) as n from submission_snapshots where owner_type = 'report' and event = 'submitted'").get().n,
    submitAudit: db.prepare("select count(*) as n from audit_log where action = 'report.submit'").get().n,
  };
  for (const s of slots) s.version = versionOf.get(s.taskId, s.periodId, s.unitId)?.version ?? 0;
  db.close();

  const results = [];
  const pageTimes = [];
  const started = performance.now();
  await Promise.all(
    [...byUser.entries()].map(async ([username, mine]) => {
      const cookie = cookies[username];
      for (const slot of mine) {
        const rec = { username, taskNo: slot.taskNo, month: slot.month };
        try {
          // Open the form (as the reporter would), then submit.
          let t = performance.now();
          const page = await fetch(`${base}/my/tasks/${slot.taskId}?period=${slot.month}`, { headers: { cookie }, redirect: 'manual', signal: AbortSignal.timeout(120_000) });
          await page.arrayBuffer();
          pageTimes.push(performance.now() - t);
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
        results.push(rec);
      }
    }),
  );
  const wallMs = performance.now() - started;

  // Row by row.
  const check = new Database(dbFile, { readonly: true, fileMustExist: true });
  const row = check.prepare(
    `select r.id, r.status, u.username as submittedBy,
       (select count(*) from reports x where x.task_id = r.task_id and x.period_id = r.period_id and x.unit_id = r.unit_id) as copies,
       (select count(*) from submission_snapshots s where s.owner_type = 'report' and s.owner_id = r.id and s.event = 'submitted') as snapshots,
       (select count(*) from audit_log a where a.action = 'report.submit' and a.entity_type = 'report' and a.entity_id = r.id) as audits
     from reports r left join users u on u.id = r.submitted_by where r.task_id = ? and r.period_id = ? and r.unit_id = ?`,
  );
  let stored = 0;
  let lost = 0;
  let doubled = 0;
  let unacknowledgedButStored = 0;
  const resultOf = new Map(results.map((x) => [`${x.username}:${x.taskNo}:${x.month}`, x]));
  for (const s of slots) {
    const r = row.get(s.taskId, s.periodId, s.unitId);
    const acked = resultOf.get(`${s.username}:${s.taskNo}:${s.month}`)?.result?.ok === true;
    const ok = r && r.status === 'submitted' && r.submittedBy === s.username;
    if (ok) stored++;
    if (acked && !ok) lost++;
    if (!acked && ok) unacknowledgedButStored++;
    if (r && (r.copies > 1 || r.snapshots > 1 || r.audits > 1)) doubled++;
  }
  const after = {
    reports: check.prepare('select count(*) as n from reports').get().n,
    submitSnapshots: check.prepare("select count(*) as n from submission_snapshots where owner_type = 'report' and event = 'submitted'").get().n,
    submitAudit: check.prepare("select count(*) as n from audit_log where action = 'report.submit'").get().n,
  };
  check.close();

  const acknowledged = results.filter((x) => x.result?.ok).length;
  const lat = results.filter((x) => x.ms !== undefined).map((x) => x.ms).sort((a, b) => a - b);
  const pages = [...pageTimes].sort((a, b) => a - b);
  const errors = results.filter((x) => !x.result?.ok);
  const summary = {
    users: byUser.size,
    submissions: slots.length,
    acknowledged,
    errors: errors.length,
    errorSamples: [...new Set(errors.map((e) => `${e.status}: ${e.result?.error ?? ''}`))].slice(0, 5),
    stored,
    lost,
    doubled,
    unacknowledgedButStored,
    newReportRows: after.reports - before.reports,
    newSubmitSnapshots: after.submitSnapshots - before.submitSnapshots,
    newSubmitAuditRows: after.submitAudit - before.submitAudit,
    wallS: r1(wallMs / 1000),
    submitsPerS: r1(slots.length / (wallMs / 1000)),
    submitMs: { p50: r1(pct(lat, 50)), p95: r1(pct(lat, 95)), p99: r1(pct(lat, 99)), max: r1(lat.at(-1) ?? null) },
    pageMs: { p50: r1(pct(pages, 50)), p95: r1(pct(pages, 95)), p99: r1(pct(pages, 99)) },
  };
  log?.(`  burst: ${summary.acknowledged}/${summary.submissions} acknowledged, errors ${summary.errors}, lost ${summary.lost}, doubled ${summary.doubled}, ${summary.wallS}s`);
  return summary;
}
