import { and, asc, eq, inArray, max } from 'drizzle-orm';
import { noticeNotes, noticeTargets, supervisionNotices, units, type NoticeTargetStatus } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';
import { notifyRole, notifyUnits } from '@/lib/notifications/notification-service';
import { dateLabel } from '@/lib/reporting/calendar';
import { fail, failField, ok, type Result } from '@/lib/result';
import { taskRefOf } from './notice-views';
import {
  NOTICE_LEVEL_LABELS,
  NOTICE_TARGET_EDITABLE,
  noticeNumber,
  type AcceptInput,
  type CloseInput,
  type IssueNoticeInput,
  type NoteInput,
  type RespondInput,
  type SendBackInput,
} from './schemas';

/**
 * 督办单, write side: a supervisor issues a numbered notice to one or more responsible units, each
 * unit answers with its rectification, the supervisor accepts or sends back each answer and closes
 * the notice.
 *
 * Supervisors manage; unit staff answer only their own unit's part (another unit's target is "not
 * found", and so is anything of another district). Each command takes the parsed input of its
 * form's schema (lib/notices/schemas.ts). Every state change is one transaction that reads the
 * current state, refuses before writing anything, then makes a conditional UPDATE (WHERE status =
 * expected) and writes its audit lines, so two supervisors acting at once cannot both win.
 */

const NOT_FOUND = '找不到该督办事项';

/** A notice of the district (another district's is not found). */
async function noticeRow(db: Reader, districtId: number, noticeId: number) {
  const [row] = await db
    .select({ n: supervisionNotices })
    .from(supervisionNotices)
    .where(and(eq(supervisionNotices.id, noticeId), eq(supervisionNotices.districtId, districtId)))
    .limit(1);
  return row;
}

/** A target with its notice and unit, of the district; `unitId` given = only that unit's target (unit staff). */
async function targetRow(db: Reader, districtId: number, targetId: number, unitId?: number) {
  const [row] = await db
    .select({ t: noticeTargets, n: supervisionNotices, unitName: units.name })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .where(and(eq(noticeTargets.id, targetId), eq(supervisionNotices.districtId, districtId), unitId === undefined ? undefined : eq(noticeTargets.unitId, unitId)))
    .limit(1);
  return row;
}
type TargetRow = NonNullable<Awaited<ReturnType<typeof targetRow>>>;

const STATUS_NOW: Record<NoticeTargetStatus, string> = {
  pending: '该单位尚未报送整改情况',
  answered: '该单位的整改情况正在等待审核',
  sent_back: '该整改情况已被退回（可能其他督查员刚刚处理过），请刷新页面',
  accepted: '该整改情况已被认可（可能其他督查员刚刚处理过），请刷新页面',
};

// ---------------------------------------------------------------------------------------------
// Issuing

/**
 * 下发督办单: numbered 督办〔year of today〕第N号, N the next number of that year in the district,
 * allocated inside the transaction that inserts it (two supervisors issuing at once get 1 and 2,
 * never both 1). The task and every unit must be of the actor's district.
 */
export async function issueNotice(ctx: ServiceContext, input: IssueNoticeInput): Promise<Result<{ id: number; no: string }>> {
  const { actor, now, today, meta } = ctx;
  assertCan(actor, 'notices.manage');
  const districtId = ownDistrictId(actor);
  // The schema checks the due date against the clock when it parses; the service holds to the request's day.
  if (input.dueDate < today) return failField('dueDate', '办理时限不能早于今天');
  const year = Number(today.slice(0, 4));

  return transaction(ctx.db, async (tx) => {
    const task = await taskRefOf(tx, districtId, input.taskId);
    // Notices go to tasks of the lists in the loop (active), not of a draft or archived list.
    if (!task || task.status !== 'active') return failField('taskId', '找不到该任务');
    const found = await tx
      .select({ id: units.id })
      .from(units)
      .where(and(inArray(units.id, input.unitIds), eq(units.districtId, districtId), eq(units.active, true)));
    if (found.length !== input.unitIds.length) return failField('unitIds', '所选责任单位不存在或已停用');

    const [last] = await tx
      .select({ seq: max(supervisionNotices.seq) })
      .from(supervisionNotices)
      .where(and(eq(supervisionNotices.districtId, districtId), eq(supervisionNotices.year, year)));
    const seq = (last?.seq ?? 0) + 1;
    const no = noticeNumber(year, seq);
    const [created] = await tx
      .insert(supervisionNotices)
      .values({
        districtId,
        year,
        seq,
        taskId: task.id,
        level: input.level,
        triggerRule: input.triggerRule || null,
        triggerReason: input.triggerReason || null,
        problem: input.problem,
        requirement: input.requirement,
        dueDate: input.dueDate,
        status: 'open',
        issuedBy: actor.userId,
        issuedAt: now,
      })
      .returning({ id: supervisionNotices.id });
    const id = created!.id;
    for (const unitId of input.unitIds) {
      await tx.insert(noticeTargets).values({ noticeId: id, unitId, status: 'pending' });
      await writeAudit(
        tx,
        actor,
        { action: 'notice.issue', entityType: 'notice', entityId: id, taskId: task.id, unitId, detail: { no, level: input.level, dueDate: input.dueDate, triggerRule: input.triggerRule || null } },
        meta,
        now,
      );
    }
    await notifyUnits(
      tx,
      input.unitIds,
      {
        kind: 'notice.issued',
        title: `${NOTICE_LEVEL_LABELS[input.level]}：${no}`,
        body: `${task.label}“${task.title}”，请于${dateLabel(input.dueDate)}前报送整改情况`,
        link: `/notices/${id}`,
        urgent: input.level === 'red',
      },
      now,
    );
    return ok({ id, no, message: `已下发${no}` });
  });
}

