import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { epochMs } from '@/db/dialect';
import { readSideBySide, type Reader } from '@/db/client';
import { contributions, indicators, plans, reportingPeriods, reportIndicatorValues, reports, sections, submissionSnapshots, tasks, taskUnits, type PlanCadence, type ReportingPeriod } from '@/db/schema';
import { memoByGeneration } from '@/lib/cache/generation-memo';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { unitScopeOf } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { indicatorStanding } from '@/lib/indicators/indicator-kinds';
import { indicatorStandingColumns } from '@/lib/indicators/indicator-service';
import { taskInSectionColumns } from '@/lib/ledger/ledger-service';
import { planShortName, taskLabel, type PlanSummary } from '@/lib/plans/plan-scope';
import { deadlineEnd, dueInPeriod } from '@/lib/reporting/calendar';
import { currentPeriodOf, listPeriods } from '@/lib/reporting/period-service';
import type { ReportState } from '@/lib/reporting/report-state';
import { redCount, worstLevel } from '@/lib/warnings/lagging';
import type { SignalLevel } from '@/lib/warnings/rules';
import { warningSettingsByDistrict } from '@/lib/warnings/settings-service';
import { districtKey, districtScopeOf, inActorDistrict, inDistrict, type DistrictScope } from '@/lib/districts/district-scope';
import { districtOfPlans, keepInScope } from '@/lib/warnings/district-plans';
import { measureFactsOf } from '@/lib/problems/measure-facts';
import { lacksMeasure, openMeasures, type MeasureKind } from '@/lib/problems/open-measure';
import { computeSignalsForPlans, type TaskSignals } from '@/lib/warnings/signal-service';

export type LevelCounts = Record<SignalLevel, number>;
/** One section of one list; `id` is the section id (the ledger's section filter). */
export type SectionOverview = {
  id: number;
  planId: number;
  /** The list's short name (shown when several lists are in view). */
  planLabel: string;
  no: number;
  numeral: string;
  title: string;
  taskCount: number;
  late: LevelCounts;
  pace: LevelCounts;
  target: LevelCounts;
};
/** `noMeasure`: 无措施 — a red light and no open measure (lib/problems/open-measure.ts); `measures`: those in force. */
export type LaggingTask = { taskId: number; planId: number; no: number; label: string; title: string; signals: TaskSignals; reds: number; measures: MeasureKind[]; noMeasure: boolean };
/** A list's period of this month (a per-item list's tasks are due by their own deadlines instead). */
export type DashboardPeriod = { planId: number; planLabel: string; cadence: PlanCadence; id: number; month: string; leadDeadline: string; contributionDeadline: string };
export type Dashboard = {
  plans: PlanSummary[];
  scope: { unitId: number | null; unitName: string | null };
  /** Each list's period of this month, in the order of the lists (a list without periods has none). */
  periods: DashboardPeriod[];
  /** This month's lead reports and parts by state, summed over the lists. */
  leadCounts: Record<ReportState, number>;
  partCounts: Record<ReportState, number>;
  /** Sections × signals, grouped by list (in the order of the lists), then by section number. */
  sections: SectionOverview[];
  /** The most lagging tasks across lists (most reds first), at most DASHBOARD_LAGGING_LIMIT; the ledger lists all. */
  lagging: LaggingTask[];
  laggingTotal: number;
  /** 按时报送率 by month, the lists' periods of a month counted together. */
  onTimeByMonth: { month: string; due: number; onTime: number; rate: number }[];
  /**
   * The indicators furthest off target, judged by kind (lib/indicators/indicator-kinds.ts): `elapsed`
   * is what is expected by today (序时进度 for a cumulative one, 1 for the others), `gap` the
   * shortfall in percentage points, `reason` says it in Chinese.
   */
  indicatorsBehind: { taskId: number; taskNo: number; taskLabel: string; taskTitle: string; name: string; completion: number; elapsed: number; gap: number; reason: string }[];
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

/**
 * The tasks a dashboard or drill-down covers, on one list or several: all for the oversight roles,
 * the unit's own for unit staff; only of the actor's district (a list of another district has none).
 */
export async function scopedTaskIds(db: Reader, actor: Actor, planIds: number | readonly number[]): Promise<number[]> {
  const ids = typeof planIds === 'number' ? [planIds] : [...planIds];
  if (ids.length === 0) return [];
  const scope = unitScopeOf(actor);
  const all = (
    await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(ids.length === 1 ? eq(tasks.planId, ids[0]!) : inArray(tasks.planId, ids), inActorDistrict(tasks.districtId, actor)))
  ).map((t) => t.id);
  if (scope.kind === 'all') return all;
  const mine = new Set((await db.select({ taskId: taskUnits.taskId }).from(taskUnits).where(eq(taskUnits.unitId, scope.unitId))).map((r) => r.taskId));
  return all.filter((id) => mine.has(id));
}

