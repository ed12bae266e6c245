'use server';

import { action } from '@/lib/actions/action-client';
import { updateAssessmentSettings, updateListWeights } from '@/lib/assessment/assessment-settings';
import { explainScore } from '@/lib/assessment/explanations';
import { lockMonth } from '@/lib/assessment/month-lock';
import { assessmentSettingsSchema, explanationSchema, listWeightsSchema, monthSchema } from '@/lib/assessment/schemas';

/** Locks a month (YYYY-MM): every active list's period of the month, and the combined scores. */
export const lockMonthAction = action({ schema: monthSchema, permission: 'assessment.lock', invalidMessage: '月份不正确', revalidate: ['/assessment'], run: lockMonth });
export const explainAction = action({ schema: explanationSchema, permission: 'assessment.explain', revalidate: [['/assessment/[unitId]', 'page']], run: explainScore });
export const saveAssessmentSettingsAction = action({ schema: assessmentSettingsSchema, permission: 'settings.manage', run: updateAssessmentSettings });
/** 清单权重 (the office). */
export const saveListWeightsAction = action({ schema: listWeightsSchema, permission: 'plans.manage', revalidate: ['/assessment'], run: updateListWeights });
