/**
 * 安全策略's form schema, on its own so the security page's form loads it (and zod) without the
 * service's database code. The service (./security-policy) re-exports it.
 */
import { z } from 'zod';

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
