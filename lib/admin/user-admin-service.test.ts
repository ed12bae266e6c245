import { and, asc, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, loginThrottle, units, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { loadSessionUser } from '@/lib/auth/account-service';
import { verifyLogin } from '@/lib/auth/login-service';
import type { Role } from '@/lib/auth/roles';
import { ForbiddenError } from '@/lib/errors';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW, viaSchema } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { NON_ADMIN_ROLES, useAdminDb } from './admin.fixture';
import { activeUnitOptions } from './unit-admin-service';
import { userCreateSchema, userResetPasswordSchema, userUpdateSchema } from './schemas';
import { createUserByAdmin, generatePassword, getUserForAdmin, listUsers, resetUserPasswordByAdmin, setUserActiveByAdmin, updateUserByAdmin } from './user-admin-service';
import { CITY_ROLE_MESSAGE, SEPARATED_ROLE_MESSAGE } from './user-admin-service';
import { startSession } from '@/lib/auth/user-sessions';

/** Loads the session user through a fresh server-side session (as a login would open it). */
async function loadAs(userId: number, sessionVersion: number) {
  const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: new Date() });
  return loadSessionUser(env.db, { userId, sessionVersion, sessionId }, new Date());
}

const AT = DEMO_NOW;
const { env, ctxOf, asAdmin, rowCount, unitIdOf } = useAdminDb();

const row = async (username: string) =>
  (
    await env.db
      .select({ id: users.id, sessionVersion: users.sessionVersion, active: users.active, role: users.role, unitId: users.unitId, mustChangePassword: users.mustChangePassword })
      .from(users)
      .where(eq(users.username, username))
      .limit(1)
  )[0]!;
const admin = () => env.admin();
/** As the action does: the form's schema first, then the service. */
const createAsAdmin = (raw: unknown) => viaSchema(userCreateSchema, raw, (input) => createUserByAdmin(asAdmin(), input));
const updateAs = (actor: Actor, raw: unknown) => viaSchema(userUpdateSchema, raw, (input) => updateUserByAdmin(ctxOf(actor), input));
const resetAsAdmin = (raw: unknown) => viaSchema(userResetPasswordSchema, raw, (input) => resetUserPasswordByAdmin(asAdmin(), input));
const unitId = async (name: string) => (await unitIdOf(name))!;
const idOfUser = (username: string) => env.idOf(username);
const userCount = () => rowCount(users);
const auditCount = () => rowCount(auditLog);

const NEW_USER = {
  username: 'mzj',
  displayName: '民政局填报员',
  role: 'reporter' as Role,
  unitId: 0,
  email: '',
  passwordMode: 'manual' as const,
  password: 'Minzheng#2023',
};

async function create(username: string, extra: Partial<typeof NEW_USER> = {}) {
  const r = await createAsAdmin({ ...NEW_USER, unitId: await unitId('区民政局'), username, ...extra });
  if (!r.ok) throw new Error(r.error);
  return r.data!;
}

describe('only admins manage users', () => {
  it.each(NON_ADMIN_ROLES)('%s is refused every user action', async (role, unit) => {
    const ctx = ctxOf(await actorFor(env.db, role, unit, (await row(role === 'leader' ? 'lingdao' : 'fgj')).id));
    const target = (await row('gxj')).id;
    const users0 = await userCount();
    const audit0 = await auditCount();
    await expect(listUsers(ctx)).rejects.toThrow(ForbiddenError);
    await expect(getUserForAdmin(ctx, target)).rejects.toThrow(ForbiddenError);
    await expect(createUserByAdmin(ctx, userCreateSchema.parse({ ...NEW_USER, username: 'x1', unitId: await unitId('区民政局') }))).rejects.toThrow(ForbiddenError);
    await expect(updateUserByAdmin(ctx, { userId: target, displayName: 'x', role: 'admin', unitId: null, email: '' })).rejects.toThrow(ForbiddenError);
    await expect(resetUserPasswordByAdmin(ctx, { userId: target, passwordMode: 'generate', password: '' })).rejects.toThrow(ForbiddenError);
    await expect(setUserActiveByAdmin(ctx, { userId: target, active: false })).rejects.toThrow(ForbiddenError);
    expect(await userCount()).toBe(users0);
    expect(await auditCount()).toBe(audit0);
    expect(await row('gxj')).toMatchObject({ active: true, role: 'reporter' });
  });
});

