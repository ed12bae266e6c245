import contentDisposition from 'content-disposition';
import type { ExportFile } from './export-service';

/**
 * A download as the route handlers under app/api/exports send it: an attachment with its Chinese
 * name kept (RFC 5987 filename*), never sniffed or cached. The session, the refusals (plain
 * Chinese text, 401/403/404) and the service context come from the route preamble
 * (lib/http/route-handler.ts, `refusals: 'text'`); authorisation itself is in the services.
 */
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
