import { expect, test } from '@playwright/test';
import { login } from './helpers';

test('a leader opens the overdue list and drills down to a task', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await login(page, 'lingdao');
  await expect(page).toHaveURL(/\/tasks$/);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '逾期' }).click();
  await expect(page.getByRole('heading', { name: '逾期清单' })).toBeVisible();
  await expect(page.getByTestId('overdue-count')).toHaveText(/共 \d+ 项逾期/);
  // fgj's unit has not sent its November parts (due on the 20th).
  const row = page.locator('tr[data-overdue^="part-"][data-overdue$="-区发展和改革局"]').first();
  await expect(row).toContainText('2 天');
  await page.getByLabel('类型').selectOption('part');
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page.locator('tr[data-overdue^="report-"]')).toHaveCount(0);
  // Sort by task, then drill down.
  await page.getByRole('link', { name: /^任务/ }).click();
  await expect(page).toHaveURL(/sort=task/);
  const first = page.locator('tr[data-overdue] a').first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title.replace(/^(\d+)\. /, '$1. '));
  await expect(page.getByRole('region', { name: '预警信号' }).or(page.locator('[data-signals]')).first()).toBeVisible();
  await context.close();
});

test.describe('supervisor dashboard', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('every figure drills down to the tasks behind it', async ({ page }) => {
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { name: '总览' })).toBeVisible();
    await expect(page.getByRole('figure', { name: '按时报送率逐月图' })).toBeVisible();
    // A section's red "报送" count leads to exactly those tasks in the ledger.
    const section1Late = page.locator('tr[data-section="1"] td').first();
    const redLink = section1Late.getByRole('link', { name: /^红灯/ });
    const n = Number((await redLink.textContent())!.trim());
    await redLink.click();
    await expect(page).toHaveURL(/section=1&signal=late&level=red/);
    await expect(page.getByTestId('drill-down')).toHaveText('筛选：报送红灯');
    await expect(page.locator('tr[data-task-no]')).toHaveCount(n);
    for (const r of await page.locator('tr[data-task-no]').all()) await expect(r.locator('[data-signal="报送"]')).toHaveAttribute('data-level', 'red');

    await page.goto('/dashboard');
    const submitted = page.locator('[data-state-count="submitted"]');
    await submitted.click();
    await expect(page.getByTestId('drill-down')).toContainText('已报送');
  });

  test('the dashboard shows the most lagging tasks and links to all of them; long lists are paged', async ({ page }) => {
    await page.goto('/dashboard');
    const heading = page.getByRole('heading', { name: /^滞后任务/ });
    const total = Number((await heading.textContent())!.match(/(\d+) 项/)![1]);
    const shown = page.locator('[data-lagging]');
    expect(total).toBeGreaterThan(20);
    await expect(shown).toHaveCount(20);
    // Most reds first: the first task has at least as many red lights as the last one shown.
    const reds = async (i: number) => shown.nth(i).locator('[data-level="red"]').count();
    expect(await reds(0)).toBeGreaterThanOrEqual(await reds(19));
    await page.getByRole('link', { name: `查看全部 ${total} 项滞后任务（此处列出红灯最多的 20 项）` }).click();
    await expect(page).toHaveURL(/\/tasks\?lagging=1/);
    await expect(page.getByTestId('drill-down')).toContainText('滞后任务');
    await expect(page.getByTestId('ledger-count')).toHaveText(`共 108 项任务，符合条件 ${total} 项`);
    // The ledger shows 100 tasks a page.
    await expect(page.locator('tr[data-task-no]')).toHaveCount(Math.min(total, 100));
    for (const r of await page.locator('tr[data-task-no]').all()) await expect(r.locator('[data-level="red"], [data-level="yellow"]').first()).toBeVisible();

    // The overdue list says which items of how many it shows; a page past the end shows the last one.
    await page.goto('/overdue');
    const count = Number((await page.getByTestId('overdue-count').textContent())!.match(/(\d+)/)![1]);
    await expect(page.getByTestId('pager')).toContainText(`第 1–${Math.min(count, 100)} 项，共 ${count} 项`);
    await page.goto('/overdue?page=999&kind=part');
    await expect(page.getByLabel('类型')).toHaveValue('part');
    await expect(page.locator('tr[data-overdue^="part-"]').first()).toBeVisible();
  });

  test('lists filter by a typed unit name; an unknown name is explained, not an error', async ({ page }) => {
    await page.goto('/review?state=approved&unitName=' + encodeURIComponent('发展和改革'));
    await expect(page.getByLabel('单位')).toHaveValue(/\d+/);
    const items = page.locator('[data-queue-item]');
    await expect(items.first()).toBeVisible();
    for (const item of await items.all()) await expect(item).toHaveAttribute('data-queue-item', /-区发展和改革局-/);
    await page.goto('/overdue?unitName=' + encodeURIComponent('不存在的单位'));
    await expect(page.getByRole('status').filter({ hasText: '未找到名称含“不存在的单位”的单位' })).toBeVisible();
    await expect(page.getByTestId('overdue-count')).toHaveText(/共 \d+ 项逾期/);
  });

  test('dashboard, overdue and assessment fit a 375 px phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/dashboard', '/overdue', '/assessment', '/review', '/notices']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} should not scroll sideways`).toBeLessThanOrEqual(0);
    }
  });
});

test.describe('assessment', () => {
  test('a unit sees the ranking and only its own breakdown', async ({ browser }) => {
    const context = await browser.newContext({ storageState: 'e2e/.auth/reporter.json' });
    const page = await context.newPage();
    await page.goto('/assessment?period=2023-10');
    await expect(page.getByRole('heading', { name: '2023年10月得分排名' })).toBeVisible();
    await expect(page.getByRole('table', { name: '2023年10月各单位得分排名' }).locator('tr[data-unit]')).not.toHaveCount(0);
    // Only the own unit's name is a link to a breakdown.
    await expect(page.locator('tr[data-unit="区发展和改革局"] a')).toHaveCount(1);
    await expect(page.locator('tr[data-unit="区商务局"] a')).toHaveCount(0);
    await page.locator('tr[data-unit="区发展和改革局"] a').click();
    await expect(page.getByTestId('unit-score')).toContainText('得分');
    await expect(page.locator('[data-component="onTime"]')).toContainText('按时报送');
    // Asking for another unit's breakdown by id goes back to the own unit.
    const url = new URL(page.url());
    await page.goto(`/assessment/1?period=2023-10`);
    await expect(page).toHaveURL(new RegExp(`/assessment/${url.pathname.split('/').pop()}`));
    await context.close();
  });

  test('the office locks a period after the explanation window; the ranking is then frozen', async ({ browser }) => {
    const context = await browser.newContext({ storageState: 'e2e/.auth/supervisor.json' });
    const page = await context.newPage();
    await page.goto('/assessment?period=2023-09');
    await expect(page.getByTestId('lock-state')).toContainText('实时计算');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '锁定2023年9月考核' }).click();
    await expect(page.getByTestId('lock-state')).toContainText('锁定，得分不再变化');
    await page.reload();
    await expect(page.getByTestId('lock-state')).toContainText('锁定，得分不再变化');
    await context.close();
  });
});
