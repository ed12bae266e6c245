import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import {
  assessmentExplanations,
  assessmentLocks,
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
import { deadlineEnd, isOnTime, monthDate } from '@/lib/reporting/calendar';
import { yearElapsedShare } from '@/lib/warnings/rules';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { computeSignals } from '@/lib/warnings/signal-service';
import { addWorkingDays, type WorkCalendar } from '@/lib/warnings/working-days';
import { assessmentSettingsSchema, explanationSchema, type AssessmentSettings } from './schemas';
import { DEFAULT_SCORE_WEIGHTS, rankByTotal, scoreUnit, type ScoreComponent, type UnitPeriodFacts } from './score';
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

/** Every unit link of a plan's tasks, with the unit's name. */
export function planUnitLinks(db: Pick<AppDatabase, 'select'>, planId: number) {
  return db
    .select({ taskId: taskUnits.taskId, unitId: taskUnits.unitId, role: taskUnits.role, unitName: units.name })
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
  /** 按时报送: the unit's links due this period, and how many were first submitted by their deadline. */
  const submissions = (unitLinks: typeof links, unitId: number) => {
    const led = unitLinks.filter((l) => l.role === 'lead');
    const joined = unitLinks.filter((l) => l.role === 'participating');
    let onTime = 0;
    for (const l of led) {
      const r = reportAt.get(`${l.taskId}:${unitId}`);
      const at = r ? firstSubmittedAt('report', r) : null;
      if (at && isOnTime(at, period.leadDeadline)) onTime += 1;
    }
    for (const l of joined) {
      const c = partAt.get(`${l.taskId}:${unitId}`);
      const at = c ? firstSubmittedAt('contribution', c) : null;
      if (at && isOnTime(at, period.contributionDeadline)) onTime += 1;
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
  const notices = db
    .select({ unitId: noticeTargets.unitId, dueDate: supervisionNotices.dueDate, respondedAt: noticeTargets.respondedAt })
    .from(noticeTargets)
    .innerJoin(supervisionNotices, eq(supervisionNotices.id, noticeTargets.noticeId))
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

export type UnitScore = { unitId: number; unitName: string; total: number; rank: number; components: ScoreComponent[] };
export type PeriodRanking = {
  period: ReportingPeriod;
  locked: { at: Date; byName: string } | null;
  window: { opens: string; closes: string };
  scores: UnitScore[];
};

function liveScores(db: AppDatabase, period: ReportingPeriod, today: string): UnitScore[] {
  const { weights } = getAssessmentSettings(db);
  const rows = collectFacts(db, period, today).map((f) => {
    const r = scoreUnit(f, weights);
    return { unitId: f.unitId, unitName: f.unitName, total: r.total, components: r.components };
  });
  return rankByTotal(rows);
}

function periodOf(db: AppDatabase, periodId: number): ReportingPeriod {
  const p = db.select().from(reportingPeriods).where(eq(reportingPeriods.id, periodId)).get();
  if (!p) throw new Error('找不到该调度周期');
  return p;
}

/**
 * The ranking of a period: the frozen scores once the period is locked (later edits of the data
 * do not move it), otherwise computed now. Units see the ranking but only their own breakdown.
 */
export function getPeriodRanking(db: AppDatabase, actor: Actor, periodId: number, today: string): PeriodRanking {
  assertCan(actor, 'assessment.read');
  const period = periodOf(db, periodId);
  const settingsNow = getAssessmentSettings(db);
  const window = explanationWindow(period, settingsNow.explanationWorkingDays, getWarningSettings(db).calendar);
  const lock = db
    .select({ at: assessmentLocks.lockedAt, byName: users.displayName })
    .from(assessmentLocks)
    .innerJoin(users, eq(users.id, assessmentLocks.lockedBy))
    .where(eq(assessmentLocks.periodId, periodId))
    .get();
  let scores: UnitScore[];
  if (lock) {
    scores = db
      .select({ unitId: assessmentScores.unitId, unitName: units.name, total: assessmentScores.total, rank: assessmentScores.rank, breakdown: assessmentScores.breakdown })
      .from(assessmentScores)
      .innerJoin(units, eq(units.id, assessmentScores.unitId))
      .where(eq(assessmentScores.periodId, periodId))
      .orderBy(asc(assessmentScores.rank))
      .all()
      .map(({ breakdown, ...s }) => ({ ...s, components: JSON.parse(breakdown) as ScoreComponent[] }));
  } else {
    scores = liveScores(db, period, today);
  }
  // Breakdowns of other units stay with the oversight roles.
  if (!can(actor, 'reports.readAll')) {
    scores = scores.map((s) => (s.unitId === actor.unitId ? s : { ...s, components: [] }));
  }
  return { period, locked: lock ?? null, window, scores };
}

/** One unit's breakdown; unit staff may only ask for their own unit (the id is checked, not trusted). */
export function getUnitBreakdown(db: AppDatabase, actor: Actor, periodId: number, unitId: number, today: string) {
  assertCan(actor, 'assessment.read');
  if (!can(actor, 'reports.readAll') && actor.unitId !== unitId) throw new ForbiddenError('只能查看本单位的考核得分明细');
  const ranking = getPeriodRanking(db, actor, periodId, today);
  const score = ranking.scores.find((s) => s.unitId === unitId) ?? null;
  const explanations = db
    .select({ id: assessmentExplanations.id, content: assessmentExplanations.content, createdAt: assessmentExplanations.createdAt, authorName: users.displayName })
    .from(assessmentExplanations)
    .innerJoin(users, eq(users.id, assessmentExplanations.authorId))
    .where(and(eq(assessmentExplanations.periodId, periodId), eq(assessmentExplanations.unitId, unitId)))
    .orderBy(asc(assessmentExplanations.createdAt))
    .all();
  return { ...ranking, score, explanations, unitCount: ranking.scores.length };
}

export type AssessmentResult = { ok: true; message: string } | { ok: false; error: string };

/** 情况说明: a unit explains its score, within the window and before the period is locked. */
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
 * 锁定: after the explanation window the office freezes the period's scores and ranking. Two
 * supervisors locking at once: the first lock stands, the second is told.
 */
export function lockPeriod(db: AppDatabase, actor: Actor, periodId: number, today: string, at: Date, meta: RequestMeta = NO_META): AssessmentResult {
  assertCan(actor, 'assessment.lock');
  const period = periodOf(db, periodId);
  const w = explanationWindow(period, getAssessmentSettings(db).explanationWorkingDays, getWarningSettings(db).calendar);
  if (today <= w.closes) return { ok: false, error: `单位说明期至 ${w.closes}，期满后方可锁定` };
  const scores = liveScores(db, period, today);
  return db.transaction(
    (tx): AssessmentResult => {
      const r = tx.insert(assessmentLocks).values({ periodId, lockedBy: actor.userId, lockedAt: at }).onConflictDoNothing().run();
      if (r.changes === 0) return { ok: false, error: '该月考核已被锁定' };
      for (const s of scores) {
        tx.insert(assessmentScores).values({ periodId, unitId: s.unitId, total: s.total, rank: s.rank, breakdown: JSON.stringify(s.components) }).run();
      }
      writeAudit(tx, actor, { action: 'assessment.lock', entityType: 'period', entityId: periodId, detail: { units: scores.length } }, meta, at);
      return { ok: true, message: `已锁定，${scores.length} 个单位的得分和排名已固定` };
    },
    { behavior: 'immediate' },
  );
}

/** Year to date: each unit's average over the periods whose lead deadline has passed. */
export function getYearRanking(db: AppDatabase, actor: Actor, planId: number, today: string): { months: string[]; scores: (UnitScore & { perMonth: Record<string, number> })[] } {
  assertCan(actor, 'assessment.read');
  const periods = db
    .select()
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(asc(reportingPeriods.month))
    .all()
    .filter((p) => p.leadDeadline < today);
  const sums = new Map<number, { unitName: string; perMonth: Record<string, number> }>();
  for (const p of periods) {
    for (const s of getPeriodRanking(db, actor, p.id, today).scores) {
      const entry = sums.get(s.unitId) ?? { unitName: s.unitName, perMonth: {} };
      entry.perMonth[p.month] = s.total;
      sums.set(s.unitId, entry);
    }
  }
  const rows = [...sums.entries()].map(([unitId, e]) => {
    const vals = Object.values(e.perMonth);
    return { unitId, unitName: e.unitName, perMonth: e.perMonth, total: Math.round((vals.reduce((a, b) => a + b, 0) / Math.max(1, vals.length)) * 10) / 10, components: [] };
  });
  return { months: periods.map((p) => p.month), scores: rankByTotal(rows) };
}
