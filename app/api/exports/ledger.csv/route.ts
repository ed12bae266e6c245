import { exportLedger } from '@/lib/exports/export-service';
import { fileResponse } from '@/lib/exports/http';
import { route } from '@/lib/http/route-handler';
import { planScope } from '@/lib/plans/plan-scope';

export const runtime = 'nodejs';

/** 工作台账 as .csv (UTF-8 with BOM): every task of the lists in view for the office, the own unit's tasks for unit staff (lib/exports). */
export const GET = route({ refusals: 'text' }, async (ctx) => {
  const { plans } = await planScope(ctx.db, ctx.actor);
  return fileResponse(await exportLedger(ctx, plans, 'csv'));
});
