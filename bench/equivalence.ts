/**
 * Behaviour check for performance changes in lib/: writes the complete output of every service the
 * measured pages call (signals with all their reasons, ledger, workbench, review queue, overdue
 * list, dashboard, assessment facts of every month, unit options, drill-downs, indicator
 * progress) for one data directory to a JSON file. Run it before and after a change and compare
 * the files: they must be byte-identical.
 *
 * Usage: tsx bench/equivalence.ts --data-dir DIR --out FILE [--now ISO] [--skip name,name]
 */
import fs from 'node:fs';
import path from 'node:path';
import { databaseFile, openDatabase } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { loadSessionUser } from '@/lib/auth/account-service';
import { collectFacts } from '@/lib/assessment/assessment-service';
import { getIndicatorProgress } from '@/lib/indicators/indicator-service';
import { getLedger, getTaskById, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { getDashboard, taskIdsWithLeadState } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { currentPeriodOf, listPeriods } from '@/lib/reporting/period-service';
import { getWorkbench } from '@/lib/reporting/report-service';
import { listReviewQueue } from '@/lib/review/review-service';
import { reviewQueueFilterSchema } from '@/lib/review/schemas';
import { listUnitOptions } from '@/lib/units/unit-service';
import { activePlans } from '@/lib/plans/plan-scope';
import { computeSignals } from '@/lib/warnings/signal-service';
import { getWarningSettings } from '@/lib/warnings/settings-service';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = path.resolve(arg('data-dir') ?? './data');
const out = arg('out') ?? 'equivalence.json';
const today = shanghaiDate(new Date(arg('now') ?? '2023-12-22T09:30:00+08:00'));
const skip = new Set(arg('skip')?.split(',') ?? []);
const db = openDatabase(databaseFile(dataDir));

function actor(username: string): Actor {
  const row = db.$client.prepare('select id, session_version as sv from users where username = ?').get(username) as { id: number; sv: number };
  const { mustChangePassword: _m, ...a } = loadSessionUser(db, row.id, row.sv)!;
  return a;
}

const plain = (v: unknown): unknown => {
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [k, plain(x)]);
  if (v instanceof Set) return [...v].map(plain);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

const supervisor = actor('duchashi');
const leader = actor('lingdao');
const reporter = actor('fgj');
const unitHead = actor('fgj_head');
const inView = activePlans(db);
const plan = inView[0]!;
const settings = getWarningSettings(db);
const result: Record<string, unknown> = {};
const time: Record<string, number> = {};

function run(name: string, fn: () => unknown) {
  if (skip.has(name)) return;
  const t = performance.now();
  result[name] = plain(fn());
  time[name] = Math.round(performance.now() - t);
  console.error(`${name}: ${time[name]} ms`);
}

run('signals.all', () => computeSignals(db, plan.id, today, settings));
run('signals.unit', () => computeSignals(db, plan.id, today, settings, { unitId: reporter.unitId!, taskIds: [1, 2, 3, 4, 40] }));
// Lists are paged on the pages; here each is read whole (one page as large as the list).
const ALL = 1_000_000_000;
run('ledger', () => getLedger(db, supervisor, inView, ledgerFilterSchema.parse({}), { pageSize: ALL }));
run('ledger.unit', () => getLedger(db, supervisor, inView, ledgerFilterSchema.parse({ unit: String(reporter.unitId), q: '推进' }), { pageSize: ALL }));
run('unitOptions', () => listUnitOptions(db, supervisor));
run('workbench', () => getWorkbench(db, reporter, inView, today));
run('review', () => listReviewQueue(db, supervisor, inView, reviewQueueFilterSchema.parse({}), ALL));
run('review.returned', () => listReviewQueue(db, supervisor, inView, reviewQueueFilterSchema.parse({ state: 'returned' }), ALL));
run('overdue', () => listOverdue(db, supervisor, inView, today, overdueFilterSchema.parse({}), ALL));
run('overdue.unit', () => listOverdue(db, reporter, inView, today, overdueFilterSchema.parse({ sort: 'unit' }), ALL));
run('dashboard.leader', () => getDashboard(db, leader, inView, today));
run('dashboard.unit', () => getDashboard(db, unitHead, inView, today));
run('drill.states', () => {
  const period = currentPeriodOf(db, plan.id, today)!;
  return (['none', 'draft', 'submitted', 'approved', 'returned'] as const).map((s) => [s, [...taskIdsWithLeadState(db, leader, plan.id, period.id, s)].sort((a, b) => a - b)]);
});
run('facts', () => listPeriods(db, plan.id).map((p) => collectFacts(db, p, today)));
run('task40', () => {
  const task = getTaskById(db, supervisor, 40)!;
  return { task, progress: getIndicatorProgress(db, supervisor, task.id), reporterView: getIndicatorProgress(db, reporter, task.id) };
});

fs.writeFileSync(out, JSON.stringify(result));
console.error(`wrote ${out}; ${JSON.stringify(time)}`);
db.$client.close();
