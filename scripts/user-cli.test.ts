import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { closeDatabase, endDatabase, ENGINE, openDatabase, openPostgres } from '@/db/client';
import { auditLog, loginThrottle, users } from '@/db/schema';
import { transaction } from '@/lib/db';
import { verifyLogin } from '@/lib/auth/login-service';
import { seedIfEmpty } from '@/lib/seed/seed';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

function userCli(args: string[], stdin: string, dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // On PostgreSQL the CLI is pointed at the test's database (DATABASE_URL), as an operator would point it.
    const database = ENGINE === 'postgres' ? { DATABASE_URL: temp.file } : {};
    const child = execFile(path.resolve('node_modules/.bin/tsx'), ['scripts/user.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir, ...database } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

let temp: TempDb;
beforeAll(async () => {
  temp = await createTempDb();
  await seedIfEmpty(temp.db, { demo: false });
  // The CLI runs beside no open connection of this process (on PostgreSQL cleanup ends the pool).
  if (ENGINE === 'sqlite') closeDatabase(temp.db);
});

/** The test database, opened again (as the server would open it) after a CLI has run. */
const reopen = () => (ENGINE === 'postgres' ? openPostgres(temp.file, { max: 2 }) : openDatabase(temp.file));
afterAll(() => temp.cleanup());

const now = new Date();

describe('npm run user (operator CLI, honours DATA_DIR)', () => {
  it('adds an account that then logs in like any other, with the unit resolved', async () => {
    const r = await userCli(['add', '--username', 'zhangsan', '--role', 'reporter', '--unit', '区民政局'], 'Minzheng@2023\n', temp.dir);
    expect(r.stdout).toContain('已创建用户 zhangsan');
    const db = reopen();
    const login = await verifyLogin(db, { username: 'zhangsan', password: 'Minzheng@2023' }, now);
    await endDatabase(db);
    expect(login.ok && login.user).toMatchObject({ role: 'reporter', unitName: '区民政局', mustChangePassword: true });
  });

  it('resets a lost admin password', async () => {
    expect((await userCli(['add', '--username', 'root2', '--role', 'admin', '--no-force-change'], 'First@2023a\n', temp.dir)).code).toBe(0);
    const r = await userCli(['reset-password', '--username', 'root2'], 'Second@2023b\n', temp.dir);
    expect(r.stdout).toContain('已重置');
    const db = reopen();
    expect((await verifyLogin(db, { username: 'root2', password: 'First@2023a' }, now)).ok).toBe(false);
    expect((await verifyLogin(db, { username: 'root2', password: 'Second@2023b' }, now)).ok).toBe(true);
    await endDatabase(db);
  });

  it('clears a lost second factor and lifts a lockout, each audited as done through the CLI', async () => {
    expect((await userCli(['add', '--username', 'root3', '--role', 'admin', '--no-force-change'], 'Third@2023c\n', temp.dir)).code).toBe(0);
    let db = reopen();
    await transaction(db, async (tx) => {
      await tx.update(users).set({ totpSecret: 'sealed', totpEnabledAt: now, totpLastStep: 1 }).where(eq(users.username, 'root3'));
      await tx.insert(loginThrottle).values({ usernameKey: 'root3', failedCount: 5, lockedUntil: new Date(now.getTime() + 900_000), lastFailedAt: now });
    });
    await endDatabase(db);
    expect((await userCli(['reset-totp', '--username', 'ROOT3'], '', temp.dir)).stdout).toContain('已清除用户 root3 的动态口令');
    expect((await userCli(['unlock', '--username', 'root3'], '', temp.dir)).stdout).toContain('已解除用户 root3 的登录锁定');
    expect((await userCli(['unlock', '--username', 'root3'], '', temp.dir)).stdout).toContain('当前没有登录失败记录');
    expect((await userCli(['reset-totp', '--username', 'nobody'], '', temp.dir)).stderr).toContain('找不到用户');
    db = reopen();
    const [row] = await db.select().from(users).where(eq(users.username, 'root3'));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(await db.select().from(loginThrottle).where(eq(loginThrottle.usernameKey, 'root3'))).toEqual([]);
    const audit = await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.entityType, 'user')).orderBy(auditLog.id);
    expect(audit.filter((a) => a.action === 'account.totp_reset' || a.action === 'account.unlock').map((a) => a.action)).toEqual([
      'account.totp_reset',
      'account.unlock',
      'account.unlock',
    ]);
    await endDatabase(db);
  });

  it('refuses bad input with a Chinese message and a non-zero exit', async () => {
    const weak = await userCli(['add', '--username', 'lisi', '--role', 'reporter', '--unit', '区民政局'], '12345678\n', temp.dir);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('过于常见');
    const noUnit = await userCli(['add', '--username', 'lisi', '--role', 'unit_head'], 'Good@2023x\n', temp.dir);
    expect(noUnit.stderr).toContain('必须指定所属单位');
    const unknown = await userCli(['reset-password', '--username', 'nobody'], 'Good@2023x\n', temp.dir);
    expect(unknown.stderr).toContain('找不到用户');
    const usage = await userCli(['frobnicate'], '', temp.dir);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('用法');
  });
});
