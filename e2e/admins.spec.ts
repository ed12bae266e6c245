import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectLoggedIn, login } from './helpers';
import { asDate, e2eExec, e2eQuery } from './test-db';

/*
 * 三员分立: the system, security and audit administrators, each in their own console and nowhere
 * else. The storage states come from auth.setup.ts (password and 动态口令).
 */

const LOCKED = 'gxj_head';

/**
 * Locks an account as five wrong passwords would, straight in the database: wrong passwords typed
 * here would count toward this machine's address limit too, which other specs' logins share. The
 * server runs on the demo clock, so the lock is set from its latest audit line.
 */
async function lockAccount(username: string) {
  const [latest] = await e2eQuery<{ at: unknown }>('select max(at) as at from audit_log');
  const at = asDate(latest?.at).getTime();
  await e2eExec(
    `insert into login_throttle (username_key, failed_count, locked_until, last_failed_at) values (?, 5, ?, ?)
     on conflict(username_key) do update set failed_count = 5, locked_until = excluded.locked_until, last_failed_at = excluded.last_failed_at`,
    username,
    new Date(at + 15 * 60_000),
    new Date(at),
  );
}

test.describe('安全管理员', () => {
  test.use({ storageState: 'e2e/.auth/anquan.json' });

  test('starts at the security console and sees only it; changes the idle timeout (per-field errors)', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/security$/);
    await expectLoggedIn(page, '安全管理员');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link')).toHaveText(['安全管理']);

    const idle = page.getByLabel('空闲超时（分钟）');
    await expect(idle).toHaveValue('30');
    await idle.fill('0');
    await page.getByRole('button', { name: '保存安全策略' }).click();
    await expect(page.getByText('空闲超时至少 1 分钟')).toBeVisible();
    await idle.fill('45');
    await page.getByRole('button', { name: '保存安全策略' }).click();
    await expect(page.getByText('安全策略已保存')).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('空闲超时（分钟）')).toHaveValue('45');

    // Back to the default, for the other specs' sessions.
    await page.getByLabel('空闲超时（分钟）').fill('30');
    await page.getByRole('button', { name: '保存安全策略' }).click();
    await expect(page.getByText('安全策略已保存')).toBeVisible();
  });

  test('unlocks a locked account, which can then log in', async ({ page, browser }) => {
    await lockAccount(LOCKED);
    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const otherPage = await other.newPage();
    await login(otherPage, LOCKED);
    await expect(otherPage.locator('form [role="alert"]')).toContainText('账户已锁定');

    await page.goto('/security');
    const row = page.locator(`[data-locked-username="${LOCKED}"]`);
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: `解锁 ${LOCKED}` }).click();
    await expect(row).toHaveCount(0);
    await expect(page.getByText('目前没有被锁定的账户')).toBeVisible();

    await login(otherPage, LOCKED);
    await expectLoggedIn(otherPage, '工信局负责人');
    await other.close();
  });
});

test.describe('审计管理员', () => {
  test.use({ storageState: 'e2e/.auth/shenji.json' });

  test('filters the log by person and action, and downloads the export', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/audit$/);
    await expectLoggedIn(page, '审计管理员');
    await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link')).toHaveText(['审计日志']);

    await page.getByLabel('人员（用户名或姓名）').fill('fgj');
    await page.getByLabel('操作', { exact: true }).selectOption({ label: '登录成功（login.success）' });
    await page.getByRole('button', { name: '查询' }).click();
    await expect(page).toHaveURL(/person=fgj/);
    const rows = page.locator('tr[data-action]');
    await expect(rows.first()).toBeVisible();
    const count = await rows.count();
    for (let i = 0; i < count; i++) {
      await expect(rows.nth(i)).toHaveAttribute('data-action', 'login.success');
      await expect(rows.nth(i)).toContainText('登录成功');
      await expect(rows.nth(i)).toContainText('fgj');
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^审计日志-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('时间,操作人,账号,操作,操作代码,对象类型,对象编号,任务编号,单位,IP 地址,详情');
    expect(lines.length - 1).toBe(count);
    for (const line of lines.slice(1)) expect(line).toContain(',fgj,登录成功,login.success,');

    // The audit administrator's own reads are on the record too.
    await page.goto('/audit?action=audit.export');
    await expect(page.locator('tr[data-action="audit.export"]').first()).toContainText('审计管理员');
  });

  test('cannot open the system or security administrator’s console', async ({ page }) => {
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/audit$/);
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/audit$/);
    await page.goto('/security');
    await expect(page).toHaveURL(/\/audit$/);
    const response = await page.request.get('/api/exports/ledger.csv');
    expect(response.status()).toBe(403);
  });
});

test.describe('系统管理员', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  test('cannot open the audit log, its export or the security console', async ({ page }) => {
    await page.goto('/audit');
    await expect(page).not.toHaveURL(/\/audit/);
    await expect(page.getByRole('heading', { name: '审计日志' })).toHaveCount(0);
    await page.goto('/security');
    await expect(page).not.toHaveURL(/\/security/);
    await expect(page.getByRole('heading', { name: '安全管理' })).toHaveCount(0);
    const nav = page.getByRole('navigation', { name: '主导航' });
    await expect(nav.getByRole('link', { name: '系统管理' })).toBeVisible();
    await expect(nav.getByRole('link', { name: '审计日志' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: '安全管理' })).toHaveCount(0);
    const response = await page.request.get('/api/audit/export');
    expect(response.status()).toBe(403);
    expect(await response.text()).toBe('您没有权限执行此操作');
  });
});
