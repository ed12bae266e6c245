import { and, eq, inArray } from 'drizzle-orm';
import { districtSettings } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
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

/** The thresholds in force in a district: its admin's values over the defaults (15 / 30 points, 3 days, 5 working days). */
export async function getWarningSettings(db: Reader, districtId: number): Promise<WarningSettings> {
  const [row] = await db
    .select({ value: districtSettings.value })
    .from(districtSettings)
    .where(and(eq(districtSettings.districtId, districtId), eq(districtSettings.key, KEY)))
    .limit(1);
  return row ? parseSettings(row.value) : DEFAULT_WARNING_SETTINGS;
}

/** getWarningSettings of several districts at once (a city-wide page covers lists of several), by district id. */
export async function warningSettingsByDistrict(db: Reader, districtIds: readonly number[]): Promise<Map<number, WarningSettings>> {
  const ids = [...new Set(districtIds)];
  const out = new Map<number, WarningSettings>(ids.map((id) => [id, DEFAULT_WARNING_SETTINGS]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ districtId: districtSettings.districtId, value: districtSettings.value })
    .from(districtSettings)
    .where(and(inArray(districtSettings.districtId, ids), eq(districtSettings.key, KEY)));
  for (const r of rows) out.set(r.districtId, parseSettings(r.value));
  return out;
}

function parseSettings(value: string): WarningSettings {
  const parsed = warningSettingsSchema.safeParse(JSON.parse(value));
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

/** Saves the thresholds and the working-day calendar of the actor's district (read back with getWarningSettings). */
export async function updateWarningSettings(ctx: ServiceContext, input: WarningSettingsInput): Promise<Result> {
  const { actor, now: at, meta } = ctx;
  assertCan(actor, 'settings.manage');
  const districtId = ownDistrictId(actor);
  await transaction(ctx.db, async (tx) => {
    await tx
      .insert(districtSettings)
      .values({ districtId, key: KEY, value: JSON.stringify(input), updatedAt: at })
      .onConflictDoUpdate({ target: [districtSettings.districtId, districtSettings.key], set: { value: JSON.stringify(input), updatedAt: at } });
    await writeAudit(tx, actor, { action: 'settings.update', entityType: 'settings', detail: input }, meta, at);
  });
  return ok({ message: '预警设置已保存' });
}