/** Lagging tasks shown on the dashboard; the link under them opens the full list in the ledger. */
export const DASHBOARD_LAGGING_LIMIT = 20;

function emptyDashboard(inView: PlanSummary[], scope: Dashboard['scope']): Dashboard {
  return { plans: inView, scope, periods: [], leadCounts: zeroStates(), partCounts: zeroStates(), sections: [], lagging: [], laggingTotal: 0, onTimeByMonth: [], indicatorsBehind: [] };
}

/**
 * 领导驾驶舱: this month at a glance over the lists in view. Leaders, supervisors and admins see the
 * district; unit staff the same views limited to their unit.
 */
export async function getDashboard(ctx: ServiceContext, inView: PlanSummary[]): Promise<Dashboard> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'oversight.read');
  const unit = unitScopeOf(actor);
  const unitScope = unit.kind === 'all' ? null : unit.unitId;
  const scope = { unitId: unitScope, unitName: unitScope === null ? null : actor.unitName };
  if (inView.length === 0) return emptyDashboard(inView, scope);
  const district = districtScopeOf(actor);
  // The dashboard reads every report of the year: kept until the next write (seconds at province scale).
  const key = `dashboard|${districtKey(district)}|${inView.map((p) => p.id).join(',')}|${today}|${unitScope ?? '*'}`;
  return memoByGeneration(db, key, () => buildDashboard(db, actor, district, inView, today, scope));
}

