import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '@/db/schema';
import { resetPassword } from '@/lib/auth/account-service';
import { verifyLogin } from '@/lib/auth/login-service';
import { createSeededDb } from '@/lib/testing/temp-db';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts';
import { seedIfEmpty } from './seed';

const NOW = new Date('2023-11-22T09:00:00+08:00');
let env: Awaited<ReturnType<typeof createSeededDb>>;

beforeEach(async () => {
  // A first start in demo mode.
  env = await createSeededDb();
});
afterEach(() => env.cleanup());

const logsIn = async (username: string, password: string) => (await verifyLogin(env.db, { username, password }, NOW)).ok;
const revocations = () => env.db.select().from(auditLog).where(eq(auditLog.action, 'account.demo_password_revoked'));
const row = async (username: string) => (await env.db.select().from(users).where(eq(users.username, username)).limit(1))[0]!;

describe('demo accounts after a start outside demo mode', () => {
  it('no account logs in with the published demo password any more; each revocation is logged once', async () => {
    expect(await logsIn('admin', DEMO_PASSWORD)).toBe(true);
    const before = await row('admin');

    const report = await seedIfEmpty(env.db, { demo: false, now: NOW });

    for (const account of DEMO_ACCOUNTS) expect(await logsIn(account.username, DEMO_PASSWORD)).toBe(false);
    expect([...report.demoPasswordsRevoked].sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
    const after = await row('admin');
    // Sessions opened in demo mode end too; whoever resets the password must change it.
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.mustChangePassword).toBe(true);
    expect(await revocations()).toHaveLength(DEMO_ACCOUNTS.length);

    // The next production start finds nothing left to do: no second line in the audit trail.
    expect((await seedIfEmpty(env.db, { demo: false, now: NOW })).demoPasswordsRevoked).toEqual([]);
    expect(await revocations()).toHaveLength(DEMO_ACCOUNTS.length);
  });

  it('leaves accounts whose password was changed alone, and the operator reset opens a revoked one again', async () => {
    await resetPassword(env.db, { username: 'fgj', password: 'Fagai#Own2023', mustChangePassword: false });

    const report = await seedIfEmpty(env.db, { demo: false, now: NOW });

    expect(await logsIn('admin', DEMO_PASSWORD)).toBe(false);
    expect(await logsIn('fgj', 'Fagai#Own2023')).toBe(true);
    expect(report.demoPasswordsRevoked).not.toContain('fgj');
    await resetPassword(env.db, { username: 'admin', password: 'Admin#New2023' });
    expect(await logsIn('admin', 'Admin#New2023')).toBe(true);
  });

  it('a later demo start neither resets a changed password nor brings the demo password back', async () => {
    await resetPassword(env.db, { username: 'gxj', password: 'Gongxin#Own2023', mustChangePassword: false });
    await seedIfEmpty(env.db, { demo: false, now: NOW });

    const report = await seedIfEmpty(env.db, { demo: true, now: NOW });

    expect(report.demoAccountsCreated).toEqual([]);
    expect(await logsIn('gxj', 'Gongxin#Own2023')).toBe(true);
    expect(await logsIn('admin', DEMO_PASSWORD)).toBe(false);
  });
});
