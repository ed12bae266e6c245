import { revalidatePath } from 'next/cache';
import { invalidInput } from '@/lib/actions/action-result';
import { importPlanFromConsole } from '@/lib/admin/plan-admin-service';
import { planImportSchema } from '@/lib/admin/schemas';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';
import { handlePlanRequest } from '../plan-route';

export const runtime = 'nodejs';

/** 确认导入: the previewed text, through importPlan, in one transaction. */
export async function POST(request: Request) {
  const meta = await requestMeta();
  const response = await handlePlanRequest(request, (actor, body) => {
    const parsed = planImportSchema.safeParse(body);
    if (!parsed.success) return invalidInput(parsed.error);
    return importPlanFromConsole(getDb(), actor, parsed.data, meta, now());
  });
  // A new plan may be the current one now: every page shows it.
  if (response.ok) revalidatePath('/', 'layout');
  return response;
}
