import { and, count, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { attachments, contributions, noticeTargets, reports, supervisionNotices, taskUnits, type AttachmentOwner, type NoticeTargetStatus } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can, ForbiddenError } from '@/lib/auth/permissions';
import { NOTICE_TARGET_EDITABLE } from '@/lib/notices/schemas';
import { isReportEditable } from '@/lib/reporting/report-state';
import { NotFoundError, periodForTask, unitRoleOnTask } from '@/lib/reporting/report-service';
import { checkFile, MAX_ATTACHMENTS_PER_OWNER } from './file-policy';
import type { FileStore } from './file-store';

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
  ],
  { error: '附件类型不正确' },
);
export type UploadTarget = z.infer<typeof uploadTargetSchema>;
type PeriodUploadTarget = Extract<UploadTarget, { ownerType: 'report' | 'contribution' }>;

export type UploadResult =
  | {
      ok: true;
      attachment: { id: number; fileName: string; size: number; mime: string };
      owner: { id: number; version: number; created: boolean };
    }
  | { ok: false; error: string };

/**
 * Finds the actor's unit's report or part for the task and period, creating an empty draft when
 * there is none yet (an upload is an edit). Refused when it is no longer editable.
 */
function ownerForUpload(
  db: AppDatabase,
  actor: Actor,
  target: PeriodUploadTarget,
  now: Date,
): { id: number; version: number; created: boolean } | { error: string } {
  const unitId = actor.unitId as number;
  const where = (t: typeof reports | typeof contributions) =>
    and(eq(t.taskId, target.taskId), eq(t.periodId, target.periodId), eq(t.unitId, unitId));
  if (target.ownerType === 'report') {
    const existing = db.select().from(reports).where(where(reports)).get();
    if (existing) {
      return isReportEditable(existing.status) ? { id: existing.id, version: existing.version, created: false } : { error: '报告已报送，不能再添加附件' };
    }
    const row = db
      .insert(reports)
      .values({ taskId: target.taskId, periodId: target.periodId, unitId, status: 'draft', version: 1, updatedAt: now, updatedBy: actor.userId })
      .returning({ id: reports.id })
      .get();
    return { id: row.id, version: 1, created: true };
  }
  const existing = db.select().from(contributions).where(where(contributions)).get();
  if (existing) {
    return isReportEditable(existing.status) ? { id: existing.id, version: existing.version, created: false } : { error: '协办情况已报送，不能再添加附件' };
  }
  const row = db
    .insert(contributions)
    .values({ taskId: target.taskId, periodId: target.periodId, unitId, status: 'draft', version: 1, updatedAt: now, updatedBy: actor.userId })
    .returning({ id: contributions.id })
    .get();
  return { id: row.id, version: 1, created: true };
}

/**
 * A 督办 answer of the actor's unit (unit in the WHERE clause: another unit's target id is "not
 * found", exactly like an id that does not exist).
 */
function noticeTargetOfUnit(db: AppDatabase, actor: Actor, targetId: number) {
  assertCan(actor, 'notices.respond');
  const row = db
    .select({ id: noticeTargets.id, status: noticeTargets.status, taskId: supervisionNotices.taskId, noticeStatus: supervisionNotices.status })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .where(and(eq(noticeTargets.id, targetId), eq(noticeTargets.unitId, actor.unitId as number)))
    .get();
  if (!row) throw new NotFoundError('找不到该督办事项');
  return row;
}

/** Evidence may be added to or removed from a 督办 answer only while the unit may still answer. */
function isNoticeTargetEditable(row: { status: NoticeTargetStatus; noticeStatus: 'open' | 'closed' }): boolean {
  return row.noticeStatus === 'open' && NOTICE_TARGET_EDITABLE.includes(row.status);
}

function assertMayWrite(db: AppDatabase, actor: Actor, ownerType: AttachmentOwner, taskId: number): void {
  const role = unitRoleOnTask(db, actor.unitId, taskId);
  if (ownerType === 'report') {
    assertCan(actor, 'reports.write');
    if (role !== 'lead') throw new ForbiddenError('只有该任务的牵头单位可以上传报告附件');
  } else {
    assertCan(actor, 'contributions.write');
    if (role !== 'participating') throw new ForbiddenError('只有该任务的参与单位可以上传协办附件');
  }
}

