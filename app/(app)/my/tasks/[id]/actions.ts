'use server';

import { action } from '@/lib/actions/action-client';
import { saveContribution } from '@/lib/reporting/contribution-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveContributionSchema, saveReportSchema } from '@/lib/reporting/schemas';

/** A draft save changes only the form, which keeps its own state; a submission changes the unit's pages and the office's queue. */
const SUBMITTED = { revalidate: ['/my', '/my/month', ['/my/tasks/[id]', 'page'], '/review'], revalidateIf: (input: { intent?: unknown }) => input.intent === 'submit' } as const;

/** Saves or submits the unit's monthly report: `{ ...report, intent: 'save' | 'submit' }`. */
export const saveReportAction = action({ ...SUBMITTED, schema: saveReportSchema, permission: 'reports.write', run: saveReport });
/** Saves or sends the unit's part to the lead unit: `{ ...part, intent: 'save' | 'submit' }`. */
export const saveContributionAction = action({ ...SUBMITTED, schema: saveContributionSchema, permission: 'contributions.write', run: saveContribution });
