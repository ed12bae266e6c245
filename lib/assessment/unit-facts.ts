/**
 * The facts a unit's score in one list is counted from, for one period: submissions due and on
 * time, reviews and first passes, warnings, notices answered on time, indicator pace. Read in bulk
 * (one query per kind, not per unit).
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { epochMs } from '@/db/dialect';
import {
  contributions,
  indicators,
  noticeTargets,
  plans,
  reportIndicatorValues,
  reports,
  submissionSnapshots,
  supervisionNotices,
  tasks,
  taskUnits,
  units,
  type ReportingPeriod,
} from '@/db/schema';
import type { Reader } from '@/lib/db';
import { groupBy } from '@/lib/group-by';
import { indicatorStanding } from '@/lib/indicators/indicator-kinds';
import { deadlineEnd, dueInPeriod, isOnTime, monthDate, type DueInPeriod } from '@/lib/reporting/calendar';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { computeSignals } from '@/lib/warnings/signal-service';
import type { UnitPeriodFacts } from './score';
import { approvedExtensionCounts, approvedReportDeadlinesOfPlan } from '@/lib/extensions/extension-queries';
import { overrideKey } from '@/lib/extensions/extension-rules';
import { getAssessmentSettings } from './assessment-settings';

export type UnitFacts = UnitPeriodFacts & { unitId: number; unitName: string };

/** The last day of a period's month, or today if earlier: the moment its facts are judged at. */
function judgedAt(period: ReportingPeriod, today: string): string {
  const monthEnd = monthDate(period.month, 31);
  return today < monthEnd ? today : monthEnd;
}

/** The first row for each key, as Array.find would return it. */
function firstBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T> {
  const first = new Map<K, T>();
  for (const row of rows) if (!first.has(key(row))) first.set(key(row), row);
  return first;
}

/**
 * When each report and part of a period was first submitted: its earliest "submitted" snapshot,
 * keyed "report:id" / "contribution:id". Only the period's own rows (so only its district's).
 */
export async function firstSubmissionTimes(db: Reader, periodId: number): Promise<Map<string, number>> {
  const at = epochMs(sql`min(${submissionSnapshots.at})`);
  // The owners as a subquery (owner_id IN (…)), not a join: joined, SQLite without statistics starts
  // from the snapshots and reads every district's (0.1 s → 50 ms a month at province); this way it
  // seeks snapshots_owner_event_at once per report or part of the month.
  const ofReports = await db
    .select({ ownerId: submissionSnapshots.ownerId, at })
    .from(submissionSnapshots)
    .where(
      and(
        eq(submissionSnapshots.ownerType, 'report'),
        inArray(submissionSnapshots.ownerId, db.select({ id: reports.id }).from(reports).where(eq(reports.periodId, periodId))),
        eq(submissionSnapshots.event, 'submitted'),
      ),
    )
    .groupBy(submissionSnapshots.ownerId);
  const ofParts = await db
    .select({ ownerId: submissionSnapshots.ownerId, at })
    .from(submissionSnapshots)
    .where(
      and(
        eq(submissionSnapshots.ownerType, 'contribution'),
        inArray(submissionSnapshots.ownerId, db.select({ id: contributions.id }).from(contributions).where(eq(contributions.periodId, periodId))),
        eq(submissionSnapshots.event, 'submitted'),
      ),
    )
    .groupBy(submissionSnapshots.ownerId);
  return new Map([...ofReports.map((r) => [`report:${r.ownerId}`, Number(r.at)] as const), ...ofParts.map((r) => [`contribution:${r.ownerId}`, Number(r.at)] as const)]);
}

/** Every unit link of a plan's tasks (in the plan's district), with the unit's name and the task's deadline. */
export async function planUnitLinks(db: Reader, plan: { id: number; districtId: number }) {
  return db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name, taskDeadline: tasks.deadline })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(and(eq(tasks.planId, plan.id), eq(tasks.districtId, plan.districtId), eq(units.districtId, plan.districtId)));
}

/** What several periods of one plan can share when they are counted together (read once). */
export type SharedFactRows = { firstSubmit?: Map<string, number>; links?: Awaited<ReturnType<typeof planUnitLinks>> };

