import { and, desc, eq, ne, notInArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { districts, loginThrottle, passwordHistory, ROLES, units, users, userSessions, type Role } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Db, type Reader, type Tx } from '@/lib/db';
import { RefusalError } from '@/lib/errors';
import { fail, failField, ok, type Result } from '@/lib/result';
import { resolveUnitId } from '@/lib/units/unit-service';
import type { Actor } from './actor';
import { isLocked, LOCKOUT_THRESHOLD, minutesLeft } from './lockout';
import { clearFailures, countFailure, readThrottle, sessionUserColumns, usernameKey } from './login-service';
import { hashPassword, newPasswordSchema, verifyPassword } from './password';
import { usernameSchema, type ChangePasswordInput } from './schemas';
import { DEPLOYMENT_ROLES, UNIT_ROLES } from './roles';
import { passwordDaysLeft, passwordExpired, passwordExpiresAt, passwordReusedMessage } from './password-policy';
import { getSecurityPolicy, type SecurityPolicy } from './security-policy';
import { checkSessionRow, endSession, endUserSessions, previousLoginOf, type SessionEndReason } from './user-sessions';

export type SessionUser = Actor & { mustChangePassword: boolean };

/**
 * The user behind a session token, or null when the token is stale: the account was disabled, its
 * session version moved on (password reset, role change) after the token was issued, or its
 * server-side session is over (logout, idle, absolute limit: checkSession). A password past its
 * expiry comes back as mustChangePassword.
 */
export async function loadSessionUser(
  db: Db,
  token: { userId: number; sessionVersion: number; sessionId: string },
  at: Date,
): Promise<SessionUser | null> {
  // The account and its server-side session in one read.
  const [found] = await db
    .select({ row: { ...sessionUserColumns, passwordChangedAt: users.passwordChangedAt, createdAt: users.createdAt }, sessionRow: userSessions })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(userSessions, and(eq(userSessions.id, token.sessionId), eq(userSessions.userId, users.id)))
    .where(eq(users.id, token.userId))
    .limit(1);
  const row = found?.row;
  if (!row || !found.sessionRow || !row.active || row.sessionVersion !== token.sessionVersion) return null;
  const policy = await getSecurityPolicy(db);
  const session = await checkSessionRow(db, found.sessionRow, { policy, now: at });
  if (!session) return null;
  const { active: _active, sessionVersion: _sv, passwordChangedAt, createdAt, ...user } = row;
  // 密码有效期: an expired password sends the user to the change-password page like a reset one
  // (the page tells which, from getPasswordStatus).
  const changedAt = passwordChangedAt ?? createdAt;
  const expired = passwordExpired(changedAt, policy, at);
  return {
    ...user,
    mustChangePassword: user.mustChangePassword || expired,
    sessionId: session.id,
    sessionStartedAt: session.createdAt,
    previousLogin: previousLoginOf(session),
    passwordDaysLeft: passwordDaysLeft(changedAt, policy, at),
  };
}

/** 密码有效期 as the account page and the change-password page show it. */
export type PasswordStatus = {
  /** When the password was last set (the account's creation if never). */
  changedAt: Date;
  /** When it runs out; null when the policy has no expiry. */
  expiresAt: Date | null;
  expired: boolean;
  /** Whole days left (null without expiry). */
  daysLeft: number | null;
  expiryDays: number;
};

export async function getPasswordStatus(db: Reader, userId: number, now: Date, policy?: SecurityPolicy): Promise<PasswordStatus | null> {
  const [row] = await db
    .select({ changedAt: users.passwordChangedAt, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) return null;
  const p = policy ?? (await getSecurityPolicy(db));
  const changedAt = row.changedAt ?? row.createdAt;
  return {
    changedAt,
    expiresAt: passwordExpiresAt(changedAt, p.passwordExpiryDays),
    expired: passwordExpired(changedAt, p, now),
    daysLeft: passwordDaysLeft(changedAt, p, now),
    expiryDays: p.passwordExpiryDays,
  };
}

/** Ends every session of the user (logout everywhere, password changes, disabling): old tokens stop working too. */
export async function endAllSessions(db: Db | Tx, userId: number, reason: SessionEndReason = 'logout_all', at: Date = new Date()): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId));
    await endUserSessions(tx, userId, reason, at);
  });
}

