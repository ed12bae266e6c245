/**
 * 情况说明: a unit explains its score in one list, within the list's explanation window (from the
 * day after the lead deadline, for N working days) and before the period is locked.
 */
import { and, asc, count, eq, gt, inArray, lte } from 'drizzle-orm';
import { assessmentExplanations, assessmentLocks, users, type ReportingPeriod } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import { ownUnitId } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { fail, ok, type Result } from '@/lib/result';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { addWorkingDays, type WorkCalendar } from '@/lib/warnings/working-days';
import { getAssessmentSettings } from './assessment-settings';
import { periodOf } from './list-scores';
import type { ExplanationInput } from './schemas';

export type ExplanationWindow = { opens: string; closes: string };

/** The explanation window: from the day after the lead deadline for N working days. */
export function explanationWindow(period: ReportingPeriod, workingDays: number, calendar: WorkCalendar): ExplanationWindow {
  return { opens: addWorkingDays(period.leadDeadline, 1, calendar), closes: addWorkingDays(period.leadDeadline, workingDays, calendar) };
}

/** The explanation windows of several periods of a district, in their order, with its current settings. */
export async function windowsOf(db: Reader, districtId: number, periods: readonly ReportingPeriod[]): Promise<ExplanationWindow[]> {
  const days = (await getAssessmentSettings(db, districtId)).explanationWorkingDays;
  const calendar = (await getWarningSettings(db, districtId)).calendar;
  return periods.map((p) => explanationWindow(p, days, calendar));
}

/** From the first window's opening to the last one's closing; empty without windows. */
export function spanOf(windows: readonly ExplanationWindow[]): ExplanationWindow {
  if (windows.length === 0) return { opens: '', closes: '' };
  return { opens: windows.map((w) => w.opens).sort()[0]!, closes: windows.map((w) => w.closes).sort().at(-1)! };
}

export type UnitExplanation = { id: number; periodId: number; content: string; createdAt: Date; authorName: string };

/** A unit's explanations of the given periods (of the reader's district), oldest first. */
export async function explanationsOf(db: Reader, periodIds: number[], unitId: number): Promise<UnitExplanation[]> {
  if (periodIds.length === 0) return [];
  return db
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
    .orderBy(asc(assessmentExplanations.createdAt), asc(assessmentExplanations.id));
}

/** At most this many explanations per person in any hour: each one is a new row for the office to read. */
export const MAX_EXPLANATIONS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/** 情况说明: a unit explains its score in one list, within the list's window and before it is locked. */
export async function explainScore(ctx: ServiceContext, input: ExplanationInput): Promise<Result> {
  const { actor, db, today } = ctx;
  assertCan(actor, 'assessment.explain');
  const unitId = ownUnitId(actor);
  const districtId = ownDistrictId(actor);
  // Another district's period is not found, like a missing one.
  const period = await periodOf(db, { kind: 'district', districtId }, input.periodId);
  const [locked] = await db.select().from(assessmentLocks).where(eq(assessmentLocks.periodId, period.id)).limit(1);
  if (locked) return fail('该月考核已锁定，不能再提交说明');
  const w = explanationWindow(period, (await getAssessmentSettings(db, districtId)).explanationWorkingDays, (await getWarningSettings(db, districtId)).calendar);
  if (today < w.opens) return fail(`说明期自 ${w.opens} 开始`);
  if (today > w.closes) return fail(`说明期已于 ${w.closes} 结束`);
  return transaction(db, async (tx): Promise<Result> => {
    // Counted under the write lock: parallel requests cannot all pass the same count.
    const [recent] = await tx
      .select({ n: count() })
      .from(assessmentExplanations)
      .where(and(eq(assessmentExplanations.authorId, actor.userId), gt(assessmentExplanations.createdAt, new Date(ctx.now.getTime() - HOUR_MS)), lte(assessmentExplanations.createdAt, ctx.now)));
    if ((recent?.n ?? 0) >= MAX_EXPLANATIONS_PER_HOUR) return fail(`提交过于频繁：每人每小时最多提交 ${MAX_EXPLANATIONS_PER_HOUR} 份情况说明，请稍后再试`);
    const [row] = await tx
      .insert(assessmentExplanations)
      .values({ periodId: period.id, unitId, content: input.content, authorId: actor.userId, createdAt: ctx.now })
      .returning({ id: assessmentExplanations.id });
    await writeAudit(tx, actor, { action: 'assessment.explain', entityType: 'assessment', entityId: row!.id, unitId, detail: { periodId: period.id } }, ctx.meta, ctx.now);
    return ok({ message: '情况说明已提交督查室' });
  });
}
