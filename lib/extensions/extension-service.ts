import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import {
  contributions,
  extensionRequests,
  milestonePlans,
  milestones,
  noticeTargets,
  plans,
  reports,
  supervisionNotices,
  tasks,
  taskUnits,
  units,
  users,
  type ExtensionRequest,
  type ExtensionStatus,
  type ExtensionSubject,
} from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { isUnitActor, ownUnitId, seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { inActorDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';
import { notifyRole, notifyUnits } from '@/lib/notifications/notification-service';
import { noticeNumber } from '@/lib/notices/schemas';
import { taskLabel } from '@/lib/plans/plan-scope';
import { dueInPeriod, monthLabel } from '@/lib/reporting/calendar';
import { periodForTask } from '@/lib/reporting/task-access';
import { fail, failField, ok, type Result } from '@/lib/result';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { evidenceOf, type EvidenceItem } from './extension-evidence';
import { reportDeadlineOverride } from './extension-queries';
import {
  EXTENSION_STATUS_LABELS,
  EXTENSION_SUBJECT_LABELS,
  extensionDays,
  mayWithdraw,
  movedDate,
  newDateRefusal,
  nextStatus,
  OPEN_EXTENSION_STATUSES,
  requestRefusal,
  type ExtensionTarget,
} from './extension-rules';
import type { DecideExtensionInput, RequestExtensionInput, WithdrawExtensionInput } from './schemas';

/**
 * 延期申请, write side: a unit asks to move a date of its own (a task's deadline, a milestone, a
 * 督办单's due date, a month's report deadline), may withdraw it while it waits, the office approves
 * or refuses, and a leader decides the ones longer than the set length. An approval moves the date
 * (keeping the original) or, for a report deadline, becomes that unit's deadline of the month.
 *
 * Unit staff act for their own unit only: another unit's task, notice or request is "not found";
 * so is anything of another district, for everyone (the district in the WHERE clause).
 */

const NOT_FOUND = '找不到该延期申请';

/** What is to be moved, read for the actor's unit: the rules' view of it and the row ids it touches. */
type Resolved = { target: ExtensionTarget; what: string; taskId: number; milestoneId: number | null; noticeId: number | null; periodId: number | null };

async function roleOf(db: Reader, taskId: number, unitId: number): Promise<'lead' | 'participating' | null> {
  const rows = await db
    .select({ role: taskUnits.role })
    .from(taskUnits)
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, unitId)));
  if (rows.some((r) => r.role === 'lead')) return 'lead';
  return rows[0]?.role ?? null;
}

/** A request is in the district through its task (requests have no district column of their own). */
function requestInDistrict(districtId: number): SQL {
  return sql`${extensionRequests.taskId} in (select ${tasks.id} from ${tasks} where ${tasks.districtId} = ${districtId})`;
}

/**
 * The task of the actor's unit in a list in the loop; another unit's task (or a draft list's, or
 * another district's) is "not found". A 督办单 may go to a unit without a role on its task
 * (`anyRole`): the notice decides.
 */
async function taskOfUnit(db: Reader, districtId: number, taskId: number, unitId: number, anyRole = false) {
  const [task] = await db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, deadline: tasks.deadline, status: tasks.status, planStatus: plans.status, cadence: plans.cadence, shortName: plans.shortName, kind: plans.kind })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), eq(tasks.districtId, districtId)))
    .limit(1);
  const role = task ? await roleOf(db, taskId, unitId) : null;
  if (!task || (role === null && !anyRole) || task.planStatus === 'draft') throw new NotFoundError('找不到该任务');
  if (task.planStatus === 'archived') throw new RefusalError('该任务所在的清单已归档，只能查看');
  return { ...task, role, label: taskLabel(task, task.no) };
}

