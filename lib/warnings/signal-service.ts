import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { readSideBySide, type Reader } from '@/lib/db';
import { contributions, indicators, milestonePlans, milestones, plans, reportIndicatorValues, reportingPeriods, reports, taskFlags, tasks, taskUnits, units, type FlagLevel } from '@/db/schema';
import { epochMs, queryRows, queryValues } from '@/db/dialect';
import { isKept, memoByGeneration, memoByGenerationFrom, type Generation } from '@/lib/cache/generation-memo';
import { indicatorStanding } from '@/lib/indicators/indicator-kinds';
import { indicatorStandingColumns } from '@/lib/indicators/indicator-service';
import { dueInPeriod, isPeriodOpen, monthLabel, shanghaiDate } from '@/lib/reporting/calendar';
import { addWorkingDays } from './working-days';
import { lateSignal, paceSignal, returnedSignal, targetSignal, worstSignal, type Signal, type WarningSettings } from './rules';
import { groupBy } from '@/lib/group-by';
import { signForState, signOverdueSignal } from '@/lib/lifecycle/sign-for-rules';
import { approvedReportDeadlinesOfPlan } from '@/lib/extensions/extension-queries';
import { overrideKey } from '@/lib/extensions/extension-rules';
import { milestonesSignal } from '@/lib/milestones/milestone-rules';
import { tasksChangedSince } from './task-versions';

export type ActiveFlag = { id: number; level: FlagLevel; reason: string; raisedAt: Date };
export type TaskSignals = {
  late: Signal;
  pace: Signal;
  target: Signal;
  flag: ActiveFlag | null;
  /** Every rule that fired, with the unit and month it concerns. */
  details: (Signal & { unitId: number; unitName: string; month?: string; kind: 'late' | 'pace' | 'target'; role?: 'lead' | 'participating'; dueOn?: string })[];
};

/** With `unitId`, the 报送 signal only considers that unit's own reports and parts; with `taskIds`, only those tasks. */
export type SignalOptions = { unitId?: number; taskIds?: number[] };

const withContext = (s: Signal, unitName: string, month?: string): Signal => ({
  ...s,
  reason: `${unitName}${month ? ` ${monthLabel(month)}` : ''}：${s.reason}`,
});

/** Up to this many tasks are computed directly; more use the plan-wide result (cached per data generation). */
const DIRECT_TASK_LIMIT = 200;

/** The three signals of a closed task (办结销号). */
const CLOSED: Signal = Object.freeze({ level: 'green', rule: 'closed', reason: '已办结' });

function settingsKey(s: WarningSettings): string {
  return [s.yellowGap, s.redGap, s.dueSoonDays, s.resubmitWorkingDays, s.milestoneRedWorkingDays, s.signForWorkingDays, [...s.calendar.holidays].sort().join(','), [...s.calendar.extraWorkdays].sort().join(',')].join('|');
}

/**
 * The three signals of every task of a plan for `today`, from the data alone (pure rules in
 * rules.ts), plus any manual flag. With `unitId`, the 报送 signal only considers that unit's own
 * reports and parts (a unit's view of its own lateness).
 *
 * A task's signals depend only on its own rows, so a page that needs many tasks gets them from
 * the plan-wide computation, which is kept until the next write to the database
 * (lib/cache/generation-memo.ts) and then brought up to date by computing again only the tasks
 * written since (refreshSignals). The returned maps are shared: callers must not modify them.
 * `settings` are those of the list's district (getWarningSettings); the caller authorises.
 */
