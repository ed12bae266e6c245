import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import {
  attachments,
  contributions,
  indicators,
  plans,
  reportIndicatorValues,
  submissionSnapshots,
  reportingPeriods,
  reports,
  tasks,
  taskUnits,
  units,
  users,
  type ContributionStatus,
  type ReportingPeriod,
  type ReportStatus,
} from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, ForbiddenError } from '@/lib/auth/permissions';
import type { UnitRef } from '@/lib/ledger/ledger-service';
import { planById, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { dueInPeriod, isPeriodOpen, type DueInPeriod } from './calendar';
import { listPeriods, currentPeriodOf } from './period-service';
import { isReportEditable, nextContributionState, nextReportState, type ContributionState, type ReportState } from './report-state';
import {
  contributionDraftSchema,
  contributionSubmitSchema,
  reportDraftSchema,
  reportSubmitSchema,
  type ContributionDraftInput,
  type ReportDraftInput,
} from './schemas';

export type FieldErrors = Partial<Record<string, string[]>>;
export type ConflictInfo = {
  version: number;
  updatedAt: Date;
  updatedByName: string;
  fields: Record<string, string | number | null>;
};
export type SaveResult =
  | { ok: true; id: number; version: number; status: string; message: string }
  | { ok: false; error: string; fieldErrors?: FieldErrors; conflict?: ConflictInfo };

export class NotFoundError extends Error {
  constructor(message = '找不到该任务或周期') {
    super(message);
    this.name = 'NotFoundError';
  }
}

type Tx = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];
type Reader = Pick<AppDatabase, 'select'>;

/** How the actor's own unit stands on a task — always from the session's unit, in the WHERE clause. */
export function unitRoleOnTask(db: Reader, unitId: number | null, taskId: number): 'lead' | 'participating' | null {
  if (unitId === null) return null;
  const row = db
    .select({ role: taskUnits.role })
    .from(taskUnits)
    .where(and(eq(taskUnits.taskId, taskId), eq(taskUnits.unitId, unitId)))
    .get();
  return row?.role ?? null;
}

/** Checks the period belongs to the task's list, the list is in the loop (active), and the period has begun. */
export function periodForTask(db: Reader, taskId: number, periodId: number, today: string): ReportingPeriod {
  const row = db
    .select({ period: reportingPeriods, planStatus: plans.status })
    .from(reportingPeriods)
    .innerJoin(tasks, eq(tasks.planId, reportingPeriods.planId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), eq(reportingPeriods.id, periodId)))
    .get();
  if (!row) throw new NotFoundError();
  if (row.planStatus !== 'active') throw new ForbiddenError(row.planStatus === 'archived' ? '该任务清单已归档，只能查看' : '该任务清单尚未发布');
  if (!isPeriodOpen(row.period.month, today)) throw new ForbiddenError('该月份尚未开始，不能填报');
  return row.period;
}

function flatten(error: z.ZodError): FieldErrors {
  return z.flattenError(error).fieldErrors as FieldErrors;
}

function userName(db: Reader, userId: number | null): string {
  if (userId === null) return '—';
  return db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).get()?.name ?? '—';
}

// ---------------------------------------------------------------------------------------------
// Lead report (月度进展)

function reportOfUnit(db: Reader, taskId: number, periodId: number, unitId: number) {
  return db
    .select()
    .from(reports)
    .where(and(eq(reports.taskId, taskId), eq(reports.periodId, periodId), eq(reports.unitId, unitId)))
    .get();
}

function reportConflict(db: Reader, reportId: number): ConflictInfo | undefined {
  const current = db.select().from(reports).where(eq(reports.id, reportId)).get();
  if (!current) return undefined;
  const values = db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, name: indicators.name })
    .from(reportIndicatorValues)
    .innerJoin(indicators, eq(indicators.id, reportIndicatorValues.indicatorId))
    .where(eq(reportIndicatorValues.reportId, reportId))
    .all();
  return {
    version: current.version,
    updatedAt: current.updatedAt,
    updatedByName: userName(db, current.updatedBy),
    fields: {
      progress: current.progress,
      percentDone: current.percentDone,
      problems: current.problems,
      nextSteps: current.nextSteps,
      ...Object.fromEntries(values.map((v) => [`indicator:${v.name}`, v.value])),
    },
  };
}

