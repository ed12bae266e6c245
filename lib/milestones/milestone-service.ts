import { and, asc, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { indicators, milestonePlans, milestones, plans, reportingPeriods, reports, tasks, taskUnits, units, users, type Milestone, type MilestonePlan, type ReviewState } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId, seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { inActorDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/errors';
import { notifyRole, notifyUnits } from '@/lib/notifications/notification-service';
import { notInLoopReason, taskLabel } from '@/lib/plans/plan-scope';
import { fail, failField, ok, type Result } from '@/lib/result';
import { warningSettingsByDistrict } from '@/lib/warnings/settings-service';
import { canUntick, isPlanEditable, milestoneStatus, nextPlanState, PLAN_STATUS_LABELS, type MilestoneStatus } from './milestone-rules';
import type { ReviewPlanInput, SavePlanInput, TickMilestoneInput, UntickMilestoneInput } from './schemas';

/**
 * 时间节点, the services. The lead unit (its staff: `milestones.write`) files and edits the plan of
 * its task and submits it; the office (`milestones.review`) approves it or returns it with a reason;
 * the lead unit ticks milestones off from its monthly report, with evidence. The unit always comes
 * from the session: another unit's task or milestone is "not found", and so is anything of another
 * district, for everyone; a participating unit reads the plan but may not write it. The plan
 * carries an optimistic `version`. States: milestone-rules.ts.
 */

const NOT_FOUND = '找不到该任务';
const NOT_FOUND_MILESTONE = '找不到该时间节点';
const PARTICIPANT_REFUSAL = '时间节点计划由牵头单位填报，参与单位只能查看';

export type MilestoneView = {
  id: number;
  position: number;
  dueOn: string;
  /** The date first approved, when an extension moved it. */
  originalDueOn: string | null;
  deliverable: string;
  indicatorId: number | null;
  indicatorName: string | null;
  indicatorUnit: string | null;
  indicatorValue: number | null;
  doneOn: string | null;
  doneReportId: number | null;
  evidence: string | null;
  status: MilestoneStatus;
  /** Whether the tick-off may still be undone (its month open, its report not sent). */
  untickable: boolean;
};

export type PlanView = Pick<MilestonePlan, 'id' | 'status' | 'version' | 'submittedAt' | 'reviewedAt' | 'reviewComment'> & {
  statusLabel: string;
  submittedByName: string | null;
  reviewedByName: string | null;
};

export type TaskMilestones = {
  taskId: number;
  plan: PlanView | null;
  milestones: MilestoneView[];
  /** The actor's unit on the task (null for the oversight roles). */
  role: 'lead' | 'participating' | null;
  /** The lead unit may edit (no plan, a draft or a returned plan) — the list is in the loop. */
  editable: boolean;
  /** The task's confirmed indicators, for the editor's choice (empty when not editable). */
  indicators: { id: number; name: string; unit: string }[];
};

/** How the unit stands on a task of the district (null: no role, or a task of another district). */
async function unitRoleInDistrict(db: Reader, districtId: number, unitId: number, taskId: number): Promise<'lead' | 'participating' | null> {
  const [row] = await db
    .select({ role: taskUnits.role })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, unitId), eq(tasks.districtId, districtId)))
    .limit(1);
  return row?.role ?? null;
}

/** The actor's standing on a task: oversight reads every task of its district, a unit only its own ones ("not found" otherwise). */
async function standing(ctx: ServiceContext, db: Reader, taskId: number): Promise<'lead' | 'participating' | null> {
  if (seesAllUnits(ctx.actor)) {
    const [row] = await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.id, taskId), inActorDistrict(tasks.districtId, ctx.actor)))
      .limit(1);
    if (!row) throw new NotFoundError(NOT_FOUND);
    return null;
  }
  const unitId = ownUnitId(ctx.actor);
  const role = await unitRoleInDistrict(db, ownDistrictId(ctx.actor), unitId, taskId);
  if (!role) throw new NotFoundError(NOT_FOUND);
  return role;
}

/** The lead unit writing on its task in a list in the loop: another unit's (or district's) task is "not found", a participant is refused. */
async function leadUnitOf(ctx: ServiceContext, tx: Reader, taskId: number): Promise<number> {
  assertCan(ctx.actor, 'milestones.write');
  const unitId = ownUnitId(ctx.actor);
  const role = await unitRoleInDistrict(tx, ownDistrictId(ctx.actor), unitId, taskId);
  if (!role) throw new NotFoundError(NOT_FOUND);
  if (role !== 'lead') throw new ForbiddenError(PARTICIPANT_REFUSAL);
  return unitId;
}

