import { getSessionUser } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { resolveBulletinMonth } from '@/lib/exports/bulletin';
import { exportBulletinDocx } from '@/lib/exports/export-service';
import { runExport, textResponse } from '@/lib/exports/http';
import { requestMeta } from '@/lib/request-meta';

export const runtime = 'nodejs';

/**
 * 月度调度通报 as .docx: /api/exports/bulletin/<YYYY-MM>.docx, every active list of the month
 * (supervisors, leaders, admins). Older links name a reporting period's id: its month is sent.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const match = /^(\d{4}-\d{2}|\d{1,9})\.docx$/.exec((await params).file);
  const user = await getSessionUser();
  if (!match) return user ? textResponse(404, '找不到该调度通报') : textResponse(401, '请先登录');
  const meta = await requestMeta();
  return runExport(user, (actor) => {
    const db = getDb();
    return exportBulletinDocx(db, actor, resolveBulletinMonth(db, actor, match[1]!), today(), now(), meta);
  });
}
