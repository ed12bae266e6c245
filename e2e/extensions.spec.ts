import { expect, test, type Browser } from '@playwright/test';
import { expectLoggedIn, login } from './helpers';

test.describe.configure({ mode: 'serial' });

async function as(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: `e2e/.auth/${state}.json` });
  return { context, page: await context.newPage() };
}

// The e2e clock is pinned to 2023-11-22: November's parts were due on the 20th. 区发展和改革局 takes
// part in task 73 (着力抓实安全生产) and has not sent its part: its 报送 light is red.
const TASK = 73;
const LATE_REASON = '区发展和改革局 2023年11月：参与单位协办情况已逾期 2 天未报送';

test('a unit asks to move its late part’s deadline; the office approves → the light clears and both dates show', async ({ browser }) => {
  const unit = await as(browser, 'reporter');
  await unit.page.goto('/my');
  const row = unit.page.locator(`tr[data-task-no="${TASK}"]`);
  await expect(row.locator('[data-signal="报送"]')).toHaveAttribute('data-level', 'red');

  await unit.page.goto(`/my/tasks/${TASK}`);
  const section = unit.page.locator('#extensions');
  await expect(section.getByTestId('report-deadline')).toHaveText('本月协办情况报送截止：2023-11-20');
  await section.getByRole('button', { name: '申请延期' }).click();
  // The form's schema runs in the browser: a reason is required.
  await section.getByLabel('延期至').fill('2023-11-30');
  await section.getByRole('button', { name: '提交延期申请' }).click();
  await expect(section.getByText('请填写延期理由（至少 4 个字）')).toBeVisible();
  await section.getByLabel('延期理由及依据').fill('安全生产大检查数据尚在汇总，申请延期至月底报送。');
  await section.getByRole('button', { name: '提交延期申请' }).click();
  await expect(unit.page.getByText('延期申请已提交（10 天），等待督查室审核')).toBeVisible();
  await expect(section.locator('[data-status="pending"] [data-state]')).toHaveText('待督查室审核');
  // Still red while it waits.
  await unit.page.goto('/my');
  await expect(row.locator('[data-signal="报送"]')).toHaveAttribute('data-level', 'red');

  // The office finds it in 待审批 and approves it.
  const office = await as(browser, 'supervisor');
  await office.page.goto('/approvals');
  const item = office.page.locator('article[data-status="pending"]', { hasText: '着力抓实安全生产' });
  await expect(item).toContainText('区发展和改革局');
  await expect(item).toContainText('原定 2023-11-20，申请延期至 2023-11-30（10 天）');
  await item.getByRole('button', { name: '同意延期' }).click();
  // Decided: it leaves the queue (10 days: no leader needed).
  await expect(office.page.locator('article[data-extension]', { hasText: '着力抓实安全生产' })).toHaveCount(0);
  // The office's task page no longer lists the unit's late part.
  await office.page.goto(`/tasks/${TASK}`);
  await expect(office.page.getByTestId('signal-reasons')).not.toContainText(LATE_REASON);

  // The unit's light has cleared; both dates show where the deadline is read.
  await unit.page.goto('/my');
  await expect(row.locator('[data-signal="报送"]')).toHaveAttribute('data-level', 'green');
  await expect(row.getByTestId('moved-deadline')).toHaveText('原定 2023-11-20，延期至 2023-11-30');
  await unit.page.goto(`/my/tasks/${TASK}`);
  await expect(section.getByTestId('report-deadline')).toHaveText('本月协办情况报送截止：原定 2023-11-20，延期至 2023-11-30');
  await expect(unit.page.getByText('截止 11月30日（原定 2023-11-20，延期至 2023-11-30）')).toBeVisible();
  await expect(section.locator('[data-status="approved"] [data-state]')).toHaveText('已批准');
  await unit.context.close();
  await office.context.close();
});