/** Why a write on the task is refused: its list is not in the loop, or the task is closed (办结). */
async function notWritableReason(db: Reader, taskId: number): Promise<string | null> {
  // One read for both: the list's status and the task's own.
  const [t] = await db.select({ listStatus: plans.status, status: tasks.status }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(tasks.id, taskId)).limit(1);
  const refused = notInLoopReason(t?.listStatus ?? null);
  if (refused) return refused;
  return t?.status === 'closed' ? '任务已办结，时间节点不再变动' : null;
}

async function planOfTask(db: Reader, taskId: number) {
  const [row] = await db.select().from(milestonePlans).where(eq(milestonePlans.taskId, taskId)).limit(1);
  return row;
}

/** Each milestone's report status (the report it was ticked from), for the undo rule. */
async function tickReportStatus(db: Reader, rows: Pick<Milestone, 'doneReportId'>[]): Promise<Map<number, string>> {
  const ids = [...new Set(rows.map((r) => r.doneReportId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const found = await db.select({ id: reports.id, status: reports.status }).from(reports).where(inArray(reports.id, ids));
  return new Map(found.map((r) => [r.id, r.status]));
}

/**
 * The milestones `where` selects, of the actor's district only (every district for the city
 * office), each judged by its own district's warning settings.
 */
async function milestoneViews(ctx: ServiceContext, db: Reader, where: SQL): Promise<(MilestoneView & { taskId: number })[]> {
  const rows = await db
    .select({ m: milestones, districtId: tasks.districtId, indicatorName: indicators.name, indicatorUnit: indicators.unit })
    .from(milestones)
    .innerJoin(tasks, eq(tasks.id, milestones.taskId))
    .leftJoin(indicators, eq(indicators.id, milestones.indicatorId))
    .where(and(where, inActorDistrict(tasks.districtId, ctx.actor)))
    .orderBy(asc(milestones.dueOn), asc(milestones.position));
  const settingsOf = await warningSettingsByDistrict(
    db,
    rows.map((r) => r.districtId),
  );
  const reportStatus = await tickReportStatus(
    db,
    rows.map((r) => r.m),
  );
  return rows.map(({ m, districtId, indicatorName, indicatorUnit }) => ({
    id: m.id,
    taskId: m.taskId,
    position: m.position,
    dueOn: m.dueOn,
    originalDueOn: m.originalDueOn,
    deliverable: m.deliverable,
    indicatorId: m.indicatorId,
    indicatorName,
    indicatorUnit,
    indicatorValue: m.indicatorValue,
    doneOn: m.doneOn,
    doneReportId: m.doneReportId,
    evidence: m.evidence,
    status: milestoneStatus(m, ctx.today, settingsOf.get(districtId)!),
    untickable: canUntick(m, m.doneReportId === null ? null : (reportStatus.get(m.doneReportId) ?? null), ctx.today),
  }));
}

async function planView(db: Reader, plan: MilestonePlan | undefined): Promise<PlanView | null> {
  if (!plan) return null;
  const names = new Map<number, string>();
  const ids = [plan.submittedBy, plan.reviewedBy].filter((id): id is number => id !== null);
  if (ids.length) for (const u of await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids))) names.set(u.id, u.name);
  return {
    id: plan.id,
    status: plan.status,
    statusLabel: PLAN_STATUS_LABELS[plan.status],
    version: plan.version,
    submittedAt: plan.submittedAt,
    reviewedAt: plan.reviewedAt,
    reviewComment: plan.reviewComment,
    submittedByName: plan.submittedBy === null ? null : (names.get(plan.submittedBy) ?? null),
    reviewedByName: plan.reviewedBy === null ? null : (names.get(plan.reviewedBy) ?? null),
  };
}

/** A task's plan and milestones: for the oversight roles and the task's own units (another unit: "not found"). */
export async function getTaskMilestones(ctx: ServiceContext, taskId: number): Promise<TaskMilestones> {
  const { db } = ctx;
  const role = await standing(ctx, db, taskId);
  const plan = await planOfTask(db, taskId);
  // Only the lead unit can edit; nobody else needs the list's state or the editor's indicators.
  const editable = role === 'lead' && isPlanEditable(plan?.status ?? 'none') && (await notWritableReason(db, taskId)) === null;
  const inds = editable
    ? await db
        .select({ id: indicators.id, name: indicators.name, unit: indicators.unit })
        .from(indicators)
        .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')))
        .orderBy(asc(indicators.position), asc(indicators.id))
    : [];
  return {
    taskId,
    plan: await planView(db, plan),
    milestones: plan ? await milestoneViews(ctx, db, eq(milestones.planId, plan.id)) : [],
    role,
    editable,
    indicators: inds,
  };
}

/** What the editor showed when someone else saved first (the conflict carries it). */
type PlanConflict = { version: number; status: ReviewState };

// ---------------------------------------------------------------------------------------------
// The lead unit's plan

/**
 * 填报/修改时间节点计划: saves the rows (kept by id: what was ticked off or moved stays; rows left
 * out are removed; new rows are added) as a draft, or submits the plan to the office. Refused when
 * the plan is waiting for the office or approved (dates then move by 延期申请).
 */
export async function savePlan(ctx: ServiceContext, input: SavePlanInput): Promise<Result<{ id: number; version: number }>> {
  const { actor, now, meta } = ctx;
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number; version: number }>> => {
    const unitId = await leadUnitOf(ctx, tx, input.taskId);
    const refused = await notWritableReason(tx, input.taskId);
    if (refused) return fail(refused);
    const plan = await planOfTask(tx, input.taskId);
    const current = plan?.version ?? 0;
    if (input.version !== current) {
      throw new ConflictError<PlanConflict | null>('该时间节点计划已被他人修改，请刷新页面后再改', plan ? { version: plan.version, status: plan.status } : null);
    }
    const from = plan?.status ?? 'none';
    const to = nextPlanState(from, input.intent);
    if (!to) return fail(from === 'submitted' ? '时间节点计划已报送，正在等待督查室审核' : '时间节点计划已批准，节点日期只能通过延期申请调整');

    // Indicators named must be the task's own confirmed ones.
    const indicatorIds = [...new Set(input.milestones.map((m) => m.indicatorId).filter((id): id is number => id !== null))];
    if (indicatorIds.length) {
      const found = await tx
        .select({ id: indicators.id })
        .from(indicators)
        .where(and(inArray(indicators.id, indicatorIds), eq(indicators.taskId, input.taskId), eq(indicators.status, 'confirmed')));
      if (found.length !== indicatorIds.length) return failField('milestones', '所选指标不属于该任务');
    }

    // Rows are kept by id: only this plan's own (checked before anything is written).
    const existingIds = new Set(plan ? (await tx.select({ id: milestones.id }).from(milestones).where(eq(milestones.planId, plan.id))).map((m) => m.id) : []);
    if (input.milestones.some((m) => m.id !== null && !existingIds.has(m.id))) return failField('milestones', '时间节点已被他人修改，请刷新页面后再改');

    const submit = input.intent === 'submit';
    let planId: number;
    let version: number;
    if (!plan) {
      const [created] = await tx
        .insert(milestonePlans)
        .values({ taskId: input.taskId, unitId, status: to, version: 1, updatedAt: now, ...(submit ? { submittedAt: now, submittedBy: actor.userId } : {}) })
        .returning({ id: milestonePlans.id, version: milestonePlans.version });
      planId = created!.id;
      version = created!.version;
    } else {
      const updated = await tx
        .update(milestonePlans)
        .set({ status: to, version: sql`${milestonePlans.version} + 1`, updatedAt: now, ...(submit ? { submittedAt: now, submittedBy: actor.userId } : {}) })
        .where(and(eq(milestonePlans.id, plan.id), eq(milestonePlans.version, plan.version)))
        .returning({ id: milestonePlans.id, version: milestonePlans.version });
      if (updated.length === 0) throw new ConflictError('该时间节点计划已被他人修改，请刷新页面后再改');
      planId = plan.id;
      version = updated[0]!.version;
    }

    // Rows kept by id, the rest removed, new ones added.
    const keptIds = input.milestones.map((m) => m.id).filter((id): id is number => id !== null);
    await tx.delete(milestones).where(keptIds.length ? and(eq(milestones.planId, planId), notInArray(milestones.id, keptIds)) : eq(milestones.planId, planId));
    for (const [position, m] of input.milestones.entries()) {
      const values = { position, dueOn: m.dueOn, deliverable: m.deliverable, indicatorId: m.indicatorId, indicatorValue: m.indicatorId === null ? null : m.indicatorValue };
      if (m.id !== null) await tx.update(milestones).set(values).where(and(eq(milestones.id, m.id), eq(milestones.planId, planId)));
      else await tx.insert(milestones).values({ ...values, planId, taskId: input.taskId });
    }

    await writeAudit(
      tx,
      actor,
      { action: submit ? 'milestone.submit' : 'milestone.save', entityType: 'milestone_plan', entityId: planId, taskId: input.taskId, unitId, detail: { count: input.milestones.length, version } },
      meta,
      now,
    );
    if (submit) {
      const [t] = await tx.select({ no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(tasks.id, input.taskId)).limit(1);
      const [u] = await tx.select({ name: units.name }).from(units).where(eq(units.id, unitId)).limit(1);
      await notifyRole(
        tx,
        ownDistrictId(actor),
        'supervisor',
        { kind: 'milestone.submitted', title: `${u?.name ?? ''}报送了时间节点计划`, body: t ? `${taskLabel(t, t.no)}“${t.title}”，请审核` : '请审核', link: '/approvals' },
        now,
      );
    }
    return ok({ id: planId, version, message: submit ? '时间节点计划已报送，等待督查室审核' : '时间节点计划已保存' });
  });
}

