import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { plans, problems, reportingPeriods, reports, tasks, taskUnits, units, users, type ProblemStatus } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { isUnitActor, ownUnitId, unitScopeOf } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { districtScopeOf, inDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { notifyRole, notifyUnits } from '@/lib/notifications/notification-service';
import { notInLoopReason, taskLabel } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import { availableCommands, mayAttempt, PROBLEM_ADDRESSEE_LABELS, stateRefusal, type ProblemActorKind, type ProblemAddressee, type ProblemCommand } from './problem-rules';
import type { AnswerProblemInput, CloseProblemInput, EscalateProblemInput, ProblemFilter, RaiseProblemInput } from './schemas';

/**
 * 问题协调: a unit on a task (lead or participating) raises a problem to the office or a leader;
 * the addressee answers; the unit or the office closes it (states: problem-rules.ts). Unit staff
 * act on and see only their own unit's problems (another unit's is "not found"); the oversight
 * roles see all of their district's (another district's is "not found" for everyone). Every change
 * is one transaction: it reads, refuses before writing anything, makes a conditional UPDATE (WHERE
 * status = what it read) and writes its audit line and notifications.
 */

const NOT_FOUND = '找不到该问题';
const PAGE = '/problems';

/** A task of the district as a message names it, with its list's state; null when missing (or another district's). */
async function taskRef(db: Reader, districtId: number, taskId: number) {
  const [row] = await db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, status: tasks.status, shortName: plans.shortName, kind: plans.kind, planStatus: plans.status })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), eq(tasks.districtId, districtId)))
    .limit(1);
  return row ? { ...row, label: taskLabel(row, row.no) } : null;
}

/** The office: a supervisor (the admin manages the system, not the loop). */
function isOffice(actor: Actor): boolean {
  return actor.role === 'supervisor' && can(actor, 'problems.answer');
}

/** What the actor is to this problem. */
function actorKind(actor: Actor, problemUnitId: number): ProblemActorKind {
  if (isUnitActor(actor)) return actor.unitId === problemUnitId && can(actor, 'problems.raise') ? 'raisingUnit' : 'other';
  if (isOffice(actor)) return 'office';
  if (actor.role === 'leader' && can(actor, 'problems.answer')) return 'leader';
  return 'other';
}

/** The problem, if the actor may see it: of the district, and for unit staff only their own unit's (else undefined, "not found"). */
async function visibleProblem(db: Reader, actor: Actor, districtId: number, problemId: number) {
  const scope = unitScopeOf(actor);
  const [row] = await db
    .select({ p: problems, unitName: units.name })
    .from(problems)
    .innerJoin(tasks, eq(tasks.id, problems.taskId))
    .innerJoin(units, eq(units.id, problems.unitId))
    .where(and(eq(problems.id, problemId), eq(tasks.districtId, districtId), scope.kind === 'all' ? undefined : eq(problems.unitId, scope.unitId)))
    .limit(1);
  return row;
}

/**
 * Loads the problem for a command: another unit's is "not found"; an actor who may not do this
 * at all is forbidden; a state that does not allow it is a refusal (nothing written).
 */
async function forCommand(tx: Tx, actor: Actor, problemId: number, command: ProblemCommand) {
  const districtId = ownDistrictId(actor);
  const row = await visibleProblem(tx, actor, districtId, problemId);
  if (!row) throw new NotFoundError(NOT_FOUND);
  const who = actorKind(actor, row.p.unitId);
  if (!mayAttempt(command, who, row.p.addressedTo)) throw new ForbiddenError();
  const refused = stateRefusal({ status: row.p.status, addressedTo: row.p.addressedTo }, command);
  const task = (await taskRef(tx, districtId, row.p.taskId))!;
  return { row, who, refused, task, districtId };
}

// ---------------------------------------------------------------------------------------------
// Commands

