import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { enrolTotp, expectLoggedIn, formAlert, login, submitTotp, totpField } from './helpers';
import { cliEnv } from './test-db';

/** 动态口令 (TOTP): enrolment on the account page, login with password and code, the administrators' forced enrolment. */
test.use({ storageState: { cookies: [], origins: [] } });


function addUser(username: string, role: string, name: string, password: string) {
  execFileSync('npx', ['tsx', 'scripts/user.ts', 'add', '--username', username, '--role', role, '--name', name, '--no-force-change'], {
    input: `${password}\n`,
    env: cliEnv(),
  });
}

test('a user sets up 动态口令, then logs in with password and code; a wrong code is refused', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const username = `tfa${Date.now() % 100000}`;
  const password = 'Erci#Yanzheng2023';
  addUser(username, 'leader', '双因素测试', password);

  await login(page, username, password);
  await expectLoggedIn(page, '双因素测试');
  await page.goto('/account');
  const section = page.getByTestId('two-factor');
  await expect(section.getByTestId('two-factor-status')).toHaveText('未启用');
  const secret = await enrolTotp(page, username);
  await expect(section.getByTestId('two-factor-status')).toContainText('已启用');
  await expect(section.getByRole('img', { name: '动态口令二维码' })).toHaveCount(0);

  await page.getByRole('button', { name: '退出', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  // The right password alone: no session, the form asks for the code and keeps the username.
  await login(page, username, password, { totp: false });
  await expect(totpField(page)).toBeVisible();
  await expect(formAlert(page).first()).toContainText('请输入验证器中的 6 位动态口令');
  await expect(page.getByLabel('用户名')).toHaveValue(username);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/login/);

  // A wrong code is refused.
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(totpField(page)).toBeVisible();
  await page.getByLabel('密码', { exact: true }).fill(password);
  await totpField(page).fill('000000');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(formAlert(page).first()).toContainText('动态口令不正确或已使用');
  await expect(page).toHaveURL(/\/login/);

  // Password and a fresh code: in.
  await submitTotp(page, username, secret, password);
  await expectLoggedIn(page, '双因素测试');

  // The same before the page's script has loaded: the post comes back asking for the code, with the name kept and no password in the URL.
  const noScript = await browser.newContext({ storageState: { cookies: [], origins: [] }, javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto('/login');
  await plain.getByLabel('用户名').fill(username);
  await plain.getByLabel('密码', { exact: true }).fill(password);
  await plain.getByRole('button', { name: '登录', exact: true }).click();
  await expect(plain).toHaveURL(/\/login\?error=totp/);
  expect(plain.url()).not.toContain(encodeURIComponent(password));
  await expect(plain.getByLabel('用户名')).toHaveValue(username);
  await submitTotp(plain, username, secret, password);
  await expectLoggedIn(plain, '双因素测试');
  await noScript.close();
});

test('an administrator without 动态口令 must set it up before anything else', async ({ page }) => {
  test.setTimeout(90_000);
  const username = `xtgl${Date.now() % 100000}`;
  const password = 'Guanli#Anquan2023';
  addUser(username, 'admin', '新系统管理员', password);

  await login(page, username, password);
  await expect(page).toHaveURL(/\/two-factor$/);
  await expect(page.getByRole('heading', { name: '设置动态口令' })).toBeVisible();
  // Every other page sends them back here.
  for (const path of ['/', '/admin/users', '/account']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/two-factor$/);
  }

  const secret = await enrolTotp(page, username);
  await expectLoggedIn(page, '新系统管理员');
  await page.goto('/account');
  await expect(page.getByTestId('two-factor-status')).toContainText('已启用');
  await expect(page.getByText('管理员账户不能关闭动态口令')).toBeVisible();

  // From now on the login asks for the code.
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await login(page, username, password, { totp: false });
  await expect(totpField(page)).toBeVisible();
  await submitTotp(page, username, secret, password);
  await expectLoggedIn(page, '新系统管理员');
});
