'use server';

import { revalidatePath } from 'next/cache';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';
import { updateWarningSettings, warningSettingsSchema } from '@/lib/warnings/settings-service';

export async function saveWarningSettingsAction(input: unknown) {
  const actor = await requireActor();
  const parsed = warningSettingsSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => {
    updateWarningSettings(getDb(), actor, parsed.data, now(), meta);
    return { ok: true as const, message: '预警设置已保存' };
  });
  revalidatePath('/', 'layout');
  return result;
}
