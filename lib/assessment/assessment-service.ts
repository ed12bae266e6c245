import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import {
  assessmentExplanations,
  assessmentLocks,
  assessmentMonthScores,
  assessmentScores,
  contributions,
  indicators,
  noticeTargets,
  plans,
  reportIndicatorValues,
  reportingPeriods,
  reports,
  settings,
  submissionSnapshots,
  supervisionNotices,
  tasks,
  taskUnits,
  units,
  users,
  type ReportingPeriod,
} from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can, ForbiddenError } from '@/lib/auth/permissions';
import { completionRatio } from '@/lib/indicators/indicator-service';
import { deadlineEnd, dueInPeriod, isOnTime, monthDate, type DueInPeriod } from '@/lib/reporting/calendar';
import { yearElapsedShare } from '@/lib/warnings/rules';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { computeSignals } from '@/lib/warnings/signal-service';
import { addWorkingDays, type WorkCalendar } from '@/lib/warnings/working-days';
import { activePlans, planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { listPeriodsOfPlans, periodsOfMonth } from '@/lib/reporting/period-service';
import { NotFoundError } from '@/lib/reporting/report-service';
import { assessmentSettingsSchema, explanationSchema, listWeightsSchema, monthSchema, type AssessmentSettings } from './schemas';
import { combineListScores, DEFAULT_SCORE_WEIGHTS, hasScore, rankByTotal, scoreUnit, type ScoreComponent, type UnitPeriodFacts } from './score';
import { groupBy } from '@/lib/group-by';

const SETTINGS_KEY = 'assessment';
export const DEFAULT_ASSESSMENT_SETTINGS: AssessmentSettings = { weights: { ...DEFAULT_SCORE_WEIGHTS }, explanationWorkingDays: 5 };

export function getAssessmentSettings(db: Pick<AppDatabase, 'select'>): AssessmentSettings {
  const row = db.select().from(settings).where(eq(settings.key, SETTINGS_KEY)).get();
  if (!row) return DEFAULT_ASSESSMENT_SETTINGS;
  const parsed = assessmentSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_ASSESSMENT_SETTINGS;
}

export function updateAssessmentSettings(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): AssessmentSettings {
  assertCan(actor, 'settings.manage');
  const input = assessmentSettingsSchema.parse(raw);
  db.transaction((tx) => {
    tx.insert(settings)
      .values({ key: SETTINGS_KEY, value: JSON.stringify(input), updatedAt: at })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(input), updatedAt: at } })
      .run();
    writeAudit(tx, actor, { action: 'assessment.settings', entityType: 'settings', detail: input }, meta, at);
  }, { behavior: 'immediate' });
  return input;
}

/** The last day of a period's month, or today if earlier: the moment its facts are judged at. */
function judgedAt(period: ReportingPeriod, today: string): string {
  const monthEnd = monthDate(period.month, 31);
  return today < monthEnd ? today : monthEnd;
}

/** The explanation window: from the day after the lead deadline for N working days. */
export function explanationWindow(period: ReportingPeriod, workingDays: number, calendar: WorkCalendar) {
  return { opens: addWorkingDays(period.leadDeadline, 1, calendar), closes: addWorkingDays(period.leadDeadline, workingDays, calendar) };
}

type UnitFacts = UnitPeriodFacts & { unitId: number; unitName: string };

/** The first row for each key, as Array.find would return it. */
function firstBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T> {
  const first = new Map<K, T>();
  for (const row of rows) if (!first.has(key(row))) first.set(key(row), row);
  return first;
}

/**
 * When each report and part was first submitted: its earliest "submitted" snapshot, keyed
 * "report:id" / "contribution:id". Read once and shared by every period that needs it.
 */
export function firstSubmissionTimes(db: Pick<AppDatabase, 'select'>): Map<string, number> {
  const rows = db
    .select({ ownerType: submissionSnapshots.ownerType, ownerId: submissionSnapshots.ownerId, at: sql<number>`min(${submissionSnapshots.at})` })
    .from(submissionSnapshots)
    .where(eq(submissionSnapshots.event, 'submitted'))
    .groupBy(submissionSnapshots.ownerType, submissionSnapshots.ownerId)
    .all();
  return new Map(rows.map((r) => [`${r.ownerType}:${r.ownerId}`, new Date(Number(r.at)).getTime()]));
}

