import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { indicators, reportIndicatorValues, reportingPeriods, reports, tasks, type Indicator } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { unitRoleOnTask } from '@/lib/reporting/report-service';
import { indicatorCreateSchema, indicatorUpdateSchema } from './schemas';
import { extractIndicators } from './extract-indicators';
import { taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';

type Db = Pick<AppDatabase, 'select' | 'insert' | 'update' | 'delete'>;

/** Runs the extractor over every task of a plan and stores its proposals (status 'proposed'). */
export function proposeIndicatorsForPlan(db: Db, planId: number): number {
  const rows = db.select({ id: tasks.id, text: tasks.text }).from(tasks).where(eq(tasks.planId, planId)).all();
  let n = 0;
  for (const t of rows) {
    extractIndicators(t.text).forEach((p, position) => {
      db.insert(indicators)
        .values({ taskId: t.id, name: p.name, target: p.target, targetMax: p.targetMax, unit: p.unit, comparator: p.comparator, sourcePhrase: p.sourcePhrase, status: 'proposed', position })
        .run();
      n += 1;
    });
  }
  return n;
}

// ---------------------------------------------------------------------------------------------

export type IndicatorRow = Indicator & { taskNo: number; taskTitle: string; taskLabel: string };

/** 目标指标管理: every indicator of the lists in view, in list and task order. Supervisors and admins. */
export function listIndicatorsForReview(
  db: AppDatabase,
  actor: Actor,
  inView: readonly Pick<PlanSummary, 'id' | 'shortName' | 'kind'>[],
  filter: { status?: 'proposed' | 'confirmed'; taskNo?: number },
): IndicatorRow[] {
  assertCan(actor, 'indicators.manage');
  if (inView.length === 0) return [];
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const conditions = [inArray(tasks.planId, [...planOf.keys()])];
  if (filter.status) conditions.push(eq(indicators.status, filter.status));
  if (filter.taskNo) conditions.push(eq(tasks.no, filter.taskNo));
  const order = [...planOf.keys()];
  return db
    .select({ i: indicators, planId: tasks.planId, taskNo: tasks.no, taskTitle: tasks.title })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .where(and(...conditions))
    .orderBy(asc(tasks.no), asc(indicators.position), asc(indicators.id))
    .all()
    .sort((a, b) => order.indexOf(a.planId) - order.indexOf(b.planId))
    .map((r) => ({ ...r.i, taskNo: r.taskNo, taskTitle: r.taskTitle, taskLabel: taskLabel(planOf.get(r.planId)!, r.taskNo) }));
}

export function updateIndicator(db: AppDatabase, actor: Actor, raw: unknown): Indicator {
  assertCan(actor, 'indicators.manage');
  const input = indicatorUpdateSchema.parse(raw);
  const { id, confirm, ...fields } = input;
  const row = db
    .update(indicators)
    .set({ ...fields, ...(confirm ? { status: 'confirmed' as const } : {}) })
    .where(eq(indicators.id, id))
    .returning()
    .get();
  if (!row) throw new Error('找不到该指标');
  return row;
}

export function createIndicator(db: AppDatabase, actor: Actor, raw: unknown): Indicator {
  assertCan(actor, 'indicators.manage');
  const input = indicatorCreateSchema.parse(raw);
  const task = db.select({ id: tasks.id }).from(tasks).where(eq(tasks.id, input.taskId)).get();
  if (!task) throw new Error('找不到该任务');
  return db.insert(indicators).values({ ...input, status: 'confirmed', position: 99 }).returning().get();
}

/** Removing an indicator also removes its reported figures. */
export function deleteIndicator(db: AppDatabase, actor: Actor, id: number): void {
  assertCan(actor, 'indicators.manage');
  db.delete(indicators).where(eq(indicators.id, id)).run();
}

// ---------------------------------------------------------------------------------------------

export type IndicatorProgress = {
  id: number;
  name: string;
  target: number;
  targetMax: number | null;
  unit: string;
  comparator: 'at_least' | 'at_most';
  sourcePhrase: string;
  /** Cumulative actual per month, from submitted or approved reports; null where nothing was reported. */
  series: { month: string; actual: number | null }[] | null;
  latest: number | null;
  /** Latest actual as a share of the target (0–1+), or null without figures. */
  completion: number | null;
};

export function completionRatio(actual: number | null, target: number, comparator: 'at_least' | 'at_most'): number | null {
  if (actual === null) return null;
  if (comparator === 'at_least') return target === 0 ? 1 : actual / target;
  // For a ceiling, staying at or under it is full completion.
  return actual <= target ? 1 : target / actual;
}

/**
 * A task's confirmed indicators with actual vs target over the months. Figures are shown to the
 * task's own units and to the oversight roles; everyone else sees the targets only.
 */
export function getIndicatorProgress(db: AppDatabase, actor: Actor, taskId: number): IndicatorProgress[] {
  assertCan(actor, 'ledger.read');
  const list = db
    .select()
    .from(indicators)
    .where(and(eq(indicators.taskId, taskId), eq(indicators.status, 'confirmed')))
    .orderBy(asc(indicators.position), asc(indicators.id))
    .all();
  if (list.length === 0) return [];
  const visible = can(actor, 'reports.readAll') || unitRoleOnTask(db, actor.unitId, taskId) !== null;
  if (!visible) return list.map((i) => ({ ...pick(i), series: null, latest: null, completion: null }));

  const task = db.select({ planId: tasks.planId }).from(tasks).where(eq(tasks.id, taskId)).get();
  const months = task
    ? db
        .select({ id: reportingPeriods.id, month: reportingPeriods.month })
        .from(reportingPeriods)
        .where(eq(reportingPeriods.planId, task.planId))
        .orderBy(asc(reportingPeriods.month))
        .all()
    : [];
  const reported = db
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
    .orderBy(asc(reports.submittedAt))
    .all();
  return list.map((i) => {
    const series = months.map((m) => {
      // Several lead units may report the same figure: the latest submission of the month counts.
      const inMonth = reported.filter((r) => r.indicatorId === i.id && r.periodId === m.id);
      return { month: m.month, actual: inMonth.length ? inMonth[inMonth.length - 1]!.value : null };
    });
    const latest = [...series].reverse().find((s) => s.actual !== null)?.actual ?? null;
    return { ...pick(i), series, latest, completion: completionRatio(latest, i.target, i.comparator) };
  });
}

function pick(i: Indicator) {
  return { id: i.id, name: i.name, target: i.target, targetMax: i.targetMax, unit: i.unit, comparator: i.comparator, sourcePhrase: i.sourcePhrase };
}

