import crypto from 'node:crypto';
import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { loginThrottle, units, users, type Role } from '@/db/schema';
import { writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import { createUser, resetPassword } from '@/lib/auth/account-service';
import type { Actor } from '@/lib/auth/actor';
import { newPasswordSchema } from '@/lib/auth/password';
import { assertCan } from '@/lib/auth/permissions';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { invalid, isConstraintError, refuse, refuseField, type AdminResult } from './result';
import { userActiveSchema, userCreateSchema, userResetPasswordSchema, userUpdateSchema, type PasswordMode } from './schemas';

/**
 * 用户管理 (admin only). Every read selects named columns: no password hash (nor session version)
 * ever leaves this module.
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

function selectUsers(db: Pick<AppDatabase, 'select'>) {
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
    .leftJoin(loginThrottle, eq(loginThrottle.usernameKey, users.username));
}

export function listUsers(db: AppDatabase, actor: Actor, now: Date = new Date()): AdminUserRow[] {
  assertCan(actor, 'users.manage');
  return selectUsers(db)
    .orderBy(asc(users.username))
    .all()
    .map((u) => ({ ...u, lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil : null }));
}

export function getUserForAdmin(db: AppDatabase, actor: Actor, userId: number, now: Date = new Date()): AdminUserRow | null {
  assertCan(actor, 'users.manage');
  const u = selectUsers(db).where(eq(users.id, userId)).get();
  if (!u) return null;
  return { ...u, lockedUntil: u.lockedUntil && u.lockedUntil > now ? u.lockedUntil : null };
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

function activeUnit(db: Pick<AppDatabase, 'select'>, unitId: number): { id: number; name: string } | null {
  return db.select({ id: units.id, name: units.name }).from(units).where(and(eq(units.id, unitId), eq(units.active, true))).get() ?? null;
}

function activeAdminCount(db: Pick<AppDatabase, 'select'>, exceptUserId?: number): number {
  const conditions = [eq(users.role, 'admin'), eq(users.active, true)];
  if (exceptUserId !== undefined) conditions.push(ne(users.id, exceptUserId));
  return db.select({ n: count() }).from(users).where(and(...conditions)).get()?.n ?? 0;
}

export type CreatedUser = { id: number; username: string; generatedPassword: string | null };

/**
 * 新建账户. The initial password is typed by the admin or generated (then shown once, never
 * stored in clear); either way the account must change it at first login.
 */
export async function createUserByAdmin(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): Promise<AdminResult<CreatedUser>> {
  assertCan(actor, 'users.manage');
  const parsed = userCreateSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const data = parsed.data;
  const username = data.username.toLowerCase();
  if (data.unitId !== null && !activeUnit(db, data.unitId)) return refuseField('unitId', '所选单位不存在或已停用');
  if (db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()) {
    return refuseField('username', `用户名“${username}”已被使用`);
  }
  const { password, generated } = choosePassword(data.passwordMode, data.password);
  try {
    const created = await createUser(
      db,
      {
        username,
        displayName: data.displayName,
        role: data.role,
        unitId: data.unitId ?? undefined,
        email: data.email === '' ? undefined : data.email,
        password,
        mustChangePassword: true,
      },
      { actor, meta, at, via: 'admin' },
    );
    return {
      ok: true,
      data: { id: created.id, username: created.username, generatedPassword: generated },
      message: `已创建账户 ${created.username}（${ROLE_LABELS[created.role]}），首次登录须修改密码`,
    };
  } catch (err) {
    // Two admins creating the same name at once: the unique index decides.
    if ((err instanceof Error && /已存在/.test(err.message)) || isConstraintError(err)) {
      return refuseField('username', `用户名“${username}”已被使用`);
    }
    throw err;
  }
}

/**
 * 修改账户: name, e-mail, role, unit. A change of role or unit ends the user's sessions (the session
 * version moves on), so nobody keeps acting with the old rights.
 */
export function updateUserByAdmin(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult<{ sessionsEnded: boolean }> {
  assertCan(actor, 'users.manage');
  const parsed = userUpdateSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const data = parsed.data;
  const email = data.email === '' ? null : data.email;
  return db.transaction(
    (tx): AdminResult<{ sessionsEnded: boolean }> => {
      const row = tx
        .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, unitId: users.unitId, email: users.email, active: users.active })
        .from(users)
        .where(eq(users.id, data.userId))
        .get();
      if (!row) return refuse('找不到该用户');
      const roleChanged = row.role !== data.role;
      const unitChanged = row.unitId !== data.unitId;
      if (roleChanged && row.id === actor.userId) return refuseField('role', '不能修改自己的角色，请由另一位管理员操作');
      if (roleChanged && row.role === 'admin' && row.active && activeAdminCount(tx, row.id) === 0) {
        return refuseField('role', '这是唯一启用的管理员，不能改为其他角色');
      }
      if (unitChanged && data.unitId !== null && !activeUnit(tx, data.unitId)) return refuseField('unitId', '所选单位不存在或已停用');

      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (row.displayName !== data.displayName) changes.displayName = { from: row.displayName, to: data.displayName };
      if (row.email !== email) changes.email = { from: row.email, to: email };
      if (roleChanged) changes.role = { from: row.role, to: data.role };
      if (unitChanged) changes.unitId = { from: row.unitId, to: data.unitId };
      if (Object.keys(changes).length === 0) return { ok: true, data: { sessionsEnded: false }, message: '没有需要保存的修改' };

      const endSessions = roleChanged || unitChanged;
      tx.update(users)
        .set({
          displayName: data.displayName,
          email,
          role: data.role,
          unitId: data.unitId,
          ...(endSessions ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
        })
        .where(eq(users.id, row.id))
        .run();
      writeAudit(
        tx,
        actor,
        { action: 'account.update', entityType: 'user', entityId: row.id, detail: { username: row.username, changes, sessionsEnded: endSessions } },
        meta,
        at,
      );
      return {
        ok: true,
        data: { sessionsEnded: endSessions },
        message: endSessions ? '已保存；角色或单位已变更，该用户须重新登录' : '已保存',
      };
    },
    { behavior: 'immediate' },
  );
}

/** 重置密码: through the operator path (must change at next login, sessions end, lockout cleared). */
export async function resetUserPasswordByAdmin(
  db: AppDatabase,
  actor: Actor,
  raw: unknown,
  meta: RequestMeta,
  at: Date,
): Promise<AdminResult<{ generatedPassword: string | null }>> {
  assertCan(actor, 'users.manage');
  const parsed = userResetPasswordSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const row = db.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, parsed.data.userId)).get();
  if (!row) return refuse('找不到该用户');
  if (row.id === actor.userId) return refuse('请在“修改密码”页面修改自己的密码');
  if (parsed.data.passwordMode === 'manual' && parsed.data.password.toLowerCase().includes(row.username)) {
    return refuseField('password', '密码不能包含用户名');
  }
  const { password, generated } = choosePassword(parsed.data.passwordMode, parsed.data.password);
  await resetPassword(db, { username: row.username, password, mustChangePassword: true }, { actor, meta, at, via: 'admin' });
  return {
    ok: true,
    data: { generatedPassword: generated },
    message: `已重置 ${row.username} 的密码：原有登录已失效，下次登录须修改密码`,
  };
}