/** Every unit link of a plan's tasks, with the unit's name and the task's deadline. */
export function planUnitLinks(db: Pick<AppDatabase, 'select'>, planId: number) {
  return db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name, taskDeadline: tasks.deadline })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .innerJoin(units, eq(units.id, taskUnits.unitId))
    .where(eq(tasks.planId, planId))
    .all();
}

/** What several periods of one plan can share when they are counted together (read once). */
export type SharedFactRows = { firstSubmit?: Map<string, number>; links?: ReturnType<typeof planUnitLinks> };

/** The rows one period's facts are counted from, with their look-ups built once (linear, not units × rows). */
function periodRows(db: AppDatabase, period: ReportingPeriod, shared: SharedFactRows) {
  const plan = db.select().from(plans).where(eq(plans.id, period.planId)).get()!;
  const firstSubmit = shared.firstSubmit ?? firstSubmissionTimes(db);
  const links = shared.links ?? planUnitLinks(db, plan.id);
  // Only the columns the facts are counted from.
  const rep = db
    .select({ id: reports.id, taskId: reports.taskId, unitId: reports.unitId, status: reports.status, submittedAt: reports.submittedAt })
    .from(reports)
    .where(eq(reports.periodId, period.id))
    .all();
  const parts = db
    .select({ id: contributions.id, taskId: contributions.taskId, unitId: contributions.unitId, submittedAt: contributions.submittedAt })
    .from(contributions)
    .where(eq(contributions.periodId, period.id))
    .all();
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
      if (at && isOnTime(at, dueOf(l).leadDeadline)) onTime += 1;
    }
    for (const l of joined) {
      const c = partAt.get(`${l.taskId}:${unitId}`);
      const at = c ? firstSubmittedAt('contribution', c) : null;
      if (at && isOnTime(at, dueOf(l).contributionDeadline)) onTime += 1;
    }
    return { led, joined, onTime };
  };
  return { plan, links, linksOf: groupBy(links, (l) => l.unitId), unitIds: [...new Set(links.map((l) => l.unitId))], rep, submissions };
}

/** Counts every unit's facts for one period in bulk (one query per kind, not per unit). */
export function collectFacts(db: AppDatabase, period: ReportingPeriod, today: string): UnitFacts[] {
  const asOf = judgedAt(period, today);
  const { plan, linksOf, unitIds, rep, submissions } = periodRows(db, period, {});
  const everReturned = new Set(
    db
      .selectDistinct({ ownerType: submissionSnapshots.ownerType, ownerId: submissionSnapshots.ownerId })
      .from(submissionSnapshots)
      .where(eq(submissionSnapshots.event, 'returned'))
      .all()
      .map((s) => `${s.ownerType}:${s.ownerId}`),
  );

  const signals = computeSignals(db, plan.id, asOf, getWarningSettings(db));
  // The notices on this list's tasks (a notice counts in the list its task belongs to).
  const notices = db
    .select({ unitId: noticeTargets.unitId, dueDate: supervisionNotices.dueDate, respondedAt: noticeTargets.respondedAt })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
    .innerJoin(tasks, eq(tasks.id, supervisionNotices.taskId))
    .where(eq(tasks.planId, plan.id))
    .all()
    .filter((n) => n.dueDate.slice(0, 7) === period.month && n.dueDate <= asOf);
  const inds = db
    .select({ id: indicators.id, taskId: indicators.taskId, target: indicators.target, comparator: indicators.comparator })
    .from(indicators)
    .innerJoin(tasks, eq(tasks.id, indicators.taskId))
    .where(and(eq(tasks.planId, plan.id), eq(indicators.status, 'confirmed')))
    .all();
  const values = db
    .select({ indicatorId: reportIndicatorValues.indicatorId, value: reportIndicatorValues.value, unitId: reports.unitId })
    .from(reportIndicatorValues)
    .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
    .where(and(eq(reports.periodId, period.id), inArray(reports.status, ['submitted', 'approved'])))
    .all();
  const elapsed = yearElapsedShare(asOf, plan.year);

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
      const c = completionRatio(v?.value ?? null, ind.target, ind.comparator);
      if (c !== null && elapsed > 0) ratios.push(c / elapsed);
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
    };
  });
}


