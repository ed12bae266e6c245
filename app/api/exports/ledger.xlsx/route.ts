import { getSessionUser } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { exportLedger } from '@/lib/exports/export-service';
import { runExport } from '@/lib/exports/http';
import { planScope } from '@/lib/plans/plan-scope';
import { requestMeta } from '@/lib/request-meta';

export const runtime = 'nodejs';

/** 工作台账 as .xlsx: every task of the lists in view for the office, the own unit's tasks for unit staff (lib/exports). */
export async function GET() {
  const user = await getSessionUser();
  const meta = await requestMeta();
  return runExport(user, (actor) => {
    const db = getDb();
    return exportLedger(db, actor, planScope(db, actor).plans, 'xlsx', today(), now(), meta);
  });
}
