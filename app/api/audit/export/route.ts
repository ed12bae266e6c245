import { auditFilterSchema, exportAuditLog } from '@/lib/audit/audit-query';
import { fileResponse } from '@/lib/exports/http';
import { refusalResponse, route } from '@/lib/http/route-handler';

export const runtime = 'nodejs';

/**
 * 审计日志导出 (CSV with a BOM): the audit administrator only; the same filters as the page, parsed
 * with the same schema; capped (lib/audit/audit-query.ts) with a message; the export is audited.
 */
export const GET = route({ refusals: 'text', permission: 'audit.read' }, async (ctx, request) => {
  const params = new URL(request.url).searchParams;
  const parsed = auditFilterSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return refusalResponse(400, `筛选条件不正确：${parsed.error.issues[0]?.message ?? '请检查'}`, 'text');
  return fileResponse(await exportAuditLog(ctx, parsed.data));
});
