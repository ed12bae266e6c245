/**
 * The scores the rankings and the lock are built from: one list's scores for one period (computed
 * now, or frozen once the period is locked), the locks, and a month's scores across lists
 * (综合得分 = Σ(清单权重 × 清单得分) ÷ Σ清单权重), live or as frozen when the month was locked.
 */
import { and, asc, eq, getTableColumns, inArray } from 'drizzle-orm';
import { assessmentLocks, assessmentMonthScores, assessmentScores, plans, reportingPeriods, units, users, type ReportingPeriod } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import type { Reader } from '@/lib/db';
import { inDistrict, type DistrictScope } from '@/lib/districts/district-scope';
import { NotFoundError } from '@/lib/errors';
import { planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { periodsOfMonth } from '@/lib/reporting/period-service';
import { activeListsOf } from './district';
import type { AssessmentSettings } from './schemas';
import { combineListScores, hasScore, rankByTotal, scoreUnit, type ScoreComponent } from './score';
import { collectFacts } from './unit-facts';

export type UnitScore = { unitId: number; unitName: string; total: number; rank: number; components: ScoreComponent[] };
export type LockInfo = { at: Date; byName: string };


/** A period by id with its list's district; another district's period is not found, like a missing one. */
export async function periodOf(db: Reader, scope: DistrictScope, periodId: number): Promise<ReportingPeriod & { districtId: number }> {
  const [p] = await db
    .select({ ...getTableColumns(reportingPeriods), districtId: plans.districtId })
    .from(reportingPeriods)
    .innerJoin(plans, eq(plans.id, reportingPeriods.planId))
    .where(and(eq(reportingPeriods.id, periodId), inDistrict(plans.districtId, scope)))
    .limit(1);
  if (!p) throw new NotFoundError('找不到该调度周期');
  return p;
}

/** The locks of the given periods, by period id. */
export async function locksOf(db: Reader, periodIds: number[]): Promise<Map<number, LockInfo>> {
  if (periodIds.length === 0) return new Map();
  const rows = await db
    .select({ periodId: assessmentLocks.periodId, at: assessmentLocks.lockedAt, byName: users.displayName })
    .from(assessmentLocks)
    .innerJoin(users, eq(users.id, assessmentLocks.lockedBy))
    .where(inArray(assessmentLocks.periodId, periodIds));
  return new Map(rows.map(({ periodId, ...lock }) => [periodId, lock]));
}

/** Scored with the weights of the period's district (its units are the ones ranked). */
async function liveScores(db: Reader, period: ReportingPeriod, today: string, weights: AssessmentSettings['weights']): Promise<UnitScore[]> {
  const rows = (await collectFacts(db, period, today)).map((f) => {
    const r = scoreUnit(f, weights);
    return { unitId: f.unitId, unitName: f.unitName, total: r.total, components: r.components };
  });
  return rankByTotal(rows);
}

async function frozenScores(db: Reader, periodId: number): Promise<UnitScore[]> {
  const rows = await db
    .select({ unitId: assessmentScores.unitId, unitName: units.name, total: assessmentScores.total, rank: assessmentScores.rank, breakdown: assessmentScores.breakdown })
    .from(assessmentScores)
    .innerJoin(units, eq(units.id, assessmentScores.unitId))
    .where(eq(assessmentScores.periodId, periodId))
    .orderBy(asc(assessmentScores.rank), asc(assessmentScores.position));
  return rows.map(({ breakdown, ...s }) => ({ ...s, components: JSON.parse(breakdown) as ScoreComponent[] }));
}

/** A list's scores for one period: frozen once the period is locked, computed now otherwise. */
export async function listScores(db: Reader, period: ReportingPeriod, lock: LockInfo | null, today: string, weights: AssessmentSettings['weights']): Promise<UnitScore[]> {
  return lock ? frozenScores(db, period.id) : liveScores(db, period, today, weights);
}

/** Breakdowns of other units stay with the oversight roles. */
export function canSeeBreakdown(actor: Actor, unitId: number): boolean {
  return seesAllUnits(actor) || actor.unitId === unitId;
}

// ---------------------------------------------------------------------------------------------
// A month across lists

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

/** Each unit's parts, combined and ranked. Units with no list that counts are left out. */
export function combine(perList: { plan: Pick<PlanSummary, 'id' | 'shortName' | 'kind' | 'weight'>; period: ReportingPeriod; scores: UnitScore[] }[]): MonthUnitScore[] {
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

export type FrozenMonth = { lock: LockInfo; rows: MonthUnitScore[] };

/**
 * The combined scores of a district's locked month as frozen at locking, or null if the month is
 * not locked there (each district locks its months itself: its units' rows are its lock).
 */
export async function frozenMonth(db: Reader, districtId: number, month: string): Promise<FrozenMonth | null> {
  const rows = await db
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
    .where(and(eq(assessmentMonthScores.month, month), eq(units.districtId, districtId)))
    // Ties keep the order they were ranked in (the order of insertion).
    .orderBy(asc(assessmentMonthScores.rank), asc(assessmentMonthScores.position));
  if (rows.length === 0) return null;
  return {
    lock: { at: rows[0]!.at, byName: rows[0]!.byName },
    rows: rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, total: r.total, rank: r.rank, lists: JSON.parse(r.breakdown) as ListPart[] })),
  };
}

/** The frozen month seen through the lists in view: as stored when it covers them all, else recombined. */
export function frozenInView(frozen: FrozenMonth, planIds: ReadonlySet<number>): MonthUnitScore[] {
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

/** The month's periods of some lists, with their locks. */
async function periodsWithLocks(db: Reader, lists: readonly PlanSummary[], month: string) {
  const periods = await periodsOfMonth(
    db,
    lists.map((p) => p.id),
    month,
  );
  return { periods, locks: await locksOf(db, periods.map((p) => p.id)) };
}

/** The month's periods of every active list of the district, and of the lists in view (of that district), with their locks. */
export async function monthState(db: Reader, districtId: number, inView: readonly PlanSummary[], month: string) {
  const active = await activeListsOf(db, districtId);
  const { periods: activePeriods, locks } = await periodsWithLocks(db, active, month);
  const allLocked = activePeriods.length > 0 && activePeriods.every((p) => locks.has(p.id));
  const planOf = new Map(inView.map((p) => [p.id, p]));
  const { periods: viewPeriods, locks: viewLocks } = await periodsWithLocks(db, inView, month);
  return { active, activePeriods, locks, allLocked, planOf, viewPeriods, viewLocks };
}
