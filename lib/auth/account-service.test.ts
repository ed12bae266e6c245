/** Password history (no reuse of the last N), expiry and the change date, on a real database. */
import bcrypt from 'bcryptjs';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { passwordHistory, settings, units, users, userSessions } from '@/db/schema';
import { RefusalError } from '@/lib/errors';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { changeOwnPassword, createUser, getPasswordStatus, loadSessionUser, resetPassword } from './account-service';
import { verifyLogin } from './login-service';
import { DEFAULT_SECURITY_POLICY, SECURITY_POLICY_KEY } from './security-policy';
import { startSession } from './user-sessions';

const env = useSeededDb();
const T0 = new Date('2023-11-22T09:30:00+08:00');
const DAY = 86_400_000;
const after = (ms: number) => new Date(T0.getTime() + ms);

const userRow = async (username: string) => (await env.db.select().from(users).where(eq(users.username, username)).limit(1))[0]!;
const historyOf = async (userId: number) =>
  env.db.select().from(passwordHistory).where(eq(passwordHistory.userId, userId)).orderBy(asc(passwordHistory.id));
/** A user changes their own password at `now` (a fresh actor: the username is what the rule compares). */
const change = async (username: string, currentPassword: string, newPassword: string, now = T0) => {
  const u = await userRow(username);
  const actor = { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, districtId: u.districtId, unitId: u.unitId, unitName: null };
  return changeOwnPassword(env.as(actor, now), { currentPassword, newPassword, confirmPassword: newPassword });
};
const setPolicy = async (patch: Partial<typeof DEFAULT_SECURITY_POLICY>) => {
  const value = JSON.stringify({ ...DEFAULT_SECURITY_POLICY, ...patch });
  await env.db.insert(settings).values({ key: SECURITY_POLICY_KEY, value, updatedAt: T0 }).onConflictDoUpdate({ target: settings.key, set: { value } });
};
const clearPolicy = () => env.db.delete(settings).where(eq(settings.key, SECURITY_POLICY_KEY));

describe('password history: no reuse of the last 5 (counting the current one)', () => {
  it('refuses the current password and each of the last four, accepts the sixth-oldest; keeps at most 5 rows', async () => {
    await createUser(env.db, { username: 'histuser', role: 'leader', districtId: FIRST_DISTRICT_ID, password: 'First@2023a', mustChangePassword: false }, { actor: null, meta: { ip: null }, at: T0, via: 'cli' });
    const sequence = ['Second@2023b', 'Third@2023c', 'Fourth@2023d', 'Fifth@2023e', 'Sixth@2023f'];
    let current = 'First@2023a';
    for (const [i, next] of sequence.entries()) {
      expect(await change('histuser', current, next, after(i * DAY))).toEqual({ ok: true });
      current = next;
    }
    const refusal = { ok: false, error: '新密码不能与最近 5 次使用过的密码相同', fieldErrors: { newPassword: ['新密码不能与最近 5 次使用过的密码相同'] } };
    // The current one (Sixth) and the four before it are refused…
    for (const old of ['Sixth@2023f', 'Fifth@2023e', 'Fourth@2023d', 'Third@2023c', 'Second@2023b']) {
      expect(await change('histuser', current, old, after(6 * DAY)), old).toEqual(refusal);
    }
    // …the one before those is free again.
    expect(await change('histuser', current, 'First@2023a', after(6 * DAY))).toEqual({ ok: true });
    const u = await userRow('histuser');
    expect((await historyOf(u.id)).length).toBeLessThanOrEqual(5);
    expect(u.passwordChangedAt).toEqual(after(6 * DAY));
  });

  it('the count follows the policy', async () => {
    await createUser(env.db, { username: 'histtwo', role: 'leader', districtId: FIRST_DISTRICT_ID, password: 'One@2023aa', mustChangePassword: false }, { actor: null, meta: { ip: null }, at: T0, via: 'cli' });
    await setPolicy({ passwordHistoryCount: 2 });
    try {
      expect(await change('histtwo', 'One@2023aa', 'Two@2023bb')).toEqual({ ok: true });
      expect(await change('histtwo', 'Two@2023bb', 'One@2023aa')).toMatchObject({ ok: false, fieldErrors: { newPassword: ['新密码不能与最近 2 次使用过的密码相同'] } });
      expect(await change('histtwo', 'Two@2023bb', 'Three@2023cc')).toEqual({ ok: true });
      expect(await change('histtwo', 'Three@2023cc', 'One@2023aa')).toEqual({ ok: true });
      expect((await historyOf((await userRow('histtwo')).id)).length).toBeLessThanOrEqual(2);
    } finally {
      await clearPolicy();
    }
  });

  it('an operator reset records the old hash, sets the change date and ends the sessions', async () => {
    const u = await userRow('gxj');
    const sid = await startSession(env.db, { userId: u.id, method: 'password', ip: null, userAgent: null, now: T0 });
    await resetPassword(env.db, { username: 'gxj', password: 'Reset#2023x' }, { actor: null, meta: { ip: null }, at: T0, via: 'cli' });
    const after1 = await userRow('gxj');
    expect(after1.passwordChangedAt).toEqual(T0);
    expect((await historyOf(u.id)).map((h) => h.passwordHash)).toEqual([u.passwordHash]);
    const [session] = await env.db.select().from(userSessions).where(eq(userSessions.id, sid));
    expect(session).toMatchObject({ endedAt: T0, endReason: 'password' });
    // The user, made to change it, cannot go back to the password before the reset.
    expect(await change('gxj', 'Reset#2023x', DEMO_PASSWORD)).toMatchObject({ ok: false, fieldErrors: { newPassword: ['新密码不能与最近 5 次使用过的密码相同'] } });
  });

  it('a new account records when its password was set', async () => {
    const { id } = await createUser(env.db, { username: 'fresh.one', role: 'leader', districtId: FIRST_DISTRICT_ID, password: 'Fresh@2023z' }, { actor: null, meta: { ip: null }, at: T0, via: 'cli' });
    const [row] = await env.db.select({ at: users.passwordChangedAt }).from(users).where(eq(users.id, id));
    expect(row!.at).toEqual(T0);
  });
});