function writeIndicatorValues(tx: Tx, reportId: number, taskId: number, values: ReportDraftInput['indicatorValues']): void {
  const allowed = new Set(
    tx
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')))
      .all()
      .map((r) => r.id),
  );
  tx.delete(reportIndicatorValues).where(eq(reportIndicatorValues.reportId, reportId)).run();
  for (const v of values) {
    // Ids of other tasks' indicators are ignored, not stored.
    if (v.value === null || !allowed.has(v.indicatorId)) continue;
    tx.insert(reportIndicatorValues).values({ reportId, indicatorId: v.indicatorId, value: v.value }).run();
  }
}

/**
 * Saves (action 'save') or submits ('submit') the actor's unit's report. The unit comes from the
 * session; the row is matched by task, period, unit and the version the form started from, so a
 * second editor gets a conflict with the other's version instead of overwriting it.
 */
export function saveReport(
  db: AppDatabase,
  actor: Actor,
  rawInput: unknown,
  action: 'save' | 'submit',
  now: Date,
  today: string,
  meta: RequestMeta = NO_META,
): SaveResult {
  assertCan(actor, 'reports.write');
  const parsed = (action === 'submit' ? reportSubmitSchema : reportDraftSchema).safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '请检查填写的内容', fieldErrors: flatten(parsed.error) };
  const input = parsed.data;
  const unitId = actor.unitId as number;
  if (unitRoleOnTask(db, unitId, input.taskId) !== 'lead') {
    throw new ForbiddenError('只有该任务的牵头单位可以填报月度进展');
  }
  periodForTask(db, input.taskId, input.periodId, today);

  return db.transaction(
    (tx): SaveResult => {
      const existing = reportOfUnit(tx, input.taskId, input.periodId, unitId);
      const from: ReportState = existing?.status ?? 'none';
      const to = nextReportState(from, action);
      if (!to || !isReportEditable(from)) {
        return { ok: false, error: `该报告${from === 'approved' ? '已通过审核' : '已报送'}，不能再修改` };
      }
      const fields = {
        progress: input.progress,
        percentDone: input.percentDone,
        problems: input.problems,
        nextSteps: input.nextSteps,
        status: to,
        updatedAt: now,
        updatedBy: actor.userId,
        ...(action === 'submit' ? { submittedAt: now, submittedBy: actor.userId } : {}),
      };
      let reportId: number;
      let version: number;
      if (!existing) {
        if (input.version !== 0) {
          return { ok: false, error: '该报告已被删除或不存在，请刷新页面' };
        }
        reportId = tx
          .insert(reports)
          .values({ taskId: input.taskId, periodId: input.periodId, unitId, version: 1, ...fields })
          .returning({ id: reports.id })
          .get().id;
        version = 1;
      } else {
        const updated = tx
          .update(reports)
          .set({ ...fields, version: sql`${reports.version} + 1` })
          .where(and(eq(reports.id, existing.id), eq(reports.unitId, unitId), eq(reports.version, input.version)))
          .run();
        if (updated.changes === 0) {
          return {
            ok: false,
            error: '保存冲突：本单位其他人员已修改了这份报告。请核对对方的版本，再决定保留哪些内容后重新保存。',
            conflict: reportConflict(tx, existing.id),
          };
        }
        reportId = existing.id;
        version = existing.version + 1;
      }
      writeIndicatorValues(tx, reportId, input.taskId, input.indicatorValues);
      if (action === 'submit') snapshot(tx, 'report', reportId, 'submitted', null, actor.userId, now);
      writeAudit(tx, actor, { action: `report.${action}`, entityType: 'report', entityId: reportId, taskId: input.taskId, unitId, detail: { periodId: input.periodId, version } }, meta, now);
      return {
        ok: true,
        id: reportId,
        version,
        status: to,
        message: action === 'submit' ? '已报送，等待督查室审核' : '草稿已保存',
      };
    },
    { behavior: 'immediate' },
  );
}

