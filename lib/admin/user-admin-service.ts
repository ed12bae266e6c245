import crypto from 'node:crypto';
import { and, asc, count, eq, ne, sql, type SQL } from 'drizzle-orm';
import { loginThrottle, units, users, type Role } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { createUser, resetPassword } from '@/lib/auth/account-service';
import { newPasswordSchema } from '@/lib/auth/password';
import { assertCan } from '@/lib/auth/permissions';
import { ADMIN_ROLES, ROLE_LABELS, UNIT_ROLES } from '@/lib/auth/roles';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { isConstraintError, RefusalError } from '@/lib/errors';
import { fail, failField, ok, type Result } from '@/lib/result';
import { OVERSIGHT_UNIT_MESSAGE, type PasswordMode, type UserActiveInput, type UserCreateInput, type UserResetPasswordInput, type UserUpdateInput } from './schemas';

/**
 * 用户管理 (admin only). Every read selects named columns: no password hash (nor session version)
 * ever leaves this module. A district's system administrator manages the accounts of that district
 * only: every read and every change names it, and an account of another district — or one of the
 * deployment's own (市督查员, 安全/审计管理员, no district) — is "not found".
 */
export type AdminUserRow = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
  /** Set while the name is locked out after repeated wrong passwords. */
  lockedUntil: Date | null;
  createdAt: Date;
};

function selectUsers(db: Reader, districtId: number, where?: SQL) {
  return db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitName: units.name,
      email: users.email,
      active: users.active,
      mustChangePassword: users.mustChangePassword,
      lockedUntil: loginThrottle.lockedUntil,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .leftJoin(loginThrottle, eq(loginThrottle.usernameKey, users.username))
    .where(and(eq(users.districtId, districtId), where));
}

/** Lockouts as of the request's instant. */
export async function listUsers(ctx: ServiceContext): Promise<AdminUserRow[]> {
  assertCan(ctx.actor, 'users.manage');
  const rows = await selectUsers(ctx.db, ownDistrictId(ctx.actor)).orderBy(asc(users.username));
  return rows.map((u) => ({ ...u, lockedUntil: u.lockedUntil && u.lockedUntil > ctx.now ? u.lockedUntil : null }));
}

export async function getUserForAdmin(ctx: ServiceContext, userId: number): Promise<AdminUserRow | null> {
  assertCan(ctx.actor, 'users.manage');
  const [u] = await selectUsers(ctx.db, ownDistrictId(ctx.actor), eq(users.id, userId)).limit(1);
  if (!u) return null;
  return { ...u, lockedUntil: u.lockedUntil && u.lockedUntil > ctx.now ? u.lockedUntil : null };
}

// ---------------------------------------------------------------------------------------------

const PASSWORD_ALPHABET = {
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  lower: 'abcdefghijkmnpqrstuvwxyz',
  digit: '23456789',
  symbol: '#@%+=',
};

/** A 12-character password that meets the policy, without look-alike characters (0/O, 1/l/I). */
export function generatePassword(): string {
  const all = Object.values(PASSWORD_ALPHABET).join('');
  const pick = (set: string) => set[crypto.randomInt(set.length)]!;
  for (;;) {
    const chars = [pick(PASSWORD_ALPHABET.upper), pick(PASSWORD_ALPHABET.lower), pick(PASSWORD_ALPHABET.digit), pick(PASSWORD_ALPHABET.symbol)];
    while (chars.length < 12) chars.push(pick(all));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = crypto.randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (newPasswordSchema.safeParse(password).success) return password;
  }
}

function choosePassword(mode: PasswordMode, typed: string): { password: string; generated: string | null } {
  if (mode === 'generate') {
    const password = generatePassword();
    return { password, generated: password };
  }
  return { password: typed, generated: null };
}

/** An active unit of the district (one of another district is as unknown as a missing one). */
async function activeUnit(db: Reader, districtId: number, unitId: number): Promise<{ id: number; name: string } | null> {
  const [unit] = await db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.districtId, districtId), eq(units.active, true)))
    .limit(1);
  return unit ?? null;
}

/**
 * 三员: how many other active accounts of the district hold this administrator role. The last system
 * administrator of a district is never demoted or disabled: without one, nobody could manage its
 * accounts (等保: each duty always has a holder). The security and audit administrators belong to
 * no district and are out of a district administrator's reach altogether.
 */
async function activeRoleCount(db: Reader, districtId: number, role: Role, exceptUserId?: number): Promise<number> {
  const conditions = [eq(users.districtId, districtId), eq(users.role, role), eq(users.active, true)];
  if (exceptUserId !== undefined) conditions.push(ne(users.id, exceptUserId));
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(...conditions));
  return row?.n ?? 0;
}

