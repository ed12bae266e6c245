import { test as setup } from '@playwright/test';
import { expectLoggedIn, login } from './helpers';

/** Log in once per role and keep the session for the specs (dub's pattern). */
const ROLES = [
  { username: 'fgj', name: '发改局填报员', file: 'e2e/.auth/reporter.json' },
  { username: 'duchashi', name: '王督查', file: 'e2e/.auth/supervisor.json' },
  { username: 'sthj', name: '生态环境分局填报员', file: 'e2e/.auth/sthj.json' },
  { username: 'kjj', name: '科技局填报员', file: 'e2e/.auth/kjj.json' },
  { username: 'admin', name: '系统管理员', file: 'e2e/.auth/admin.json' },
];

for (const role of ROLES) {
  setup(`log in as ${role.username}`, async ({ page }) => {
    await login(page, role.username);
    await expectLoggedIn(page, role.name);
    await page.context().storageState({ path: role.file });
  });
}
