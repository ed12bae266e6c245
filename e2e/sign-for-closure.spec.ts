import { expect, test, type Browser } from '@playwright/test';

test.describe.configure({ mode: 'serial' });

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function as(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: `e2e/.auth/${state}.json` });
  return { context, page: await context.newPage() };
}

test('a unit signs for its tasks: one, then all at once; the times are shown', async ({ browser }) => {
  // The demo: 区发展和改革局 has two tasks of the work report, published today, still to sign.
  const unit = await as(browser, 'reporter');
  await unit.page.goto('/my');
  const bar = unit.page.getByRole('region', { name: /待签收的任务/ });
  await expect(bar).toContainText('待签收的任务（2）');
  const pending = unit.page.getByTestId('sign-pending');
  await expect(pending).toHaveCount(2);
  // Task numbers repeat across lists: the row is found by its task's link.
  const href = await unit.page.locator('tr', { has: pending.first() }).getByRole('link').first().getAttribute('href');
  await pending.first().getByRole('button', { name: '签收', exact: true }).click();
  await expect(bar).toContainText('待签收的任务（1）');
  const signedRow = unit.page.locator('tr', { has: unit.page.locator(`a[href="${href}"]`) }).first();
  await expect(signedRow.getByTestId('signed-at')).toContainText(/签收时间 2023\/11\/22/);

  await bar.getByRole('button', { name: '全部签收' }).click();
  await expect(bar).toContainText('已签收 1 项任务');
  await expect(unit.page.getByTestId('sign-pending')).toHaveCount(0);

  // The task page shows each unit's 签收 and its time.
  await signedRow.getByRole('link').first().click();
  await expect(unit.page.getByTestId('sign-for').locator('[data-unit="区发展和改革局"]')).toContainText(/已签收 2023\/11\/22 \d\d:\d\d（发改局填报员）/);
  await unit.context.close();
});

test('a task unsigned past the window has a red light; the office sees it on the task page', async ({ browser }) => {
  const office = await as(browser, 'supervisor');
  await office.page.goto('/tasks/45');
  await expect(office.page.getByTestId('signal-reasons')).toContainText('区工业和信息化局 未签收（交办已 5 个工作日）');
  await expect(office.page.getByTestId('sign-for').locator('[data-unit="区工业和信息化局"]')).toContainText('待签收（交办已 5 个工作日）');
  await office.context.close();
});

test('the lead unit applies to close a task; the office approves; it leaves the month’s reporting as 已办结', async ({ browser }) => {
  const unit = await as(browser, 'reporter');
  await unit.page.goto('/my');
  const leading = unit.page.getByRole('table', { name: '本单位牵头的任务（重点任务）' });
  await expect(leading.locator('tr[data-task-no="63"]')).toHaveCount(1);

  await unit.page.goto('/tasks/63');
  const closure = unit.page.getByTestId('closure');
  await closure.getByLabel(/完成情况/).fill('全年目标任务已完成，验收材料已随 11 月进展上传。');
  await closure.getByRole('button', { name: '申请办结' }).click();
  await expect(closure).toContainText('办结申请待审核');
  // 佐证材料: attached to the waiting application, seen by the office.
  await closure.getByLabel('上传附件').setInputFiles({ name: '验收报告.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(closure.getByRole('list', { name: '附件列表' })).toContainText('验收报告.pdf');

  const office = await as(browser, 'supervisor');
  await office.page.goto('/approvals');
  const request = office.page.locator('article', { hasText: '重点任务 63' });
  await expect(request).toContainText('区发展和改革局');
  await expect(request).toContainText('全年目标任务已完成');
  await expect(request.getByRole('list', { name: '附件列表' })).toContainText('验收报告.pdf');
  await request.getByRole('button', { name: '同意办结' }).click();
  await expect(office.page.locator('article', { hasText: '重点任务 63' })).toHaveCount(0);

  // The unit: no longer among this month's lead tasks, listed as 已办结 with its date.
  await unit.page.goto('/my');
  await expect(leading.locator('tr[data-task-no="63"]')).toHaveCount(0);
  const closed = unit.page.getByTestId('closed-tasks').filter({ hasText: '重点任务 63' });
  await expect(closed.locator('li[data-task-no="63"]')).toContainText('已办结 2023-11-22');
  await unit.page.goto('/tasks/63');
  await expect(unit.page.getByTestId('closed-badge')).toHaveText('已办结 2023-11-22');
  await expect(unit.page.getByRole('link', { name: '填报本月进展' })).toHaveCount(0);
  await expect(unit.page.getByTestId('signal-reasons')).toHaveCount(0);
  // Its report page, opened directly, says there is nothing more to report.
  await unit.page.goto('/my/tasks/63');
  await expect(unit.page.getByTestId('task-closed')).toContainText('本任务已于 2023-11-22 办结销号');

  // The ledger shows it too.
  await office.page.goto('/tasks');
  await expect(office.page.locator('tr[data-task-no="63"]').first()).toContainText('已办结 2023-11-22');
  await unit.context.close();
  await office.context.close();
});
