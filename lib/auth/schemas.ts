import { z } from 'zod';
import { newPasswordSchema } from './password-policy';

/** The login form; the same schema checks the server action and the credentials provider. */
export const loginSchema = z.object({
  // No ':' or spaces: those can never be a username, and ':' marks the per-address throttle keys.
  username: z
    .string({ error: '请输入用户名' })
    .trim()
    .min(1, '请输入用户名')
    .max(64, '用户名过长')
    .regex(/^[^\s:]+$/, '用户名或密码错误'),
  password: z.string({ error: '请输入密码' }).min(1, '请输入密码').max(200, '密码过长'),
  /** 动态口令: asked for (and sent) only once the server says the account has one. */
  totp: z.string().trim().max(12, '请输入 6 位动态口令').optional(),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: '请输入当前密码' }).min(1, '请输入当前密码'),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ error: '请再次输入新密码' }).min(1, '请再次输入新密码'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: '两次输入的新密码不一致',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: '新密码不能与当前密码相同',
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .min(2, '用户名至少 2 个字符')
  .max(32, '用户名最多 32 个字符')
  .regex(/^[a-zA-Z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和横线');

/** A 动态口令 typed on the account page (enrolment, switching off); spaces allowed. */
export const totpCodeSchema = z.object({
  code: z
    .string({ error: '请输入 6 位动态口令' })
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, '请输入 6 位动态口令')),
});
export type TotpCodeInput = z.input<typeof totpCodeSchema>;
