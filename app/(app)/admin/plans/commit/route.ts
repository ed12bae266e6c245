import { revalidatePath } from 'next/cache';
import { importPlanFromConsole } from '@/lib/admin/plan-admin-service';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';
import { handlePlanRequest } from '../plan-route';

export const runtime = 'nodejs';

/** 确认导入: the previewed document and options, with the unit mapping chosen, through importPlan in one transaction. */
export async function POST(request: Request) {
  const meta = await requestMeta();
  const response = await handlePlanRequest(request, (actor, body, document) => importPlanFromConsole(getDb(), actor, body, meta, now(), document, today()));
  // A new list is in the loop now: every page shows it.
  if (response.ok) revalidatePath('/', 'layout');
  return response;
}
