'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { createIndicator, deleteIndicator, updateIndicator } from '@/lib/indicators/indicator-service';
import { indicatorCreateSchema, indicatorUpdateSchema } from '@/lib/indicators/schemas';

export async function updateIndicatorAction(input: unknown) {
  const actor = await requireActor();
  const parsed = indicatorUpdateSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const result = await guarded(() => {
    const row = updateIndicator(getDb(), actor, parsed.data);
    return { ok: true as const, status: row.status, message: parsed.data.confirm ? '已确认' : '已保存' };
  });
  revalidatePath('/indicators');
  return result;
}

export async function createIndicatorAction(input: unknown) {
  const actor = await requireActor();
  const parsed = indicatorCreateSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const result = await guarded(() => {
    createIndicator(getDb(), actor, parsed.data);
    return { ok: true as const, message: '已新增指标' };
  });
  revalidatePath('/indicators');
  return result;
}

export async function deleteIndicatorAction(id: unknown) {
  const actor = await requireActor();
  const parsed = z.number().int().positive().safeParse(id);
  if (!parsed.success) return { ok: false as const, error: '指标编号不正确' };
  const result = await guarded(() => {
    deleteIndicator(getDb(), actor, parsed.data);
    return { ok: true as const, message: '已删除' };
  });
  revalidatePath('/indicators');
  return result;
}
