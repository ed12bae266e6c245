/**
 * Service-level timing: the lib/ calls each measured page makes, run in-process against a
 * generated data directory (no HTTP, no React). Tells how much of a page's latency is data work.
 *
 * Usage: tsx bench/profile-services.ts --data-dir DIR [--now ISO] [--runs N] [--only name,name] [--after-write]
 *
 * --after-write: every run follows a write (an UPDATE of one report of the first list, as a
 * month-end submission writes: it bumps the data generation and notes its task's version), so each
 * is the first view after a write, as the bench times it.
 */
import path from 'node:path';
import { closeDatabase, databaseFile, openDatabase } from '@/db/client';
import { NO_META } from '@/lib/audit/audit-service';
import type { ServiceContext } from '@/lib/context';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { getLedger, getTaskById, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { listUnitOptions } from '@/lib/units/unit-service';
import { signalsForPlans, signalsForTasks } from '@/lib/warnings/task-signals';
import { activePlans } from '@/lib/plans/plan-scope';
import { getReportEditor } from '@/lib/reporting/report-editor';
import { getWorkbench } from '@/lib/reporting/workbench';
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
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { collectFacts } from '@/lib/assessment/unit-facts';
import { listPeriods } from '@/lib/reporting/period-service';
import { startSession } from '@/lib/auth/user-sessions';
import { closureOfTask } from '@/lib/lifecycle/closure-service';
import { signForOfTask } from '@/lib/lifecycle/sign-for-service';
import { getTaskMilestones } from '@/lib/milestones/milestone-service';
import { listTaskExtensions } from '@/lib/extensions/extension-service';
import { problemsForTask } from '@/lib/problems/problem-service';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = path.resolve(arg('data-dir') ?? './data');
const now = new Date(arg('now') ?? '2023-12-22T09:30:00+08:00');
const today = shanghaiDate(now);
const runs = Number(arg('runs') ?? 5);
const only = arg('only')?.split(',');
const afterWrite = process.argv.includes('--after-write');
const db = openDatabase(databaseFile(dataDir));

/** The context a request of this user would get (the pinned clock of the benchmark). */
async function contextOf(username: string): Promise<ServiceContext> {
  const row = db.$client.prepare('select id, session_version as sv from users where username = ?').get(username) as { id: number; sv: number };
  const user = await loadSessionUser(db, { userId: row.id, sessionVersion: row.sv, sessionId: await startSession(db, { userId: row.id, method: 'password', ip: null, userAgent: null, now }) }, now);
  if (!user) throw new Error(`no user ${username}`);
  const { mustChangePassword: _m, ...actor } = user;
  return { db, actor, now, today, meta: NO_META };
}

async function main() {
  const supervisor = await contextOf('duchashi');
  const leader = await contextOf('lingdao');
  const reporter = await contextOf('fgj');
  const inView = await activePlans(db, supervisor.actor);
  const plan = inView[0]!;

  const cases: Record<string, () => Promise<unknown>> = {
    session: async () => {
      await loadSessionUser(db, { userId: supervisor.actor.userId, sessionVersion: 1, sessionId: supervisor.actor.sessionId! }, now);
      return unreadCount(db, supervisor.actor);
    },
    '/tasks': async () => {
      const ledger = await getLedger(supervisor, inView, ledgerFilterSchema.parse({}));
      await listUnitOptions(supervisor);
      return (await signalsForPlans(supervisor, ledger.plans)).size;
    },
    '/my': async () => {
      const lists = await getWorkbench(reporter, inView);
      await signalsForPlans(
        reporter,
        lists.map((w) => w.plan),
        { taskIds: lists.flatMap((wb) => [...wb.leading, ...wb.joining].map((r) => r.task.id)), ownUnitOnly: true },
      );
      return (await unacknowledgedForUnit(reporter)).length;
    },
    '/review': async () => {
      const items = (await listReviewQueue(supervisor, inView, reviewQueueFilterSchema.parse({}))).items;
      await signalsForTasks(supervisor, plan.id, { taskIds: [...new Set(items.map((i) => i.taskId))] });
      await currentPeriodOf(db, plan.id, today);
      await listSections(supervisor, inView);
      await listUnitOptions(supervisor);
      return items.length;
    },
    '/overdue': async () => {
      await listSections(supervisor, inView);
      await listUnitOptions(supervisor);
      return (await listOverdue(supervisor, inView, overdueFilterSchema.parse({}))).total;
    },
    '/dashboard': async () => (await getDashboard(leader, inView)).lagging.length,
    '/tasks/40': async () => {
      const task = (await getTaskById(supervisor, 40))!;
      await getIndicatorProgress(supervisor, task.id);
      await signalsForTasks(supervisor, task.plan.id, { taskIds: [task.id] });
      await flagHistory(supervisor, task.id);
      await instructionsForTask(supervisor, task.id);
      return (await taskTimeline(db, supervisor.actor, task.id, 50)).length;
    },
    // The panels the task page added with issue 12 (签收, 办结, 时间节点, 延期, 问题), one by one.
    'task:signFor': async () => (await signForOfTask(supervisor, 40)).length,
    'task:closure': async () => (await closureOfTask(supervisor, 40))?.status,
    'task:milestones': async () => (await getTaskMilestones(supervisor, 40)).milestones.length,
    'task:extensions': async () => (await listTaskExtensions(supervisor, 40)).length,
    'task:problems': async () => (await problemsForTask(supervisor, 40)).length,
    'task:getTaskById': async () => (await getTaskById(supervisor, 40))?.id,
    'task:indicators': async () => (await getIndicatorProgress(supervisor, 40)).length,
    'task:signals': async () => (await signalsForTasks(supervisor, (await getTaskById(supervisor, 40))!.plan.id, { taskIds: [40] })).size,
    'task:timeline': async () => (await taskTimeline(db, supervisor.actor, 40, 50)).length,
    'task:instructions': async () => (await instructionsForTask(supervisor, 40)).length,
    '/my/tasks/1': async () => (await getReportEditor(reporter, 1)).role,
    'computeSignals(all)': async () => (await computeSignals(db, plan.id, today, await getWarningSettings(db, FIRST_DISTRICT_ID))).size,
    'collectFacts(all months)': async () => {
      const out: number[] = [];
      for (const p of (await listPeriods(db, plan.id)).filter((p) => p.leadDeadline < today)) out.push((await collectFacts(db, p, today)).length);
      return out;
    },
  };

  for (const [name, fn] of Object.entries(cases)) {
    if (only && !only.includes(name)) continue;
    const times: number[] = [];
    let result: unknown;
    for (let i = 0; i < runs; i++) {
      if (afterWrite && db.$client.prepare('update reports set updated_at = updated_at where id = (select max(id) from reports where task_id in (select id from tasks where plan_id = ?))').run(plan.id).changes !== 1) {
        throw new Error('--after-write: the first list has no report to write');
      }
      const t = performance.now();
      result = await fn();
      times.push(performance.now() - t);
    }
    // The first run after a write computes; later ones may be served by the per-generation cache.
    const first = times[0]!;
    times.sort((a, b) => a - b);
    console.log(`${name.padEnd(26)} first ${first.toFixed(1).padStart(9)} ms  median ${times[Math.floor(times.length / 2)]!.toFixed(1).padStart(9)} ms  min ${times[0]!.toFixed(1).padStart(9)} ms  → ${JSON.stringify(result)}`);
  }
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase(db));
