import { and, asc, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditLog, loginThrottle, users } from '@/db/schema';
import { transaction } from '@/lib/db';
import { RefusalError } from '@/lib/errors';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { changeOwnPassword, createUser, endAllSessions, loadSessionUser, logOut, logOutEverywhere, PASSWORD_CHANGE_LOCKED, resetPassword } from './account-service';
import { afterFailure, EMPTY_THROTTLE, LOCKOUT_MS, LOCKOUT_THRESHOLD } from './lockout';
import { countFailure, logIn, upgradeHash, verifyLogin } from './login-service';
import { hashPassword } from './password';
import { startSession } from '@/lib/auth/user-sessions';
import { userSessions } from '@/db/schema';

/** Loads the session user through a fresh server-side session (as a login would open it). */
async function loadAs(userId: number, sessionVersion: number) {
  const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: new Date() });
  return loadSessionUser(env.db, { userId, sessionVersion, sessionId }, new Date());
}

const env = useSeededDb();

const t0 = new Date('2023-11-20T09:00:00+08:00');

describe('verifyLogin on a real database', () => {
  it('accepts a demo account and returns no secret', async () => {
    const result = await verifyLogin(env.db, { username: 'fgj', password: DEMO_PASSWORD }, t0);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.user).toMatchObject({ username: 'fgj', role: 'reporter', unitName: '区发展和改革局' });
    expect(JSON.stringify(result)).not.toMatch(/passwordHash|\$2[aby]\$|\$argon2/);
  });

  it('usernames are case-insensitive', async () => {
    expect((await verifyLogin(env.db, { username: ' FGJ ', password: DEMO_PASSWORD }, t0)).ok).toBe(true);
  });

  it('a wrong password and an unknown user fail the same way', async () => {
    const wrong = await verifyLogin(env.db, { username: 'kjj', password: 'nope-1234' }, t0);
    const unknown = await verifyLogin(env.db, { username: 'nobody-here', password: 'nope-1234' }, t0);
    expect(wrong).toEqual({ ok: false, reason: 'invalid' });
    expect(unknown).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks after 5 wrong passwords for 15 minutes, for real and unknown names alike', async () => {
    for (const username of ['sthj', 'ghost-user']) {
      for (let i = 0; i < 4; i++) {
        expect(await verifyLogin(env.db, { username, password: 'bad-pass-1' }, t0)).toEqual({ ok: false, reason: 'invalid' });
      }
      expect(await verifyLogin(env.db, { username, password: 'bad-pass-1' }, t0)).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    }
    // The right password is refused while locked…
    const during = await verifyLogin(env.db, { username: 'sthj', password: DEMO_PASSWORD }, new Date(t0.getTime() + 60_000));
    expect(during).toEqual({ ok: false, reason: 'locked', minutes: 14 });
    // …and accepted once the 15 minutes are over.
    const after = await verifyLogin(env.db, { username: 'sthj', password: DEMO_PASSWORD }, new Date(t0.getTime() + LOCKOUT_MS));
    expect(after.ok).toBe(true);
  });

  it('a success resets the failure count', async () => {
    for (let i = 0; i < 4; i++) await verifyLogin(env.db, { username: 'gxj', password: 'bad-pass-1' }, t0);
    expect((await verifyLogin(env.db, { username: 'gxj', password: DEMO_PASSWORD }, t0)).ok).toBe(true);
    expect(await verifyLogin(env.db, { username: 'gxj', password: 'bad-pass-1' }, t0)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('30 wrong passwords at the same moment are all counted: the name is locked and so is the address', async () => {
    const ip = '192.0.2.30';
    const results = await Promise.all(Array.from({ length: 30 }, () => verifyLogin(env.db, { username: 'gxj_head', password: 'bad-pass-1' }, t0, ip)));
    expect(results.every((r) => !r.ok)).toBe(true);
    const counters = await env.db
      .select()
      .from(loginThrottle)
      .where(inArray(loginThrottle.usernameKey, ['gxj_head', `ip:${ip}`]))
      .orderBy(asc(loginThrottle.usernameKey));
    expect(counters.map((c) => [c.usernameKey, c.failedCount, c.lockedUntil?.getTime()])).toEqual([
      ['gxj_head', 30, t0.getTime() + LOCKOUT_MS],
      [`ip:${ip}`, 30, t0.getTime() + LOCKOUT_MS],
    ]);
    const soon = new Date(t0.getTime() + 60_000);
    expect(await verifyLogin(env.db, { username: 'gxj_head', password: DEMO_PASSWORD }, soon)).toEqual({ ok: false, reason: 'locked', minutes: 14 });
    expect(await verifyLogin(env.db, { username: 'fgj', password: DEMO_PASSWORD }, soon, ip)).toEqual({ ok: false, reason: 'throttled', minutes: 14 });
  }, 60_000);

  it('the database counts failures as the rule in lockout.ts says, and a lock that has run out starts a fresh count', async () => {
    let expected = EMPTY_THROTTLE;
    for (const ms of [0, 1, 2, 3, 4, 5, LOCKOUT_MS + 3, LOCKOUT_MS + 4, LOCKOUT_MS + 5]) {
      const at = new Date(t0.getTime() + ms);
      expected = afterFailure(expected, at);
      expect(await transaction(env.db, (tx) => countFailure(tx, 'rule-check', at, LOCKOUT_THRESHOLD))).toEqual(expected);
    }
    expect(expected).toEqual({ failedCount: 2, lockedUntil: null });
  });

  it('a disabled account cannot log in and its session stops working', async () => {
    const [user] = await env.db.select().from(users).where(eq(users.username, 'fgj_head')).limit(1);
    expect(await loadAs(user!.id, user!.sessionVersion)).not.toBeNull();
    await env.db.update(users).set({ active: false }).where(eq(users.id, user!.id));
    expect(await verifyLogin(env.db, { username: 'fgj_head', password: DEMO_PASSWORD }, t0)).toEqual({ ok: false, reason: 'disabled' });
    expect(await loadAs(user!.id, user!.sessionVersion)).toBeNull();
    await env.db.update(users).set({ active: true }).where(eq(users.id, user!.id));
  });

  it('the hash upgrade at login is compare-and-set: a password changed meanwhile is never overwritten', async () => {
    await createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'casuser', role: 'leader', password: DEMO_PASSWORD, mustChangePassword: false });
    const [user] = await env.db.select().from(users).where(eq(users.username, 'casuser')).limit(1);
    const changedMeanwhile = await hashPassword('Changed#2023x');
    await env.db.update(users).set({ passwordHash: changedMeanwhile }).where(eq(users.id, user!.id));
    // The login verified the hash as it was before the change.
    expect(await upgradeHash(env.db, user!.id, user!.passwordHash, DEMO_PASSWORD)).toBe(false);
    const [after] = await env.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user!.id));
    expect(after!.hash).toBe(changedMeanwhile);
    expect(await upgradeHash(env.db, user!.id, changedMeanwhile, 'Changed#2023x')).toBe(true);
  });

  it('logout (session version bump) invalidates older tokens', async () => {
    const [user] = await env.db.select().from(users).where(eq(users.username, 'lingdao')).limit(1);
    expect(await loadAs(user!.id, user!.sessionVersion)).not.toBeNull();
    await endAllSessions(env.db, user!.id);
    expect(await loadAs(user!.id, user!.sessionVersion)).toBeNull();
    expect(await loadAs(user!.id, user!.sessionVersion + 1)).not.toBeNull();
  });
});