/** Freezes the current content of a report or part (for the diff after a return). */
export function snapshot(
  tx: Tx,
  ownerType: 'report' | 'contribution',
  ownerId: number,
  event: 'submitted' | 'returned' | 'approved',
  comment: string | null,
  actorId: number,
  at: Date,
): void {
  let content: Record<string, unknown>;
  if (ownerType === 'report') {
    const r = tx.select().from(reports).where(eq(reports.id, ownerId)).get()!;
    const values = tx
      .select({ name: indicators.name, unit: indicators.unit, value: reportIndicatorValues.value })
      .from(reportIndicatorValues)
      .innerJoin(indicators, eq(indicators.id, reportIndicatorValues.indicatorId))
      .where(eq(reportIndicatorValues.reportId, ownerId))
      .all();
    content = { progress: r.progress, percentDone: r.percentDone, problems: r.problems, nextSteps: r.nextSteps, indicators: values };
  } else {
    const c = tx.select().from(contributions).where(eq(contributions.id, ownerId)).get()!;
    content = { content: c.content };
  }
  tx.insert(submissionSnapshots).values({ ownerType, ownerId, event, content: JSON.stringify(content), comment, actorId, at }).run();
}

// ---------------------------------------------------------------------------------------------
// Participating unit's part (协办反馈)

function contributionOfUnit(db: Reader, taskId: number, periodId: number, unitId: number) {
  return db
    .select()
    .from(contributions)
    .where(and(eq(contributions.taskId, taskId), eq(contributions.periodId, periodId), eq(contributions.unitId, unitId)))
    .get();
}

export function saveContribution(
  db: AppDatabase,
  actor: Actor,
  rawInput: unknown,
  action: 'save' | 'submit',
  now: Date,
  today: string,
  meta: RequestMeta = NO_META,
): SaveResult {
  assertCan(actor, 'contributions.write');
  const parsed = (action === 'submit' ? contributionSubmitSchema : contributionDraftSchema).safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: '请检查填写的内容', fieldErrors: flatten(parsed.error) };
  const input: ContributionDraftInput = parsed.data;
  const unitId = actor.unitId as number;
  if (unitRoleOnTask(db, unitId, input.taskId) !== 'participating') {
    throw new ForbiddenError('只有该任务的参与单位可以报送协办情况');
  }
  periodForTask(db, input.taskId, input.periodId, today);

  return db.transaction(
    (tx): SaveResult => {
      const existing = contributionOfUnit(tx, input.taskId, input.periodId, unitId);
      const from: ContributionState = existing?.status ?? 'none';
      const to = nextContributionState(from, action);
      if (!to || !isReportEditable(from)) return { ok: false, error: '本单位的协办情况已报送，不能再修改' };
      const fields = {
        content: input.content,
        status: to,
        updatedAt: now,
        updatedBy: actor.userId,
        ...(action === 'submit' ? { submittedAt: now, submittedBy: actor.userId } : {}),
      };
      if (!existing) {
        if (input.version !== 0) return { ok: false, error: '该协办情况不存在，请刷新页面' };
        const id = tx
          .insert(contributions)
          .values({ taskId: input.taskId, periodId: input.periodId, unitId, version: 1, ...fields })
          .returning({ id: contributions.id })
          .get().id;
        if (action === 'submit') snapshot(tx, 'contribution', id, 'submitted', null, actor.userId, now);
        writeAudit(tx, actor, { action: `contribution.${action}`, entityType: 'contribution', entityId: id, taskId: input.taskId, unitId, detail: { periodId: input.periodId } }, meta, now);
        return { ok: true, id, version: 1, status: to, message: action === 'submit' ? '已报送给牵头单位' : '草稿已保存' };
      }
      const updated = tx
        .update(contributions)
        .set({ ...fields, version: sql`${contributions.version} + 1` })
        .where(and(eq(contributions.id, existing.id), eq(contributions.unitId, unitId), eq(contributions.version, input.version)))
        .run();
      if (updated.changes === 0) {
        const current = tx.select().from(contributions).where(eq(contributions.id, existing.id)).get()!;
        return {
          ok: false,
          error: '保存冲突：本单位其他人员已修改了协办情况。请核对对方的版本后重新保存。',
          conflict: {
            version: current.version,
            updatedAt: current.updatedAt,
            updatedByName: userName(tx, current.updatedBy),
            fields: { content: current.content },
          },
        };
      }
      if (action === 'submit') snapshot(tx, 'contribution', existing.id, 'submitted', null, actor.userId, now);
      writeAudit(tx, actor, { action: `contribution.${action}`, entityType: 'contribution', entityId: existing.id, taskId: input.taskId, unitId, detail: { periodId: input.periodId } }, meta, now);
      return {
        ok: true,
        id: existing.id,
        version: existing.version + 1,
        status: to,
        message: action === 'submit' ? '已报送给牵头单位' : '草稿已保存',
      };
    },
    { behavior: 'immediate' },
  );
}

