'use server';

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';
import { saveUnitGroup } from '@/lib/units/unit-group-service';

/** 单位组: create or edit a group (name, the phrases that stand for it, its member units). */
export async function saveUnitGroupAction(input: unknown) {
  const actor = await requireActor();
  const result = await guarded(async () => saveUnitGroup(getDb(), actor, input, now(), await requestMeta()));
  if (result.ok) revalidatePath('/admin/unit-groups');
  return result;
}
