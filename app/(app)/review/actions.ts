'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { guarded } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { requestMeta } from '@/lib/request-meta';
import { reviewSubmission } from '@/lib/review/review-service';

export async function reviewAction(input: unknown) {
  const actor = await requireActor();
  const result = await guarded(async () => reviewSubmission(getDb(), actor, input, now(), await requestMeta()));
  if (result.ok) revalidatePath('/review');
  return result;
}

export async function remindAction(periodId: unknown) {
  const actor = await requireActor();
  const id = z.number().int().positive().safeParse(periodId);
  if (!id.success) return { ok: false as const, error: '调度周期不正确' };
  return guarded(async () => sendPeriodReminders(getDb(), actor, id.data, today(), now(), await requestMeta()));
}