async function buildDashboard(db: Reader, actor: Actor, district: DistrictScope, listsInView: PlanSummary[], today: string, scope: Dashboard['scope']): Promise<Dashboard> {
  const unitScope = scope.unitId;
  // Only the lists of the actor's district count (another district's list in view shows nothing);
  // each list is judged by its own district's thresholds and calendar.
  const districtOf = await districtOfPlans(db, district, listsInView.map((p) => p.id));
  const inView = keepInScope(listsInView, districtOf);
  if (inView.length === 0) return emptyDashboard(inView, scope);
  const settingsOf = await warningSettingsByDistrict(db, [...districtOf.values()]);
  const settingsOfPlan = (planId: number) => settingsOf.get(districtOf.get(planId)!)!;
  const planIds = inView.map((p) => p.id);
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const listOrder = new Map(planIds.map((id, i) => [id, i]));
  const taskIds = await scopedTaskIds(db, actor, planIds);
  const inScope = new Set(taskIds);
  const periods: DashboardPeriod[] = (await readSideBySide(db, inView.map((plan) => async () => ({ plan, p: await currentPeriodOf(db, plan.id, today) })))).flatMap(({ plan, p }) =>
    p ? [{ planId: plan.id, planLabel: planShortName(plan), cadence: plan.cadence, id: p.id, month: p.month, leadDeadline: p.leadDeadline, contributionDeadline: p.contributionDeadline }] : [],
  );

  // The parts below read independent rows, side by side (readSideBySide: on PostgreSQL the first
  // view after a write waits for the slowest, not for their sum).
  const signalsOf = async () => {
    const signals = new Map<number, TaskSignals>();
    if (!taskIds.length) return signals;
    // One computation per district (its settings), as computeSignalsForPlans does per list.
    for (const [districtId, settings] of settingsOf) {
      const lists = inView.filter((p) => districtOf.get(p.id) === districtId);
      // The district's whole lists (taskIds are all their tasks) are read from the plan-wide result.
      for (const [id, s] of await computeSignalsForPlans(db, lists, today, settings, { taskIds: unitScope === null ? undefined : taskIds, unitId: unitScope ?? undefined })) signals.set(id, s);
    }
    return signals;
  };
  // The tasks in scope, in the order of the lists, then by number.
  const taskRowsOf = () =>
    db
    .select({ ...taskInSectionColumns, numeral: sections.numeral, sectionTitle: sections.title })
    .from(tasks)
    .innerJoin(sections, eq(sections.id, tasks.sectionId))
    .where(and(inArray(tasks.planId, planIds), inDistrict(tasks.districtId, district)))
    .orderBy(asc(tasks.no));
  // This month's states: each task against its own list's period of the month.
  const monthRowsOf = async () => {
    if (!periods.length || !taskIds.length) return null;
    const periodIds = periods.map((p) => p.id);
    const [links, rep, par] = await readSideBySide(db, [
      () => db.select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role }).from(taskUnits).where(inArray(taskUnits.taskId, taskIds)),
      () => db.select({ taskId: reports.taskId, unitId: reports.unitId, status: reports.status }).from(reports).where(inArray(reports.periodId, periodIds)),
      () => db.select({ taskId: contributions.taskId, unitId: contributions.unitId, status: contributions.status }).from(contributions).where(inArray(contributions.periodId, periodIds)),
    ]);
    return { links: links.filter((l) => unitScope === null || l.unitId === unitScope), rep, par };
  };
  const onTimeOf = async () => {
    const pastPeriods: ReportingPeriod[] = [];
    for (const periodsOfPlan of await readSideBySide(db, inView.map((plan) => () => listPeriods(db, plan.id)))) pastPeriods.push(...periodsOfPlan.filter((p) => p.leadDeadline < today));
    return onTimeRates(db, district, pastPeriods, planOf, unitScope);
  };

  const [signals, taskRowsUnsorted, monthRows, onTimeByMonth, { inds, latest }] = await readSideBySide(db, [
    signalsOf,
    taskRowsOf,
    monthRowsOf,
    onTimeOf,
    () => indicatorRows(db, district, planIds, taskIds, unitScope),
  ]);
  const taskRows = taskRowsUnsorted.filter((t) => inScope.has(t.id)).sort((a, b) => listOrder.get(a.planId)! - listOrder.get(b.planId)!);
  const byTask = new Map(taskRows.map((t) => [t.id, t]));

  const leadCounts = zeroStates();
  const partCounts = zeroStates();
  if (monthRows) {
    const { links, rep, par } = monthRows;
    const repAt = firstByTaskUnit(rep);
    const parAt = firstByTaskUnit(par);
    // Only tasks of lists that have a period this month count, and only those due in it (dueInPeriod)
    // or written on anyway: a per-item task outside its deadline's month is not missing.
    const periodOfPlan = new Map(periods.map((p) => [p.planId, p]));
    for (const l of links) {
      const task = byTask.get(l.taskId)!;
      const period = periodOfPlan.get(task.planId);
      if (!period) continue;
      const row = (l.role === 'lead' ? repAt : parAt).get(`${l.taskId}:${l.unitId}`);
      if (!row && !dueInPeriod(planOf.get(task.planId)!, task, period).due) continue;
      const counts = l.role === 'lead' ? leadCounts : partCounts;
      counts[row?.status ?? 'none'] += 1;
    }
  }

  const sectionMap = new Map<number, SectionOverview>();
  for (const t of taskRows) {
    const sec = sectionMap.get(t.sectionId) ?? {
      id: t.sectionId,
      planId: t.planId,
      planLabel: planShortName(planOf.get(t.planId)!),
      no: t.sectionNo,
      numeral: t.numeral,
      title: t.sectionTitle,
      taskCount: 0,
      late: zeroLevels(),
      pace: zeroLevels(),
      target: zeroLevels(),
    };
    const s = signals.get(t.id);
    sec.taskCount += 1;
    if (s) {
      sec.late[s.late.level] += 1;
      sec.pace[s.pace.level] += 1;
      sec.target[s.target.level] += 1;
    }
    sectionMap.set(t.sectionId, sec);
  }

  const allLagging = taskRows
    .map((t) => {
      const s = signals.get(t.id)!;
      return { taskId: t.id, planId: t.planId, no: t.no, label: taskLabel(planOf.get(t.planId)!, t.no), title: t.title, signals: s, reds: redCount(s), worst: worstLevel(s) };
    })
    .filter((t) => t.worst > 0)
    .sort((a, b) => b.reds - a.reds || b.worst - a.worst || listOrder.get(a.planId)! - listOrder.get(b.planId)! || a.no - b.no);
  // 无措施: judged for the tasks shown only (a few grouped queries, whatever the size of the district).
  const shown = allLagging.slice(0, DASHBOARD_LAGGING_LIMIT);
  const facts = await measureFactsOf(db, district, shown.map((t) => t.taskId));
  const lagging = shown.map(({ worst: _w, ...t }) => {
    const f = { ...facts.get(t.taskId)!, flagInForce: t.signals.flag !== null };
    return { ...t, measures: openMeasures(f, today), noMeasure: lacksMeasure(t.reds, f, today) };
  });

  // Each indicator judged by its kind: a cumulative one against 序时进度 of its list's year, the others against the target as it stands.
  const yearOf = new Map(inView.map((p) => [p.id, p.year]));
  const indicatorsBehind = inds
    .map((i) => {
      const t = byTask.get(i.taskId)!;
      const st = indicatorStanding({ ...i, latest: latest.get(i.id) ?? null, today, year: yearOf.get(t.planId)!, deadline: t.deadline }, settingsOfPlan(t.planId));
      return st.completion === null || st.gap === null || !st.offTarget
        ? null
        : {
            taskId: t.id,
            taskNo: t.no,
            taskLabel: taskLabel(planOf.get(t.planId)!, t.no),
            taskTitle: t.title,
            name: i.name,
            completion: st.completion,
            elapsed: st.expected,
            gap: st.gap,
            reason: st.reason,
          };
    })
    .filter((x): x is NonNullable<typeof x> => x !== null && x.gap > 0)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 10);

  return {
    plans: inView,
    scope,
    periods,
    leadCounts,
    partCounts,
    sections: [...sectionMap.values()].sort((a, b) => listOrder.get(a.planId)! - listOrder.get(b.planId)! || a.no - b.no),
    lagging,
    laggingTotal: allLagging.length,
    onTimeByMonth,
    indicatorsBehind,
  };
}

