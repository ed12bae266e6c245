import { z } from 'zod';
import type { NoticeLevel, NoticeTargetStatus } from '@/db/schema';

export type { NoticeLevel, NoticeTargetStatus } from '@/db/schema';
export { chineseDate, NOTE_KIND_LABELS, NOTICE_LEVEL_LABELS, NOTICE_STATUS_LABELS, NOTICE_TARGET_STATUS_LABELS } from './labels';

/**
 * 督办单 (supervision notices): the forms of the issuing supervisor and of the answering unit. The
 * same schemas run in the browser (react-hook-form) and in the server actions (which hand the
 * parsed input to the services).
 */

/** A unit may answer, and add or remove evidence, only while its answer is in these states. */
export const NOTICE_TARGET_EDITABLE: readonly NoticeTargetStatus[] = ['pending', 'sent_back'];

/** 督办〔2023〕第1号 */
export function noticeNumber(year: number, seq: number): string {
  return `督办〔${year}〕第${seq}号`;
}

/**
 * db/schema's NOTICE_LEVELS, spelled here so that the browser's copy of these schemas (the forms
 * validate with them) does not pull the database schema and drizzle into the page. The check below
 * fails to compile if the two lists ever differ.
 */
const NOTICE_LEVELS = ['hint', 'yellow', 'red'] as const satisfies readonly NoticeLevel[];
const levelsComplete: [Exclude<NoticeLevel, (typeof NOTICE_LEVELS)[number]>] extends [never] ? true : false = true;
void levelsComplete;

const id = z.number().int().positive();

/** Text a form requires: trimmed, not empty, at most `max` characters. */
const requiredText = (missing: string, max: number, tooLong: string) => z.string().trim().min(1, missing).max(max, tooLong);

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A warning rule id as lib/warnings/rules.ts writes them, e.g. late.lead.overdue. */
export const TRIGGER_RULE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

/**
 * The issuing form. `today` (Beijing, YYYY-MM-DD) is passed in: the due date may be today or later.
 * The server action passes the clock itself (`today` of lib/clock), read when the input is parsed.
 * Empty trigger fields mean the notice was not caused by a warning.
 */
export function issueNoticeSchema(today: string | (() => string)) {
  const todayOf = typeof today === 'function' ? today : () => today;
  return z.object({
    taskId: z.number({ error: '请选择关联任务' }).int('请选择关联任务').positive('请选择关联任务'),
    level: z.enum(NOTICE_LEVELS, { error: '请选择督办级别' }),
    unitIds: z
      .array(id, { error: '请选择责任单位' })
      .min(1, '请至少选择一个责任单位')
      .max(60, '责任单位过多')
      .refine((ids) => new Set(ids).size === ids.length, '责任单位有重复'),
    problem: requiredText('请填写存在的问题', 2000, '存在问题最多 2000 字'),
    requirement: requiredText('请填写整改要求', 2000, '整改要求最多 2000 字'),
    dueDate: z
      .string({ error: '请选择办理时限' })
      .refine(isCalendarDate, '请选择办理时限')
      .refine((d) => d >= todayOf(), '办理时限不能早于今天'),
    triggerRule: z
      .string()
      .trim()
      .max(64, '预警规则不正确')
      .refine((v) => v === '' || TRIGGER_RULE_PATTERN.test(v), '预警规则不正确'),
    triggerReason: z.string().trim().max(300, '预警原因最多 300 字'),
  });
}
export type IssueNoticeInput = z.infer<ReturnType<typeof issueNoticeSchema>>;

/** 整改情况: a unit's answer to the notice addressed to it. */
export const respondSchema = z.object({ targetId: id, response: requiredText('请填写整改情况', 5000, '整改情况最多 5000 字') });
export type RespondInput = z.infer<typeof respondSchema>;

export const acceptSchema = z.object({ targetId: id });
export type AcceptInput = z.infer<typeof acceptSchema>;

/** 退回: always with the reason, so the unit knows what to redo. */
export const sendBackSchema = z.object({ targetId: id, comment: requiredText('请填写退回意见', 1000, '退回意见最多 1000 字') });
export type SendBackInput = z.infer<typeof sendBackSchema>;

export const closeSchema = z.object({ noticeId: id });
export type CloseInput = z.infer<typeof closeSchema>;

/** 约谈记录 or a plain note on the notice. */
export const noteSchema = z.object({
  noticeId: id,
  kind: z.enum(['interview', 'note'], { error: '请选择记录类型' }),
  content: requiredText('请填写记录内容', 3000, '记录内容最多 3000 字'),
});
export type NoteInput = z.infer<typeof noteSchema>;

/** Filters of the list page, from the query string (bad values are dropped, not errors). */
export const noticeFilterSchema = z.object({
  status: z.enum(['open', 'overdue', 'closed']).optional().catch(undefined),
  unit: z.coerce.number().int().positive().optional().catch(undefined),
});
export type NoticeFilters = z.infer<typeof noticeFilterSchema>;

/** ?task=40&rule=late.lead.overdue&reason=… on the new-notice page (from a warning); `task` is the task's id. */
export const newNoticeQuerySchema = z.object({
  task: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
  rule: z.string().trim().max(64).regex(TRIGGER_RULE_PATTERN).optional().catch(undefined),
  reason: z.string().trim().max(300).optional().catch(undefined),
});

