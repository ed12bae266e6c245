/**
 * The forms of list management, decomposition and registration: one schema per form, read by the
 * form in the browser and by the action pipeline, which hands the parsed output to the service.
 * No database imports (the browser loads this file).
 */
import { z } from 'zod';
import { PLAN_STATUSES } from '@/db/schema';
import { PLAN_KINDS } from '@/lib/plan-import/parsed-plan';

/** 简称 and kind, as the lists page edits them. */
export const planSettingsFormSchema = z.object({
  shortName: z.string().trim().min(2, '简称至少 2 个字').max(12, '简称不超过 12 个字'),
  kind: z.enum(PLAN_KINDS, { error: '请选择清单类型' }),
});
export type PlanSettingsFormInput = z.infer<typeof planSettingsFormSchema>;
export const planSettingsSchema = planSettingsFormSchema.extend({
  planId: z.coerce.number().int().positive('请选择任务清单'),
});
export type PlanSettingsInput = z.output<typeof planSettingsSchema>;

export const planStatusSchema = z.object({
  planId: z.coerce.number().int().positive('请选择任务清单'),
  status: z.enum(PLAN_STATUSES).refine((s) => s !== 'draft', '清单不能改回分解中'),
});
export type PlanStatusInput = z.output<typeof planStatusSchema>;

/** Unit or leader names typed into one field, separated by 、，; or spaces. */
const namesField = (label: string, max: number) =>
  z
    .string()
    .max(500, `${label}过长`)
    .transform((v) =>
      v
        .split(/[、，,;；\s]+/u)
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.length <= max, `${label}最多 ${max} 个`)
    .refine((list) => list.every((n) => n.length <= 40), `${label}名称过长`);

/** One row of the decomposition table. Names may be full names, aliases or common abbreviations. */
export const taskAssignmentSchema = z.object({
  taskId: z.coerce.number().int().positive('请选择任务'),
  lead: namesField('牵头单位', 5),
  participating: namesField('参与单位', 60),
  leaders: namesField('责任领导', 10),
  deadline: z
    .string()
    .trim()
    .refine((v) => v === '' || z.iso.date().safeParse(v).success, '完成时限须为日期')
    .transform((v) => v || null),
});
export type TaskAssignmentInput = z.input<typeof taskAssignmentSchema>;
/** A decomposition row as the service gets it: names split into lists, an empty deadline as null. */
export type TaskAssignment = z.output<typeof taskAssignmentSchema>;

export const REGISTERED_KINDS = ['meeting', 'leader_assigned'] as const;
export type RegisteredKind = (typeof REGISTERED_KINDS)[number];

/** 立项 (one schema for the form and the service). */
export const registerItemSchema = z.object({
  kind: z.enum(REGISTERED_KINDS, { error: '请选择事项类型' }),
  source: z.string().trim().min(2, '请填写来源（会议名称或批示）').max(100, '来源不超过 100 个字'),
  title: z.string().trim().min(2, '请填写事项名称').max(40, '事项名称不超过 40 个字'),
  content: z.string().trim().min(4, '请填写事项内容').max(2000, '事项内容不超过 2000 个字'),
  lead: namesField('牵头单位', 5).refine((l) => l.length > 0, '请填写牵头单位'),
  participating: namesField('参与单位', 60),
  leaders: namesField('责任领导', 10),
  deadline: z.string().trim().pipe(z.iso.date({ error: '请选择完成时限' })),
});
export type RegisterItemInput = z.input<typeof registerItemSchema>;
/** A registration as the service gets it. */
export type ItemRegistration = z.output<typeof registerItemSchema>;