describe('create', () => {
  it('refuses a weak password, a reporter without a unit, a duplicate username and a bad e-mail, writing nothing', async () => {
    const before = { users: await userCount(), audit: await auditCount() };
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ password: '12345678' }, 'password', /过于常见|字母和数字/],
      [{ password: 'short1' }, 'password', /至少需要 8 个字符/],
      [{ password: 'mzj2Mzj2023' }, 'password', /不能包含用户名/],
      [{ password: '' }, 'password', /请输入初始密码/],
      [{ unitId: null }, 'unitId', /必须选择所属单位/],
      [{ role: 'unit_head', unitId: null }, 'unitId', /必须选择所属单位/],
      [{ username: 'fgj' }, 'username', /用户名“fgj”已被使用/],
      [{ username: 'FGJ' }, 'username', /已被使用/],
      [{ username: '张三' }, 'username', /只能包含字母/],
      [{ email: 'not-an-email' }, 'email', /邮箱格式不正确/],
      [{ displayName: '  ' }, 'displayName', /请输入姓名/],
      [{ role: 'boss' }, 'role', /请选择角色/],
    ];
    for (const [patch, field, message] of cases) {
      const r = await createAsAdmin({ ...NEW_USER, unitId: await unitId('区民政局'), ...patch });
      expect(r.ok, JSON.stringify(patch)).toBe(false);
      expect(!r.ok && r.fieldErrors?.[field]?.[0], JSON.stringify(patch)).toMatch(message);
    }
    expect({ users: await userCount(), audit: await auditCount() }).toEqual(before);
  });

  it('refuses an inactive unit', async () => {
    const id = await unitId('郑旺镇');
    await env.db.update(units).set({ active: false }).where(eq(units.id, id));
    const r = await createAsAdmin({ ...NEW_USER, username: 'zwz', unitId: id });
    expect(!r.ok && r.fieldErrors?.unitId?.[0]).toBe('所选单位不存在或已停用');
    await env.db.update(units).set({ active: true }).where(eq(units.id, id));
  });

  it('creates an account that must change its typed password at first login, audited with the admin as actor', async () => {
    const r = await createUserByAdmin(asAdmin({ ip: '10.1.1.1' }), userCreateSchema.parse({ ...NEW_USER, unitId: await unitId('区民政局'), email: 'mzj@example.gov.cn' }));
    expect(r).toMatchObject({ ok: true, data: { username: 'mzj', generatedPassword: null } });
    const login = await verifyLogin(env.db, { username: 'mzj', password: 'Minzheng#2023' }, AT);
    expect(login.ok && login.user).toMatchObject({ role: 'reporter', unitName: '区民政局', mustChangePassword: true });
    expect(await getUserForAdmin(asAdmin(), r.ok ? r.data.id : 0)).toMatchObject({ email: 'mzj@example.gov.cn', mustChangePassword: true, active: true });
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.create')).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect(audit).toMatchObject({ actorId: admin().userId, ip: '10.1.1.1', entityId: r.ok ? r.data!.id : 0 });
    expect(JSON.parse(audit.detail!)).toMatchObject({ username: 'mzj', role: 'reporter', via: 'admin' });
  });

  it('generates a strong password when asked, returned once and working', async () => {
    const r = await createAsAdmin({ ...NEW_USER, username: 'Leader2', role: 'leader', unitId: null, passwordMode: 'generate', password: '' });
    expect(r.ok).toBe(true);
    const password = r.ok ? r.data!.generatedPassword! : '';
    expect(password).toMatch(/^[A-Za-z0-9#@%+=]{12}$/);
    const login = await verifyLogin(env.db, { username: 'leader2', password }, AT);
    expect(login.ok && login.user).toMatchObject({ role: 'leader', unitId: null, mustChangePassword: true });
    expect(new Set(Array.from({ length: 20 }, generatePassword)).size).toBe(20);
  });

  it('the form schema gives the same per-field messages in the browser', () => {
    const r = userCreateSchema.safeParse({ ...NEW_USER, unitId: null, password: 'abc' });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => i.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['unitId', 'password']));
  });
});