async function resolve(ctx: ServiceContext, tx: Tx, districtId: number, unitId: number, input: RequestExtensionInput): Promise<Resolved> {
  const task = await taskOfUnit(tx, districtId, input.taskId, unitId, input.subject === 'notice');
  const closed = task.status === 'closed';
  const base = { taskId: task.id, milestoneId: null, noticeId: null, periodId: null };
  switch (input.subject) {
    case 'task_deadline':
      return { ...base, what: `${task.label}的完成时限`, target: { subject: 'task_deadline', role: task.role, taskClosed: closed, dateInForce: task.deadline } };
    case 'milestone': {
      const [m] = await tx
        .select({ id: milestones.id, dueOn: milestones.dueOn, doneOn: milestones.doneOn, deliverable: milestones.deliverable, planStatus: milestonePlans.status })
        .from(milestones)
        .innerJoin(milestonePlans, eq(milestonePlans.id, milestones.planId))
        .where(and(eq(milestones.id, input.milestoneId!), eq(milestones.taskId, task.id)))
        .limit(1);
      if (!m) throw new NotFoundError('找不到该时间节点');
      if (m.planStatus !== 'approved') throw new RefusalError('该任务的时间节点计划尚未批准，请修改计划');
      return { ...base, milestoneId: m.id, what: `${task.label}的时间节点“${m.deliverable}”`, target: { subject: 'milestone', role: task.role, taskClosed: closed, done: m.doneOn !== null, dateInForce: m.dueOn } };
    }
    case 'notice': {
      // The unit in the WHERE clause: a notice not addressed to it is "not found".
      const [n] = await tx
        .select({ id: supervisionNotices.id, year: supervisionNotices.year, seq: supervisionNotices.seq, dueDate: supervisionNotices.dueDate, status: supervisionNotices.status, targetStatus: noticeTargets.status })
        .from(supervisionNotices)
        .innerJoin(noticeTargets, and(eq(noticeTargets.noticeId, supervisionNotices.id), eq(noticeTargets.unitId, unitId)))
        .where(and(eq(supervisionNotices.id, input.noticeId!), eq(supervisionNotices.districtId, districtId), eq(supervisionNotices.taskId, task.id)))
        .limit(1);
      if (!n) throw new NotFoundError('找不到该督办事项');
      return { ...base, noticeId: n.id, what: `${noticeNumber(n.year, n.seq)}的办理时限`, target: { subject: 'notice', targetStatus: n.targetStatus, noticeClosed: n.status === 'closed', dateInForce: n.dueDate } };
    }
    case 'report': {
      const period = await periodForTask(tx, task.id, input.periodId!, ctx.today);
      const due = dueInPeriod({ cadence: task.cadence }, { deadline: task.deadline }, period);
      const lead = task.role === 'lead';
      const [row] = lead
        ? await tx
            .select({ status: reports.status })
            .from(reports)
            .where(and(eq(reports.taskId, task.id), eq(reports.periodId, period.id), eq(reports.unitId, unitId)))
            .limit(1)
        : await tx
            .select({ status: contributions.status })
            .from(contributions)
            .where(and(eq(contributions.taskId, task.id), eq(contributions.periodId, period.id), eq(contributions.unitId, unitId)))
            .limit(1);
      const dateInForce = (await reportDeadlineOverride(tx, task.id, period.id, unitId)) ?? (lead ? due.leadDeadline : due.contributionDeadline);
      return {
        ...base,
        periodId: period.id,
        what: `${task.label}${monthLabel(period.month)}的${lead ? '月度进展' : '协办情况'}报送截止日`,
        target: { subject: 'report', role: task.role, taskClosed: closed, submissionStatus: row?.status ?? null, due: due.due, dateInForce },
      };
    }
  }
}

