/**
 * 动态口令 enrolment on the account page: a key is generated and kept sealed (pending) until the
 * user proves the app has it by typing a code; only then is the second factor on. The three
 * administrators cannot switch it off (等保 2.0: two factors for privileged accounts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { districts, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { fail, failField, ok, type Result } from '@/lib/result';
import { isLocked, LOCKOUT_THRESHOLD, minutesLeft, type ThrottleState } from './lockout';
import { clearFailures, countFailure, readThrottle, usernameKey } from './login-service';
import { ADMIN_ROLES, type Role } from './roles';
import { openSecret, sealSecret } from './secret-box';
import { checkTotp, newTotpSecret, totpIssuer, totpUri } from './totp';

export { totpCodeSchema, type TotpCodeInput } from './schemas';

export const TOTP_MESSAGES = {
  wrong: '动态口令不正确或已使用，请输入验证器中最新的 6 位数字',
  locked: (minutes: number) => `动态口令错误次数过多，账户已锁定，请 ${minutes} 分钟后再试`,
  adminRequired: '管理员账户必须使用动态口令，不能关闭',
} as const;

/**
 * Failed codes are counted under their own key (a right password clears the password count, and
 * must not reset this one); the fifth locks the account itself, as five wrong passwords do, so the
 * lock shows and is lifted where every lock is (the security administrator's console, the CLI).
 */
export function totpThrottleKey(username: string): string {
  return `totp:${usernameKey(username)}`;
}

/**
 * Takes one attempt at a code before the code is checked (the count moves first, in one statement),
 * so a burst of parallel guesses gets at most LOCKOUT_THRESHOLD checks: the ones past it are refused
 * unchecked and lock the account. Returns the account's lock when the attempt is refused, else the
 * attempt's number.
 */
export async function reserveTotpAttempt(tx: Tx, username: string, now: Date): Promise<{ locked: ThrottleState } | { attempt: number }> {
  const account = await readThrottle(tx, usernameKey(username));
  if (isLocked(account, now)) return { locked: account };
  // No lock on this key itself: the account's key carries the lock (where the consoles show and lift it).
  const counted = await countFailure(tx, totpThrottleKey(username), now, Number.MAX_SAFE_INTEGER);
  if (counted.failedCount <= LOCKOUT_THRESHOLD) return { attempt: counted.failedCount };
  return { locked: await lockForCodes(tx, username, now) };
}

/** After a wrong code: the attempt that reached the limit locks the account. Returns the lock, if any. */
export async function afterWrongTotp(tx: Tx, username: string, now: Date, attempt: number): Promise<ThrottleState | null> {
  return attempt >= LOCKOUT_THRESHOLD ? lockForCodes(tx, username, now) : null;
}

/** Locks the account (as five wrong passwords do) and starts the code count afresh for after the lock. */
async function lockForCodes(tx: Tx, username: string, now: Date): Promise<ThrottleState> {
  await clearFailures(tx, totpThrottleKey(username));
  return countFailure(tx, usernameKey(username), now, 1);
}

/** The sealing context of a user's key: a sealed key copied onto another account does not open. */
const sealContext = (userId: number) => `totp:${userId}`;

export function sealTotpSecret(userId: number, secret: string, masterSecret = getEnv().authSecret): string {
  return sealSecret(secret, sealContext(userId), masterSecret);
}

export function openTotpSecret(userId: number, sealed: string | null, masterSecret = getEnv().authSecret): string | null {
  return sealed ? openSecret(sealed, sealContext(userId), masterSecret) : null;
}

export function requiresTotp(role: Role): boolean {
  return ADMIN_ROLES.includes(role);
}

export type TotpStatus = {
  enabledAt: Date | null;
  /** A key generated and not yet confirmed: shown with its QR code until the user confirms a code. */
  pending: { secret: string; uri: string } | null;
  required: boolean;
};

/** The district's name in an installation of one district (its administrators' authenticators name it, as before districts). */
async function onlyDistrictName(db: Reader): Promise<string | null> {
  const rows = await db.select({ name: districts.name }).from(districts).limit(2);
  return rows.length === 1 ? rows[0]!.name : null;
}

