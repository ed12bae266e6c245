import { z } from 'zod';
import { PROBLEM_ADDRESSEES, PROBLEM_STATUSES } from '@/db/schema';

const problemId = z.number({ error: '问题编号不正确' }).int('问题编号不正确').positive('问题编号不正确');

/** 提交协调: from the report editor (需协调解决的问题, with the report) or on its own. */
export const raiseProblemSchema = z.object({
  taskId: z.number().int().positive(),
  /** The report the problem comes from (the unit's own), if any. */
  reportId: z.number().int().positive().nullable(),
  addressedTo: z.enum(PROBLEM_ADDRESSEES, { error: '请选择提交督查室或区领导' }),
  content: z.string().trim().min(1, '请填写需协调解决的问题').max(1000, '问题最多 1000 字'),
});
export type RaiseProblemInput = z.infer<typeof raiseProblemSchema>;

export const answerProblemSchema = z.object({
  problemId,
  answer: z.string().trim().min(1, '请填写答复意见').max(2000, '答复最多 2000 字'),
});
export type AnswerProblemInput = z.infer<typeof answerProblemSchema>;

export const closeProblemSchema = z.object({ problemId });
export type CloseProblemInput = z.infer<typeof closeProblemSchema>;

/** 转呈领导: the office hands a problem addressed to it to a leader, with an optional note. */
export const escalateProblemSchema = z.object({
  problemId,
  note: z.string().trim().max(500, '说明最多 500 字'),
});
export type EscalateProblemInput = z.infer<typeof escalateProblemSchema>;

/** The /problems page's filters (GET); anything unknown is ignored. */
export const problemFilterSchema = z.object({
  status: z.enum(PROBLEM_STATUSES).optional().catch(undefined),
  to: z.enum(PROBLEM_ADDRESSEES).optional().catch(undefined),
});
export type ProblemFilter = z.infer<typeof problemFilterSchema>;