/** 申请延期: the actor's unit asks to move one of its dates; the office is told. */
export async function requestExtension(ctx: ServiceContext, input: RequestExtensionInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'extensions.request');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const r = await resolve(ctx, tx, districtId, unitId, input);
    const refused = requestRefusal(r.target);
    if (refused) return fail(refused);
    const fromDate = r.target.dateInForce!;
    const badDate = newDateRefusal(fromDate, input.toDate);
    if (badDate) return failField('toDate', badDate);
    const [open] = await tx
      .select({ id: extensionRequests.id })
      .from(extensionRequests)
      .where(
        and(
          eq(extensionRequests.subject, input.subject),
          eq(extensionRequests.taskId, r.taskId),
          eq(extensionRequests.unitId, unitId),
          inArray(extensionRequests.status, [...OPEN_EXTENSION_STATUSES]),
          r.milestoneId ? eq(extensionRequests.milestoneId, r.milestoneId) : undefined,
          r.noticeId ? eq(extensionRequests.noticeId, r.noticeId) : undefined,
          r.periodId ? eq(extensionRequests.periodId, r.periodId) : undefined,
        ),
      )
      .limit(1);
    if (open) return fail('已有一项待审批的延期申请，请等待审批结果或先撤回');
    const [row] = await tx
      .insert(extensionRequests)
      .values({
        subject: input.subject,
        taskId: r.taskId,
        unitId,
        milestoneId: r.milestoneId,
        noticeId: r.noticeId,
        periodId: r.periodId,
        fromDate,
        toDate: input.toDate,
        reason: input.reason,
        status: 'pending',
        requestedBy: actor.userId,
        requestedAt: now,
      })
      .returning({ id: extensionRequests.id });
    const id = row!.id;
    const days = extensionDays(fromDate, input.toDate);
    await writeAudit(
      tx,
      actor,
      { action: 'extension.request', entityType: 'extension', entityId: id, taskId: r.taskId, unitId, detail: { subject: input.subject, what: r.what, fromDate, toDate: input.toDate, days, reason: input.reason } },
      meta,
      now,
    );
    await notifyRole(tx, districtId, 'supervisor', { kind: 'extension.requested', title: `${actor.unitName ?? ''}申请延期：${r.what}`, body: `${fromDate} → ${input.toDate}（${days} 天）：${input.reason}`, link: '/approvals' }, now);
    return ok({ id, message: `延期申请已提交（${days} 天），等待督查室审核` });
  });
}

/** A request of the actor's unit and district (both in the WHERE clause), or "not found". */
async function ownRequest(db: Reader, districtId: number, id: number, unitId: number): Promise<ExtensionRequest> {
  const [row] = await db
    .select()
    .from(extensionRequests)
    .where(and(eq(extensionRequests.id, id), eq(extensionRequests.unitId, unitId), requestInDistrict(districtId)))
    .limit(1);
  if (!row) throw new NotFoundError(NOT_FOUND);
  return row;
}

/** 撤回: the unit takes back its own request while it waits. */
export async function withdrawExtension(ctx: ServiceContext, input: WithdrawExtensionInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'extensions.request');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const row = await ownRequest(tx, districtId, input.requestId, unitId);
    if (!mayWithdraw(row.status)) return fail(`该申请${EXTENSION_STATUS_LABELS[row.status]}，不能撤回`);
    const done = await tx
      .update(extensionRequests)
      .set({ status: 'withdrawn' })
      .where(and(eq(extensionRequests.id, row.id), eq(extensionRequests.unitId, unitId), inArray(extensionRequests.status, [...OPEN_EXTENSION_STATUSES])))
      .returning({ id: extensionRequests.id });
    if (done.length === 0) throw new RefusalError('该申请已被处理，请刷新页面');
    await writeAudit(tx, actor, { action: 'extension.withdraw', entityType: 'extension', entityId: row.id, taskId: row.taskId, unitId, detail: { subject: row.subject } }, meta, now);
    return ok({ id: row.id, message: '延期申请已撤回' });
  });
}

/**
 * What an approval changes: the date moves (the first original kept); a report deadline needs no
 * write (the approved request is the override). Every row is matched in the request's district and
 * on its task as well as by id.
 */
