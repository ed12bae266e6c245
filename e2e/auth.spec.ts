import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { expectLoggedIn, formAlert, login } from './helpers';
import { cliEnv } from './test-db';

// Fresh, logged-out browser for every test here.
test.use({ storageState: { cookies: [], origins: [] } });


test('a wrong password and an unknown user get the same message', async ({ page }) => {
  await login(page, 'lingdao', 'wrong-password-1');
  await expect(formAlert(page)).toHaveText('用户名或密码错误');
  await login(page, 'no-such-user', 'wrong-password-1');
  await expect(formAlert(page)).toHaveText('用户名或密码错误');
});

test('five wrong passwords lock the account for 15 minutes', async ({ page }) => {
  for (let i = 1; i <= 4; i++) {
    await login(page, 'fgj_head', `wrong-password-${i}`);
    await expect(formAlert(page)).toHaveText('用户名或密码错误');
  }
  await login(page, 'fgj_head', 'wrong-password-5');
  await expect(formAlert(page)).toContainText('账户已锁定，请 15 分钟后再试');
  // Even the right password is refused while locked.
  await login(page, 'fgj_head');
  await expect(formAlert(page)).toContainText('账户已锁定');
  await expect(page).toHaveURL(/\/login/);
});

test('log in, return to the page asked for, and log out', async ({ page }) => {
  await page.goto('/tasks/15');
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.getByLabel('用户名').fill('lingdao');
  await page.getByLabel('密码', { exact: true }).fill('Hedong@2023');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/tasks\/15$/);
  await expectLoggedIn(page, '李区长');
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/login/);
});

test('an account made by the operator CLI must change its password at first login', async ({ page }) => {
  const username = `swj${Date.now() % 100000}`;
  execFileSync('npx', ['tsx', 'scripts/user.ts', 'add', '--username', username, '--role', 'reporter', '--unit', '区商务局', '--name', '商务局填报员'], {
    input: 'Temp@2023x\n',
    env: cliEnv(),
  });
  await login(page, username, 'Temp@2023x');
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByText('首次登录须先设置自己的新密码')).toBeVisible();
  // Other pages stay closed until the password is changed.
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/change-password$/);

  await page.getByLabel('当前密码').fill('Temp@2023x');
  await page.getByLabel('新密码', { exact: true }).fill('12345678');
  await page.getByLabel('确认新密码').fill('12345678');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.getByText('该密码过于常见')).toBeVisible();

  await page.getByLabel('新密码', { exact: true }).fill('Shangwu#2023');
  await page.getByLabel('确认新密码').fill('Shangwu#2023');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/login\?changed=1/);
  await expect(page.getByText('密码已修改，请使用新密码登录')).toBeVisible();

  await login(page, username, 'Shangwu#2023');
  await expect(page).toHaveURL(/\/my$/);
  await expectLoggedIn(page, '商务局填报员');
  await expect(page.getByRole('table', { name: '本单位牵头的任务（重点任务）' }).locator('tr[data-task-no="50"]')).toBeVisible();
});

test('a login posted before the page’s script has loaded still works, with no password in the URL', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('用户名').fill('lingdao');
  await page.getByLabel('密码', { exact: true }).fill('wrong-password-9');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?error=invalid/);
  expect(page.url()).not.toContain('password');
  await expect(page.locator('form [role="alert"]')).toHaveText('用户名或密码错误');
  await context.close();
});
