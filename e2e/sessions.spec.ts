/**
 * 等保 2.0 level 3, identification and sessions: password expiry and no reuse, the idle timeout,
 * logout of one browser versus 退出所有设备, and the 上次登录 notice. Each test makes its own
 * account with the operator CLI (no spec depends on it; none is left locked).
 */
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { expectLoggedIn, formAlert, login } from './helpers';
import { cliEnv, e2eExec, e2eQuery } from './test-db';

// Fresh, logged-out browser for every test here.
test.use({ storageState: { cookies: [], origins: [] } });

/** The demo clock the server starts from (DEMO_MODE, lib/env.ts DEMO_DEFAULT_NOW); it runs on in real time. */
const DEMO_NOW = Date.parse('2023-11-22T09:30:00+08:00');
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A new leader account (no unit, no second factor required) with a password that need not be changed. */
function newAccount(prefix: string, password: string): { username: string; name: string } {
  const username = `${prefix}${Date.now() % 100_000}`;
  const name = `会话测试${prefix}`;
  execFileSync('npx', ['tsx', 'scripts/user.ts', 'add', '--username', username, '--role', 'leader', '--name', name, '--no-force-change'], {
    input: `${password}\n`,
    env: cliEnv(),
  });
  return { username, name };
}

/** The security policy in force in the e2e database (settings row 'security'), defaults where unset. */
async function policy(): Promise<{ passwordExpiryDays: number; sessionIdleMinutes: number }> {
  const [row] = await e2eQuery<{ value: string }>("select value from settings where key = 'security'");
  const stored = row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  return {
    passwordExpiryDays: typeof stored.passwordExpiryDays === 'number' ? stored.passwordExpiryDays : 90,
    sessionIdleMinutes: typeof stored.sessionIdleMinutes === 'number' ? stored.sessionIdleMinutes : 30,
  };
}

async function loggedInAs(page: Page, username: string, password: string, name: string) {
  await login(page, username, password);
  await expect(page).not.toHaveURL(/\/login/);
  await expectLoggedIn(page, name);
}

test('a password older than 90 days must be changed first, and not to one used before', async ({ page }) => {
  const { passwordExpiryDays } = await policy();
  test.skip(passwordExpiryDays === 0, 'password expiry is turned off in this database');
  const { username, name } = newAccount('exp', 'Start#2023a');
  // An operator reset to a second password: the first is now in the history.
  execFileSync('npx', ['tsx', 'scripts/user.ts', 'reset-password', '--username', username, '--no-force-change'], {
    input: 'Second#2023b\n',
    env: cliEnv(),
  });
  // A day past the limit (90 days by default) before the demo clock's start.
  await e2eExec('update users set password_changed_at = ? where username = ?', new Date(DEMO_NOW - (passwordExpiryDays + 1) * DAY), username);

  await login(page, username, 'Second#2023b');
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByTestId('password-expired')).toHaveText(`密码已超过 ${passwordExpiryDays} 天未修改，请修改后继续。`);
  // Nothing else opens until it is changed.
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/change-password$/);

  // Back to the password before: refused by the server, on the field.
  await page.getByLabel('当前密码').fill('Second#2023b');
  await page.getByLabel('新密码', { exact: true }).fill('Start#2023a');
  await page.getByLabel('确认新密码').fill('Start#2023a');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.locator('#newPassword-error')).toHaveText('新密码不能与最近 5 次使用过的密码相同');
  await expect(page).toHaveURL(/\/change-password$/);

  await page.getByLabel('新密码', { exact: true }).fill('Third#2023c');
  await page.getByLabel('确认新密码').fill('Third#2023c');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page).toHaveURL(/\/login\?changed=1/);
  await loggedInAs(page, username, 'Third#2023c', name);
  await expect(page).not.toHaveURL(/\/change-password/);
});

