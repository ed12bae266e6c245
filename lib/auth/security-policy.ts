/**
 * 安全策略 (等保 2.0 level 3): password expiry and reuse, session idle and absolute limits. Kept in
 * the `settings` table under one key; the security administrator (安全管理员) changes it, every login and
 * every request reads it. The form and the service share `securityPolicySchema`.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { settings } from '@/db/schema';
import type { Reader } from '@/lib/db';

export const SECURITY_POLICY_KEY = 'security';

export const securityPolicySchema = z.object({
  /** 密码有效期 in days; 0 turns expiry off. */
  passwordExpiryDays: z.coerce
    .number({ error: '请输入密码有效期' })
    .int('密码有效期须为整数天')
    .min(0, '密码有效期不能为负数')
    .max(365, '密码有效期最长 365 天'),
  /** A new password may not equal any of the last N (including the current one). */
  passwordHistoryCount: z.coerce
    .number({ error: '请输入不得重复使用的历史密码个数' })
    .int('须为整数')
    .min(1, '至少不得与当前密码相同（1 个）')
    .max(24, '最多 24 个'),
  /** 会话空闲超时 in minutes. */
  sessionIdleMinutes: z.coerce
    .number({ error: '请输入空闲超时分钟数' })
    .int('须为整数分钟')
    .min(1, '空闲超时至少 1 分钟')
    .max(24 * 60, '空闲超时最长 1440 分钟'),
  /** 会话绝对时长 in hours: a session ends this long after login, however active. */
  sessionAbsoluteHours: z.coerce
    .number({ error: '请输入会话最长时长' })
    .int('须为整数小时')
    .min(1, '会话最长时长至少 1 小时')
    .max(72, '会话最长时长最多 72 小时'),
});
export type SecurityPolicy = z.infer<typeof securityPolicySchema>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  passwordExpiryDays: 90,
  passwordHistoryCount: 5,
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
};

/** The policy in force: the stored one, each field falling back to its default if missing or malformed. */
export async function getSecurityPolicy(db: Reader): Promise<SecurityPolicy> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, SECURITY_POLICY_KEY)).limit(1);
  if (!row) return DEFAULT_SECURITY_POLICY;
  let stored: unknown;
  try {
    stored = JSON.parse(row.value);
  } catch {
    return DEFAULT_SECURITY_POLICY;
  }
  const parsed = securityPolicySchema.partial().safeParse(stored);
  if (!parsed.success) return DEFAULT_SECURITY_POLICY;
  const merged = { ...DEFAULT_SECURITY_POLICY };
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) (merged as Record<string, number>)[k] = v;
  return merged;
}
