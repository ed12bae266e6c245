import { and, count, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { attachments, contributions, noticeTargets, reports, supervisionNotices, tasks, taskUnits, type AttachmentOwner, type NoticeTargetStatus } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { isUnitActor, ownUnitId, seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Db, type Reader, type Tx } from '@/lib/db';
import { districtScopeOf, ownDistrictId } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { NOTICE_TARGET_EDITABLE } from '@/lib/notices/schemas';
import { isReportEditable } from '@/lib/reporting/report-state';
import { contributionOfUnit, periodForTask, reportOfUnit } from '@/lib/reporting/task-access';
import { fail, ok, type Failure, type Result } from '@/lib/result';
import { EVIDENCE_CLOSED, extensionEvidenceOwner, isExtensionOpen } from '@/lib/extensions/extension-evidence';
import { CLOSURE_EVIDENCE_CLOSED, closureEvidenceOwner, isClosureRequestOpen } from '@/lib/lifecycle/closure-evidence';
import { checkFile, MAX_ATTACHMENTS_PER_OWNER } from './file-policy';
import { sha256Of, toAttachmentStore, type AttachmentStore, type StoreArg } from './attachment-store';
import { quotaRefusal } from './storage-quota';

const positiveId = z.coerce.number().int().positive();

/**
 * The form fields that come with an upload (the file itself travels beside them): a report or part
 * is named by task and period (of the actor's unit); a 督办 answer by its notice target id.
 */
export const uploadTargetSchema = z.discriminatedUnion(
  'ownerType',
  [
    z.object({ ownerType: z.literal('report'), taskId: positiveId, periodId: positiveId }),
    z.object({ ownerType: z.literal('contribution'), taskId: positiveId, periodId: positiveId }),
    z.object({ ownerType: z.literal('notice_response'), noticeTargetId: positiveId }),
    // 延期申请's evidence, while the request waits (lib/extensions/extension-evidence.ts).
    z.object({ ownerType: z.literal('extension_request'), requestId: positiveId }),
    // 办结申请's evidence, while the application waits (lib/lifecycle/closure-evidence.ts).
    z.object({ ownerType: z.literal('closure_request'), closureRequestId: positiveId }),
  ],
  { error: '附件类型不正确' },
);
export type UploadTarget = z.output<typeof uploadTargetSchema>;
export type PeriodUploadTarget = Extract<UploadTarget, { ownerType: 'report' | 'contribution' }>;

/** The upload's form fields parsed once (by the upload route), or the refusal it sends back. */
export function parseUploadTarget(raw: unknown): Result<{ target: UploadTarget }> {
  const parsed = uploadTargetSchema.safeParse(raw);
  return parsed.success ? ok({ target: parsed.data }) : fail('上传参数不正确');
}

export type UploadResult = Result<{
  attachment: { id: number; fileName: string; size: number; mime: string };
  owner: { id: number; version: number; created: boolean };
}>;

/** An attachment's task is in the district (attachments have no district column, their task has). */
function attachmentInDistrict(districtId: number): SQL {
  return sql`${attachments.taskId} in (select ${tasks.id} from ${tasks} where ${tasks.districtId} = ${districtId})`;
}

/**
 * Finds the actor's unit's report or part for the task and period, creating an empty draft when
 * there is none yet (an upload is an edit). Refused when it is no longer editable.
 */
export async function ownerForUpload(tx: Tx, actor: Actor, target: PeriodUploadTarget, now: Date): Promise<{ id: number; version: number; created: boolean }> {
  const unitId = ownUnitId(actor);
  // Checked again in the transaction that writes: the task is of the actor's district (periodForTask's refusal for an id it does not find).
  const [task] = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.id, target.taskId), eq(tasks.districtId, ownDistrictId(actor))))
    .limit(1);
  if (!task) throw new NotFoundError('找不到该任务或周期');
  if (target.ownerType === 'report') {
    const existing = await reportOfUnit(tx, target.taskId, target.periodId, unitId);
    if (existing) {
      if (!isReportEditable(existing.status)) throw new RefusalError('报告已报送，不能再添加附件');
      return { id: existing.id, version: existing.version, created: false };
    }
    const [row] = await tx
      .insert(reports)
      .values({ taskId: target.taskId, periodId: target.periodId, unitId, status: 'draft', version: 1, updatedAt: now, updatedBy: actor.userId })
      .returning({ id: reports.id });
    return { id: row!.id, version: 1, created: true };
  }
  const existing = await contributionOfUnit(tx, target.taskId, target.periodId, unitId);
  if (existing) {
    if (!isReportEditable(existing.status)) throw new RefusalError('协办情况已报送，不能再添加附件');
    return { id: existing.id, version: existing.version, created: false };
  }
  const [row] = await tx
    .insert(contributions)
    .values({ taskId: target.taskId, periodId: target.periodId, unitId, status: 'draft', version: 1, updatedAt: now, updatedBy: actor.userId })
    .returning({ id: contributions.id });
  return { id: row!.id, version: 1, created: true };
}

