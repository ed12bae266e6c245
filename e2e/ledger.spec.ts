import { expect, test } from '@playwright/test';
import { chooseList } from './helpers';
import { e2eExec } from './test-db';

test.describe('reporter (区发展和改革局)', () => {
  test.use({ storageState: 'e2e/.auth/reporter.json' });

  test('sees its unit’s tasks split into led and joined', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/my$/);
    await expect(page.getByRole('heading', { name: '本单位任务' })).toBeVisible();
    const leading = page.getByRole('table', { name: '本单位牵头的任务（重点任务）' });
    const joining = page.getByRole('table', { name: '本单位参与的任务（重点任务）' });
    await expect(leading.locator('tr[data-task-no="1"]')).toContainText('培优育强重点产业');
    await expect(leading.locator('tr[data-task-no="36"]')).toContainText('大力发展可再生能源');
    // 发改局 joins task 31 (拓展城乡消费市场) and the open-ended task 40.
    await expect(joining.locator('tr[data-task-no="31"]')).toBeVisible();
    await expect(joining.locator('tr[data-task-no="40"]')).toBeVisible();
    await expect(leading.locator('tr[data-task-no="40"]')).toHaveCount(0);
  });

  test('opens a task page with the full text', async ({ page }) => {
    await page.goto('/tasks/40');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('40. 打好污染防治攻坚战');
    await expect(page.getByTestId('task-text')).toContainText('全面实行排污许可制');
    await expect(page.getByText('通知原文以“等”结尾')).toBeVisible();
    await expect(page.getByText('本单位参与')).toBeVisible();
  });

  test('a task without units says so instead of inventing a lead', async ({ page }) => {
    await page.goto('/tasks/76');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('完善工作机制');
    await expect(page.getByText('未明确牵头单位')).toBeVisible();
  });
});

test.describe('supervisor (督查室)', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('the ledger is grouped by section and filters by unit', async ({ page }) => {
    await page.goto('/tasks');
    // Every active list: the 77 key tasks and the demo's decomposed work report (31).
    await expect(page.getByTestId('ledger-count')).toHaveText('共 108 项任务');
    // The key tasks only, through the list filter in the header (remembered; set back at the end).
    await chooseList(page, '重点任务（2023）');
    await expect(page.getByTestId('ledger-count')).toHaveText('共 77 项任务');
    await expect(page.getByRole('heading', { name: /^十二、组织实施/ })).toBeVisible();
    await page.getByLabel('责任单位').selectOption({ label: '河东生态环境分局' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/unit=\d+/);
    // Lead of 8, 39, 40, 41, 42 in the notice.
    await expect(page.getByTestId('ledger-count')).toHaveText('共 77 项任务，符合条件 5 项');
    const rows = page.locator('tr[data-task-no]');
    await expect(rows).toHaveCount(5);
    for (const row of await rows.all()) await expect(row).toContainText('河东生态环境分局');

    // Only as participating unit: 区科学技术局 joins 40 and 49.
    await page.getByLabel('责任单位').selectOption({ label: '区科学技术局' });
    await page.getByLabel('单位角色').selectOption('participating');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page.locator('tr[data-task-no]')).toHaveCount(2);
    await expect(page.locator('tr[data-task-no="40"]')).toBeVisible();
    await expect(page.locator('tr[data-task-no="49"]')).toBeVisible();
    await chooseList(page, '全部清单');
  });

  test('filters by section and keyword', async ({ page }) => {
    await page.goto('/tasks?section=2');
    await expect(page.locator('tr[data-task-no]')).toHaveCount(6);
    await page.goto('/tasks');
    await page.getByLabel('关键词').fill('高标准农田');
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page.locator('tr[data-task-no="23"]')).toBeVisible();
    await expect(page.getByTestId('ledger-count')).toContainText('符合条件');
    await page.getByRole('link', { name: '清除' }).click();
    await expect(page.getByTestId('ledger-count')).toHaveText('共 108 项任务');
  });

  test('the unit list counts led and joined tasks and shows aliases', async ({ page }) => {
    await page.goto('/units');
    const row = page.locator('tr[data-unit="区投资促进服务中心"]');
    await expect(row).toContainText('又称：区投资促进中心');
    // 3 key tasks and, in the demo's work report, 招大引强聚势能.
    await expect(row.locator('[data-col="lead"]')).toHaveText('4');
    await expect(page.locator('tr[data-unit="九曲街道"] [data-col="lead"]')).toHaveText('0');
    await expect(page.locator('tr[data-unit="区政府督查室"]')).toBeVisible();
    // /my is for unit staff; a supervisor lands on the ledger.
    await page.goto('/my');
    await expect(page).toHaveURL(/\/tasks$/);
  });

  test('the 办理记录 shows the newest ten lines and unfolds the older ones', async ({ page }) => {
    // Fourteen October lines of history on a task no other test touches (the demo has a few at most).
    const rows = Array.from({ length: 14 }, (_, i) => [new Date(Date.UTC(2023, 9, 1 + i, 2)), '填报员', 'report.save', 'report', 50]);
    await e2eExec(
      `insert into audit_log (at, actor_name, action, entity_type, task_id) values ${rows.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      ...rows.flat(),
    );
    await page.goto('/tasks/50');
    const timeline = page.getByTestId('timeline');
    await expect(timeline.getByRole('listitem')).toHaveCount(10);
    await expect(timeline).not.toContainText('2023/10/01 10:00');
    const more = page.getByRole('button', { name: /^展开更早的 \d+ 条记录$/ });
    await expect(more).toHaveAttribute('aria-expanded', 'false');
    await more.click();
    await expect(timeline.getByRole('listitem').last()).toContainText('2023/10/01 10:00');
    expect(await timeline.getByRole('listitem').count()).toBeGreaterThanOrEqual(14);
    const less = page.getByRole('button', { name: '收起，只看最近 10 条' });
    await expect(less).toHaveAttribute('aria-expanded', 'true');
    await less.click();
    await expect(timeline.getByRole('listitem')).toHaveCount(10);
  });

  test('the task page lists five units’ reasons for its lights, the 指标 reason always, and unfolds the rest', async ({ page }) => {
    // Task 40: a dozen participating units, many of them late in the demo.
    await page.goto('/tasks/40');
    const reasons = page.getByTestId('signal-reasons').locator('li');
    await expect(reasons).toHaveCount(6);
    await expect(reasons.last()).toContainText('国省控断面水质达标率');
    const more = page.getByRole('button', { name: /^展开其余 \d+ 条原因$/ });
    const hidden = Number(/\d+/.exec((await more.textContent()) ?? '')?.[0]);
    expect(hidden).toBeGreaterThan(0);
    await more.click();
    await expect(reasons).toHaveCount(6 + hidden);
    await expect(reasons.last()).toContainText('国省控断面水质达标率');
    await page.getByRole('button', { name: '收起，只看前 5 条' }).click();
    await expect(reasons).toHaveCount(6);
  });

  test('pages fit a 375 px phone screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/tasks', '/tasks/40', '/units']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} should not scroll sideways`).toBeLessThanOrEqual(0);
    }
  });
});

test('an anonymous visit to /tasks goes to the login page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto('/tasks?section=3');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftasks%3Fsection%3D3/);
  await expect(page.getByRole('heading', { name: '用户登录' })).toBeVisible();
  // Demo mode lists the demo accounts.
  await expect(page.getByRole('list', { name: '演示账户列表' })).toContainText('duchashi');
  await context.close();
});