describe('no password hash ever leaves the service', () => {
  it('list and detail results carry no hash and no session version', async () => {
    const created = await createAsAdmin({ ...NEW_USER, username: 'hashcheck', unitId: await unitId('区民政局') });
    const json = JSON.stringify([await listUsers(asAdmin()), await getUserForAdmin(asAdmin(), (await row('fgj')).id), created]);
    expect(json).not.toMatch(/\$2[aby]\$/);
    expect(json).not.toMatch(/passwordHash|password_hash|sessionVersion/i);
    expect(Object.keys((await listUsers(asAdmin()))[0]!).sort()).toEqual(
      ['active', 'createdAt', 'displayName', 'email', 'id', 'lockedUntil', 'mustChangePassword', 'role', 'unitId', 'unitName', 'username'].sort(),
    );
  });
});

describe('update', () => {
  it('a role change ends the old sessions; a name change does not', async () => {
    const u = await create('tobepromoted');
    const v1 = (await row('tobepromoted')).sessionVersion;
    expect(await loadAs(u.id, v1)).not.toBeNull();
    const rename = await updateAs(admin(), { userId: u.id, displayName: '新名字', role: 'reporter', unitId: await unitId('区民政局'), email: '' });
    expect(rename).toMatchObject({ ok: true, data: { sessionsEnded: false } });
    expect(await loadAs(u.id, v1)).toMatchObject({ displayName: '新名字' });

    const promote = await updateAs(admin(), { userId: u.id, displayName: '新名字', role: 'unit_head', unitId: await unitId('区民政局'), email: '' });
    expect(promote).toMatchObject({ ok: true, data: { sessionsEnded: true } });
    expect(await loadAs(u.id, v1)).toBeNull();
    expect(await loadAs(u.id, v1 + 1)).toMatchObject({ role: 'unit_head' });
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.update')).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ changes: { role: { from: 'reporter', to: 'unit_head' } }, sessionsEnded: true });
  });

  it('a unit change ends the old sessions too', async () => {
    const u = await create('tobemoved');
    const v1 = (await row('tobemoved')).sessionVersion;
    expect((await updateAs(admin(), { userId: u.id, displayName: 'x', role: 'reporter', unitId: await unitId('区商务局'), email: '' })).ok).toBe(true);
    expect(await loadAs(u.id, v1)).toBeNull();
    expect(await loadAs(u.id, v1 + 1)).toMatchObject({ unitName: '区商务局' });
  });

  it('refuses a reporter without a unit, changing one’s own role, and writes nothing', async () => {
    const u = await create('noupdate');
    const before = { ...(await row('noupdate')), audit: await auditCount() };
    const r = await updateAs(admin(), { userId: u.id, displayName: 'x', role: 'reporter', unitId: null, email: '' });
    expect(!r.ok && r.fieldErrors?.unitId?.[0]).toBe('填报员和单位负责人必须选择所属单位');
    const self = await updateAs(admin(), { userId: admin().userId, displayName: '系统管理员', role: 'leader', unitId: null, email: '' });
    expect(!self.ok && self.fieldErrors?.role?.[0]).toMatch('不能修改自己的角色');
    expect({ ...(await row('noupdate')), audit: await auditCount() }).toEqual(before);
    expect((await row('admin')).role).toBe('admin');
  });
});

describe('reset password', () => {
  it('sets must-change, ends sessions and clears the lockout counter', async () => {
    const u = await create('lockedout');
    // Log in once, change nothing; then lock the name out with wrong passwords.
    const v1 = (await row('lockedout')).sessionVersion;
    for (let i = 0; i < 5; i++) await verifyLogin(env.db, { username: 'lockedout', password: `wrong-${i}` }, AT);
    expect((await verifyLogin(env.db, { username: 'lockedout', password: 'Minzheng#2023' }, AT)).ok).toBe(false);
    expect((await getUserForAdmin(asAdmin(), u.id))!.lockedUntil).not.toBeNull();

    const r = await resetAsAdmin({ userId: u.id, passwordMode: 'manual', password: 'Reset#2023ab' });
    expect(r).toMatchObject({ ok: true, data: { generatedPassword: null } });
    expect(await row('lockedout')).toMatchObject({ mustChangePassword: true, sessionVersion: v1 + 1 });
    expect(await loadAs(u.id, v1)).toBeNull();
    expect(await env.db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, 'lockedout'))).toEqual([]);
    const login = await verifyLogin(env.db, { username: 'lockedout', password: 'Reset#2023ab' }, AT);
    expect(login.ok && login.user.mustChangePassword).toBe(true);
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'account.reset_password')).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect(audit).toMatchObject({ actorId: admin().userId, entityId: u.id });
  });

  it('can generate the new password, and refuses weak ones and one’s own account', async () => {
    const u = await create('resetgen');
    const gen = await resetAsAdmin({ userId: u.id, passwordMode: 'generate', password: '' });
    expect((await verifyLogin(env.db, { username: 'resetgen', password: gen.ok ? gen.data!.generatedPassword! : '' }, AT)).ok).toBe(true);
    const v = (await row('resetgen')).sessionVersion;
    const weak = await resetAsAdmin({ userId: u.id, passwordMode: 'manual', password: 'password' });
    expect(!weak.ok && weak.fieldErrors?.password?.[0]).toBeTruthy();
    const own = await resetAsAdmin({ userId: admin().userId, passwordMode: 'generate', password: '' });
    expect(!own.ok && own.error).toMatch('修改密码');
    expect((await row('resetgen')).sessionVersion).toBe(v);
  });
});

