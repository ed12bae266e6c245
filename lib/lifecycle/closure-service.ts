import { and, count, desc, eq } from 'drizzle-orm';
import { closureRequests, tasks, taskUnits, units, users, type ClosureStatus, type TaskStatus } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId, seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { districtScopeOf, inActorDistrict, inDistrict, ownDistrictId, type DistrictScope } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { notifyRole, notifyUnits } from '@/lib/notifications/notification-service';
import { notInLoopReason, planById, taskLabel } from '@/lib/plans/plan-scope';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { fail, ok, type Result } from '@/lib/result';
import { closureEvidenceOf, type ClosureEvidenceItem } from './closure-evidence';
import { closureRequestRefusal, decideClosure, reopenRefusal } from './closure-rules';
import type { ClosureDecisionInput, ClosureRequestInput, ReopenTaskInput } from './schemas';

/** A task in the scope's district (another district's is none at all) with its list. */
async function taskOf(db: Reader, scope: DistrictScope, taskId: number) {
  const [task] = await db
    .select({ id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title, status: tasks.status })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), inDistrict(tasks.districtId, scope)))
    .limit(1);
  const plan = task ? await planById(db, scope, task.planId) : null;
  return task && plan ? { ...task, plan, label: taskLabel(plan, task.no) } : null;
}

async function pendingCount(db: Reader, taskId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(closureRequests)
    .where(and(eq(closureRequests.taskId, taskId), eq(closureRequests.status, 'pending')));
  return row?.n ?? 0;
}

/**
 * 办结申请: the lead unit applies to close a task that is done. A participating unit may not
 * (forbidden); another unit's (or district's) task is not found. Audited; the office is told.
 */
export async function requestClosure(ctx: ServiceContext, input: ClosureRequestInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'closures.request');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  const scope: DistrictScope = { kind: 'district', districtId };
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const roles = (
      await tx
        .select({ role: taskUnits.role })
        .from(taskUnits)
        .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
        .where(and(eq(taskUnits.taskId, input.taskId), eq(taskUnits.unitId, unitId), eq(tasks.districtId, districtId)))
    ).map((r) => r.role);
    if (roles.length === 0) throw new NotFoundError('找不到该任务');
    if (!roles.includes('lead')) throw new ForbiddenError('只有牵头单位可以申请办结');
    const task = await taskOf(tx, scope, input.taskId);
    if (!task) throw new NotFoundError('找不到该任务');
    const refused = notInLoopReason(task.plan.status) ?? closureRequestRefusal({ taskStatus: task.status, pendingRequests: await pendingCount(tx, task.id) });
    if (refused) return fail(refused);
    const [row] = await tx
      .insert(closureRequests)
      .values({ taskId: task.id, unitId, summary: input.summary, requestedBy: actor.userId, requestedAt: at })
      .returning({ id: closureRequests.id });
    const id = row!.id;
    await writeAudit(tx, actor, { action: 'closure.request', entityType: 'closure_request', entityId: id, taskId: task.id, unitId, detail: { summary: input.summary } }, meta, at);
    await notifyRole(tx, districtId, 'supervisor', { kind: 'closure.requested', title: `${actor.unitName ?? ''}申请办结${task.label}「${task.title}」`, body: input.summary, link: '/approvals' }, at);
    return ok({ id, message: '已提交办结申请，等待督查室审核' });
  });
}

/** The office approves (the task is closed: no more monthly reports) or returns an application with a reason. Audited; the lead unit is told. */
export async function decideClosureRequest(ctx: ServiceContext, input: ClosureDecisionInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'closures.decide');
  const districtId = ownDistrictId(actor);
  const scope: DistrictScope = { kind: 'district', districtId };
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    // Another district's application is "not found", like one that does not exist.
    const [found] = await tx
      .select({ request: closureRequests })
      .from(closureRequests)
      .innerJoin(tasks, eq(tasks.id, closureRequests.taskId))
      .where(and(eq(closureRequests.id, input.requestId), eq(tasks.districtId, districtId)))
      .limit(1);
    const request = found?.request;
    if (!request) throw new NotFoundError('找不到该办结申请');
    const task = await taskOf(tx, scope, request.taskId);
    if (!task) throw new NotFoundError('找不到该任务');
    const next = decideClosure(request.status, input.decision, input.comment);
    if (!next.ok) return fail(next.error);
    if (input.decision === 'approve') {
      const refused = notInLoopReason(task.plan.status) ?? (task.status === 'closed' ? '任务已办结' : null);
      if (refused) return fail(refused);
    }
    const decided = await tx
      .update(closureRequests)
      .set({ status: next.status, decidedBy: actor.userId, decidedAt: at, decisionComment: input.comment || null })
      .where(and(eq(closureRequests.id, request.id), eq(closureRequests.status, 'pending')))
      .returning({ id: closureRequests.id });
    if (decided.length === 0) return fail('该办结申请已被处理');
    if (input.decision === 'approve') await tx.update(tasks).set({ status: 'closed', closedAt: at, closedBy: actor.userId }).where(and(eq(tasks.id, task.id), eq(tasks.districtId, districtId)));
    const approve = input.decision === 'approve';
    await writeAudit(
      tx,
      actor,
      { action: approve ? 'closure.approve' : 'closure.return', entityType: 'closure_request', entityId: request.id, taskId: task.id, unitId: request.unitId, detail: input.comment ? { comment: input.comment } : undefined },
      meta,
      at,
    );
    await notifyUnits(
      tx,
      [request.unitId],
      {
        kind: 'closure.decided',
        title: approve ? `${task.label}「${task.title}」已办结销号` : `${task.label}「${task.title}」的办结申请被退回`,
        body: input.comment,
        link: `/tasks/${task.id}`,
      },
      at,
    );
    return ok({ id: request.id, message: approve ? `已办结：${task.label}` : '已退回办结申请' });
  });
}

