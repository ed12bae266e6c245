import { z } from 'zod';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar date, YYYY-MM-DD. */
const date = (message: string) =>
  z
    .string({ error: message })
    .regex(DATE_RE, message)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, message);

/** One row of the plan: date, deliverable, and optionally an indicator of the task with the value to reach by then. */
export const milestoneRowSchema = z
  .object({
    /** An existing milestone (kept with what was ticked off or moved), or none for a new one. */
    id: z.number().int().positive().nullable(),
    dueOn: date('请填写节点日期（YYYY-MM-DD）'),
    deliverable: z.string().trim().min(1, '请填写节点成果').max(200, '节点成果最多 200 字'),
    indicatorId: z.number().int().positive().nullable(),
    indicatorValue: z.number({ error: '请填写数字' }).nullable(),
  })
  .refine((r) => r.indicatorId === null || r.indicatorValue !== null, { path: ['indicatorValue'], message: '选了指标就要填写到时应达到的数值' });
export type MilestoneRowInput = z.infer<typeof milestoneRowSchema>;

/** 时间节点计划: the lead unit saves it as a draft or submits it to the office. `version` 0: no plan yet. */
export const savePlanSchema = z
  .object({
    taskId: z.number().int().positive(),
    version: z.number().int().min(0),
    milestones: z.array(milestoneRowSchema).min(1, '请至少填写一个时间节点').max(24, '时间节点最多 24 个'),
    intent: z.enum(['save', 'submit']),
  })
  .refine((v) => new Set(v.milestones.map((m) => `${m.dueOn}|${m.deliverable.trim()}`)).size === v.milestones.length, {
    path: ['milestones'],
    message: '有重复的时间节点（同一日期、同一成果）',
  });
export type SavePlanInput = z.infer<typeof savePlanSchema>;

/** The office's decision: 批准, or 退回 with a reason. */
export const reviewPlanSchema = z
  .object({
    planId: z.number().int().positive(),
    version: z.number().int().min(1),
    decision: z.enum(['approve', 'return'], { error: '请选择批准或退回' }),
    comment: z.string().trim().max(500, '意见最多 500 字'),
  })
  .refine((v) => v.decision !== 'return' || v.comment.length > 0, { path: ['comment'], message: '退回须填写理由' });
export type ReviewPlanInput = z.infer<typeof reviewPlanSchema>;

/** 完成节点: ticked off from the monthly report, with the day it was done and the evidence. */
export const tickMilestoneSchema = z.object({
  milestoneId: z.number().int().positive(),
  doneOn: date('请填写完成日期（YYYY-MM-DD）'),
  evidence: z.string().trim().min(1, '请填写完成情况及佐证').max(1000, '佐证最多 1000 字'),
});
export type TickMilestoneInput = z.infer<typeof tickMilestoneSchema>;

export const untickMilestoneSchema = z.object({ milestoneId: z.number().int().positive() });
export type UntickMilestoneInput = z.infer<typeof untickMilestoneSchema>;