/**
 * 三员分立: the system administrator neither grants nor takes away the security and the audit
 * administrator's role, nor sets their passwords — else one person could hold all three powers
 * (create an audit administrator with a known password, then read the log). The operator CLI
 * provisions them (`npm run user -- add --role audit_admin`, `reset-password`).
 */
const SEPARATED_ROLES: readonly Role[] = ['security_admin', 'audit_admin'];
export const SEPARATED_ROLE_MESSAGE = '安全管理员和审计管理员由运维人员用命令行创建和重置（三员分立），系统管理员不能授予或重置';

/** 市督查员: an account of the whole city (no district), so no district's administrator grants or takes it. */
const CITY_ROLES: readonly Role[] = ['city_supervisor'];
export const CITY_ROLE_MESSAGE = '市督查员属于全市、不属于任何行政区，由运维人员用命令行创建，系统管理员不能授予';

/** '管理员' for the system administrator (as the console always said), the role's name for the other two. */
const adminLabel = (role: Role) => (role === 'admin' ? '管理员' : ROLE_LABELS[role]);

export type CreatedUser = { id: number; username: string; generatedPassword: string | null };

/**
 * 新建账户. The initial password is typed by the admin or generated (then shown once, never
 * stored in clear); either way the account must change it at first login.
 */
export async function createUserByAdmin(ctx: ServiceContext, input: UserCreateInput): Promise<Result<{ data: CreatedUser }>> {
  assertCan(ctx.actor, 'users.manage');
  const { db } = ctx;
  // The new account is of the administrator's own district, always.
  const districtId = ownDistrictId(ctx.actor);
  const username = input.username.toLowerCase();
  if (SEPARATED_ROLES.includes(input.role)) return failField('role', SEPARATED_ROLE_MESSAGE);
  if (CITY_ROLES.includes(input.role)) return failField('role', CITY_ROLE_MESSAGE);
  if (!UNIT_ROLES.includes(input.role) && input.unitId !== null) return failField('unitId', OVERSIGHT_UNIT_MESSAGE);
  if (input.unitId !== null && !(await activeUnit(db, districtId, input.unitId))) return failField('unitId', '所选单位不存在或已停用');
  const [taken] = await db.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  if (taken) return failField('username', `用户名“${username}”已被使用`);
  const { password, generated } = choosePassword(input.passwordMode, input.password);
  try {
    const created = await createUser(
      db,
      {
        username,
        displayName: input.displayName,
        role: input.role,
        districtId,
        unitId: input.unitId ?? undefined,
        email: input.email === '' ? undefined : input.email,
        password,
        mustChangePassword: true,
      },
      { actor: ctx.actor, meta: ctx.meta, at: ctx.now, via: 'admin' },
    );
    return ok({
      data: { id: created.id, username: created.username, generatedPassword: generated },
      message: `已创建账户 ${created.username}（${ROLE_LABELS[created.role]}），首次登录须修改密码`,
    });
  } catch (err) {
    // Two admins creating the same name at once: the unique index decides.
    if ((err instanceof RefusalError && err.field === 'username') || isConstraintError(err)) {
      return failField('username', `用户名“${username}”已被使用`);
    }
    throw err;
  }
}

/**
 * 修改账户: name, e-mail, role, unit (none for the oversight roles). A change of role or unit ends
 * the user's sessions (the session version moves on), so nobody keeps acting with the old rights.
 */
