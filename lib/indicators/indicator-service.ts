import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { indicators, plans, reportIndicatorValues, reportingPeriods, reports, tasks, type Indicator, type IndicatorKind } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { isUnitActor, seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Tx } from '@/lib/db';
import { inActorDistrict, ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';
import { taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { unitRoleOnTask } from '@/lib/reporting/task-access';
import { ok, type Result } from '@/lib/result';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { extractIndicators } from './extract-indicators';
import { indicatorStanding, kindCompletion, type IndicatorStanding } from './indicator-kinds';
import type { IndicatorCreateInput, IndicatorUpdateInput } from './schemas';

/** Runs the extractor over every task of a plan and stores its proposals (status 'proposed'), in the import's transaction (the plan is the importer's, of its district). */
export async function proposeIndicatorsForPlan(tx: Tx, planId: number): Promise<number> {
  const rows = await tx.select({ id: tasks.id, text: tasks.text }).from(tasks).where(eq(tasks.planId, planId));
  let n = 0;
  for (const t of rows) {
    const proposals = extractIndicators(t.text).map((p, position) => ({
      taskId: t.id,
      name: p.name,
      target: p.target,
      targetMax: p.targetMax,
      unit: p.unit,
      comparator: p.comparator,
      kind: p.kind,
      sourcePhrase: p.sourcePhrase,
      status: 'proposed' as const,
      position,
    }));
    if (proposals.length === 0) continue;
    await tx.insert(indicators).values(proposals);
    n += proposals.length;
  }
  return n;
}

// ---------------------------------------------------------------------------------------------

/** The columns an indicator is judged by (indicatorStanding): selected alike by the lights and the dashboard. */
export const indicatorStandingColumns = {
  id: indicators.id,
  taskId: indicators.taskId,
  name: indicators.name,
  target: indicators.target,
  targetMax: indicators.targetMax,
  unit: indicators.unit,
  comparator: indicators.comparator,
  kind: indicators.kind,
};

export type IndicatorRow = Indicator & { taskNo: number; taskTitle: string; taskLabel: string };

/** 目标指标管理: every indicator of the lists in view, in list and task order. Supervisors and admins. */
export async function listIndicatorsForReview(
  ctx: ServiceContext,
  inView: readonly Pick<PlanSummary, 'id' | 'shortName' | 'kind'>[],
  filter: { status?: 'proposed' | 'confirmed'; taskNo?: number },
): Promise<IndicatorRow[]> {
  assertCan(ctx.actor, 'indicators.manage');
  if (inView.length === 0) return [];
  const planOf = new Map(inView.map((p) => [p.id, p]));
  // The lists in view and the district: another district's list in view shows nothing.
  const conditions = [inArray(tasks.planId, [...planOf.keys()]), inActorDistrict(tasks.districtId, ctx.actor)];
  if (filter.status) conditions.push(eq(indicators.status, filter.status));
  if (filter.taskNo) conditions.push(eq(tasks.no, filter.taskNo));
  const order = [...planOf.keys()];
  const rows = await ctx.db
    .select({ i: indicators, planId: tasks.planId, taskNo: tasks.no, taskTitle: tasks.title })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .where(and(...conditions))
    .orderBy(asc(tasks.no), asc(indicators.position), asc(indicators.id));
  return rows
    .sort((a, b) => order.indexOf(a.planId) - order.indexOf(b.planId))
    .map((r) => ({ ...r.i, taskNo: r.taskNo, taskTitle: r.taskTitle, taskLabel: taskLabel(planOf.get(r.planId)!, r.taskNo) }));
}

const EDITABLE = ['name', 'target', 'targetMax', 'unit', 'comparator', 'kind'] as const;

/**
 * Edits an indicator's fields and, with `confirm`, confirms a proposal: from then on it feeds the
 * lights and the scores. One transaction with its audit line ('indicator.confirm' / 'indicator.update').
 */
export async function updateIndicator(ctx: ServiceContext, input: IndicatorUpdateInput): Promise<Result<{ id: number; status: Indicator['status'] }>> {
  assertCan(ctx.actor, 'indicators.manage');
  const districtId = ownDistrictId(ctx.actor);
  const { id, confirm, ...fields } = input;
  return transaction(ctx.db, async (tx) => {
    // Through its task: another district's indicator is not found, as a missing one.
    const [found] = await tx
      .select({ before: indicators })
      .from(indicators)
      .innerJoin(tasks, eq(tasks.id, indicators.taskId))
      .where(and(eq(indicators.id, id), eq(tasks.districtId, districtId)))
      .limit(1);
    if (!found) throw new NotFoundError('找不到该指标');
    const { before } = found;
    const [row] = await tx
      .update(indicators)
      .set({ ...fields, ...(confirm ? { status: 'confirmed' as const } : {}) })
      .where(eq(indicators.id, id))
      .returning();
    if (!row) throw new NotFoundError('找不到该指标');
    const changes = Object.fromEntries(EDITABLE.filter((k) => before[k] !== row[k]).map((k) => [k, { from: before[k], to: row[k] }]));
    await writeAudit(
      tx,
      ctx.actor,
      {
        action: confirm ? 'indicator.confirm' : 'indicator.update',
        entityType: 'indicator',
        entityId: id,
        taskId: row.taskId,
        detail: { name: row.name, status: { from: before.status, to: row.status }, changes },
      },
      ctx.meta,
      ctx.now,
    );
    return ok({ id, status: row.status, message: confirm ? '已确认' : '已保存' });
  });
}

/** A confirmed indicator added by the office to a task. One transaction with its audit line. */
export async function createIndicator(ctx: ServiceContext, input: IndicatorCreateInput): Promise<Result<{ id: number }>> {
  assertCan(ctx.actor, 'indicators.manage');
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    const [task] = await tx
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.id, input.taskId), eq(tasks.districtId, districtId)))
      .limit(1);
    if (!task) throw new NotFoundError('找不到该任务');
    const [row] = await tx
      .insert(indicators)
      .values({ ...input, status: 'confirmed', position: 99 })
      .returning({ id: indicators.id });
    await writeAudit(
      tx,
      ctx.actor,
      {
        action: 'indicator.create',
        entityType: 'indicator',
        entityId: row!.id,
        taskId: input.taskId,
        detail: { name: input.name, target: input.target, targetMax: input.targetMax, unit: input.unit, comparator: input.comparator, kind: input.kind, sourcePhrase: input.sourcePhrase },
      },
      ctx.meta,
      ctx.now,
    );
    return ok({ id: row!.id, message: '已新增指标' });
  });
}

