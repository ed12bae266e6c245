import { asc, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, loginThrottle, settings, userSessions, users } from '@/db/schema';
import { loadSessionUser } from '@/lib/auth/account-service';
import { logIn } from '@/lib/auth/login-service';
import type { Role } from '@/lib/auth/roles';
import { DEFAULT_SECURITY_POLICY, getSecurityPolicy, securityPolicySchema } from '@/lib/auth/security-policy';
import { startSession } from '@/lib/auth/user-sessions';
import { ForbiddenError } from '@/lib/errors';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { useAdminDb } from './admin.fixture';
import { endUserSessionsBySecurityAdmin, listLockedAccounts, resetUserTotp, searchUsersForSecurity, unlockAccount, updateSecurityPolicy } from './security-admin-service';

const { env, ctxOf, rowCount } = useAdminDb();
const AT = DEMO_NOW;
const MINUTE = 60_000;
const idOf = (username: string) => env.idOf(username);
const anquan = () => env.demo('anquan');
const asSecurity = (meta = { ip: '10.2.3.4' }, at = AT) => ctxOf(anquan(), meta, at);
const lastAudit = async (action: string) => {
  const [row] = await env.db.select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1);
  return row ? { ...row, detail: JSON.parse(row.detail ?? 'null') as Record<string, unknown> } : undefined;
};
const auditCount = () => rowCount(auditLog);
const lock = async (username: string, until: Date, failedCount = 5) => {
  await env.db
    .insert(loginThrottle)
    .values({ usernameKey: username, failedCount, lockedUntil: until, lastFailedAt: new Date(until.getTime() - 15 * MINUTE) })
    .onConflictDoUpdate({ target: loginThrottle.usernameKey, set: { failedCount, lockedUntil: until } });
};
const throttleOf = async (username: string) => (await env.db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, username)).limit(1))[0];
const POLICY = { passwordExpiryDays: 60, passwordHistoryCount: 6, sessionIdleMinutes: 15, sessionAbsoluteHours: 8 };

describe('三员分立: only the security administrator', () => {
  const OTHERS: [Role, string | null, string][] = [
    ['admin', null, 'admin'],
    ['audit_admin', null, 'shenji'],
    ['supervisor', null, 'duchashi'],
    ['leader', null, 'lingdao'],
    ['reporter', '区发展和改革局', 'fgj'],
    ['unit_head', '区发展和改革局', 'fgj_head'],
  ];
  it.each(OTHERS)('%s is refused every security command, and nothing is written', async (role, unit, username) => {
    const ctx = ctxOf(await actorFor(env.db, role, unit, idOf(username)));
    await lock('gxj', new Date(AT.getTime() + 10 * MINUTE));
    const before = { audit: await auditCount(), settings: await rowCount(settings), throttle: await throttleOf('gxj') };
    await expect(updateSecurityPolicy(ctx, POLICY)).rejects.toThrow(ForbiddenError);
    await expect(listLockedAccounts(ctx)).rejects.toThrow(ForbiddenError);
    await expect(unlockAccount(ctx, { username: 'gxj' })).rejects.toThrow(ForbiddenError);
    await expect(resetUserTotp(ctx, { userId: idOf('gxj') })).rejects.toThrow(ForbiddenError);
    await expect(endUserSessionsBySecurityAdmin(ctx, { userId: idOf('gxj') })).rejects.toThrow(ForbiddenError);
    await expect(searchUsersForSecurity(ctx, '')).rejects.toThrow(ForbiddenError);
    expect({ audit: await auditCount(), settings: await rowCount(settings), throttle: await throttleOf('gxj') }).toEqual(before);
  });
});

describe('security policy', () => {
  it('saves the policy, which every login and request then reads; audited with before and after', async () => {
    expect(await getSecurityPolicy(env.db)).toEqual(DEFAULT_SECURITY_POLICY);
    const r = await updateSecurityPolicy(asSecurity(), securityPolicySchema.parse({ ...POLICY, sessionIdleMinutes: '15' }));
    expect(r).toMatchObject({ ok: true });
    expect(await getSecurityPolicy(env.db)).toEqual(POLICY);
    expect(await lastAudit('security.policy_update')).toMatchObject({ actorId: idOf('anquan'), ip: '10.2.3.4', entityType: 'settings', detail: { before: DEFAULT_SECURITY_POLICY, after: POLICY } });
    // Saving the same values again writes nothing.
    const n = await auditCount();
    expect(await updateSecurityPolicy(asSecurity(), POLICY)).toMatchObject({ ok: true, message: '没有需要保存的修改' });
    expect(await auditCount()).toBe(n);
  });

  it('the form’s schema refuses out-of-range values with a message per field', () => {
    const r = securityPolicySchema.safeParse({ passwordExpiryDays: -1, passwordHistoryCount: 0, sessionIdleMinutes: 0, sessionAbsoluteHours: 100 });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => i.path[0]);
    expect(fields.sort()).toEqual(['passwordExpiryDays', 'passwordHistoryCount', 'sessionAbsoluteHours', 'sessionIdleMinutes']);
  });
});

