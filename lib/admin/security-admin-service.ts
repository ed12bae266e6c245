import { and, asc, count, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { likeIgnoringCase } from '@/db/dialect';
import { districts, loginThrottle, settings, units, userSessions, users, type Role } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { endAllSessions } from '@/lib/auth/account-service';
import { usernameKey } from '@/lib/auth/login-service';
import { assertCan } from '@/lib/auth/permissions';
import { ADMIN_ROLES } from '@/lib/auth/roles';
import { getSecurityPolicy, SECURITY_POLICY_KEY, type SecurityPolicy } from '@/lib/auth/security-policy';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { fail, ok, type Result } from '@/lib/result';
import type { UnlockAccountInput, UserTargetInput } from './schemas';

/**
 * 安全管理 (the security administrator, 三员分立): the password and session policy, unlocking
 * locked accounts, resetting a user's second factor (动态口令) and ending a user's sessions. Every
 * command is the security administrator's alone (`security.manage`) and writes one audit line in
 * the transaction of its change. Nobody administers their own account here: a second factor or
 * sessions of one's own are managed on the 账户与安全 page, and a stolen session of the security
 * administrator must not be able to strip that account's second factor.
 *
 * The security administrator serves the whole deployment (no district): these lists and commands
 * cover the accounts of every district, and each row names its district (two districts have units
 * of the same names).
 */

/** 安全策略: saved whole (the form sends every field), audited with the policy before and after. */
export async function updateSecurityPolicy(ctx: ServiceContext, input: SecurityPolicy): Promise<Result> {
  assertCan(ctx.actor, 'security.manage');
  return transaction(ctx.db, async (tx): Promise<Result> => {
    const before = await getSecurityPolicy(tx);
    const after: SecurityPolicy = {
      passwordExpiryDays: input.passwordExpiryDays,
      passwordHistoryCount: input.passwordHistoryCount,
      sessionIdleMinutes: input.sessionIdleMinutes,
      sessionAbsoluteHours: input.sessionAbsoluteHours,
    };
    if (JSON.stringify(before) === JSON.stringify(after)) return ok({ message: '没有需要保存的修改' });
    const value = JSON.stringify(after);
    await tx
      .insert(settings)
      .values({ key: SECURITY_POLICY_KEY, value, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: ctx.now } });
    await writeAudit(tx, ctx.actor, { action: 'security.policy_update', entityType: 'settings', detail: { before, after } }, ctx.meta, ctx.now);
    return ok({ message: '安全策略已保存，新的登录与会话即按此执行' });
  });
}

export type LockedAccount = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** 行政区 of the account; null for the deployment's own accounts. */
  districtName: string | null;
  unitName: string | null;
  failedCount: number;
  lockedUntil: Date;
  lastFailedAt: Date | null;
};

/**
 * Accounts locked out now (repeated wrong passwords). Only real accounts: the counter is also kept
 * for names that match no account (so a lockout tells nobody which names exist), and those stay
 * out of the list (they may be a password typed into the name field); the audit log has the failures.
 */
export async function listLockedAccounts(ctx: ServiceContext): Promise<LockedAccount[]> {
  assertCan(ctx.actor, 'security.manage');
  const rows = await ctx.db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      districtName: districts.name,
      unitName: units.name,
      failedCount: loginThrottle.failedCount,
      lockedUntil: loginThrottle.lockedUntil,
      lastFailedAt: loginThrottle.lastFailedAt,
    })
    .from(loginThrottle)
    .innerJoin(users, eq(users.username, loginThrottle.usernameKey))
    .leftJoin(districts, eq(districts.id, users.districtId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(gt(loginThrottle.lockedUntil, ctx.now))
    .orderBy(asc(users.username));
  return rows.map((r) => ({ ...r, lockedUntil: r.lockedUntil! }));
}

/** 解锁: the failed-login counter of the account goes (the next login starts afresh). */
export async function unlockAccount(ctx: ServiceContext, input: UnlockAccountInput): Promise<Result> {
  assertCan(ctx.actor, 'security.manage');
  const key = usernameKey(input.username);
  return transaction(ctx.db, async (tx): Promise<Result> => {
    const [user] = await tx.select({ id: users.id, username: users.username }).from(users).where(eq(users.username, key)).limit(1);
    if (!user) return fail('找不到该账户');
    if (user.id === ctx.actor.userId) return fail('不能解锁自己的账户，请由另一位安全管理员操作');
    const [throttle] = await tx.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, key)).limit(1);
    if (!throttle?.lockedUntil || throttle.lockedUntil <= ctx.now) return fail(`账户 ${user.username} 未被锁定`);
    await tx.delete(loginThrottle).where(eq(loginThrottle.usernameKey, key));
    await writeAudit(
      tx,
      ctx.actor,
      {
        action: 'account.unlock',
        entityType: 'user',
        entityId: user.id,
        detail: { username: user.username, failedCount: throttle.failedCount, lockedUntil: throttle.lockedUntil.toISOString() },
      },
      ctx.meta,
      ctx.now,
    );
    return ok({ message: `已解锁账户 ${user.username}` });
  });
}

