import { z } from 'zod';
import type { ExtensionSubject } from '@/db/schema';

/**
 * 延期申请 forms: the unit's request (one schema for every subject; the id of what is moved is a
 * hidden field of the form), its withdrawal, and the decisions of the office and the leader.
 */

/**
 * The subjects of db/schema's EXTENSION_SUBJECTS, spelled here so that the browser's copy of these
 * schemas (the forms validate with them) does not pull the database schema and drizzle into the page.
 * The checks below fail to compile if the two lists ever differ.
 */
const SUBJECTS = ['milestone', 'task_deadline', 'notice', 'report'] as const satisfies readonly ExtensionSubject[];
const subjectsComplete: [Exclude<ExtensionSubject, (typeof SUBJECTS)[number]>] extends [never] ? true : false = true;
void subjectsComplete;

const id = z.number({ error: '编号不正确' }).int('编号不正确').positive('编号不正确');

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

export const requestExtensionSchema = z
  .object({
    subject: z.enum(SUBJECTS, { error: '请选择延期事项' }),
    taskId: id,
    milestoneId: id.optional(),
    noticeId: id.optional(),
    periodId: id.optional(),
    toDate: z.string({ error: '请填写延期后的日期' }).refine(isCalendarDate, '请填写延期后的日期（YYYY-MM-DD）'),
    reason: z.string({ error: '请填写延期理由' }).trim().min(4, '请填写延期理由（至少 4 个字）').max(1000, '延期理由最多 1000 字'),
  })
  .superRefine((v, ctx) => {
    if (v.subject === 'milestone' && !v.milestoneId) ctx.addIssue({ code: 'custom', path: ['milestoneId'], message: '请选择时间节点' });
    if (v.subject === 'notice' && !v.noticeId) ctx.addIssue({ code: 'custom', path: ['noticeId'], message: '请选择督办单' });
    if (v.subject === 'report' && !v.periodId) ctx.addIssue({ code: 'custom', path: ['periodId'], message: '请选择月份' });
  });
export type RequestExtensionInput = z.infer<typeof requestExtensionSchema>;

export const withdrawExtensionSchema = z.object({ requestId: id });
export type WithdrawExtensionInput = z.infer<typeof withdrawExtensionSchema>;

/** The office's or the leader's decision: a refusal needs a comment, an approval may have one. */
export const decideExtensionSchema = z
  .object({
    requestId: id,
    decision: z.enum(['approve', 'refuse'], { error: '请选择批准或不批准' }),
    comment: z.string().trim().max(500, '意见最多 500 字'),
  })
  .refine((v) => v.decision === 'approve' || v.comment.length > 0, { path: ['comment'], message: '不批准时请填写意见' });
export type DecideExtensionInput = z.infer<typeof decideExtensionSchema>;
