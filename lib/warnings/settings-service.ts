import { eq } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { settings } from '@/db/schema';
import { writeAudit, NO_META, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
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
    holidays: [...s.calendar.holidays].sort(),
    extraWorkdays: [...s.calendar.extraWorkdays].sort(),
  };
}

/** The thresholds in force: the admin's values over the defaults (15 / 30 points, 3 days, 5 working days). */
export function getWarningSettings(db: Pick<AppDatabase, 'select'>): WarningSettings {
  const row = db.select().from(settings).where(eq(settings.key, KEY)).get();
  if (!row) return DEFAULT_WARNING_SETTINGS;
  const parsed = warningSettingsSchema.safeParse(JSON.parse(row.value));
  if (!parsed.success) return DEFAULT_WARNING_SETTINGS;
  const v = parsed.data;
  return {
    yellowGap: v.yellowGap,
    redGap: v.redGap,
    dueSoonDays: v.dueSoonDays,
    resubmitWorkingDays: v.resubmitWorkingDays,
    calendar: { holidays: new Set(v.holidays), extraWorkdays: new Set(v.extraWorkdays) },
  };
}

export function updateWarningSettings(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): WarningSettings {
  assertCan(actor, 'settings.manage');
  const input = warningSettingsSchema.parse(raw);
  db.transaction((tx) => {
    tx.insert(settings)
      .values({ key: KEY, value: JSON.stringify(input), updatedAt: at })
      .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(input), updatedAt: at } })
      .run();
    writeAudit(tx, actor, { action: 'settings.update', entityType: 'settings', detail: input }, meta, at);
  }, { behavior: 'immediate' });
  return getWarningSettings(db);
}
