'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { deleteAttachment } from '@/lib/attachments/attachment-service';
import { attachmentStore } from '@/lib/attachments/attachment-store-instance';

/** Removes one of the actor's own unit's attachments from a report, part or notice answer that is still editable (the argument: its id). */
export const deleteAttachmentAction = action({
  schema: z.coerce.number().int().positive(),
  invalidMessage: '附件编号不正确',
  run: (ctx, attachmentId) => deleteAttachment(ctx, attachmentStore(), attachmentId),
});
