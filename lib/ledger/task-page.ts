import { taskTimeline } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import type { ServiceContext } from '@/lib/context';
import { districtKey, districtScopeOf } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';
import { listTaskExtensions, openMilestonesOfTask } from '@/lib/extensions/extension-service';
import { getIndicatorProgress } from '@/lib/indicators/indicator-service';
import { instructionsForTask } from '@/lib/instructions/instruction-service';
import { closureOfTask } from '@/lib/lifecycle/closure-service';
import { signForOfTask } from '@/lib/lifecycle/sign-for-service';
import { getTaskMilestones, type TaskMilestones } from '@/lib/milestones/milestone-service';
import { problemsForTask } from '@/lib/problems/problem-service';
import { flagHistory } from '@/lib/warnings/flag-service';
import { signalsForTasks } from '@/lib/warnings/task-signals';
import { getTaskById, type TaskDetail } from './ledger-service';
import { taskActivity } from './task-activity';

/** Entries of 办理记录 the task page shows (the newest). */
export const TASK_PAGE_TIMELINE = 50;

/** Whether the actor's unit leads the task and may ask for a later deadline now (申请延期). */
export function leadMayAsk(actor: Actor, task: TaskDetail): boolean {
  const lead = actor.unitId !== null && task.lead.some((u) => u.id === actor.unitId);
  return lead && can(actor, 'extensions.request') && task.plan.status === 'active' && !task.closedOn;
}

async function milestonesOrNull(ctx: ServiceContext, taskId: number): Promise<TaskMilestones | null> {
  try {
    return await getTaskMilestones(ctx, taskId);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

async function readTaskPage(ctx: ServiceContext, id: number) {
  const { db, actor } = ctx;
  const task = await getTaskById(ctx, id);
  if (!task) return null;
  // Panels with nothing recorded for the task (most tasks) skip their queries.
  const activity = await taskActivity(db, actor, task.id);
  const [progress, signalMap, flags, thread, timeline, signs, closure, milestonePlan, extensionRows, openMilestones, problems] = await Promise.all([
    getIndicatorProgress(ctx, task.id),
    signalsForTasks(ctx, task.plan.id, { taskIds: [task.id] }),
    flagHistory(ctx, task.id),
    instructionsForTask(ctx, task.id),
    taskTimeline(db, actor, task.id, TASK_PAGE_TIMELINE),
    signForOfTask(ctx, task.id),
    closureOfTask(ctx, task.id),
    // A unit's own standing decides whether it may file a plan; the office sees only a plan that exists.
    activity.milestonePlan || !seesAllUnits(actor) ? milestonesOrNull(ctx, task.id) : null,
    activity.extensionRequests ? listTaskExtensions(ctx, task.id) : [],
    // 时间节点: each approved milestone not yet done may be moved too (its date shows in 时间节点).
    leadMayAsk(actor, task) ? openMilestonesOfTask(ctx, task.id) : [],
    activity.problems ? problemsForTask(ctx, task.id) : [],
  ]);
  return {
    task,
    progress,
    signals: signalMap.get(task.id),
    flags,
    thread,
    timeline,
    lifecycle: { signs, closure },
    milestonePlan,
    extensions: { rows: extensionRows, milestones: openMilestones },
    problems,
  };
}

export type TaskPageData = NonNullable<Awaited<ReturnType<typeof readTaskPage>>>;

/**
 * Everything the task page (任务详情) shows, read in one go; null when the task does not exist or is
 * not the reader's to see. Each part comes from its own service, which checks the actor's rights
 * and scopes its rows to the actor's district and unit.
 *
 * Kept until the next write, per reader: what a task page shows depends on who reads it (a unit
 * sees its own instructions, extension requests and 签收 button), so the key is the user, with the
 * district and the day. It is opened far more often than anything on it changes, and it is ~35
 * queries, which on PostgreSQL cost more CPU than the page's rendering. Callers must not modify it.
 */
export async function loadTaskPage(ctx: ServiceContext, id: number): Promise<TaskPageData | null> {
  assertCan(ctx.actor, 'ledger.read');
  const key = ['task-page', districtKey(districtScopeOf(ctx.actor)), `user${ctx.actor.userId}`, String(id), ctx.today].join('|');
  return memoByGeneration(ctx.db, key, () => readTaskPage(ctx, id), { view: true });
}
