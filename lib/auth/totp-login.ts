/**
 * The login with its second factor. An account without TOTP logs in as before (logIn,
 * login-service.ts). An account with TOTP: the password first; right, but no code yet → refusal
 * `totp` (no session, nothing counted: the form asks for the code); a wrong or replayed code counts
 * toward the account's lockout (a count a right password does not reset), and is audited as a login failure.
 * Only after every factor is the caller told to open a session.
 */
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { users } from '@/db/schema';
import { transaction, type Db } from '@/lib/db';
import { minutesLeft } from './lockout';
import { auditLogin, clearFailures, logIn, usernameKey, verifyLogin, type LoginResult } from './login-service';
import { checkTotp } from './totp';
import { afterWrongTotp, openTotpSecret, reserveTotpAttempt, totpThrottleKey } from './totp-service';

export type SecondFactorLoginResult = LoginResult | { ok: false; reason: 'totp' | 'totp_invalid' };

const auditAttempt = (db: Db, result: LoginResult | { ok: false; reason: string }, username: string, ip: string | null, now: Date) =>
  auditLogin(db, result, username, ip, now, { factors: 'password+totp' });

export async function logInWithSecondFactor(
  db: Db,
  input: { username: string; password: string; totp?: string | undefined },
  now: Date,
  ip: string | null,
  /** The real time for the code (the phone's clock), not the demo clock. */
  atMs: number = Date.now(),
  masterSecret?: string,
): Promise<SecondFactorLoginResult> {
  const username = usernameKey(input.username);
  const [account] = await db
    .select({ id: users.id, enabledAt: users.totpEnabledAt })
    .from(users)
    .where(eq(users.username, username))
    .limit(1);
  if (!account?.enabledAt) return logIn(db, { username: input.username, password: input.password }, now, ip);

  const key = totpThrottleKey(username);
  // The account's lock (wrong passwords or wrong codes) is checked here first.
  const password = await verifyLogin(db, { username: input.username, password: input.password }, now, ip);
  if (!password.ok) {
    await auditAttempt(db, password, username, ip, now);
    return password;
  }
  if (!input.totp?.trim()) return { ok: false, reason: 'totp' };

  // The attempt is counted before the code is checked: parallel guesses cannot outrun the lockout.
  const reserved = await transaction(db, (tx) => reserveTotpAttempt(tx, username, now));
  if ('locked' in reserved) {
    await auditAttempt(db, { ok: false, reason: 'totp_locked' }, username, ip, now);
    return { ok: false, reason: 'locked', minutes: minutesLeft(reserved.locked, now) };
  }
  const [row] = await db.select({ secret: users.totpSecret, lastStep: users.totpLastStep }).from(users).where(eq(users.id, account.id)).limit(1);
  const secret = openTotpSecret(account.id, row?.secret ?? null, masterSecret);
  const check = secret ? checkTotp(secret, input.totp, atMs, row?.lastStep ?? null) : null;
  // The step is taken in one statement: of two logins racing with the same code, one wins.
  const taken =
    check?.ok &&
    (
      await transaction(db, (tx) =>
        tx
          .update(users)
          .set({ totpLastStep: check.step })
          .where(and(eq(users.id, account.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, check.step))))
          .returning({ id: users.id }),
      )
    ).length > 0;
  if (!taken) {
    const locked = await transaction(db, (tx) => afterWrongTotp(tx, username, now, reserved.attempt));
    const refusal = locked ? ({ ok: false, reason: 'locked', minutes: minutesLeft(locked, now) } as const) : ({ ok: false, reason: 'totp_invalid' } as const);
    await auditAttempt(db, { ok: false, reason: refusal.reason === 'locked' ? 'totp_locked' : 'totp' }, username, ip, now);
    return refusal;
  }
  await transaction(db, (tx) => clearFailures(tx, key));
  await auditAttempt(db, password, username, ip, now);
  return password;
}
