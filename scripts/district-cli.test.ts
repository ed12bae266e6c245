import { execFile } from 'node:child_process';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, endDatabase, ENGINE, openDatabase, openPostgres } from '@/db/client';
import { districts, plans, tasks, units, users } from '@/db/schema';
import { seedIfEmpty } from '@/lib/seed/seed';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

/** Runs an operator CLI on the test's database, as an operator would point it (DATA_DIR, or DATABASE_URL on PostgreSQL). */
function cli(script: string, args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const database = ENGINE === 'postgres' ? { DATABASE_URL: temp.file } : {};
    const child = execFile(
      path.resolve('node_modules/.bin/tsx'),
      [`scripts/${script}.ts`, ...args],
      { env: { ...process.env, DATA_DIR: temp.dir, APP_NOW: '2023-11-22T09:30:00+08:00', ...database } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
  await seedIfEmpty(temp.db, { demo: false });
  if (ENGINE === 'sqlite') closeDatabase(temp.db);
});
afterAll(() => temp.cleanup());
const reopen = () => (ENGINE === 'postgres' ? openPostgres(temp.file, { max: 2 }) : openDatabase(temp.file));

describe('npm run district, and the district of plan:import and user (operator CLIs)', { timeout: 90_000 }, () => {
  it('adds a district with its office unit, lists it, and refuses a code twice or a malformed one', async () => {
    const added = await cli('district', ['add', '--code', '371302', '--name', '兰山区']);
    expect(added.stdout).toContain('已添加行政区 兰山区（371302），督查机构：兰山区人民政府督查室');
    expect((await cli('district', ['list'])).stdout).toMatch(/371312\t河东区[\s\S]*371302\t兰山区/);
    const twice = await cli('district', ['add', '--code', '371302', '--name', '兰山区']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('行政区划代码 371302 已存在');
    const bad = await cli('district', ['add', '--code', '3713', '--name', '某区']);
    expect(bad.stderr).toContain('行政区划代码应为 6 位数字');
    const db = reopen();
    const [d] = await db.select().from(districts).where(eq(districts.code, '371302'));
    const office = await db.select({ name: units.name }).from(units).where(eq(units.districtId, d!.id));
    await endDatabase(db);
    expect(office.map((u) => u.name)).toEqual(['区政府督查室']);
  });

  it('imports a list into the district named, its units that district’s own', async () => {
    const plain = await cli('plan-import', ['db/seed-data/hedong-2023-key-tasks-notice.txt']);
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('请用 --district 行政区划代码 指明');
    const r = await cli('plan-import', ['db/seed-data/hedong-2023-key-tasks-notice.txt', '--district', '371302']);
    expect(r.stdout).toContain('已导入');
    const db = reopen();
    const [d] = await db.select().from(districts).where(eq(districts.code, '371302'));
    const [taskCount] = await db.select({ n: count() }).from(tasks).innerJoin(plans, eq(plans.id, tasks.planId)).where(and(eq(plans.districtId, d!.id), eq(tasks.districtId, d!.id)));
    const sameName = await db.select({ districtId: units.districtId }).from(units).where(eq(units.name, '区发展和改革局'));
    await endDatabase(db);
    expect(Number(taskCount!.n)).toBe(77);
    // The same name is a unit of each district.
    expect(sameName.map((u) => u.districtId).sort()).toEqual([1, d!.id].sort());
  });

  it('adds an account in the district named; the city office without one', async () => {
    expect((await cli('user', ['add', '--username', 'ls_fgj', '--role', 'reporter', '--unit', '区发展和改革局', '--district', '371302'], 'Lanshan#Key2023\n')).stdout).toContain('已创建用户 ls_fgj');
    const noDistrict = await cli('user', ['add', '--username', 'ls_x', '--role', 'reporter', '--unit', '区发展和改革局'], 'Lanshan#Key2023\n');
    expect(noDistrict.stderr).toContain('请用 --district 行政区划代码 指明');
    expect((await cli('user', ['add', '--username', 'shi', '--role', 'city_supervisor'], 'Lanshan#Key2023\n')).stdout).toContain('已创建用户 shi（市督查员）');
    const db = reopen();
    const rows = await db.select({ username: users.username, districtId: users.districtId, unitDistrict: units.districtId }).from(users).leftJoin(units, eq(units.id, users.unitId));
    await endDatabase(db);
    const [d2] = rows.filter((r) => r.username === 'ls_fgj');
    expect(d2).toMatchObject({ districtId: 2, unitDistrict: 2 });
    expect(rows.find((r) => r.username === 'shi')).toMatchObject({ districtId: null });
    expect(rows.some((r) => r.username === 'ls_x')).toBe(false);
  });
});
