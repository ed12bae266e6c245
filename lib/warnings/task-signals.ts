import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { districtScopeOf } from '@/lib/districts/district-scope';
import { districtOfPlans } from './district-plans';
import { computeSignals, type TaskSignals } from './signal-service';
import { warningSettingsByDistrict } from './settings-service';

/**
 * Signals for the tasks a page shows, as of the request's day. Everyone who can read the ledger
 * sees a task's signals; with `ownUnitOnly`, the 报送 light reflects only the actor's own unit
 * (the workbench). A list of another district has no signals (as if it did not exist).
 */
export async function signalsForTasks(
  ctx: ServiceContext,
  planId: number,
  options: { taskIds?: number[]; ownUnitOnly?: boolean } = {},
): Promise<Map<number, TaskSignals>> {
  return signalsForPlans(ctx, [{ id: planId }], options);
}

/**
 * signalsForTasks over several lists: one map keyed by task id (ids are unique across lists). Each
 * list is judged by its own district's thresholds and calendar (the city office views several).
 * With one list the shared map of computeSignals is returned as is: callers must not modify it.
 */
export async function signalsForPlans(
  ctx: ServiceContext,
  inView: readonly { id: number }[],
  options: { taskIds?: number[]; ownUnitOnly?: boolean } = {},
): Promise<Map<number, TaskSignals>> {
  const merged = new Map<number, TaskSignals>();
  if (inView.length === 0) return merged;
  const { db, actor } = ctx;
  assertCan(actor, 'ledger.read');
  const districtOf = await districtOfPlans(db, districtScopeOf(actor), inView.map((p) => p.id));
  const settingsOf = await warningSettingsByDistrict(db, [...districtOf.values()]);
  const signalOptions = { taskIds: options.taskIds, unitId: options.ownUnitOnly && actor.unitId !== null ? actor.unitId : undefined };
  const plans = inView.filter((p) => districtOf.has(p.id));
  if (plans.length === 1) return computeSignals(db, plans[0]!.id, ctx.today, settingsOf.get(districtOf.get(plans[0]!.id)!)!, signalOptions);
  for (const plan of plans) {
    for (const [id, s] of await computeSignals(db, plan.id, ctx.today, settingsOf.get(districtOf.get(plan.id)!)!, signalOptions)) merged.set(id, s);
  }
  return merged;
}
