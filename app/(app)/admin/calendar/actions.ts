'use server';

import { revalidatePath } from 'next/cache';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';
import { CADENCE_LABELS } from '@/lib/reporting/calendar';
import { periodDeadlinesSchema, periodRangeSchema, planCadenceSchema } from '@/lib/reporting/calendar-schemas';
import { setPeriodRange, setPlanCadence, updatePeriodDeadlines } from '@/lib/reporting/period-service';

async function run(fn: () => { ok: true; message: string }) {
  const result = await guarded(() => {
    try {
      return fn();
    } catch (err) {
      // Rule violations the service explains in Chinese (e.g. removing a month that has reports).
      if (err instanceof Error && !['ForbiddenError', 'NotFoundError', 'ZodError'].includes(err.name) && /[\u4e00-\u9fa5]/.test(err.message)) {
        return { ok: false as const, error: err.message };
      }
      throw err;
    }
  });
  revalidatePath('/admin/calendar');
  return result;
}

export async function updateDeadlinesAction(input: unknown) {
  const actor = await requireActor();
  const parsed = periodDeadlinesSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  return run(() => {
    updatePeriodDeadlines(getDb(), actor, parsed.data);
    return { ok: true, message: '截止日期已保存' };
  });
}

export async function setRangeAction(input: unknown) {
  const actor = await requireActor();
  const parsed = periodRangeSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  return run(() => {
    const r = setPeriodRange(getDb(), actor, parsed.data);
    return { ok: true, message: `已更新：新增 ${r.added.length} 个月，移除 ${r.removed.length} 个月` };
  });
}

export async function setCadenceAction(input: unknown) {
  const actor = await requireActor();
  const parsed = planCadenceSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  return run(() => {
    const r = setPlanCadence(getDb(), actor, parsed.data, now(), meta);
    const kept = r.kept.length ? `，保留已有填报的 ${r.kept.length} 个月` : '';
    return { ok: true, message: `已改为${CADENCE_LABELS[r.cadence]}：新增 ${r.added.length} 个月，移除 ${r.removed.length} 个月${kept}` };
  });
}
