import { z } from 'zod';
import { INDICATOR_COMPARATORS, INDICATOR_KINDS } from '@/db/schema';

/** The indicator edit form; shared by the browser and the server actions. */
export const indicatorFormSchema = z
  .object({
    name: z.string().trim().min(1, '请填写指标名称').max(40, '指标名称最多 40 字'),
    target: z.number({ error: '请填写目标值' }).finite('请填写目标值').min(0, '目标值不能为负数'),
    targetMax: z.number({ error: '请填写数字' }).finite().min(0).nullable(),
    unit: z.string().trim().min(1, '请填写计量单位').max(10, '计量单位最多 10 字'),
    comparator: z.enum(INDICATOR_COMPARATORS, { error: '请选择比较方式' }),
    /** 指标类型: how the figure is judged (lib/indicators/indicator-kinds.ts). */
    kind: z.enum(INDICATOR_KINDS, { error: '请选择指标类型' }),
  })
  .refine((v) => v.targetMax === null || v.targetMax >= v.target, { path: ['targetMax'], message: '区间上限不能小于目标值' });
export type IndicatorFormInput = z.infer<typeof indicatorFormSchema>;

export const indicatorUpdateSchema = indicatorFormSchema.and(
  z.object({ id: z.number().int().positive(), confirm: z.boolean().default(false) }),
);
export const indicatorCreateSchema = indicatorFormSchema.and(
  z.object({ taskId: z.number().int().positive(), sourcePhrase: z.string().trim().min(1, '请填写原文出处').max(200) }),
);

export type IndicatorUpdateInput = z.output<typeof indicatorUpdateSchema>;
export type IndicatorCreateInput = z.output<typeof indicatorCreateSchema>;

/** An indicator named by its id (the remove button). */
export const indicatorIdSchema = z.number().int().positive();
