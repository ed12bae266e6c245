/**
 * 锁定: freezing a month's scores once every active list's explanation window of the month has
 * closed. Later edits of the data, the weights or the lists do not move a locked month. Each
 * district locks its own month: a month locked in one district is still open in another.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { assessmentLocks, assessmentMonthScores, assessmentScores, units } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import type { PlanSummary } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import { getAssessmentSettings } from './assessment-settings';
import { activeListsOf } from './district';
import { spanOf, windowsOf } from './explanations';
import { combine, frozenMonth, listScores, locksOf, monthState } from './list-scores';

/**
 * 锁定 a month (YYYY-MM, as parsed by monthSchema): after every active list's explanation window of
 * the month has closed, the office locks the month's period of each active list (freezing each
 * list's scores, as before) and freezes the combined scores and ranking with the list weights of
 * the moment. Two supervisors locking at once: the first lock stands, the second is told.
 */
export async function lockMonth(ctx: ServiceContext, month: string): Promise<Result> {
  const { db, actor, today } = ctx;
  assertCan(actor, 'assessment.lock');
  const districtId = ownDistrictId(actor);
  // The district's active lists only: their periods, windows, weights and units.
  const active = await activeListsOf(db, districtId);
  const { activePeriods, locks } = await monthState(db, districtId, active, month);
  if (activePeriods.length === 0) return fail('该月没有调度周期');
  if (await frozenMonth(db, districtId, month)) return fail('该月考核已被锁定');
  const { closes } = spanOf(await windowsOf(db, districtId, activePeriods));
  if (today <= closes) return fail(`单位说明期至 ${closes}，期满后方可锁定`);
  const planOf = new Map(active.map((p) => [p.id, p]));
  const weights = (await getAssessmentSettings(db, districtId)).weights;
  const perList: (Parameters<typeof combine>[0][number] & { plan: PlanSummary })[] = [];
  for (const period of activePeriods) {
    perList.push({ plan: planOf.get(period.planId)!, period, scores: await listScores(db, period, locks.get(period.id) ?? null, today, weights) });
  }
  const combined = combine(perList);
  return transaction(db, async (tx): Promise<Result> => {
    // Someone else locked in between: their lock stands (refused before anything is written).
    const lockedNow = await locksOf(
      tx,
      activePeriods.map((p) => p.id),
    );
    if (lockedNow.size !== locks.size) return fail('该月考核已被锁定');
    for (const { period, scores } of perList) {
      if (locks.has(period.id)) continue;
      await tx.insert(assessmentLocks).values({ periodId: period.id, lockedBy: actor.userId, lockedAt: ctx.now });
      for (const [position, s] of scores.entries()) {
        await tx.insert(assessmentScores).values({ periodId: period.id, unitId: s.unitId, total: s.total, rank: s.rank, position, breakdown: JSON.stringify(s.components) });
      }
    }
    // Only this district's rows of the month: another district's frozen month stays.
    await tx
      .delete(assessmentMonthScores)
      .where(and(eq(assessmentMonthScores.month, month), inArray(assessmentMonthScores.unitId, tx.select({ id: units.id }).from(units).where(eq(units.districtId, districtId)))));
    for (const [position, s] of combined.entries()) {
      await tx
        .insert(assessmentMonthScores)
        .values({ month, unitId: s.unitId, total: s.total, rank: s.rank, position, breakdown: JSON.stringify(s.lists), lockedBy: actor.userId, lockedAt: ctx.now });
    }
    await writeAudit(
      tx,
      actor,
      {
        action: 'assessment.lock',
        entityType: 'month',
        detail: { month, periods: activePeriods.map((p) => p.id), lists: perList.map((l) => ({ planId: l.plan.id, weight: l.plan.weight })), units: combined.length },
      },
      ctx.meta,
      ctx.now,
    );
    return ok({ message: `已锁定，${combined.length} 个单位的得分和排名已固定` });
  });
}
