import fs from 'node:fs';
import { expect, test as setup, type Page } from '@playwright/test';
import { enrolTotp, expectLoggedIn, login, storedTotpSecret, submitTotp, totpField, totpSecretFile } from './helpers';

/** Log in once per role and keep the session for the specs (dub's pattern). */
const ROLES = [
  { username: 'fgj', name: '发改局填报员', file: 'e2e/.auth/reporter.json' },
  { username: 'duchashi', name: '王督查', file: 'e2e/.auth/supervisor.json' },
  { username: 'sthj', name: '生态环境分局填报员', file: 'e2e/.auth/sthj.json' },
  { username: 'kjj', name: '科技局填报员', file: 'e2e/.auth/kjj.json' },
];

/** 三员: each must have 动态口令; the first login of a fresh database enrols it, and its key is kept for later logins. */
const ADMINISTRATORS = [
  { username: 'admin', name: '系统管理员', file: 'e2e/.auth/admin.json' },
  { username: 'anquan', name: '安全管理员', file: 'e2e/.auth/anquan.json' },
  { username: 'shenji', name: '审计管理员', file: 'e2e/.auth/shenji.json' },
];

for (const role of ROLES) {
  setup(`log in as ${role.username}`, async ({ page }) => {
    await login(page, role.username);
    await expectLoggedIn(page, role.name);
    await page.context().storageState({ path: role.file });
  });
}

/** Password, then either the forced enrolment (a fresh database) or the code from the stored key. */
async function loginAdministrator(page: Page, username: string) {
  await login(page, username, undefined, { totp: false });
  const enrolment = page.getByRole('heading', { name: '设置动态口令' });
  await expect(enrolment.or(totpField(page))).toBeVisible();
  if (await enrolment.isVisible()) {
    const secret = await enrolTotp(page, username);
    fs.writeFileSync(totpSecretFile(username), secret);
    return;
  }
  const secret = storedTotpSecret(username);
  if (!secret) throw new Error(`${username} has 动态口令 on but no stored key: start from a fresh E2E data directory`);
  await submitTotp(page, username, secret);
}

for (const role of ADMINISTRATORS) {
  setup(`log in as ${role.username} (password and 动态口令)`, async ({ page }) => {
    setup.setTimeout(90_000);
    await loginAdministrator(page, role.username);
    await expectLoggedIn(page, role.name);
    await page.context().storageState({ path: role.file });
  });
}
