import { z } from 'zod';

const id = (message: string) => z.number({ error: message }).int(message).positive(message);

/** 签收 one task (every role of the actor's unit on it). */
export const signTaskSchema = z.object({ taskId: id('任务编号不正确') });
export type SignTaskInput = z.infer<typeof signTaskSchema>;

/** 全部签收: every unsigned task of the actor's unit in the lists in view. */
export const signAllSchema = z.object({});
export type SignAllInput = z.infer<typeof signAllSchema>;

/** 办结申请: the lead unit says what was done (the evidence is attached to the request). */
export const closureRequestSchema = z.object({
  taskId: id('任务编号不正确'),
  summary: z.string().trim().min(1, '请填写完成情况').max(2000, '完成情况最多 2000 字'),
});
export type ClosureRequestInput = z.infer<typeof closureRequestSchema>;

/** The office's decision: approve (the task is closed) or return with a reason. */
export const closureDecisionSchema = z
  .object({
    requestId: id('申请编号不正确'),
    decision: z.enum(['approve', 'return'], { error: '请选择审核结果' }),
    comment: z.string().trim().max(500, '意见最多 500 字'),
  })
  .refine((v) => v.decision !== 'return' || v.comment.length > 0, { path: ['comment'], message: '退回须填写理由' });
export type ClosureDecisionInput = z.infer<typeof closureDecisionSchema>;

/** 撤销办结: the office reopens a closed task, with a reason (audited). */
export const reopenTaskSchema = z.object({
  taskId: id('任务编号不正确'),
  reason: z.string().trim().min(1, '请填写重新启动的理由').max(500, '理由最多 500 字'),
});
export type ReopenTaskInput = z.infer<typeof reopenTaskSchema>;