// ---------------------------------------------------------------------------------------------
// The office's decision

/** 批准 a submitted plan, or 退回 a submitted (or approved, for revision) plan with a reason; the lead unit is told. */
export async function reviewPlan(ctx: ServiceContext, input: ReviewPlanInput): Promise<Result<{ id: number; version: number }>> {
  const { actor, now, meta } = ctx;
  assertCan(actor, 'milestones.review');
  const districtId = ownDistrictId(actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number; version: number }>> => {
    // Another district's plan is "not found", like one that does not exist.
    const [found] = await tx
      .select({ plan: milestonePlans })
      .from(milestonePlans)
      .innerJoin(tasks, eq(tasks.id, milestonePlans.taskId))
      .where(and(eq(milestonePlans.id, input.planId), eq(tasks.districtId, districtId)))
      .limit(1);
    const plan = found?.plan;
    if (!plan) throw new NotFoundError('找不到该时间节点计划');
    const refused = await notWritableReason(tx, plan.taskId);
    if (refused) return fail(refused);
    if (plan.version !== input.version) throw new ConflictError<PlanConflict>('该时间节点计划已有变动（可能单位刚修改或其他督查员刚处理过），请刷新页面', { version: plan.version, status: plan.status });
    const to = nextPlanState(plan.status, input.decision);
    if (!to) return fail(plan.status === 'approved' ? '该时间节点计划已批准' : '该时间节点计划尚未报送，不能审核');
    const approve = input.decision === 'approve';
    const [updated] = await tx
      .update(milestonePlans)
      .set({ status: to, version: sql`${milestonePlans.version} + 1`, reviewedAt: now, reviewedBy: actor.userId, reviewComment: input.comment || null, updatedAt: now })
      .where(and(eq(milestonePlans.id, plan.id), eq(milestonePlans.version, plan.version)))
      .returning({ version: milestonePlans.version });
    if (!updated) throw new ConflictError('该时间节点计划已有变动，请刷新页面');
    await writeAudit(
      tx,
      actor,
      {
        action: approve ? 'milestone.approve' : 'milestone.return',
        entityType: 'milestone_plan',
        entityId: plan.id,
        taskId: plan.taskId,
        unitId: plan.unitId,
        detail: approve ? { from: plan.status } : { from: plan.status, comment: input.comment },
      },
      meta,
      now,
    );
    const leads = await tx.select({ unitId: taskUnits.unitId }).from(taskUnits).where(and(eq(taskUnits.taskId, plan.taskId), eq(taskUnits.role, 'lead')));
    const [t] = await tx.select({ no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(eq(tasks.id, plan.taskId)).limit(1);
    const what = t ? `${taskLabel(t, t.no)}“${t.title}”` : '';
    await notifyUnits(
      tx,
      [...new Set([plan.unitId, ...leads.map((l) => l.unitId)])],
      approve
        ? { kind: 'milestone.decided', title: '时间节点计划已批准', body: what, link: `/tasks/${plan.taskId}` }
        : { kind: 'milestone.decided', title: '时间节点计划被退回', body: `${what}，退回理由：${input.comment}`, link: `/tasks/${plan.taskId}` },
      now,
    );
    return ok({ id: plan.id, version: updated.version, message: approve ? '已批准时间节点计划' : '已退回时间节点计划' });
  });
}

export type SubmittedPlan = {
  planId: number;
  version: number;
  taskId: number;
  taskLabel: string;
  taskTitle: string;
  unitName: string;
  submittedAt: Date | null;
  milestones: MilestoneView[];
};

/** The plans of the district waiting for the office, oldest first (the oversight roles read them; the office decides). */
export async function listSubmittedPlans(ctx: ServiceContext): Promise<SubmittedPlan[]> {
  if (!seesAllUnits(ctx.actor)) throw new ForbiddenError();
  const { db } = ctx;
  const rows = await db
    .select({ p: milestonePlans, no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind, unitName: units.name })
    .from(milestonePlans)
    .innerJoin(tasks, eq(tasks.id, milestonePlans.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, milestonePlans.unitId))
    .where(and(eq(milestonePlans.status, 'submitted'), eq(plans.status, 'active'), inActorDistrict(tasks.districtId, ctx.actor)))
    .orderBy(asc(milestonePlans.submittedAt), asc(milestonePlans.id));
  if (rows.length === 0) return [];
  const all = await milestoneViews(
    ctx,
    db,
    inArray(
      milestones.planId,
      rows.map((r) => r.p.id),
    ),
  );
  return rows.map((r) => ({
    planId: r.p.id,
    version: r.p.version,
    taskId: r.p.taskId,
    taskLabel: taskLabel(r, r.no),
    taskTitle: r.title,
    unitName: r.unitName,
    submittedAt: r.p.submittedAt,
    milestones: all.filter((m) => m.taskId === r.p.taskId),
  }));
}

// ---------------------------------------------------------------------------------------------
// Ticking off from the monthly report

/** A milestone of an approved plan of a task the actor's unit leads (another unit's or district's: "not found"). */
async function ownMilestone(ctx: ServiceContext, tx: Tx, milestoneId: number) {
  const [row] = await tx
    .select({ m: milestones, planStatus: milestonePlans.status, planId: milestonePlans.id })
    .from(milestones)
    .innerJoin(milestonePlans, eq(milestonePlans.id, milestones.planId))
    .innerJoin(tasks, eq(tasks.id, milestones.taskId))
    .where(and(eq(milestones.id, milestoneId), inActorDistrict(tasks.districtId, ctx.actor)))
    .limit(1);
  if (!row) throw new NotFoundError(NOT_FOUND_MILESTONE);
  try {
    return { row, unitId: await leadUnitOf(ctx, tx, row.m.taskId) };
  } catch (err) {
    // Another unit learns nothing about the milestone (not even that its task exists).
    if (err instanceof NotFoundError) throw new NotFoundError(NOT_FOUND_MILESTONE);
    throw err;
  }
}

/** 完成节点: ticked off with the day it was done and the evidence, linked to the unit's report of that month if any. */
export async function tickMilestone(ctx: ServiceContext, input: TickMilestoneInput): Promise<Result<{ id: number }>> {
  const { actor, now, today, meta } = ctx;
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const { row, unitId } = await ownMilestone(ctx, tx, input.milestoneId);
    const refused = await notWritableReason(tx, row.m.taskId);
    if (refused) return fail(refused);
    if (row.planStatus !== 'approved') return fail('时间节点计划批准后才能标记完成');
    if (row.m.doneOn !== null) return fail('该时间节点已标记完成');
    if (input.doneOn > today) return failField('doneOn', '完成日期不能晚于今天');
    const [report] = await tx
      .select({ id: reports.id })
      .from(reports)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
      .innerJoin(tasks, eq(tasks.planId, reportingPeriods.planId))
      .where(and(eq(tasks.id, row.m.taskId), eq(reports.taskId, row.m.taskId), eq(reports.unitId, unitId), eq(reportingPeriods.month, input.doneOn.slice(0, 7))))
      .limit(1);
    const updated = await tx
      .update(milestones)
      .set({ doneOn: input.doneOn, evidence: input.evidence, doneReportId: report?.id ?? null })
      .where(and(eq(milestones.id, row.m.id), sql`${milestones.doneOn} is null`))
      .returning({ id: milestones.id });
    if (updated.length === 0) return fail('该时间节点已标记完成');
    await writeAudit(
      tx,
      actor,
      { action: 'milestone.done', entityType: 'milestone', entityId: row.m.id, taskId: row.m.taskId, unitId, detail: { deliverable: row.m.deliverable, dueOn: row.m.dueOn, doneOn: input.doneOn, reportId: report?.id ?? null } },
      meta,
      now,
    );
    return ok({ id: row.m.id, message: `已标记“${row.m.deliverable}”完成` });
  });
}

