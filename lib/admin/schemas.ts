import { z } from 'zod';
import { ROLES } from '@/db/schema';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { UNIT_ROLES } from '@/lib/auth/roles';
import { usernameSchema } from '@/lib/auth/schemas';

/**
 * Forms of the admin console (单位管理、用户管理、年度任务导入). The same schemas run in the browser
 * (react-hook-form) and again in the services, so bad input is refused before anything is written.
 */

const idField = (message: string) => z.number({ error: message }).int(message).positive(message);

// ---------------------------------------------------------------------------------------------
// 单位

/** A unit name or alias as typed; the service normalises it (spaces, full-width letters, brackets). */
const unitNameField = (what: '单位名称' | '别名') =>
  z
    .string({ error: `请输入${what}` })
    .trim()
    .min(2, `${what}至少 2 个字`)
    .max(40, `${what}最多 40 个字`)
    .refine((v) => !/[、，,；;：:。]/u.test(v), `${what}不能包含顿号、逗号、分号、冒号或句号（通知中用它们分隔单位）`)
    .refine((v) => /[\u4e00-\u9fff]/u.test(v), `${what}应包含中文`);

export const unitRenameSchema = z.object({
  unitId: idField('请选择单位'),
  name: unitNameField('单位名称'),
});
export type UnitRenameInput = z.infer<typeof unitRenameSchema>;

export const unitAliasSchema = z.object({
  unitId: idField('请选择单位'),
  alias: unitNameField('别名'),
});
export type UnitAliasInput = z.infer<typeof unitAliasSchema>;

export const unitMergeSchema = z
  .object({
    sourceId: idField('请选择要合并的单位'),
    targetId: idField('请选择合并到哪个单位'),
    confirm: z.boolean().refine((v) => v, '请勾选确认：合并后原单位将不再单独存在'),
  })
  .refine((v) => v.sourceId !== v.targetId, { path: ['targetId'], message: '不能把单位合并到它自己' });
export type UnitMergeInput = z.infer<typeof unitMergeSchema>;

export const unitActiveSchema = z.object({
  unitId: idField('请选择单位'),
  active: z.boolean(),
});
export type UnitActiveInput = z.infer<typeof unitActiveSchema>;

// ---------------------------------------------------------------------------------------------
// 用户

export const PASSWORD_MODES = ['generate', 'manual'] as const;
export type PasswordMode = (typeof PASSWORD_MODES)[number];

const displayNameField = z.string({ error: '请输入姓名' }).trim().min(1, '请输入姓名').max(40, '姓名最多 40 个字符');
const roleField = z.enum(ROLES, { error: '请选择角色' });
/** null = no unit; unit roles must have one (checked below). */
const unitIdField = z.number({ error: '请选择单位' }).int().positive('请选择单位').nullable();
const emailField = z
  .string()
  .trim()
  .max(120, '邮箱最多 120 个字符')
  .refine((v) => v === '' || z.email().safeParse(v).success, '邮箱格式不正确，例如 zhangsan@example.gov.cn');

function requireUnitForUnitRoles(v: { role: (typeof ROLES)[number]; unitId: number | null }, ctx: z.RefinementCtx) {
  if (UNIT_ROLES.includes(v.role) && v.unitId === null) {
    ctx.addIssue({ code: 'custom', path: ['unitId'], message: '填报员和单位负责人必须选择所属单位' });
  }
}

/** The password an admin types (or leaves to the generator), checked by the same policy as every new password. */
function checkChosenPassword(v: { passwordMode: PasswordMode; password: string; username?: string }, ctx: z.RefinementCtx) {
  if (v.passwordMode !== 'manual') return;
  if (v.password === '') {
    ctx.addIssue({ code: 'custom', path: ['password'], message: '请输入初始密码，或选择“自动生成”' });
    return;
  }
  const policy = newPasswordSchema.safeParse(v.password);
  if (!policy.success) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: policy.error.issues[0]?.message ?? '密码不符合要求' });
    return;
  }
  if (v.username && v.username.trim().length >= 2 && v.password.toLowerCase().includes(v.username.trim().toLowerCase())) {
    ctx.addIssue({ code: 'custom', path: ['password'], message: '密码不能包含用户名' });
  }
}

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameField,
    role: roleField,
    unitId: unitIdField,
    email: emailField,
    passwordMode: z.enum(PASSWORD_MODES, { error: '请选择初始密码的设置方式' }),
    password: z.string().max(200, '密码过长'),
  })
  .superRefine((v, ctx) => {
    requireUnitForUnitRoles(v, ctx);
    checkChosenPassword(v, ctx);
  });
export type UserCreateInput = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({
    userId: idField('请选择用户'),
    displayName: displayNameField,
    role: roleField,
    unitId: unitIdField,
    email: emailField,
  })
  .superRefine(requireUnitForUnitRoles);
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

export const userResetPasswordSchema = z
  .object({
    userId: idField('请选择用户'),
    passwordMode: z.enum(PASSWORD_MODES, { error: '请选择新密码的设置方式' }),
    password: z.string().max(200, '密码过长'),
  })
  .superRefine(checkChosenPassword);
export type UserResetPasswordInput = z.infer<typeof userResetPasswordSchema>;

export const userActiveSchema = z.object({
  userId: idField('请选择用户'),
  active: z.boolean(),
});
export type UserActiveInput = z.infer<typeof userActiveSchema>;

// ---------------------------------------------------------------------------------------------
// 年度任务导入

/** Upload cap for a notice (.txt): real notices are tens of kilobytes. */
export const PLAN_TEXT_MAX_BYTES = 2 * 1024 * 1024;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export const planTextSchema = z.object({
  text: z
    .string({ error: '请粘贴通知全文，或选择 .txt 文件' })
    .refine((v) => v.trim().length > 0, '请粘贴通知全文，或选择 .txt 文件')
    .refine((v) => utf8Length(v) <= PLAN_TEXT_MAX_BYTES, '通知文本超过 2 MB，请确认文件是否正确'),
});
export type PlanTextInput = z.infer<typeof planTextSchema>;

/** Confirming an import names the preview it saw: a text edited since then must be previewed again. */
export const planImportSchema = planTextSchema.extend({
  previewHash: z.string().regex(/^[0-9a-f]{64}$/, '请先预览再确认导入'),
});
export type PlanImportInput = z.infer<typeof planImportSchema>;
