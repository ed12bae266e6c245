'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { explainScore, lockPeriod, updateAssessmentSettings } from '@/lib/assessment/assessment-service';
import { assessmentSettingsSchema, explanationSchema } from '@/lib/assessment/schemas';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

export async function lockPeriodAction(periodId: unknown) {
  const actor = await requireActor();
  const id = z.number().int().positive().safeParse(periodId);
  if (!id.success) return { ok: false as const, error: '调度周期不正确' };
  const meta = await requestMeta();
  const r = await guarded(() => lockPeriod(getDb(), actor, id.data, today(), now(), meta));
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
