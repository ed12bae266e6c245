import { and, asc, desc, eq, inArray, max, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import {
  attachments,
  noticeNotes,
  noticeTargets,
  plans,
  supervisionNotices,
  taskUnits,
  tasks,
  units,
  users,
  type NoticeLevel,
  type NoticeTargetStatus,
} from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can, ForbiddenError } from '@/lib/auth/permissions';
import type { UnitRef } from '@/lib/ledger/ledger-service';
import { notifyRole, notifyUnits } from '@/lib/notifications/notification-service';
import { planShortName, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { dateLabel, daysUntil } from '@/lib/reporting/calendar';
import { NotFoundError } from '@/lib/reporting/report-service';
import {
  acceptSchema,
  closeSchema,
  issueNoticeSchema,
  NOTICE_LEVEL_LABELS,
  NOTICE_TARGET_EDITABLE,
  noticeNumber,
  noteSchema,
  respondSchema,
  sendBackSchema,
  type NoticeFilters,
} from './schemas';

/**
 * 督办单: a supervisor issues a numbered notice to one or more responsible units, each unit answers
 * with its rectification, the supervisor accepts or sends back each answer and closes the notice.
 *
 * Authorisation lives here, with the unit in the WHERE clause: supervisors manage; supervisors,
 * leaders and admins read every notice; unit staff read only notices addressed to their unit, see
 * only their own unit's answer, and answer only their own unit's part. Every state change is one
 * IMMEDIATE transaction with a conditional UPDATE (WHERE status = expected) and its audit lines, so
 * two supervisors acting at once cannot both win.
 */

export type FieldErrors = Partial<Record<string, string[]>>;
export type NoticeResult = { ok: true; id: number; message: string } | { ok: false; error: string; fieldErrors?: FieldErrors };
export type IssueResult = { ok: true; id: number; no: string; message: string } | { ok: false; error: string; fieldErrors?: FieldErrors };

type Reader = Pick<AppDatabase, 'select'>;

/** An expected refusal inside a transaction: rolls it back, then becomes `{ ok: false, error }`. */
class Refusal extends Error {}

function inTransaction<T extends { ok: boolean }>(db: AppDatabase, fn: (tx: AppDatabase) => T): T | { ok: false; error: string } {
  try {
    return db.transaction((tx) => fn(tx as unknown as AppDatabase), { behavior: 'immediate' });
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, error: err.message };
    throw err;
  }
}

function flatten(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

const NOT_FOUND = '找不到该督办事项';

/** Who reads what: every notice, or only the notices addressed to this unit. */
type Scope = { all: true } | { all: false; unitId: number };

function readScope(actor: Actor): Scope {
  if (can(actor, 'reports.readAll')) return { all: true };
  if (can(actor, 'notices.respond')) return { all: false, unitId: actor.unitId as number };
  throw new ForbiddenError();
}

/** Days past the due date (0 or less: not overdue). Due today is not overdue; tomorrow it is by 1. */
export function daysOverdue(dueDate: string, today: string): number {
  return -daysUntil(dueDate, today);
}

function isTargetOverdue(noticeStatus: 'open' | 'closed', dueDate: string, targetStatus: NoticeTargetStatus, today: string): boolean {
  return noticeStatus === 'open' && NOTICE_TARGET_EDITABLE.includes(targetStatus) && daysOverdue(dueDate, today) > 0;
}

function userNames(db: Reader, ids: (number | null)[]): Map<number, string> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (wanted.length === 0) return new Map();
  return new Map(
    db
      .select({ id: users.id, name: users.displayName })
      .from(users)
      .where(inArray(users.id, wanted))
      .all()
      .map((u) => [u.id, u.name]),
  );
}

function noticeRow(db: Reader, noticeId: number) {
  return db
    .select({ n: supervisionNotices, taskNo: tasks.no, taskTitle: tasks.title })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .where(eq(supervisionNotices.id, noticeId))
    .get();
}

/** A target with its notice and unit; `unitId` given = only that unit's target (unit staff). */
function targetRow(db: Reader, targetId: number, unitId?: number) {
  return db
    .select({ t: noticeTargets, n: supervisionNotices, unitName: units.name })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .where(unitId === undefined ? eq(noticeTargets.id, targetId) : and(eq(noticeTargets.id, targetId), eq(noticeTargets.unitId, unitId)))
    .get();
}

