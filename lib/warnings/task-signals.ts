import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { computeSignals, type TaskSignals } from './signal-service';
import { getWarningSettings } from './settings-service';

/**
 * Signals for the tasks a page shows, as of the request's day. Everyone who can read the ledger
 * sees a task's signals; with `ownUnitOnly`, the 报送 light reflects only the actor's own unit
 * (the workbench).
 */
export async function signalsForTasks(
  ctx: ServiceContext,
  planId: number,
  options: { taskIds?: number[]; ownUnitOnly?: boolean } = {},
): Promise<Map<number, TaskSignals>> {
  const { db, actor } = ctx;
  assertCan(actor, 'ledger.read');
  return computeSignals(db, planId, ctx.today, await getWarningSettings(db), {
    taskIds: options.taskIds,
    unitId: options.ownUnitOnly && actor.unitId !== null ? actor.unitId : undefined,
  });
}

/** signalsForTasks over several lists: one map keyed by task id (ids are unique across lists). */
export async function signalsForPlans(
  ctx: ServiceContext,
  inView: readonly { id: number }[],
  options: { taskIds?: number[]; ownUnitOnly?: boolean } = {},
): Promise<Map<number, TaskSignals>> {
  if (inView.length === 1) return signalsForTasks(ctx, inView[0]!.id, options);
  const merged = new Map<number, TaskSignals>();
  for (const plan of inView) for (const [id, s] of await signalsForTasks(ctx, plan.id, options)) merged.set(id, s);
  return merged;
}
