'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { shareEvidence, shareEvidenceSchema } from '@/lib/attachments/shared-evidence';
import { saveContribution } from '@/lib/reporting/contribution-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { signOffMonthSchema, signOffSettingSchema, submitMonthSchema } from '@/lib/reporting/month-schemas';
import { setSignOffRequired, signOffMonth, submitMonth } from '@/lib/reporting/month-submit';
import { contributionDraftSchema, reportDraftSchema } from '@/lib/reporting/schemas';

/** Where a month's submissions show: the unit's pages and the office's queue. */
const SUBMITTED = { revalidate: ['/my', '/my/month', '/review'] } as const;

/**
 * 自动保存: a row's draft saved as the user types. Nothing is revalidated (the page keeps its state;
 * a save re-rendering the whole month would cost every keystroke's pause a page render).
 */
export const autosaveReportAction = action({ schema: reportDraftSchema.extend({ intent: z.literal('save') }), permission: 'reports.write', run: saveReport });
export const autosaveContributionAction = action({ schema: contributionDraftSchema.extend({ intent: z.literal('save') }), permission: 'contributions.write', run: saveContribution });

/** 一并报送: the chosen rows, each its own submission. */
export const submitMonthAction = action({ ...SUBMITTED, schema: submitMonthSchema, permission: 'reports.write', run: submitMonth });

/** 负责人审阅 and whether the unit asks for it. */
export const signOffMonthAction = action({ revalidate: ['/my/month'], schema: signOffMonthSchema, permission: 'reports.signOff', run: signOffMonth });
export const setSignOffRequiredAction = action({ revalidate: ['/my/month'], schema: signOffSettingSchema, permission: 'reports.signOff', run: setSignOffRequired });

/** 共用佐证材料: one uploaded file listed on several of the unit's rows. */
export const shareEvidenceAction = action({ revalidate: ['/my/month'], schema: shareEvidenceSchema, permission: 'reports.write', run: shareEvidence });
