import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { expectLoggedIn, login } from './helpers';
import { cliEnv } from './test-db';

/**
 * 统一身份认证 against a real OpenID Connect provider (scripts/test-oidc-provider.mjs, started by
 * playwright.config.ts): its development login page takes any name as the subject.
 */
test.use({ storageState: { cookies: [], origins: [] } });


/** On the provider's own login page: any name (the subject) and any password. */
async function signInAtProvider(page: Page, subject: string) {
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/interaction\//);
  await page.locator('input[name="login"]').fill(subject);
  await page.locator('input[name="password"]').fill('anything');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

test('an unbound subject is refused with a message', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('button', { name: '使用统一身份认证登录' }).click();
  await signInAtProvider(page, `stranger${Date.now() % 100000}`);
  await expect(page).toHaveURL(/\/login\?error=oidc_unbound/);
  await expect(page.getByText('该统一身份账号尚未绑定本系统账户，请先用密码登录后在“账户与安全”中绑定')).toBeVisible();
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/login/);
});

test('a user binds a subject, then logs in with 统一身份认证 as that user', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const username = `tysf${Date.now() % 100000}`;
  const subject = `zhang.san.${Date.now() % 100000}`;
  const password = 'Tongyi#Shenfen2023';
  execFileSync('npx', ['tsx', 'scripts/user.ts', 'add', '--username', username, '--role', 'leader', '--name', '统一身份测试', '--no-force-change'], {
    input: `${password}\n`,
    env: cliEnv(),
  });

  await login(page, username, password);
  await expectLoggedIn(page, '统一身份测试');
  await page.goto('/account');
  const section = page.getByTestId('identities');
  await expect(section.getByTestId('identity-status')).toHaveText('未绑定');
  await section.getByRole('button', { name: '绑定统一身份认证' }).click();
  await signInAtProvider(page, subject);
  // Back on the account page, in the same session, with the subject bound.
  await expect(page).toHaveURL(/\/account\?bound=1$/);
  await expectLoggedIn(page, '统一身份测试');
  await expect(page.getByTestId('identity')).toContainText(subject);
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  // A fresh browser (no session at the provider either): through the provider's login page.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const other = await context.newPage();
  await other.goto('/login');
  await other.getByRole('button', { name: '使用统一身份认证登录' }).click();
  await signInAtProvider(other, subject);
  await expect(other).not.toHaveURL(/\/login/);
  await expectLoggedIn(other, '统一身份测试');

  // Unbinding ends it: the same subject is refused afterwards.
  await other.goto('/account');
  other.once('dialog', (d) => d.accept());
  await other.getByRole('button', { name: '解除绑定' }).click();
  await expect(other.getByTestId('identity-status')).toHaveText('未绑定');
  await context.close();

  const third = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const again = await third.newPage();
  await again.goto('/login');
  await again.getByRole('button', { name: '使用统一身份认证登录' }).click();
  await signInAtProvider(again, subject);
  await expect(again).toHaveURL(/\/login\?error=oidc_unbound/);
  await third.close();
});