async function applyApproval(tx: Tx, districtId: number, row: ExtensionRequest): Promise<void> {
  switch (row.subject) {
    case 'task_deadline': {
      const theTask = and(eq(tasks.id, row.taskId), eq(tasks.districtId, districtId));
      const [t] = await tx.select({ date: tasks.deadline, original: tasks.originalDeadline }).from(tasks).where(theTask).limit(1);
      const moved = movedDate({ date: t?.date ?? row.fromDate, original: t?.original ?? null }, row.toDate);
      await tx.update(tasks).set({ deadline: moved.date, originalDeadline: moved.original }).where(theTask);
      return;
    }
    case 'milestone': {
      // The request's task is in the district (decide found it there): its milestone is too.
      const theMilestone = and(eq(milestones.id, row.milestoneId!), eq(milestones.taskId, row.taskId));
      const [m] = await tx.select({ date: milestones.dueOn, original: milestones.originalDueOn }).from(milestones).where(theMilestone).limit(1);
      if (!m) throw new RefusalError('该时间节点已不存在（时间节点计划可能已修改）');
      const moved = movedDate({ date: m.date, original: m.original }, row.toDate);
      await tx.update(milestones).set({ dueOn: moved.date, originalDueOn: moved.original }).where(theMilestone);
      return;
    }
    case 'notice': {
      const theNotice = and(eq(supervisionNotices.id, row.noticeId!), eq(supervisionNotices.districtId, districtId));
      const [n] = await tx.select({ date: supervisionNotices.dueDate, original: supervisionNotices.originalDueDate }).from(supervisionNotices).where(theNotice).limit(1);
      if (!n) throw new RefusalError('该督办单已不存在');
      const moved = movedDate({ date: n.date, original: n.original }, row.toDate);
      await tx.update(supervisionNotices).set({ dueDate: moved.date, originalDueDate: moved.original }).where(theNotice);
      return;
    }
    case 'report':
      return;
  }
}

async function subjectText(tx: Reader, row: ExtensionRequest): Promise<string> {
  const [t] = await tx.select({ no: tasks.no, shortName: plans.shortName, kind: plans.kind }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(tasks.id, row.taskId)).limit(1);
  return `${t ? taskLabel(t, t.no) : ''}${EXTENSION_SUBJECT_LABELS[row.subject]}`;
}

/**
 * One decision (the office's on a pending request, a leader's on a leader_pending one): a
 * conditional update from the status read, so two deciders at once cannot both win.
 */
async function decide(ctx: ServiceContext, who: 'office' | 'leader', input: DecideExtensionInput): Promise<Result<{ id: number; status: ExtensionStatus }>> {
  const { actor, now, meta } = ctx;
  const districtId = ownDistrictId(actor);
  const leaderDays = (await getWarningSettings(ctx.db, districtId)).extensionLeaderDays;
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number; status: ExtensionStatus }>> => {
    // Another district's request is "not found", like one that does not exist.
    const [row] = await tx
      .select()
      .from(extensionRequests)
      .where(and(eq(extensionRequests.id, input.requestId), requestInDistrict(districtId)))
      .limit(1);
    if (!row) throw new NotFoundError(NOT_FOUND);
    const days = extensionDays(row.fromDate, row.toDate);
    const next = nextStatus(row.status, who, input.decision, days, leaderDays);
    if (!next) return fail(`该申请${EXTENSION_STATUS_LABELS[row.status]}${who === 'leader' && row.status === 'pending' ? '，须先由督查室审核' : ''}，不能审批`);
    const comment = input.comment || null;
    const set = who === 'office' ? { status: next, officeBy: actor.userId, officeAt: now, officeComment: comment } : { status: next, leaderBy: actor.userId, leaderAt: now, leaderComment: comment };
    const done = await tx
      .update(extensionRequests)
      .set(set)
      .where(and(eq(extensionRequests.id, row.id), eq(extensionRequests.status, row.status)))
      .returning({ id: extensionRequests.id });
    if (done.length === 0) throw new RefusalError('该申请已被处理（可能其他人刚刚审批过），请刷新页面');
    if (next === 'approved') await applyApproval(tx, districtId, row);
    const what = await subjectText(tx, row);
    await writeAudit(
      tx,
      actor,
      {
        action: who === 'office' ? 'extension.decide' : 'extension.leader_decide',
        entityType: 'extension',
        entityId: row.id,
        taskId: row.taskId,
        unitId: row.unitId,
        detail: { subject: row.subject, decision: input.decision, status: next, fromDate: row.fromDate, toDate: row.toDate, days, comment },
      },
      meta,
      now,
    );
    const link = `/tasks/${row.taskId}`;
    if (next === 'leader_pending') {
      await notifyRole(tx, districtId, 'leader', { kind: 'extension.requested', title: `延期 ${days} 天待领导审批：${what}`, body: `${row.fromDate} → ${row.toDate}：${row.reason}`, link: '/approvals' }, now);
      await notifyUnits(tx, [row.unitId], { kind: 'extension.decided', title: `延期申请已经督查室同意，待领导审批：${what}`, body: comment ?? '', link }, now);
    } else {
      const title = next === 'approved' ? `延期申请已批准：${what}延期至 ${row.toDate}` : `延期申请未批准：${what}`;
      await notifyUnits(tx, [row.unitId], { kind: 'extension.decided', title, body: comment ?? '', link }, now);
    }
    const message = next === 'approved' ? `已批准，${EXTENSION_SUBJECT_LABELS[row.subject]}延期至 ${row.toDate}` : next === 'leader_pending' ? `已同意，延期 ${days} 天超过 ${leaderDays} 天，转领导审批` : '已不予批准';
    return ok({ id: row.id, status: next, message });
  });
}