describe('disable / enable', () => {
  it('disabling ends the user’s sessions at once; enabling lets them log in again', async () => {
    const u = await create('tobedisabled');
    const v1 = (await row('tobedisabled')).sessionVersion;
    expect(await loadAs(u.id, v1)).not.toBeNull();
    expect(await setUserActiveByAdmin(ctxOf(admin()), { userId: u.id, active: false })).toMatchObject({ ok: true });
    expect(await loadAs(u.id, v1)).toBeNull();
    expect(await loadAs(u.id, (await row('tobedisabled')).sessionVersion)).toBeNull();
    expect(await verifyLogin(env.db, { username: 'tobedisabled', password: 'Minzheng#2023' }, AT)).toEqual({ ok: false, reason: 'disabled' });
    expect(await setUserActiveByAdmin(ctxOf(admin()), { userId: u.id, active: true })).toMatchObject({ ok: true });
    expect((await verifyLogin(env.db, { username: 'tobedisabled', password: 'Minzheng#2023' }, AT)).ok).toBe(true);
    const actions = (await env.db.select().from(auditLog).orderBy(asc(auditLog.id))).filter((a) => a.entityType === 'user' && a.entityId === u.id).map((a) => a.action);
    expect(actions).toEqual(['account.create', 'account.disable', 'account.enable']);
  });

  it('refuses disabling yourself or the last active admin', async () => {
    const self = await setUserActiveByAdmin(ctxOf(admin()), { userId: admin().userId, active: false });
    expect(!self.ok && self.error).toBe('不能停用自己的账户');
    // A second admin, since disabled, still holding a stale actor: 'admin' is the last active one.
    const second = await create('admin2', { role: 'admin', unitId: null as never });
    expect((await setUserActiveByAdmin(ctxOf(admin()), { userId: second.id, active: false })).ok).toBe(true);
    const stale = await actorFor(env.db, 'admin', null, second.id);
    const last = await setUserActiveByAdmin(ctxOf(stale), { userId: admin().userId, active: false });
    expect(!last.ok && last.error).toBe('这是唯一启用的管理员账户，不能停用');
    const demote = await updateAs(stale, { userId: admin().userId, displayName: '系统管理员', role: 'leader', unitId: null, email: '' });
    expect(!demote.ok && demote.fieldErrors?.role?.[0]).toBe('这是唯一启用的管理员，不能改为其他角色');
    expect(await row('admin')).toMatchObject({ active: true, role: 'admin' });
  });
});

