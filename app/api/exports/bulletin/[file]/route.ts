import { NotFoundError } from '@/lib/errors';
import { resolveBulletinMonth } from '@/lib/exports/bulletin';
import { exportBulletinDocx } from '@/lib/exports/export-service';
import { fileResponse } from '@/lib/exports/http';
import { route } from '@/lib/http/route-handler';

export const runtime = 'nodejs';

/**
 * 月度调度通报 as .docx: /api/exports/bulletin/<YYYY-MM>.docx, every active list of the month
 * (supervisors, leaders, admins). Older links name a reporting period's id: its month is sent.
 */
export const GET = route<{ file: string }>({ refusals: 'text' }, async (ctx, _request, { file }) => {
  const match = /^(\d{4}-\d{2}|\d{1,9})\.docx$/.exec(file);
  if (!match) throw new NotFoundError('找不到该调度通报');
  return fileResponse(await exportBulletinDocx(ctx, await resolveBulletinMonth(ctx, match[1]!)));
});
