import type { AppDatabase } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { computeSignals, type TaskSignals } from './signal-service';
import { getWarningSettings } from './settings-service';

/**
 * Signals for the tasks a page shows. Everyone who can read the ledger sees a task's signals; with
 * `ownUnitOnly`, the 报送 light reflects only the actor's own unit (the workbench).
 */
export function signalsForTasks(
  db: AppDatabase,
  actor: Actor,
  planId: number,
  today: string,
  options: { taskIds?: number[]; ownUnitOnly?: boolean } = {},
): Map<number, TaskSignals> {
  assertCan(actor, 'ledger.read');
  return computeSignals(db, planId, today, getWarningSettings(db), {
    taskIds: options.taskIds,
    unitId: options.ownUnitOnly && actor.unitId !== null ? actor.unitId : undefined,
  });
}

/** signalsForTasks over several lists: one map keyed by task id (ids are unique across lists). */
export function signalsForPlans(
  db: AppDatabase,
  actor: Actor,
  inView: readonly { id: number }[],
  today: string,
  options: { taskIds?: number[]; ownUnitOnly?: boolean } = {},
): Map<number, TaskSignals> {
  if (inView.length === 1) return signalsForTasks(db, actor, inView[0]!.id, today, options);
  const merged = new Map<number, TaskSignals>();
  for (const plan of inView) for (const [id, s] of signalsForTasks(db, actor, plan.id, today, options)) merged.set(id, s);
  return merged;
}
