import contentDisposition from 'content-disposition';
import { findReadableAttachment } from '@/lib/attachments/attachment-service';
import { IMAGE_MIMES } from '@/lib/attachments/file-policy';
import { attachmentStore } from '@/lib/attachments/attachment-store-instance';
import { writeAudit } from '@/lib/audit/audit-service';
import { transaction } from '@/lib/db';
import { NotFoundError } from '@/lib/errors';
import { route } from '@/lib/http/route-handler';

export const runtime = 'nodejs';

const NOT_FOUND = '附件不存在';

/**
 * Download of an attachment, only to readers the service allows: anyone else — also without a
 * session or before the initial password is changed — gets the same 404, so ids reveal nothing. Always `attachment` with the Chinese name kept (RFC 5987), except images asked
 * for as a thumbnail (`?inline=1`), which are sandboxed.
 */
export const GET = route<{ id: string }>({ refusals: 'text', hideRefusalsAs: NOT_FOUND }, async (ctx, request, params) => {
  // Digits only, within the id column's range (anything else is simply not found).
  if (!/^[1-9]\d{0,8}$/.test(params.id)) throw new NotFoundError(NOT_FOUND);
  const id = Number(params.id);
  const row = await findReadableAttachment(ctx, id);
  if (!row) throw new NotFoundError(NOT_FOUND);
  // Opened before the audit entry: a file that is gone is a 404, not a download on record.
  const file = await attachmentStore().open(row.sha256);
  if (!file) throw new NotFoundError(NOT_FOUND);

  const inline = new URL(request.url).searchParams.get('inline') === '1' && IMAGE_MIMES.has(row.mime);
  // Thumbnails are views, not downloads: only full downloads go to the audit trail.
  if (!inline) {
    try {
      await transaction(ctx.db, (tx) =>
        writeAudit(tx, ctx.actor, { action: 'attachment.download', entityType: 'attachment', entityId: row.id, taskId: row.taskId, unitId: row.unitId, detail: { fileName: row.fileName } }, ctx.meta, ctx.now),
      );
    } catch (err) {
      // Releases the open file or connection.
      await file.stream.cancel().catch(() => undefined);
      throw err;
    }
  }
  return new Response(file.stream, {
    headers: {
      'Content-Type': row.mime,
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition(row.fileName, { type: inline ? 'inline' : 'attachment' }),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
});