// ---------------------------------------------------------------------------------------------
// The unit's answer

/** 报送整改情况: the actor's unit answers its own target (another unit's id is "not found"). */
export async function respondToNotice(ctx: ServiceContext, input: RespondInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'notices.respond');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);

  return transaction(ctx.db, async (tx) => {
    const row = await targetRow(tx, districtId, input.targetId, unitId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    if (row.n.status === 'closed') return fail('该督办单已办结，不能再报送');
    const refused = row.t.status === 'accepted' ? '本单位的整改情况已被认可，不能再修改' : '本单位已报送整改情况，正在等待督查室审核';
    if (!NOTICE_TARGET_EDITABLE.includes(row.t.status)) return fail(refused);
    const updated = await tx
      .update(noticeTargets)
      .set({ status: 'answered', response: input.response, respondedAt: now, respondedBy: actor.userId })
      .where(and(eq(noticeTargets.id, row.t.id), eq(noticeTargets.unitId, unitId), inArray(noticeTargets.status, [...NOTICE_TARGET_EDITABLE])))
      .returning({ id: noticeTargets.id });
    if (updated.length === 0) throw new RefusalError(refused);
    const no = noticeNumber(row.n.year, row.n.seq);
    await writeAudit(
      tx,
      actor,
      { action: 'notice.respond', entityType: 'notice', entityId: row.n.id, taskId: row.n.taskId, unitId, detail: { no, targetId: row.t.id, resubmitted: row.t.status === 'sent_back' } },
      meta,
      now,
    );
    await notifyRole(tx, districtId, 'supervisor', { kind: 'notice.answered', title: `${row.unitName}报送了${no}的整改情况`, body: '请审核整改情况', link: `/notices/${row.n.id}` }, now);
    return ok({ id: row.n.id, message: '整改情况已报送，等待督查室审核' });
  });
}

// ---------------------------------------------------------------------------------------------
// The supervisor's review

/**
 * The supervisor's decision on an answer: 认可 (`comment` null) or 退回 with the comment. Only an
 * answer still waiting for review is decided (a second supervisor deciding at once gets a message).
 */
async function decideAnswer(ctx: ServiceContext, tx: Tx, targetId: number, comment: string | null): Promise<Result<{ row: TargetRow; no: string }>> {
  const { actor, now, meta } = ctx;
  const row = await targetRow(tx, ownDistrictId(actor), targetId);
  if (!row) throw new NotFoundError(NOT_FOUND);
  if (row.t.status !== 'answered') return fail(STATUS_NOW[row.t.status]);
  const updated = await tx
    .update(noticeTargets)
    .set(comment === null ? { status: 'accepted', reviewedAt: now } : { status: 'sent_back', reviewComment: comment, reviewedAt: now })
    .where(and(eq(noticeTargets.id, targetId), eq(noticeTargets.status, 'answered')))
    .returning({ id: noticeTargets.id });
  if (updated.length === 0) throw new RefusalError(STATUS_NOW[row.t.status]);
  const no = noticeNumber(row.n.year, row.n.seq);
  await writeAudit(
    tx,
    actor,
    {
      action: comment === null ? 'notice.accept' : 'notice.send_back',
      entityType: 'notice',
      entityId: row.n.id,
      taskId: row.n.taskId,
      unitId: row.t.unitId,
      detail: comment === null ? { no, targetId } : { no, targetId, comment },
    },
    meta,
    now,
  );
  return ok({ row, no });
}

/** 认可: answered → accepted, only if it is still answered (a second supervisor gets a message). */
export async function acceptResponse(ctx: ServiceContext, input: AcceptInput): Promise<Result<{ id: number }>> {
  assertCan(ctx.actor, 'notices.manage');
  return transaction(ctx.db, async (tx) => {
    const decided = await decideAnswer(ctx, tx, input.targetId, null);
    return decided.ok ? ok({ id: decided.row.n.id, message: `已认可${decided.row.unitName}的整改情况` }) : decided;
  });
}