/** 督查室审核: approve (a long one then waits for a leader) or refuse with a comment. */
export async function decideExtension(ctx: ServiceContext, input: DecideExtensionInput): Promise<Result<{ id: number; status: ExtensionStatus }>> {
  assertCan(ctx.actor, 'extensions.decide');
  return decide(ctx, 'office', input);
}

/** 领导审批: a leader decides an extension above the set length, after the office agreed. */
export async function leaderDecideExtension(ctx: ServiceContext, input: DecideExtensionInput): Promise<Result<{ id: number; status: ExtensionStatus }>> {
  assertCan(ctx.actor, 'extensions.approveLong');
  return decide(ctx, 'leader', input);
}

// ---------------------------------------------------------------------------------------------
// Reading

export type ExtensionRow = {
  id: number;
  subject: ExtensionSubject;
  subjectLabel: string;
  taskId: number;
  taskLabel: string;
  taskTitle: string;
  unitId: number;
  unitName: string;
  milestoneId: number | null;
  noticeId: number | null;
  periodId: number | null;
  fromDate: string;
  toDate: string;
  days: number;
  reason: string;
  status: ExtensionStatus;
  statusLabel: string;
  requestedBy: string;
  requestedAt: Date;
  officeComment: string | null;
  leaderComment: string | null;
  /** 佐证材料 (attachments of owner 'extension_request'). */
  evidence: EvidenceItem[];
};

/** The requests `where` selects, of the actor's district only (every district for the city office). */
async function extensionRows(ctx: ServiceContext, where: SQL | undefined): Promise<ExtensionRow[]> {
  const { db } = ctx;
  const rows = await db
    .select({
      r: extensionRequests,
      taskNo: tasks.no,
      taskTitle: tasks.title,
      shortName: plans.shortName,
      kind: plans.kind,
      unitName: units.name,
      requestedBy: users.displayName,
    })
    .from(extensionRequests)
    .innerJoin(tasks, eq(tasks.id, extensionRequests.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, extensionRequests.unitId))
    .innerJoin(users, eq(users.id, extensionRequests.requestedBy))
    .where(and(where, inActorDistrict(tasks.districtId, ctx.actor)))
    .orderBy(desc(extensionRequests.requestedAt), desc(extensionRequests.id));
  const evidence = await evidenceOf(
    db,
    rows.map((row) => row.r.id),
  );
  return rows.map(({ r, ...x }) => ({
    id: r.id,
    subject: r.subject,
    subjectLabel: EXTENSION_SUBJECT_LABELS[r.subject],
    taskId: r.taskId,
    taskLabel: taskLabel({ shortName: x.shortName, kind: x.kind }, x.taskNo),
    taskTitle: x.taskTitle,
    unitId: r.unitId,
    unitName: x.unitName,
    milestoneId: r.milestoneId,
    noticeId: r.noticeId,
    periodId: r.periodId,
    fromDate: r.fromDate,
    toDate: r.toDate,
    days: extensionDays(r.fromDate, r.toDate),
    reason: r.reason,
    status: r.status,
    statusLabel: EXTENSION_STATUS_LABELS[r.status],
    requestedBy: x.requestedBy,
    requestedAt: r.requestedAt,
    officeComment: r.officeComment,
    leaderComment: r.leaderComment,
    evidence: evidence.get(r.id) ?? [],
  }));
}