// ---------------------------------------------------------------------------------------------
// One list: a unit's score from the list's period of a month

export type UnitScore = { unitId: number; unitName: string; total: number; rank: number; components: ScoreComponent[] };
export type LockInfo = { at: Date; byName: string };
export type PeriodRanking = {
  period: ReportingPeriod;
  locked: LockInfo | null;
  window: { opens: string; closes: string };
  scores: UnitScore[];
};

function liveScores(db: AppDatabase, period: ReportingPeriod, today: string, weights = getAssessmentSettings(db).weights): UnitScore[] {
  const rows = collectFacts(db, period, today).map((f) => {
    const r = scoreUnit(f, weights);
    return { unitId: f.unitId, unitName: f.unitName, total: r.total, components: r.components };
  });
  return rankByTotal(rows);
}

function periodOf(db: AppDatabase, periodId: number): ReportingPeriod {
  const p = db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).get();
  if (!p) throw new NotFoundError('找不到该调度周期');
  return p;
}

/** The locks of the given periods, by period id. */
function locksOf(db: Pick<AppDatabase, 'select'>, periodIds: number[]): Map<number, LockInfo> {
  if (periodIds.length === 0) return new Map();
  const rows = db
    .select({ periodId: assessmentLocks.periodId, at: assessmentLocks.lockedAt, byName: users.displayName })
    .from(assessmentLocks)
    .innerJoin(users, eq(users.id, assessmentLocks.lockedBy))
    .where(inArray(assessmentLocks.periodId, periodIds))
    .all();
  return new Map(rows.map(({ periodId, ...lock }) => [periodId, lock]));
}

function frozenScores(db: AppDatabase, periodId: number): UnitScore[] {
  return db
    .select({ unitId: assessmentScores.unitId, unitName: units.name, total: assessmentScores.total, rank: assessmentScores.rank, breakdown: assessmentScores.breakdown })
    .from(assessmentScores)
    .innerJoin(units, eq(units.id, assessmentScores.unitId))
    .where(eq(assessmentScores.periodId, periodId))
    .orderBy(asc(assessmentScores.rank), sql`${assessmentScores}.rowid`)
    .all()
    .map(({ breakdown, ...s }) => ({ ...s, components: JSON.parse(breakdown) as ScoreComponent[] }));
}

/** A list's scores for one period: frozen once the period is locked, computed now otherwise. */
function listScores(db: AppDatabase, period: ReportingPeriod, lock: LockInfo | null, today: string, weights?: AssessmentSettings['weights']): UnitScore[] {
  return lock ? frozenScores(db, period.id) : liveScores(db, period, today, weights);
}

/** Breakdowns of other units stay with the oversight roles. */
function canSeeBreakdown(actor: Actor, unitId: number): boolean {
  return can(actor, 'reports.readAll') || actor.unitId === unitId;
}

/**
 * One list's ranking for one of its periods: the frozen scores once the period is locked (later
 * edits of the data do not move it), otherwise computed now. Units see the ranking but only their
 * own breakdown.
 */
export function getPeriodRanking(db: AppDatabase, actor: Actor, periodId: number, today: string): PeriodRanking {
  assertCan(actor, 'assessment.read');
  const period = periodOf(db, periodId);
  const window = explanationWindow(period, getAssessmentSettings(db).explanationWorkingDays, getWarningSettings(db).calendar);
  const lock = locksOf(db, [period.id]).get(period.id) ?? null;
  const scores = listScores(db, period, lock, today).map((s) => (canSeeBreakdown(actor, s.unitId) ? s : { ...s, components: [] }));
  return { period, locked: lock, window, scores };
}

// ---------------------------------------------------------------------------------------------
// A month across lists: 综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重

