/**
 * What the scores are weighed with: the admin's score weights and explanation window (a district's
 * own, in `district_settings`), and the office's 清单权重 (each active list's weight in the combined
 * score).
 */
import { and, eq } from 'drizzle-orm';
import { districtSettings, plans } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import { activeListsOf, listsOfOneDistrict, viewDistrictId } from './district';
import { assessmentSettingsSchema, type AssessmentSettings, type ListWeightsInput } from './schemas';
import { DEFAULT_SCORE_WEIGHTS } from './score';

const SETTINGS_KEY = 'assessment';
export const DEFAULT_ASSESSMENT_SETTINGS: AssessmentSettings = { weights: { ...DEFAULT_SCORE_WEIGHTS }, explanationWorkingDays: 5 };

/** A district's weights and window (the defaults until its admin saves them). */
export async function getAssessmentSettings(db: Reader, districtId: number): Promise<AssessmentSettings> {
  const [row] = await db
    .select()
    .from(districtSettings)
    .where(and(eq(districtSettings.districtId, districtId), eq(districtSettings.key, SETTINGS_KEY)))
    .limit(1);
  if (!row) return DEFAULT_ASSESSMENT_SETTINGS;
  const parsed = assessmentSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_ASSESSMENT_SETTINGS;
}

/**
 * The settings a page shows: the actor's district's; the city office names the district it looks
 * at (another district's id for a district account: not found).
 */
export async function assessmentSettingsOf(ctx: Pick<ServiceContext, 'db' | 'actor'>, districtId?: number): Promise<AssessmentSettings> {
  return getAssessmentSettings(ctx.db, viewDistrictId(ctx.actor, districtId));
}

/** The settings the rankings of the lists in view are weighed with (their district's; the defaults when none is in view). */
export async function assessmentSettingsInView(ctx: Pick<ServiceContext, 'db' | 'actor'>, inView: readonly PlanSummary[]): Promise<AssessmentSettings> {
  const { districtId } = await listsOfOneDistrict(ctx.db, ctx.actor, inView);
  return districtId === null ? DEFAULT_ASSESSMENT_SETTINGS : getAssessmentSettings(ctx.db, districtId);
}

/** The admin's score weights and explanation window; audited, in one transaction. */
export async function updateAssessmentSettings(ctx: ServiceContext, input: AssessmentSettings): Promise<Result<{ settings: AssessmentSettings }>> {
  assertCan(ctx.actor, 'settings.manage');
  const districtId = ownDistrictId(ctx.actor);
  await transaction(ctx.db, async (tx) => {
    await tx
      .insert(districtSettings)
      .values({ districtId, key: SETTINGS_KEY, value: JSON.stringify(input), updatedAt: ctx.now })
      .onConflictDoUpdate({ target: [districtSettings.districtId, districtSettings.key], set: { value: JSON.stringify(input), updatedAt: ctx.now } });
    await writeAudit(tx, ctx.actor, { action: 'assessment.settings', entityType: 'settings', detail: input }, ctx.meta, ctx.now);
  });
  return ok({ settings: input, message: '考核权重已保存' });
}

// ---------------------------------------------------------------------------------------------
// 清单权重

/**
 * The weights of the active lists in the combined score (the office: 'plans.manage'). Every list
 * named must be active; audited, in one transaction. Locked months keep the weights they were
 * locked with.
 */
export async function updateListWeights(ctx: ServiceContext, input: ListWeightsInput): Promise<Result<{ changed: number }>> {
  assertCan(ctx.actor, 'plans.manage');
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx): Promise<Result<{ changed: number }>> => {
    // The district's own active lists: another district's list is refused like a missing one.
    const active = new Map((await activeListsOf(tx, districtId)).map((p) => [p.id, p]));
    // Refused before anything is written.
    const missing = input.weights.find((w) => !active.has(w.planId));
    if (missing) return fail('只能调整进行中的任务清单的权重');
    const changes = input.weights.map((w) => ({ plan: active.get(w.planId)!, to: w.weight })).filter((c) => c.plan.weight !== c.to);
    if (changes.length === 0) return ok({ changed: 0, message: '清单权重没有变化' });
    for (const c of changes) await tx
        .update(plans)
        .set({ weight: c.to })
        .where(and(eq(plans.id, c.plan.id), eq(plans.districtId, districtId)));
    await writeAudit(
      tx,
      ctx.actor,
      {
        action: 'assessment.list_weights',
        entityType: 'plan',
        detail: { changes: changes.map((c) => ({ planId: c.plan.id, code: c.plan.code, name: planShortName(c.plan), from: c.plan.weight, to: c.to })) },
      },
      ctx.meta,
      ctx.now,
    );
    return ok({ changed: changes.length, message: '清单权重已保存' });
  });
}
