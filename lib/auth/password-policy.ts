import { z } from 'zod';
import { COMMON_PASSWORDS } from './common-passwords';

// The password rule on its own: forms import it in the browser, so it must not pull in bcrypt
// (password.ts hashes a dummy password when it loads).

export const PASSWORD_MIN_LENGTH = 8;
// bcrypt reads only the first 72 bytes; longer passwords would be silently truncated.
const PASSWORD_MAX_BYTES = 72;
const utf8 = new TextEncoder();

/** The rule for every new password, wherever it is set (change form, operator CLI, admin). */
export const newPasswordSchema = z
  .string({ error: '请输入新密码' })
  .min(PASSWORD_MIN_LENGTH, `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`)
  .refine((v) => utf8.encode(v).length <= PASSWORD_MAX_BYTES, '密码过长（最多 72 个字节）')
  .refine((v) => !COMMON_PASSWORDS.has(v.toLowerCase()), '该密码过于常见，请换一个更难猜的密码')
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), '密码需同时包含字母和数字');