// ---------------------------------------------------------------------------------------------
// Reading: the editor page and the workbench

export type AttachmentMeta = { id: number; fileName: string; size: number; mime: string; createdAt: Date };

export function attachmentsOf(db: Reader, ownerType: 'report' | 'contribution', ownerIds: number[]): Map<number, AttachmentMeta[]> {
  const map = new Map<number, AttachmentMeta[]>();
  if (ownerIds.length === 0) return map;
  const rows = db
    .select({
      id: attachments.id,
      ownerId: attachments.ownerId,
      fileName: attachments.fileName,
      size: attachments.size,
      mime: attachments.mime,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), inArray(attachments.ownerId, ownerIds)))
    .orderBy(asc(attachments.id))
    .all();
  for (const { ownerId, ...a } of rows) map.set(ownerId, [...(map.get(ownerId) ?? []), a]);
  return map;
}

export type IndicatorField = { id: number; name: string; target: number; targetMax: number | null; unit: string; comparator: string };

export type ReportView = {
  id: number;
  status: ReportStatus;
  progress: string;
  percentDone: number | null;
  problems: string;
  nextSteps: string;
  version: number;
  updatedAt: Date;
  updatedByName: string;
  submittedAt: Date | null;
  reviewComment: string | null;
  indicatorValues: Record<number, number>;
  attachments: AttachmentMeta[];
};

export type ContributionView = {
  id: number;
  unit: UnitRef;
  status: ContributionStatus;
  content: string;
  reviewComment: string | null;
  version: number;
  updatedAt: Date;
  updatedByName: string;
  submittedAt: Date | null;
  attachments: AttachmentMeta[];
};

function reportView(db: Reader, row: typeof reports.$inferSelect): ReportView {
  const values = db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
    .from(reportIndicatorValues)
    .where(eq(reportIndicatorValues.reportId, row.id))
    .all();
  return {
    id: row.id,
    status: row.status,
    progress: row.progress,
    percentDone: row.percentDone,
    problems: row.problems,
    nextSteps: row.nextSteps,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedByName: userName(db, row.updatedBy),
    submittedAt: row.submittedAt,
    reviewComment: row.reviewComment,
    indicatorValues: Object.fromEntries(values.map((v) => [v.indicatorId, v.value])),
    attachments: attachmentsOf(db, 'report', [row.id]).get(row.id) ?? [],
  };
}

export function confirmedIndicators(db: Reader, taskId: number): IndicatorField[] {
  return db
    .select({
      id: indicators.id,
      name: indicators.name,
      target: indicators.target,
      targetMax: indicators.targetMax,
      unit: indicators.unit,
      comparator: indicators.comparator,
    })
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')))
    .orderBy(asc(indicators.position), asc(indicators.id))
    .all();
}

