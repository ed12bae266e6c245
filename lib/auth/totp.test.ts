import { asc, eq } from 'drizzle-orm';
import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import { auditLog, loginThrottle, userIdentities, users } from '@/db/schema';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { contextFor } from '@/lib/testing/temp-db';
import { DEMO_NOW, useSeededDb } from '@/lib/testing/seeded-fixture';
import { readBindIntent, resolveOidcLogin, signBindIntent, unbindIdentity } from './oidc';
import { openSecret, sealSecret } from './secret-box';
import { checkTotp, newTotpSecret, totpIssuer, totpUri } from './totp';
import { logInWithSecondFactor } from './totp-login';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment, totpStatus } from './totp-service';
import { startSession } from './user-sessions';

const MASTER = 'test-master-secret-0123456789abcdef0123456789';
/** A pinned real-time instant (the code clock), in the middle of a 30-second step. */
const T = Date.UTC(2026, 10, 29, 12, 0, 15);
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP codes', () => {
  const secret = newTotpSecret();

  it('builds an otpauth URI with the issuer and the username', () => {
    const uri = totpUri(secret, 'admin', totpIssuer('河东区'));
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(decodeURIComponent(uri)).toContain('河东区重点任务督查:admin');
    // The deployment's own accounts: the system's name alone.
    expect(decodeURIComponent(totpUri(secret, 'anquan', totpIssuer(null)))).toContain('重点任务督查:anquan');
    expect(uri).toContain(`secret=${secret}`);
  });

  it('accepts the current code and one step either side, nothing further', () => {
    expect(checkTotp(secret, codeAt(secret, T), T, null)).toMatchObject({ ok: true });
    expect(checkTotp(secret, codeAt(secret, T - 30_000), T, null)).toMatchObject({ ok: true });
    expect(checkTotp(secret, codeAt(secret, T + 30_000), T, null)).toMatchObject({ ok: true });
    expect(checkTotp(secret, codeAt(secret, T - 90_000), T, null)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkTotp(secret, codeAt(secret, T + 90_000), T, null)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses malformed codes and accepts spaces typed in', () => {
    expect(checkTotp(secret, '12345', T, null)).toEqual({ ok: false, reason: 'format' });
    expect(checkTotp(secret, 'abcdef', T, null)).toEqual({ ok: false, reason: 'format' });
    const code = codeAt(secret, T);
    expect(checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, T, null).ok).toBe(true);
  });

  it('refuses a replay: a step at or before the last one used', () => {
    const first = checkTotp(secret, codeAt(secret, T), T, null);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(checkTotp(secret, codeAt(secret, T), T, first.step)).toEqual({ ok: false, reason: 'replay' });
    expect(checkTotp(secret, codeAt(secret, T - 30_000), T, first.step)).toEqual({ ok: false, reason: 'replay' });
    expect(checkTotp(secret, codeAt(secret, T + 30_000), T, first.step)).toMatchObject({ ok: true, step: first.step + 1 });
  });
});

describe('secret box', () => {
  it('round-trips, and refuses a tampered value, another context or another key', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', 'totp:7', MASTER);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, 'totp:7', MASTER)).toBe('JBSWY3DPEHPK3PXP');
    // Two seals of the same value differ (random IV).
    expect(sealSecret('JBSWY3DPEHPK3PXP', 'totp:7', MASTER)).not.toBe(sealed);
    const [v, iv, body, tag] = sealed.split('.') as [string, string, string, string];
    const flipped = body.slice(0, -2) + (body.at(-2) === 'A' ? 'B' : 'A') + body.at(-1);
    expect(openSecret([v, iv, flipped, tag].join('.'), 'totp:7', MASTER)).toBeNull();
    expect(openSecret(sealed, 'totp:8', MASTER)).toBeNull();
    expect(openSecret(sealed, 'totp:7', `${MASTER}x`)).toBeNull();
    expect(openSecret('garbage', 'totp:7', MASTER)).toBeNull();
  });
});

