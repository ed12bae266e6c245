/** Server-side sessions: the idle and absolute limits on a pinned clock, and finding 7 (sessions rolled forever). */
import { decode, encode } from '@auth/core/jwt';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { settings, users, userSessions } from '@/db/schema';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { loadSessionUser } from './account-service';
import { DEFAULT_SECURITY_POLICY, SECURITY_POLICY_KEY } from './security-policy';
import { checkSession, listOpenSessions, previousLogin, sessionExpiry, startSession, TOUCH_INTERVAL_MS } from './user-sessions';

const env = useSeededDb();

const T0 = new Date('2023-11-22T09:00:00+08:00');
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (ms: number) => new Date(T0.getTime() + ms);
const policy = DEFAULT_SECURITY_POLICY; // idle 30 min, absolute 12 h

const rowOf = async (id: string) => (await env.db.select().from(userSessions).where(eq(userSessions.id, id)).limit(1))[0]!;
const open = (username: string, now = T0, ip: string | null = '10.0.0.3') =>
  startSession(env.db, { userId: env.idOf(username), method: 'password', ip, userAgent: 'Mozilla/5.0 Chrome/120.0', now });

describe('sessionExpiry (pure)', () => {
  const s = (createdAt: Date, lastSeenAt: Date, endedAt: Date | null = null) => ({ createdAt, lastSeenAt, endedAt });

  it('idle: alive up to one millisecond before 30 minutes of silence, over at 30 minutes', () => {
    expect(sessionExpiry(s(T0, T0), policy, at(30 * MIN - 1))).toBeNull();
    expect(sessionExpiry(s(T0, T0), policy, at(30 * MIN))).toBe('idle');
    // Activity moves the idle limit, not the absolute one.
    expect(sessionExpiry(s(T0, at(20 * MIN)), policy, at(49 * MIN))).toBeNull();
    expect(sessionExpiry(s(T0, at(20 * MIN)), policy, at(50 * MIN))).toBe('idle');
  });

  it('absolute: 12 hours after login the session is over however active it is', () => {
    expect(sessionExpiry(s(T0, at(12 * HOUR - 2 * MIN)), policy, at(12 * HOUR - 1))).toBeNull();
    expect(sessionExpiry(s(T0, at(12 * HOUR - 1)), policy, at(12 * HOUR))).toBe('absolute');
    // Both limits passed: the absolute one is the reason.
    expect(sessionExpiry(s(T0, T0), policy, at(13 * HOUR))).toBe('absolute');
  });

  it('an ended session stays ended; the limits follow the policy given', () => {
    expect(sessionExpiry(s(T0, T0, T0), policy, T0)).toBe('ended');
    const strict = { sessionIdleMinutes: 5, sessionAbsoluteHours: 1 };
    expect(sessionExpiry(s(T0, T0), strict, at(5 * MIN))).toBe('idle');
    expect(sessionExpiry(s(T0, at(59 * MIN)), strict, at(HOUR))).toBe('absolute');
  });
});

describe('checkSession on a real database', () => {
  it('touches lastSeenAt at most once a minute', async () => {
    const id = await open('fgj');
    const input = { sessionId: id, userId: env.idOf('fgj'), policy };
    expect(await checkSession(env.db, { ...input, now: at(TOUCH_INTERVAL_MS - 1) })).not.toBeNull();
    expect((await rowOf(id)).lastSeenAt).toEqual(T0);
    expect(await checkSession(env.db, { ...input, now: at(TOUCH_INTERVAL_MS) })).not.toBeNull();
    expect((await rowOf(id)).lastSeenAt).toEqual(at(TOUCH_INTERVAL_MS));
    expect(await checkSession(env.db, { ...input, now: at(TOUCH_INTERVAL_MS + 30_000) })).not.toBeNull();
    expect((await rowOf(id)).lastSeenAt).toEqual(at(TOUCH_INTERVAL_MS));
  });

  it('ends an idle session with reason idle, and it stays refused afterwards', async () => {
    const id = await open('gxj');
    const input = { sessionId: id, userId: env.idOf('gxj'), policy };
    expect(await checkSession(env.db, { ...input, now: at(30 * MIN) })).toBeNull();
    expect(await rowOf(id)).toMatchObject({ endedAt: at(30 * MIN), endReason: 'idle' });
    expect(await checkSession(env.db, { ...input, now: at(30 * MIN + 1) })).toBeNull();
  });

  it('ends a session kept busy past 12 hours with reason absolute', async () => {
    const id = await open('sthj');
    const input = { sessionId: id, userId: env.idOf('sthj'), policy };
    for (let t = 10 * MIN; t < 12 * HOUR; t += 10 * MIN) expect(await checkSession(env.db, { ...input, now: at(t) }), `at ${t / MIN} min`).not.toBeNull();
    expect(await checkSession(env.db, { ...input, now: at(12 * HOUR) })).toBeNull();
    expect(await rowOf(id)).toMatchObject({ endedAt: at(12 * HOUR), endReason: 'absolute' });
  });

  it('a session id of another user is no session', async () => {
    const id = await open('kjj');
    expect(await checkSession(env.db, { sessionId: id, userId: env.idOf('fgj'), policy, now: at(MIN) })).toBeNull();
    expect((await rowOf(id)).endedAt).toBeNull();
  });
});

