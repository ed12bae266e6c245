/**
 * 考核 rankings as the pages show them: one list's period, a month across the lists in view, one
 * unit's month with its explanations, and the year to date. Units see every total but only their
 * own breakdown. Each district is ranked on its own (lib/assessment/district.ts): the city office
 * reads one district's ranking at a time, or each district's side by side (getDistrictRankings).
 */
import type { ReportingPeriod } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import { districtScopeOf } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import type { ServiceContext } from '@/lib/context';
import type { PlanSummary } from '@/lib/plans/plan-scope';
import { listPeriodsOfPlans } from '@/lib/reporting/period-service';
import { getAssessmentSettings } from './assessment-settings';
import { activeListsOf, districtsInScope, listsOfOneDistrict } from './district';
import { explanationsOf, spanOf, windowsOf, type ExplanationWindow, type UnitExplanation } from './explanations';
import { canSeeBreakdown, combine, frozenInView, frozenMonth, listScores, locksOf, monthState, periodOf, type LockInfo, type MonthUnitScore, type UnitScore } from './list-scores';
import { rankByTotal } from './score';

export type { ListPart, LockInfo, MonthUnitScore, UnitScore } from './list-scores';
export type { UnitExplanation } from './explanations';

export type PeriodRanking = {
  period: ReportingPeriod;
  locked: LockInfo | null;
  window: ExplanationWindow;
  scores: UnitScore[];
};

/**
 * One list's ranking for one of its periods: the frozen scores once the period is locked (later
 * edits of the data do not move it), otherwise computed now. Units see the ranking but only their
 * own breakdown.
 */
export async function getPeriodRanking(ctx: ServiceContext, periodId: number): Promise<PeriodRanking> {
  const { db, actor } = ctx;
  assertCan(actor, 'assessment.read');
  // The period's district: its units are the ones ranked, with its weights and calendar.
  const { districtId, ...period } = await periodOf(db, districtScopeOf(actor), periodId);
  const [window] = await windowsOf(db, districtId, [period]);
  const lock = (await locksOf(db, [period.id])).get(period.id) ?? null;
  const weights = (await getAssessmentSettings(db, districtId)).weights;
  const scores = (await listScores(db, period, lock, ctx.today, weights)).map((s) => (canSeeBreakdown(actor, s.unitId) ? s : { ...s, components: [] }));
  return { period, locked: lock, window: window!, scores };
}

// ---------------------------------------------------------------------------------------------
// A month across lists: 综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重

export type MonthList = {
  plan: PlanSummary;
  period: ReportingPeriod;
  locked: LockInfo | null;
  /** The list's explanation window of the month. */
  window: ExplanationWindow;
};
export type MonthRanking = {
  month: string;
  /** The lists in view that have a period in this month (quarterly lists only in Mar/Jun/Sep/Dec). */
  lists: MonthList[];
  /** Locked when every active list's period of the month is locked; the scores are frozen then. */
  locked: LockInfo | null;
  /** From the first list's window opening to the last one's closing (active lists of the month). */
  window: ExplanationWindow;
  scores: MonthUnitScore[];
};