/** 退出: this session ends server-side (not only this browser's cookie); the user's other sessions go on. Audited. */
export async function logOut(ctx: ServiceContext): Promise<Result> {
  return transaction(ctx.db, async (tx) => {
    if (ctx.actor.sessionId) await endSession(tx, ctx.actor.sessionId, 'logout', ctx.now);
    await writeAudit(tx, ctx.actor, { action: 'account.logout', entityType: 'user', entityId: ctx.actor.userId }, ctx.meta, ctx.now);
    return ok();
  });
}

/** 退出所有设备: every session of the user ends, this one included. Audited. */
export async function logOutEverywhere(ctx: ServiceContext): Promise<Result> {
  return transaction(ctx.db, async (tx) => {
    await endAllSessions(tx, ctx.actor.userId, 'logout_all', ctx.now);
    await writeAudit(tx, ctx.actor, { action: 'account.logout_all', entityType: 'user', entityId: ctx.actor.userId }, ctx.meta, ctx.now);
    return ok();
  });
}

/**
 * Whether `plain` is the current password or one of the recent ones: `historyCount` counts the
 * current one, so the current hash and the last historyCount − 1 retired ones are checked.
 */
export async function isRecentPassword(db: Reader, userId: number, plain: string, currentHash: string, historyCount: number): Promise<boolean> {
  const retired =
    historyCount > 1
      ? await db
          .select({ hash: passwordHistory.passwordHash })
          .from(passwordHistory)
          .where(eq(passwordHistory.userId, userId))
          .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
          .limit(historyCount - 1)
      : [];
  for (const hash of [currentHash, ...retired.map((r) => r.hash)]) {
    if (await verifyPassword(plain, hash)) return true;
  }
  return false;
}

/**
 * Every password change goes through here (own change, operator or admin reset): the new hash,
 * users.passwordChangedAt (密码有效期 counts from it), the session version bumped and every session
 * ended, and the replaced hash kept in password_history (at most `historyCount` rows per user, so
 * the reuse rule can check them). With `expectedHash` the change happens only if that is still the
 * stored hash (compare-and-set); returns whether it happened.
 */
export async function storePassword(
  tx: Tx,
  userId: number,
  newHash: string,
  options: { expectedHash?: string; mustChangePassword: boolean; now: Date; historyCount: number },
): Promise<boolean> {
  const [before] = await tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId)).limit(1);
  if (!before || (options.expectedHash !== undefined && before.hash !== options.expectedHash)) return false;
  const changed = await tx
    .update(users)
    .set({
      passwordHash: newHash,
      passwordChangedAt: options.now,
      mustChangePassword: options.mustChangePassword,
      sessionVersion: sql`${users.sessionVersion} + 1`,
    })
    .where(and(eq(users.id, userId), eq(users.passwordHash, before.hash)))
    .returning({ id: users.id });
  if (changed.length === 0) return false;
  await tx.insert(passwordHistory).values({ userId, passwordHash: before.hash, createdAt: options.now });
  const keep = tx
    .select({ id: passwordHistory.id })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id))
    .limit(Math.max(options.historyCount, 1));
  await tx.delete(passwordHistory).where(and(eq(passwordHistory.userId, userId), notInArray(passwordHistory.id, keep)));
  await endUserSessions(tx, userId, 'password', options.now);
  return true;
}

export const PASSWORD_CHANGE_LOCKED = (minutes: number) => `当前密码输入错误次数过多，账户已锁定，请 ${minutes} 分钟后再试`;

/**
 * A user changes their own password (the input is the parsed change-password form); all their
 * sessions end and they log in again. A wrong current password counts toward the same lockout as
 * a wrong login (a stolen session must not become a free password-guessing oracle), and a locked
 * account cannot change its password either.
 */
