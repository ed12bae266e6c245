import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { loginThrottle, ROLES, units, users, type Role } from '@/db/schema';
import { resolveUnitId } from '@/lib/units/unit-service';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from './actor';
import { hashPassword, newPasswordSchema, verifyPassword } from './password';
import { changePasswordSchema, usernameSchema, type ChangePasswordInput } from './schemas';
import { UNIT_ROLES } from './roles';

export type SessionUser = Actor & { mustChangePassword: boolean };

/**
 * The user behind a session token, or null when the token is stale: the account was disabled, or
 * its session version moved on (logout, password reset, role change) after the token was issued.
 */
export function loadSessionUser(db: AppDatabase, userId: number, sessionVersion: number): SessionUser | null {
  const row = db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      unitId: users.unitId,
      unitName: units.name,
      active: users.active,
      sessionVersion: users.sessionVersion,
      mustChangePassword: users.mustChangePassword,
    })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(eq(users.id, userId))
    .get();
  if (!row || !row.active || row.sessionVersion !== sessionVersion) return null;
  const { active: _active, sessionVersion: _sv, ...user } = row;
  return user;
}

/** Ends every session of the user (used by logout and by password changes). */
export function endAllSessions(db: AppDatabase, userId: number): void {
  db.update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .run();
}

export type FieldErrors = Partial<Record<string, string[]>>;
export type ServiceResult = { ok: true } | { ok: false; error: string; fieldErrors?: FieldErrors };

/** A user changes their own password; all their sessions end and they log in again. */
export async function changeOwnPassword(
  db: AppDatabase,
  actor: Pick<Actor, 'userId' | 'username' | 'displayName'>,
  input: ChangePasswordInput,
  meta: RequestMeta = NO_META,
  at: Date = new Date(),
): Promise<ServiceResult> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: '请检查输入', fieldErrors: z.flattenError(parsed.error).fieldErrors };
  }
  const row = db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).get();
  if (!row || !(await verifyPassword(parsed.data.currentPassword, row.hash))) {
    return { ok: false, error: '当前密码不正确', fieldErrors: { currentPassword: ['当前密码不正确'] } };
  }
  if (parsed.data.newPassword.toLowerCase().includes(actor.username.toLowerCase())) {
    return { ok: false, error: '请检查输入', fieldErrors: { newPassword: ['密码不能包含用户名'] } };
  }
  const hash = await hashPassword(parsed.data.newPassword);
  db.update(users)
    .set({ passwordHash: hash, mustChangePassword: false, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, actor.userId))
    .run();
  writeAudit(db, actor, { action: 'account.password_change', entityType: 'user', entityId: actor.userId }, meta, at);
  return { ok: true };
}

export const createUserSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1, '请输入姓名').max(40, '姓名最多 40 个字符').optional(),
    role: z.enum(ROLES, { error: `角色必须是 ${ROLES.join(' / ')} 之一` }),
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

/** Operator/admin path to a new account. The password is chosen by someone else, so it must be changed at first login by default. */
export async function createUser(
  db: AppDatabase,
  input: CreateUserInput,
  context: AccountChangeContext = CLI_CONTEXT(),
): Promise<{ id: number; username: string; role: Role }> {
  const data = createUserSchema.parse(input);
  const username = data.username.toLowerCase();
  let unitId: number | null = null;
  if (data.unitId !== undefined) {
    const unit = db.select({ id: units.id }).from(units).where(eq(units.id, data.unitId)).get();
    if (!unit) throw new Error('找不到所选单位');
    unitId = unit.id;
  } else if (data.unitName) {
    unitId = resolveUnitId(db, data.unitName);
    if (unitId === null) throw new Error(`找不到单位“${data.unitName}”，请使用单位列表中的名称`);
  }
  const exists = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  if (exists) throw new Error(`用户名“${username}”已存在`);
  const passwordHash = await hashPassword(data.password);
  const row = db.transaction(
    (tx) => {
      const inserted = tx
        .insert(users)
        .values({
          username,
          displayName: data.displayName ?? username,
          passwordHash,
          role: data.role,
          unitId,
          email: data.email ?? null,
          mustChangePassword: data.mustChangePassword,
        })
        .returning({ id: users.id })
        .get();
      writeAudit(
        tx,
        context.actor,
        { action: 'account.create', entityType: 'user', entityId: inserted.id, detail: { username, role: data.role, via: context.via } },
        context.meta,
        context.at,
      );
      return inserted;
    },
    { behavior: 'immediate' },
  );
  return { id: row.id, username, role: data.role };
}

/** Sets a new password chosen by an operator; every session of the user ends. */
export async function resetPassword(
  db: AppDatabase,
  input: { username: string; password: string; mustChangePassword?: boolean },
  context: AccountChangeContext = CLI_CONTEXT(),
): Promise<void> {
  const password = newPasswordSchema.parse(input.password);
  const username = input.username.trim().toLowerCase();
  const row = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  if (!row) throw new Error(`找不到用户“${username}”`);
  const passwordHash = await hashPassword(password);
  db.transaction(
    (tx) => {
      tx.update(users)
        .set({
          passwordHash,
          mustChangePassword: input.mustChangePassword ?? true,
          sessionVersion: sql`${users.sessionVersion} + 1`,
        })
        .where(eq(users.id, row.id))
        .run();
      writeAudit(
        tx,
        context.actor,
        { action: 'account.reset_password', entityType: 'user', entityId: row.id, detail: { username, via: context.via } },
        context.meta,
        context.at,
      );
      // A reset is how a locked-out user gets back in: clear the failed-login counter too.
      tx.delete(loginThrottle).where(eq(loginThrottle.usernameKey, username)).run();
    },
    { behavior: 'immediate' },
  );
}
