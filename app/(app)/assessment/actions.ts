'use server';

import { revalidatePath } from 'next/cache';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { explainScore, lockMonth, updateAssessmentSettings, updateListWeights } from '@/lib/assessment/assessment-service';
import { assessmentSettingsSchema, explanationSchema, listWeightsSchema, monthSchema } from '@/lib/assessment/schemas';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/** Locks a month (YYYY-MM): every active list's period of the month, and the combined scores. */
export async function lockMonthAction(month: unknown) {
  const actor = await requireActor();
  const parsed = monthSchema.safeParse(month);
  if (!parsed.success) return { ok: false as const, error: '月份不正确' };
  const meta = await requestMeta();
  const r = await guarded(() => lockMonth(getDb(), actor, parsed.data, today(), now(), meta));
  revalidatePath('/assessment');
  return r;
}

export async function explainAction(input: unknown) {
  const actor = await requireActor();
  const parsed = explanationSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const r = await guarded(() => explainScore(getDb(), actor, parsed.data, today(), now(), meta));
  revalidatePath('/assessment/[unitId]', 'page');
  return r;
}

export async function saveAssessmentSettingsAction(input: unknown) {
  const actor = await requireActor();
  const parsed = assessmentSettingsSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  return guarded(() => {
    updateAssessmentSettings(getDb(), actor, parsed.data, now(), meta);
    return { ok: true as const, message: '考核权重已保存' };
  });
}

/** 清单权重 (the office). */
export async function saveListWeightsAction(input: unknown) {
  const actor = await requireActor();
  const parsed = listWeightsSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const r = await guarded(() => updateListWeights(getDb(), actor, parsed.data, now(), meta));
  revalidatePath('/assessment');
  return r;
}