export async function changeOwnPassword(ctx: ServiceContext, input: ChangePasswordInput): Promise<Result> {
  const { actor } = ctx;
  const key = usernameKey(actor.username);
  const throttle = await readThrottle(ctx.db, key);
  if (isLocked(throttle, ctx.now)) return failField('currentPassword', PASSWORD_CHANGE_LOCKED(minutesLeft(throttle, ctx.now)));
  const [row] = await ctx.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!row || !(await verifyPassword(input.currentPassword, row.hash))) {
    const counted = await transaction(ctx.db, (tx) => countFailure(tx, key, ctx.now, LOCKOUT_THRESHOLD));
    if (isLocked(counted, ctx.now)) return failField('currentPassword', PASSWORD_CHANGE_LOCKED(minutesLeft(counted, ctx.now)));
    return failField('currentPassword', '当前密码不正确');
  }
  if (input.newPassword.toLowerCase().includes(actor.username.toLowerCase())) {
    return fail('请检查输入', { newPassword: ['密码不能包含用户名'] });
  }
  const policy = await getSecurityPolicy(ctx.db);
  if (await isRecentPassword(ctx.db, actor.userId, input.newPassword, row.hash, policy.passwordHistoryCount)) {
    return failField('newPassword', passwordReusedMessage(policy.passwordHistoryCount));
  }
  const hash = await hashPassword(input.newPassword);
  return transaction(ctx.db, async (tx) => {
    // Only if the password checked above is still the current one (not changed meanwhile from another session).
    const changed = await storePassword(tx, actor.userId, hash, {
      expectedHash: row.hash,
      mustChangePassword: false,
      now: ctx.now,
      historyCount: policy.passwordHistoryCount,
    });
    if (!changed) return failField('currentPassword', '当前密码不正确');
    if (throttle.failedCount > 0) await clearFailures(tx, key);
    await writeAudit(tx, actor, { action: 'account.password_change', entityType: 'user', entityId: actor.userId }, ctx.meta, ctx.now);
    return ok();
  });
}

/**
 * The deployment's own accounts: the city office (市督查员) reads every district, the security and
 * audit administrators (三员) serve all of them; they belong to no district (users.districtId null).
 * Every other role works in exactly one district.
 */
export const DEPLOYMENT_ROLE_DISTRICT_MESSAGE = '市督查员、安全管理员和审计管理员属于整个系统，不属于任何行政区，请不要指定行政区（--district）';

export const createUserSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1, '请输入姓名').max(40, '姓名最多 40 个字符').optional(),
    role: z.enum(ROLES, { error: `角色必须是 ${ROLES.join(' / ')} 之一` }),
    /**
     * 行政区 the account works in, always given (no default: a forgotten district must not become
     * district 1). Null only for the deployment's own accounts (DEPLOYMENT_ROLES).
     */
    districtId: z.number().int().positive().nullable(),
    unitName: z.string().trim().min(1).optional(),
    /** The console picks a unit by id; the CLI names it. */
    unitId: z.number().int().positive().optional(),
    email: z.email('邮箱格式不正确').max(120, '邮箱最多 120 个字符').optional(),
    password: newPasswordSchema,
    mustChangePassword: z.boolean().default(true),
  })
  .refine((v) => !UNIT_ROLES.includes(v.role) || !!v.unitName || v.unitId !== undefined, {
    path: ['unitName'],
    message: '填报员和单位负责人必须指定所属单位（--unit）',
  })
  .refine((v) => !DEPLOYMENT_ROLES.includes(v.role) || v.districtId === null, {
    path: ['districtId'],
    message: DEPLOYMENT_ROLE_DISTRICT_MESSAGE,
  })
  .refine((v) => !DEPLOYMENT_ROLES.includes(v.role) || (!v.unitName && v.unitId === undefined), {
    path: ['unitName'],
    message: '市督查员、安全管理员和审计管理员不属于任何单位，请不要指定单位（--unit）',
  })
  .refine((v) => DEPLOYMENT_ROLES.includes(v.role) || v.districtId !== null, {
    path: ['districtId'],
    message: '该角色的账户属于一个行政区，请指定所属行政区（--district）',
  });
export type CreateUserInput = z.input<typeof createUserSchema>;

/**
 * Who changes an account and from where, for the audit trail: the operator CLI (no actor) by
 * default, or an admin in the console.
 */
export type AccountChangeContext = {
  actor: Pick<Actor, 'userId' | 'displayName'> | null;
  meta: RequestMeta;
  at: Date;
  via: 'cli' | 'admin';
};
const CLI_CONTEXT = (): AccountChangeContext => ({ actor: null, meta: NO_META, at: new Date(), via: 'cli' });

/**
 * Why a unit name given to the operator CLI is unknown: not in the district at all, or (a city's
 * deployment) a unit of another district — the operator sees every district, so saying which helps.
 */
