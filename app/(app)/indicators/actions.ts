'use server';

import { action } from '@/lib/actions/action-client';
import { createIndicator, deleteIndicator, updateIndicator } from '@/lib/indicators/indicator-service';
import { indicatorCreateSchema, indicatorIdSchema, indicatorUpdateSchema } from '@/lib/indicators/schemas';

/** Every change shows in the indicator list. */
const MANAGE_INDICATORS = { permission: 'indicators.manage', revalidate: ['/indicators'] } as const;

export const updateIndicatorAction = action({ ...MANAGE_INDICATORS, schema: indicatorUpdateSchema, run: updateIndicator });
export const createIndicatorAction = action({ ...MANAGE_INDICATORS, schema: indicatorCreateSchema, run: createIndicator });
export const deleteIndicatorAction = action({ ...MANAGE_INDICATORS, schema: indicatorIdSchema, invalidMessage: '指标编号不正确', run: deleteIndicator });