/** 撤销办结: the office reopens a closed task, with a reason; it takes monthly reports again. Audited; the lead units are told. */
export async function reopenTask(ctx: ServiceContext, input: ReopenTaskInput): Promise<Result<{ id: number }>> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'closures.decide');
  const districtId = ownDistrictId(actor);
  const scope: DistrictScope = { kind: 'district', districtId };
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const task = await taskOf(tx, scope, input.taskId);
    if (!task) throw new NotFoundError('找不到该任务');
    const refused = notInLoopReason(task.plan.status) ?? reopenRefusal({ taskStatus: task.status, reason: input.reason });
    if (refused) return fail(refused);
    await tx.update(tasks).set({ status: 'active', closedAt: null, closedBy: null }).where(and(eq(tasks.id, task.id), eq(tasks.districtId, districtId)));
    await writeAudit(tx, actor, { action: 'task.reopen', entityType: 'task', entityId: task.id, taskId: task.id, detail: { reason: input.reason } }, meta, at);
    await notifyUnits(tx, await leadUnits(tx, task.id), { kind: 'closure.decided', title: `${task.label}「${task.title}」已重新启动，请继续按月报送`, body: input.reason, link: `/tasks/${task.id}` }, at);
    return ok({ id: task.id, message: '已重新启动该任务' });
  });
}

async function leadUnits(tx: Tx, taskId: number): Promise<number[]> {
  return (await tx.select({ id: taskUnits.unitId }).from(taskUnits).where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.role, 'lead')))).map((r) => r.id);
}

/** An application as pages show it (joined with its unit and applicant). */
const closureRequestColumns = {
  id: closureRequests.id,
  status: closureRequests.status,
  summary: closureRequests.summary,
  unitName: units.name,
  requestedBy: users.displayName,
  requestedAt: closureRequests.requestedAt,
  decidedAt: closureRequests.decidedAt,
  decisionComment: closureRequests.decisionComment,
};

export type ClosureRequestView = {
  id: number;
  status: ClosureStatus;
  summary: string;
  unitName: string;
  requestedBy: string;
  requestedAt: Date;
  decidedAt: Date | null;
  decisionComment: string | null;
  /** 佐证材料 attached to the application. */
  evidence: ClosureEvidenceItem[];
};

export type TaskClosure = {
  status: TaskStatus;
  /** The day it was closed (YYYY-MM-DD, Beijing), when closed. */
  closedOn: string | null;
  /** Applications, newest first. */
  requests: ClosureRequestView[];
};

/** A task's closure (status, date, applications) for its page; a unit reads those of its own tasks only, nobody another district's. */
export async function closureOfTask(ctx: ServiceContext, taskId: number): Promise<TaskClosure | null> {
  const [task] = await ctx.db
    .select({ status: tasks.status, closedAt: tasks.closedAt })
    .from(tasks)
    .where(and(eq(tasks.id, taskId), inActorDistrict(tasks.districtId, ctx.actor)))
    .limit(1);
  if (!task) return null;
  const mine = seesAllUnits(ctx.actor) ? undefined : ctx.actor.unitId;
  if (mine === null) return { status: task.status, closedOn: task.closedAt ? shanghaiDate(task.closedAt) : null, requests: [] };
  const requests = await ctx.db
    .select(closureRequestColumns)
    .from(closureRequests)
    .innerJoin(units, eq(units.id, closureRequests.unitId))
    .innerJoin(users, eq(users.id, closureRequests.requestedBy))
    .where(mine === undefined ? eq(closureRequests.taskId, taskId) : and(eq(closureRequests.taskId, taskId), eq(closureRequests.unitId, mine)))
    .orderBy(desc(closureRequests.requestedAt), desc(closureRequests.id));
  const evidence = await closureEvidenceOf(ctx.db, requests.map((r) => r.id));
  return { status: task.status, closedOn: task.closedAt ? shanghaiDate(task.closedAt) : null, requests: requests.map((r) => ({ ...r, evidence: evidence.get(r.id) ?? [] })) };
}

export type PendingClosure = ClosureRequestView & { taskId: number; taskLabel: string; taskTitle: string };

/** 待审批 · 办结申请: every pending application of the district, oldest first (the office, leaders and the administrator read it). */
export async function listPendingClosures(ctx: ServiceContext): Promise<PendingClosure[]> {
  if (!seesAllUnits(ctx.actor)) throw new ForbiddenError();
  const scope = districtScopeOf(ctx.actor);
  const rows = await ctx.db
    .select({
      ...closureRequestColumns,
      taskId: tasks.id,
      taskNo: tasks.no,
      taskTitle: tasks.title,
      planId: tasks.planId,
    })
    .from(closureRequests)
    .innerJoin(tasks, eq(tasks.id, closureRequests.taskId))
    .innerJoin(units, eq(units.id, closureRequests.unitId))
    .innerJoin(users, eq(users.id, closureRequests.requestedBy))
    .where(and(eq(closureRequests.status, 'pending'), inDistrict(tasks.districtId, scope)))
    .orderBy(closureRequests.requestedAt, closureRequests.id);
  const plans = new Map<number, Awaited<ReturnType<typeof planById>>>();
  const out: PendingClosure[] = [];
  const evidence = await closureEvidenceOf(ctx.db, rows.map((r) => r.id));
  for (const { taskNo, planId, ...r } of rows) {
    if (!plans.has(planId)) plans.set(planId, await planById(ctx.db, scope, planId));
    const plan = plans.get(planId);
    out.push({ ...r, evidence: evidence.get(r.id) ?? [], taskLabel: plan ? taskLabel(plan, taskNo) : String(taskNo) });
  }
  return out;
}
