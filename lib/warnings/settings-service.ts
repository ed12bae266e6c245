import { eq } from 'drizzle-orm';
import { settings } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { ok, type Result } from '@/lib/result';
import { DEFAULT_WARNING_SETTINGS, type WarningSettings } from './rules';
import { warningSettingsSchema, type WarningSettingsInput } from './settings-schemas';

export { warningSettingsSchema, type WarningSettingsInput };

const KEY = 'warnings';
export function toInput(s: WarningSettings): WarningSettingsInput {
  return {
    yellowGap: s.yellowGap,
    redGap: s.redGap,
    dueSoonDays: s.dueSoonDays,
    resubmitWorkingDays: s.resubmitWorkingDays,
    milestoneRedWorkingDays: s.milestoneRedWorkingDays,
    signForWorkingDays: s.signForWorkingDays,
    extensionLeaderDays: s.extensionLeaderDays,
    holidays: [...s.calendar.holidays].sort(),
    extraWorkdays: [...s.calendar.extraWorkdays].sort(),
  };
}

/** The thresholds in force: the admin's values over the defaults (15 / 30 points, 3 days, 5 working days). */
export async function getWarningSettings(db: Reader): Promise<WarningSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  if (!row) return DEFAULT_WARNING_SETTINGS;
  const parsed = warningSettingsSchema.safeParse(JSON.parse(row.value));
  if (!parsed.success) return DEFAULT_WARNING_SETTINGS;
  const v = parsed.data;
  return {
    yellowGap: v.yellowGap,
    redGap: v.redGap,
    dueSoonDays: v.dueSoonDays,
    resubmitWorkingDays: v.resubmitWorkingDays,
    milestoneRedWorkingDays: v.milestoneRedWorkingDays ?? DEFAULT_WARNING_SETTINGS.milestoneRedWorkingDays,
    signForWorkingDays: v.signForWorkingDays ?? DEFAULT_WARNING_SETTINGS.signForWorkingDays,
    extensionLeaderDays: v.extensionLeaderDays ?? DEFAULT_WARNING_SETTINGS.extensionLeaderDays,
    calendar: { holidays: new Set(v.holidays), extraWorkdays: new Set(v.extraWorkdays) },
  };
}

/** Saves the thresholds and the working-day calendar (read back with getWarningSettings). */
export async function updateWarningSettings(ctx: ServiceContext, input: WarningSettingsInput): Promise<Result> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'settings.manage');
  await transaction(ctx.db, async (tx) => {
    await tx
      .insert(settings)
      .values({ key: KEY, value: JSON.stringify(input), updatedAt: at })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(input), updatedAt: at } });
    await writeAudit(tx, actor, { action: 'settings.update', entityType: 'settings', detail: input }, meta, at);
  });
  return ok({ message: '预警设置已保存' });
}
