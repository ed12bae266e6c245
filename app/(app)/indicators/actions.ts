'use server';

import { action } from '@/lib/actions/action-client';
import { createIndicator, deleteIndicator, updateIndicator } from '@/lib/indicators/indicator-service';
import { indicatorCreateSchema, indicatorIdSchema, indicatorUpdateSchema } from '@/lib/indicators/schemas';

export const updateIndicatorAction = action({
  schema: indicatorUpdateSchema,
  permission: 'indicators.manage',
  revalidate: ['/indicators'],
  run: (ctx, input) => updateIndicator(ctx, input),
});

export const createIndicatorAction = action({
  schema: indicatorCreateSchema,
  permission: 'indicators.manage',
  revalidate: ['/indicators'],
  run: (ctx, input) => createIndicator(ctx, input),
});

export const deleteIndicatorAction = action({
  schema: indicatorIdSchema,
  permission: 'indicators.manage',
  invalidMessage: '指标编号不正确',
  revalidate: ['/indicators'],
  run: (ctx, id) => deleteIndicator(ctx, id),
});