test('a long extension of a task deadline needs a leader too; then the task page and the ledger show both dates', async ({ browser }) => {
  // Three people, several pages each.
  test.setTimeout(90_000);
  const unit = await as(browser, 'reporter');
  // 工作报告 1 (地区生产总值增长6%左右), led by 区发展和改革局, due 2023-12-31.
  await unit.page.goto('/tasks?q=地区生产总值增长6%25左右');
  const ledgerRow = unit.page.locator('tr[data-task-id]', { hasText: '地区生产总值增长6%左右' }).first();
  await expect(ledgerRow.getByTestId('ledger-deadline')).toHaveText('完成时限：2023-12-31');
  const taskPath = (await ledgerRow.getByRole('link', { name: '地区生产总值增长6%左右' }).getAttribute('href'))!;
  await unit.page.goto(taskPath);
  const section = unit.page.locator('#extensions');
  await expect(section.getByTestId('task-deadline')).toHaveText('完成时限：2023-12-31');
  await section.getByRole('button', { name: '申请延期' }).click();
  await section.getByLabel('延期至').fill('2024-02-29');
  await section.getByLabel('延期理由及依据').fill('四季度统计数据次年 2 月方能发布，申请延至 2 月底。');
  await section.getByRole('button', { name: '提交延期申请' }).click();
  await expect(unit.page.getByText('延期申请已提交（60 天），等待督查室审核')).toBeVisible();

  // The office agrees: longer than 30 days, it goes on to a leader; the deadline has not moved yet.
  const office = await as(browser, 'supervisor');
  await office.page.goto('/approvals');
  const item = office.page.locator('article[data-status="pending"]', { hasText: '地区生产总值增长6%左右' });
  await item.getByRole('button', { name: '同意延期' }).click();
  const waiting = office.page.locator('article[data-status="leader_pending"]', { hasText: '地区生产总值增长6%左右' });
  await expect(waiting).toBeVisible();
  // The office cannot approve it in the leader's place.
  await expect(waiting.getByRole('button', { name: '批准延期' })).toHaveCount(0);
  await unit.page.goto(taskPath);
  await expect(section.getByTestId('task-deadline')).toHaveText('完成时限：2023-12-31');
  await expect(section.locator('[data-status="leader_pending"] [data-state]')).toHaveText('待领导审批');

  // The leader approves it.
  const leaderContext = await browser.newContext();
  const leader = await leaderContext.newPage();
  await login(leader, 'lingdao');
  await expectLoggedIn(leader, '李区长');
  await leader.goto('/approvals');
  const forLeader = leader.locator('article[data-status="leader_pending"]', { hasText: '地区生产总值增长6%左右' });
  await forLeader.getByLabel('审批意见').fill('同意');
  await forLeader.getByRole('button', { name: '批准延期' }).click();
  await expect(leader.locator('article[data-extension]', { hasText: '地区生产总值增长6%左右' })).toHaveCount(0);

  // Both dates on the task page and in the ledger.
  await unit.page.goto(taskPath);
  await expect(section.getByTestId('task-deadline')).toHaveText('完成时限：原定 2023-12-31，延期至 2024-02-29');
  await expect(unit.page.getByTestId('task-facts')).toContainText('原定 2023-12-31，延期至 2024-02-29');
  await unit.page.goto('/tasks?q=地区生产总值增长6%25左右');
  await expect(ledgerRow.getByTestId('ledger-deadline')).toHaveText('完成时限：原定 2023-12-31，延期至 2024-02-29');

  // The demo's approved extension shows both dates too (工作报告 3, moved by 20 days).
  await unit.page.goto('/tasks?q=固定资产投资增长12%25左右');
  await expect(unit.page.locator('tr[data-task-id]', { hasText: '固定资产投资增长12%左右' }).first().getByTestId('ledger-deadline')).toHaveText('完成时限：原定 2023-12-31，延期至 2024-01-20');
  await leaderContext.close();
  await unit.context.close();
  await office.context.close();
});

test('the assessment shows its rule for extensions', async ({ browser }) => {
  const office = await as(browser, 'supervisor');
  await office.page.goto('/assessment');
  await expect(office.page.getByTestId('rule-warnings')).toContainText('0.5 × 获批延期数');
  await office.context.close();
});