test('after 30 idle minutes the next page is the login page, with the reason', async ({ page }) => {
  const { username, name } = newAccount('idle', 'Idle#2023a');
  await loggedInAs(page, username, 'Idle#2023a', name);
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: '账户与安全' })).toBeVisible();

  // 31 minutes (one more than the idle limit) without a request: the session's last activity moved back.
  const idle = ((await policy()).sessionIdleMinutes + 1) * MINUTE;
  await e2eExec(
    {
      sqlite: 'update user_sessions set last_seen_at = last_seen_at - ? where ended_at is null and user_id = (select id from users where username = ?)',
      postgres: "update user_sessions set last_seen_at = last_seen_at - ? * interval '1 millisecond' where ended_at is null and user_id = (select id from users where username = ?)",
    },
    idle,
    username,
  );
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?reason=expired/);
  await expect(page.getByText('登录已失效')).toBeVisible();
  expect(await e2eQuery<{ reason: string }>('select end_reason as reason from user_sessions where user_id = (select id from users where username = ?)', username)).toEqual([{ reason: 'idle' }]);

  // Logging in again opens a new session.
  await loggedInAs(page, username, 'Idle#2023a', name);
});

test('退出 ends this browser’s session only; 退出所有设备 ends the others too', async ({ page, browser, baseURL }) => {
  const { username, name } = newAccount('multi', 'Multi#2023a');
  const other = await browser.newContext({ baseURL });
  const phone = await other.newPage();
  try {
    await loggedInAs(page, username, 'Multi#2023a', name);
    await loggedInAs(phone, username, 'Multi#2023a', name);

    await page.goto('/account');
    await expect(page.getByTestId('account-session')).toHaveCount(2);
    await expect(page.getByTestId('account-session').filter({ hasText: '当前会话' })).toHaveCount(1);

    await page.getByRole('button', { name: '退出', exact: true }).click();
    await expect(page).toHaveURL(/\/login/);
    await phone.goto('/account');
    await expect(phone).toHaveURL(/\/account$/);
    await expectLoggedIn(phone, name);
    await expect(phone.getByTestId('account-session')).toHaveCount(1);

    await loggedInAs(page, username, 'Multi#2023a', name);
    await page.goto('/account');
    await page.getByRole('button', { name: '退出所有设备' }).click();
    await expect(page).toHaveURL(/\/login/);
    await phone.goto('/account');
    await expect(phone).toHaveURL(/\/login\?reason=expired/);
    await page.goto('/account');
    await expect(page).toHaveURL(/\/login/);
  } finally {
    await other.close();
  }
});

test('after login the user sees when and from where the previous login was', async ({ page }) => {
  const { username, name } = newAccount('last', 'Last#2023a');
  await loggedInAs(page, username, 'Last#2023a', name);
  await expect(page.getByTestId('last-login-notice')).toContainText('首次登录');
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);

  const [first] = await e2eQuery<{ ip: string | null }>('select ip from user_sessions where user_id = (select id from users where username = ?) order by created_at', username);
  const address = first?.ip ? first.ip.replace(/^::ffff:/, '') : '未知';

  await loggedInAs(page, username, 'Last#2023a', name);
  const notice = page.getByTestId('last-login-notice');
  await expect(notice).toContainText(/上次登录：2023年11月2\d日 \d{2}:\d{2}，地址 /);
  await expect(notice).toContainText(`地址 ${address}`);
  // Dismissed, it stays away for this login; the account page keeps the line.
  await notice.getByRole('button', { name: '关闭上次登录提示' }).click();
  await expect(notice).toHaveCount(0);
  await page.goto('/account');
  await expect(page.getByTestId('last-login-notice')).toHaveCount(0);
  await expect(page.getByTestId('account-last-login')).toContainText(`上次登录：2023年11月`);
  await expect(page.getByTestId('account-last-login')).toContainText(`地址 ${address}`);
  await expect(formAlert(page)).toHaveCount(0);
});
