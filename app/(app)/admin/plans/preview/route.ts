import { previewPlanImport } from '@/lib/admin/plan-admin-service';
import { planPreviewSchema } from '@/lib/admin/schemas';
import { route } from '@/lib/http/route-handler';
import { MAX_BODY_BYTES, planResponse, readPlanForm, TOO_LARGE_MESSAGE } from '../plan-route';

export const runtime = 'nodejs';

/** 预览: read the file (or pasted text), parse it and show what would be imported; writes nothing. */
export const POST = route({ permission: 'plans.import', maxBodyBytes: MAX_BODY_BYTES, tooLargeMessage: TOO_LARGE_MESSAGE, refusals: 'json' }, async (ctx, request) => {
  // Reading and parsing a 20 MB document is work: only for those who may import (checked by the preamble, and again by the service).
  const read = await readPlanForm(request, planPreviewSchema);
  if (read instanceof Response) return read;
  return planResponse(await previewPlanImport(ctx, read.input, read.document));
});