describe('finding 7: a re-signed token no longer keeps a session alive', () => {
  const SECRET = 'test-secret-test-secret-test-secret-0123456789';
  const SALT = 'authjs.session-token';
  /** What next-auth does on every /api/auth/session call: decode the cookie and sign it again with a fresh iat/exp. */
  const resign = async (token: string) => {
    const payload = await decode({ token, secret: SECRET, salt: SALT });
    const { iat: _iat, exp: _exp, jti: _jti, ...claims } = payload!;
    return encode({ token: claims, secret: SECRET, salt: SALT, maxAge: 8 * 3600 });
  };
  /** The user the server sees behind a cookie at `now` (getSessionUser minus the request). */
  const userBehind = async (token: string, now: Date) => {
    const t = (await decode({ token, secret: SECRET, salt: SALT }))!;
    return loadSessionUser(env.db, { userId: Number(t.uid), sessionVersion: Number(t.sv), sessionId: String(t.sid) }, now);
  };
  const login = async (username: string) => {
    const [u] = await env.db.select().from(users).where(eq(users.username, username)).limit(1);
    const sid = await open(username);
    return encode({ token: { uid: u!.id, sv: u!.sessionVersion, role: u!.role, sid }, secret: SECRET, salt: SALT, maxAge: 8 * 3600 });
  };

  it('idle: a cookie re-signed a moment ago still maps to a session refused after 30 idle minutes', async () => {
    const token = await login('fgj_head');
    expect(await userBehind(token, at(MIN))).not.toBeNull();
    // The browser sits idle; a fresh signature (new iat/exp, valid for 8 more hours) arrives anyway.
    const fresh = await resign(token);
    const claims = (await decode({ token: fresh, secret: SECRET, salt: SALT }))!;
    expect(claims.exp! * 1000).toBeGreaterThan(Date.now() + 7 * 3600_000);
    expect(await userBehind(fresh, at(31 * MIN))).toBeNull();
  });

  it('absolute: re-signing and activity every few minutes cannot carry a session past 12 hours', async () => {
    let token = await login('gxj_head');
    for (let t = 5 * MIN; t < 12 * HOUR; t += 5 * MIN) {
      token = await resign(token);
      expect(await userBehind(token, at(t)), `at ${t / MIN} min`).not.toBeNull();
    }
    token = await resign(token);
    expect(await userBehind(token, at(12 * HOUR))).toBeNull();
  });

  it('the limits come from the security policy (settings row "security")', async () => {
    const value = JSON.stringify({ ...DEFAULT_SECURITY_POLICY, sessionIdleMinutes: 5 });
    await env.db.insert(settings).values({ key: SECURITY_POLICY_KEY, value, updatedAt: T0 }).onConflictDoUpdate({ target: settings.key, set: { value } });
    try {
      const token = await login('lingdao');
      expect(await userBehind(token, at(4 * MIN))).not.toBeNull();
      expect(await userBehind(await resign(token), at(9 * MIN + 1))).toBeNull();
    } finally {
      await env.db.delete(settings).where(eq(settings.key, SECURITY_POLICY_KEY));
    }
  });
});

describe('previousLogin and the open sessions', () => {
  it('the first login has no previous one; the next shows the one before (time and address)', async () => {
    const first = await open('duchashi', at(-2 * HOUR), '10.0.0.3');
    expect(await previousLogin(env.db, env.idOf('duchashi'), first)).toBeNull();
    const second = await open('duchashi', T0, '10.0.0.9');
    expect(await previousLogin(env.db, env.idOf('duchashi'), second)).toEqual({ at: at(-2 * HOUR), ip: '10.0.0.3' });
  });

  it('is recorded on the session when it starts, and the session check hands it to the layout with no further read', async () => {
    const userId = env.idOf('gxj');
    // Without the session an earlier test opened at T0: which of two logins at one instant came first is a tie broken by the random session id.
    await env.db.delete(userSessions).where(eq(userSessions.userId, userId));
    const first = await open('gxj', at(-3 * HOUR), '10.0.0.4');
    const second = await open('gxj', T0, '10.0.0.5');
    // A later login does not change what the earlier session recorded.
    await open('gxj', at(MIN), '10.0.0.6');
    expect(await rowOf(second)).toMatchObject({ previousLoginAt: at(-3 * HOUR), previousLoginIp: '10.0.0.4' });
    const [u] = await env.db.select().from(users).where(eq(users.id, userId)).limit(1);
    const actor = await loadSessionUser(env.db, { userId, sessionVersion: u!.sessionVersion, sessionId: second }, at(2 * MIN));
    expect(actor).toMatchObject({ sessionId: second, sessionStartedAt: T0, previousLogin: { at: at(-3 * HOUR), ip: '10.0.0.4' } });
    expect(first).not.toBe(second);
  });

  it('lists only the sessions alive under the policy, most recently used first', async () => {
    const userId = env.idOf('fgj');
    await env.db.delete(userSessions).where(eq(userSessions.userId, userId));
    const old = await open('fgj', at(-13 * HOUR));
    const idle = await open('fgj', at(-40 * MIN));
    const a = await open('fgj', at(-10 * MIN));
    const b = await open('fgj', at(-5 * MIN));
    const listed = await listOpenSessions(env.db, userId, policy, T0);
    expect(listed.map((s) => s.id)).toEqual([b, a]);
    expect(listed.map((s) => s.id)).not.toContain(old);
    expect(listed.map((s) => s.id)).not.toContain(idle);
    expect(JSON.stringify(listed)).not.toContain('endedAt');
  });
});
