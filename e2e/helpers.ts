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
