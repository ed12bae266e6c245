import { z } from 'zod';

const weight = z.number({ error: '请填写数字' }).min(0, '权重不能为负数').max(100, '权重最多 100');

/** Score weights and the explanation window; edited by the admin. */
export const assessmentSettingsSchema = z
  .object({
    weights: z.object({ onTime: weight, firstPass: weight, warnings: weight, notices: weight, indicators: weight }),
    explanationWorkingDays: z.number({ error: '请填写数字' }).int('请填写整数').min(1, '至少 1 个工作日').max(30),
    /** 每项获批延期折合灯数（预警情况）; optional so that settings saved before it keep parsing (default 0.5). */
    extensionWeight: z.number({ error: '请填写数字' }).min(0, '不能为负数').max(5, '最多 5').optional(),
  })
  .refine((v) => Object.values(v.weights).some((w) => w > 0), { path: ['weights'], message: '至少一项权重须大于 0' });
export type AssessmentSettings = z.infer<typeof assessmentSettingsSchema>;

export const explanationSchema = z.object({
  periodId: z.number().int().positive(),
  content: z.string().trim().min(1, '请填写情况说明').max(2000, '情况说明最多 2000 字'),
});
export type ExplanationInput = z.infer<typeof explanationSchema>;

/** A month of the assessment: YYYY-MM. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份不正确');

/** 清单权重: each active list's weight in the combined score (the office edits them). */
export const listWeightsSchema = z
  .object({
    weights: z
      .array(z.object({ planId: z.number({ error: '任务清单编号不正确' }).int('任务清单编号不正确').positive('任务清单编号不正确'), weight }), { error: '清单权重格式不正确' })
      .min(1, '没有可调整的任务清单')
      .max(50, '任务清单过多'),
  })
  .refine((v) => new Set(v.weights.map((w) => w.planId)).size === v.weights.length, { path: ['weights'], message: '任务清单重复' })
  .refine((v) => v.weights.some((w) => w.weight > 0), { path: ['weights'], message: '至少一个清单的权重须大于 0' });
export type ListWeightsInput = z.infer<typeof listWeightsSchema>;
