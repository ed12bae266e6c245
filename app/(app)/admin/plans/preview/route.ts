import { previewPlanImport } from '@/lib/admin/plan-admin-service';
import { today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { handlePlanRequest } from '../plan-route';

export const runtime = 'nodejs';

/** 预览: read the file (or pasted text), parse it and show what would be imported; writes nothing. */
export async function POST(request: Request) {
  return handlePlanRequest(request, (actor, body, document) => previewPlanImport(getDb(), actor, body, document, today()));
}
