import { z } from 'zod';
import { PLAN_CADENCES } from '@/db/schema';

/** Forms of the reporting calendar; shared by the browser and the server actions. */
/** A real calendar date (2023-02-30 is not one). */
const isoDate = z.iso.date({ error: '请输入有效日期' });

/** One period's deadlines, as the calendar form edits them. */
export const periodDeadlinesSchema = z
  .object({
    periodId: z.number().int().positive(),
    contributionDeadline: isoDate,
    leadDeadline: isoDate,
  })
  .refine((v) => v.contributionDeadline <= v.leadDeadline, {
    path: ['contributionDeadline'],
    message: '参与单位截止日期不能晚于牵头单位截止日期',
  });
export type PeriodDeadlinesInput = z.infer<typeof periodDeadlinesSchema>;

export const periodRangeSchema = z
  .object({
    planId: z.number().int().positive(),
    from: z.string().regex(/^\d{4}-\d{2}$/, '请选择起始月份'),
    to: z.string().regex(/^\d{4}-\d{2}$/, '请选择结束月份'),
  })
  .refine((v) => v.from <= v.to, { path: ['to'], message: '结束月份不能早于起始月份' });
export type PeriodRangeInput = z.infer<typeof periodRangeSchema>;


/** 调度周期 of a list: monthly, quarterly (March, June, September, December), or per item (按事项期限). */
export const planCadenceSchema = z.object({
  planId: z.number({ error: '请选择任务清单' }).int('请选择任务清单').positive('请选择任务清单'),
  cadence: z.enum(PLAN_CADENCES, { error: '请选择调度周期' }),
});
export type PlanCadenceInput = z.infer<typeof planCadenceSchema>;