/**
 * Stores an uploaded file for the actor's unit. Checks come first (role, owner, size, bytes), the
 * bytes are written, and the row is inserted; if the insert fails, a file this call created is
 * removed again, so a failed upload leaves neither a row nor an orphan file.
 */
export async function addAttachment(
  db: AppDatabase,
  store: FileStore,
  actor: Actor,
  rawTarget: unknown,
  file: { name: string; bytes: Uint8Array },
  options: { maxBytes: number; now: Date; today: string },
  meta: RequestMeta = NO_META,
): Promise<UploadResult> {
  const parsed = uploadTargetSchema.safeParse(rawTarget);
  if (!parsed.success) return { ok: false, error: '上传参数不正确' };
  const target = parsed.data;
  let taskId: number;
  if (target.ownerType === 'notice_response') {
    const answer = noticeTargetOfUnit(db, actor, target.noticeTargetId);
    if (!isNoticeTargetEditable(answer)) return { ok: false, error: '整改情况已报送，不能再添加附件' };
    taskId = answer.taskId;
  } else {
    assertMayWrite(db, actor, target.ownerType, target.taskId);
    periodForTask(db, target.taskId, target.periodId, options.today);
    taskId = target.taskId;
  }

  const checked = await checkFile(file.bytes, file.name, options.maxBytes);
  if (!checked.ok) return checked;

  // Everything from here is synchronous inside one IMMEDIATE transaction: no other writer (in this
  // process or another) can reference the same file between its write and a clean-up.
  let created: { sha256: string } | null = null;
  try {
    return db.transaction(
      (tx): UploadResult => {
        let owner: { id: number; version: number; created: boolean };
        if (target.ownerType === 'notice_response') {
          // Checked again inside the transaction: an answer sent meanwhile closes the evidence.
          const answer = noticeTargetOfUnit(tx as unknown as AppDatabase, actor, target.noticeTargetId);
          if (!isNoticeTargetEditable(answer)) throw new UploadRefused('整改情况已报送，不能再添加附件');
          owner = { id: answer.id, version: 0, created: false };
        } else {
          const found = ownerForUpload(tx as unknown as AppDatabase, actor, target, options.now);
          if ('error' in found) throw new UploadRefused(found.error);
          owner = found;
        }
        const n =
          tx
            .select({ n: count() })
            .from(attachments)
            .where(and(eq(attachments.ownerType, target.ownerType), eq(attachments.ownerId, owner.id)))
            .get()?.n ?? 0;
        if (n >= MAX_ATTACHMENTS_PER_OWNER) throw new UploadRefused(`每份材料最多 ${MAX_ATTACHMENTS_PER_OWNER} 个附件`);
        const stored = store.put(file.bytes);
        if (stored.created) created = { sha256: stored.sha256 };
        const row = tx
          .insert(attachments)
          .values({
            ownerType: target.ownerType,
            ownerId: owner.id,
            unitId: actor.unitId as number,
            taskId,
            sha256: stored.sha256,
            size: file.bytes.byteLength,
            mime: checked.mime,
            fileName: checked.fileName,
            uploadedBy: actor.userId,
          })
          .returning({ id: attachments.id })
          .get();
        writeAudit(
          tx,
          actor,
          { action: 'attachment.upload', entityType: 'attachment', entityId: row.id, taskId, unitId: actor.unitId, detail: { fileName: checked.fileName, size: file.bytes.byteLength, ownerType: target.ownerType } },
          meta,
          options.now,
        );
        return {
          ok: true,
          attachment: { id: row.id, fileName: checked.fileName, size: file.bytes.byteLength, mime: checked.mime },
          owner,
        };
      },
      { behavior: 'immediate' },
    );
  } catch (err) {
    const orphan = created as { sha256: string } | null;
    if (orphan) store.remove(orphan.sha256);
    if (err instanceof UploadRefused) return { ok: false, error: err.message };
    throw err;
  }
}

class UploadRefused extends Error {}

