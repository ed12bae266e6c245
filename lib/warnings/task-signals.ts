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
