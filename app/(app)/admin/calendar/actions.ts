'use server';

import { action } from '@/lib/actions/action-client';
import { periodDeadlinesSchema, periodRangeSchema, planCadenceSchema } from '@/lib/reporting/calendar-schemas';
import { setPeriodRange, setPlanCadence, updatePeriodDeadlines } from '@/lib/reporting/period-service';

/** Every change here shows on the calendar page. */
const CALENDAR = { revalidate: ['/admin/calendar'] } as const;

export const updateDeadlinesAction = action({ ...CALENDAR, schema: periodDeadlinesSchema, permission: 'calendar.manage', run: updatePeriodDeadlines });
export const setRangeAction = action({ ...CALENDAR, schema: periodRangeSchema, permission: 'calendar.manage', run: setPeriodRange });
export const setCadenceAction = action({ ...CALENDAR, schema: planCadenceSchema, permission: 'plans.manage', run: setPlanCadence });