async function targetUser(ctx: ServiceContext, userId: number) {
  const [row] = await ctx.db
    .select({ id: users.id, username: users.username, role: users.role, totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return row ?? null;
}

/**
 * 重置动态口令 (a lost or replaced phone): the user's TOTP secret is cleared, a pending one too; at the
 * next login the three administrators must enrol again, others may. Every session of the user ends
 * too: a session left open (a stolen one, on the lost phone) must not be the one that enrols the new key.
 */
export async function resetUserTotp(ctx: ServiceContext, input: UserTargetInput): Promise<Result> {
  assertCan(ctx.actor, 'security.manage');
  const user = await targetUser(ctx, input.userId);
  if (!user) return fail('找不到该用户');
  if (user.id === ctx.actor.userId) return fail('不能重置自己的动态口令，请由另一位安全管理员操作');
  if (user.totpSecret === null && user.totpEnabledAt === null) return fail(`${user.username} 尚未设置动态口令`);
  return transaction(ctx.db, async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, user.id));
    await endAllSessions(tx, user.id, 'admin', ctx.now);
    await writeAudit(
      tx,
      ctx.actor,
      { action: 'account.totp_reset', entityType: 'user', entityId: user.id, detail: { username: user.username, role: user.role, wasEnabled: user.totpEnabledAt !== null } },
      ctx.meta,
      ctx.now,
    );
    const next = ADMIN_ROLES.includes(user.role) ? '其下次登录时须重新绑定' : '其可在“账户与安全”页面重新设置';
    return ok({ message: `已重置 ${user.username} 的动态口令，其登录会话已全部结束，${next}` });
  });
}

/** 强制下线: every session of the user ends now (reason 'admin'); their tokens stop working at the next request. */
export async function endUserSessionsBySecurityAdmin(ctx: ServiceContext, input: UserTargetInput): Promise<Result<{ sessionsEnded: number }>> {
  assertCan(ctx.actor, 'security.manage');
  const user = await targetUser(ctx, input.userId);
  if (!user) return fail('找不到该用户');
  if (user.id === ctx.actor.userId) return fail('请在“账户与安全”页面退出自己的其他设备');
  return transaction(ctx.db, async (tx) => {
    const [open] = await tx
      .select({ n: count() })
      .from(userSessions)
      .where(and(eq(userSessions.userId, user.id), isNull(userSessions.endedAt)));
    const sessionsEnded = open?.n ?? 0;
    await endAllSessions(tx, user.id, 'admin', ctx.now);
    await writeAudit(tx, ctx.actor, { action: 'account.sessions_end', entityType: 'user', entityId: user.id, detail: { username: user.username, sessionsEnded } }, ctx.meta, ctx.now);
    return ok({ sessionsEnded, message: `已强制 ${user.username} 下线（结束 ${sessionsEnded} 个会话）` });
  });
}

export type SecurityUserRow = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** 行政区 of the account; null for the deployment's own accounts. */
  districtName: string | null;
  unitName: string | null;
  active: boolean;
  totpEnabled: boolean;
  /** Sessions not ended (some may have run past the idle limit and end at their next request). */
  openSessions: number;
};

/** Accounts for the console's per-user commands: by username or name (partial), at most `limit`. */
export async function searchUsersForSecurity(ctx: ServiceContext, q: string, limit = 50): Promise<SecurityUserRow[]> {
  assertCan(ctx.actor, 'security.manage');
  const term = q.trim().toLowerCase().slice(0, 40);
  const pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const open = sql<number>`(select count(*) from ${userSessions} where ${userSessions.userId} = ${users.id} and ${userSessions.endedAt} is null)`;
  const rows = await ctx.db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      districtName: districts.name,
      unitName: units.name,
      active: users.active,
      totpEnabledAt: users.totpEnabledAt,
      openSessions: open,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(term === '' ? undefined : or(likeIgnoringCase(users.username, pattern, '\\'), likeIgnoringCase(users.displayName, pattern, '\\')))
    .orderBy(asc(users.username))
    .limit(limit);
  return rows.map(({ totpEnabledAt, ...r }) => ({ ...r, totpEnabled: totpEnabledAt !== null, openSessions: Number(r.openSessions) }));
}
