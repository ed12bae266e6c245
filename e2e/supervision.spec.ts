import { expect, test, type Browser } from '@playwright/test';
import { login } from './helpers';

test.describe.configure({ mode: 'serial' });

async function as(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: `e2e/.auth/${state}.json` });
  return { context, page: await context.newPage() };
}

test('a supervisor returns a report; the unit fixes and resubmits; the supervisor sees the diff and approves', async ({ browser }) => {
  // 区科学技术局 submits its November report on task 13.
  const unit = await as(browser, 'kjj');
  await unit.page.goto('/my/tasks/13');
  await unit.page.getByLabel('本月进展').fill('组织企业参加创新创业共同体对接会。');
  await unit.page.getByLabel(/年度任务完成百分比/).fill('75');
  unit.page.once('dialog', (d) => d.accept());
  await unit.page.getByRole('button', { name: '报送', exact: true }).click();
  await expect(unit.page.getByRole('status').filter({ hasText: /报送，等待督查室审核/ }).first()).toBeVisible();

  // The supervisor finds it in the queue and returns it with a comment.
  const office = await as(browser, 'supervisor');
  await office.page.goto('/review?kind=report');
  const item = office.page.locator('[data-queue-item="report-13-区科学技术局-2023-11"]');
  await expect(item).toBeVisible();
  await item.getByRole('link', { name: '审核' }).click();
  await expect(office.page.getByTestId('review-progress')).toHaveText('组织企业参加创新创业共同体对接会。');
  await office.page.getByRole('button', { name: '退回' }).click();
  await expect(office.page.getByText('退回时必须填写退回意见')).toBeVisible();
  await office.page.getByRole('textbox', { name: /审核意见/ }).fill('请写明新增新型研发机构的数量和名称。');
  await office.page.getByRole('button', { name: '退回' }).click();
  await expect(office.page.getByText('已退回：请写明新增新型研发机构的数量和名称。')).toBeVisible();

  // The unit sees the comment on top, edits and resubmits.
  await unit.page.goto('/my');
  const row = unit.page.getByRole('table', { name: '本单位牵头的任务（重点任务）' }).locator('tr[data-task-no="13"]');
  await expect(row.locator('[data-state]')).toHaveText('已退回');
  await row.getByRole('link', { name: '修改后重报' }).click();
  await expect(unit.page.getByTestId('return-comment')).toContainText('请写明新增新型研发机构的数量和名称。');
  await unit.page.getByLabel('本月进展').fill('组织企业参加创新创业共同体对接会，新增新型研发机构2家（沂蒙新材料研究院、河东智能制造研究中心）。');
  unit.page.once('dialog', (d) => d.accept());
  await unit.page.getByRole('button', { name: '报送', exact: true }).click();
  await expect(unit.page.getByRole('status').filter({ hasText: /报送，等待督查室审核/ }).first()).toBeVisible();

  // The supervisor sees what changed, and approves.
  await office.page.goto('/review?kind=report');
  await expect(item).toContainText('退回后重报');
  await item.getByRole('link', { name: '审核' }).click();
  const diff = office.page.getByTestId('resubmission-diff');
  await expect(diff).toContainText('本月进展');
  await expect(diff.locator('ins')).toContainText(['新增新型研发机构2家']);
  await office.page.getByRole('button', { name: '通过' }).click();
  await expect(office.page.getByText('已审核通过').first()).toBeVisible();

  await unit.page.goto('/notifications');
  await expect(unit.page.getByRole('list', { name: '消息列表' })).toContainText('已审核通过');
  await expect(unit.page.getByRole('list', { name: '消息列表' })).toContainText('被退回');
  // The task's timeline keeps every step.
  await office.page.goto('/tasks/13');
  await expect(office.page.getByTestId('timeline')).toContainText('退回月度进展：请写明新增新型研发机构的数量和名称。');
  await unit.context.close();
  await office.context.close();
});

test('a supervisor raises a red flag by hand; the ledger shows it beside the three signals', async ({ browser }) => {
  const office = await as(browser, 'supervisor');
  await office.page.goto('/tasks/41');
  await office.page.getByLabel('灯色').selectOption('red');
  await office.page.getByRole('button', { name: '亮灯' }).click();
  await expect(office.page.getByText('请填写亮灯理由')).toBeVisible();
  await office.page.getByLabel('亮灯理由').fill('荒山造林进度明显滞后于序时进度');
  await office.page.getByRole('button', { name: '亮灯' }).click();
  await expect(office.page.getByText('已亮红灯')).toBeVisible();
  await office.page.goto('/tasks?section=7');
  const signals = office.page.locator('tr[data-task-no="41"] [data-signals]');
  await expect(signals.locator('[data-signal="报送"]')).toBeVisible();
  await expect(signals.locator('[data-signal="进度"]')).toBeVisible();
  await expect(signals.locator('[data-signal="指标"]')).toBeVisible();
  await expect(signals.locator('[data-signal="督查"]')).toHaveAttribute('data-level', 'red');
  await office.context.close();
});

test('a leader’s instruction reaches the unit and is acknowledged', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await login(page, 'lingdao');
  await expect(page).toHaveURL(/\/tasks$/);
  await page.goto('/tasks/41');
  await page.getByLabel('批示内容').fill('造林工作要抓紧，确保年底前完成97亩。');
  await page.getByRole('button', { name: '批示', exact: true }).click();
  await expect(page.getByText(/批示已送达 3 个责任单位和督查室/)).toBeVisible();
  // Leaders read everything but cannot review.
  await page.goto('/review');
  await expect(page.getByRole('main').getByRole('link', { name: '审核', exact: true })).toHaveCount(0);

  const unit = await as(browser, 'sthj');
  await unit.page.goto('/my');
  await expect(unit.page.getByRole('region', { name: /待签收的领导批示/ })).toContainText('造林工作要抓紧');
  await unit.page.getByRole('link', { name: /任务 41「加强生态建设和修复」/ }).click();
  const receipt = unit.page.locator('[data-receipt="河东生态环境分局"]');
  await receipt.getByRole('button', { name: '签收' }).click();
  await expect(receipt).toContainText('已签收');
  await receipt.getByLabel('落实情况').fill('已部署，12月10日前完成剩余造林。');
  await receipt.getByRole('button', { name: '回复' }).click();
  await expect(receipt).toContainText('落实情况：已部署，12月10日前完成剩余造林。');

  await page.goto('/notifications');
  await expect(page.getByRole('list', { name: '消息列表' })).toContainText('河东生态环境分局回复了重点任务 41 的批示');
  await unit.context.close();
  await context.close();
});
