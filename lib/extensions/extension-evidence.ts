/**
 * 延期申请's evidence (佐证材料): attachments of owner 'extension_request', added by the unit while
 * its request waits, read by the unit and the oversight roles (lib/attachments/attachment-service.ts).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { attachments, extensionRequests, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';
import { OPEN_EXTENSION_STATUSES } from './extension-rules';

export const EVIDENCE_CLOSED = '延期申请已审批或撤回，佐证材料不能再修改';

/**
 * A request of the actor's unit and district (both in the WHERE clause: another unit's or
 * district's is "not found") and whether its evidence may change.
 */
export async function extensionEvidenceOwner(db: Reader, actor: Actor, requestId: number): Promise<{ id: number; taskId: number; open: boolean }> {
  assertCan(actor, 'extensions.request');
  const [row] = await db
    .select({ id: extensionRequests.id, taskId: extensionRequests.taskId, status: extensionRequests.status })
    .from(extensionRequests)
    .innerJoin(tasks, eq(tasks.id, extensionRequests.taskId))
    .where(and(eq(extensionRequests.id, requestId), eq(extensionRequests.unitId, ownUnitId(actor)), eq(tasks.districtId, ownDistrictId(actor))))
    .limit(1);
  if (!row) throw new NotFoundError('找不到该延期申请');
  return { id: row.id, taskId: row.taskId, open: OPEN_EXTENSION_STATUSES.includes(row.status) };
}

/** Whether the request an attachment belongs to still waits (its evidence may be removed); one of another district never does. */
export async function isExtensionOpen(db: Reader, districtId: number, requestId: number): Promise<boolean> {
  const [row] = await db
    .select({ status: extensionRequests.status })
    .from(extensionRequests)
    .innerJoin(tasks, eq(tasks.id, extensionRequests.taskId))
    .where(and(eq(extensionRequests.id, requestId), eq(tasks.districtId, districtId)))
    .limit(1);
  return !!row && OPEN_EXTENSION_STATUSES.includes(row.status);
}

export type EvidenceItem = { id: number; fileName: string; size: number; mime: string };

/** The evidence of the given requests, by request id (callers have already scoped the requests). */
export async function evidenceOf(db: Reader, requestIds: readonly number[]): Promise<Map<number, EvidenceItem[]>> {
  const out = new Map<number, EvidenceItem[]>();
  if (requestIds.length === 0) return out;
  const rows = await db
    .select({ ownerId: attachments.ownerId, id: attachments.id, fileName: attachments.fileName, size: attachments.size, mime: attachments.mime })
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'extension_request'), inArray(attachments.ownerId, [...requestIds])))
    .orderBy(asc(attachments.id));
  for (const { ownerId, ...a } of rows) out.set(ownerId, [...(out.get(ownerId) ?? []), a]);
  return out;
}
