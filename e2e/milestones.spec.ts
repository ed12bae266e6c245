import { expect, test, type Browser } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

async function as(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: `e2e/.auth/${state}.json` });
  return { context, page: await context.newPage() };
}

// The e2e clock is pinned to 2023-11-22 (a Wednesday): a milestone of 2023-11-20 is missed (yellow).
const MISSED = '2023-11-20';
const DELIVERABLE = '完成天然气管道河东段验收';
const REASON = `节点‘${DELIVERABLE}’已到期（${MISSED}）未完成`;

test('a milestone plan is filed, approved, then missed → the 进度 light; ticking it off clears it', async ({ browser }) => {
  // 区发展和改革局 leads task 37 alone; it files a plan of two milestones and submits it.
  const unit = await as(browser, 'reporter');
  await unit.page.goto('/tasks/37');
  const section = unit.page.locator('#milestones');
  await section.getByLabel('节点 1 日期').fill(MISSED);
  await section.getByLabel('节点成果').fill(DELIVERABLE);
  await section.getByRole('button', { name: '添加节点' }).click();
  await section.getByLabel('节点 2 日期').fill('2023-12-25');
  await section.getByLabel('节点成果').nth(1).fill('管道全面建成投产');
  await section.getByRole('button', { name: '报送审核' }).click();
  await expect(unit.page.getByTestId('milestone-plan-status')).toHaveText('待审核');
  // Not approved yet: the 进度 light does not follow the milestones.
  await expect(unit.page.getByTestId('signal-reasons').filter({ hasText: REASON })).toHaveCount(0);

  // The office finds it in 待审批 and approves it.
  const office = await as(browser, 'supervisor');
  await office.page.goto('/approvals');
  const item = office.page.locator('article', { hasText: '促进油气提质增效' });
  await expect(item).toContainText(DELIVERABLE);
  await item.getByRole('button', { name: '批准' }).click();
  // Approved, it leaves the queue (the page refreshes, taking the confirmation with the item).
  await expect(office.page.locator('article', { hasText: '促进油气提质增效' })).toHaveCount(0);

  // Approved and missed: the 进度 light is yellow with the milestone as its reason.
  await unit.page.goto('/tasks/37');
  await expect(unit.page.getByTestId('milestone-plan-status')).toHaveText('已批准');
  await expect(unit.page.locator('[data-signals] [data-signal="进度"]')).toHaveAttribute('data-level', 'yellow');
  await expect(unit.page.getByTestId('signal-reasons')).toContainText(REASON);
  await expect(unit.page.locator(`[data-milestone="${DELIVERABLE}"]`).getByTestId('milestone-status')).toHaveText('已到期未完成');

  // The unit ticks it off from its monthly report, with evidence.
  await unit.page.goto('/my/tasks/37');
  const tick = unit.page.getByTestId('milestone-tick-off');
  await expect(tick).toContainText(DELIVERABLE);
  await tick.getByRole('button', { name: '标记完成' }).click();
  await expect(tick.getByText('请填写完成情况及佐证')).toBeVisible();
  await tick.getByLabel('完成情况及佐证').fill('验收报告已签署（河东段竣工验收报告）');
  await tick.getByRole('button', { name: '标记完成' }).click();
  await expect(tick.locator(`[data-milestone="${DELIVERABLE}"]`).getByTestId('milestone-status')).toHaveText(/^已完成 2023-11-2\d$/);

  // The light clears; the timeline shows the milestone done, with its evidence.
  await unit.page.goto('/tasks/37');
  await expect(unit.page.locator('[data-signals] [data-signal="进度"]')).toHaveAttribute('data-level', 'green');
  await expect(unit.page.getByText(REASON)).toHaveCount(0);
  const done = unit.page.locator(`[data-milestone="${DELIVERABLE}"]`);
  await expect(done.getByTestId('milestone-status')).toHaveText(/^已完成 2023-11-2\d$/);
  await expect(done).toContainText('验收报告已签署');

  // The unit's own timeline lists it too.
  await unit.page.goto('/my/milestones');
  await expect(unit.page.locator(`[data-milestone="${DELIVERABLE}"]`)).toBeVisible();
  await unit.context.close();
  await office.context.close();
});

test('the demo shows approved plans with a missed milestone and a plan waiting in 待审批', async ({ browser }) => {
  const office = await as(browser, 'supervisor');
  await office.page.goto('/tasks/36');
  await expect(office.page.getByTestId('milestone-plan-status')).toHaveText('已批准');
  await expect(office.page.getByTestId('signal-reasons')).toContainText('节点‘新增并网装机10万千瓦’已到期');
  await expect(office.page.locator('[data-milestone="完成整区分布式光伏规模化开发试点实施方案"]')).toContainText('佐证');
  await office.page.goto('/approvals');
  await expect(office.page.locator('article', { hasText: '提升开发区承载能力' })).toContainText('明确开发区产业主攻方向');
  await office.context.close();
});