export async function computeSignals(db: Reader, planId: number, today: string, settings: WarningSettings, options: SignalOptions = {}): Promise<Map<number, TaskSignals>> {
  const { taskIds, unitId } = options;
  // No district part: a list is in one district and its signals are the same for every reader (the
  // callers check the list is in the reader's district first, lib/warnings/task-signals.ts).
  const key = `signals|${planId}|${today}|${unitId ?? '*'}|${settingsKey(settings)}`;
  // A few tasks: from the plan-wide result if one is kept (current, or brought up to date from the
  // tasks written since), else computed directly (cheap) and kept with the small views (a unit's
  // workbench, a review page's tasks) until the next write.
  const all =
    taskIds && taskIds.length <= DIRECT_TASK_LIMIT && !isKept(db, key)
      ? undefined
      : await memoByGenerationFrom(
          db,
          key,
          () => computeSignalsNow(db, planId, today, settings, { unitId }),
          (previous, since) => refreshSignals(db, previous, since, planId, today, settings, unitId),
        );
  if (!all) return memoByGeneration(db, `${key}|tasks ${taskIds!.join(',')}`, () => computeSignalsNow(db, planId, today, settings, options), { view: true });
  if (!taskIds) return all;
  const wanted = new Set(taskIds);
  const subset = new Map<number, TaskSignals>();
  for (const [id, s] of all) if (wanted.has(id)) subset.set(id, s);
  return subset;
}

/**
 * A plan's signals of an older generation brought up to date: the tasks written since (their own
 * rows, noted by triggers: lib/warnings/task-versions.ts) computed again, a deleted or moved task
 * dropped, a new one added in task order. After a month-end submission that is one task, not the
 * plan. Undefined (compute the plan) when the list's months or year or a unit's name changed, or
 * many of its tasks.
 */
async function refreshSignals(db: Reader, previous: Map<number, TaskSignals>, since: Generation, planId: number, today: string, settings: WarningSettings, unitId: number | undefined): Promise<Map<number, TaskSignals> | undefined> {
  const changed = await tasksChangedSince(db, planId, since, DIRECT_TASK_LIMIT);
  if (!changed) return undefined;
  if (changed.length === 0) return previous;
  const fresh = await computeSignalsNow(db, planId, today, settings, { unitId, taskIds: changed });
  const next = new Map(previous);
  let added = false;
  for (const id of changed) {
    const s = fresh.get(id);
    if (!s) next.delete(id);
    else {
      added ||= !next.has(id);
      next.set(id, s);
    }
  }
  return added ? new Map([...next].sort((a, b) => a[0] - b[0])) : next;
}

/**
 * computeSignals over several lists (the lists in view): one map keyed by task id (task ids are
 * unique across lists). Each list is computed (and cached) on its own; with one list the shared
 * map of computeSignals is returned as is, so callers must not modify the result.
 */
export async function computeSignalsForPlans(db: Reader, inView: readonly { id: number }[], today: string, settings: WarningSettings, options: SignalOptions = {}): Promise<Map<number, TaskSignals>> {
  if (inView.length === 1) return computeSignals(db, inView[0]!.id, today, settings, options);
  const merged = new Map<number, TaskSignals>();
  if (options.taskIds && options.taskIds.length === 0) return merged;
  for (const plan of inView) for (const [id, s] of await computeSignals(db, plan.id, today, settings, options)) merged.set(id, s);
  return merged;
}

