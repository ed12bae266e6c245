import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor, contextFor, createSeededDb, type TempDb } from '@/lib/testing/temp-db';
import { getUserForAdmin, listUsers, resetUserPasswordByAdmin, setUserActiveByAdmin } from '@/lib/admin/user-admin-service';
import { userResetPasswordSchema } from '@/lib/admin/schemas';
import { compareDistricts, viewDistrict } from './city-service';
import { addDistrict, districtForCommand, loginIssuer } from './district-service';

const NOW = new Date('2023-11-22T09:30:00+08:00');
let env: TempDb;
let second: SecondDistrict;
let city: Actor;

beforeAll(async () => {
  env = await createSeededDb();
  expect(await loginIssuer(env.db)).toBe('河东区人民政府办公室');
  second = await addSecondDistrict(env.db);
  const [row] = await env.db.insert(users).values({ username: 'shi', displayName: '市督查员', passwordHash: '!', role: 'city_supervisor', districtId: null }).returning({ id: users.id });
  city = await actorFor(env.db, 'city_supervisor', null, row!.id);
}, 120_000);
afterAll(() => env.cleanup());

describe('the city office (市督查室)', () => {
  it('compares every district with its own figures', async () => {
    const rows = await compareDistricts(contextFor(env.db, city, NOW));
    expect(rows.map((r) => [r.code, r.name])).toEqual([
      ['371312', '河东区'],
      ['371302', '兰山区'],
    ]);
    const [first, lanshan] = rows;
    expect(lanshan!.tasks).toBe(77);
    expect(first!.tasks).toBeGreaterThanOrEqual(77);
    expect(lanshan!.openNotices).toBe(0);
    // The second district's units reported nothing for October (judged: its deadline has passed).
    expect(lanshan).toMatchObject({ averageScore: 0, scoreMonth: '2023-10', lagging: expect.any(Number) });
    expect(lanshan!.overdue).toBeGreaterThan(0);
  });

  it('is the only role that may compare', async () => {
    for (const role of ['supervisor', 'leader', 'admin'] as const) {
      await expect(compareDistricts(contextFor(env.db, await actorFor(env.db, role, null), NOW))).rejects.toThrow(ForbiddenError);
    }
  });

  it('views one district at a time (kept on its account), or goes back to the comparison', async () => {
    const ctx = contextFor(env.db, city, NOW);
    expect(await viewDistrict(ctx, { district: second.districtId })).toMatchObject({ ok: true, message: '正在查看兰山区' });
    expect((await env.db.select({ d: users.viewDistrictId, own: users.districtId }).from(users).where(eq(users.id, city.userId)))[0]!).toEqual({ d: second.districtId, own: null });
    expect(await viewDistrict(ctx, { district: 999 })).toMatchObject({ ok: false, error: '找不到该行政区' });
    expect(await viewDistrict(ctx, { district: 'none' })).toMatchObject({ ok: true });
    expect((await env.db.select({ d: users.viewDistrictId, own: users.districtId }).from(users).where(eq(users.id, city.userId)))[0]!).toEqual({ d: null, own: null });
    const supervisor = await actorFor(env.db, 'supervisor', null);
    await expect(viewDistrict(contextFor(env.db, supervisor, NOW), { district: second.districtId })).rejects.toThrow(ForbiddenError);
  });

  it('while it views a district, the city account is still none of that district’s accounts (its administrator cannot see or touch it)', async () => {
    await viewDistrict(contextFor(env.db, city, NOW), { district: second.districtId });
    const admin2 = contextFor(env.db, await second.actor('admin'), NOW);
    expect((await listUsers(admin2)).map((u) => u.username)).not.toContain('shi');
    expect(await getUserForAdmin(admin2, city.userId)).toBeNull();
    expect(await resetUserPasswordByAdmin(admin2, userResetPasswordSchema.parse({ userId: city.userId, passwordMode: 'generate', password: '' }))).toMatchObject({ ok: false });
    expect(await setUserActiveByAdmin(admin2, { userId: city.userId, active: false })).toMatchObject({ ok: false });
    const [row] = await env.db.select({ active: users.active, role: users.role, hash: users.passwordHash }).from(users).where(eq(users.id, city.userId));
    expect(row).toEqual({ active: true, role: 'city_supervisor', hash: '!' });
    await viewDistrict(contextFor(env.db, city, NOW), { district: 'none' });
  });

  it('an installation of several districts names none on the login page; commands must name one', async () => {
    expect(await loginIssuer(env.db)).toBeNull();
    await expect(districtForCommand(env.db, undefined)).rejects.toThrow('请用 --district');
    expect((await districtForCommand(env.db, '371302')).id).toBe(second.districtId);
    await expect(addDistrict(env.db, { code: '371302', name: '兰山区' })).rejects.toThrow('已存在');
  });
});
