import fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { generateSync } from 'otplib';

export const DEMO_PASSWORD = 'Hedong@2023';

const AUTH_DIR = 'e2e/.auth';
/** Where auth.setup.ts keeps an administrator's 动态口令 key (gitignored with the rest of e2e/.auth). */
export const totpSecretFile = (username: string) => `${AUTH_DIR}/totp-${username}.txt`;

export function storedTotpSecret(username: string): string | null {
  const file = totpSecretFile(username);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : null;
}

/**
 * A code the server has not seen yet for this user: the server refuses a step at or before the
 * last one used (no replay), so two logins in one 30-second step use the current and the next
 * step (the server accepts one step either side); a third waits for the clock.
 */
export async function freshTotpCode(username: string, secret: string): Promise<string> {
  fs.mkdirSync(AUTH_DIR, { recursive: true });
  const file = `${AUTH_DIR}/totp-${username}.step`;
  const last = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : -1;
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, last + 1);
  if (step > current + 1) await new Promise((r) => setTimeout(r, (step - 1) * 30_000 - Date.now() + 500));
  fs.writeFileSync(file, String(step));
  return generateSync({ secret, epoch: step * 30 });
}

/** Forgets the steps used with an old key (a new enrolment starts the server's count afresh). */
export function forgetTotpSteps(username: string) {
  fs.rmSync(`${AUTH_DIR}/totp-${username}.step`, { force: true });
}

export function totpField(page: Page) {
  return page.getByLabel('动态口令', { exact: true });
}

/**
 * Logs in through the form. For an account whose 动态口令 key auth.setup.ts stored (the
 * administrators), the code is typed when the form asks for it (pass `totp: false` to stop there).
 */
export async function login(page: Page, username: string, password = DEMO_PASSWORD, options: { totp?: boolean } = {}) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const secret = options.totp === false ? null : storedTotpSecret(username);
  if (secret) await submitTotp(page, username, secret, password);
}

/** The form has asked for the 动态口令: the password again and a fresh code. */
export async function submitTotp(page: Page, username: string, secret: string, password = DEMO_PASSWORD) {
  await expect(totpField(page)).toBeVisible();
  await page.getByLabel('密码', { exact: true }).fill(password);
  await totpField(page).fill(await freshTotpCode(username, secret));
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

/**
 * Sets up 动态口令 on the page showing the section (the account page, or the forced enrolment of an
 * administrator): reads the key from the page and confirms with a code; returns the key.
 */
export async function enrolTotp(page: Page, username: string): Promise<string> {
  const section = page.getByTestId('two-factor');
  await section.getByRole('button', { name: '设置动态口令' }).click();
  const secret = (await section.getByTestId('totp-secret').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  forgetTotpSteps(username);
  await section.getByRole('textbox', { name: '验证码' }).fill(await freshTotpCode(username, secret));
  await section.getByRole('button', { name: '确认启用' }).click();
  return secret;
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