/** The rows one period's facts are counted from, with their look-ups built once (linear, not units × rows). */
async function periodRows(db: Reader, period: ReportingPeriod, shared: SharedFactRows) {
  const [plan] = await db.select().from(plans).where(eq(plans.id, period.planId)).limit(1);
  if (!plan) throw new Error(`period ${period.id} belongs to no list`);
  const firstSubmit = shared.firstSubmit ?? (await firstSubmissionTimes(db, period.id));
  const links = shared.links ?? (await planUnitLinks(db, plan));
  // Only the columns the facts are counted from.
  const rep = await db
    .select({ id: reports.id, taskId: reports.taskId, unitId: reports.unitId, status: reports.status, submittedAt: reports.submittedAt })
    .from(reports)
    .where(eq(reports.periodId, period.id));
  const parts = await db
    .select({ id: contributions.id, taskId: contributions.taskId, unitId: contributions.unitId, submittedAt: contributions.submittedAt })
    .from(contributions)
    .where(eq(contributions.periodId, period.id));
  // 延期: a report deadline moved by an approved extension is the unit's deadline of the month.
  const moved = await approvedReportDeadlinesOfPlan(db, plan.id, undefined, [period.id]);
  const reportAt = firstBy(rep, (r) => `${r.taskId}:${r.unitId}`);
  const partAt = firstBy(parts, (c) => `${c.taskId}:${c.unitId}`);
  const firstSubmittedAt = (kind: string, r: { id: number; submittedAt: Date | null }) => {
    const t = firstSubmit.get(`${kind}:${r.id}`);
    return t !== undefined ? new Date(t) : r.submittedAt;
  };
  // Whether each task is due this period and by when (dueInPeriod): on a per-item list, an item
  // counts only in its deadline's month, by its own deadline.
  const dueOfTask = new Map<number, DueInPeriod>();
  const dueOf = (l: (typeof links)[number]) => {
    let d = dueOfTask.get(l.taskId);
    if (!d) {
      d = dueInPeriod(plan, { deadline: l.taskDeadline }, period);
      dueOfTask.set(l.taskId, d);
    }
    return d;
  };
  /** 按时报送: the unit's links due this period, and how many were first submitted by their deadline. */
  const submissions = (unitLinks: typeof links, unitId: number) => {
    const led = unitLinks.filter((l) => l.role === 'lead' && dueOf(l).due);
    const joined = unitLinks.filter((l) => l.role === 'participating' && dueOf(l).due);
    let onTime = 0;
    for (const l of led) {
      const r = reportAt.get(`${l.taskId}:${unitId}`);
      const at = r ? firstSubmittedAt('report', r) : null;
      if (at && isOnTime(at, moved.get(overrideKey(l.taskId, period.id, unitId)) ?? dueOf(l).leadDeadline)) onTime += 1;
    }
    for (const l of joined) {
      const c = partAt.get(`${l.taskId}:${unitId}`);
      const at = c ? firstSubmittedAt('contribution', c) : null;
      if (at && isOnTime(at, moved.get(overrideKey(l.taskId, period.id, unitId)) ?? dueOf(l).contributionDeadline)) onTime += 1;
    }
    return { led, joined, onTime };
  };
  return { plan, links, linksOf: groupBy(links, (l) => l.unitId), unitIds: [...new Set(links.map((l) => l.unitId))], rep, submissions };
}

/**
 * Counts every unit's facts for one period in bulk (one query per kind, not per unit): the units
 * of the period's list, with the settings of the list's district. The caller has checked the
 * period is one the actor may read.
 */
