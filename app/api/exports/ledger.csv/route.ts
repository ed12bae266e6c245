import { getSessionUser } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { exportLedger } from '@/lib/exports/export-service';
import { runExport } from '@/lib/exports/http';
import { requestMeta } from '@/lib/request-meta';

export const runtime = 'nodejs';

/** 工作台账 as .csv (UTF-8 with BOM): every task for the office, the own unit's tasks for unit staff (lib/exports). */
export async function GET() {
  const user = await getSessionUser();
  const meta = await requestMeta();
  return runExport(user, (actor) => exportLedger(getDb(), actor, 'csv', today(), now(), meta));
}