/**
 * The confirmed indicators of the tasks in scope, and each one's latest submitted figure (the lists'
 * tasks as a subquery rather than thousands of bound ids).
 */
async function indicatorRows(db: Reader, district: DistrictScope, planIds: number[], taskIds: number[], unitScope: number | null) {
  const inds = taskIds.length
    ? await db
        .select(indicatorStandingColumns)
        .from(indicators)
        .where(and(inArray(indicators.taskId, taskIds), eq(indicators.status, 'confirmed')))
    : [];
  const latest = new Map<number, number>();
  if (inds.length) {
    const scopeClause =
      unitScope === null
        ? inArray(reports.taskId, db.select({ id: tasks.id }).from(tasks).where(and(inArray(tasks.planId, planIds), inDistrict(tasks.districtId, district))))
        : inArray(reports.taskId, taskIds);
    const vals = await db
      .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value })
      .from(reportIndicatorValues)
      .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
      .where(and(scopeClause, inArray(reports.status, ['submitted', 'approved'])))
      // NULLs first on both engines (PostgreSQL would put them last): the latest submission wins.
      .orderBy(sql`${reports.submittedAt} asc nulls first`, asc(reports.id));
    for (const v of vals) latest.set(v.indicatorId, v.value);
  }
  return { inds, latest };
}

/**
 * 按时报送率 of each past month: of the unit links due (lead reports and parts), how many were
 * first submitted by the month's deadline (the first "submitted" snapshot, else the submission
 * time) — the same count as the assessment's 按时报送 facts. All months in two queries: the first
 * submission of every report and part is looked up in SQL (a correlated subquery). A (task, unit)
 * pair is keyed by the two ids together, never packed into one integer. Each period counts its own
 * list's links; the periods of one month (one per list) are added up.
 */