export async function updateUserByAdmin(ctx: ServiceContext, input: UserUpdateInput): Promise<Result<{ data: { sessionsEnded: boolean } }>> {
  assertCan(ctx.actor, 'users.manage');
  const { actor } = ctx;
  const districtId = ownDistrictId(actor);
  const email = input.email === '' ? null : input.email;
  return transaction(ctx.db, async (tx): Promise<Result<{ data: { sessionsEnded: boolean } }>> => {
    const [row] = await tx
      .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId, email: users.email, active: users.active })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.districtId, districtId)))
      .limit(1);
    if (!row) return fail('找不到该用户');
    const roleChanged = row.role !== input.role;
    const unitChanged = row.unitId !== input.unitId;
    if (roleChanged && row.id === actor.userId) return failField('role', '不能修改自己的角色，请由另一位管理员操作');
    if (roleChanged && (SEPARATED_ROLES.includes(row.role) || SEPARATED_ROLES.includes(input.role))) return failField('role', SEPARATED_ROLE_MESSAGE);
    if (roleChanged && CITY_ROLES.includes(input.role)) return failField('role', CITY_ROLE_MESSAGE);
    // Also when nothing else changes: an account given a unit before must have it cleared to be saved.
    if (!UNIT_ROLES.includes(input.role) && input.unitId !== null) return failField('unitId', OVERSIGHT_UNIT_MESSAGE);
    if (roleChanged && ADMIN_ROLES.includes(row.role) && row.active && (await activeRoleCount(tx, districtId, row.role, row.id)) === 0) {
      return failField('role', `这是唯一启用的${adminLabel(row.role)}，不能改为其他角色`);
    }
    if (unitChanged && input.unitId !== null && !(await activeUnit(tx, districtId, input.unitId))) return failField('unitId', '所选单位不存在或已停用');

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (row.displayName !== input.displayName) changes.displayName = { from: row.displayName, to: input.displayName };
    if (row.email !== email) changes.email = { from: row.email, to: email };
    if (roleChanged) changes.role = { from: row.role, to: input.role };
    if (unitChanged) changes.unitId = { from: row.unitId, to: input.unitId };
    if (Object.keys(changes).length === 0) return ok({ data: { sessionsEnded: false }, message: '没有需要保存的修改' });

    const endSessions = roleChanged || unitChanged;
    await tx
      .update(users)
      .set({
        displayName: input.displayName,
        email,
        role: input.role,
        unitId: input.unitId,
        ...(endSessions ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
      })
      .where(and(eq(users.id, row.id), eq(users.districtId, districtId)));
    await writeAudit(
      tx,
      actor,
      { action: 'account.update', entityType: 'user', entityId: row.id, detail: { username: row.username, changes, sessionsEnded: endSessions } },
      ctx.meta,
      ctx.now,
    );
    return ok({
      data: { sessionsEnded: endSessions },
      message: endSessions ? '已保存；角色或单位已变更，该用户须重新登录' : '已保存',
    });
  });
}

/** 重置密码: through the operator path (must change at next login, sessions end, lockout cleared). */
export async function resetUserPasswordByAdmin(ctx: ServiceContext, input: UserResetPasswordInput): Promise<Result<{ data: { generatedPassword: string | null } }>> {
  assertCan(ctx.actor, 'users.manage');
  const [row] = await ctx.db
    .select({ id: users.id, username: users.username, role: users.role })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.districtId, ownDistrictId(ctx.actor))))
    .limit(1);
  if (!row) return fail('找不到该用户');
  if (row.id === ctx.actor.userId) return fail('请在“修改密码”页面修改自己的密码');
  if (SEPARATED_ROLES.includes(row.role)) return fail(SEPARATED_ROLE_MESSAGE);
  if (input.passwordMode === 'manual' && input.password.toLowerCase().includes(row.username)) {
    return failField('password', '密码不能包含用户名');
  }
  const { password, generated } = choosePassword(input.passwordMode, input.password);
  await resetPassword(ctx.db, { username: row.username, password, mustChangePassword: true }, { actor: ctx.actor, meta: ctx.meta, at: ctx.now, via: 'admin' });
  return ok({
    data: { generatedPassword: generated },
    message: `已重置 ${row.username} 的密码：原有登录已失效，下次登录须修改密码`,
  });
}

/**
 * 停用 / 启用. Disabling ends the user's sessions at once (every request checks `active` and the
 * session version). Nobody disables themselves or the last active admin.
 */
export async function setUserActiveByAdmin(ctx: ServiceContext, input: UserActiveInput): Promise<Result> {
  assertCan(ctx.actor, 'users.manage');
  const { userId, active } = input;
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx): Promise<Result> => {
    const [row] = await tx
      .select({ id: users.id, username: users.username, role: users.role, active: users.active, unitId: users.unitId })
      .from(users)
      .where(and(eq(users.id, userId), eq(users.districtId, districtId)))
      .limit(1);
    if (!row) return fail('找不到该用户');
    if (row.active === active) return fail(active ? '该账户已是启用状态' : '该账户已停用');
    if (!active) {
      if (row.id === ctx.actor.userId) return fail('不能停用自己的账户');
      if (ADMIN_ROLES.includes(row.role) && (await activeRoleCount(tx, districtId, row.role, row.id)) === 0) return fail(`这是唯一启用的${adminLabel(row.role)}账户，不能停用`);
    }
    await tx
      .update(users)
      .set(active ? { active: true } : { active: false, sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(and(eq(users.id, row.id), eq(users.districtId, districtId)));
    await writeAudit(tx, ctx.actor, { action: active ? 'account.enable' : 'account.disable', entityType: 'user', entityId: row.id, detail: { username: row.username, role: row.role } }, ctx.meta, ctx.now);
    return ok({ message: active ? `已启用账户 ${row.username}` : `已停用账户 ${row.username}，其登录已立即失效` });
  });
}
