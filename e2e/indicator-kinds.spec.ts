import { expect, test } from '@playwright/test';

// The demo's task 40 (河东生态环境分局) has three rates (水平值): its 国省控断面水质达标率 stands at
// 80% against 100% in every month. A rate is compared with its target as it stands, not with
// 序时进度: below target is off target whatever the month.

test.describe('office: a level indicator below target', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('lights 指标 on task 40 saying it is below target, not behind 序时进度', async ({ page }) => {
    await page.goto('/tasks/40');
    const light = page.locator('[data-signals]').first().locator('[data-signal="指标"]');
    await expect(light).toHaveAttribute('data-level', 'yellow');
    await expect(light).toHaveAttribute('title', '指标：“国省控断面水质达标率”为 80%，低于目标 100%（差 20.0 个百分点）');
    // (The 进度 light may still say 落后序时进度: that is the self-reported percent done, a pace by nature.)
    const reason = page.getByTestId('signal-reasons').locator('li', { hasText: '国省控断面水质达标率' });
    await expect(reason).toHaveText('“国省控断面水质达标率”为 80%，低于目标 100%（差 20.0 个百分点）');
    await expect(reason).not.toContainText('落后序时进度');

    // The indicator itself: its latest figure as it stands (not a running total) and why it is off target.
    const indicator = page.locator('[data-indicator="国省控断面水质达标率"]');
    await expect(indicator).toContainText('最新数值 80 %');
    await expect(indicator).not.toContainText('累计完成');
    await expect(indicator.getByTestId('indicator-standing')).toHaveText('为 80%，低于目标 100%（差 20.0 个百分点）');
  });

  test('the indicator page carries the kind, with Chinese labels', async ({ page }) => {
    await page.goto('/indicators?status=confirmed');
    const task40 = page.getByRole('region', { name: /^重点任务 40\./ });
    const kind = task40.getByRole('form', { name: '编辑指标' }).first().getByLabel('指标类型');
    await expect(kind).toHaveValue('level');
    await expect(kind.locator('option:checked')).toHaveText('水平值(比率)');
    await expect(kind.locator('option')).toHaveText(['累计值', '水平值(比率)', '同比增长', '上限(≤)', '完成与否']);
    // A count is a running total.
    const task3 = page.getByRole('region', { name: /^重点任务 3\./ });
    await expect(task3.getByRole('form', { name: '编辑指标' }).first().getByLabel('指标类型')).toHaveValue('cumulative');
  });
});

test.describe('lead unit: the report form asks for the right figure', () => {
  test.use({ storageState: 'e2e/.auth/sthj.json' });

  test('本月数值 for the rates of task 40, not 累计完成', async ({ page }) => {
    await page.goto('/my/tasks/40');
    const label = page.locator('form label', { hasText: '国省控断面水质达标率' });
    await expect(label).toContainText('本月数值');
    await expect(label).not.toContainText('累计完成');
    await expect(label.getByTestId('indicator-figure')).toHaveText('本月数值');
    // Still the figure's own input, with its unit.
    await expect(page.getByLabel(/国省控断面水质达标率/)).toHaveAttribute('type', 'number');
  });
});