/** 提交协调: the actor's unit, on a task it leads or takes part in, raises a problem (optionally from its own report). */
export async function raiseProblem(ctx: ServiceContext, input: RaiseProblemInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'problems.raise');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const [link] = await tx
      .select({ taskId: taskUnits.taskId })
      .from(taskUnits)
      .where(and(eq(taskUnits.taskId, input.taskId), eq(taskUnits.unitId, unitId)))
      .limit(1);
    const task = link ? await taskRef(tx, districtId, input.taskId) : null;
    // Not the unit's task (or a draft list's): not found, whoever's it is.
    if (!task || task.planStatus === 'draft') throw new NotFoundError('找不到该任务');
    const refused = notInLoopReason(task.planStatus);
    if (refused) return fail(refused);
    if (task.status === 'closed') return fail('该任务已办结销号，不能再提交协调问题');
    if (input.reportId !== null) {
      const [report] = await tx
        .select({ id: reports.id })
        .from(reports)
        .where(and(eq(reports.id, input.reportId), eq(reports.taskId, task.id), eq(reports.unitId, unitId)))
        .limit(1);
      if (!report) throw new NotFoundError('找不到该月度进展');
    }
    // The same text still waiting for its answer is not raised twice (a double click, a second tab).
    const [same] = await tx
      .select({ id: problems.id })
      .from(problems)
      .where(and(eq(problems.taskId, task.id), eq(problems.unitId, unitId), eq(problems.status, 'open'), eq(problems.content, input.content)))
      .limit(1);
    if (same) return fail('该问题已提交协调，正在等待答复');
    const [created] = await tx
      .insert(problems)
      .values({ taskId: task.id, unitId, reportId: input.reportId, addressedTo: input.addressedTo, content: input.content, status: 'open', raisedBy: actor.userId, raisedAt: now })
      .returning({ id: problems.id });
    const id = created!.id;
    const to = PROBLEM_ADDRESSEE_LABELS[input.addressedTo];
    await writeAudit(
      tx,
      actor,
      { action: 'problem.raise', entityType: 'problem', entityId: id, taskId: task.id, unitId, detail: { addressedTo: input.addressedTo, reportId: input.reportId, content: input.content } },
      meta,
      now,
    );
    const n = { kind: 'problem.raised' as const, title: `${actor.unitName ?? '责任单位'}就${task.label}提请${to}协调`, body: input.content, link: `${PAGE}?status=open` };
    // The addressee; a problem to a leader goes to the office as well (it coordinates and may answer for the leader).
    if (input.addressedTo === 'leader') await notifyRole(tx, districtId, 'leader', n, now);
    await notifyRole(tx, districtId, 'supervisor', n, now);
    return ok({ id, message: `已提交${to}协调` });
  });
}

/** 答复: the addressee answers an open problem; the unit is told. */
export async function answerProblem(ctx: ServiceContext, input: AnswerProblemInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'problems.answer');
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const { row, refused, task } = await forCommand(tx, actor, input.problemId, 'answer');
    if (refused) return fail(refused);
    const updated = await tx
      .update(problems)
      .set({ status: 'answered', answer: input.answer, answeredBy: actor.userId, answeredAt: now })
      .where(and(eq(problems.id, row.p.id), eq(problems.status, 'open')))
      .returning({ id: problems.id });
    if (updated.length === 0) throw new RefusalError('该问题已答复（可能其他人刚刚答复过），请刷新页面');
    await writeAudit(tx, actor, { action: 'problem.answer', entityType: 'problem', entityId: row.p.id, taskId: row.p.taskId, unitId: row.p.unitId, detail: { answer: input.answer } }, meta, now);
    await notifyUnits(tx, [row.p.unitId], { kind: 'problem.answered', title: `${actor.displayName}答复了${task.label}的协调问题`, body: input.answer, link: `${PAGE}?status=answered` }, now);
    return ok({ id: row.p.id, message: '已答复，已通知提出单位' });
  });
}

/** 转呈领导: the office hands an open problem addressed to it to the leaders (audited, both sides told). */
export async function escalateProblem(ctx: ServiceContext, input: EscalateProblemInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'problems.answer');
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const { row, refused, task, districtId } = await forCommand(tx, actor, input.problemId, 'escalate');
    if (refused) return fail(refused);
    const updated = await tx
      .update(problems)
      .set({ addressedTo: 'leader' })
      .where(and(eq(problems.id, row.p.id), eq(problems.status, 'open'), eq(problems.addressedTo, 'office')))
      .returning({ id: problems.id });
    if (updated.length === 0) throw new RefusalError('该问题的状态已变化，请刷新页面');
    await writeAudit(
      tx,
      actor,
      { action: 'problem.escalate', entityType: 'problem', entityId: row.p.id, taskId: row.p.taskId, unitId: row.p.unitId, detail: { from: 'office', to: 'leader', ...(input.note ? { reason: input.note } : {}) } },
      meta,
      now,
    );
    const body = input.note ? `${row.p.content}\n督查室说明：${input.note}` : row.p.content;
    await notifyRole(tx, districtId, 'leader', { kind: 'problem.escalated', title: `督查室将${row.unitName}就${task.label}提出的问题转呈区领导`, body, link: `${PAGE}?status=open&to=leader` }, now);
    await notifyUnits(tx, [row.p.unitId], { kind: 'problem.escalated', title: `${task.label}的协调问题已转呈区领导`, body: input.note || undefined, link: PAGE }, now);
    return ok({ id: row.p.id, message: '已转呈区领导' });
  });
}