const STATUS_NOW: Record<NoticeTargetStatus, string> = {
  pending: '该单位尚未报送整改情况',
  answered: '该单位的整改情况正在等待审核',
  sent_back: '该整改情况已被退回（可能其他督查员刚刚处理过），请刷新页面',
  accepted: '该整改情况已被认可（可能其他督查员刚刚处理过），请刷新页面',
};

// ---------------------------------------------------------------------------------------------
// Issuing

/**
 * 下发督办单: numbered 督办〔year of today〕第N号, N the next number of that year, allocated inside the
 * IMMEDIATE transaction that inserts it (two supervisors issuing at once get 1 and 2, never both 1).
 */
export function issueNotice(
  db: AppDatabase,
  actor: Actor,
  rawInput: unknown,
  now: Date,
  today: string,
  meta: RequestMeta = NO_META,
): IssueResult {
  assertCan(actor, 'notices.manage');
  const parsed = issueNoticeSchema(today).safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '请检查填写的内容', fieldErrors: flatten(parsed.error) };
  const input = parsed.data;
  const task = taskRefOf(db, eq(tasks.id, input.taskId));
  // Notices go to tasks of the lists in the loop (active), not of a draft or archived list.
  if (!task || task.status !== 'active') return { ok: false, error: '找不到该任务', fieldErrors: { taskId: ['找不到该任务'] } };
  const found = db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(inArray(units.id, input.unitIds), eq(units.active, true)))
    .all();
  if (found.length !== input.unitIds.length) {
    return { ok: false, error: '所选责任单位不存在或已停用', fieldErrors: { unitIds: ['所选责任单位不存在或已停用'] } };
  }
  const year = Number(today.slice(0, 4));

  return inTransaction(db, (tx): IssueResult => {
    const last = tx.select({ seq: max(supervisionNotices.seq) }).from(supervisionNotices).where(eq(supervisionNotices.year, year)).get();
    const seq = (last?.seq ?? 0) + 1;
    const no = noticeNumber(year, seq);
    const id = tx
      .insert(supervisionNotices)
      .values({
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
      .returning({ id: supervisionNotices.id })
      .get().id;
    for (const unitId of input.unitIds) {
      tx.insert(noticeTargets).values({ noticeId: id, unitId, status: 'pending' }).run();
      writeAudit(
        tx,
        actor,
        { action: 'notice.issue', entityType: 'notice', entityId: id, taskId: task.id, unitId, detail: { no, level: input.level, dueDate: input.dueDate, triggerRule: input.triggerRule || null } },
        meta,
        now,
      );
    }
    notifyUnits(
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
    return { ok: true, id, no, message: `已下发${no}` };
  });
}

// ---------------------------------------------------------------------------------------------
// The unit's answer

/** 报送整改情况: the actor's unit answers its own target (another unit's id is "not found"). */
export function respondToNotice(db: AppDatabase, actor: Actor, rawInput: unknown, now: Date, meta: RequestMeta = NO_META): NoticeResult {
  assertCan(actor, 'notices.respond');
  const parsed = respondSchema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '请检查填写的内容', fieldErrors: flatten(parsed.error) };
  const input = parsed.data;
  const unitId = actor.unitId as number;

  return inTransaction(db, (tx): NoticeResult => {
    const row = targetRow(tx, input.targetId, unitId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    if (row.n.status === 'closed') throw new Refusal('该督办单已办结，不能再报送');
    const updated = tx
      .update(noticeTargets)
      .set({ status: 'answered', response: input.response, respondedAt: now, respondedBy: actor.userId })
      .where(and(eq(noticeTargets.id, row.t.id), eq(noticeTargets.unitId, unitId), inArray(noticeTargets.status, [...NOTICE_TARGET_EDITABLE])))
      .run();
    if (updated.changes === 0) {
      throw new Refusal(row.t.status === 'accepted' ? '本单位的整改情况已被认可，不能再修改' : '本单位已报送整改情况，正在等待督查室审核');
    }
    const no = noticeNumber(row.n.year, row.n.seq);
    writeAudit(
      tx,
      actor,
      { action: 'notice.respond', entityType: 'notice', entityId: row.n.id, taskId: row.n.taskId, unitId, detail: { no, targetId: row.t.id, resubmitted: row.t.status === 'sent_back' } },
      meta,
      now,
    );
    notifyRole(
      tx,
      'supervisor',
      { kind: 'notice.answered', title: `${row.unitName}报送了${no}的整改情况`, body: '请审核整改情况', link: `/notices/${row.n.id}` },
      now,
    );
    return { ok: true, id: row.n.id, message: '整改情况已报送，等待督查室审核' };
  });
}

// ---------------------------------------------------------------------------------------------
// The supervisor's review

/** 认可: answered → accepted, only if it is still answered (a second supervisor gets a message). */
export function acceptResponse(db: AppDatabase, actor: Actor, rawInput: unknown, now: Date, meta: RequestMeta = NO_META): NoticeResult {
  assertCan(actor, 'notices.manage');
  const parsed = acceptSchema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '参数不正确' };
  const { targetId } = parsed.data;

  return inTransaction(db, (tx): NoticeResult => {
    const row = targetRow(tx, targetId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    const updated = tx
      .update(noticeTargets)
      .set({ status: 'accepted', reviewedAt: now })
      .where(and(eq(noticeTargets.id, targetId), eq(noticeTargets.status, 'answered')))
      .run();
    if (updated.changes === 0) throw new Refusal(STATUS_NOW[row.t.status]);
    writeAudit(
      tx,
      actor,
      { action: 'notice.accept', entityType: 'notice', entityId: row.n.id, taskId: row.n.taskId, unitId: row.t.unitId, detail: { no: noticeNumber(row.n.year, row.n.seq), targetId } },
      meta,
      now,
    );
    return { ok: true, id: row.n.id, message: `已认可${row.unitName}的整改情况` };
  });
}

/** 退回: answered → sent_back with a required comment; the unit is told. */
export function sendBackResponse(db: AppDatabase, actor: Actor, rawInput: unknown, now: Date, meta: RequestMeta = NO_META): NoticeResult {
  assertCan(actor, 'notices.manage');
  const parsed = sendBackSchema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '请填写退回意见', fieldErrors: flatten(parsed.error) };
  const { targetId, comment } = parsed.data;

  return inTransaction(db, (tx): NoticeResult => {
    const row = targetRow(tx, targetId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    const updated = tx
      .update(noticeTargets)
      .set({ status: 'sent_back', reviewComment: comment, reviewedAt: now })
      .where(and(eq(noticeTargets.id, targetId), eq(noticeTargets.status, 'answered')))
      .run();
    if (updated.changes === 0) throw new Refusal(STATUS_NOW[row.t.status]);
    const no = noticeNumber(row.n.year, row.n.seq);
    writeAudit(
      tx,
      actor,
      { action: 'notice.send_back', entityType: 'notice', entityId: row.n.id, taskId: row.n.taskId, unitId: row.t.unitId, detail: { no, targetId, comment } },
      meta,
      now,
    );
    notifyUnits(
      tx,
      [row.t.unitId],
      { kind: 'notice.sent_back', title: `${no}的整改情况被退回`, body: `退回意见：${comment}`, link: `/notices/${row.n.id}` },
      now,
    );
    return { ok: true, id: row.n.id, message: `已退回${row.unitName}的整改情况` };
  });
}

/**
 * 办结: refused while any unit has not answered (or was sent back and has not answered again);
 * answers still waiting for review are accepted in the same step.
 */
export function closeNotice(db: AppDatabase, actor: Actor, rawInput: unknown, now: Date, meta: RequestMeta = NO_META): NoticeResult {
  assertCan(actor, 'notices.manage');
  const parsed = closeSchema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '参数不正确' };
  const { noticeId } = parsed.data;

  return inTransaction(db, (tx): NoticeResult => {
    const row = noticeRow(tx, noticeId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    const no = noticeNumber(row.n.year, row.n.seq);
    const closed = tx
      .update(supervisionNotices)
      .set({ status: 'closed', closedAt: now, closedBy: actor.userId })
      .where(and(eq(supervisionNotices.id, noticeId), eq(supervisionNotices.status, 'open')))
      .run();
    if (closed.changes === 0) throw new Refusal('该督办单已办结（可能其他督查员刚刚处理过），请刷新页面');
    const targets = tx
      .select({ id: noticeTargets.id, unitId: noticeTargets.unitId, status: noticeTargets.status, unitName: units.name })
      .from(noticeTargets)
      .innerJoin(units, eq(units.id, noticeTargets.unitId))
      .where(eq(noticeTargets.noticeId, noticeId))
      .orderBy(asc(noticeTargets.id))
      .all();
    const waiting = targets.filter((t) => NOTICE_TARGET_EDITABLE.includes(t.status));
    if (waiting.length > 0) {
      // Thrown: the transaction rolls back, the notice stays open.
      throw new Refusal(`尚有单位未报送整改情况或被退回后未重新报送（${waiting.map((t) => t.unitName).join('、')}），不能办结`);
    }
    for (const t of targets.filter((t) => t.status === 'answered')) {
      const accepted = tx
        .update(noticeTargets)
        .set({ status: 'accepted', reviewedAt: now })
        .where(and(eq(noticeTargets.id, t.id), eq(noticeTargets.status, 'answered')))
        .run();
      if (accepted.changes === 0) throw new Refusal('整改情况已被其他督查员处理，请刷新页面');
      writeAudit(tx, actor, { action: 'notice.accept', entityType: 'notice', entityId: noticeId, taskId: row.n.taskId, unitId: t.unitId, detail: { no, targetId: t.id, onClose: true } }, meta, now);
    }
    for (const t of targets) {
      writeAudit(tx, actor, { action: 'notice.close', entityType: 'notice', entityId: noticeId, taskId: row.n.taskId, unitId: t.unitId, detail: { no } }, meta, now);
    }
    return { ok: true, id: noticeId, message: `${no}已办结` };
  });
}

/** 约谈记录 or a note, kept on the notice (read by the oversight roles only). */
export function addNoticeNote(db: AppDatabase, actor: Actor, rawInput: unknown, now: Date, meta: RequestMeta = NO_META): NoticeResult {
  assertCan(actor, 'notices.manage');
  const parsed = noteSchema.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '请检查填写的内容', fieldErrors: flatten(parsed.error) };
  const input = parsed.data;

  return inTransaction(db, (tx): NoticeResult => {
    const row = noticeRow(tx, input.noticeId);
    if (!row) throw new NotFoundError(NOT_FOUND);
    const noteId = tx
      .insert(noticeNotes)
      .values({ noticeId: input.noticeId, kind: input.kind, content: input.content, authorId: actor.userId, at: now })
      .returning({ id: noticeNotes.id })
      .get().id;
    const targetUnits = tx.select({ unitId: noticeTargets.unitId }).from(noticeTargets).where(eq(noticeTargets.noticeId, input.noticeId)).all();
    // One line per addressed unit (its staff see the event in the task's timeline, never the text).
    for (const { unitId } of targetUnits) {
      writeAudit(
        tx,
        actor,
        { action: 'notice.note', entityType: 'notice', entityId: input.noticeId, taskId: row.n.taskId, unitId, detail: { no: noticeNumber(row.n.year, row.n.seq), kind: input.kind, noteId } },
        meta,
        now,
      );
    }
    return { ok: true, id: input.noticeId, message: input.kind === 'interview' ? '约谈记录已保存' : '备注已保存' };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

/** The task of a notice: 重点任务 40 and its title, with its list. */
export type NoticeTaskRef = { id: number; planId: number; no: number; label: string; title: string; planTitle: string };

/** Columns of a task and its list (join tasks and plans), turned into a NoticeTaskRef by `toTaskRef`. */
const taskRefColumns = {
  taskId: tasks.id,
  taskNo: tasks.no,
  taskTitle: tasks.title,
  planId: plans.id,
  planTitle: plans.title,
  planShortName: plans.shortName,
  planKind: plans.kind,
  planStatus: plans.status,
};
type TaskRefRow = { taskId: number; taskNo: number; taskTitle: string; planId: number; planTitle: string; planShortName: string; planKind: PlanSummary['kind'] };

function toTaskRef(r: TaskRefRow): NoticeTaskRef {
  return { id: r.taskId, planId: r.planId, no: r.taskNo, label: taskLabel({ shortName: r.planShortName, kind: r.planKind }, r.taskNo), title: r.taskTitle, planTitle: r.planTitle };
}

function taskRefOf(db: Reader, where: SQL): (NoticeTaskRef & { status: PlanSummary['status'] }) | null {
  const row = db.select(taskRefColumns).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(where).get();
  return row ? { ...toTaskRef(row), status: row.planStatus } : null;
}

export type NoticeListRow = {
  id: number;
  no: string;
  level: NoticeLevel;
  status: 'open' | 'closed';
  dueDate: string;
  issuedAt: Date;
  task: NoticeTaskRef;
  /** All units for oversight roles; the actor's own unit only for unit staff. */
  targets: { id: number; unit: UnitRef; status: NoticeTargetStatus }[];
  /** Days past due with some (visible) unit not answered; null when not overdue. */
  overdueDays: number | null;
};

function addressedTo(unitId: number): SQL {
  return sql`exists (select 1 from ${noticeTargets} where ${noticeTargets.noticeId} = ${supervisionNotices.id} and ${noticeTargets.unitId} = ${unitId})`;
}

function targetsOf(db: Reader, noticeIds: number[], scope: Scope) {
  if (noticeIds.length === 0) return [];
  const where = scope.all
    ? inArray(noticeTargets.noticeId, noticeIds)
    : and(inArray(noticeTargets.noticeId, noticeIds), eq(noticeTargets.unitId, scope.unitId));
  return db
    .select({ t: noticeTargets, unitName: units.name })
    .from(noticeTargets)
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .where(where)
    .orderBy(asc(noticeTargets.id))
    .all();
}

function overdueOf(status: 'open' | 'closed', dueDate: string, targetStatuses: NoticeTargetStatus[], today: string): number | null {
  const late = targetStatuses.some((s) => isTargetOverdue(status, dueDate, s, today));
  return late ? daysOverdue(dueDate, today) : null;
}

/** 督办单列表: every notice for oversight roles (optionally one unit's), the unit's own for its staff. */
export function listNotices(db: AppDatabase, actor: Actor, filters: NoticeFilters, today: string): NoticeListRow[] {
  const scope = readScope(actor);
  const conditions: SQL[] = [];
  if (!scope.all) conditions.push(addressedTo(scope.unitId));
  else if (filters.unit !== undefined) conditions.push(addressedTo(filters.unit));
  if (filters.status === 'closed') conditions.push(eq(supervisionNotices.status, 'closed'));
  if (filters.status === 'open' || filters.status === 'overdue') conditions.push(eq(supervisionNotices.status, 'open'));
  const rows = db
    .select({ n: supervisionNotices, task: taskRefColumns })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(supervisionNotices.issuedAt), desc(supervisionNotices.id))
    .all();
  const targets = targetsOf(
    db,
    rows.map((r) => r.n.id),
    scope,
  );
  const result = rows.map(({ n, task }): NoticeListRow => {
    const own = targets.filter((t) => t.t.noticeId === n.id);
    return {
      id: n.id,
      no: noticeNumber(n.year, n.seq),
      level: n.level,
      status: n.status,
      dueDate: n.dueDate,
      issuedAt: n.issuedAt,
      task: toTaskRef(task),
      targets: own.map((t) => ({ id: t.t.id, unit: { id: t.t.unitId, name: t.unitName }, status: t.t.status })),
      overdueDays: overdueOf(
        n.status,
        n.dueDate,
        own.map((t) => t.t.status),
        today,
      ),
    };
  });
  return filters.status === 'overdue' ? result.filter((r) => r.overdueDays !== null) : result;
}

export type OverdueNoticeRow = {
  noticeId: number;
  no: string;
  level: NoticeLevel;
  dueDate: string;
  daysOverdue: number;
  task: NoticeTaskRef;
  unit: UnitRef;
  status: NoticeTargetStatus;
};

/**
 * 逾期督办: one row per open notice and unit that has not answered (or was sent back) after the due
 * date, most overdue first. Oversight roles see all; unit staff only their own unit's.
 */
export function listOverdueNotices(db: AppDatabase, actor: Actor, today: string): OverdueNoticeRow[] {
  const scope = readScope(actor);
  const conditions: SQL[] = [
    eq(supervisionNotices.status, 'open'),
    sql`${supervisionNotices.dueDate} < ${today}`,
    inArray(noticeTargets.status, [...NOTICE_TARGET_EDITABLE]),
  ];
  if (!scope.all) conditions.push(eq(noticeTargets.unitId, scope.unitId));
  return db
    .select({ n: supervisionNotices, t: noticeTargets, unitName: units.name, task: taskRefColumns })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(...conditions))
    .all()
    .map(({ n, t, unitName, task }) => ({
      noticeId: n.id,
      no: noticeNumber(n.year, n.seq),
      level: n.level,
      dueDate: n.dueDate,
      daysOverdue: daysOverdue(n.dueDate, today),
      task: toTaskRef(task),
      unit: { id: t.unitId, name: unitName },
      status: t.status,
    }))
    .filter((r) => r.daysOverdue > 0)
    .sort((a, b) => b.daysOverdue - a.daysOverdue || a.noticeId - b.noticeId || a.unit.name.localeCompare(b.unit.name, 'zh-CN'));
}

export type NoticeAttachment = { id: number; fileName: string; size: number; mime: string; createdAt: Date };

export type NoticeTargetView = {
  id: number;
  unit: UnitRef;
  status: NoticeTargetStatus;
  /** Empty until answered. */
  response: string;
  respondedAt: Date | null;
  respondedByName: string | null;
  reviewComment: string | null;
  reviewedAt: Date | null;
  attachments: NoticeAttachment[];
  overdueDays: number | null;
  /** The actor's own unit's part. */
  mine: boolean;
};

export type NoticeNoteView = { id: number; kind: 'interview' | 'note'; content: string; authorName: string; at: Date };

export type NoticeDetail = {
  id: number;
  no: string;
  year: number;
  seq: number;
  level: NoticeLevel;
  status: 'open' | 'closed';
  problem: string;
  requirement: string;
  dueDate: string;
  triggerRule: string | null;
  triggerReason: string | null;
  issuedAt: Date;
  issuedByName: string;
  closedAt: Date | null;
  closedByName: string | null;
  task: NoticeTaskRef;
  /** Every addressed unit by name (as on the printed notice), in the order issued. */
  addressees: UnitRef[];
  /** Answers the actor may see: all for oversight roles, the own unit's only for unit staff. */
  targets: NoticeTargetView[];
  notes: NoticeNoteView[];
  overdueDays: number | null;
  /** The actor reads every unit's answer (supervisor, leader, admin). */
  oversight: boolean;
  canManage: boolean;
};

/**
 * One notice as the actor may see it, or null when it does not exist or is not addressed to the
 * actor's unit (the same answer, so ids reveal nothing).
 */
export function getNotice(db: AppDatabase, actor: Actor, noticeId: number, today: string): NoticeDetail | null {
  const scope = readScope(actor);
  const row = db
    .select({ n: supervisionNotices, task: taskRefColumns })
    .from(supervisionNotices)
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(scope.all ? eq(supervisionNotices.id, noticeId) : and(eq(supervisionNotices.id, noticeId), addressedTo(scope.unitId)))
    .get();
  if (!row) return null;
  const { n } = row;
  const addressees = db
    .select({ id: units.id, name: units.name })
    .from(noticeTargets)
    .innerJoin(units, eq(units.id, noticeTargets.unitId))
    .where(eq(noticeTargets.noticeId, n.id))
    .orderBy(asc(noticeTargets.id))
    .all();
  const targets = targetsOf(db, [n.id], scope);
  // Oversight roles see a unit's files once it has answered; the unit sees its own at any time.
  const fileOwners = targets.filter((t) => !scope.all || t.t.respondedAt !== null || t.t.unitId === actor.unitId).map((t) => t.t.id);
  const files =
    fileOwners.length === 0
      ? []
      : db
          .select({
            id: attachments.id,
            ownerId: attachments.ownerId,
            fileName: attachments.fileName,
            size: attachments.size,
            mime: attachments.mime,
            createdAt: attachments.createdAt,
          })
          .from(attachments)
          .where(and(eq(attachments.ownerType, 'notice_response'), inArray(attachments.ownerId, fileOwners)))
          .orderBy(asc(attachments.id))
          .all();
  const notes = scope.all
    ? db
        .select({ id: noticeNotes.id, kind: noticeNotes.kind, content: noticeNotes.content, authorName: users.displayName, at: noticeNotes.at })
        .from(noticeNotes)
        .innerJoin(users, eq(users.id, noticeNotes.authorId))
        .where(eq(noticeNotes.noticeId, n.id))
        .orderBy(asc(noticeNotes.at), asc(noticeNotes.id))
        .all()
    : [];
  const names = userNames(db, [n.issuedBy, n.closedBy, ...targets.map((t) => t.t.respondedBy)]);
  const targetViews = targets.map(({ t, unitName }): NoticeTargetView => {
    const answeredOnce = t.respondedAt !== null;
    const mine = actor.unitId !== null && t.unitId === actor.unitId && can(actor, 'notices.respond');
    const showAnswer = mine || answeredOnce;
    return {
      id: t.id,
      unit: { id: t.unitId, name: unitName },
      status: t.status,
      response: showAnswer ? t.response : '',
      respondedAt: t.respondedAt,
      respondedByName: t.respondedBy !== null ? (names.get(t.respondedBy) ?? null) : null,
      reviewComment: t.reviewComment,
      reviewedAt: t.reviewedAt,
      attachments: files.filter((f) => f.ownerId === t.id).map(({ ownerId: _o, ...f }) => f),
      overdueDays: isTargetOverdue(n.status, n.dueDate, t.status, today) ? daysOverdue(n.dueDate, today) : null,
      mine,
    };
  });
  return {
    id: n.id,
    no: noticeNumber(n.year, n.seq),
    year: n.year,
    seq: n.seq,
    level: n.level,
    status: n.status,
    problem: n.problem,
    requirement: n.requirement,
    dueDate: n.dueDate,
    triggerRule: n.triggerRule,
    triggerReason: n.triggerReason,
    issuedAt: n.issuedAt,
    issuedByName: names.get(n.issuedBy) ?? '—',
    closedAt: n.closedAt,
    closedByName: n.closedBy !== null ? (names.get(n.closedBy) ?? null) : null,
    task: toTaskRef(row.task),
    addressees,
    targets: targetViews,
    notes,
    overdueDays: overdueOf(
      n.status,
      n.dueDate,
      targets.map((t) => t.t.status),
      today,
    ),
    oversight: scope.all,
    canManage: can(actor, 'notices.manage'),
  };
}

export type IssueFormTask = { id: number; planId: number; no: number; label: string; title: string; lead: UnitRef[]; participating: UnitRef[] };
export type IssueFormData = { lists: { id: number; label: string }[]; tasks: IssueFormTask[]; units: UnitRef[] };

/**
 * What the issuing form offers: the tasks of the given lists (the page passes every active list:
 * a notice can concern a task of any list in the loop) with their units, and every active unit.
 */
export function getIssueFormData(db: AppDatabase, actor: Actor, lists: readonly PlanSummary[]): IssueFormData {
  assertCan(actor, 'notices.manage');
  const activeUnits = db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.active, true))
    .all()
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const inLoop = lists.filter((p) => p.status === 'active');
  if (inLoop.length === 0) return { lists: [], tasks: [], units: activeUnits };
  const planIds = inLoop.map((p) => p.id);
  const planOf = new Map(inLoop.map((p) => [p.id, p]));
  const taskRows = db
    .select({ id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title })
    .from(tasks)
    .where(inArray(tasks.planId, planIds))
    .orderBy(asc(tasks.no))
    .all()
    .sort((a, b) => planIds.indexOf(a.planId) - planIds.indexOf(b.planId));
  const links = db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, id: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(and(inArray(tasks.planId, planIds), eq(units.active, true)))
    .orderBy(asc(taskUnits.taskId), asc(taskUnits.position))
    .all();
  const linksOf = new Map<number, typeof links>();
  for (const l of links) linksOf.set(l.taskId, [...(linksOf.get(l.taskId) ?? []), l]);
  return {
    lists: inLoop.map((p) => ({ id: p.id, label: planShortName(p) })),
    tasks: taskRows.map((t) => {
      const own = linksOf.get(t.id) ?? [];
      return {
        ...t,
        label: taskLabel(planOf.get(t.planId)!, t.no),
        lead: own.filter((l) => l.role === 'lead').map(({ id, name }) => ({ id, name })),
        participating: own.filter((l) => l.role === 'participating').map(({ id, name }) => ({ id, name })),
      };
    }),
    units: activeUnits,
  };
}

/** Notices that can be closed now (for tests and the list's hint): open, with every unit answered. */
export function isClosable(detail: Pick<NoticeDetail, 'status' | 'targets'>): boolean {
  return detail.status === 'open' && detail.targets.length > 0 && detail.targets.every((t) => !NOTICE_TARGET_EDITABLE.includes(t.status));
}
