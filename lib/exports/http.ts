import contentDisposition from 'content-disposition';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/auth/permissions';
import { NotFoundError } from '@/lib/reporting/report-service';
import type { ExportFile } from './export-service';

/**
 * The HTTP around the export services (used by the route handlers under app/api/exports): a file
 * as an attachment with its Chinese name kept (RFC 5987 filename*), and refusals as plain Chinese
 * text. Authorisation itself is in the services.
 */

export function textResponse(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' },
  });
}

export function fileResponse(file: ExportFile): Response {
  return new Response(new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.body.length),
      'Content-Disposition': contentDisposition(file.fileName, { type: 'attachment' }),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, no-store',
    },
  });
}

type SessionUserLike = (Actor & { mustChangePassword: boolean }) | null;

/**
 * Runs an export for the session user: 401 without a session, 403 for a user who must first change
 * the password or whom the service refuses, 404 for what does not exist, the file otherwise.
 */
export async function runExport(user: SessionUserLike, produce: (actor: Actor) => Promise<ExportFile>): Promise<Response> {
  if (!user) return textResponse(401, '请先登录');
  const { mustChangePassword, ...actor } = user;
  if (mustChangePassword) return textResponse(403, '请先修改初始密码');
  try {
    return fileResponse(await produce(actor));
  } catch (err) {
    if (err instanceof ForbiddenError) return textResponse(403, err.message);
    if (err instanceof NotFoundError) return textResponse(404, err.message);
    throw err;
  }
}
