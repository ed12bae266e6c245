import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Hedong@2023';

export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Form errors are role="alert"; Next's route announcer is too, so filter to ours. */
export function formAlert(page: Page) {
  return page.locator('form [role="alert"]');
}

export async function expectLoggedIn(page: Page, displayName: string) {
  await expect(page.getByTestId('current-user')).toContainText(displayName);
}

/** Switches the remembered list filter in the header (a server action) and waits for its answer. */
export async function chooseList(page: Page, label: string) {
  const select = page.getByLabel('任务清单', { exact: true });
  const value = await select.locator('option', { hasText: label }).first().getAttribute('value');
  await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), select.selectOption(value!)]);
  await expect(page.getByLabel('任务清单', { exact: true })).toHaveValue(value!);
}