/** One list's part in a unit's monthly score. */
export type ListPart = {
  planId: number;
  /** The list's short name (重点任务, 民生实事 …). */
  planName: string;
  weight: number;
  periodId: number;
  /** The unit's score and rank in this list. */
  total: number;
  rank: number;
  /** Units ranked in this list. */
  units: number;
  /** Whether the unit had something to score in this list (else it does not enter the mean). */
  counted: boolean;
  components: ScoreComponent[];
};
export type MonthUnitScore = {
  unitId: number;
  unitName: string;
  total: number;
  rank: number;
  /** Each list's part; empty for another unit's row seen by unit staff. */
  lists: ListPart[];
};
export type MonthList = {
  plan: PlanSummary;
  period: ReportingPeriod;
  locked: LockInfo | null;
  /** The list's explanation window of the month. */
  window: { opens: string; closes: string };
};
export type MonthRanking = {
  month: string;
  /** The lists in view that have a period in this month (quarterly lists only in Mar/Jun/Sep/Dec). */
  lists: MonthList[];
  /** Locked when every active list's period of the month is locked; the scores are frozen then. */
  locked: LockInfo | null;
  /** From the first list's window opening to the last one's closing (active lists of the month). */
  window: { opens: string; closes: string };
  scores: MonthUnitScore[];
};

/** The months that can be judged: months of the lists' periods whose lead deadline has passed. */
export function assessmentMonths(db: AppDatabase, actor: Actor, inView: readonly PlanSummary[], today: string): string[] {
  assertCan(actor, 'assessment.read');
  const months = listPeriodsOfPlans(
    db,
    inView.map((p) => p.id),
  )
    .filter((p) => p.leadDeadline < today)
    .map((p) => p.month);
  return [...new Set(months)].sort();
}

function windowOf(periods: readonly ReportingPeriod[], db: AppDatabase): { opens: string; closes: string }[] {
  const days = getAssessmentSettings(db).explanationWorkingDays;
  const calendar = getWarningSettings(db).calendar;
  return periods.map((p) => explanationWindow(p, days, calendar));
}

function spanOf(windows: readonly { opens: string; closes: string }[]): { opens: string; closes: string } {
  if (windows.length === 0) return { opens: '', closes: '' };
  return { opens: windows.map((w) => w.opens).sort()[0]!, closes: windows.map((w) => w.closes).sort().at(-1)! };
}

/** Each unit's parts, combined and ranked. Units with no list that counts are left out. */
function combine(perList: { plan: Pick<PlanSummary, 'id' | 'shortName' | 'kind' | 'weight'>; period: ReportingPeriod; scores: UnitScore[] }[]): MonthUnitScore[] {
  const byUnit = new Map<number, { unitName: string; lists: ListPart[] }>();
  for (const { plan, period, scores } of perList) {
    for (const s of scores) {
      const entry = byUnit.get(s.unitId) ?? { unitName: s.unitName, lists: [] };
      entry.lists.push({
        planId: plan.id,
        planName: planShortName(plan),
        weight: plan.weight,
        periodId: period.id,
        total: s.total,
        rank: s.rank,
        units: scores.length,
        counted: hasScore(s.components),
        components: s.components,
      });
      byUnit.set(s.unitId, entry);
    }
  }
  const rows: Omit<MonthUnitScore, 'rank'>[] = [];
  for (const [unitId, e] of byUnit) {
    const total = combineListScores(e.lists);
    if (total !== null) rows.push({ unitId, unitName: e.unitName, total, lists: e.lists });
  }
  return rankByTotal(rows);
}

type FrozenMonth = { lock: LockInfo; rows: MonthUnitScore[] };

function frozenMonth(db: AppDatabase, month: string): FrozenMonth | null {
  const rows = db
    .select({
      unitId: assessmentMonthScores.unitId,
      unitName: units.name,
      total: assessmentMonthScores.total,
      rank: assessmentMonthScores.rank,
      breakdown: assessmentMonthScores.breakdown,
      at: assessmentMonthScores.lockedAt,
      byName: users.displayName,
    })
    .from(assessmentMonthScores)
    .innerJoin(units, eq(units.id, assessmentMonthScores.unitId))
    .innerJoin(users, eq(users.id, assessmentMonthScores.lockedBy))
    .where(eq(assessmentMonthScores.month, month))
    // Ties keep the order they were ranked in (the order of insertion).
    .orderBy(asc(assessmentMonthScores.rank), sql`${assessmentMonthScores}.rowid`)
    .all();
  if (rows.length === 0) return null;
  return {
    lock: { at: rows[0]!.at, byName: rows[0]!.byName },
    rows: rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, total: r.total, rank: r.rank, lists: JSON.parse(r.breakdown) as ListPart[] })),
  };
}