async function unknownUnitMessage(db: Reader, districtId: number, rawName: string): Promise<string> {
  const [district] = await db.select({ name: districts.name }).from(districts).where(eq(districts.id, districtId)).limit(1);
  const [elsewhere] = await db
    .select({ district: districts.name })
    .from(units)
    .innerJoin(districts, eq(districts.id, units.districtId))
    .where(and(eq(units.name, rawName.trim()), ne(units.districtId, districtId)))
    .limit(1);
  if (elsewhere && district) return `单位“${rawName}”属于${elsewhere.district}，不在${district.name}；账户只能属于所在行政区的单位`;
  return `找不到单位“${rawName}”，请使用单位列表中的名称`;
}

/**
 * Operator/admin path to a new account, in the district the input names (null: one of the
 * deployment's own accounts, DEPLOYMENT_ROLES); a unit given must be of that district. The
 * password is chosen by someone else, so it must be changed at first login by default. Refusals
 * (unknown district or unit, name taken) throw a RefusalError; bad input (a district role without
 * a district, a deployment role with one) throws the schema's ZodError. Given a transaction, it
 * runs inside it.
 */
export async function createUser(
  db: Db | Tx,
  input: CreateUserInput,
  context: AccountChangeContext = CLI_CONTEXT(),
): Promise<{ id: number; username: string; role: Role }> {
  const data = createUserSchema.parse(input);
  const username = data.username.toLowerCase();
  // Hashing takes a quarter of a second: before the transaction, so nobody else's write waits for it.
  const passwordHash = await hashPassword(data.password);
  const { districtId } = data;
  return transaction(db, async (tx) => {
    if (districtId !== null) {
      const [district] = await tx.select({ id: districts.id }).from(districts).where(eq(districts.id, districtId)).limit(1);
      if (!district) throw new RefusalError('找不到所指定的行政区', 'districtId');
    }
    // A unit is looked up within the account's district only: one of another district is "not found".
    let unitId: number | null = null;
    if (districtId !== null && data.unitId !== undefined) {
      const [unit] = await tx
        .select({ id: units.id })
        .from(units)
        .where(and(eq(units.id, data.unitId), eq(units.districtId, districtId)))
        .limit(1);
      if (!unit) throw new RefusalError('找不到所选单位', 'unitId');
      unitId = unit.id;
    } else if (districtId !== null && data.unitName) {
      unitId = await resolveUnitId(tx, districtId, data.unitName);
      if (unitId === null) throw new RefusalError(await unknownUnitMessage(tx, districtId, data.unitName), 'unitName');
    }
    const [exists] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (exists) throw new RefusalError(`用户名“${username}”已存在`, 'username');
    const [inserted] = await tx
      .insert(users)
      .values({
        username,
        displayName: data.displayName ?? username,
        passwordHash,
        role: data.role,
        districtId,
        unitId,
        email: data.email ?? null,
        mustChangePassword: data.mustChangePassword,
        passwordChangedAt: context.at,
      })
      .returning({ id: users.id });
    await writeAudit(
      tx,
      context.actor,
      { action: 'account.create', entityType: 'user', entityId: inserted!.id, detail: { username, role: data.role, districtId, via: context.via } },
      context.meta,
      context.at,
    );
    return { id: inserted!.id, username, role: data.role };
  });
}

/**
 * Sets a new password chosen by an operator; every session of the user ends. An unknown user is a
 * RefusalError; a weak password throws the schema's ZodError.
 */
export async function resetPassword(
  db: Db | Tx,
  input: { username: string; password: string; mustChangePassword?: boolean },
  context: AccountChangeContext = CLI_CONTEXT(),
): Promise<void> {
  const password = newPasswordSchema.parse(input.password);
  const username = input.username.trim().toLowerCase();
  const passwordHash = await hashPassword(password);
  await transaction(db, async (tx) => {
    const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
    if (!row) throw new RefusalError(`找不到用户“${username}”`, 'username');
    const { passwordHistoryCount } = await getSecurityPolicy(tx);
    await storePassword(tx, row.id, passwordHash, {
      mustChangePassword: input.mustChangePassword ?? true,
      now: context.at,
      historyCount: passwordHistoryCount,
    });
    await writeAudit(
      tx,
      context.actor,
      { action: 'account.reset_password', entityType: 'user', entityId: row.id, detail: { username, via: context.via } },
      context.meta,
      context.at,
    );
    // A reset is how a locked-out user gets back in: clear the failed-login counter too.
    await tx.delete(loginThrottle).where(eq(loginThrottle.usernameKey, username));
  });
}
