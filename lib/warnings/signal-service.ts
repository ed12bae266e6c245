import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import {
  contributions,
  indicators,
  plans,
  reportIndicatorValues,
  reportingPeriods,
  reports,
  taskFlags,
  tasks,
  taskUnits,
  units,
  type FlagLevel,
} from '@/db/schema';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import { completionRatio } from '@/lib/indicators/indicator-service';
import { isPeriodOpen, monthLabel, shanghaiDate } from '@/lib/reporting/calendar';
import { addWorkingDays } from './working-days';
import { GREEN, lateSignal, paceSignal, returnedSignal, targetSignal, worstSignal, type Signal, type WarningSettings } from './rules';

export type ActiveFlag = { id: number; level: FlagLevel; reason: string; raisedAt: Date };
export type TaskSignals = {
  late: Signal;
  pace: Signal;
  target: Signal;
  flag: ActiveFlag | null;
  /** Every rule that fired, with the unit and month it concerns. */
  details: (Signal & { unitId: number; unitName: string; month?: string; kind: 'late' | 'pace' | 'target'; role?: 'lead' | 'participating'; dueOn?: string })[];
};

/** Rows grouped by a key, each group in the rows' original order. */
function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

const withContext = (s: Signal, unitName: string, month?: string): Signal => ({
  ...s,
  reason: `${unitName}${month ? ` ${monthLabel(month)}` : ''}：${s.reason}`,
});

/** Up to this many tasks are computed directly; more use the plan-wide result (cached per data generation). */
const DIRECT_TASK_LIMIT = 200;

function settingsKey(s: WarningSettings): string {
  return [s.yellowGap, s.redGap, s.dueSoonDays, s.resubmitWorkingDays, [...s.calendar.holidays].sort().join(','), [...s.calendar.extraWorkdays].sort().join(',')].join('|');
}

/**
 * The three signals of every task of a plan for `today`, from the data alone (pure rules in
 * rules.ts), plus any manual flag. With `unitId`, the 报送 signal only considers that unit's own
 * reports and parts (a unit's view of its own lateness).
 *
 * A task's signals depend only on its own rows, so a page that needs many tasks gets them from
 * the plan-wide computation, which is kept until the next write to the database
 * (lib/cache/generation-memo.ts). The returned maps are shared: callers must not modify them.
 */
export function computeSignals(
  db: AppDatabase,
  planId: number,
  today: string,
  settings: WarningSettings,
  options: { unitId?: number; taskIds?: number[] } = {},
): Map<number, TaskSignals> {
  const { taskIds, unitId } = options;
  if (taskIds && taskIds.length <= DIRECT_TASK_LIMIT) return computeSignalsNow(db, planId, today, settings, options);
  const all = memoByGeneration(db, `signals|${planId}|${today}|${unitId ?? '*'}|${settingsKey(settings)}`, () =>
    computeSignalsNow(db, planId, today, settings, { unitId }),
  );
  if (!taskIds) return all;
  const wanted = new Set(taskIds);
  const subset = new Map<number, TaskSignals>();
  for (const [id, s] of all) if (wanted.has(id)) subset.set(id, s);
  return subset;
}

