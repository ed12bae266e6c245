'use server';

import { action } from '@/lib/actions/action-client';
import { unlockAccountSchema, userTargetSchema } from '@/lib/admin/schemas';
import { endUserSessionsBySecurityAdmin, resetUserTotp, unlockAccount, updateSecurityPolicy } from '@/lib/admin/security-admin-service';
import { securityPolicySchema } from '@/lib/auth/security-policy';

/** 安全管理: the security administrator's commands; each shows on the console only. */
const SECURITY = { permission: 'security.manage', revalidate: ['/security'] } as const;

export const saveSecurityPolicyAction = action({ ...SECURITY, schema: securityPolicySchema, run: updateSecurityPolicy });
export const unlockAccountAction = action({ ...SECURITY, schema: unlockAccountSchema, run: unlockAccount });
export const resetUserTotpAction = action({ ...SECURITY, schema: userTargetSchema, run: resetUserTotp });
export const endUserSessionsAction = action({ ...SECURITY, schema: userTargetSchema, run: endUserSessionsBySecurityAdmin });
