import type { Role } from '@/db/schema';

export type { Role } from '@/db/schema';

/**
 * db/schema's ROLES (same order), spelled here so that the client components that list the roles do
 * not pull the database schema and drizzle into the browser. The check below fails to compile if
 * the two lists ever differ.
 */
export const ROLES = ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'security_admin', 'audit_admin', 'city_supervisor'] as const satisfies readonly Role[];
const rolesComplete: [Exclude<Role, (typeof ROLES)[number]>] extends [never] ? true : false = true;
void rolesComplete;

/** Chinese names of the roles, as users know them. */
export const ROLE_LABELS: Record<Role, string> = {
  reporter: '填报员',
  unit_head: '单位负责人',
  supervisor: '督查员',
  leader: '领导',
  admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  city_supervisor: '市督查员',
};

/** Roles that belong to a unit and act for it. */
export const UNIT_ROLES: readonly Role[] = ['reporter', 'unit_head'];

/**
 * The deployment's own accounts: the city office (市督查员) and the security and audit administrators.
 * They belong to no district (users.district_id null; the city office's is the district it views).
 */
export const DEPLOYMENT_ROLES: readonly Role[] = ['city_supervisor', 'security_admin', 'audit_admin'];

/** 三员: the three administrators, each with a second factor required (TOTP). */
export const ADMIN_ROLES: readonly Role[] = ['admin', 'security_admin', 'audit_admin'];