/** 退回: answered → sent_back with a required comment; the unit is told. */
export async function sendBackResponse(ctx: ServiceContext, input: SendBackInput): Promise<Result<{ id: number }>> {
  assertCan(ctx.actor, 'notices.manage');
  const { targetId, comment } = input;
  return transaction(ctx.db, async (tx) => {
    const decided = await decideAnswer(ctx, tx, targetId, comment);
    if (!decided.ok) return decided;
    const { row, no } = decided;
    await notifyUnits(tx, [row.t.unitId], { kind: 'notice.sent_back', title: `${no}的整改情况被退回`, body: `退回意见：${comment}`, link: `/notices/${row.n.id}` }, ctx.now);
    return ok({ id: row.n.id, message: `已退回${row.unitName}的整改情况` });
  });
}

/**
 * 办结: refused while any unit has not answered (or was sent back and has not answered again);
 * answers still waiting for review are accepted in the same step.
 */
export async function closeNotice(ctx: ServiceContext, input: CloseInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'notices.manage');
  const districtId = ownDistrictId(actor);
  const { noticeId } = input;
  const alreadyClosed = '该督办单已办结（可能其他督查员刚刚处理过），请刷新页面';

  return transaction(ctx.db, async (tx) => {
    const row = await noticeRow(tx, districtId, noticeId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    if (row.n.status !== 'open') return fail(alreadyClosed);
    const no = noticeNumber(row.n.year, row.n.seq);
    const targets = await tx
      .select({ id: noticeTargets.id, unitId: noticeTargets.unitId, status: noticeTargets.status, unitName: units.name })
      .from(noticeTargets)
      .innerJoin(units, eq(units.id, noticeTargets.unitId))
      .where(eq(noticeTargets.noticeId, noticeId))
      .orderBy(asc(noticeTargets.id));
    const waiting = targets.filter((t) => NOTICE_TARGET_EDITABLE.includes(t.status));
    // Refused before anything is written: the notice stays open.
    if (waiting.length > 0) return fail(`尚有单位未报送整改情况或被退回后未重新报送（${waiting.map((t) => t.unitName).join('、')}），不能办结`);

    const closed = await tx
      .update(supervisionNotices)
      .set({ status: 'closed', closedAt: now, closedBy: actor.userId })
      .where(and(eq(supervisionNotices.id, noticeId), eq(supervisionNotices.districtId, districtId), eq(supervisionNotices.status, 'open')))
      .returning({ id: supervisionNotices.id });
    if (closed.length === 0) throw new RefusalError(alreadyClosed);
    for (const t of targets.filter((t) => t.status === 'answered')) {
      const accepted = await tx
        .update(noticeTargets)
        .set({ status: 'accepted', reviewedAt: now })
        .where(and(eq(noticeTargets.id, t.id), eq(noticeTargets.status, 'answered')))
        .returning({ id: noticeTargets.id });
      // Thrown: the transaction rolls back, the notice stays open.
      if (accepted.length === 0) throw new RefusalError('整改情况已被其他督查员处理，请刷新页面');
      await writeAudit(tx, actor, { action: 'notice.accept', entityType: 'notice', entityId: noticeId, taskId: row.n.taskId, unitId: t.unitId, detail: { no, targetId: t.id, onClose: true } }, meta, now);
    }
    for (const t of targets) {
      await writeAudit(tx, actor, { action: 'notice.close', entityType: 'notice', entityId: noticeId, taskId: row.n.taskId, unitId: t.unitId, detail: { no } }, meta, now);
    }
    return ok({ id: noticeId, message: `${no}已办结` });
  });
}

/** 约谈记录 or a note, kept on the notice (read by the oversight roles only). */
export async function addNoticeNote(ctx: ServiceContext, input: NoteInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'notices.manage');
  const districtId = ownDistrictId(actor);

  return transaction(ctx.db, async (tx) => {
    const row = await noticeRow(tx, districtId, input.noticeId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    const [note] = await tx
      .insert(noticeNotes)
      .values({ noticeId: input.noticeId, kind: input.kind, content: input.content, authorId: actor.userId, at: now })
      .returning({ id: noticeNotes.id });
    const noteId = note!.id;
    const targetUnits = await tx.select({ unitId: noticeTargets.unitId }).from(noticeTargets).where(eq(noticeTargets.noticeId, input.noticeId));
    // One line per addressed unit (its staff see the event in the task's timeline, never the text).
    for (const { unitId } of targetUnits) {
      await writeAudit(
        tx,
        actor,
        { action: 'notice.note', entityType: 'notice', entityId: input.noticeId, taskId: row.n.taskId, unitId, detail: { no: noticeNumber(row.n.year, row.n.seq), kind: input.kind, noteId } },
        meta,
        now,
      );
    }
    return ok({ id: input.noticeId, message: input.kind === 'interview' ? '约谈记录已保存' : '备注已保存' });
  });
}
