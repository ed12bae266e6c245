import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, indicators, plans, reportIndicatorValues, reports, sections, submissionSnapshots, tasks, taskUnits, type ReportingPeriod } from '@/db/schema';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { completionRatio } from '@/lib/indicators/indicator-service';
import { currentPlan, type PlanSummary } from '@/lib/ledger/ledger-service';
import { deadlineEnd } from '@/lib/reporting/calendar';
import { currentPeriodOf, listPeriods } from '@/lib/reporting/period-service';
import type { ReportState } from '@/lib/reporting/report-state';
import { redCount, worstLevel } from '@/lib/warnings/lagging';
import { yearElapsedShare, type SignalLevel } from '@/lib/warnings/rules';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { computeSignals, type TaskSignals } from '@/lib/warnings/signal-service';

export type LevelCounts = Record<SignalLevel, number>;
export type SectionOverview = { no: number; numeral: string; title: string; taskCount: number; late: LevelCounts; pace: LevelCounts; target: LevelCounts };
export type LaggingTask = { taskId: number; no: number; title: string; signals: TaskSignals; reds: number };
export type Dashboard = {
  plan: PlanSummary;
  scope: { unitId: number | null; unitName: string | null };
  period: { id: number; month: string; leadDeadline: string; contributionDeadline: string } | null;
  leadCounts: Record<ReportState, number>;
  partCounts: Record<ReportState, number>;
  sections: SectionOverview[];
  /** The most lagging tasks (most reds first), at most DASHBOARD_LAGGING_LIMIT; the ledger lists all. */
  lagging: LaggingTask[];
  laggingTotal: number;
  onTimeByMonth: { month: string; due: number; onTime: number; rate: number }[];
  indicatorsBehind: { taskNo: number; taskTitle: string; name: string; completion: number; elapsed: number; gap: number }[];
};

const zeroLevels = (): LevelCounts => ({ green: 0, yellow: 0, red: 0 });

const zeroStates = (): Record<ReportState, number> => ({ none: 0, draft: 0, submitted: 0, approved: 0, returned: 0 });

/** The first row of each (task, unit), as Array.find would return it — one pass instead of one scan per link. */
function firstByTaskUnit<T extends { taskId: number; unitId: number }>(rows: readonly T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const r of rows) {
    const key = `${r.taskId}:${r.unitId}`;
    if (!first.has(key)) first.set(key, r);
  }
  return first;
}

/** The tasks a dashboard or drill-down covers: all for the oversight roles, the unit's own for unit staff. */
export function scopedTaskIds(db: AppDatabase, actor: Actor, planId: number): number[] {
  const all = db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, planId)).all().map((t) => t.id);
  if (can(actor, 'reports.readAll')) return all;
  const mine = new Set(
    db
      .select({ taskId: taskUnits.taskId })
      .from(taskUnits)
      .where(eq(taskUnits.unitId, actor.unitId ?? -1))
      .all()
      .map((r) => r.taskId),
  );
  return all.filter((id) => mine.has(id));
}

/** Lagging tasks shown on the dashboard; the link under them opens the full list in the ledger. */
export const DASHBOARD_LAGGING_LIMIT = 20;

/**
 * 领导驾驶舱: the current period at a glance. Leaders, supervisors and admins see the district;
 * unit staff the same views limited to their unit.
 */
export function getDashboard(db: AppDatabase, actor: Actor, today: string): Dashboard | null {
  assertCan(actor, 'oversight.read');
  const plan = currentPlan(db);
  if (!plan) return null;
  const unitScope = can(actor, 'reports.readAll') ? null : (actor.unitId ?? -1);
  // The dashboard reads every report of the year: kept until the next write (seconds at province scale).
  return memoByGeneration(db, `dashboard|${plan.id}|${today}|${unitScope ?? '*'}`, () => buildDashboard(db, actor, plan, today, unitScope));
}

