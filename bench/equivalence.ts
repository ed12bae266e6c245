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
import { closeDatabase, databaseFile, openDatabase } from '@/db/client';
import { NO_META } from '@/lib/audit/audit-service';
import { loadSessionUser } from '@/lib/auth/account-service';
import { collectFacts } from '@/lib/assessment/unit-facts';
import type { ServiceContext } from '@/lib/context';
import { getIndicatorProgress } from '@/lib/indicators/indicator-service';
import { getLedger, getTaskById, ledgerFilterSchema } from '@/lib/ledger/ledger-service';
import { getDashboard, taskIdsWithLeadState } from '@/lib/oversight/dashboard-service';
import { listOverdue, overdueFilterSchema } from '@/lib/oversight/overdue-service';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { currentPeriodOf, listPeriods } from '@/lib/reporting/period-service';
import { getWorkbench } from '@/lib/reporting/workbench';
import { listReviewQueue } from '@/lib/review/review-service';
import { reviewQueueFilterSchema } from '@/lib/review/schemas';
import { listUnitOptions } from '@/lib/units/unit-service';
import { activePlans } from '@/lib/plans/plan-scope';
import { computeSignals } from '@/lib/warnings/signal-service';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { startSession } from '@/lib/auth/user-sessions';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = path.resolve(arg('data-dir') ?? './data');
const out = arg('out') ?? 'equivalence.json';
const now = new Date(arg('now') ?? '2023-12-22T09:30:00+08:00');
const today = shanghaiDate(now);
const skip = new Set(arg('skip')?.split(',') ?? []);
const db = openDatabase(databaseFile(dataDir));

/** The context a request of this user would get (the pinned clock of the run). */
async function contextOf(username: string): Promise<ServiceContext> {
  const row = db.$client.prepare('select id, session_version as sv from users where username = ?').get(username) as { id: number; sv: number };
  const { mustChangePassword: _m, ...actor } = (await loadSessionUser(db, { userId: row.id, sessionVersion: row.sv, sessionId: await startSession(db, { userId: row.id, method: 'password', ip: null, userAgent: null, now }) }, now))!;
  return { db, actor, now, today, meta: NO_META };
}

const plain = (v: unknown): unknown => {
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [k, plain(x)]);
  if (v instanceof Set) return [...v].map(plain);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

const result: Record<string, unknown> = {};
const time: Record<string, number> = {};

async function run(name: string, fn: () => Promise<unknown>) {
  if (skip.has(name)) return;
  const t = performance.now();
  result[name] = plain(await fn());
  time[name] = Math.round(performance.now() - t);
  console.error(`${name}: ${time[name]} ms`);
}

async function main() {
  const supervisor = await contextOf('duchashi');
  const leader = await contextOf('lingdao');
  const reporter = await contextOf('fgj');
  const unitHead = await contextOf('fgj_head');
  const inView = await activePlans(db, supervisor.actor);
  const plan = inView[0]!;
  const settings = await getWarningSettings(db, FIRST_DISTRICT_ID);

  await run('signals.all', () => computeSignals(db, plan.id, today, settings));
  await run('signals.unit', () => computeSignals(db, plan.id, today, settings, { unitId: reporter.actor.unitId!, taskIds: [1, 2, 3, 4, 40] }));
  // Lists are paged on the pages; here each is read whole (one page as large as the list).
  const ALL = 1_000_000_000;
  await run('ledger', () => getLedger(supervisor, inView, ledgerFilterSchema.parse({}), { pageSize: ALL }));
  await run('ledger.unit', () => getLedger(supervisor, inView, ledgerFilterSchema.parse({ unit: String(reporter.actor.unitId), q: '推进' }), { pageSize: ALL }));
  await run('unitOptions', () => listUnitOptions(supervisor));
  await run('workbench', () => getWorkbench(reporter, inView));
  await run('review', () => listReviewQueue(supervisor, inView, reviewQueueFilterSchema.parse({}), ALL));
  await run('review.returned', () => listReviewQueue(supervisor, inView, reviewQueueFilterSchema.parse({ state: 'returned' }), ALL));
  await run('overdue', () => listOverdue(supervisor, inView, overdueFilterSchema.parse({}), ALL));
  await run('overdue.unit', () => listOverdue(reporter, inView, overdueFilterSchema.parse({ sort: 'unit' }), ALL));
  await run('dashboard.leader', () => getDashboard(leader, inView));
  await run('dashboard.unit', () => getDashboard(unitHead, inView));
  await run('drill.states', async () => {
    const period = (await currentPeriodOf(db, plan.id, today))!;
    const out: [string, number[]][] = [];
    for (const s of ['none', 'draft', 'submitted', 'approved', 'returned'] as const) {
      out.push([s, [...(await taskIdsWithLeadState(leader, plan.id, period.id, s))].sort((a, b) => a - b)]);
    }
    return out;
  });
  await run('facts', async () => {
    const out: unknown[] = [];
    for (const p of await listPeriods(db, plan.id)) out.push(await collectFacts(db, p, today));
    return out;
  });
  await run('task40', async () => {
    const task = (await getTaskById(supervisor, 40))!;
    return { task, progress: await getIndicatorProgress(supervisor, task.id), reporterView: await getIndicatorProgress(reporter, task.id) };
  });

  fs.writeFileSync(out, JSON.stringify(result));
  console.error(`wrote ${out}; ${JSON.stringify(time)}`);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase(db));