/** The months that can be judged: months of the lists' periods whose lead deadline has passed. */
export async function assessmentMonths(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<string[]> {
  assertCan(ctx.actor, 'assessment.read');
  const { lists } = await listsOfOneDistrict(ctx.db, ctx.actor, inView);
  const periods = await listPeriodsOfPlans(
    ctx.db,
    lists.map((p) => p.id),
  );
  const months = periods.filter((p) => p.leadDeadline < ctx.today).map((p) => p.month);
  return [...new Set(months)].sort();
}

/**
 * 月度考核 across the lists in view: each unit's score in each list (from that list's period of the
 * month), combined as the weighted mean over the lists in which it had something to score, by the
 * lists' weights. Once the month is locked (every active list's period of the month), the combined
 * scores are those frozen at locking. Units see every total but only their own breakdown.
 */
export async function getMonthRanking(ctx: ServiceContext, inView: readonly PlanSummary[], month: string): Promise<MonthRanking> {
  assertCan(ctx.actor, 'assessment.read');
  // One district's lists: the city office's view never mixes districts into one ranking.
  const { districtId, lists } = await listsOfOneDistrict(ctx.db, ctx.actor, inView);
  if (districtId === null) return { month, lists: [], locked: null, window: spanOf([]), scores: [] };
  return monthRankingIn(ctx, districtId, lists, month);
}

/** The month's ranking of one district's units over its lists in view (checked to be of that district). */
async function monthRankingIn(ctx: ServiceContext, districtId: number, inView: readonly PlanSummary[], month: string): Promise<MonthRanking> {
  const { db, actor } = ctx;
  const { active, activePeriods, locks, allLocked, planOf, viewPeriods, viewLocks } = await monthState(db, districtId, inView, month);
  const viewWindows = await windowsOf(db, districtId, viewPeriods);
  const lists: MonthList[] = viewPeriods.map((period, i) => ({ plan: planOf.get(period.planId)!, period, locked: viewLocks.get(period.id) ?? null, window: viewWindows[i]! }));
  const window = spanOf(await windowsOf(db, districtId, activePeriods));
  // A locked month stays as it was frozen, whatever lists were archived or added since; only a view
  // narrowed to some of the lists (the list filter) recombines the frozen list scores for those.
  const frozen = await frozenMonth(db, districtId, month);
  let scores: MonthUnitScore[];
  let locked: LockInfo | null = null;
  if (frozen) {
    const everyActive = active.every((p) => planOf.has(p.id));
    scores = everyActive ? frozen.rows : frozenInView(frozen, new Set(planOf.keys()));
    locked = frozen.lock;
  } else {
    // Live (or, for a month locked before lists were combined, from each list's frozen scores).
    const weights = (await getAssessmentSettings(db, districtId)).weights;
    const perList: Parameters<typeof combine>[0] = [];
    for (const l of lists) perList.push({ plan: l.plan, period: l.period, scores: await listScores(db, l.period, l.locked, ctx.today, weights) });
    scores = combine(perList);
    if (allLocked) locked = [...locks.values()].sort((a, b) => b.at.getTime() - a.at.getTime())[0]!;
  }
  scores = scores.map((s) => (canSeeBreakdown(actor, s.unitId) ? s : { ...s, lists: [] }));
  return { month, lists, locked, window, scores };
}

/** One unit's month: its score with each list's components, and its explanations per list. */
export async function getUnitBreakdown(
  ctx: ServiceContext,
  inView: readonly PlanSummary[],
  month: string,
  unitId: number,
): Promise<MonthRanking & { score: MonthUnitScore | null; explanations: UnitExplanation[]; unitCount: number }> {
  assertCan(ctx.actor, 'assessment.read');
  if (!canSeeBreakdown(ctx.actor, unitId)) throw new ForbiddenError('只能查看本单位的考核得分明细');
  const ranking = await getMonthRanking(ctx, inView, month);
  const score = ranking.scores.find((s) => s.unitId === unitId) ?? null;
  const explanations = await explanationsOf(
    ctx.db,
    ranking.lists.map((l) => l.period.id),
    unitId,
  );
  return { ...ranking, score, explanations, unitCount: ranking.scores.length };
}

export type DistrictRanking = { districtId: number; districtName: string; ranking: MonthRanking };

/**
 * Each district's ranking of a month over its active lists, side by side (the city office reads
 * every district; a district's account its own). Units are ranked within their district only.
 */
export async function getDistrictRankings(ctx: ServiceContext, month: string): Promise<DistrictRanking[]> {
  assertCan(ctx.actor, 'assessment.read');
  const out: DistrictRanking[] = [];
  for (const d of await districtsInScope(ctx.db, ctx.actor)) {
    out.push({ districtId: d.id, districtName: d.name, ranking: await monthRankingIn(ctx, d.id, await activeListsOf(ctx.db, d.id), month) });
  }
  return out;
}

export type YearRanking = { year: number | null; months: string[]; scores: (MonthUnitScore & { perMonth: Record<string, number> })[] };

/**
 * Year to date: each unit's average of its monthly scores over the months (of the lists in view)
 * whose lead deadline has passed, in the year of the latest such month.
 */
export async function getYearRanking(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<YearRanking> {
  const all = await assessmentMonths(ctx, inView);
  const year = all.length ? all.at(-1)!.slice(0, 4) : null;
  const months = all.filter((m) => m.slice(0, 4) === year);
  const sums = new Map<number, { unitName: string; perMonth: Record<string, number> }>();
  for (const month of months) {
    for (const s of (await getMonthRanking(ctx, inView, month)).scores) {
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
