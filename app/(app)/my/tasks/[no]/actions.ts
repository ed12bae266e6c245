'use server';

import { revalidatePath } from 'next/cache';
import { guarded } from '@/lib/actions/action-result';
import { deleteAttachment } from '@/lib/attachments/attachment-service';
import { fileStore } from '@/lib/attachments/file-store-instance';
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

export async function deleteAttachmentAction(attachmentId: unknown) {
  const actor = await requireActor();
  const meta = await requestMeta();
  const id = Number(attachmentId);
  if (!Number.isInteger(id) || id <= 0) return { ok: false as const, error: '附件编号不正确' };
  return guarded(() => deleteAttachment(getDb(), fileStore(), actor, id, now(), meta));
}