/**
 * A 督办 answer of the actor's unit (unit and district in the WHERE clause: another unit's or
 * district's target id is "not found", exactly like an id that does not exist).
 */
async function noticeTargetOfUnit(db: Reader, actor: Actor, targetId: number) {
  assertCan(actor, 'notices.respond');
  const [row] = await db
    .select({ id: noticeTargets.id, status: noticeTargets.status, taskId: supervisionNotices.taskId, noticeStatus: supervisionNotices.status })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .where(and(eq(noticeTargets.id, targetId), eq(noticeTargets.unitId, ownUnitId(actor)), eq(supervisionNotices.districtId, ownDistrictId(actor))))
    .limit(1);
  if (!row) throw new NotFoundError('找不到该督办事项');
  return row;
}

/** Evidence may be added to or removed from a 督办 answer only while the unit may still answer. */
function isNoticeTargetEditable(row: { status: NoticeTargetStatus; noticeStatus: 'open' | 'closed' }): boolean {
  return row.noticeStatus === 'open' && NOTICE_TARGET_EDITABLE.includes(row.status);
}

/** How the actor's unit stands on a task of its district (null: no unit, no role, or a task of another district). */
async function unitRoleInDistrict(db: Reader, actor: Actor, taskId: number): Promise<'lead' | 'participating' | null> {
  if (actor.unitId === null || actor.districtId === null) return null;
  const [row] = await db
    .select({ role: taskUnits.role })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, actor.unitId), eq(tasks.districtId, actor.districtId)))
    .limit(1);
  return row?.role ?? null;
}

/** The actor's unit may write the report (lead) or part (participating) of the task; another district's task is like one it has no role on. */
export async function assertMayWrite(db: Reader, actor: Actor, ownerType: AttachmentOwner, taskId: number): Promise<void> {
  const role = await unitRoleInDistrict(db, actor, taskId);
  if (ownerType === 'report') {
    assertCan(actor, 'reports.write');
    if (role !== 'lead') throw new ForbiddenError('只有该任务的牵头单位可以上传报告附件');
  } else {
    assertCan(actor, 'contributions.write');
    if (role !== 'participating') throw new ForbiddenError('只有该任务的参与单位可以上传协办附件');
  }
}

/** Whether any row refers to the bytes: the store is the deployment's, shared by every district, so this looks at all of them. */
async function isReferenced(db: Reader, sha256: string): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(attachments).where(eq(attachments.sha256, sha256));
  return (row?.n ?? 0) > 0;
}

/**
 * Removes a stored file unless a row refers to it, under the write lock: an upload of the same
 * bytes cannot slip in between the check and the removal — a directory upload writes its file
 * inside its own transaction, an S3 upload confirms its object inside its transaction (and starts
 * over if it is gone). A failure only logs: the unreferenced file is swept at the next start
 * (lib/storage/recovery.ts).
 */
async function removeIfUnreferenced(db: Db, store: AttachmentStore, sha256: string): Promise<void> {
  try {
    await transaction(db, async (tx) => {
      if (!(await isReferenced(tx, sha256))) await store.remove(sha256);
    });
  } catch (err) {
    console.error('[附件] 删除文件失败，将在下次启动时清理：', err);
  }
}

