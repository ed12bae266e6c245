import fs from 'node:fs';
import path from 'node:path';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { INDICATOR_COMPARATORS, indicators, plans, reportIndicatorValues, reportingPeriods, reports, tasks, type Indicator } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { unitRoleOnTask } from '@/lib/reporting/report-service';
import { extractIndicators } from './extract-indicators';

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

export const CURATED_2023_FILE = path.resolve(process.cwd(), 'db/seed-data/indicators-2023.json');

const curatedSchema = z.array(
  z.object({
    taskNo: z.number().int(),
    name: z.string(),
    target: z.number(),
    targetMax: z.number().nullable(),
    unit: z.string(),
    comparator: z.enum(INDICATOR_COMPARATORS),
    sourcePhrase: z.string(),
  }),
);

/** Replaces a plan's proposals by a reviewed, confirmed set (the 2023 seed ships one). */
export function applyConfirmedIndicators(db: AppDatabase, planId: number, file = CURATED_2023_FILE): number {
  const entries = curatedSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return db.transaction(
    (tx) => {
      const taskRows = tx.select({ id: tasks.id, no: tasks.no, text: tasks.text }).from(tasks).where(eq(tasks.planId, planId)).all();
      const byNo = new Map(taskRows.map((t) => [t.no, t]));
      const ids = taskRows.map((t) => t.id);
      if (ids.length) tx.delete(indicators).where(inArray(indicators.taskId, ids)).run();
      const position = new Map<number, number>();
      for (const e of entries) {
        const task = byNo.get(e.taskNo);
        if (!task || !task.text.includes(e.sourcePhrase)) throw new Error(`指标“${e.name}”的出处不在任务 ${e.taskNo} 的原文中`);
        const pos = position.get(task.id) ?? 0;
        position.set(task.id, pos + 1);
        const { taskNo: _no, ...fields } = e;
        tx.insert(indicators).values({ taskId: task.id, ...fields, status: 'confirmed', position: pos }).run();
      }
      return entries.length;
    },
    { behavior: 'immediate' },
  );
}

// ---------------------------------------------------------------------------------------------

export const indicatorFormSchema = z
  .object({
    name: z.string().trim().min(1, '请填写指标名称').max(40, '指标名称最多 40 字'),
    target: z.number({ error: '请填写目标值' }).finite('请填写目标值').min(0, '目标值不能为负数'),
    targetMax: z.number({ error: '请填写数字' }).finite().min(0).nullable(),
    unit: z.string().trim().min(1, '请填写计量单位').max(10, '计量单位最多 10 字'),
    comparator: z.enum(INDICATOR_COMPARATORS, { error: '请选择比较方式' }),
  })
  .refine((v) => v.targetMax === null || v.targetMax >= v.target, { path: ['targetMax'], message: '区间上限不能小于目标值' });
export type IndicatorFormInput = z.infer<typeof indicatorFormSchema>;

export const indicatorUpdateSchema = indicatorFormSchema.and(
  z.object({ id: z.number().int().positive(), confirm: z.boolean().default(false) }),
);
export const indicatorCreateSchema = indicatorFormSchema.and(
  z.object({ taskId: z.number().int().positive(), sourcePhrase: z.string().trim().min(1, '请填写原文出处').max(200) }),
);

export type IndicatorRow = Indicator & { taskNo: number; taskTitle: string };

/** 目标指标管理: every indicator of the current plan, proposals first. Supervisors and admins. */
export function listIndicatorsForReview(db: AppDatabase, actor: Actor, filter: { status?: 'proposed' | 'confirmed'; taskNo?: number }): IndicatorRow[] {
  assertCan(actor, 'indicators.manage');
  const plan = db.select({ id: plans.id }).from(plans).orderBy(desc(plans.year), desc(plans.id)).limit(1).get();
  if (!plan) return [];
  const conditions = [eq(tasks.planId, plan.id)];
  if (filter.status) conditions.push(eq(indicators.status, filter.status));
  if (filter.taskNo) conditions.push(eq(tasks.no, filter.taskNo));
  return db
    .select({ i: indicators, taskNo: tasks.no, taskTitle: tasks.title })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .where(and(...conditions))
    .orderBy(asc(tasks.no), asc(indicators.position), asc(indicators.id))
    .all()
    .map((r) => ({ ...r.i, taskNo: r.taskNo, taskTitle: r.taskTitle }));
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

