import { revalidatePath } from 'next/cache';
import { importPlanFromConsole } from '@/lib/admin/plan-admin-service';
import { planImportSchema } from '@/lib/admin/schemas';
import { route } from '@/lib/http/route-handler';
import { MAX_BODY_BYTES, planResponse, readPlanForm, TOO_LARGE_MESSAGE } from '../plan-route';

export const runtime = 'nodejs';

/** 确认导入: the previewed document and options, with the unit mapping chosen, through importPlan in one transaction. */
export const POST = route({ permission: 'plans.import', maxBodyBytes: MAX_BODY_BYTES, tooLargeMessage: TOO_LARGE_MESSAGE, refusals: 'json' }, async (ctx, request) => {
  const read = await readPlanForm(request, planImportSchema);
  if (read instanceof Response) return read;
  const result = await importPlanFromConsole(ctx, read.input, read.document);
  // A new list is in the loop now: every page shows it.
  if (result.ok) revalidatePath('/', 'layout');
  return planResponse(result);
});
