/**
 * What the scores are weighed with: the admin's score weights and explanation window (stored in
 * `settings`), and the office's 清单权重 (each active list's weight in the combined score).
 */
import { eq } from 'drizzle-orm';
import { plans, settings } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { activePlans, planShortName } from '@/lib/plans/plan-scope';
import { fail, ok, type Result } from '@/lib/result';
import { assessmentSettingsSchema, type AssessmentSettings, type ListWeightsInput } from './schemas';
import { DEFAULT_SCORE_WEIGHTS } from './score';

const SETTINGS_KEY = 'assessment';
export const DEFAULT_ASSESSMENT_SETTINGS: AssessmentSettings = { weights: { ...DEFAULT_SCORE_WEIGHTS }, explanationWorkingDays: 5 };

export async function getAssessmentSettings(db: Reader): Promise<AssessmentSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTINGS_KEY)).limit(1);
  if (!row) return DEFAULT_ASSESSMENT_SETTINGS;
  const parsed = assessmentSettingsSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : DEFAULT_ASSESSMENT_SETTINGS;
}

/** The admin's score weights and explanation window; audited, in one transaction. */
export async function updateAssessmentSettings(ctx: ServiceContext, input: AssessmentSettings): Promise<Result<{ settings: AssessmentSettings }>> {
  assertCan(ctx.actor, 'settings.manage');
  await transaction(ctx.db, async (tx) => {
    await tx
      .insert(settings)
      .values({ key: SETTINGS_KEY, value: JSON.stringify(input), updatedAt: ctx.now })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(input), updatedAt: ctx.now } });
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
  return transaction(ctx.db, async (tx): Promise<Result<{ changed: number }>> => {
    const active = new Map((await activePlans(tx)).map((p) => [p.id, p]));
    // Refused before anything is written.
    const missing = input.weights.find((w) => !active.has(w.planId));
    if (missing) return fail('只能调整进行中的任务清单的权重');
    const changes = input.weights.map((w) => ({ plan: active.get(w.planId)!, to: w.weight })).filter((c) => c.plan.weight !== c.to);
    if (changes.length === 0) return ok({ changed: 0, message: '清单权重没有变化' });
    for (const c of changes) await tx.update(plans).set({ weight: c.to }).where(eq(plans.id, c.plan.id));
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
