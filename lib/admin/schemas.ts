import { z } from 'zod';
import type { PlanCadence } from '@/db/schema';
import { PLAN_KINDS } from '@/lib/plan-import/plan-kinds';
import { newPasswordSchema } from '@/lib/auth/password-policy';
import { ROLES, UNIT_ROLES } from '@/lib/auth/roles';
import { usernameSchema } from '@/lib/auth/schemas';
import { PLAN_TEXT_MAX_BYTES } from './plan-text-limit';

export { PLAN_TEXT_MAX_BYTES } from './plan-text-limit';

/**
 * db/schema's PLAN_CADENCES, spelled here so that the browser's copy of these schemas (the admin
 * forms validate with them) does not pull the database schema and drizzle. The check below fails
 * to compile if the two lists ever differ.
 */
const PLAN_CADENCES = ['monthly', 'quarterly', 'per_item'] as const satisfies readonly PlanCadence[];
const cadencesComplete: [Exclude<PlanCadence, (typeof PLAN_CADENCES)[number]>] extends [never] ? true : false = true;
void cadencesComplete;

/**
 * Forms of the admin console (单位管理、用户管理、年度任务导入). The same schemas run in the browser
 * (react-hook-form) and again on the server (the action pipeline, the import routes) before the
 * service is called, so bad input is refused before anything is written.
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
/** null = no unit; unit roles must have one, the others none (checked below). */
const unitIdField = z.number({ error: '请选择单位' }).int().positive('请选择单位').nullable();
const emailField = z
  .string()
  .trim()
  .max(120, '邮箱最多 120 个字符')
  .refine((v) => v === '' || z.email().safeParse(v).success, '邮箱格式不正确，例如 zhangsan@example.gov.cn');

/** Oversight roles review every unit: one belonging to a unit would judge its own unit's work. */
export const OVERSIGHT_UNIT_MESSAGE = '督查员、领导和管理员不属于任何单位，“所属单位”请选“（无）”';

function requireUnitForUnitRoles(v: { role: (typeof ROLES)[number]; unitId: number | null }, ctx: z.RefinementCtx) {
  if (UNIT_ROLES.includes(v.role) && v.unitId === null) {
    ctx.addIssue({ code: 'custom', path: ['unitId'], message: '填报员和单位负责人必须选择所属单位' });
  }
  if (!UNIT_ROLES.includes(v.role) && v.unitId !== null) ctx.addIssue({ code: 'custom', path: ['unitId'], message: OVERSIGHT_UNIT_MESSAGE });
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
// 任务清单导入 (a notice, a breakdown table, a work report: text pasted, or a file extracted on the server)


const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** '' from an empty form field means "not given". */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const planTextSchema = z.object({
  text: z
    .string({ error: '请粘贴通知全文，或选择文件' })
    .refine((v) => v.trim().length > 0, '请粘贴通知全文，或选择文件')
    .refine((v) => utf8Length(v) <= PLAN_TEXT_MAX_BYTES, '通知文本超过 2 MB，请确认文件是否正确'),
});
export type PlanTextInput = z.infer<typeof planTextSchema>;

/** What the office may set that the document does not say: the preview asks for a missing year or title. */
export const planImportOptionsSchema = z.object({
  kind: z.preprocess(blankToUndefined, z.enum(PLAN_KINDS, { error: '请选择清单类型' }).optional()),
  year: z.preprocess(blankToUndefined, z.coerce.number({ error: '年度须为数字' }).int('年度须为整数').min(2000, '年度应在 2000–2100 之间').max(2100, '年度应在 2000–2100 之间').optional()),
  code: z.preprocess(blankToUndefined, z.string().trim().max(60, '文号不超过 60 个字').optional()),
  title: z.preprocess(blankToUndefined, z.string().trim().min(4, '标题至少 4 个字').max(120, '标题不超过 120 个字').optional()),
  shortName: z.preprocess(blankToUndefined, z.string().trim().max(12, '简称不超过 12 个字').optional()),
  cadence: z.preprocess(blankToUndefined, z.enum(PLAN_CADENCES, { error: '请选择调度周期' }).optional()),
  /** .xlsx: the sheet to read. */
  sheet: z.preprocess(blankToUndefined, z.string().max(100).optional()),
});
export type PlanImportOptions = z.infer<typeof planImportOptionsSchema>;

/** Unknown unit names of the preview → an existing unit (becomes its alias) or a new unit. */
export const unitMappingSchema = z
  .record(
    z.string().max(60, '单位名称过长'),
    z.discriminatedUnion('to', [z.object({ to: z.literal('new') }), z.object({ to: z.literal('unit'), unitId: z.coerce.number({ error: '请选择单位' }).int('请选择单位').positive('请选择单位') })], {
      error: '单位对应方式不正确，请重新预览',
    }),
    { error: '单位对应方式不正确，请重新预览' },
  )
  .refine((m) => Object.keys(m).length <= 1000, '待对应的单位过多');
export type UnitMappingInput = z.infer<typeof unitMappingSchema>;

/** Preview: pasted text (a file comes as an extracted document instead) and the options. */
export const planPreviewSchema = z.object({
  text: planTextSchema.shape.text.optional(),
  options: planImportOptionsSchema.default({}),
});
export type PlanPreviewInput = z.infer<typeof planPreviewSchema>;

/** Confirming an import names the preview it saw: a text or option changed since then must be previewed again. */
export const planImportSchema = planPreviewSchema.extend({
  previewHash: z.string().regex(/^[0-9a-f]{64}$/, '请先预览再确认导入'),
  mapping: unitMappingSchema.default({}),
});
export type PlanImportInput = z.infer<typeof planImportSchema>;

// ---------------------------------------------------------------------------------------------
// 安全管理 (the security administrator's console)

/** 解锁: the account's username, as the locked-accounts list shows it. */
export const unlockAccountSchema = z.object({
  username: z.string({ error: '请选择要解锁的账户' }).trim().min(1, '请选择要解锁的账户').max(64, '用户名过长'),
});
export type UnlockAccountInput = z.infer<typeof unlockAccountSchema>;

/** 重置动态口令 / 强制下线: one account, by id. */
export const userTargetSchema = z.object({
  userId: idField('请选择用户'),
});
export type UserTargetInput = z.infer<typeof userTargetSchema>;