describe('password expiry (密码有效期)', () => {
  const loadAt = async (username: string, now: Date) => {
    const u = await userRow(username);
    const sessionId = await startSession(env.db, { userId: u.id, method: 'password', ip: null, userAgent: null, now });
    return loadSessionUser(env.db, { userId: u.id, sessionVersion: u.sessionVersion, sessionId }, now);
  };

  it('90 days after the change the session user must change the password; the status says why', async () => {
    const u = await userRow('kjj');
    await env.db.update(users).set({ passwordChangedAt: new Date(T0.getTime() - 90 * DAY + 60_000), mustChangePassword: false }).where(eq(users.id, u.id));
    expect(await loadAt('kjj', T0)).toMatchObject({ username: 'kjj', mustChangePassword: false });
    expect(await getPasswordStatus(env.db, u.id, T0)).toMatchObject({ expired: false, daysLeft: 1, expiryDays: 90 });
    const later = after(60_000);
    expect(await loadAt('kjj', later)).toMatchObject({ username: 'kjj', mustChangePassword: true });
    expect(await getPasswordStatus(env.db, u.id, later)).toMatchObject({ expired: true, daysLeft: 0 });
    // A change starts the 90 days again.
    expect(await change('kjj', DEMO_PASSWORD, 'Kexue#2023new', later)).toEqual({ ok: true });
    expect(await loadAt('kjj', after(89 * DAY))).toMatchObject({ mustChangePassword: false });
  });

  it('without a change date the account creation counts; 0 days means never', async () => {
    const u = await userRow('fgj_head');
    expect(u.passwordChangedAt).toBeNull();
    const old = new Date(u.createdAt.getTime() + 91 * DAY);
    expect(await loadAt('fgj_head', old)).toMatchObject({ mustChangePassword: true });
    await setPolicy({ passwordExpiryDays: 0 });
    try {
      expect(await loadAt('fgj_head', old)).toMatchObject({ mustChangePassword: false });
    } finally {
      await clearPolicy();
    }
  });
});

describe('hash upgrade at login', () => {
  it('a bcrypt hash verifies, is replaced by argon2id at the login, and the password still works', async () => {
    const u = await userRow('sthj');
    const old = bcrypt.hashSync(DEMO_PASSWORD, 10);
    await env.db.update(users).set({ passwordHash: old }).where(eq(users.id, u.id));
    expect((await verifyLogin(env.db, { username: 'sthj', password: DEMO_PASSWORD }, T0)).ok).toBe(true);
    const upgraded = await userRow('sthj');
    expect(upgraded.passwordHash).toMatch(/^\$argon2id\$/);
    // Not a password change: the date and the sessions stay as they were.
    expect(upgraded.passwordChangedAt).toEqual(u.passwordChangedAt);
    expect(upgraded.sessionVersion).toBe(u.sessionVersion);
    expect((await verifyLogin(env.db, { username: 'sthj', password: DEMO_PASSWORD }, T0)).ok).toBe(true);
  });

  it('a wrong password upgrades nothing', async () => {
    const u = await userRow('lingdao');
    const old = bcrypt.hashSync(DEMO_PASSWORD, 10);
    await env.db.update(users).set({ passwordHash: old }).where(eq(users.id, u.id));
    expect((await verifyLogin(env.db, { username: 'lingdao', password: 'Wrong#2023' }, T0)).ok).toBe(false);
    expect((await userRow('lingdao')).passwordHash).toBe(old);
  });
});

