import { expect, test, type Browser } from '@playwright/test';

// 问题协调 and the older loop in the demo (lib/seed/demo-oversight.ts): key task 8 has the demo's
// red 督办单 to 区工业和信息化局, still waiting for the unit's answer.
const PENDING_NOTICE_TASK = 8;
const PROBLEM = '园区配套道路建设需区住建局、区自然资源局协调，影响项目落地（e2e）。';
const ANSWER = '已协调区住建局本月内完成道路设计批复，区自然资源局同步办理用地手续。';

test.describe.configure({ mode: 'serial' });

async function as(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: `e2e/.auth/${state}.json` });
  return { context, page: await context.newPage() };
}

test('a unit raises its report’s problem to the office; the office answers; the unit reads the answer and closes it', async ({ browser }) => {
  // 区发展和改革局, a lead unit of task 1: the control beside the report's 需协调解决的问题.
  const unit = await as(browser, 'reporter');
  await unit.page.goto('/my/tasks/1');
  const panel = unit.page.getByRole('region', { name: '提交协调' });
  // An empty problem is refused in the form. (Retried: a click before hydration posts the plain form, which changes nothing.)
  await expect(async () => {
    await panel.getByLabel('需协调解决的问题').fill('');
    await panel.getByRole('button', { name: '提交协调' }).click();
    await expect(panel.getByText('请填写需协调解决的问题')).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await panel.getByLabel('需协调解决的问题').fill(PROBLEM);
  await panel.getByRole('radio', { name: '提请督查室' }).check();
  await panel.getByRole('button', { name: '提交协调' }).click();
  await expect(panel.getByText('已提交督查室协调')).toBeVisible();
  const mine = panel.locator('[data-problem]').filter({ hasText: PROBLEM });
  await expect(mine.locator('[data-problem-status]')).toHaveText('待答复');
  await expect(mine.locator('[data-addressee]')).toHaveText('提请督查室');

  // The office finds it among the open problems and answers.
  const office = await as(browser, 'supervisor');
  await office.page.goto('/problems');
  await office.page.getByLabel('状态').selectOption('open');
  await office.page.getByRole('button', { name: '筛选' }).click();
  await expect(office.page).toHaveURL(/status=open/);
  await expect(office.page.locator('[data-problem]').filter({ hasText: PROBLEM })).toContainText('区发展和改革局');
  // Answered on the unfiltered list (an answered problem leaves the list of open ones).
  await office.page.goto('/problems');
  const item = office.page.locator('[data-problem]').filter({ hasText: PROBLEM });
  await expect(item).toContainText('重点任务 1.');
  await expect(item.getByRole('button', { name: '转呈区领导' })).toBeVisible();
  await item.getByRole('button', { name: '答复', exact: true }).click();
  await expect(item.getByText('请填写答复意见')).toBeVisible();
  await item.getByLabel('答复意见').fill(ANSWER);
  await item.getByRole('button', { name: '答复', exact: true }).click();
  await expect(item.getByText('已答复，已通知提出单位')).toBeVisible();
  await expect(item.locator('[data-problem-status]')).toHaveText('已答复');
  await office.page.goto('/problems?status=answered');
  await expect(office.page.locator('[data-problem]').filter({ hasText: PROBLEM }).getByTestId('problem-answer')).toContainText(ANSWER);

  // The unit is told, reads the answer on /problems and closes the problem.
  await unit.page.goto('/notifications');
  await expect(unit.page.getByRole('list', { name: '消息列表' })).toContainText('答复了重点任务 1的协调问题');
  await unit.page.goto('/problems');
  const answered = unit.page.locator('[data-problem]').filter({ hasText: PROBLEM });
  await expect(answered.locator('[data-problem-status]')).toHaveText('已答复');
  await expect(answered.getByTestId('problem-answer')).toContainText(ANSWER);
  // The unit answers nothing and escalates nothing.
  await expect(answered.getByRole('button', { name: '答复', exact: true })).toHaveCount(0);
  unit.page.once('dialog', (d) => d.accept());
  await answered.getByRole('button', { name: '关闭问题' }).click();
  await expect(answered.locator('[data-problem-status]')).toHaveText('已关闭');
  await expect(answered.getByRole('button', { name: '关闭问题' })).toHaveCount(0);

  // Another unit does not see it; the task page shows it to the office.
  const other = await as(browser, 'kjj');
  await other.page.goto('/problems');
  await expect(other.page.locator('[data-problem]').filter({ hasText: PROBLEM })).toHaveCount(0);
  await office.page.goto('/tasks/1');
  await expect(office.page.getByRole('region', { name: '问题协调' }).locator('[data-problem]').filter({ hasText: PROBLEM }).locator('[data-problem-status]')).toHaveText('已关闭');
  await other.context.close();
  await unit.context.close();
  await office.context.close();
});

test.describe('the demo’s older loop', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('the dashboard marks a red task without any measure 无措施, not one with an open 督办单', async ({ page }) => {
    // The tasks with a 督办单 in hand (the demo's red one on task 8, and any the other specs issued).
    await page.goto('/notices?status=open');
    await expect(page.locator('tr[data-notice-id]').filter({ hasText: `重点任务 ${PENDING_NOTICE_TASK}.` })).toHaveCount(1);
    const withNotice = new Set<string>();
    for (const link of await page.locator('tr[data-notice-id] a[href^="/tasks/"]').all()) withNotice.add((await link.getAttribute('href'))!);

    await page.goto('/dashboard');
    const items = page.getByRole('list', { name: '滞后任务' }).locator('[data-lagging]');
    await expect(items.first()).toBeVisible();
    let bare = 0;
    let noticed = 0;
    for (const item of await items.all()) {
      const href = (await item.getByRole('link').first().getAttribute('href'))!;
      const red = (await item.locator('[data-level="red"]').count()) > 0;
      const marked = (await item.getByTestId('no-measure').count()) > 0;
      if (marked) {
        // 无措施: a red light, and no 督办单 in hand.
        await expect(item.getByTestId('no-measure')).toHaveText('无措施');
        expect(red, href).toBe(true);
        expect(withNotice.has(href), href).toBe(false);
        bare += 1;
      }
      if (red && withNotice.has(href)) {
        expect(marked, href).toBe(false);
        noticed += 1;
      }
    }
    expect(bare).toBeGreaterThan(0);
    expect(noticed).toBeGreaterThan(0);
  });

  test('/notices, /problems and the task pages are not empty on a fresh demo', async ({ page, browser }) => {
    await page.goto('/notices');
    const rows = page.locator('tr[data-notice-id]');
    // One closed, one answered and waiting for the office, one waiting for the unit (and any the other specs issued).
    await expect(rows.filter({ hasText: '重点任务 11.' }).locator('[data-notice-status]')).toHaveText('已办结');
    await expect(rows.filter({ hasText: '重点任务 10.' }).locator('[data-unit="区发展和改革局"] [data-state]')).toHaveText('已反馈待审核');
    await expect(rows.filter({ hasText: `重点任务 ${PENDING_NOTICE_TASK}.` }).locator('[data-unit="区工业和信息化局"] [data-state]')).toHaveText('待反馈');

    await page.goto('/problems');
    await expect(page.locator('[data-problem]').filter({ hasText: '重点任务 27.' }).locator('[data-problem-status]')).toHaveText('待答复');
    const toLeader = page.locator('[data-problem]').filter({ hasText: '重点任务 6.' });
    await expect(toLeader.locator('[data-addressee]')).toHaveText('提请区领导');
    await expect(toLeader.getByTestId('problem-answer')).toContainText('李区长');
    await page.goto('/problems?to=leader');
    await expect(page.locator('[data-problem] [data-addressee="office"]')).toHaveCount(0);

    // A leader's instruction answered by the unit; a manual flag in force.
    await page.goto('/tasks/37');
    await expect(page.locator('[data-receipt="区发展和改革局"]')).toContainText('落实情况');
    await page.goto('/tasks?section=1');
    await expect(page.locator('tr[data-task-no="7"] [data-signal="督查"]')).toHaveAttribute('data-level', 'red');

    // A unit sees its own 督办单 at once.
    const unit = await as(browser, 'reporter');
    await unit.page.goto('/notices');
    await expect(unit.page.locator('tr[data-notice-id]').filter({ hasText: '重点任务 10.' })).toHaveCount(1);
    await unit.context.close();
  });

  test('/problems fits a 375 px phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto('/problems');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