describe('locked accounts', () => {
  it('lists real accounts locked now (not expired locks, not names without an account) and unlocks one, audited', async () => {
    await lock('kjj', new Date(AT.getTime() + 12 * MINUTE), 6);
    await lock('sthj', new Date(AT.getTime() - MINUTE));
    await lock('no-such-user', new Date(AT.getTime() + 12 * MINUTE));
    const listed = await listLockedAccounts(asSecurity());
    expect(listed.map((a) => a.username)).toContain('kjj');
    expect(listed.map((a) => a.username)).not.toContain('sthj');
    expect(listed.map((a) => a.username)).not.toContain('no-such-user');
    expect(listed.find((a) => a.username === 'kjj')).toMatchObject({ userId: idOf('kjj'), role: 'reporter', unitName: '区科学技术局', failedCount: 6 });

    expect(await unlockAccount(asSecurity(), { username: ' KJJ ' })).toMatchObject({ ok: true, message: '已解锁账户 kjj' });
    expect(await throttleOf('kjj')).toBeUndefined();
    expect(await lastAudit('account.unlock')).toMatchObject({ actorId: idOf('anquan'), entityType: 'user', entityId: idOf('kjj'), detail: { username: 'kjj', failedCount: 6 } });
    // kjj logs in again at once.
    expect((await logIn(env.db, { username: 'kjj', password: DEMO_PASSWORD }, AT, null)).ok).toBe(true);
  });

  it('refuses an account not locked (an expired lock too), an unknown one and one’s own, writing nothing', async () => {
    await lock('sthj', new Date(AT.getTime() - MINUTE));
    await lock('anquan', new Date(AT.getTime() + 5 * MINUTE));
    const n = await auditCount();
    expect(await unlockAccount(asSecurity(), { username: 'sthj' })).toMatchObject({ ok: false, error: '账户 sthj 未被锁定' });
    expect(await unlockAccount(asSecurity(), { username: 'gxj_head' })).toMatchObject({ ok: false });
    expect(await unlockAccount(asSecurity(), { username: 'no-such-user' })).toMatchObject({ ok: false, error: '找不到该账户' });
    expect(await unlockAccount(asSecurity(), { username: 'anquan' })).toMatchObject({ ok: false, error: '不能解锁自己的账户，请由另一位安全管理员操作' });
    expect(await throttleOf('anquan')).toBeDefined();
    expect(await auditCount()).toBe(n);
    await env.db.delete(loginThrottle).where(eq(loginThrottle.usernameKey, 'anquan'));
  });
});