/** 撤销完成: only while the month of the tick is open and its report not sent. */
export async function untickMilestone(ctx: ServiceContext, input: UntickMilestoneInput): Promise<Result<{ id: number }>> {
  const { actor, now, today, meta } = ctx;
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    const { row, unitId } = await ownMilestone(ctx, tx, input.milestoneId);
    const refused = await notWritableReason(tx, row.m.taskId);
    if (refused) return fail(refused);
    if (row.m.doneOn === null) return fail('该时间节点尚未标记完成');
    const status = (await tickReportStatus(tx, [row.m])).get(row.m.doneReportId ?? -1) ?? null;
    if (!canUntick(row.m, status, today)) return fail('该月已报送或已过，不能撤销完成标记');
    await tx.update(milestones).set({ doneOn: null, evidence: null, doneReportId: null }).where(eq(milestones.id, row.m.id));
    await writeAudit(
      tx,
      actor,
      { action: 'milestone.undone', entityType: 'milestone', entityId: row.m.id, taskId: row.m.taskId, unitId, detail: { deliverable: row.m.deliverable, doneOn: row.m.doneOn } },
      meta,
      now,
    );
    return ok({ id: row.m.id, message: `已撤销“${row.m.deliverable}”的完成标记` });
  });
}

/** The lead unit's milestones of a task due up to the end of `month` (the report editor's tick-off list), with the rest of the plan's state. */
export async function milestonesForReport(ctx: ServiceContext, taskId: number, month: string): Promise<{ plan: PlanView | null; due: MilestoneView[] }> {
  const role = await standing(ctx, ctx.db, taskId);
  if (role !== 'lead') throw new ForbiddenError(PARTICIPANT_REFUSAL);
  const plan = await planOfTask(ctx.db, taskId);
  if (!plan) return { plan: null, due: [] };
  const end = `${month}-31`;
  const all = await milestoneViews(ctx, ctx.db, eq(milestones.planId, plan.id));
  return { plan: await planView(ctx.db, plan), due: all.filter((m) => m.dueOn <= end || (m.doneOn !== null && m.doneOn.slice(0, 7) === month)) };
}