function isReferenced(db: AppDatabase, sha256: string): boolean {
  return (db.select({ n: count() }).from(attachments).where(eq(attachments.sha256, sha256)).get()?.n ?? 0) > 0;
}

/** Removes an attachment of the actor's unit from a report, part or 督办 answer that is still editable. */
export function deleteAttachment(
  db: AppDatabase,
  store: FileStore,
  actor: Actor,
  attachmentId: number,
  now: Date = new Date(),
  meta: RequestMeta = NO_META,
): { ok: true } | { ok: false; error: string } {
  if (!can(actor, 'reports.write') && !can(actor, 'contributions.write') && !can(actor, 'notices.respond')) throw new ForbiddenError();
  const row = db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.unitId, actor.unitId as number)))
    .get();
  if (!row) return { ok: false, error: '找不到该附件' };
  if (row.ownerType === 'notice_response') {
    const answer = db
      .select({ status: noticeTargets.status, noticeStatus: supervisionNotices.status })
      .from(noticeTargets)
      .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
      .where(and(eq(noticeTargets.id, row.ownerId), eq(noticeTargets.unitId, row.unitId)))
      .get();
    if (!answer || !isNoticeTargetEditable(answer)) return { ok: false, error: '整改情况已报送，附件不能删除' };
  }
  const editable =
    row.ownerType === 'notice_response'
      ? true // checked above
      : row.ownerType === 'report'
        ? isReportEditable(db.select({ s: reports.status }).from(reports).where(eq(reports.id, row.ownerId)).get()?.s ?? 'approved')
        : isReportEditable(db.select({ s: contributions.status }).from(contributions).where(eq(contributions.id, row.ownerId)).get()?.s ?? 'approved');
  if (!editable) return { ok: false, error: '材料已报送，附件不能删除' };
  db.transaction(
    (tx) => {
      tx.delete(attachments).where(and(eq(attachments.id, row.id), eq(attachments.unitId, actor.unitId as number))).run();
      writeAudit(tx, actor, { action: 'attachment.delete', entityType: 'attachment', entityId: row.id, taskId: row.taskId, unitId: row.unitId, detail: { fileName: row.fileName } }, meta, now);
    },
    { behavior: 'immediate' },
  );
  // The file goes only once the row is committed, and under the write lock: an upload of the same
  // bytes (which writes its file inside its own IMMEDIATE transaction) cannot slip in between the
  // check and the removal. If this fails, the attachment is still deleted; the unreferenced file is
  // swept at the next start (lib/storage/recovery.ts).
  try {
    db.transaction(
      (tx) => {
        if (!isReferenced(tx as unknown as AppDatabase, row.sha256)) store.remove(row.sha256);
      },
      { behavior: 'immediate' },
    );
  } catch (err) {
    console.error('[附件] 删除文件失败，将在下次启动时清理：', err);
  }
  return { ok: true };
}

/**
 * The attachment if the actor may read it, else null (shown as 404, whether it exists or not):
 * - its own unit's files (for a 督办 answer: the addressed unit's);
 * - a lead unit of the task: the parts sent to it;
 * - supervisors, leaders, admins: anything that has left draft, and a 督办 answer's evidence once
 *   the unit has answered (it stays visible if the answer is sent back).
 */
export function findReadableAttachment(db: AppDatabase, actor: Actor, attachmentId: number) {
  const rules: SQL[] = [];
  if (actor.unitId !== null) {
    rules.push(eq(attachments.unitId, actor.unitId));
    rules.push(
      and(
        eq(attachments.ownerType, 'contribution'),
        sql`exists (select 1 from ${taskUnits} where ${taskUnits.taskId} = ${attachments.taskId} and ${taskUnits.unitId} = ${actor.unitId} and ${taskUnits.role} = 'lead')`,
        sql`exists (select 1 from ${contributions} where ${contributions.id} = ${attachments.ownerId} and ${contributions.status} <> 'draft')`,
      )!,
    );
  }
  if (can(actor, 'reports.readAll')) {
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
      )!,
    );
  }
  if (rules.length === 0) return null;
  return (
    db
      .select()
      .from(attachments)
      .where(and(eq(attachments.id, attachmentId), or(...rules)))
      .get() ?? null
  );
}