function buildDashboard(db: AppDatabase, actor: Actor, plan: PlanSummary, today: string, unitScope: number | null): Dashboard {
  const taskIds = scopedTaskIds(db, actor, plan.id);
  const inScope = new Set(taskIds);
  const period = currentPeriodOf(db, plan.id, today);
  const settings = getWarningSettings(db);
  const signals = taskIds.length ? computeSignals(db, plan.id, today, settings, { taskIds, unitId: unitScope ?? undefined }) : new Map<number, TaskSignals>();

  const leadCounts = zeroStates();
  const partCounts = zeroStates();
  if (period && taskIds.length) {
    const links = db
      .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role })
      .from(taskUnits)
      .where(inArray(taskUnits.taskId, taskIds))
      .all()
      .filter((l) => unitScope === null || l.unitId === unitScope);
    const rep = db.select({ taskId: reports.taskId, unitId: reports.unitId, status: reports.status }).from(reports).where(eq(reports.periodId, period.id)).all();
    const par = db
      .select({ taskId: contributions.taskId, unitId: contributions.unitId, status: contributions.status })
      .from(contributions)
      .where(eq(contributions.periodId, period.id))
      .all();
    const repAt = firstByTaskUnit(rep);
    const parAt = firstByTaskUnit(par);
    for (const l of links) {
      const row = (l.role === 'lead' ? repAt : parAt).get(`${l.taskId}:${l.unitId}`);
      const counts = l.role === 'lead' ? leadCounts : partCounts;
      counts[row?.status ?? 'none'] += 1;
    }
  }

  const taskRows = db
    .select({ id: tasks.id, no: tasks.no, title: tasks.title, sectionNo: sections.no, numeral: sections.numeral, sectionTitle: sections.title })
    .from(tasks)
    .innerJoin(sections, eq(sections.id, tasks.sectionId))
    .where(eq(tasks.planId, plan.id))
    .orderBy(asc(tasks.no))
    .all()
    .filter((t) => inScope.has(t.id));
  const sectionMap = new Map<number, SectionOverview>();
  for (const t of taskRows) {
    const sec = sectionMap.get(t.sectionNo) ?? { no: t.sectionNo, numeral: t.numeral, title: t.sectionTitle, taskCount: 0, late: zeroLevels(), pace: zeroLevels(), target: zeroLevels() };
    const s = signals.get(t.id);
    sec.taskCount += 1;
    if (s) {
      sec.late[s.late.level] += 1;
      sec.pace[s.pace.level] += 1;
      sec.target[s.target.level] += 1;
    }
    sectionMap.set(t.sectionNo, sec);
  }

  const allLagging = taskRows
    .map((t) => {
      const s = signals.get(t.id)!;
      return { taskId: t.id, no: t.no, title: t.title, signals: s, reds: redCount(s), worst: worstLevel(s) };
    })
    .filter((t) => t.worst > 0)
    .sort((a, b) => b.reds - a.reds || b.worst - a.worst || a.no - b.no);
  const lagging = allLagging.slice(0, DASHBOARD_LAGGING_LIMIT).map(({ worst: _w, ...t }) => t);

  const onTimeByMonth = onTimeRates(
    db,
    plan.id,
    listPeriods(db, plan.id).filter((p) => p.leadDeadline < today),
    unitScope,
  );

  const year = db.select({ year: plans.year }).from(plans).where(eq(plans.id, plan.id)).get()!.year;
  const elapsed = yearElapsedShare(today, year);
  const inds = taskIds.length
    ? db
        .select({ id: indicators.id, taskId: indicators.taskId, name: indicators.name, target: indicators.target, comparator: indicators.comparator })
        .from(indicators)
        .where(and(inArray(indicators.taskId, taskIds), eq(indicators.status, 'confirmed')))
        .all()
    : [];
  const latest = new Map<number, number>();
  if (inds.length) {
    // The whole plan as a subquery rather than thousands of bound ids.
    const scope = unitScope === null ? inArray(reports.taskId, db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, plan.id))) : inArray(reports.taskId, taskIds);
    const vals = db
      .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
      .from(reportIndicatorValues)
      .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
      .where(and(scope, inArray(reports.status, ['submitted', 'approved'])))
      .orderBy(asc(reports.submittedAt))
      .all();
    for (const v of vals) latest.set(v.indicatorId, v.value);
  }
  const byTask = new Map(taskRows.map((t) => [t.id, t]));
  const indicatorsBehind = inds
    .map((i) => {
      const completion = completionRatio(latest.get(i.id) ?? null, i.target, i.comparator);
      const t = byTask.get(i.taskId)!;
      return completion === null
        ? null
        : { taskNo: t.no, taskTitle: t.title, name: i.name, completion, elapsed, gap: Math.round((elapsed - Math.min(1, completion)) * 1000) / 10 };
    })
    .filter((x): x is NonNullable<typeof x> => x !== null && x.gap > 0)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 10);

  return {
    plan,
    scope: { unitId: unitScope, unitName: unitScope === null ? null : actor.unitName },
    period: period ? { id: period.id, month: period.month, leadDeadline: period.leadDeadline, contributionDeadline: period.contributionDeadline } : null,
    leadCounts,
    partCounts,
    sections: [...sectionMap.values()].sort((a, b) => a.no - b.no),
    lagging,
    laggingTotal: allLagging.length,
    onTimeByMonth,
    indicatorsBehind,
  };
}

