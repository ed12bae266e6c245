'use server';

import { action } from '@/lib/actions/action-client';
import { periodDeadlinesSchema, periodRangeSchema, planCadenceSchema } from '@/lib/reporting/calendar-schemas';
import { setPeriodRange, setPlanCadence, updatePeriodDeadlines } from '@/lib/reporting/period-service';

export const updateDeadlinesAction = action({
  schema: periodDeadlinesSchema,
  permission: 'calendar.manage',
  revalidate: ['/admin/calendar'],
  run: (ctx, input) => updatePeriodDeadlines(ctx, input),
});

export const setRangeAction = action({
  schema: periodRangeSchema,
  permission: 'calendar.manage',
  revalidate: ['/admin/calendar'],
  run: (ctx, input) => setPeriodRange(ctx, input),
});

export const setCadenceAction = action({
  schema: planCadenceSchema,
  permission: 'plans.manage',
  revalidate: ['/admin/calendar'],
  run: (ctx, input) => setPlanCadence(ctx, input),
});
