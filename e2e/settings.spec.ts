import { expect, test } from '@playwright/test';

test.describe('admin: reporting calendar', () => {
  test.use({ storageState: 'e2e/.auth/admin.json' });

  test('moves a deadline around a holiday and refuses an impossible one', async ({ page }) => {
    await page.goto('/admin/calendar');
    const nov = page.getByRole('form', { name: '2023年11月截止日期' });
    await nov.getByLabel('牵头单位截止').fill('2023-11-27');
    await nov.getByRole('button', { name: '保存' }).click();
    await expect(nov.getByRole('status')).toHaveText('截止日期已保存');

    await nov.getByLabel('参与单位截止').fill('2023-11-28');
    await nov.getByRole('button', { name: '保存' }).click();
    await expect(nov.getByRole('status')).toHaveText('参与单位截止日期不能晚于牵头单位截止日期');
  });
});

test.describe('reporter sees the new deadline', () => {
  test.use({ storageState: 'e2e/.auth/reporter.json' });

  test('on the workbench', async ({ page }) => {
    await page.goto('/my');
    // The key tasks' calendar (the first list); the work report keeps its own.
    await expect(page.getByTestId('period-summary').first()).toContainText('牵头单位截止 11月27日');
    await expect(page.getByRole('table', { name: '本单位牵头的任务（重点任务）' }).locator('tr[data-task-no="1"]')).toContainText('11月27日（剩 5 天）');
  });

  test('reporting pages fit a 375 px phone screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/my', '/my/tasks/1', '/my/tasks/31', '/tasks/3']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} should not scroll sideways`).toBeLessThanOrEqual(0);
    }
  });
});

test.describe('supervisor: indicators', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('reviews the confirmed set and edits a name', async ({ page }) => {
    await page.goto('/indicators?status=confirmed');
    await expect(page.getByText(/^共 \d+ 项$/)).toHaveText(/共 (4\d|5\d|6\d) 项/);
    const task15 = page.getByRole('region', { name: /^重点任务 15\./ });
    const first = task15.getByRole('form', { name: '编辑指标' }).first();
    // Filled again if the page was still hydrating (the field then briefly kept its old value too).
    const name = first.getByLabel('名称');
    await expect(async () => {
      await name.fill('国家高新技术企业（总量）');
      await expect(name).toHaveValue('国家高新技术企业（总量）', { timeout: 500 });
    }).toPass();
    await first.getByRole('button', { name: '保存修改' }).click();
    await expect(first.getByRole('status')).toHaveText('已保存');
    await page.goto('/tasks/15');
    await expect(page.locator('[data-indicator="国家高新技术企业（总量）"]')).toContainText('目标 ≥ 85 家');
  });
});