describe('accounts made by an operator', () => {
  it('must change the password at first login, and a reset unlocks a locked account', async () => {
    await createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'NewStaff', role: 'reporter', unitName: '区商务局', password: 'Temp@2023x' });
    const first = await verifyLogin(env.db, { username: 'newstaff', password: 'Temp@2023x' }, t0);
    expect(first.ok && first.user.mustChangePassword).toBe(true);
    expect(first.ok && first.user.unitName).toBe('区商务局');

    for (let i = 0; i < 5; i++) await verifyLogin(env.db, { username: 'newstaff', password: 'bad-pass-1' }, t0);
    expect((await verifyLogin(env.db, { username: 'newstaff', password: 'Temp@2023x' }, t0)).ok).toBe(false);
    await resetPassword(env.db, { username: 'newstaff', password: 'Reset@2023y' });
    const afterReset = await verifyLogin(env.db, { username: 'newstaff', password: 'Reset@2023y' }, t0);
    expect(afterReset.ok && afterReset.user.mustChangePassword).toBe(true);
  });

  it('refuses weak passwords, unknown roles, missing or unknown units and duplicates, writing nothing', async () => {
    const before = (await env.db.select().from(users)).length;
    // Each attempt starts when its turn comes: a refusal nobody awaits yet would be an unhandled rejection.
    const refusals: [() => Promise<unknown>, string, new (...args: never[]) => Error][] = [
      [() => createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'a1', role: 'reporter', unitName: '区商务局', password: 'short1' }), '至少需要 8 个字符', z.ZodError],
      [() => createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'a2', role: 'reporter', unitName: '区商务局', password: 'password123' }), '过于常见', z.ZodError],
      [() => createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'a3', role: 'boss' as never, password: 'Good@2023x' }), '角色必须是', z.ZodError],
      [() => createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'a4', role: 'reporter', password: 'Good@2023x' }), '必须指定所属单位', z.ZodError],
      [() => createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'a5', role: 'reporter', unitName: '不存在局', password: 'Good@2023x' }), '找不到单位', RefusalError],
      [() => createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'fgj', role: 'leader', password: 'Good@2023x' }), '已存在', RefusalError],
    ];
    for (const [run, message, kind] of refusals) {
      const attempt = run();
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.toBeInstanceOf(kind);
    }
    expect((await env.db.select().from(users)).length).toBe(before);
  });

  it('accepts a unit by its alias or abbreviation', async () => {
    const u = await createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'tzcj', role: 'reporter', unitName: '区投资促进中心', password: 'Good@2023x' });
    const [row] = await env.db.select().from(users).where(eq(users.id, u.id)).limit(1);
    const again = await verifyLogin(env.db, { username: 'tzcj', password: 'Good@2023x' }, t0);
    expect(row!.unitId).not.toBeNull();
    expect(again.ok && again.user.unitName).toBe('区投资促进服务中心');
  });
});