describe('三员分立: the security and audit administrators’ accounts', () => {
  const auditOf = async (userId: number) =>
    (await env.db.select().from(auditLog).orderBy(asc(auditLog.id)))
      .filter((a) => a.entityType === 'user' && a.entityId === userId)
      .map((a) => ({ action: a.action, actorId: a.actorId, detail: JSON.parse(a.detail ?? '{}') as Record<string, unknown> }));

  it('the security and audit administrators (no district) are out of the district administrator’s reach: not found, nothing written', async () => {
    const before = { anquan: await row('anquan'), shenji: await row('shenji'), audit: await auditCount() };
    const demote = await updateAs(admin(), { userId: (await row('anquan')).id, displayName: '安全管理员', role: 'leader', unitId: null, email: '' });
    expect(!demote.ok && demote.error).toBe('找不到该用户');
    const disable = await setUserActiveByAdmin(ctxOf(admin()), { userId: (await row('shenji')).id, active: false });
    expect(!disable.ok && disable.error).toBe('找不到该用户');
    expect(await getUserForAdmin(asAdmin(), (await row('anquan')).id)).toBeNull();
    expect((await listUsers(asAdmin())).map((u) => u.username)).not.toContain('anquan');
    expect((await listUsers(asAdmin())).map((u) => u.username)).not.toContain('shenji');
    expect({ anquan: await row('anquan'), shenji: await row('shenji'), audit: await auditCount() }).toEqual(before);
  });

  it('the system admin neither grants, takes away nor resets the security and audit administrators (三员分立) nor the city role, writing nothing', async () => {
    const before = { users: await userCount(), audit: await auditCount(), anquan: await row('anquan'), shenji: await row('shenji'), fgj: await row('fgj') };
    const grant = await createAsAdmin({ ...NEW_USER, username: 'shenji2', role: 'audit_admin', unitId: null, displayName: '审计管理员二' });
    expect(!grant.ok && grant.fieldErrors?.role?.[0]).toBe(SEPARATED_ROLE_MESSAGE);
    const promote = await updateAs(admin(), { userId: (await row('fgj')).id, displayName: '发改局填报员', role: 'security_admin', unitId: null, email: '' });
    expect(!promote.ok && promote.fieldErrors?.role?.[0]).toBe(SEPARATED_ROLE_MESSAGE);
    // 市督查员 belongs to the whole city: no district's administrator grants it.
    const city = await createAsAdmin({ ...NEW_USER, username: 'shidu2', role: 'city_supervisor', unitId: null, displayName: '市督查员二' });
    expect(!city.ok && city.fieldErrors?.role?.[0]).toBe(CITY_ROLE_MESSAGE);
    const toCity = await updateAs(admin(), { userId: (await row('fgj')).id, displayName: '发改局填报员', role: 'city_supervisor', unitId: null, email: '' });
    expect(!toCity.ok && toCity.fieldErrors?.role?.[0]).toBe(CITY_ROLE_MESSAGE);
    const reset = await viaSchema(userResetPasswordSchema, { userId: (await row('shenji')).id, passwordMode: 'generate', password: '' }, (i) => resetUserPasswordByAdmin(ctxOf(admin()), i));
    expect(!reset.ok && reset.error).toBe('找不到该用户');
    expect({ users: await userCount(), audit: await auditCount(), anquan: await row('anquan'), shenji: await row('shenji'), fgj: await row('fgj') }).toEqual(before);
  });

  it('every change the system admin makes to an administrator account is audited, with the admin as actor', async () => {
    const second = await create('sysadmin3', { role: 'admin', unitId: null as never, displayName: '系统管理员三' });
    const ip = { ip: '10.9.8.7' };
    expect((await viaSchema(userUpdateSchema, { userId: second.id, displayName: '系统二', role: 'admin', unitId: null, email: '' }, (i) => updateUserByAdmin(ctxOf(admin(), ip), i))).ok).toBe(true);
    expect((await viaSchema(userResetPasswordSchema, { userId: second.id, passwordMode: 'generate', password: '' }, (i) => resetUserPasswordByAdmin(ctxOf(admin(), ip), i))).ok).toBe(true);
    expect((await setUserActiveByAdmin(ctxOf(admin(), ip), { userId: second.id, active: false })).ok).toBe(true);
    expect((await setUserActiveByAdmin(ctxOf(admin(), ip), { userId: second.id, active: true })).ok).toBe(true);
    expect((await auditOf(second.id)).map((a) => [a.action, a.actorId])).toEqual([
      ['account.create', admin().userId],
      ['account.update', admin().userId],
      ['account.reset_password', admin().userId],
      ['account.disable', admin().userId],
      ['account.enable', admin().userId],
    ]);
    expect((await auditOf(second.id))[0]!.detail).toMatchObject({ role: 'admin' });
    expect((await auditOf(second.id)).slice(-2).map((a) => a.detail)).toEqual([
      { username: 'sysadmin3', role: 'admin' },
      { username: 'sysadmin3', role: 'admin' },
    ]);
    // Nobody changes their own role.
    const own = await updateAs(admin(), { userId: admin().userId, displayName: '系统管理员', role: 'leader', unitId: null, email: '' });
    expect(!own.ok && own.fieldErrors?.role?.[0]).toBe('不能修改自己的角色，请由另一位管理员操作');
  });
});

