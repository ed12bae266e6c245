import { expect, test } from '@playwright/test';

// Issue 12's pages and panels on a 375 px phone: sign-for, milestones, extensions, closure, problems.
test('at 375 px the approvals, problems, milestone and task pages fit the screen', async ({ browser }) => {
  for (const [role, paths] of [
    ['supervisor', ['/approvals', '/problems', '/tasks/36', '/tasks/70']],
    ['reporter', ['/my', '/my/milestones', '/problems', '/tasks/36', '/my/tasks/36']],
  ] as const) {
    const context = await browser.newContext({ storageState: `e2e/.auth/${role}.json`, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.locator('h1')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} should not scroll sideways`).toBeLessThanOrEqual(1);
    }
    await context.close();
  }
});
