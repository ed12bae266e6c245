import fs from 'node:fs';
import { Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import { findReadableAttachment } from '@/lib/attachments/attachment-service';
import { IMAGE_MIMES } from '@/lib/attachments/file-policy';
import { fileStore } from '@/lib/attachments/file-store-instance';
import { getSessionUser } from '@/lib/auth/session';
import { writeAudit } from '@/lib/audit/audit-service';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

export const runtime = 'nodejs';

const notFound = () => new Response('附件不存在', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * Download of an attachment, only to readers the service allows (anyone else gets 404, so ids
 * reveal nothing). Always `attachment` with the Chinese name kept (RFC 5987), except images asked
 * for as a thumbnail (`?inline=1`), which are sandboxed.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getSessionUser();
  if (!user || user.mustChangePassword) return notFound();
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) return notFound();
  const { mustChangePassword: _m, ...actor } = user;
  const row = findReadableAttachment(getDb(), actor, id);
  if (!row) return notFound();
  const store = fileStore();
  if (!store.exists(row.sha256)) return notFound();

  const inline = new URL(request.url).searchParams.get('inline') === '1' && IMAGE_MIMES.has(row.mime);
  // Thumbnails are views, not downloads: only full downloads go to the audit trail.
  if (!inline) {
    writeAudit(getDb(), actor, { action: 'attachment.download', entityType: 'attachment', entityId: row.id, taskId: row.taskId, unitId: row.unitId, detail: { fileName: row.fileName } }, await requestMeta(), now());
  }
  const stream = Readable.toWeb(fs.createReadStream(store.pathFor(row.sha256))) as ReadableStream;
  return new Response(stream, {
    headers: {
      'Content-Type': row.mime,
      'Content-Length': String(row.size),
      'Content-Disposition': contentDisposition(row.fileName, { type: inline ? 'inline' : 'attachment' }),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    },
  });
}
