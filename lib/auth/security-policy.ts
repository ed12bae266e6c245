/**
 * 安全策略 (等保 2.0 level 3): password expiry and reuse, session idle and absolute limits. Kept in
 * the `settings` table under one key; the security administrator (安全管理员) changes it, every login and
 * every request reads it. The form and the service share `securityPolicySchema`.
 */
import { eq } from 'drizzle-orm';
import { settings } from '@/db/schema';
import type { Reader } from '@/lib/db';
import { securityPolicySchema, type SecurityPolicy } from './security-policy-schema';

export { securityPolicySchema, type SecurityPolicy } from './security-policy-schema';

export const SECURITY_POLICY_KEY = 'security';

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
