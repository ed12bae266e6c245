/**
 * 办结申请's evidence (佐证材料): attachments of owner 'closure_request', added by the lead unit
 * while its application waits, read by the unit and the oversight roles (lib/attachments/attachment-service.ts).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { attachments, closureRequests, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';

export const CLOSURE_EVIDENCE_CLOSED = '办结申请已审核，佐证材料不能再修改';

/**
 * An application of the actor's unit and district (both in the WHERE clause: another unit's or
 * district's is "not found") and whether its evidence may change.
 */
export async function closureEvidenceOwner(db: Reader, actor: Actor, requestId: number): Promise<{ id: number; taskId: number; open: boolean }> {
  assertCan(actor, 'closures.request');
  const [row] = await db
    .select({ id: closureRequests.id, taskId: closureRequests.taskId, status: closureRequests.status })
    .from(closureRequests)
    .innerJoin(tasks, eq(tasks.id, closureRequests.taskId))
    .where(and(eq(closureRequests.id, requestId), eq(closureRequests.unitId, ownUnitId(actor)), eq(tasks.districtId, ownDistrictId(actor))))
    .limit(1);
  if (!row) throw new NotFoundError('找不到该办结申请');
  return { id: row.id, taskId: row.taskId, open: row.status === 'pending' };
}

/** Whether the application an attachment belongs to still waits (its evidence may be removed); one of another district never does. */
export async function isClosureRequestOpen(db: Reader, districtId: number, requestId: number): Promise<boolean> {
  const [row] = await db
    .select({ status: closureRequests.status })
    .from(closureRequests)
    .innerJoin(tasks, eq(tasks.id, closureRequests.taskId))
    .where(and(eq(closureRequests.id, requestId), eq(tasks.districtId, districtId)))
    .limit(1);
  return row?.status === 'pending';
}

export type ClosureEvidenceItem = { id: number; fileName: string; size: number; mime: string };

/** The evidence of the given applications, by application id (callers have already scoped the applications). */
export async function closureEvidenceOf(db: Reader, requestIds: readonly number[]): Promise<Map<number, ClosureEvidenceItem[]>> {
  const out = new Map<number, ClosureEvidenceItem[]>();
  if (requestIds.length === 0) return out;
  const rows = await db
    .select({ ownerId: attachments.ownerId, id: attachments.id, fileName: attachments.fileName, size: attachments.size, mime: attachments.mime })
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'closure_request'), inArray(attachments.ownerId, [...requestIds])))
    .orderBy(asc(attachments.id));
  for (const { ownerId, ...a } of rows) out.set(ownerId, [...(out.get(ownerId) ?? []), a]);
  return out;
}