/** computeSignals without the cache. Bulk queries, no per-task query. */
export async function computeSignalsNow(db: Reader, planId: number, today: string, settings: WarningSettings, options: SignalOptions = {}): Promise<Map<number, TaskSignals>> {
  const taskFilter = options.taskIds ? and(eq(tasks.planId, planId), inArray(tasks.id, options.taskIds)) : eq(tasks.planId, planId);
  // Independent reads side by side (readSideBySide: on PostgreSQL a cold page waits for the
  // slowest query, not for their sum).
  const [[plan], taskRows, allPeriods] = await readSideBySide(db, [
    () => db.select({ year: plans.year, cadence: plans.cadence }).from(plans).where(eq(plans.id, planId)).limit(1),
    // In task order, which refreshSignals keeps.
    () => db.select({ id: tasks.id, deadline: tasks.deadline, status: tasks.status }).from(tasks).where(taskFilter).orderBy(asc(tasks.id)),
    () => db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month)),
  ]);
  const result = new Map<number, TaskSignals>();
  if (!plan) return result;
  // 办结销号: a closed task takes no more reports, so it has no late, pace or target light.
  const closedIds = new Set(taskRows.filter((t) => t.status === 'closed').map((t) => t.id));
  const ids = taskRows.map((t) => t.id);
  if (ids.length === 0) return result;
  // The tasks in scope: the listed ones, or the whole plan as a subquery (not 7,700 bound values).
  const inScope = (column: SQLiteColumn) =>
    options.taskIds ? inArray(column, ids) : sql`${column} in (select ${tasks.id} from ${tasks} where ${tasks.planId} = ${planId})`;

  const periods = allPeriods.filter((p) => isPeriodOpen(p.month, today));
  // Only the open months matter (signals never look at later ones). They are picked in JS: a
  // period_id IN (…) in the queries below would make SQLite prefer the period index and read
  // every report of the year even for one task.
  const openIds = periods.map((p) => p.id);
  // Reports and parts that count — sent (1) or returned (2); a draft counts as not sent — read as
  // plain arrays and looked up by task, then unit, in maps keyed by numbers: at province scale
  // these are ≈ 180,000 rows and 200,000 look-ups, where objects, Dates and string keys cost more
  // than all the rules.
  type Sent = [taskId: number, unitId: number, periodId: number, state: 1 | 2, percentDone: number | null, reviewedAt: number | null];
  const sentRows = async (t: typeof reports | typeof contributions): Promise<Sent[]> =>
    openIds.length
      ? queryValues<Sent>(db, sql`select ${t.taskId}, ${t.unitId}, ${t.periodId}, case when ${t.status} = 'returned' then 2 else 1 end,
          ${t === reports ? reports.percentDone : sql`null`}, ${epochMs(t.reviewedAt)}
          from ${t} where ${inScope(t.taskId)} and ${t.status} in ('submitted', 'approved', 'returned')`)
      : [];
  /** (task, unit) → row, as a map of maps: no packed or string key. */
  type ByPair = Map<number, Map<number, Sent>>;
  const put = (map: ByPair, r: Sent) => {
    let ofTask = map.get(r[0]);
    if (!ofTask) map.set(r[0], (ofTask = new Map()));
    ofTask.set(r[1], r);
  };
  const byPeriod = (rows: readonly Sent[]) => {
    const out = new Map<number, ByPair>();
    for (const id of openIds) out.set(id, new Map());
    for (const r of rows) {
      const ofPeriod = out.get(r[2]);
      if (ofPeriod) put(ofPeriod, r);
    }
    return out;
  };
  // The latest figure of each indicator, picked in SQL (one row per indicator instead of every
  // figure ever reported): the highest month, then the latest submission, then the first report.
  const latestValues = async () => {
    const latestValue = new Map<number, { value: number }>();
    if (!openIds.length) return latestValue;
    const rows = await queryRows<{ indicatorId: number; value: number }>(db, sql`
      select indicator_id as "indicatorId", value from (
        select ${reportIndicatorValues.indicatorId} as indicator_id, ${reportIndicatorValues.value} as value,
          row_number() over (
            partition by ${reportIndicatorValues.indicatorId}
            order by ${reportingPeriods.month} desc, ${reports.submittedAt} desc nulls last, ${reports.id}
          ) as rn
        from ${reportIndicatorValues}
        join ${reports} on ${reports.id} = ${reportIndicatorValues.reportId}
        join ${reportingPeriods} on ${reportingPeriods.id} = ${reports.periodId}
        where ${inScope(reports.taskId)} and ${reports.status} in ('submitted', 'approved') and ${reportingPeriods.month} <= ${today.slice(0, 7)}
      ) as ranked where rn = 1`);
    for (const r of rows) latestValue.set(r.indicatorId, { value: r.value });
    return latestValue;
  };

  const [links, reportRows, partRows, movedDeadline, inds, latestValue, milestoneRows, flags] = await readSideBySide(db, [
    () =>
      db
      .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name, assignedOn: taskUnits.assignedOn, signedAt: taskUnits.signedAt })
      .from(taskUnits)
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .where(inScope(taskUnits.taskId))
      // A task's reasons list its units in one order however the rows are read (whole list or a few
      // tasks, either engine): its key's.
      .orderBy(asc(taskUnits.taskId), asc(taskUnits.unitId), asc(taskUnits.role)),
    () => sentRows(reports),
    () => sentRows(contributions),
    // 延期: a unit's month's report deadline moved by an approved extension (lib/extensions).
    () => approvedReportDeadlinesOfPlan(db, planId, options.taskIds ? ids : undefined, openIds),
    // Indicator completion from the latest reported figure (submitted or approved).
    () =>
      db
      .select(indicatorStandingColumns)
      .from(indicators)
      .where(and(inScope(indicators.taskId), eq(indicators.status, 'confirmed')))
      .orderBy(asc(indicators.taskId), asc(indicators.id)),
    // Read alongside the indicators: only the figures of confirmed ones are looked up.
    latestValues,
    // 时间节点: the milestones of approved plans; such a task's 进度 light follows them (lib/milestones).
    () =>
      db
      .select({ taskId: milestones.taskId, dueOn: milestones.dueOn, doneOn: milestones.doneOn, deliverable: milestones.deliverable })
      .from(milestones)
      .innerJoin(milestonePlans, eq(milestonePlans.id, milestones.planId))
      .where(and(inScope(milestones.taskId), eq(milestonePlans.status, 'approved')))
      .orderBy(asc(milestones.taskId), asc(milestones.dueOn), asc(milestones.id)),
    () =>
      db
      .select()
      .from(taskFlags)
      .where(and(inScope(taskFlags.taskId), isNull(taskFlags.liftedAt)))
      .orderBy(desc(taskFlags.raisedAt), desc(taskFlags.id)),
  ]);
  const reportAt = byPeriod(reportRows);
  const partAt = byPeriod(partRows);
  const monthOf = new Map(periods.map((p) => [p.id, p.month]));
  const milestonesOf = groupBy(milestoneRows, (m) => m.taskId);

  // Everything per task is looked up in maps built once (linear in the rows, not tasks × rows);
  // each list keeps the order of the query it came from.
  const linksOf = groupBy(links, (l) => l.taskId);
  const indicatorsOf = groupBy(inds, (i) => i.taskId);
  const latestFlag = new Map<number, (typeof flags)[number]>();
  for (const f of flags) if (!latestFlag.has(f.taskId)) latestFlag.set(f.taskId, f);
  // The latest submitted or approved report of each lead unit (by month; one report per unit and month).
  const latestReport: ByPair = new Map();
  for (const r of reportRows) {
    if (r[3] !== 1 || !monthOf.has(r[2])) continue;
    const best = latestReport.get(r[0])?.get(r[1]);
    if (!best || monthOf.get(r[2])!.localeCompare(monthOf.get(best[2])!) > 0) put(latestReport, r);
  }
  // What a missing report or part means depends only on its deadline: decided once per month, and
  // once per deadline for the items of a per-item list (due in the month of their own deadline).
  const perPeriod = periods.map((p) => ({
    period: p,
    label: monthLabel(p.month),
    reports: reportAt.get(p.id)!,
    parts: partAt.get(p.id)!,
    missingLead: lateSignal({ kind: 'lead', deadline: p.leadDeadline, submittedOn: null, today }, settings),
    missingPart: lateSignal({ kind: 'part', deadline: p.contributionDeadline, submittedOn: null, today }, settings),
  }));
  const periodDues = perPeriod.map((pp) => dueInPeriod(plan, { deadline: null }, pp.period));
  const deadlineOf = new Map(taskRows.map((t) => [t.id, t.deadline]));
  const missingOnDay = new Map<string, Signal>();
  const missing = (kind: 'lead' | 'part', deadline: string) => {
    let s = missingOnDay.get(`${kind}|${deadline}`);
    if (!s) {
      s = lateSignal({ kind, deadline, submittedOn: null, today }, settings);
      missingOnDay.set(`${kind}|${deadline}`, s);
    }
    return s;
  };
  const returnedOnDay = new Map<string, { s: Signal; dueOn: string }>();
  const returned = (returnedOn: string) => {
    let r = returnedOnDay.get(returnedOn);
    if (!r) {
      r = { s: returnedSignal({ returnedOn, resubmittedOn: null, today }, settings), dueOn: addWorkingDays(returnedOn, settings.resubmitWorkingDays, settings.calendar) };
      returnedOnDay.set(returnedOn, r);
    }
    return r;
  };

  for (const taskId of ids) {
    if (closedIds.has(taskId)) {
      result.set(taskId, { late: CLOSED, pace: CLOSED, target: CLOSED, flag: null, details: [] });
      continue;
    }
    const details: TaskSignals['details'] = [];
    const taskLinks = linksOf.get(taskId) ?? [];
    const lateSignals: Signal[] = [];
    // Per period: whether the task is due and by when (dueInPeriod); the same for all its units,
    // and on a monthly or quarterly list the same for all its tasks.
    const dues = plan.cadence === 'per_item' ? perPeriod.map((pp) => dueInPeriod(plan, { deadline: deadlineOf.get(taskId) ?? null }, pp.period)) : periodDues;
    for (const link of taskLinks) {
      if (options.unitId !== undefined && link.unitId !== options.unitId) continue;
      // 签收: unsigned past the window is a red 报送 light (within it, only 待签收 on the pages).
      const unsigned = link.signedAt ? null : signOverdueSignal(link.unitName, signForState({ assignedOn: link.assignedOn, signedAt: null, today }, settings));
      if (unsigned) {
        lateSignals.push(unsigned);
        details.push({ ...unsigned, unitId: link.unitId, unitName: link.unitName, kind: 'late', role: link.role });
      }
      const lead = link.role === 'lead';
      for (let i = 0; i < perPeriod.length; i++) {
        const pp = perPeriod[i]!;
        const due = dues[i]!;
        const row = (lead ? pp.reports : pp.parts).get(taskId)?.get(link.unitId);
        let s: Signal;
        let dueOn = movedDeadline.get(overrideKey(taskId, pp.period.id, link.unitId)) ?? (lead ? due.leadDeadline : due.contributionDeadline);
        if (row?.[3] === 2) {
          // A returned report is owed again, even in a month where the task was not due.
          const r = returned(row[5] ? shanghaiDate(new Date(row[5])) : today);
          s = r.s;
          dueOn = r.dueOn;
        } else if (row?.[3] === 1 || !due.due) {
          continue; // green, or nothing due this month
        } else if (dueOn === (lead ? pp.period.leadDeadline : pp.period.contributionDeadline)) {
          s = lead ? pp.missingLead : pp.missingPart;
        } else {
          s = missing(lead ? 'lead' : 'part', dueOn);
        }
        if (s.level !== 'green') {
          const c: Signal = { ...s, reason: `${link.unitName} ${pp.label}：${s.reason}` };
          lateSignals.push(c);
          details.push({ ...c, unitId: link.unitId, unitName: link.unitName, month: pp.period.month, kind: 'late', role: link.role, dueOn });
        }
      }
    }

    const paceSignals: Signal[] = [];
    const taskMilestones = milestonesOf.get(taskId);
    // With an approved milestone plan, the milestones replace 序时进度 (the lead unit answers for them).
    const leadLink = taskMilestones && taskLinks.find((l) => l.role === 'lead');
    const milestoneSignal = taskMilestones && milestonesSignal(taskMilestones, today, settings);
    if (milestoneSignal && milestoneSignal.level !== 'green') {
      const c = leadLink ? withContext(milestoneSignal, leadLink.unitName) : milestoneSignal;
      paceSignals.push(c);
      if (leadLink) details.push({ ...c, unitId: leadLink.unitId, unitName: leadLink.unitName, kind: 'pace' });
    }
    for (const link of taskMilestones ? [] : taskLinks.filter((l) => l.role === 'lead')) {
      const latest = latestReport.get(taskId)?.get(link.unitId);
      if (!latest) continue;
      const s = paceSignal({ percentDone: latest[4], today, year: plan.year }, settings);
      if (s.level !== 'green') {
        const c = withContext(s, link.unitName);
        paceSignals.push(c);
        details.push({ ...c, unitId: link.unitId, unitName: link.unitName, kind: 'pace' });
      }
    }

    const taskInds = indicatorsOf.get(taskId) ?? [];
    const target = targetSignal(
      {
        // Judged by kind (lib/indicators/indicator-kinds.ts); a binary one by the task's deadline.
        indicators: taskInds.map((i) => ({
          name: i.name,
          standing: indicatorStanding({ ...i, latest: latestValue.get(i.id)?.value ?? null, today, year: plan.year, deadline: deadlineOf.get(taskId) ?? null }, settings),
        })),
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
