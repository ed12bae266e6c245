import { z } from 'zod';
import { COMMON_PASSWORDS } from './common-passwords';

// The password rule on its own: forms import it in the browser, so it must import nothing native
// (password.ts loads argon2 and bcrypt, and hashes a dummy password when it loads).

export const PASSWORD_MIN_LENGTH = 8;
// argon2 takes any length, but hashing a megabyte on every login attempt is a cheap way to load
// the server; 128 bytes is far beyond any memorable passphrase. (The old 72 was bcrypt's limit:
// it read only the first 72 bytes, and bcrypt hashes still verify under that rule.)
export const PASSWORD_MAX_BYTES = 128;
const utf8 = new TextEncoder();

/** The rule for every new password, wherever it is set (change form, operator CLI, admin). */
export const newPasswordSchema = z
  .string({ error: '请输入新密码' })
  .min(PASSWORD_MIN_LENGTH, `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符`)
  .refine((v) => utf8.encode(v).length <= PASSWORD_MAX_BYTES, `密码过长（最多 ${PASSWORD_MAX_BYTES} 个字节）`)
  .refine((v) => !COMMON_PASSWORDS.has(v.toLowerCase()), '该密码过于常见，请换一个更难猜的密码')
  .refine((v) => /[A-Za-z]/.test(v) && /\d/.test(v), '密码需同时包含字母和数字');

const DAY_MS = 86_400_000;

/**
 * When a password set at `changedAt` runs out under a policy of `expiryDays` (0: never). Pure;
 * `changedAt` is users.passwordChangedAt, or the account's creation for a password never changed.
 */
export function passwordExpiresAt(changedAt: Date, expiryDays: number): Date | null {
  return expiryDays > 0 ? new Date(changedAt.getTime() + expiryDays * DAY_MS) : null;
}

/** 密码有效期: whether the password has to be changed before anything else. */
export function passwordExpired(changedAt: Date, policy: { passwordExpiryDays: number }, now: Date): boolean {
  const expiresAt = passwordExpiresAt(changedAt, policy.passwordExpiryDays);
  return expiresAt !== null && now.getTime() >= expiresAt.getTime();
}

/** Whole days left before expiry, rounded up (null when expiry is off); 0 or less means expired. */
export function passwordDaysLeft(changedAt: Date, policy: { passwordExpiryDays: number }, now: Date): number | null {
  const expiresAt = passwordExpiresAt(changedAt, policy.passwordExpiryDays);
  return expiresAt === null ? null : Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

/** The days before expiry in which the user is reminded (a gentle notice, not a block). */
export const PASSWORD_EXPIRY_WARNING_DAYS = 7;

/** The refusal of a reused password, N counting the current one. */
export function passwordReusedMessage(historyCount: number): string {
  return historyCount <= 1 ? '新密码不能与当前密码相同' : `新密码不能与最近 ${historyCount} 次使用过的密码相同`;
}