/** An S3 upload's object vanished between its PUT and its row (a removal got in between): start over. */
class ObjectVanished extends Error {}
const UPLOAD_ATTEMPTS = 3;

/**
 * Stores an uploaded file for the actor's unit. Checks come first (role, owner, size, bytes), the
 * bytes are written, and the row is inserted; if the insert fails, a file this call created is
 * removed again, so a failed upload leaves neither a row nor an orphan file.
 *
 * When the bytes are written depends on the store (lib/attachments/attachment-store.ts):
 * - directory: inside the transaction, under the write lock (a local, fsynced write). A crash
 *   before the commit leaves at most a file without a row, which the next start removes.
 * - S3: before the transaction, so the write lock is never held during a network transfer. Inside
 *   the transaction the object's existence is confirmed after the insert (one HEAD request): a
 *   removal of the same bytes by another writer (deleteAttachment, the sweep) runs under the same
 *   lock, so either it sees this row or this check sees the object gone and the upload starts over.
 *   A crash between the PUT and the commit leaves an unreferenced object, removed by a start-up
 *   sweep once it is older than the grace period (lib/storage/recovery.ts).
 */
export async function addAttachment(
  ctx: ServiceContext,
  storeArg: StoreArg,
  target: UploadTarget,
  file: { name: string; bytes: Uint8Array },
  options: { maxBytes: number },
): Promise<UploadResult> {
  const { actor, now, meta } = ctx;
  const store = toAttachmentStore(storeArg);
  let taskId: number;
  if (target.ownerType === 'notice_response') {
    const answer = await noticeTargetOfUnit(ctx.db, actor, target.noticeTargetId);
    if (!isNoticeTargetEditable(answer)) return fail('整改情况已报送，不能再添加附件');
    taskId = answer.taskId;
  } else if (target.ownerType === 'extension_request') {
    const request = await extensionEvidenceOwner(ctx.db, actor, target.requestId);
    if (!request.open) return fail(EVIDENCE_CLOSED);
    taskId = request.taskId;
  } else if (target.ownerType === 'closure_request') {
    const request = await closureEvidenceOwner(ctx.db, actor, target.closureRequestId);
    if (!request.open) return fail(CLOSURE_EVIDENCE_CLOSED);
    taskId = request.taskId;
  } else {
    await assertMayWrite(ctx.db, actor, target.ownerType, target.taskId);
    await periodForTask(ctx.db, target.taskId, target.periodId, ctx.today);
    taskId = target.taskId;
  }

  const checked = await checkFile(file.bytes, file.name, options.maxBytes);
  if (!checked.ok) return fail(checked.error);
  // Hashed before the write lock is taken: the quota counts a file the unit already stores once.
  const sha256 = sha256Of(file.bytes);

  for (let attempt = 1; ; attempt += 1) {
    // A file this call created, until a row refers to it (to be removed if none ever does).
    let created: string | null = null;
    try {
      if (!store.writesInTransaction) {
        // S3: the transfer, outside the transaction and its write lock.
        const stored = await store.put(file.bytes);
        if (stored.created) created = stored.sha256;
      }
      // From here on everything runs in one transaction, under the write lock: no other writer (in
      // this process or another) can reference or remove the same file meanwhile.
      return await transaction(ctx.db, async (tx): Promise<UploadResult> => {
        try {
          let owner: { id: number; version: number; created: boolean };
          if (target.ownerType === 'notice_response') {
            // Checked again inside the transaction: an answer sent meanwhile closes the evidence.
            const answer = await noticeTargetOfUnit(tx, actor, target.noticeTargetId);
            if (!isNoticeTargetEditable(answer)) throw new RefusalError('整改情况已报送，不能再添加附件');
            owner = { id: answer.id, version: 0, created: false };
          } else if (target.ownerType === 'extension_request') {
            // Checked again inside the transaction: a decision meanwhile closes the evidence.
            const request = await extensionEvidenceOwner(tx, actor, target.requestId);
            if (!request.open) throw new RefusalError(EVIDENCE_CLOSED);
            owner = { id: request.id, version: 0, created: false };
          } else if (target.ownerType === 'closure_request') {
            const request = await closureEvidenceOwner(tx, actor, target.closureRequestId);
            if (!request.open) throw new RefusalError(CLOSURE_EVIDENCE_CLOSED);
            owner = { id: request.id, version: 0, created: false };
          } else {
            owner = await ownerForUpload(tx, actor, target, now);
          }
          const [counted] = await tx
            .select({ n: count() })
            .from(attachments)
            .where(and(eq(attachments.ownerType, target.ownerType), eq(attachments.ownerId, owner.id)));
          if ((counted?.n ?? 0) >= MAX_ATTACHMENTS_PER_OWNER) throw new RefusalError(`每份材料最多 ${MAX_ATTACHMENTS_PER_OWNER} 个附件`);
          const overQuota = await quotaRefusal(tx, ownDistrictId(actor), ownUnitId(actor), { sha256, size: file.bytes.byteLength, fileName: checked.fileName });
          if (overQuota) throw new RefusalError(overQuota);
          if (store.writesInTransaction) {
            const stored = await store.put(file.bytes);
            if (stored.created) created = stored.sha256;
          }
          const [row] = await tx
            .insert(attachments)
            .values({
              ownerType: target.ownerType,
              ownerId: owner.id,
              unitId: ownUnitId(actor),
              taskId,
              sha256,
              size: file.bytes.byteLength,
              mime: checked.mime,
              fileName: checked.fileName,
              uploadedBy: actor.userId,
            })
            .returning({ id: attachments.id });
          const id = row!.id;
          await writeAudit(
            tx,
            actor,
            { action: 'attachment.upload', entityType: 'attachment', entityId: id, taskId, unitId: actor.unitId, detail: { fileName: checked.fileName, size: file.bytes.byteLength, ownerType: target.ownerType } },
            meta,
            now,
          );
          // S3: the object written before the lock was taken must still be there (see above).
          if (!store.writesInTransaction && !(await store.exists(sha256))) throw new ObjectVanished();
          return ok({
            attachment: { id, fileName: checked.fileName, size: file.bytes.byteLength, mime: checked.mime },
            owner,
          });
        } catch (err) {
          // Directory: still under the write lock, nobody can have referenced the new file yet.
          if (store.writesInTransaction && created) {
            await store.remove(created);
            created = null;
          }
          throw err;
        }
      });
    } catch (err) {
      // The commit failed after the file was written, or (S3) the transaction never took the object:
      // remove it unless something refers to it (checked under the write lock).
      const orphan = created as string | null;
      if (orphan) await removeIfUnreferenced(ctx.db, store, orphan);
      if (err instanceof ObjectVanished) {
        if (attempt < UPLOAD_ATTEMPTS) continue;
        return fail('附件保存时与其他操作冲突，请重新上传');
      }
      if (err instanceof RefusalError) return fail(err.message);
      throw err;
    }
  }
}