export async function totpStatus(db: Reader, user: { userId: number; username: string; role: Role }, masterSecret?: string): Promise<TotpStatus> {
  const [row] = await db
    .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt, districtName: districts.name })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, user.userId))
    .limit(1);
  const required = requiresTotp(user.role);
  if (!row) return { enabledAt: null, pending: null, required };
  if (row.enabledAt) return { enabledAt: row.enabledAt, pending: null, required };
  const secret = openTotpSecret(user.userId, row.secret, masterSecret);
  return { enabledAt: null, pending: secret ? { secret, uri: totpUri(secret, user.username, totpIssuer(row.districtName ?? (await onlyDistrictName(db)))) } : null, required };
}

/** Generates a new key (replacing an unconfirmed one); refused once TOTP is on. */
export async function startTotpEnrolment(ctx: ServiceContext, masterSecret?: string): Promise<Result> {
  const secret = newTotpSecret();
  const sealed = sealTotpSecret(ctx.actor.userId, secret, masterSecret);
  return transaction(ctx.db, async (tx) => {
    const changed = await tx
      .update(users)
      .set({ totpSecret: sealed, totpLastStep: null })
      .where(and(eq(users.id, ctx.actor.userId), isNull(users.totpEnabledAt)))
      .returning({ id: users.id });
    if (changed.length === 0) return fail('动态口令已启用');
    return ok();
  });
}

/** The user types a code from the app: the pending key becomes the second factor. Audited. */
export async function confirmTotpEnrolment(ctx: ServiceContext, input: { code: string }, atMs: number, masterSecret?: string): Promise<Result> {
  const [row] = await ctx.db
    .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.id, ctx.actor.userId))
    .limit(1);
  if (!row || row.enabledAt) return fail('动态口令已启用');
  const secret = openTotpSecret(ctx.actor.userId, row.secret, masterSecret);
  if (!secret) return fail('请先生成密钥');
  const check = checkTotp(secret, input.code, atMs, null);
  if (!check.ok) return failField('code', TOTP_MESSAGES.wrong);
  return transaction(ctx.db, async (tx) => {
    const changed = await tx
      .update(users)
      .set({ totpEnabledAt: ctx.now, totpLastStep: check.step })
      .where(and(eq(users.id, ctx.actor.userId), isNull(users.totpEnabledAt), eq(users.totpSecret, row.secret!)))
      .returning({ id: users.id });
    if (changed.length === 0) return fail('密钥已变更，请刷新页面后重试');
    await writeAudit(tx, ctx.actor, { action: 'account.totp_enable', entityType: 'user', entityId: ctx.actor.userId }, ctx.meta, ctx.now);
    return ok();
  });
}

/**
 * Switches TOTP off with a current code (a stolen session alone cannot). Wrong codes count toward
 * the lockout; the three administrators may not switch it off at all. Audited.
 */
export async function disableTotp(ctx: ServiceContext, input: { code: string }, atMs: number, masterSecret?: string): Promise<Result> {
  if (requiresTotp(ctx.actor.role)) return fail(TOTP_MESSAGES.adminRequired);
  const key = totpThrottleKey(ctx.actor.username);
  const [row] = await ctx.db
    .select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt, lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, ctx.actor.userId))
    .limit(1);
  if (!row?.enabledAt) return fail('动态口令未启用');
  const reserved = await transaction(ctx.db, (tx) => reserveTotpAttempt(tx, ctx.actor.username, ctx.now));
  if ('locked' in reserved) return failField('code', TOTP_MESSAGES.locked(minutesLeft(reserved.locked, ctx.now)));
  const secret = openTotpSecret(ctx.actor.userId, row.secret, masterSecret);
  const check = secret ? checkTotp(secret, input.code, atMs, row.lastStep) : ({ ok: false, reason: 'invalid' } as const);
  if (!check.ok) {
    const locked = await transaction(ctx.db, (tx) => afterWrongTotp(tx, ctx.actor.username, ctx.now, reserved.attempt));
    if (locked) return failField('code', TOTP_MESSAGES.locked(minutesLeft(locked, ctx.now)));
    return failField('code', TOTP_MESSAGES.wrong);
  }
  return transaction(ctx.db, async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, ctx.actor.userId));
    await clearFailures(tx, key);
    await writeAudit(tx, ctx.actor, { action: 'account.totp_disable', entityType: 'user', entityId: ctx.actor.userId }, ctx.meta, ctx.now);
    return ok();
  });
}