/** The frozen month seen through the lists in view: as stored when it covers them all, else recombined. */
function frozenInView(frozen: FrozenMonth, planIds: ReadonlySet<number>): MonthUnitScore[] {
  const all = frozen.rows.every((r) => r.lists.every((l) => planIds.has(l.planId)));
  if (all) return frozen.rows;
  const rows: Omit<MonthUnitScore, 'rank'>[] = [];
  for (const r of frozen.rows) {
    const lists = r.lists.filter((l) => planIds.has(l.planId));
    const total = combineListScores(lists);
    if (total !== null) rows.push({ unitId: r.unitId, unitName: r.unitName, total, lists });
  }
  return rankByTotal(rows);
}

/** The month's periods of every active list, and of the lists in view, with their locks. */
function monthState(db: AppDatabase, inView: readonly PlanSummary[], month: string) {
  const active = activePlans(db);
  const activePeriods = periodsOfMonth(
    db,
    active.map((p) => p.id),
    month,
  );
  const locks = locksOf(
    db,
    activePeriods.map((p) => p.id),
  );
  const allLocked = activePeriods.length > 0 && activePeriods.every((p) => locks.has(p.id));
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const viewPeriods = periodsOfMonth(
    db,
    inView.map((p) => p.id),
    month,
  );
  const viewLocks = locksOf(
    db,
    viewPeriods.map((p) => p.id),
  );
  return { active, activePeriods, locks, allLocked, planOf, viewPeriods, viewLocks };
}

/**
 * 月度考核 across the lists in view: each unit's score in each list (from that list's period of the
 * month), combined as the weighted mean over the lists in which it had something to score, by the
 * lists' weights. Once the month is locked (every active list's period of the month), the combined
 * scores are those frozen at locking. Units see every total but only their own breakdown.
 */
export function getMonthRanking(db: AppDatabase, actor: Actor, inView: readonly PlanSummary[], month: string, today: string): MonthRanking {
  assertCan(actor, 'assessment.read');
  const { activePeriods, locks, allLocked, planOf, viewPeriods, viewLocks } = monthState(db, inView, month);
  const viewWindows = windowOf(viewPeriods, db);
  const lists: MonthList[] = viewPeriods.map((period, i) => ({ plan: planOf.get(period.planId)!, period, locked: viewLocks.get(period.id) ?? null, window: viewWindows[i]! }));
  const window = spanOf(windowOf(activePeriods, db));
  // A locked month stays as it was frozen, whatever lists were archived or added since; only a view
  // narrowed to some of the lists (the list filter) recombines the frozen list scores for those.
  const frozen = frozenMonth(db, month);
  let scores: MonthUnitScore[];
  let locked: LockInfo | null = null;
  if (frozen) {
    const everyActive = activePlans(db).every((p) => planOf.has(p.id));
    scores = everyActive ? frozen.rows : frozenInView(frozen, new Set(planOf.keys()));
    locked = frozen.lock;
  } else {
    // Live (or, for a month locked before lists were combined, from each list's frozen scores).
    const weights = getAssessmentSettings(db).weights;
    scores = combine(lists.map((l) => ({ plan: l.plan, period: l.period, scores: listScores(db, l.period, l.locked, today, weights) })));
    if (allLocked) locked = [...locks.values()].sort((a, b) => b.at.getTime() - a.at.getTime())[0]!;
  }
  scores = scores.map((s) => (canSeeBreakdown(actor, s.unitId) ? s : { ...s, lists: [] }));
  return { month, lists, locked, window, scores };
}

export type UnitExplanation = { id: number; periodId: number; content: string; createdAt: Date; authorName: string };

