import { getSessionUser } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { exportBulletinDocx } from '@/lib/exports/export-service';
import { runExport, textResponse } from '@/lib/exports/http';
import { requestMeta } from '@/lib/request-meta';

export const runtime = 'nodejs';

/** 月度调度通报 as .docx: /api/exports/bulletin/<periodId>.docx (supervisors, leaders, admins). */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const match = /^(\d{1,9})\.docx$/.exec((await params).file);
  const user = await getSessionUser();
  if (!match) return user ? textResponse(404, '找不到该调度通报') : textResponse(401, '请先登录');
  const meta = await requestMeta();
  return runExport(user, (actor) => exportBulletinDocx(getDb(), actor, Number(match[1]), today(), now(), meta));
}