// ---------------------------------------------------------------------------------------------
// A unit's timeline

export type UnitMilestone = MilestoneView & { taskId: number; taskLabel: string; taskTitle: string; role: 'lead' | 'participating'; planStatus: ReviewState };

/**
 * 单位时间节点: the milestones of every task of a unit (led or joined) in the lists in the loop, by
 * date. Unit staff see only their own unit (the unit comes from the session); the oversight roles
 * name the unit.
 */
export async function unitMilestones(ctx: ServiceContext, requestedUnitId?: number): Promise<{ unit: { id: number; name: string }; items: UnitMilestone[] }> {
  const unitId = seesAllUnits(ctx.actor) ? requestedUnitId : ownUnitId(ctx.actor);
  // Unit staff see their own unit only: another unit named is "not found".
  if (unitId === undefined || (requestedUnitId !== undefined && requestedUnitId !== unitId)) throw new NotFoundError('找不到该单位');
  // Another district's unit is "not found", like one that does not exist.
  const [unit] = await ctx.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.id, unitId), inActorDistrict(units.districtId, ctx.actor)))
    .limit(1);
  if (!unit) throw new NotFoundError('找不到该单位');
  const rows = await ctx.db
    .select({ taskId: tasks.id, no: tasks.no, title: tasks.title, shortName: plans.shortName, kind: plans.kind, role: taskUnits.role, planStatus: milestonePlans.status, planId: milestonePlans.id })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(milestonePlans, eq(milestonePlans.taskId, tasks.id))
    .where(and(eq(taskUnits.unitId, unitId), eq(plans.status, 'active'), inActorDistrict(tasks.districtId, ctx.actor)));
  if (rows.length === 0) return { unit, items: [] };
  const byTask = new Map(rows.map((r) => [r.taskId, r]));
  const views = await milestoneViews(
    ctx,
    ctx.db,
    inArray(
      milestones.planId,
      rows.map((r) => r.planId),
    ),
  );
  const items = views.map((m) => {
    const t = byTask.get(m.taskId)!;
    return { ...m, taskLabel: taskLabel(t, t.no), taskTitle: t.title, role: t.role, planStatus: t.planStatus };
  });
  return { unit, items };
}
