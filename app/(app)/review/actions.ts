'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { planScope } from '@/lib/plans/plan-scope';
import { reviewSubmission } from '@/lib/review/review-service';
import { reviewDecisionSchema } from '@/lib/review/schemas';

export const reviewAction = action({ schema: reviewDecisionSchema, permission: 'reports.review', revalidate: ['/review'], run: reviewSubmission });

/** 一键催办 for the lists the user has in view (each list's period of this month). */
export const remindAction = action({
  schema: z.object({}),
  permission: 'reminders.send',
  run: async (ctx) => sendPeriodReminders(ctx, (await planScope(ctx.db, ctx.actor)).plans),
});