/** One unit's month: its score with each list's components, and its explanations per list. */
export function getUnitBreakdown(db: AppDatabase, actor: Actor, inView: readonly PlanSummary[], month: string, unitId: number, today: string) {
  assertCan(actor, 'assessment.read');
  if (!canSeeBreakdown(actor, unitId)) throw new ForbiddenError('只能查看本单位的考核得分明细');
  const ranking = getMonthRanking(db, actor, inView, month, today);
  const score = ranking.scores.find((s) => s.unitId === unitId) ?? null;
  const periodIds = ranking.lists.map((l) => l.period.id);
  const explanations: UnitExplanation[] = periodIds.length
    ? db
        .select({
          id: assessmentExplanations.id,
          periodId: assessmentExplanations.periodId,
          content: assessmentExplanations.content,
          createdAt: assessmentExplanations.createdAt,
          authorName: users.displayName,
        })
        .from(assessmentExplanations)
        .innerJoin(users, eq(users.id, assessmentExplanations.authorId))
        .where(and(inArray(assessmentExplanations.periodId, periodIds), eq(assessmentExplanations.unitId, unitId)))
        .orderBy(asc(assessmentExplanations.createdAt), asc(assessmentExplanations.id))
        .all()
    : [];
  return { ...ranking, score, explanations, unitCount: ranking.scores.length };
}

export type AssessmentResult = { ok: true; message: string } | { ok: false; error: string };

/** 情况说明: a unit explains its score in one list, within the list's window and before it is locked. */
export function explainScore(db: AppDatabase, actor: Actor, raw: unknown, today: string, at: Date, meta: RequestMeta = NO_META): AssessmentResult {
  assertCan(actor, 'assessment.explain');
  const input = explanationSchema.parse(raw);
  const period = periodOf(db, input.periodId);
  if (db.select().from(assessmentLocks).where(eq(assessmentLocks.periodId, period.id)).get()) return { ok: false, error: '该月考核已锁定，不能再提交说明' };
  const w = explanationWindow(period, getAssessmentSettings(db).explanationWorkingDays, getWarningSettings(db).calendar);
  if (today < w.opens) return { ok: false, error: `说明期自 ${w.opens} 开始` };
  if (today > w.closes) return { ok: false, error: `说明期已于 ${w.closes} 结束` };
  db.transaction((tx) => {
    const id = tx
      .insert(assessmentExplanations)
      .values({ periodId: period.id, unitId: actor.unitId as number, content: input.content, authorId: actor.userId, createdAt: at })
      .returning({ id: assessmentExplanations.id })
      .get().id;
    writeAudit(tx, actor, { action: 'assessment.explain', entityType: 'assessment', entityId: id, unitId: actor.unitId, detail: { periodId: period.id } }, meta, at);
  }, { behavior: 'immediate' });
  return { ok: true, message: '情况说明已提交督查室' };
}

/**
 * 锁定 a month: after every active list's explanation window of the month has closed, the office
 * locks the month's period of each active list (freezing each list's scores, as before) and
 * freezes the combined scores and ranking with the list weights of the moment. Two supervisors
 * locking at once: the first lock stands, the second is told.
 */
export function lockMonth(db: AppDatabase, actor: Actor, month: string, today: string, at: Date, meta: RequestMeta = NO_META): AssessmentResult {
  assertCan(actor, 'assessment.lock');
  const parsedMonth = monthSchema.safeParse(month);
  if (!parsedMonth.success) return { ok: false, error: '月份不正确' };
  const active = activePlans(db);
  const { activePeriods, locks } = monthState(db, active, month);
  if (activePeriods.length === 0) return { ok: false, error: '该月没有调度周期' };
  if (frozenMonth(db, month)) return { ok: false, error: '该月考核已被锁定' };
  const { closes } = spanOf(windowOf(activePeriods, db));
  if (today <= closes) return { ok: false, error: `单位说明期至 ${closes}，期满后方可锁定` };
  const planOf = new Map(active.map((p) => [p.id, p]));
  const weights = getAssessmentSettings(db).weights;
  const perList = activePeriods.map((period) => ({
    plan: planOf.get(period.planId)!,
    period,
    scores: listScores(db, period, locks.get(period.id) ?? null, today, weights),
  }));
  const combined = combine(perList);
  return db.transaction(
    (tx): AssessmentResult => {
      // Someone else locked in between: their lock stands.
      const lockedNow = locksOf(
        tx,
        activePeriods.map((p) => p.id),
      );
      if (lockedNow.size !== locks.size) return { ok: false, error: '该月考核已被锁定' };
      for (const { period, scores } of perList) {
        if (locks.has(period.id)) continue;
        tx.insert(assessmentLocks).values({ periodId: period.id, lockedBy: actor.userId, lockedAt: at }).run();
        for (const s of scores) {
          tx.insert(assessmentScores).values({ periodId: period.id, unitId: s.unitId, total: s.total, rank: s.rank, breakdown: JSON.stringify(s.components) }).run();
        }
      }
      tx.delete(assessmentMonthScores).where(eq(assessmentMonthScores.month, month)).run();
      for (const s of combined) {
        tx.insert(assessmentMonthScores)
          .values({ month, unitId: s.unitId, total: s.total, rank: s.rank, breakdown: JSON.stringify(s.lists), lockedBy: actor.userId, lockedAt: at })
          .run();
      }
      writeAudit(
        tx,
        actor,
        {
          action: 'assessment.lock',
          entityType: 'month',
          detail: { month, periods: activePeriods.map((p) => p.id), lists: perList.map((l) => ({ planId: l.plan.id, weight: l.plan.weight })), units: combined.length },
        },
        meta,
        at,
      );
      return { ok: true, message: `已锁定，${combined.length} 个单位的得分和排名已固定` };
    },
    { behavior: 'immediate' },
  );
}

