import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { COMMON_PASSWORDS } from './common-passwords';

/** bcrypt cost: ≥ 10 as policy requires; 12 costs ~0.25 s on this class of server. */
const BCRYPT_COST = 12;

export const PASSWORD_MIN_LENGTH = 8;
// bcrypt reads only the first 72 bytes; longer passwords would be silently truncated.
const PASSWORD_MAX_BYTES = 72;

/** The rule for every new password, wherever it is set (change form, operator CLI, admin). */
export const newPasswordSchema = z
  .string({ error: '请输入新密码' })
  .min(PASSWORD_MIN_LENGTH, `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`)
  .refine((v) => Buffer.byteLength(v, 'utf8') <= PASSWORD_MAX_BYTES, '密码过长（最多 72 个字节）')
  .refine((v) => !COMMON_PASSWORDS.has(v.toLowerCase()), '该密码过于常见，请换一个更难猜的密码')
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), '密码需同时包含字母和数字');

export async function hashPassword(plain: string): Promise<string> {
  return bcrypt.hash(plain, BCRYPT_COST);
}

export async function verifyPassword(plain: string, hash: string): Promise<boolean> {
  return bcrypt.compare(plain, hash);
}

/** A real hash of a random string: compared against when the username is unknown, to keep timing even. */
export const DUMMY_HASH = bcrypt.hashSync('dummy-password-for-timing-0', BCRYPT_COST);
