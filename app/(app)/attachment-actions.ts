'use server';

import { guarded } from '@/lib/actions/action-result';
import { deleteAttachment } from '@/lib/attachments/attachment-service';
import { fileStore } from '@/lib/attachments/file-store-instance';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/** Removes one of the actor's own unit's attachments from a report, part or notice answer that is still editable. */
export async function deleteAttachmentAction(attachmentId: unknown) {
  const actor = await requireActor();
  const id = Number(attachmentId);
  if (!Number.isInteger(id) || id <= 0) return { ok: false as const, error: '附件编号不正确' };
  const meta = await requestMeta();
  return guarded(() => deleteAttachment(getDb(), fileStore(), actor, id, now(), meta));
}