async function onTimeRates(
  db: Reader,
  district: DistrictScope,
  periods: ReportingPeriod[],
  planOf: ReadonlyMap<number, Pick<PlanSummary, 'cadence'>>,
  unitScope: number | null,
): Promise<Dashboard['onTimeByMonth']> {
  if (!periods.length) return [];
  const planIds = [...new Set(periods.map((p) => p.planId))];
  const ids = periods.map((p) => p.id);
  const pairKey = (taskId: number, unitId: number) => `${taskId}:${unitId}`;
  const firsts = async (t: typeof reports | typeof contributions, kind: 'report' | 'contribution') => {
    // Epoch milliseconds (both columns are timestamp_ms), or null when never submitted. The outer
    // row's id is named with its table: drizzle writes a one-table select's columns unqualified,
    // and inside the subquery a bare "id" would be the snapshot's own.
    const firstAt = epochMs(sql`coalesce((select min(${submissionSnapshots.at}) from ${submissionSnapshots}
                where ${submissionSnapshots.ownerType} = ${kind} and ${submissionSnapshots.ownerId} = ${t}.${sql.identifier('id')} and ${submissionSnapshots.event} = 'submitted'),
               ${t.submittedAt})`).mapWith((v: unknown) => (v === null ? null : Number(v)));
    const rows = await db.select({ periodId: t.periodId, taskId: t.taskId, unitId: t.unitId, at: firstAt }).from(t).where(inArray(t.periodId, ids));
    const byPeriod = new Map<number, Map<string, number | null>>();
    for (const id of ids) byPeriod.set(id, new Map());
    for (const r of rows) {
      const m = byPeriod.get(r.periodId)!;
      const key = pairKey(r.taskId, r.unitId);
      if (!m.has(key)) m.set(key, r.at);
    }
    return byPeriod;
  };
  const [reportFirst, partFirst] = await readSideBySide(db, [() => firsts(reports, 'report'), () => firsts(contributions, 'contribution')]);
  const planClause = and(planIds.length === 1 ? eq(tasks.planId, planIds[0]!) : inArray(tasks.planId, planIds), inDistrict(tasks.districtId, district));
  const linksOf = new Map<number, { key: string; lead: boolean; deadline: string | null }[]>(planIds.map((id) => [id, []]));
  const linkRows = await db
    .select({ planId: tasks.planId, taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, deadline: tasks.deadline })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(unitScope === null ? planClause : and(planClause, eq(taskUnits.unitId, unitScope)));
  for (const l of linkRows) linksOf.get(l.planId)!.push({ key: pairKey(l.taskId, l.unitId), lead: l.role === 'lead', deadline: l.deadline });
  const byMonth = new Map<string, { due: number; onTime: number }>();
  const ends = new Map<string, number>();
  const endOf = (deadline: string) => {
    let t = ends.get(deadline);
    if (t === undefined) ends.set(deadline, (t = deadlineEnd(deadline).getTime()));
    return t;
  };
  for (const p of periods) {
    const plan = planOf.get(p.planId) ?? { cadence: 'monthly' as const };
    const rep = reportFirst.get(p.id)!;
    const par = partFirst.get(p.id)!;
    let due = 0;
    let onTime = 0;
    for (const l of linksOf.get(p.planId)!) {
      // Due this period, by when (dueInPeriod): a per-item task only in its deadline's month.
      const d = dueInPeriod(plan, l, p);
      if (!d.due) continue;
      due += 1;
      const at = (l.lead ? rep : par).get(l.key);
      if (at !== undefined && at !== null && at <= endOf(l.lead ? d.leadDeadline : d.contributionDeadline)) onTime += 1;
    }
    const m = byMonth.get(p.month) ?? { due: 0, onTime: 0 };
    m.due += due;
    m.onTime += onTime;
    byMonth.set(p.month, m);
  }
  return [...byMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, { due, onTime }]) => ({ month, due, onTime, rate: due ? Math.round((onTime / due) * 1000) / 10 : 0 }));
}

/**
 * Drill-down: tasks of one list whose lead report for the list's current period is in a state
 * (within the actor's scope). Over several lists, call it per list with each list's period.
 */
export async function taskIdsWithLeadState(ctx: ServiceContext, planId: number, periodId: number, state: ReportState): Promise<Set<number>> {
  const { db, actor } = ctx;
  assertCan(actor, 'oversight.read');
  const unit = unitScopeOf(actor);
  const unitScope = unit.kind === 'all' ? null : unit.unitId;
  const taskIds = await scopedTaskIds(db, actor, planId);
  const [plan] = await db
    .select({ cadence: plans.cadence })
    .from(plans)
    .where(and(eq(plans.id, planId), inActorDistrict(plans.districtId, actor)))
    .limit(1);
  // A period of another district's list is as a missing one: none of its reports are read.
  const [inScopePeriod] = await db
    .select({ period: reportingPeriods })
    .from(reportingPeriods)
    .innerJoin(plans, eq(plans.id, reportingPeriods.planId))
    .where(and(eq(reportingPeriods.id, periodId), inActorDistrict(plans.districtId, actor)))
    .limit(1);
  const period = inScopePeriod?.period;
  // As the dashboard counts: a task not due in the period (dueInPeriod) and not written on is in no state.
  const deadlineOf = new Map(
    plan?.cadence === 'per_item' && taskIds.length
      ? (await db.select({ id: tasks.id, deadline: tasks.deadline }).from(tasks).where(inArray(tasks.id, taskIds))).map((t) => [t.id, t.deadline])
      : [],
  );
  const notDue = (taskId: number) => !!plan && !!period && !dueInPeriod(plan, { deadline: deadlineOf.get(taskId) ?? null }, period).due;
  const leads = (
    await db
      .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId })
      .from(taskUnits)
      .where(and(inArray(taskUnits.taskId, taskIds.length ? taskIds : [-1]), eq(taskUnits.role, 'lead')))
  ).filter((l) => unitScope === null || l.unitId === unitScope);
  const rep = period ? await db.select({ taskId: reports.taskId, unitId: reports.unitId, status: reports.status }).from(reports).where(eq(reports.periodId, period.id)) : [];
  const repAt = firstByTaskUnit(rep);
  const out = new Set<number>();
  for (const l of leads) {
    const row = repAt.get(`${l.taskId}:${l.unitId}`);
    if (!row && notDue(l.taskId)) continue;
    if ((row?.status ?? 'none') === state) out.add(l.taskId);
  }
  return out;
}