describe('oversight roles have no unit', () => {
  // A supervisor of a unit would approve that unit's own reports. (Last in the file: it adds active admins.)
  const MESSAGE = '督查员、领导和管理员不属于任何单位，“所属单位”请选“（无）”';
  const OVERSIGHT: Role[] = ['supervisor', 'leader', 'admin'];

  it.each(OVERSIGHT)('the service refuses to create a %s with a unit, writing nothing', async (role) => {
    const before = { users: await userCount(), audit: await auditCount() };
    const input = { ...NEW_USER, username: `o-${role}`, role, unitId: await unitId('区民政局') };
    // Straight to the service (as a crafted request past the form would be), then through the form's schema.
    expect(await createUserByAdmin(asAdmin(), input)).toMatchObject({ ok: false, fieldErrors: { unitId: [MESSAGE] } });
    expect(await createAsAdmin(input)).toMatchObject({ ok: false, fieldErrors: { unitId: [MESSAGE] } });
    expect({ users: await userCount(), audit: await auditCount() }).toEqual(before);
    expect((await createAsAdmin({ ...input, unitId: null })).ok).toBe(true);
  });

  it.each(OVERSIGHT)('the service refuses to give a %s a unit, or to make a unit member one without clearing it', async (role) => {
    const overseer = (await create(`p-${role}`, { role, unitId: null as never })).id;
    const member = (await create(`m-${role}`)).id;
    const before = { overseer: await row(`p-${role}`), member: await row(`m-${role}`), audit: await auditCount() };
    const give = { userId: overseer, displayName: 'x', role, unitId: await unitId('区民政局'), email: '' };
    const promote = { userId: member, displayName: 'x', role, unitId: await unitId('区民政局'), email: '' };
    for (const input of [give, promote]) {
      expect(await updateUserByAdmin(asAdmin(), input)).toMatchObject({ ok: false, fieldErrors: { unitId: [MESSAGE] } });
      expect(await updateAs(admin(), input)).toMatchObject({ ok: false, fieldErrors: { unitId: [MESSAGE] } });
    }
    expect({ overseer: await row(`p-${role}`), member: await row(`m-${role}`), audit: await auditCount() }).toEqual(before);
    expect((await updateAs(admin(), { ...promote, unitId: null })).ok).toBe(true);
    expect(await row(`m-${role}`)).toMatchObject({ role, unitId: null });
  });
});

