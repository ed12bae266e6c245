'use server';

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { registerItem } from '@/lib/plans/item-service';
import { assignTask, setPlanStatus, updatePlanSettings } from '@/lib/plans/plan-service';
import { requestMeta } from '@/lib/request-meta';

/** 清单设置: short name and kind. */
export async function updatePlanSettingsAction(input: unknown) {
  const actor = await requireActor();
  const result = await guarded(async () => updatePlanSettings(getDb(), actor, input, now(), await requestMeta()));
  if (result.ok) revalidatePath('/', 'layout');
  return result;
}

/** 发布 / 归档 / 恢复 a list. */
export async function setPlanStatusAction(input: unknown) {
  const actor = await requireActor();
  const result = await guarded(async () => setPlanStatus(getDb(), actor, input, now(), await requestMeta()));
  if (result.ok) revalidatePath('/', 'layout');
  return result;
}

/** 分解: one task's units, leaders and deadline, saved as the office goes. */
export async function assignTaskAction(input: unknown) {
  const actor = await requireActor();
  return guarded(async () => assignTask(getDb(), actor, input, now(), await requestMeta()));
}

/** 立项: an item from a meeting or a leader. */
export async function registerItemAction(input: unknown) {
  const actor = await requireActor();
  const result = await guarded(async () => registerItem(getDb(), actor, input, today(), now(), await requestMeta()));
  if (result.ok) revalidatePath('/', 'layout');
  return result;
}