/**
 * Removing an indicator also removes its reported figures. One transaction with its audit line;
 * an indicator already gone (removed by someone else a moment ago) is simply gone: nothing to
 * write, nothing to audit.
 */
export async function deleteIndicator(ctx: ServiceContext, id: number): Promise<Result> {
  assertCan(ctx.actor, 'indicators.manage');
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    // Only the district's own: another district's id is as one already gone (nothing written).
    const ofDistrict = tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.districtId, districtId));
    const [row] = await tx
      .delete(indicators)
      .where(and(eq(indicators.id, id), inArray(indicators.taskId, ofDistrict)))
      .returning();
    if (row) {
      await writeAudit(
        tx,
        ctx.actor,
        { action: 'indicator.delete', entityType: 'indicator', entityId: id, taskId: row.taskId, detail: { name: row.name, target: row.target, unit: row.unit, status: row.status } },
        ctx.meta,
        ctx.now,
      );
    }
    return ok({ message: '已删除' });
  });
}

// ---------------------------------------------------------------------------------------------

export type IndicatorProgress = {
  id: number;
  name: string;
  target: number;
  targetMax: number | null;
  unit: string;
  comparator: 'at_least' | 'at_most';
  kind: IndicatorKind;
  sourcePhrase: string;
  /** Actual per month (cumulative, or the figure as it stands for the other kinds), from submitted or approved reports; null where nothing was reported. */
  series: { month: string; actual: number | null }[] | null;
  latest: number | null;
  /** Latest actual as a share of the target (0–1+), or null without figures. */
  completion: number | null;
  /** Judged by kind on `ctx.today` (lib/indicators/indicator-kinds.ts); null where figures are not shown. */
  standing: IndicatorStanding | null;
};

/** The latest figure as a share of the target, by kind (a ceiling: 1 at or under it; binary: 1 done, 0 not). */
export function completionRatio(actual: number | null, target: number, comparator: 'at_least' | 'at_most', kind: IndicatorKind = 'cumulative'): number | null {
  return kindCompletion(actual, target, comparator, kind);
}

/**
 * A task's confirmed indicators with actual vs target over the months. Figures are shown to the
 * task's own units and to the oversight roles; everyone else sees the targets only.
 */
export async function getIndicatorProgress(ctx: ServiceContext, taskId: number): Promise<IndicatorProgress[]> {
  const { db, actor } = ctx;
  assertCan(actor, 'ledger.read');
  // The id AND the district: another district's task has no indicators here, as a missing one.
  const [task] = await db
    .select({ planId: tasks.planId, districtId: tasks.districtId, deadline: tasks.deadline, year: plans.year })
    .from(tasks)
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .where(and(eq(tasks.id, taskId), inActorDistrict(tasks.districtId, actor)))
    .limit(1);
  if (!task) return [];
  const list = await db
    .select()
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')))
    .orderBy(asc(indicators.position), asc(indicators.id));
  if (list.length === 0) return [];
  const visible = seesAllUnits(actor) || (isUnitActor(actor) && (await unitRoleOnTask(db, actor.unitId, taskId)) !== null);
  if (!visible) return list.map((i) => ({ ...pick(i), series: null, latest: null, completion: null, standing: null }));

  // The periods of the task's list, by month.
  const months = await db
    .select({ id: reportingPeriods.id, month: reportingPeriods.month })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, task.planId))
    .orderBy(asc(reportingPeriods.month));
  // The task's district's thresholds (the city role reads any district's task).
  const settings = await getWarningSettings(db, task.districtId);
  const reported = await db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, periodId: reports.periodId })
    .from(reportIndicatorValues)
    .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
    .where(
      and(
        inArray(
          reportIndicatorValues.indicatorId,
          list.map((i) => i.id),
        ),
        inArray(reports.status, ['submitted', 'approved']),
      ),
    )
    // NULLs first on both engines (PostgreSQL would put them last): the latest submission counts.
    .orderBy(sql`${reports.submittedAt} asc nulls first`, asc(reports.id));
  return list.map((i) => {
    const series = months.map((m) => {
      // Several lead units may report the same figure: the latest submission of the month counts.
      const inMonth = reported.filter((r) => r.indicatorId === i.id && r.periodId === m.id);
      return { month: m.month, actual: inMonth.length ? inMonth[inMonth.length - 1]!.value : null };
    });
    const latest = [...series].reverse().find((s) => s.actual !== null)?.actual ?? null;
    const standing = indicatorStanding({ ...pick(i), latest, today: ctx.today, year: task.year, deadline: task.deadline }, settings);
    return { ...pick(i), series, latest, completion: completionRatio(latest, i.target, i.comparator, i.kind), standing };
  });
}

function pick(i: Indicator) {
  return { id: i.id, name: i.name, target: i.target, targetMax: i.targetMax, unit: i.unit, comparator: i.comparator, kind: i.kind, sourcePhrase: i.sourcePhrase };
}

