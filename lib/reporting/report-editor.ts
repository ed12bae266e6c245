import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { contributions, indicators, plans, reportIndicatorValues, reportingPeriods, reports, tasks, taskUnits, units, users, type ContributionStatus, type IndicatorKind, type ReportingPeriod, type ReportStatus } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import type { Reader } from '@/lib/db';
import { inActorDistrict } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import type { UnitRef } from '@/lib/ledger/ledger-service';
import { planSummaryColumns, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { dueInPeriod, isPeriodOpen, shanghaiDate, type DueInPeriod } from './calendar';
import { currentPeriodOf, listPeriods } from './period-service';
import { attachmentsOf, type AttachmentMeta } from './submission-snapshot';
import { reportOfUnit, unitRoleOnTask } from './task-access';

/** `kind` decides which figure the form asks for: 累计完成, 本月数值, 同比增长（%） or 完成/未完成. */
export type IndicatorField = { id: number; name: string; target: number; targetMax: number | null; unit: string; comparator: string; kind: IndicatorKind };

/** What a report and a part show alike on the editor: their state and who saved or sent them last. */
type SubmissionView<S> = {
  id: number;
  status: S;
  reviewComment: string | null;
  version: number;
  updatedAt: Date;
  updatedByName: string;
  submittedAt: Date | null;
  attachments: AttachmentMeta[];
};

export type ReportView = SubmissionView<ReportStatus> & { progress: string; percentDone: number | null; problems: string; nextSteps: string; indicatorValues: Record<number, number> };

export type ContributionView = SubmissionView<ContributionStatus> & { unit: UnitRef; content: string };

export type EditorTask = { id: number; no: number; label: string; title: string; text: string; lead: UnitRef[]; participating: UnitRef[]; /** 办结 date (YYYY-MM-DD), null while the task is active. */ closedOn: string | null };

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

/** The display name of the user who last saved a report or part ('—' when unknown). */
export async function userName(db: Reader, userId: number | null): Promise<string> {
  if (userId === null) return '—';
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.name ?? '—';
}

async function reportView(db: Reader, row: typeof reports.$inferSelect): Promise<ReportView> {
  const values = await db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
    .from(reportIndicatorValues)
    .where(eq(reportIndicatorValues.reportId, row.id));
  return {
    id: row.id,
    status: row.status,
    progress: row.progress,
    percentDone: row.percentDone,
    problems: row.problems,
    nextSteps: row.nextSteps,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedByName: await userName(db, row.updatedBy),
    submittedAt: row.submittedAt,
    reviewComment: row.reviewComment,
    indicatorValues: Object.fromEntries(values.map((v) => [v.indicatorId, v.value])),
    attachments: (await attachmentsOf(db, 'report', [row.id])).get(row.id) ?? [],
  };
}

const indicatorFieldColumns = {
  id: indicators.id,
  name: indicators.name,
  target: indicators.target,
  targetMax: indicators.targetMax,
  unit: indicators.unit,
  comparator: indicators.comparator,
  kind: indicators.kind,
};

export async function confirmedIndicators(db: Reader, taskId: number): Promise<IndicatorField[]> {
  return db
    .select(indicatorFieldColumns)
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')))
    .orderBy(asc(indicators.position), asc(indicators.id));
}

/** The confirmed indicators of several tasks (the month page), each with its task, in form order. */
export async function confirmedIndicatorsOfTasks(db: Reader, taskIds: readonly number[]): Promise<(IndicatorField & { taskId: number })[]> {
  if (taskIds.length === 0) return [];
  return db
    .select({ ...indicatorFieldColumns, taskId: indicators.taskId })
    .from(indicators)
    .where(and(inArray(indicators.taskId, [...taskIds]), eq(indicators.status, 'confirmed')))
    .orderBy(asc(indicators.taskId), asc(indicators.position), asc(indicators.id));
}

async function taskUnitsOf(db: Reader, taskId: number): Promise<{ lead: UnitRef[]; participating: UnitRef[] }> {
  const rows = await db
    .select({ role: taskUnits.role, id: units.id, name: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(eq(taskUnits.taskId, taskId))
    .orderBy(asc(taskUnits.position));
  return {
    lead: rows.filter((r) => r.role === 'lead').map(({ id, name }) => ({ id, name })),
    participating: rows.filter((r) => r.role === 'participating').map(({ id, name }) => ({ id, name })),
  };
}

async function contributionViews(db: Reader, taskId: number, periodId: number, onlySubmitted: boolean, unitId?: number): Promise<ContributionView[]> {
  const conditions = [eq(contributions.taskId, taskId), eq(contributions.periodId, periodId)];
  if (onlySubmitted) conditions.push(inArray(contributions.status, ['submitted', 'approved']));
  if (unitId !== undefined) conditions.push(eq(contributions.unitId, unitId));
  const rows = await db
    .select({ c: contributions, unitName: units.name })
    .from(contributions)
    .innerJoin(units, eq(units.id, contributions.unitId))
    .where(and(...conditions))
    // Drafts (no submission time) first on both engines, as SQLite orders NULLs.
    .orderBy(sql`${contributions.submittedAt} asc nulls first`, asc(contributions.id));
  const files = await attachmentsOf(
    db,
    'contribution',
    rows.map((r) => r.c.id),
  );
  const views: ContributionView[] = [];
  for (const { c, unitName } of rows) {
    views.push({
      id: c.id,
      unit: { id: c.unitId, name: unitName },
      status: c.status,
      content: c.content,
      reviewComment: c.reviewComment,
      version: c.version,
      updatedAt: c.updatedAt,
      updatedByName: await userName(db, c.updatedBy),
      submittedAt: c.submittedAt,
      attachments: files.get(c.id) ?? [],
    });
  }
  return views;
}

/**
 * Everything the reporting page of one task needs, for the actor's unit. A lead unit sees its own
 * report and the parts sent to it; a participating unit sees only its own part.
 */
export async function getReportEditor(ctx: ServiceContext, taskId: number, month?: string): Promise<ReportEditorData> {
  const { db, actor, today } = ctx;
  // The id AND the district: another district's task is not found, as a missing one.
  const [found] = await db
    .select({
      task: { id: tasks.id, no: tasks.no, title: tasks.title, text: tasks.text, deadline: tasks.deadline, closedAt: tasks.closedAt },
      plan: planSummaryColumns,
    })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), inActorDistrict(tasks.districtId, actor)))
    .limit(1);
  // Only tasks of lists in the loop are reported on; a draft or archived list's tasks are not found here.
  if (!found || found.plan.status !== 'active') throw new NotFoundError('找不到该任务');
  const { task: taskRow, plan } = found;
  const { deadline, closedAt, ...rest } = taskRow;
  // 已办结: the page says so (saving is refused in task-access).
  const task = { ...rest, label: taskLabel(plan, taskRow.no), closedOn: closedAt ? shanghaiDate(closedAt) : null };
  const role = await unitRoleOnTask(db, actor.unitId, task.id);
  if (role === 'lead') assertCan(actor, 'reports.write');
  else if (role === 'participating') assertCan(actor, 'contributions.write');
  else throw new ForbiddenError('本单位不是该任务的牵头或参与单位');
  const unitId = ownUnitId(actor);

  const periods = (await listPeriods(db, plan.id)).filter((p) => isPeriodOpen(p.month, today));
  const period = (month ? periods.find((p) => p.month === month) : undefined) ?? (await currentPeriodOf(db, plan.id, today));
  if (!period || !isPeriodOpen(period.month, today)) throw new NotFoundError('该任务清单还没有开始的调度周期');

  const unitsOfTask = await taskUnitsOf(db, task.id);
  const base = { plan, task: { ...task, ...unitsOfTask }, period, periods, today, role, due: dueInPeriod(plan, { deadline }, period) };
  if (role === 'participating') {
    const own = (await contributionViews(db, task.id, period.id, false, unitId))[0] ?? null;
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

  const row = await reportOfUnit(db, task.id, period.id, unitId);
  const [previousRow] = await db
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
    .limit(1);
  const sent = await contributionViews(db, task.id, period.id, true);
  const sentUnitIds = new Set(sent.map((c) => c.unit.id));
  return {
    ...base,
    report: row ? await reportView(db, row) : null,
    previous: previousRow ? { ...(await reportView(db, previousRow.r)), month: previousRow.month } : null,
    indicators: await confirmedIndicators(db, task.id),
    contributions: sent,
    missingContributions: unitsOfTask.participating.filter((u) => !sentUnitIds.has(u.id)),
    contribution: null,
  };
}
