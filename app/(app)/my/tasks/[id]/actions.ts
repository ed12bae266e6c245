'use server';

import { action } from '@/lib/actions/action-client';
import { saveContribution } from '@/lib/reporting/contribution-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveContributionSchema, saveReportSchema } from '@/lib/reporting/schemas';

/** Saves or submits the unit's monthly report: `{ ...report, intent: 'save' | 'submit' }`. */
export const saveReportAction = action({ schema: saveReportSchema, permission: 'reports.write', revalidate: ['/my'], run: saveReport });
/** Saves or sends the unit's part to the lead unit: `{ ...part, intent: 'save' | 'submit' }`. */
export const saveContributionAction = action({ schema: saveContributionSchema, permission: 'contributions.write', revalidate: ['/my'], run: saveContribution });
