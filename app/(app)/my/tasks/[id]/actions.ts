'use server';

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';
import { saveContribution, saveReport } from '@/lib/reporting/report-service';

export async function saveReportAction(input: unknown, intent: unknown) {
  const actor = await requireActor();
  const meta = await requestMeta();
  const result = await guarded(() => saveReport(getDb(), actor, input, intent === 'submit' ? 'submit' : 'save', now(), today(), meta));
  if (result.ok) revalidatePath('/my');
  return result;
}

export async function saveContributionAction(input: unknown, intent: unknown) {
  const actor = await requireActor();
  const meta = await requestMeta();
  const result = await guarded(() => saveContribution(getDb(), actor, input, intent === 'submit' ? 'submit' : 'save', now(), today(), meta));
  if (result.ok) revalidatePath('/my');
  return result;
}