describe('a user’s own account', () => {
  const ctxOf = async (username: string) => {
    const [user] = await env.db.select().from(users).where(eq(users.username, username)).limit(1);
    const actor = { userId: user!.id, username: user!.username, displayName: user!.displayName, role: user!.role, districtId: user!.districtId, unitId: user!.unitId, unitName: null };
    return { user: user!, ctx: env.as(actor, t0, { ip: '198.51.100.7' }) };
  };
  const auditOf = async (action: string, userId: number) => env.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.entityId, userId)));

  it('changing the password checks the current one, refuses one containing the name, then ends every session (audited)', async () => {
    const { user, ctx } = await ctxOf('kjj');
    const input = { currentPassword: 'wrong-pass-1', newPassword: 'Kjj-New@2023', confirmPassword: 'Kjj-New@2023' };
    expect(await changeOwnPassword(ctx, input)).toEqual({ ok: false, error: '当前密码不正确', fieldErrors: { currentPassword: ['当前密码不正确'] } });
    expect(await changeOwnPassword(ctx, { currentPassword: DEMO_PASSWORD, newPassword: 'kjj12345a', confirmPassword: 'kjj12345a' })).toEqual({
      ok: false,
      error: '请检查输入',
      fieldErrors: { newPassword: ['密码不能包含用户名'] },
    });
    expect(await auditOf('account.password_change', user.id)).toEqual([]);

    expect(await changeOwnPassword(ctx, { currentPassword: DEMO_PASSWORD, newPassword: 'Tech-New@2023', confirmPassword: 'Tech-New@2023' })).toEqual({ ok: true });
    expect(await loadAs(user.id, user.sessionVersion)).toBeNull();
    expect((await verifyLogin(env.db, { username: 'kjj', password: DEMO_PASSWORD }, t0)).ok).toBe(false);
    expect((await verifyLogin(env.db, { username: 'kjj', password: 'Tech-New@2023' }, t0)).ok).toBe(true);
    expect(await auditOf('account.password_change', user.id)).toEqual([expect.objectContaining({ actorId: user.id, ip: '198.51.100.7' })]);
  });

  it('wrong current passwords count toward the login lockout: the fifth locks the account for both', async () => {
    await createUser(env.db, { districtId: FIRST_DISTRICT_ID, username: 'pwguess', role: 'leader', password: 'Start@2023x', mustChangePassword: false });
    const { ctx } = await ctxOf('pwguess');
    const guess = { currentPassword: 'guess-0001', newPassword: 'Other@2023x', confirmPassword: 'Other@2023x' };
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) expect(await changeOwnPassword(ctx, guess)).toMatchObject({ ok: false, error: '当前密码不正确' });
    const locked = { ok: false, error: PASSWORD_CHANGE_LOCKED(15), fieldErrors: { currentPassword: [PASSWORD_CHANGE_LOCKED(15)] } };
    expect(await changeOwnPassword(ctx, guess)).toEqual(locked);
    // Locked: the right current password is refused too (without a compare), and so is a login.
    expect(await changeOwnPassword(ctx, { ...guess, currentPassword: 'Start@2023x' })).toEqual(locked);
    expect(await verifyLogin(env.db, { username: 'pwguess', password: 'Start@2023x' }, t0)).toEqual({ ok: false, reason: 'locked', minutes: 15 });
    // Once the lock is over the right password works, and the change clears the count.
    const later = { ...ctx, now: new Date(t0.getTime() + LOCKOUT_MS) };
    expect(await changeOwnPassword(later, guess)).toMatchObject({ ok: false, error: '当前密码不正确' });
    expect(await changeOwnPassword(later, { ...guess, currentPassword: 'Start@2023x' })).toEqual({ ok: true });
    expect(await env.db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, 'pwguess'))).toEqual([]);
  });

  it('logging out ends this session only; logging out everywhere ends them all; both audited', async () => {
    const { user, ctx } = await ctxOf('gxj');
    const open = () => startSession(env.db, { userId: user.id, method: 'password', ip: null, userAgent: null, now: new Date() });
    const alive = async (sessionId: string) => (await loadSessionUser(env.db, { userId: user.id, sessionVersion: user.sessionVersion, sessionId }, new Date())) !== null;
    const [here, phone] = [await open(), await open()];
    expect(await logOut({ ...ctx, actor: { ...ctx.actor, sessionId: here } })).toEqual({ ok: true });
    expect(await alive(here)).toBe(false);
    expect(await alive(phone)).toBe(true);
    expect(await auditOf('account.logout', user.id)).toEqual([expect.objectContaining({ actorId: user.id, ip: '198.51.100.7' })]);

    const [laptop] = [await open()];
    expect(await logOutEverywhere({ ...ctx, actor: { ...ctx.actor, sessionId: laptop } })).toEqual({ ok: true });
    expect(await alive(phone)).toBe(false);
    expect(await alive(laptop)).toBe(false);
    const ended = await env.db.select({ reason: userSessions.endReason }).from(userSessions).where(eq(userSessions.userId, user.id));
    expect(ended.map((r) => r.reason).sort()).toEqual(['logout', 'logout_all', 'logout_all']);
    expect(await auditOf('account.logout_all', user.id)).toHaveLength(1);
  });

  it('a login through the credentials provider is audited, success and failure alike', async () => {
    const [user] = await env.db.select().from(users).where(eq(users.username, 'duchashi')).limit(1);
    expect((await logIn(env.db, { username: ' DUCHASHI ', password: 'bad-pass-1' }, t0, '203.0.113.5')).ok).toBe(false);
    expect((await logIn(env.db, { username: 'duchashi', password: DEMO_PASSWORD }, t0, '203.0.113.5')).ok).toBe(true);
    const lines = await env.db.select().from(auditLog).where(eq(auditLog.ip, '203.0.113.5')).orderBy(asc(auditLog.id));
    expect(lines.map((l) => [l.action, l.actorId, JSON.parse(l.detail ?? '{}')])).toEqual([
      ['login.failure', null, { username: 'duchashi', reason: 'invalid' }],
      ['login.success', user!.id, { username: 'duchashi' }],
    ]);
  });
});