/**
 * 停用 / 启用. Disabling ends the user's sessions at once (every request checks `active` and the
 * session version). Nobody disables themselves or the last active admin.
 */
export function setUserActiveByAdmin(db: AppDatabase, actor: Actor, raw: unknown, meta: RequestMeta, at: Date): AdminResult {
  assertCan(actor, 'users.manage');
  const parsed = userActiveSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const { userId, active } = parsed.data;
  return db.transaction(
    (tx): AdminResult => {
      const row = tx.select({ id: users.id, username: users.username, role: users.role, active: users.active, unitId: users.unitId }).from(users).where(eq(users.id, userId)).get();
      if (!row) return refuse('找不到该用户');
      if (row.active === active) return refuse(active ? '该账户已是启用状态' : '该账户已停用');
      if (!active) {
        if (row.id === actor.userId) return refuse('不能停用自己的账户');
        if (row.role === 'admin' && activeAdminCount(tx, row.id) === 0) return refuse('这是唯一启用的管理员账户，不能停用');
      }
      tx.update(users)
        .set(active ? { active: true } : { active: false, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(eq(users.id, row.id))
        .run();
      writeAudit(tx, actor, { action: active ? 'account.enable' : 'account.disable', entityType: 'user', entityId: row.id, detail: { username: row.username } }, meta, at);
      return { ok: true, message: active ? `已启用账户 ${row.username}` : `已停用账户 ${row.username}，其登录已立即失效` };
    },
    { behavior: 'immediate' },
  );
}
