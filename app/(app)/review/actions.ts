'use server';

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { planScope } from '@/lib/plans/plan-scope';
import { requestMeta } from '@/lib/request-meta';
import { reviewSubmission } from '@/lib/review/review-service';

export async function reviewAction(input: unknown) {
  const actor = await requireActor();
  const result = await guarded(async () => reviewSubmission(getDb(), actor, input, now(), await requestMeta()));
  if (result.ok) revalidatePath('/review');
  return result;
}

/** 一键催办 for the lists the user has in view (each list's period of this month). */
export async function remindAction() {
  const actor = await requireActor();
  return guarded(async () => {
    const db = getDb();
    return sendPeriodReminders(db, actor, planScope(db, actor).plans, today(), now(), await requestMeta());
  });
}
