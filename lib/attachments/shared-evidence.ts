import { and, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, tasks } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';
import { itemKey } from '@/lib/reporting/month-rules';
import { writingUnit } from '@/lib/reporting/task-access';
import { fail, ok, type Result } from '@/lib/result';
import { assertMayWrite, ownerForUpload, type PeriodUploadTarget } from './attachment-service';
import { MAX_ATTACHMENTS_PER_OWNER } from './file-policy';

const id = z.number({ error: '编号不正确' }).int('编号不正确').positive('编号不正确');

/** 共用佐证材料: one file the unit uploaded, listed on further reports or parts of its own. */
export const shareEvidenceSchema = z.object({
  attachmentId: id,
  targets: z
    .array(z.object({ ownerType: z.enum(['report', 'contribution'], { error: '类型不正确' }), taskId: id, periodId: id }))
    .min(1, '请选择要共用该材料的任务')
    .max(50, '一次最多共用到 50 项任务'),
});
export type ShareEvidenceInput = z.infer<typeof shareEvidenceSchema>;

export type SharedOwner = { key: string; id: number; version: number; created: boolean };

/**
 * Lists an already uploaded file of the actor's unit on further reports or parts of the unit (the
 * month page's "one file for several tasks"). The bytes are stored once (by their hash); each task
 * gets its own attachment row, so it shows on each and is removed from one without touching the
 * others. A report not yet saved gets its draft, whose version the page learns from the result.
 * Rows where the file is already listed are left as they are.
 */
export async function shareEvidence(ctx: ServiceContext, input: ShareEvidenceInput): Promise<Result<{ owners: SharedOwner[] }>> {
  const { actor, now, meta } = ctx;
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  for (const t of input.targets) {
    await assertMayWrite(ctx.db, actor, t.ownerType, t.taskId);
    await writingUnit(ctx, t, t.ownerType === 'report' ? 'lead' : 'participating', '本单位不是该任务的牵头或参与单位');
  }
  return transaction(ctx.db, async (tx): Promise<Result<{ owners: SharedOwner[] }>> => {
    // The unit and district in the WHERE clause: another unit's or district's file is "not found", like one that does not exist.
    const [found] = await tx
      .select({ source: attachments })
      .from(attachments)
      .innerJoin(tasks, eq(tasks.id, attachments.taskId))
      .where(and(eq(attachments.id, input.attachmentId), eq(attachments.unitId, unitId), eq(tasks.districtId, districtId)))
      .limit(1);
    const source = found?.source;
    if (!source) throw new NotFoundError('找不到该附件');
    const owners: SharedOwner[] = [];
    for (const target of input.targets as PeriodUploadTarget[]) {
      const owner = await ownerForUpload(tx, actor, target, now);
      const key = itemKey(target.ownerType, target.taskId, target.periodId);
      const [listed] = await tx
        .select({ id: attachments.id })
        .from(attachments)
        .where(and(eq(attachments.ownerType, target.ownerType), eq(attachments.ownerId, owner.id), eq(attachments.sha256, source.sha256)))
        .limit(1);
      if (!listed) {
        const [counted] = await tx
          .select({ n: count() })
          .from(attachments)
          .where(and(eq(attachments.ownerType, target.ownerType), eq(attachments.ownerId, owner.id)));
        if ((counted?.n ?? 0) >= MAX_ATTACHMENTS_PER_OWNER) throw new RefusalError(`每份材料最多 ${MAX_ATTACHMENTS_PER_OWNER} 个附件`);
        const [row] = await tx
          .insert(attachments)
          .values({ ownerType: target.ownerType, ownerId: owner.id, unitId, taskId: target.taskId, sha256: source.sha256, size: source.size, mime: source.mime, fileName: source.fileName, uploadedBy: actor.userId })
          .returning({ id: attachments.id });
        await writeAudit(tx, actor, { action: 'attachment.share', entityType: 'attachment', entityId: row!.id, taskId: target.taskId, unitId, detail: { from: source.id, fileName: source.fileName, ownerType: target.ownerType } }, meta, now);
      }
      owners.push({ key, ...owner });
    }
    if (owners.length === 0) return fail('请选择要共用该材料的任务');
    return ok({ owners, message: `已将“${source.fileName}”用于 ${owners.length} 项任务` });
  });
}