export async function collectFacts(db: Reader, period: ReportingPeriod, today: string): Promise<UnitFacts[]> {
  const asOf = judgedAt(period, today);
  const { plan, linksOf, unitIds, rep, submissions } = await periodRows(db, period, {});
  // Only the period's reports are judged, so only their returns are read.
  const returned = await db
    .selectDistinct({ ownerId: submissionSnapshots.ownerId })
    .from(submissionSnapshots)
    .where(
      and(
        eq(submissionSnapshots.ownerType, 'report'),
        inArray(submissionSnapshots.ownerId, db.select({ id: reports.id }).from(reports).where(eq(reports.periodId, period.id))),
        eq(submissionSnapshots.event, 'returned'),
      ),
    );
  const everReturned = new Set(returned.map((s) => `report:${s.ownerId}`));

  const signals = await computeSignals(db, plan.id, asOf, await getWarningSettings(db, plan.districtId));
  const extensions = await approvedExtensionCounts(db, plan.id, period.month);
  const extensionWeight = (await getAssessmentSettings(db, plan.districtId)).extensionWeight;
  // The notices on this list's tasks (a notice counts in the list its task belongs to).
  const notices = (
    await db
      .select({ unitId: noticeTargets.unitId, dueDate: supervisionNotices.dueDate, respondedAt: noticeTargets.respondedAt })
      .from(noticeTargets)
      .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
      .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
      .where(and(eq(tasks.planId, plan.id), eq(tasks.districtId, plan.districtId), eq(supervisionNotices.districtId, plan.districtId)))
  ).filter((n) => n.dueDate.slice(0, 7) === period.month && n.dueDate <= asOf);
  const inds = await db
    .select({
      id: indicators.id,
      taskId: indicators.taskId,
      target: indicators.target,
      targetMax: indicators.targetMax,
      comparator: indicators.comparator,
      kind: indicators.kind,
      deadline: tasks.deadline,
    })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .where(and(eq(tasks.planId, plan.id), eq(tasks.districtId, plan.districtId), eq(indicators.status, 'confirmed')));
  const values = await db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, unitId: reports.unitId })
    .from(reportIndicatorValues)
    .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
    .where(and(eq(reports.periodId, period.id), inArray(reports.status, ['submitted', 'approved'])));

  // Per-unit and per-key look-ups built once, so the work grows with the rows, not units × rows.
  const reportsOf = groupBy(rep, (r) => r.unitId);
  const noticesOf = groupBy(notices, (n) => n.unitId);
  const indicatorsOf = groupBy(inds, (i) => i.taskId);
  const indexOfIndicator = new Map(inds.map((i, n) => [i, n]));
  const valueOf = firstBy(values, (v) => `${v.indicatorId}:${v.unitId}`);

  return unitIds.map((unitId) => {
    const mine = linksOf.get(unitId) ?? [];
    const { led, joined, onTime } = submissions(mine, unitId);
    const reviewed = (reportsOf.get(unitId) ?? []).filter((r) => r.status === 'approved' || r.status === 'returned' || everReturned.has(`report:${r.id}`));
    const firstPass = reviewed.filter((r) => r.status === 'approved' && !everReturned.has(`report:${r.id}`));
    let red = 0;
    let yellow = 0;
    for (const l of led) {
      const s = signals.get(l.taskId);
      if (!s) continue;
      for (const d of s.details) {
        if (d.unitId !== unitId || (d.kind === 'late' && d.month !== period.month)) continue;
        if (d.level === 'red') red += 1;
        else if (d.level === 'yellow') yellow += 1;
      }
      if (s.target.level === 'red') red += 1;
      else if (s.target.level === 'yellow') yellow += 1;
    }
    const myNotices = noticesOf.get(unitId) ?? [];
    const answered = myNotices.filter((n) => n.respondedAt && n.respondedAt.getTime() <= deadlineEnd(n.dueDate).getTime());
    const ratios: number[] = [];
    // The indicators of the tasks the unit leads, in the order of the indicator query.
    const ledIndicators = [...new Set(led.map((l) => l.taskId))]
      .flatMap((taskId) => indicatorsOf.get(taskId) ?? [])
      .sort((a, b) => indexOfIndicator.get(a)! - indexOfIndicator.get(b)!);
    for (const ind of ledIndicators) {
      const v = valueOf.get(`${ind.id}:${unitId}`);
      // By kind: a cumulative figure against 序时进度, the others against the target as it stands;
      // a binary one counts once done or once its deadline has passed.
      const a = indicatorStanding({ ...ind, latest: v?.value ?? null, today: asOf, year: plan.year }).attainment;
      if (a !== null) ratios.push(a);
    }
    return {
      unitId,
      unitName: mine[0]!.unitName,
      dueSubmissions: led.length + joined.length,
      onTimeSubmissions: onTime,
      reviewedReports: reviewed.length,
      firstPassReports: firstPass.length,
      ledTasks: led.length,
      redWarnings: red,
      yellowWarnings: yellow,
      noticesDue: myNotices.length,
      noticesAnsweredOnTime: answered.length,
      indicatorPaceRatios: ratios,
      // Only when there are some: the facts of a unit without extensions stay as they were.
      ...(extensions.get(unitId) ? { approvedExtensions: extensions.get(unitId), extensionWeight } : {}),
    };
  });
}