describe('second factor and sessions of a user', () => {
  const enrol = async (username: string) => {
    await env.db.update(users).set({ totpSecret: 'sealed-secret', totpEnabledAt: AT, totpLastStep: 12345 }).where(eq(users.username, username));
  };
  const totpOf = async (username: string) =>
    (await env.db.select({ s: users.totpSecret, e: users.totpEnabledAt, l: users.totpLastStep }).from(users).where(eq(users.username, username)).limit(1))[0];

  it('resets a user’s TOTP (they enrol again), audited; refuses one not enrolled and one’s own', async () => {
    await enrol('admin');
    // A session left open (say, on the lost phone) must not be the one that enrols the new key.
    const open = await startSession(env.db, { userId: idOf('admin'), method: 'password', ip: null, userAgent: null, now: AT });
    expect(await resetUserTotp(asSecurity(), { userId: idOf('admin') })).toMatchObject({ ok: true, message: '已重置 admin 的动态口令，其登录会话已全部结束，其下次登录时须重新绑定' });
    expect(await totpOf('admin')).toEqual({ s: null, e: null, l: null });
    expect((await env.db.select({ endedAt: userSessions.endedAt }).from(userSessions).where(eq(userSessions.id, open)).limit(1))[0]!.endedAt).not.toBeNull();
    expect(await lastAudit('account.totp_reset')).toMatchObject({ actorId: idOf('anquan'), entityId: idOf('admin'), detail: { username: 'admin', role: 'admin', wasEnabled: true } });

    const n = await auditCount();
    expect(await resetUserTotp(asSecurity(), { userId: idOf('admin') })).toMatchObject({ ok: false, error: 'admin 尚未设置动态口令' });
    await enrol('anquan');
    expect(await resetUserTotp(asSecurity(), { userId: idOf('anquan') })).toMatchObject({ ok: false, error: '不能重置自己的动态口令，请由另一位安全管理员操作' });
    expect((await totpOf('anquan'))?.s).toBe('sealed-secret');
    expect(await resetUserTotp(asSecurity(), { userId: 999_999 })).toMatchObject({ ok: false, error: '找不到该用户' });
    expect(await auditCount()).toBe(n);
  });

  it('强制下线 ends every session of the user at once (reason admin), audited with the count', async () => {
    const userId = idOf('gxj');
    const sv = (await env.db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1))[0]!.v;
    const s1 = await startSession(env.db, { userId, method: 'password', ip: '10.0.0.1', userAgent: null, now: AT });
    await startSession(env.db, { userId, method: 'password', ip: '10.0.0.2', userAgent: null, now: AT });
    expect(await loadSessionUser(env.db, { userId, sessionVersion: sv, sessionId: s1 }, AT)).not.toBeNull();

    const at = new Date(AT.getTime() + MINUTE);
    expect(await endUserSessionsBySecurityAdmin(asSecurity(undefined, at), { userId })).toMatchObject({ ok: true, sessionsEnded: 2 });
    const rows = await env.db.select().from(userSessions).where(eq(userSessions.userId, userId)).orderBy(asc(userSessions.id));
    expect(rows.map((r) => [r.endReason, r.endedAt?.getTime()])).toEqual([
      ['admin', at.getTime()],
      ['admin', at.getTime()],
    ]);
    expect(await loadSessionUser(env.db, { userId, sessionVersion: sv, sessionId: s1 }, at)).toBeNull();
    expect(await loadSessionUser(env.db, { userId, sessionVersion: sv + 1, sessionId: s1 }, at)).toBeNull();
    expect(await lastAudit('account.sessions_end')).toMatchObject({ actorId: idOf('anquan'), entityId: userId, detail: { username: 'gxj', sessionsEnded: 2 } });
    expect(await endUserSessionsBySecurityAdmin(asSecurity(), { userId: idOf('anquan') })).toMatchObject({ ok: false });
  });

  it('finds accounts by part of the username or name, with their second factor and open sessions', async () => {
    const found = await searchUsersForSecurity(asSecurity(), '工信');
    expect(found.map((u) => u.username).sort()).toEqual(['gxj', 'gxj_head']);
    expect(await searchUsersForSecurity(asSecurity(), '%')).toEqual([]);
    const all = await searchUsersForSecurity(asSecurity(), '');
    expect(all.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'anquan', 'shenji', 'fgj']));
    expect(all.find((u) => u.username === 'anquan')).toMatchObject({ role: 'security_admin', unitName: null, totpEnabled: true });
  });
});

describe('districts: the security administrator serves every district', () => {
  // (Last in the file: it adds a district.)
  it('lists, unlocks, resets and ends the sessions of accounts of any district, naming each one’s district', async () => {
    const d2 = await addSecondDistrict(env.db);
    const other = await d2.actor('reporter', '区民政局');
    await env.db.update(users).set({ totpSecret: 'x', totpEnabledAt: AT }).where(eq(users.id, other.userId));
    await lock(other.username, new Date(AT.getTime() + 10 * MINUTE));
    const locked = await listLockedAccounts(asSecurity());
    expect(locked.find((a) => a.userId === other.userId)).toMatchObject({ districtName: '兰山区', unitName: '区民政局' });
    const all = await searchUsersForSecurity(asSecurity(), '');
    expect(all.find((u) => u.username === 'fgj')).toMatchObject({ districtName: '河东区' });
    expect(all.find((u) => u.username === other.username)).toMatchObject({ districtName: '兰山区', unitName: '区民政局' });
    expect(all.find((u) => u.username === 'anquan')).toMatchObject({ districtName: null });
    expect(await unlockAccount(asSecurity(), { username: other.username })).toMatchObject({ ok: true });
    expect(await resetUserTotp(asSecurity(), { userId: other.userId })).toMatchObject({ ok: true });
    expect(await endUserSessionsBySecurityAdmin(asSecurity(), { userId: other.userId })).toMatchObject({ ok: true });
    expect(await throttleOf(other.username)).toBeUndefined();
  });
});