describe('districts: an account is created in the district it names', () => {
  // 兰山区 beside the seeded 河东区: the same unit names under other ids.
  let d2: SecondDistrict;
  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
  });
  const cli = { actor: null, meta: { ip: null }, at: T0, via: 'cli' as const };
  const base = { password: 'Start@2023x', mustChangePassword: false };
  const unitIn = async (districtId: number, name: string) =>
    (await env.db.select({ id: units.id }).from(units).where(and(eq(units.districtId, districtId), eq(units.name, name))))[0]!.id;

  it('a unit named or picked is the district’s own; the deployment’s roles have no district', async () => {
    const named = await createUser(env.db, { ...base, username: 'ls.mz', role: 'reporter', districtId: d2.districtId, unitName: '区民政局' }, cli);
    expect(await userRow('ls.mz')).toMatchObject({ id: named.id, districtId: d2.districtId, unitId: await unitIn(d2.districtId, '区民政局') });
    await createUser(env.db, { ...base, username: 'ls.cz', role: 'unit_head', districtId: d2.districtId, unitId: await unitIn(d2.districtId, '区财政局') }, cli);
    expect(await userRow('ls.cz')).toMatchObject({ districtId: d2.districtId, unitId: await unitIn(d2.districtId, '区财政局') });
    await createUser(env.db, { ...base, username: 'ls.leader', role: 'leader', districtId: d2.districtId }, cli);
    expect(await userRow('ls.leader')).toMatchObject({ districtId: d2.districtId, unitId: null });
    for (const role of ['city_supervisor', 'security_admin', 'audit_admin'] as const) {
      await createUser(env.db, { ...base, username: `city.${role}`, role, districtId: null }, cli);
      expect(await userRow(`city.${role}`)).toMatchObject({ districtId: null, unitId: null });
    }
  });

  it('refuses a mismatch with a Chinese message, writing nothing', async () => {
    await env.db.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区河东专属中心' });
    const count = async () => (await env.db.select({ id: users.id }).from(users)).length;
    const before = await count();
    const cases: [Parameters<typeof createUser>[1], string, 'zod' | 'refusal'][] = [
      [{ ...base, username: 'm1', role: 'reporter', districtId: null, unitName: '区民政局' }, '请指定所属行政区', 'zod'],
      [{ ...base, username: 'm2', role: 'admin', districtId: null }, '请指定所属行政区', 'zod'],
      [{ ...base, username: 'm3', role: 'city_supervisor', districtId: FIRST_DISTRICT_ID }, '不属于任何行政区', 'zod'],
      [{ ...base, username: 'm4', role: 'security_admin', districtId: null, unitName: '区民政局' }, '不属于任何单位', 'zod'],
      [{ ...base, username: 'm5', role: 'reporter', districtId: 9999, unitName: '区民政局' }, '找不到所指定的行政区', 'refusal'],
      [{ ...base, username: 'm6', role: 'reporter', districtId: d2.districtId, unitId: await unitIn(FIRST_DISTRICT_ID, '区民政局') }, '找不到所选单位', 'refusal'],
      [{ ...base, username: 'm7', role: 'reporter', districtId: d2.districtId, unitName: '区河东专属中心' }, '单位“区河东专属中心”属于河东区，不在兰山区', 'refusal'],
      [{ ...base, username: 'm8', role: 'reporter', districtId: d2.districtId, unitName: '不存在局' }, '找不到单位“不存在局”', 'refusal'],
      // Usernames are unique across the deployment.
      [{ ...base, username: 'fgj', role: 'leader', districtId: d2.districtId }, '用户名“fgj”已存在', 'refusal'],
    ];
    for (const [input, message, kind] of cases) {
      const error = await createUser(env.db, input, cli).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, input.username).toBeInstanceOf(kind === 'zod' ? ZodError : RefusalError);
      expect(String((error as Error).message), input.username).toContain(message);
    }
    expect(await count()).toBe(before);
  });
});