/** Removes an attachment of the actor's unit from a report, part or 督办 answer that is still editable. */
export async function deleteAttachment(ctx: ServiceContext, storeArg: StoreArg, attachmentId: number): Promise<Result> {
  const { actor } = ctx;
  const store = toAttachmentStore(storeArg);
  if (!can(actor, 'reports.write') && !can(actor, 'contributions.write') && !can(actor, 'notices.respond') && !can(actor, 'extensions.request') && !can(actor, 'closures.request')) throw new ForbiddenError();
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  const removed = await transaction(ctx.db, async (tx): Promise<Failure | { sha256: string }> => {
    // Every check comes before the delete: a returned refusal commits nothing. Another unit's or district's is "not found".
    const [row] = await tx
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, attachmentId), eq(attachments.unitId, unitId), attachmentInDistrict(districtId)))
      .limit(1);
    if (!row) throw new NotFoundError('找不到该附件');
    if (row.ownerType === 'notice_response') {
      const [answer] = await tx
        .select({ status: noticeTargets.status, noticeStatus: supervisionNotices.status })
        .from(noticeTargets)
        .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
        .where(and(eq(noticeTargets.id, row.ownerId), eq(noticeTargets.unitId, row.unitId)))
        .limit(1);
      if (!answer || !isNoticeTargetEditable(answer)) return fail('整改情况已报送，附件不能删除');
    } else if (row.ownerType === 'extension_request') {
      if (!(await isExtensionOpen(tx, districtId, row.ownerId))) return fail(EVIDENCE_CLOSED);
    } else if (row.ownerType === 'closure_request') {
      if (!(await isClosureRequestOpen(tx, districtId, row.ownerId))) return fail(CLOSURE_EVIDENCE_CLOSED);
    } else {
      const [owner] =
        row.ownerType === 'report'
          ? await tx.select({ s: reports.status }).from(reports).where(eq(reports.id, row.ownerId)).limit(1)
          : await tx.select({ s: contributions.status }).from(contributions).where(eq(contributions.id, row.ownerId)).limit(1);
      if (!isReportEditable(owner?.s ?? 'approved')) return fail('材料已报送，附件不能删除');
    }
    await tx.delete(attachments).where(and(eq(attachments.id, row.id), eq(attachments.unitId, unitId)));
    await writeAudit(tx, actor, { action: 'attachment.delete', entityType: 'attachment', entityId: row.id, taskId: row.taskId, unitId: row.unitId, detail: { fileName: row.fileName } }, ctx.meta, ctx.now);
    return { sha256: row.sha256 };
  });
  if ('ok' in removed) return removed;
  // The file goes only once the row is committed (and under the write lock, see removeIfUnreferenced).
  await removeIfUnreferenced(ctx.db, store, removed.sha256);
  return ok();
}

