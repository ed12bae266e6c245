'use client';

import { deleteAttachmentAction } from '@/app/(app)/attachment-actions';
import { AttachmentPanel, type AttachmentItem } from '@/components/attachment-panel';

/** 佐证材料 of the unit's own waiting request: upload and remove until it is decided. */
export function ExtensionEvidencePanel({ requestId, initial, maxMb }: { requestId: number; initial: AttachmentItem[]; maxMb: number }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-xs font-medium">佐证材料</span>
      <AttachmentPanel target={{ ownerType: 'extension_request', requestId }} initial={initial} editable deleteAction={deleteAttachmentAction} maxMb={maxMb} />
    </div>
  );
}