/** 待审批: the office's pending requests and the leader's leader_pending ones (oversight roles only), oldest first. */
export async function listExtensionQueue(ctx: ServiceContext): Promise<{ pending: ExtensionRow[]; leaderPending: ExtensionRow[] }> {
  if (!seesAllUnits(ctx.actor)) throw new NotFoundError(NOT_FOUND);
  const rows = (await extensionRows(ctx, and(inArray(extensionRequests.status, [...OPEN_EXTENSION_STATUSES])))).reverse();
  return { pending: rows.filter((r) => r.status === 'pending'), leaderPending: rows.filter((r) => r.status === 'leader_pending') };
}

/** A task's requests, newest first: every unit's for the oversight roles, the own unit's for unit staff. */
export async function listTaskExtensions(ctx: ServiceContext, taskId: number): Promise<ExtensionRow[]> {
  const { actor } = ctx;
  if (isUnitActor(actor)) return extensionRows(ctx, and(eq(extensionRequests.taskId, taskId), eq(extensionRequests.unitId, actor.unitId)));
  if (!seesAllUnits(actor)) return [];
  return extensionRows(ctx, and(eq(extensionRequests.taskId, taskId)));
}

/** A task's approved milestones not yet done (the ones a lead unit may ask to move); none for a task of another district. */
export async function openMilestonesOfTask(ctx: Pick<ServiceContext, 'db' | 'actor'>, taskId: number) {
  return ctx.db
    .select({ id: milestones.id, dueOn: milestones.dueOn, originalDueOn: milestones.originalDueOn, deliverable: milestones.deliverable })
    .from(milestones)
    .innerJoin(milestonePlans, eq(milestonePlans.id, milestones.planId))
    .innerJoin(tasks, eq(tasks.id, milestones.taskId))
    .where(and(eq(milestones.taskId, taskId), inActorDistrict(tasks.districtId, ctx.actor), eq(milestonePlans.status, 'approved'), isNull(milestones.doneOn)))
    .orderBy(asc(milestones.dueOn), asc(milestones.position));
}

/** A notice's requests (the actor's own unit's for unit staff). */
export async function listNoticeExtensions(ctx: ServiceContext, noticeId: number): Promise<ExtensionRow[]> {
  const { actor } = ctx;
  const own = isUnitActor(actor) ? eq(extensionRequests.unitId, actor.unitId) : undefined;
  if (!own && !seesAllUnits(actor)) return [];
  return extensionRows(ctx, and(eq(extensionRequests.subject, 'notice'), eq(extensionRequests.noticeId, noticeId), own));
}

/** The unit's own report-deadline requests of a task and month (for the report editor). */
export async function listReportExtensions(ctx: ServiceContext, taskId: number, periodId: number): Promise<ExtensionRow[]> {
  if (!isUnitActor(ctx.actor)) return [];
  return extensionRows(
    ctx,
    and(eq(extensionRequests.subject, 'report'), eq(extensionRequests.taskId, taskId), eq(extensionRequests.periodId, periodId), eq(extensionRequests.unitId, ctx.actor.unitId)),
  );
}
