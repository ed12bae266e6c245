/**
 * Service-level timing: the lib/ calls each measured page makes, run in-process against a
 * generated data directory (no HTTP, no React). Tells how much of a page's latency is data work.
 *
 * Usage: tsx bench/profile-services.ts --data-dir DIR [--now ISO] [--runs N] [--only name,name]
 */
import path from 'node:path';
import { databaseFile, openDatabase } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { getLedger, getTaskById, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { listUnitOptions } from '@/lib/units/unit-service';
import { signalsForPlans, signalsForTasks } from '@/lib/warnings/task-signals';
import { activePlans } from '@/lib/plans/plan-scope';
import { getWorkbench, getReportEditor } from '@/lib/reporting/report-service';
import { unacknowledgedForUnit, instructionsForTask } from '@/lib/instructions/instruction-service';
import { listReviewQueue } from '@/lib/review/review-service';
import { reviewQueueFilterSchema } from '@/lib/review/schemas';
import { listSections } from '@/lib/ledger/ledger-service';
import { currentPeriodOf } from '@/lib/reporting/period-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { getDashboard } from '@/lib/oversight/dashboard-service';
import { getIndicatorProgress } from '@/lib/indicators/indicator-service';
import { flagHistory } from '@/lib/warnings/flag-service';
import { taskTimeline } from '@/lib/audit/audit-service';
import { unreadCount } from '@/lib/notifications/notification-service';
import { loadSessionUser } from '@/lib/auth/account-service';
import { computeSignals } from '@/lib/warnings/signal-service';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { collectFacts } from '@/lib/assessment/assessment-service';
import { listPeriods } from '@/lib/reporting/period-service';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = path.resolve(arg('data-dir') ?? './data');
const today = shanghaiDate(new Date(arg('now') ?? '2023-12-22T09:30:00+08:00'));
const runs = Number(arg('runs') ?? 5);
const only = arg('only')?.split(',');
const db = openDatabase(databaseFile(dataDir));

function actor(username: string): Actor {
  const row = db.$client.prepare('select id, session_version as sv from users where username = ?').get(username) as { id: number; sv: number };
  const user = loadSessionUser(db, row.id, row.sv);
  if (!user) throw new Error(`no user ${username}`);
  const { mustChangePassword: _m, ...a } = user;
  return a;
}

const supervisor = actor('duchashi');
const leader = actor('lingdao');
const reporter = actor('fgj');
const inView = activePlans(db);
const plan = inView[0]!;

const cases: Record<string, () => unknown> = {
  session: () => {
    loadSessionUser(db, supervisor.userId, 1);
    return unreadCount(db, supervisor);
  },
  '/tasks': () => {
    const ledger = getLedger(db, supervisor, inView, ledgerFilterSchema.parse({}));
    listUnitOptions(db, supervisor);
    return signalsForPlans(db, supervisor, ledger.plans, today).size;
  },
  '/my': () => {
    const lists = getWorkbench(db, reporter, inView, today);
    signalsForPlans(db, reporter, lists.map((w) => w.plan), today, { taskIds: lists.flatMap((wb) => [...wb.leading, ...wb.joining].map((r) => r.task.id)), ownUnitOnly: true });
    return unacknowledgedForUnit(db, reporter).length;
  },
  '/review': () => {
    const items = listReviewQueue(db, supervisor, inView, reviewQueueFilterSchema.parse({})).items;
    signalsForTasks(db, supervisor, plan.id, today, { taskIds: [...new Set(items.map((i) => i.taskId))] });
    currentPeriodOf(db, plan.id, today);
    listSections(db, supervisor, inView);
    listUnitOptions(db, supervisor);
    return items.length;
  },
  '/overdue': () => {
    listSections(db, supervisor, inView);
    listUnitOptions(db, supervisor);
    return listOverdue(db, supervisor, inView, today, overdueFilterSchema.parse({})).total;
  },
  '/dashboard': () => getDashboard(db, leader, inView, today).lagging.length,
  '/tasks/40': () => {
    const task = getTaskById(db, supervisor, 40)!;
    getIndicatorProgress(db, supervisor, task.id);
    signalsForTasks(db, supervisor, task.plan.id, today, { taskIds: [task.id] });
    flagHistory(db, task.id);
    instructionsForTask(db, supervisor, task.id);
    return taskTimeline(db, supervisor, task.id, 50).length;
  },
  '/my/tasks/1': () => getReportEditor(db, reporter, 1, undefined, today).role,
  'computeSignals(all)': () => computeSignals(db, plan.id, today, getWarningSettings(db)).size,
  'collectFacts(all months)': () => listPeriods(db, plan.id).filter((p) => p.leadDeadline < today).map((p) => collectFacts(db, p, today).length),
};

for (const [name, fn] of Object.entries(cases)) {
  if (only && !only.includes(name)) continue;
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
  }
  // The first run after a write computes; later ones may be served by the per-generation cache.
  const first = times[0]!;
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(26)} first ${first.toFixed(1).padStart(9)} ms  median ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(9)} ms  min ${times[0]!.toFixed(1).padStart(9)} ms  → ${JSON.stringify(result)}`);
}
db.$client.close();