/**
 * 按时报送率 of each past month: of the unit links due (lead reports and parts), how many were
 * first submitted by the month's deadline (the first "submitted" snapshot, else the submission
 * time) — the same count as the assessment's 按时报送 facts. All months in two queries: the first
 * submission of every report and part is looked up in SQL, rows come back as arrays.
 */
function onTimeRates(db: AppDatabase, planId: number, periods: ReportingPeriod[], unitScope: number | null): Dashboard['onTimeByMonth'] {
  if (!periods.length) return [];
  const ids = periods.map((p) => p.id);
  const pairKey = (taskId: number, unitId: number) => taskId * 2_097_152 + unitId;
  type First = [periodId: number, key: number, at: number | null];
  const firsts = (t: typeof reports | typeof contributions, kind: 'report' | 'contribution') => {
    const rows = db.values<First>(sql`select ${t.periodId}, ${t.taskId} * 2097152 + ${t.unitId},
      coalesce((select min(${submissionSnapshots.at}) from ${submissionSnapshots}
                where ${submissionSnapshots.ownerType} = ${kind} and ${submissionSnapshots.ownerId} = ${t.id} and ${submissionSnapshots.event} = 'submitted'),
               ${t.submittedAt})
      from ${t} where ${inArray(t.periodId, ids)}`);
    const byPeriod = new Map<number, Map<number, number | null>>();
    for (const id of ids) byPeriod.set(id, new Map());
    for (const [periodId, key, at] of rows) {
      const m = byPeriod.get(periodId)!;
      if (!m.has(key)) m.set(key, at);
    }
    return byPeriod;
  };
  const reportFirst = firsts(reports, 'report');
  const partFirst = firsts(contributions, 'contribution');
  const links = db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(unitScope === null ? eq(tasks.planId, planId) : and(eq(tasks.planId, planId), eq(taskUnits.unitId, unitScope)))
    .all()
    .map((l) => ({ key: pairKey(l.taskId, l.unitId), lead: l.role === 'lead' }));
  return periods.map((p) => {
    const leadEnd = deadlineEnd(p.leadDeadline).getTime();
    const partEnd = deadlineEnd(p.contributionDeadline).getTime();
    const rep = reportFirst.get(p.id)!;
    const par = partFirst.get(p.id)!;
    let onTime = 0;
    for (const l of links) {
      const at = (l.lead ? rep : par).get(l.key);
      if (at !== undefined && at !== null && at <= (l.lead ? leadEnd : partEnd)) onTime += 1;
    }
    const due = links.length;
    return { month: p.month, due, onTime, rate: due ? Math.round((onTime / due) * 1000) / 10 : 0 };
  });
}

/** Drill-down: tasks whose lead report for the current period is in a state (within the actor's scope). */
export function taskIdsWithLeadState(db: AppDatabase, actor: Actor, planId: number, periodId: number, state: ReportState): Set<number> {
  assertCan(actor, 'oversight.read');
  const unitScope = can(actor, 'reports.readAll') ? null : (actor.unitId ?? -1);
  const taskIds = scopedTaskIds(db, actor, planId);
  const leads = db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId })
    .from(taskUnits)
    .where(and(inArray(taskUnits.taskId, taskIds.length ? taskIds : [-1]), eq(taskUnits.role, 'lead')))
    .all()
    .filter((l) => unitScope === null || l.unitId === unitScope);
  const rep = db.select({ taskId: reports.taskId, unitId: reports.unitId, status: reports.status }).from(reports).where(eq(reports.periodId, periodId)).all();
  const repAt = firstByTaskUnit(rep);
  const out = new Set<number>();
  for (const l of leads) {
    const status = repAt.get(`${l.taskId}:${l.unitId}`)?.status ?? 'none';
    if (status === state) out.add(l.taskId);
  }
  return out;
}
