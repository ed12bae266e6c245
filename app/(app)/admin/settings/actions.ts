'use server';

import { action } from '@/lib/actions/action-client';
import { updateWarningSettings } from '@/lib/warnings/settings-service';
import { warningSettingsSchema } from '@/lib/warnings/settings-schemas';

/** The thresholds colour every page's lights: the whole app is revalidated. */
export const saveWarningSettingsAction = action({ schema: warningSettingsSchema, permission: 'settings.manage', revalidate: [['/', 'layout']], run: updateWarningSettings });