/**
 * Year to date: each unit's average of its monthly scores over the months (of the lists in view)
 * whose lead deadline has passed, in the year of the latest such month.
 */
export function getYearRanking(
  db: AppDatabase,
  actor: Actor,
  inView: readonly PlanSummary[],
  today: string,
): { year: number | null; months: string[]; scores: (MonthUnitScore & { perMonth: Record<string, number> })[] } {
  const all = assessmentMonths(db, actor, inView, today);
  const year = all.length ? all.at(-1)!.slice(0, 4) : null;
  const months = all.filter((m) => m.slice(0, 4) === year);
  const sums = new Map<number, { unitName: string; perMonth: Record<string, number> }>();
  for (const month of months) {
    for (const s of getMonthRanking(db, actor, inView, month, today).scores) {
      const entry = sums.get(s.unitId) ?? { unitName: s.unitName, perMonth: {} };
      entry.perMonth[month] = s.total;
      sums.set(s.unitId, entry);
    }
  }
  const rows = [...sums.entries()].map(([unitId, e]) => {
    const vals = Object.values(e.perMonth);
    return { unitId, unitName: e.unitName, perMonth: e.perMonth, total: Math.round((vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length)) * 10) / 10, lists: [] };
  });
  return { year: year === null ? null : Number(year), months, scores: rankByTotal(rows) };
}

// ---------------------------------------------------------------------------------------------
// 清单权重

export type ListWeightsResult = { ok: true; message: string; changed: number } | { ok: false; error: string };

/**
 * The weights of the active lists in the combined score (the office: 'plans.manage'). Every list
 * named must be active; audited, in one transaction. Locked months keep the weights they were
 * locked with.
 */
export function updateListWeights(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): ListWeightsResult {
  assertCan(actor, 'plans.manage');
  const input = listWeightsSchema.parse(raw);
  return db.transaction(
    (tx): ListWeightsResult => {
      const active = new Map(activePlans(tx).map((p) => [p.id, p]));
      const missing = input.weights.find((w) => !active.has(w.planId));
      if (missing) return { ok: false, error: '只能调整进行中的任务清单的权重' };
      const changes = input.weights
        .map((w) => ({ plan: active.get(w.planId)!, to: w.weight }))
        .filter((c) => c.plan.weight !== c.to);
      if (changes.length === 0) return { ok: true, message: '清单权重没有变化', changed: 0 };
      for (const c of changes) tx.update(plans).set({ weight: c.to }).where(eq(plans.id, c.plan.id)).run();
      writeAudit(
        tx,
        actor,
        {
          action: 'assessment.list_weights',
          entityType: 'plan',
          detail: { changes: changes.map((c) => ({ planId: c.plan.id, code: c.plan.code, name: planShortName(c.plan), from: c.plan.weight, to: c.to })) },
        },
        meta,
        at,
      );
      return { ok: true, message: '清单权重已保存', changed: changes.length };
    },
    { behavior: 'immediate' },
  );
}