/**
 * The attachment if the actor may read it, else null (shown as 404, whether it exists or not):
 * - its own unit's files (for a 督办 answer: the addressed unit's);
 * - a lead unit of the task: the parts sent to it;
 * - supervisors, leaders, admins: anything that has left draft, and a 督办 answer's evidence once
 *   the unit has answered (it stays visible if the answer is sent back);
 * and only of the actor's district (the city office: of every district): another district's is null.
 */
export async function findReadableAttachment(ctx: Pick<ServiceContext, 'db' | 'actor'>, attachmentId: number) {
  const { db, actor } = ctx;
  const rules: SQL[] = [];
  if (isUnitActor(actor)) {
    rules.push(eq(attachments.unitId, actor.unitId));
    rules.push(
      and(
        eq(attachments.ownerType, 'contribution'),
        sql`exists (select 1 from ${taskUnits} where ${taskUnits.taskId} = ${attachments.taskId} and ${taskUnits.unitId} = ${actor.unitId} and ${taskUnits.role} = 'lead')`,
        sql`exists (select 1 from ${contributions} where ${contributions.id} = ${attachments.ownerId} and ${contributions.status} <> 'draft')`,
      )!,
    );
  }
  if (seesAllUnits(actor)) {
    rules.push(
      or(
        and(
          eq(attachments.ownerType, 'report'),
          sql`exists (select 1 from ${reports} where ${reports.id} = ${attachments.ownerId} and ${inArray(reports.status, ['submitted', 'approved', 'returned'])})`,
        ),
        and(
          eq(attachments.ownerType, 'contribution'),
          sql`exists (select 1 from ${contributions} where ${contributions.id} = ${attachments.ownerId} and ${contributions.status} <> 'draft')`,
        ),
        and(
          eq(attachments.ownerType, 'notice_response'),
          sql`exists (select 1 from ${noticeTargets} where ${noticeTargets.id} = ${attachments.ownerId} and ${noticeTargets.respondedAt} is not null)`,
        ),
        // 延期申请: its evidence is for the office and the leaders to decide on.
        eq(attachments.ownerType, 'extension_request'),
        // 办结申请: its evidence is for the office to verify.
        eq(attachments.ownerType, 'closure_request'),
      )!,
    );
  }
  if (rules.length === 0) return null;
  const scope = districtScopeOf(actor);
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), scope.kind === 'all' ? undefined : attachmentInDistrict(scope.districtId), or(...rules)))
    .limit(1);
  return row ?? null;
}