describe('enrolment and login with 动态口令 (real database)', () => {
  const env = useSeededDb();

  async function enrol(username: string, at = T): Promise<string> {
    const ctx = contextFor(env.db, env.demo(username), DEMO_NOW);
    expect((await startTotpEnrolment(ctx, MASTER)).ok).toBe(true);
    const status = await totpStatus(env.db, env.demo(username), MASTER);
    const secret = status.pending!.secret;
    // The key is stored sealed, never as typed into the app.
    const [row] = await env.db.select({ s: users.totpSecret }).from(users).where(eq(users.id, env.idOf(username)));
    expect(row!.s).not.toContain(secret);
    expect((await confirmTotpEnrolment(ctx, { code: '000000' === codeAt(secret, at) ? '111111' : '000000' }, at, MASTER)).ok).toBe(false);
    expect((await confirmTotpEnrolment(ctx, { code: codeAt(secret, at) }, at, MASTER)).ok).toBe(true);
    expect((await totpStatus(env.db, env.demo(username), MASTER)).enabledAt).toEqual(DEMO_NOW);
    return secret;
  }

  it('asks for the code after a right password, then logs in only with a fresh code', async () => {
    const secret = await enrol('kjj');
    const login = (password: string, totp: string | undefined, at: number) =>
      logInWithSecondFactor(env.db, { username: 'kjj', password, totp }, DEMO_NOW, '10.0.0.9', at, MASTER);

    // A wrong password is refused as before, without revealing that a code would be asked.
    expect(await login('wrong-pass-1', undefined, T + 60_000)).toEqual({ ok: false, reason: 'invalid' });
    expect(await login(DEMO_PASSWORD, undefined, T + 60_000)).toEqual({ ok: false, reason: 'totp' });
    expect(await login(DEMO_PASSWORD, '123456' === codeAt(secret, T + 60_000) ? '654321' : '123456', T + 60_000)).toEqual({ ok: false, reason: 'totp_invalid' });
    const ok = await login(DEMO_PASSWORD, codeAt(secret, T + 60_000), T + 60_000);
    expect(ok.ok).toBe(true);
    // The same code again (a replay) is refused.
    expect(await login(DEMO_PASSWORD, codeAt(secret, T + 60_000), T + 60_000)).toEqual({ ok: false, reason: 'totp_invalid' });

    const audit = await env.db.select().from(auditLog).where(eq(auditLog.action, 'login.failure')).orderBy(asc(auditLog.id));
    const reasons = audit.map((a) => JSON.parse(a.detail ?? '{}') as { username?: string; reason?: string }).filter((d) => d.username === 'kjj');
    expect(reasons.map((d) => d.reason)).toEqual(['invalid', 'totp', 'totp']);
  });

  it('five wrong codes lock the account, and a right password does not reset the count', async () => {
    const secret = await enrol('sthj');
    const wrong = (at: number) => (codeAt(secret, at) === '000000' ? '999999' : '000000');
    const login = (totp: string | undefined, at: number) => logInWithSecondFactor(env.db, { username: 'sthj', password: DEMO_PASSWORD, totp }, DEMO_NOW, null, at, MASTER);
    for (let i = 0; i < 4; i++) {
      expect(await login(wrong(T + 60_000), T + 60_000)).toEqual({ ok: false, reason: 'totp_invalid' });
      // Asking again without a code (a right password) must not clear the failures.
      expect(await login(undefined, T + 60_000)).toEqual({ ok: false, reason: 'totp' });
    }
    expect(await login(wrong(T + 60_000), T + 60_000)).toMatchObject({ ok: false, reason: 'locked' });
    // Locked: even the right code is refused.
    expect(await login(codeAt(secret, T + 60_000), T + 60_000)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('a burst of 40 parallel guesses with the right password gets at most five codes checked, then the account is locked', async () => {
    const secret = await enrol('gxj');
    const at = T + 120_000;
    const right = codeAt(secret, at);
    const guesses = Array.from({ length: 40 }, (_, i) => String(100000 + i)).map((c) => (c === right ? '000001' : c));
    const results = await Promise.all(guesses.map((totp) => logInWithSecondFactor(env.db, { username: 'gxj', password: DEMO_PASSWORD, totp }, DEMO_NOW, null, at, MASTER)));
    // Checked and wrong: at most five. Every other guess was refused unchecked, as locked.
    expect(results.filter((r) => !r.ok && r.reason === 'totp_invalid').length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(35);
    // The account is locked: afterwards even the right code is refused.
    expect(await logInWithSecondFactor(env.db, { username: 'gxj', password: DEMO_PASSWORD, totp: codeAt(secret, at + 30_000) }, DEMO_NOW, null, at + 30_000, MASTER)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('administrators cannot switch TOTP off; others can, with a current code', async () => {
    const adminCtx = contextFor(env.db, env.admin(), DEMO_NOW);
    expect(await disableTotp(adminCtx, { code: '123456' }, T, MASTER)).toMatchObject({ ok: false, error: '管理员账户必须使用动态口令，不能关闭' });
    const secret = await enrol('fgj');
    const ctx = contextFor(env.db, env.demo('fgj'), DEMO_NOW);
    expect((await disableTotp(ctx, { code: codeAt(secret, T) }, T, MASTER)).ok).toBe(false); // the step enrolment used
    expect((await disableTotp(ctx, { code: codeAt(secret, T + 30_000) }, T + 30_000, MASTER)).ok).toBe(true);
    expect((await totpStatus(env.db, env.demo('fgj'), MASTER)).enabledAt).toBeNull();
    const actions = (await env.db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, env.idOf('fgj')))).map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(['account.totp_enable', 'account.totp_disable']));
  });
});

describe('统一身份认证: bind intent and subject resolution (real database)', () => {
  const env = useSeededDb();
  const ISSUER = 'http://127.0.0.1:3999';

  it('signs the bind intent and refuses a forged or expired one', () => {
    const value = signBindIntent({ userId: 3, sessionId: 'abc', expiresAt: 2000 }, MASTER);
    expect(readBindIntent(value, 1000, MASTER)).toEqual({ userId: 3, sessionId: 'abc', expiresAt: 2000 });
    expect(readBindIntent(value, 2000, MASTER)).toBeNull();
    expect(readBindIntent(value, 1000, `${MASTER}x`)).toBeNull();
    const forged = Buffer.from(JSON.stringify({ userId: 1, sessionId: 'abc', expiresAt: 2000 })).toString('base64url') + '.' + value.split('.')[1];
    expect(readBindIntent(forged, 1000, MASTER)).toBeNull();
  });

  it('refuses an unbound subject, binds it from a live session, then logs in as that user; unbinding ends it', async () => {
    const userId = env.idOf('lingdao');
    const base = { issuer: ISSUER, subject: 'zhangsan', ip: null, userAgent: null, now: DEMO_NOW };
    expect(await resolveOidcLogin(env.db, { ...base, intent: null })).toEqual({ ok: false, code: 'oidc_unbound' });

    const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: DEMO_NOW });
    const bound = await resolveOidcLogin(env.db, { ...base, intent: { userId, sessionId, expiresAt: Date.now() + 60_000 } });
    expect(bound).toMatchObject({ ok: true, bound: true, user: { id: String(userId), sessionId } });

    const login = await resolveOidcLogin(env.db, { ...base, intent: null });
    expect(login).toMatchObject({ ok: true, bound: false, user: { id: String(userId) } });
    if (login.ok) expect(login.user.sessionId).not.toBe(sessionId);

    // The account's own protections hold for a bound login: its lock, and a second factor it turned on.
    await env.db.insert(loginThrottle).values({ usernameKey: 'lingdao', failedCount: 5, lockedUntil: new Date(DEMO_NOW.getTime() + 600_000), lastFailedAt: DEMO_NOW });
    expect(await resolveOidcLogin(env.db, { ...base, intent: null })).toEqual({ ok: false, code: 'oidc_locked' });
    await env.db.delete(loginThrottle).where(eq(loginThrottle.usernameKey, 'lingdao'));
    await env.db.update(users).set({ totpEnabledAt: DEMO_NOW }).where(eq(users.id, userId));
    expect(await resolveOidcLogin(env.db, { ...base, intent: null })).toEqual({ ok: false, code: 'oidc_totp' });
    await env.db.update(users).set({ totpEnabledAt: null }).where(eq(users.id, userId));

    // Another account cannot take a bound subject.
    const other = env.idOf('duchashi');
    const otherSession = await startSession(env.db, { userId: other, method: 'password', ip: null, userAgent: null, now: DEMO_NOW });
    expect(await resolveOidcLogin(env.db, { ...base, intent: { userId: other, sessionId: otherSession, expiresAt: Date.now() + 60_000 } })).toEqual({ ok: false, code: 'oidc_taken' });

    const [identity] = await env.db.select().from(userIdentities).where(eq(userIdentities.userId, userId));
    // Only the account's own binding can be removed.
    await expect(unbindIdentity(contextFor(env.db, env.demo('duchashi'), DEMO_NOW), { id: identity!.id })).rejects.toThrow('找不到该绑定');
    expect((await unbindIdentity(contextFor(env.db, env.demo('lingdao'), DEMO_NOW), { id: identity!.id })).ok).toBe(true);
    expect(await resolveOidcLogin(env.db, { ...base, intent: null })).toEqual({ ok: false, code: 'oidc_unbound' });
  });

  it('never binds or logs in an administrator through OIDC', async () => {
    const userId = env.idOf('admin');
    const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: DEMO_NOW });
    expect(await resolveOidcLogin(env.db, { issuer: ISSUER, subject: 'root', ip: null, userAgent: null, now: DEMO_NOW, intent: { userId, sessionId, expiresAt: Date.now() + 60_000 } })).toEqual({
      ok: false,
      code: 'oidc_admin',
    });
  });
});
