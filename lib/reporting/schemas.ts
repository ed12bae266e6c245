import { z } from 'zod';

/**
 * The monthly report form (月度进展) and the participating unit's part (协办反馈). The same
 * schemas run in the browser (react-hook-form) and in the server actions.
 */
const id = z.number().int().positive();
const percent = z
  .number({ error: '完成百分比须为 0–100 的整数' })
  .int('完成百分比须为 0–100 的整数')
  .min(0, '完成百分比须为 0–100 的整数')
  .max(100, '完成百分比须为 0–100 的整数');

const indicatorValue = z.object({
  indicatorId: id,
  value: z.number({ error: '请输入数字' }).finite('请输入数字').min(0, '不能为负数').max(1e12, '数值过大').nullable(),
});

export const reportDraftSchema = z.object({
  taskId: id,
  periodId: id,
  /** The version the form was loaded from (0 = no report yet): the optimistic concurrency check. */
  version: z.number().int().min(0),
  progress: z.string().trim().max(5000, '本月进展最多 5000 字'),
  percentDone: percent.nullable(),
  problems: z.string().trim().max(3000, '存在问题最多 3000 字'),
  nextSteps: z.string().trim().max(3000, '下步打算最多 3000 字'),
  indicatorValues: z.array(indicatorValue).max(50),
});
export type ReportDraftInput = z.infer<typeof reportDraftSchema>;

/** Submitting needs what a draft may leave empty. */
export const reportSubmitSchema = reportDraftSchema.extend({
  progress: z.string().trim().min(1, '请填写本月进展').max(5000, '本月进展最多 5000 字'),
  percentDone: percent,
});

export const contributionDraftSchema = z.object({
  taskId: id,
  periodId: id,
  version: z.number().int().min(0),
  content: z.string().trim().max(3000, '协办情况最多 3000 字'),
});
export type ContributionDraftInput = z.infer<typeof contributionDraftSchema>;

export const contributionSubmitSchema = contributionDraftSchema.extend({
  content: z.string().trim().min(1, '请填写本单位协办情况').max(3000, '协办情况最多 3000 字'),
});

/**
 * The save/submit request of the report form: the report and what to do with it. Submitting
 * checks the stricter schema; the server action parses it once and the service gets the output.
 */
export const saveReportSchema = z.discriminatedUnion(
  'intent',
  [reportDraftSchema.extend({ intent: z.literal('save') }), reportSubmitSchema.extend({ intent: z.literal('submit') })],
  { error: '请选择保存草稿或报送' },
);

/** The save/submit request of a participating unit's part. */
export const saveContributionSchema = z.discriminatedUnion(
  'intent',
  [contributionDraftSchema.extend({ intent: z.literal('save') }), contributionSubmitSchema.extend({ intent: z.literal('submit') })],
  { error: '请选择保存草稿或报送' },
);