/** 关闭: the raising unit (its problem is settled) or the office closes a problem that is not closed. */
export async function closeProblem(ctx: ServiceContext, input: CloseProblemInput): Promise<Result<{ id: number }>> {
  const { actor, now, meta } = ctx;
  if (!can(actor, 'problems.raise') && !isOffice(actor)) throw new ForbiddenError();
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const { row, who, refused, task } = await forCommand(tx, actor, input.problemId, 'close');
    if (refused) return fail(refused);
    const updated = await tx
      .update(problems)
      .set({ status: 'closed', closedBy: actor.userId, closedAt: now })
      .where(and(eq(problems.id, row.p.id), inArray(problems.status, ['open', 'answered'])))
      .returning({ id: problems.id });
    if (updated.length === 0) throw new RefusalError('该问题已关闭');
    await writeAudit(tx, actor, { action: 'problem.close', entityType: 'problem', entityId: row.p.id, taskId: row.p.taskId, unitId: row.p.unitId, detail: { status: row.p.status } }, meta, now);
    // The office closing it tells the unit; the unit closing its own tells no one (the audit keeps it).
    if (who === 'office') await notifyUnits(tx, [row.p.unitId], { kind: 'problem.closed', title: `督查室关闭了${task.label}的协调问题`, body: row.p.content, link: `${PAGE}?status=closed` }, now);
    return ok({ id: row.p.id, message: '问题已关闭' });
  });
}

// ---------------------------------------------------------------------------------------------
// Views

export type ProblemView = {
  id: number;
  task: { id: number; label: string; title: string };
  unit: { id: number; name: string };
  addressedTo: ProblemAddressee;
  content: string;
  status: ProblemStatus;
  /** The report it was raised from (its month), if any. */
  reportMonth: string | null;
  raisedAt: Date;
  raisedByName: string;
  answer: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
  closedAt: Date | null;
  /** What the actor may do on it now. */
  commands: ProblemCommand[];
};

const answeredBy = alias(users, 'answered_by_user');

/**
 * Problems the actor may see, newest first: unit staff their own unit's, the oversight roles all;
 * filtered by status, addressee, task.
 */
export async function listProblems(ctx: ServiceContext, filter: ProblemFilter & { taskId?: number } = {}): Promise<ProblemView[]> {
  const { db, actor } = ctx;
  assertCan(actor, 'oversight.read');
  const scope = unitScopeOf(actor);
  const where: (SQL | undefined)[] = [inDistrict(tasks.districtId, districtScopeOf(actor))];
  if (scope.kind === 'unit') where.push(eq(problems.unitId, scope.unitId));
  if (filter.status) where.push(eq(problems.status, filter.status));
  if (filter.to) where.push(eq(problems.addressedTo, filter.to));
  if (filter.taskId !== undefined) where.push(eq(problems.taskId, filter.taskId));
  const rows = await db
    .select({
      p: problems,
      unitName: units.name,
      taskNo: tasks.no,
      taskTitle: tasks.title,
      shortName: plans.shortName,
      kind: plans.kind,
      raisedByName: users.displayName,
      answeredByName: answeredBy.displayName,
      reportMonth: reportingPeriods.month,
    })
    .from(problems)
    .innerJoin(units, eq(units.id, problems.unitId))
    .innerJoin(tasks, eq(tasks.id, problems.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(users, eq(users.id, problems.raisedBy))
    .leftJoin(answeredBy, eq(answeredBy.id, problems.answeredBy))
    .leftJoin(reports, eq(reports.id, problems.reportId))
    .leftJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
    .where(and(...where))
    .orderBy(desc(problems.raisedAt), desc(problems.id));
  return rows.map((r) => ({
    id: r.p.id,
    task: { id: r.p.taskId, label: taskLabel(r, r.taskNo), title: r.taskTitle },
    unit: { id: r.p.unitId, name: r.unitName },
    addressedTo: r.p.addressedTo,
    content: r.p.content,
    status: r.p.status,
    reportMonth: r.reportMonth ?? null,
    raisedAt: r.p.raisedAt,
    raisedByName: r.raisedByName,
    answer: r.p.answer,
    answeredAt: r.p.answeredAt,
    answeredByName: r.answeredByName ?? null,
    closedAt: r.p.closedAt,
    commands: availableCommands({ status: r.p.status, addressedTo: r.p.addressedTo }, actorKind(actor, r.p.unitId)),
  }));
}

/** A task's problems as the actor may see them (the task page): unit staff their own unit's only. */
export async function problemsForTask(ctx: ServiceContext, taskId: number): Promise<ProblemView[]> {
  return listProblems(ctx, { taskId });
}