describe('districts', () => {
  // 兰山区 beside the seeded 河东区: the same unit names under other ids. (Last in the file: it adds a district.)
  let d2: SecondDistrict;
  let admin2: Actor;
  let staff2: number;
  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    admin2 = await d2.actor('admin');
    staff2 = (await d2.actor('reporter', '区民政局')).userId;
  });
  const districtOf = async (userId: number) => (await env.db.select({ d: users.districtId }).from(users).where(eq(users.id, userId)))[0]?.d;
  const unitOf2 = async (name: string) => (await env.db.select({ id: units.id }).from(units).where(and(eq(units.districtId, d2.districtId), eq(units.name, name))))[0]!.id;

  it('each district’s administrator lists, opens and picks only its own accounts and units', async () => {
    const own = await listUsers(asAdmin());
    expect(own.length).toBeGreaterThan(0);
    for (const u of own) expect(await districtOf(u.id)).toBe(FIRST_DISTRICT_ID);
    const theirs = await listUsers(ctxOf(admin2));
    expect(theirs.map((u) => u.username).sort()).toEqual([admin2.username, (await env.db.select({ n: users.username }).from(users).where(eq(users.id, staff2)))[0]!.n].sort());
    expect(await getUserForAdmin(asAdmin(), staff2)).toBeNull();
    expect(await getUserForAdmin(ctxOf(admin2), idOfUser('fgj'))).toBeNull();
    expect(await getUserForAdmin(ctxOf(admin2), staff2)).toMatchObject({ unitName: '区民政局' });
    const picker1 = (await activeUnitOptions(asAdmin())).map((u) => u.id);
    const picker2 = (await activeUnitOptions(ctxOf(admin2))).map((u) => u.id);
    expect(picker1).toContain(await unitId('区民政局'));
    expect(picker1).not.toContain(await unitOf2('区民政局'));
    expect(picker2).toContain(await unitOf2('区民政局'));
    expect(picker2).not.toContain(await unitId('区民政局'));
  });

  it('an administrator naming another district’s account or unit is refused as "not found", writing nothing', async () => {
    const snapshot = async () => ({ rows: await env.db.select().from(users).orderBy(asc(users.id)), audit: await auditCount() });
    const before = await snapshot();
    const cases: [Actor, number, number][] = [
      [admin(), staff2, await unitOf2('区民政局')],
      [admin2, idOfUser('gxj'), await unitId('区民政局')],
    ];
    for (const [actor, foreignUser, foreignUnit] of cases) {
      const ctx = ctxOf(actor);
      expect(await updateUserByAdmin(ctx, { userId: foreignUser, displayName: 'x', role: 'reporter', unitId: foreignUnit, email: '' })).toMatchObject({ ok: false, error: '找不到该用户' });
      expect(await resetUserPasswordByAdmin(ctx, { userId: foreignUser, passwordMode: 'generate', password: '' })).toMatchObject({ ok: false, error: '找不到该用户' });
      expect(await setUserActiveByAdmin(ctx, { userId: foreignUser, active: false })).toMatchObject({ ok: false, error: '找不到该用户' });
      const create = await createUserByAdmin(ctx, userCreateSchema.parse({ ...NEW_USER, username: `x${actor.userId}`, unitId: foreignUnit }));
      expect(!create.ok && create.fieldErrors?.unitId?.[0]).toBe('所选单位不存在或已停用');
    }
    // Moving one's own account to the other district's unit of the same name.
    const own = (await create('movetoother')).id;
    const mid = await snapshot();
    const move = await updateUserByAdmin(asAdmin(), { userId: own, displayName: 'x', role: 'reporter', unitId: await unitOf2('区民政局'), email: '' });
    expect(!move.ok && move.fieldErrors?.unitId?.[0]).toBe('所选单位不存在或已停用');
    expect(await snapshot()).toEqual(mid);
    expect(before.rows.length + 1).toBe(mid.rows.length);
  });

  it('a new account is of its administrator’s district; usernames stay unique across districts', async () => {
    const r = await createUserByAdmin(ctxOf(admin2), userCreateSchema.parse({ ...NEW_USER, username: 'lsmzj', unitId: await unitOf2('区民政局') }));
    expect(r.ok).toBe(true);
    const id = r.ok ? r.data.id : 0;
    expect(await districtOf(id)).toBe(d2.districtId);
    expect((await row('lsmzj')).unitId).toBe(await unitOf2('区民政局'));
    const login = await verifyLogin(env.db, { username: 'lsmzj', password: NEW_USER.password }, AT);
    expect(login.ok && login.user).toMatchObject({ districtId: d2.districtId, unitName: '区民政局' });
    const taken = await createUserByAdmin(ctxOf(admin2), userCreateSchema.parse({ ...NEW_USER, username: 'fgj', unitId: await unitOf2('区民政局') }));
    expect(!taken.ok && taken.fieldErrors?.username?.[0]).toBe('用户名“fgj”已被使用');
  });

  it('the last administrator is counted per district', async () => {
    // 兰山区 has one administrator: a second one of 河东区 does not make it demotable.
    const admin1b = await create('hdadmin2', { role: 'admin', unitId: null as never });
    const other2 = await d2.actor('admin');
    await env.db.update(users).set({ active: false }).where(eq(users.id, other2.userId));
    const demote = await updateUserByAdmin(ctxOf(other2), { userId: admin2.userId, displayName: 'x', role: 'leader', unitId: null, email: '' });
    expect(!demote.ok && demote.fieldErrors?.role?.[0]).toBe('这是唯一启用的管理员，不能改为其他角色');
    expect((await setUserActiveByAdmin(ctxOf(other2), { userId: admin2.userId, active: false })).ok).toBe(false);
    expect(admin1b.id).toBeGreaterThan(0);
  });

  it('the city role and the deployment’s administrators have no district: the console’s services refuse them', async () => {
    const city = await actorFor(env.db, 'city_supervisor', null, idOfUser('admin'));
    await expect(listUsers(ctxOf(city))).rejects.toThrow(ForbiddenError);
    await expect(createUserByAdmin(ctxOf({ ...admin(), districtId: null }), userCreateSchema.parse({ ...NEW_USER, username: 'nodistrict', unitId: null, role: 'leader' }))).rejects.toThrow(ForbiddenError);
    expect(await env.db.select().from(users).where(eq(users.username, 'nodistrict'))).toEqual([]);
  });
});
