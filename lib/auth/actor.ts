import type { Role } from './roles';

/** The logged-in user as services see it: never the DB row (no hash, no secrets). */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** 行政区: the district the account works in; null for the deployment's own accounts (市督查室, 安全/审计管理员). */
  districtId: number | null;
  unitId: number | null;
  unitName: string | null;
  /** The server-side session of the request (absent for scripts and tests): logout ends this one. */
  sessionId?: string;
  /** When that session's login was (the 上次登录 notice names the login by it). */
  sessionStartedAt?: Date;
  /** 上次登录: the login before that one, recorded when it started (null for a first login). */
  previousLogin?: { at: Date; ip: string | null } | null;
  /** 密码有效期: whole days left under the policy, null without expiry (the layout's reminder). */
  passwordDaysLeft?: number | null;
};
