import { invalidInput } from '@/lib/actions/action-result';
import { previewPlanImport } from '@/lib/admin/plan-admin-service';
import { planTextSchema } from '@/lib/admin/schemas';
import { getDb } from '@/lib/db';
import { handlePlanRequest } from '../plan-route';

export const runtime = 'nodejs';

/** 预览: parse the notice and show what would be imported; writes nothing. */
export async function POST(request: Request) {
  return handlePlanRequest(request, (actor, body) => {
    const parsed = planTextSchema.safeParse(body);
    if (!parsed.success) return invalidInput(parsed.error);
    return previewPlanImport(getDb(), actor, parsed.data);
  });
}