/** computeSignals without the cache. Bulk queries, no per-task query. */
export function computeSignalsNow(
  db: AppDatabase,
  planId: number,
  today: string,
  settings: WarningSettings,
  options: { unitId?: number; taskIds?: number[] } = {},
): Map<number, TaskSignals> {
  const plan = db.select({ year: plans.year }).from(plans).where(eq(plans.id, planId)).get();
  const result = new Map<number, TaskSignals>();
  if (!plan) return result;
  const taskFilter = options.taskIds ? and(eq(tasks.planId, planId), inArray(tasks.id, options.taskIds)) : eq(tasks.planId, planId);
  const taskRows = db.select({ id: tasks.id }).from(tasks).where(taskFilter).all();
  const ids = taskRows.map((t) => t.id);
  if (ids.length === 0) return result;

  const links = db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name })
    .from(taskUnits)
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(inArray(taskUnits.taskId, ids))
    .all();
  const periods = db
    .select()
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(asc(reportingPeriods.month))
    .all()
    .filter((p) => isPeriodOpen(p.month, today));
  const reportRows = db
    .select({
      taskId: reports.taskId,
      unitId: reports.unitId,
      periodId: reports.periodId,
      status: reports.status,
      percentDone: reports.percentDone,
      reviewedAt: reports.reviewedAt,
      id: reports.id,
    })
    .from(reports)
    .where(inArray(reports.taskId, ids))
    .all();
  const partRows = db
    .select({ taskId: contributions.taskId, unitId: contributions.unitId, periodId: contributions.periodId, status: contributions.status, reviewedAt: contributions.reviewedAt })
    .from(contributions)
    .where(inArray(contributions.taskId, ids))
    .all();
  const reportKey = (t: number, u: number, p: number) => `${t}:${u}:${p}`;
  const reportBy = new Map(reportRows.map((r) => [reportKey(r.taskId, r.unitId, r.periodId), r]));
  const partBy = new Map(partRows.map((r) => [reportKey(r.taskId, r.unitId, r.periodId), r]));
  const monthOf = new Map(periods.map((p) => [p.id, p.month]));

  // Indicator completion from the latest reported figure (submitted or approved).
  const inds = db
    .select({ id: indicators.id, taskId: indicators.taskId, name: indicators.name, target: indicators.target, comparator: indicators.comparator })
    .from(indicators)
    .where(and(inArray(indicators.taskId, ids), eq(indicators.status, 'confirmed')))
    .all();
  const values = inds.length
    ? db
        .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, periodId: reports.periodId, submittedAt: reports.submittedAt })
        .from(reportIndicatorValues)
        .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
        .where(and(inArray(reports.taskId, ids), inArray(reports.status, ['submitted', 'approved'])))
        .all()
    : [];
  const latestValue = new Map<number, { month: string; at: number; value: number }>();
  for (const v of values) {
    const month = monthOf.get(v.periodId);
    if (!month) continue;
    const at = v.submittedAt?.getTime() ?? 0;
    const prev = latestValue.get(v.indicatorId);
    if (!prev || month > prev.month || (month === prev.month && at > prev.at)) latestValue.set(v.indicatorId, { month, at, value: v.value });
  }

  const flags = db
    .select()
    .from(taskFlags)
    .where(and(inArray(taskFlags.taskId, ids), isNull(taskFlags.liftedAt)))
    .orderBy(desc(taskFlags.raisedAt))
    .all();

  // Everything per task is looked up in maps built once (linear in the rows, not tasks × rows);
  // each list keeps the order of the query it came from.
  const linksOf = groupBy(links, (l) => l.taskId);
  const indicatorsOf = groupBy(inds, (i) => i.taskId);
  const latestFlag = new Map<number, (typeof flags)[number]>();
  for (const f of flags) if (!latestFlag.has(f.taskId)) latestFlag.set(f.taskId, f);
  // The latest submitted or approved report of each lead unit (by month; one report per unit and month).
  const latestReport = new Map<string, (typeof reportRows)[number]>();
  for (const r of reportRows) {
    if ((r.status !== 'submitted' && r.status !== 'approved') || !monthOf.has(r.periodId)) continue;
    const key = `${r.taskId}:${r.unitId}`;
    const best = latestReport.get(key);
    if (!best || monthOf.get(r.periodId)!.localeCompare(monthOf.get(best.periodId)!) > 0) latestReport.set(key, r);
  }

  for (const taskId of ids) {
    const details: TaskSignals['details'] = [];
    const taskLinks = linksOf.get(taskId) ?? [];
    const lateSignals: Signal[] = [];
    for (const link of taskLinks) {
      if (options.unitId !== undefined && link.unitId !== options.unitId) continue;
      for (const p of periods) {
        const row = link.role === 'lead' ? reportBy.get(reportKey(taskId, link.unitId, p.id)) : partBy.get(reportKey(taskId, link.unitId, p.id));
        let s: Signal;
        let dueOn = link.role === 'lead' ? p.leadDeadline : p.contributionDeadline;
        if (row?.status === 'returned') {
          const returnedOn = row.reviewedAt ? shanghaiDate(row.reviewedAt) : today;
          s = returnedSignal({ returnedOn, resubmittedOn: null, today }, settings);
          dueOn = addWorkingDays(returnedOn, settings.resubmitWorkingDays, settings.calendar);
        } else if (row?.status === 'submitted' || row?.status === 'approved') {
          s = GREEN;
        } else {
          s = lateSignal({ kind: link.role === 'lead' ? 'lead' : 'part', deadline: link.role === 'lead' ? p.leadDeadline : p.contributionDeadline, submittedOn: null, today }, settings);
        }
        if (s.level !== 'green') {
          const c = withContext(s, link.unitName, p.month);
          lateSignals.push(c);
          details.push({ ...c, unitId: link.unitId, unitName: link.unitName, month: p.month, kind: 'late', role: link.role, dueOn });
        }
      }
    }

    const paceSignals: Signal[] = [];
    for (const link of taskLinks.filter((l) => l.role === 'lead')) {
      const latest = latestReport.get(`${taskId}:${link.unitId}`);
      if (!latest) continue;
      const s = paceSignal({ percentDone: latest.percentDone, today, year: plan.year }, settings);
      if (s.level !== 'green') {
        const c = withContext(s, link.unitName);
        paceSignals.push(c);
        details.push({ ...c, unitId: link.unitId, unitName: link.unitName, kind: 'pace' });
      }
    }

    const taskInds = indicatorsOf.get(taskId) ?? [];
    const target = targetSignal(
      {
        indicators: taskInds.map((i) => ({ name: i.name, completion: completionRatio(latestValue.get(i.id)?.value ?? null, i.target, i.comparator) })),
        today,
        year: plan.year,
      },
      settings,
    );
    const flag = latestFlag.get(taskId);
    result.set(taskId, {
      late: worstSignal(lateSignals),
      pace: worstSignal(paceSignals),
      target,
      flag: flag ? { id: flag.id, level: flag.level, reason: flag.reason, raisedAt: flag.raisedAt } : null,
      details,
    });
  }
  return result;
}