export type EditorTask = { id: number; no: number; label: string; title: string; text: string; lead: UnitRef[]; participating: UnitRef[] };

export type ReportEditorData = {
  plan: PlanSummary;
  task: EditorTask;
  period: ReportingPeriod;
  periods: ReportingPeriod[];
  today: string;
  role: 'lead' | 'participating';
  /** Whether the task is due in this period and by when (dueInPeriod: an item of a per-item list only in its deadline's month). */
  due: DueInPeriod;
  // lead side
  report: ReportView | null;
  /** Last month's approved report, to pre-fill what has not changed (减负). */
  previous: (ReportView & { month: string }) | null;
  indicators: IndicatorField[];
  /** Parts sent by participating units; drafts stay with their unit. */
  contributions: ContributionView[];
  missingContributions: UnitRef[];
  // participating side
  contribution: ContributionView | null;
};

function taskUnitsOf(db: Reader, taskId: number): { lead: UnitRef[]; participating: UnitRef[] } {
  const rows = db
    .select({ role: taskUnits.role, id: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(eq(taskUnits.taskId, taskId))
    .orderBy(asc(taskUnits.position))
    .all();
  return {
    lead: rows.filter((r) => r.role === 'lead').map(({ id, name }) => ({ id, name })),
    participating: rows.filter((r) => r.role === 'participating').map(({ id, name }) => ({ id, name })),
  };
}

function contributionViews(db: Reader, taskId: number, periodId: number, onlySubmitted: boolean, unitId?: number): ContributionView[] {
  const conditions = [eq(contributions.taskId, taskId), eq(contributions.periodId, periodId)];
  if (onlySubmitted) conditions.push(inArray(contributions.status, ['submitted', 'approved']));
  if (unitId !== undefined) conditions.push(eq(contributions.unitId, unitId));
  const rows = db
    .select({ c: contributions, unitName: units.name })
    .from(contributions)
    .innerJoin(units, eq(units.id, contributions.unitId))
    .where(and(...conditions))
    .orderBy(asc(contributions.submittedAt))
    .all();
  const files = attachmentsOf(
    db,
    'contribution',
    rows.map((r) => r.c.id),
  );
  return rows.map(({ c, unitName }) => ({
    id: c.id,
    unit: { id: c.unitId, name: unitName },
    status: c.status,
    content: c.content,
    reviewComment: c.reviewComment,
    version: c.version,
    updatedAt: c.updatedAt,
    updatedByName: userName(db, c.updatedBy),
    submittedAt: c.submittedAt,
    attachments: files.get(c.id) ?? [],
  }));
}

/**
 * Everything the reporting page of one task needs, for the actor's unit. A lead unit sees its own
 * report and the parts sent to it; a participating unit sees only its own part.
 */
export function getReportEditor(db: AppDatabase, actor: Actor, taskId: number, month: string | undefined, today: string): ReportEditorData {
  const taskRow = db
    .select({ id: tasks.id, planId: tasks.planId, no: tasks.no, title: tasks.title, text: tasks.text, deadline: tasks.deadline })
    .from(tasks)
    .where(eq(tasks.id, taskId))
    .get();
  const plan = taskRow ? planById(db, taskRow.planId) : null;
  // Only tasks of lists in the loop are reported on; a draft or archived list's tasks are not found here.
  if (!taskRow || !plan || plan.status !== 'active') throw new NotFoundError('找不到该任务');
  const { planId: _planId, deadline, ...rest } = taskRow;
  const task = { ...rest, label: taskLabel(plan, taskRow.no) };
  const role = unitRoleOnTask(db, actor.unitId, task.id);
  if (role === 'lead') assertCan(actor, 'reports.write');
  else if (role === 'participating') assertCan(actor, 'contributions.write');
  else throw new ForbiddenError('本单位不是该任务的牵头或参与单位');
  const unitId = actor.unitId as number;

  const periods = listPeriods(db, plan.id).filter((p) => isPeriodOpen(p.month, today));
  const period = (month ? periods.find((p) => p.month === month) : undefined) ?? currentPeriodOf(db, plan.id, today);
  if (!period || !isPeriodOpen(period.month, today)) throw new NotFoundError('该任务清单还没有开始的调度周期');

  const unitsOfTask = taskUnitsOf(db, task.id);
  const base = { plan, task: { ...task, ...unitsOfTask }, period, periods, today, role, due: dueInPeriod(plan, { deadline }, period) };
  if (role === 'participating') {
    const own = contributionViews(db, task.id, period.id, false, unitId)[0] ?? null;
    return {
      ...base,
      report: null,
      previous: null,
      indicators: [],
      contributions: [],
      missingContributions: [],
      contribution: own,
    };
  }

  const row = reportOfUnit(db, task.id, period.id, unitId);
  const previousRow = db
    .select({ r: reports, month: reportingPeriods.month })
    .from(reports)
    .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
    .where(
      and(
        eq(reports.taskId, task.id),
        eq(reports.unitId, unitId),
        eq(reports.status, 'approved'),
        lt(reportingPeriods.month, period.month),
      ),
    )
    .orderBy(desc(reportingPeriods.month))
    .limit(1)
    .get();
  const sent = contributionViews(db, task.id, period.id, true);
  const sentUnitIds = new Set(sent.map((c) => c.unit.id));
  return {
    ...base,
    report: row ? reportView(db, row) : null,
    previous: previousRow ? { ...reportView(db, previousRow.r), month: previousRow.month } : null,
    indicators: confirmedIndicators(db, task.id),
    contributions: sent,
    missingContributions: unitsOfTask.participating.filter((u) => !sentUnitIds.has(u.id)),
    contribution: null,
  };
}

/**
 * This period for one task (dueInPeriod): whether it is due and by when. A task of a per-item list is
 * not due outside its deadline's month (the deadlines are then the item's own). Null deadlines: no period.
 */
type RowDue = { due: boolean; leadDeadline: string | null; contributionDeadline: string | null };

export type WorkbenchLeadRow = RowDue & {
  task: { id: number; no: number; label: string; title: string; deadline: string | null };
  state: ReportState;
  submittedAt: Date | null;
  partsExpected: number;
  partsReceived: number;
  missingParts: string[];
  history: Record<string, ReportState>;
  /** The months of `periods` in which the task is not due (a per-item list's other months). */
  notDue: string[];
};
export type WorkbenchPartRow = RowDue & {
  task: { id: number; no: number; label: string; title: string; deadline: string | null; leadNames: string[] };
  state: ContributionState;
  submittedAt: Date | null;
  history: Record<string, ContributionState>;
  notDue: string[];
};
export type Workbench = {
  plan: PlanSummary;
  unit: UnitRef;
  today: string;
  period: ReportingPeriod | null;
  periods: ReportingPeriod[];
  leading: WorkbenchLeadRow[];
  joining: WorkbenchPartRow[];
};

/**
 * 填报工作台: for each list in view, this period at a glance for the actor's unit, plus the months
 * before. A unit sees all its tasks from all lists in one place; lists where it has no task are left out.
 */
export function getWorkbench(db: AppDatabase, actor: Actor, inView: PlanSummary[], today: string): Workbench[] {
  assertCan(actor, 'reports.write');
  return inView.map((plan) => workbenchOfPlan(db, actor, plan, today)).filter((w) => w.leading.length + w.joining.length > 0);
}

function workbenchOfPlan(db: AppDatabase, actor: Actor, plan: PlanSummary, today: string): Workbench {
  const unitId = actor.unitId as number;
  const periods = listPeriods(db, plan.id).filter((p) => isPeriodOpen(p.month, today));
  const period = currentPeriodOf(db, plan.id, today);
  const monthOf = new Map(periods.map((p) => [p.id, p.month]));

  const myTasks = db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, deadline: tasks.deadline, role: taskUnits.role })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(and(eq(taskUnits.unitId, unitId), eq(tasks.planId, plan.id)))
    .orderBy(asc(tasks.no))
    .all();
  const taskIds = myTasks.map((t) => t.id);
  if (taskIds.length === 0) {
    return { plan, unit: { id: unitId, name: actor.unitName ?? '' }, today, period, periods, leading: [], joining: [] };
  }

  // One query per kind, never one per task.
  const myReports = db
    .select({ taskId: reports.taskId, periodId: reports.periodId, status: reports.status, submittedAt: reports.submittedAt })
    .from(reports)
    .where(and(eq(reports.unitId, unitId), inArray(reports.taskId, taskIds)))
    .all();
  const myParts = db
    .select({ taskId: contributions.taskId, periodId: contributions.periodId, status: contributions.status, submittedAt: contributions.submittedAt })
    .from(contributions)
    .where(and(eq(contributions.unitId, unitId), inArray(contributions.taskId, taskIds)))
    .all();
  const unitsOnTasks = db
    .select({ taskId: taskUnits.taskId, role: taskUnits.role, unitId: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, taskIds))
    .orderBy(asc(taskUnits.position))
    .all();
  const partsThisPeriod = period
    ? db
        .select({ taskId: contributions.taskId, unitId: contributions.unitId })
        .from(contributions)
        .where(and(eq(contributions.periodId, period.id), inArray(contributions.status, ['submitted', 'approved']), inArray(contributions.taskId, taskIds)))
        .all()
    : [];

  const leading: WorkbenchLeadRow[] = [];
  const joining: WorkbenchPartRow[] = [];
  for (const t of myTasks) {
    const thisPeriod = period ? dueInPeriod(plan, t, period) : null;
    const rowDue: RowDue = { due: thisPeriod?.due ?? true, leadDeadline: thisPeriod?.leadDeadline ?? null, contributionDeadline: thisPeriod?.contributionDeadline ?? null };
    const notDue = periods.filter((p) => !dueInPeriod(plan, t, p).due).map((p) => p.month);
    if (t.role === 'lead') {
      const history: Record<string, ReportState> = {};
      for (const r of myReports.filter((r) => r.taskId === t.id)) {
        const m = monthOf.get(r.periodId);
        if (m) history[m] = r.status;
      }
      const current = period ? myReports.find((r) => r.taskId === t.id && r.periodId === period.id) : undefined;
      const expected = unitsOnTasks.filter((u) => u.taskId === t.id && u.role === 'participating');
      const received = new Set(partsThisPeriod.filter((p) => p.taskId === t.id).map((p) => p.unitId));
      leading.push({
        ...rowDue,
        task: { id: t.id, no: t.no, label: taskLabel(plan, t.no), title: t.title, deadline: t.deadline },
        state: current?.status ?? 'none',
        submittedAt: current?.submittedAt ?? null,
        partsExpected: expected.length,
        partsReceived: expected.filter((u) => received.has(u.unitId)).length,
        missingParts: expected.filter((u) => !received.has(u.unitId)).map((u) => u.name),
        history,
        notDue,
      });
    } else {
      const history: Record<string, ContributionState> = {};
      for (const c of myParts.filter((c) => c.taskId === t.id)) {
        const m = monthOf.get(c.periodId);
        if (m) history[m] = c.status;
      }
      const current = period ? myParts.find((c) => c.taskId === t.id && c.periodId === period.id) : undefined;
      joining.push({
        ...rowDue,
        task: {
          id: t.id,
          no: t.no,
          label: taskLabel(plan, t.no),
          title: t.title,
          deadline: t.deadline,
          leadNames: unitsOnTasks.filter((u) => u.taskId === t.id && u.role === 'lead').map((u) => u.name),
        },
        state: current?.status ?? 'none',
        submittedAt: current?.submittedAt ?? null,
        history,
        notDue,
      });
    }
  }
  return { plan, unit: { id: unitId, name: actor.unitName ?? '' }, today, period, periods, leading, joining };
}
