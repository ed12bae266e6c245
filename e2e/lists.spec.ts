import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseList } from './helpers';

/**
 * Several lists at once (issue 10). Runs after every other spec (its own Playwright project): it
 * adds lists that the other specs' counts do not expect.
 */
test.describe.configure({ mode: 'serial' });

const DOCX = 'lib/plan-import/__fixtures__/formats/table-notice.docx';
const WORK_REPORT = 'e2e/fixtures/work-report-2024-excerpt.txt';

async function as(browser: Browser, role: 'admin' | 'supervisor' | 'reporter'): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext({ storageState: `e2e/.auth/${role}.json` });
  const page = await context.newPage();
  return { page, close: () => context.close() };
}

test('the admin imports another district’s Word notice: preview, map unknown units, confirm; a new list beside the 77 tasks', async ({ browser }) => {
  const { page, close } = await as(browser, 'admin');
  await page.goto('/lists');
  await page.getByRole('link', { name: '导入新清单' }).click();
  await expect(page).toHaveURL(/\/admin\/plans\/import$/);
  await page.getByLabel(/选择文件/).setInputFiles(DOCX);
  await expect(page.getByTestId('chosen-file')).toContainText('table-notice.docx');
  // Its short name is set here (清单信息), so its tasks are named 立山任务 1 …
  await page.getByText('清单信息（可选').click();
  await page.getByLabel('简称').fill('立山任务');
  await page.getByRole('button', { name: '预览' }).click();

  const preview = page.getByTestId('plan-preview');
  await expect(preview).toBeVisible();
  await expect(page.getByTestId('preview-code')).toHaveText('鞍立政发〔2023〕2号');
  await expect(page.getByTestId('preview-summary')).toContainText('6 项任务');
  await expect(preview).toContainText('来源文件table-notice.docx（DOCX）');
  await expect(page.getByTestId('preview-kind')).toContainText('简称“立山任务”');
  // The Word table's units: known ones resolved, a collective phrase expanded through its unit group.
  await expect(preview.locator('[data-task-no="1"]')).toContainText('牵头单位：区发展和改革局');
  await expect(page.getByTestId('preview-groups')).toContainText('“各街道” → 各镇街');
  // An unknown name is mapped onto a known unit (it becomes that unit's alias); another one is created.
  const unknown = page.getByTestId('unknown-units');
  await expect(unknown).toContainText('立山经济开发区');
  const market = page.getByLabel('“区市场局”对应的单位');
  const value = await market.locator('option', { hasText: '区市场监督管理局' }).getAttribute('value');
  await market.selectOption(value!);
  await expect(page.getByLabel('“立山经济开发区”对应的单位')).toHaveValue('new');

  await page.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByTestId('import-result')).toContainText('已导入《立山区政府2023年重点工作任务分解和责任分工方案》（鞍立政发〔2023〕2号）：1 个部分，6 项任务');
  await expect(page.getByTestId('import-result')).toContainText('新建单位：立山经济开发区');

  // The ledger now covers every active list: the 77 tasks and the new ones.
  await page.goto('/tasks');
  await expect(page.getByTestId('lists-in-view')).toContainText('临东政办字〔2023〕19号');
  await expect(page.getByTestId('lists-in-view')).toContainText('鞍立政发〔2023〕2号');
  await page.getByLabel('关键词').fill('努力实现地区生产总值');
  await page.getByRole('button', { name: '筛选' }).click();
  const row = page.locator('tr[data-task-id]').filter({ hasText: '努力实现地区生产总值增长6.2%左右' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('区发展和改革局');
  await row.getByRole('link').click();
  await expect(page.getByTestId('task-label')).toHaveText('立山任务 1.');
  // Importing the same file again changes nothing.
  await page.goto('/admin/plans/import');
  await page.getByLabel(/选择文件/).setInputFiles(DOCX);
  await page.getByText('清单信息（可选').click();
  await page.getByLabel('简称').fill('立山任务');
  await page.getByRole('button', { name: '预览' }).click();
  await expect(page.getByText('该清单已导入，且内容相同')).toBeVisible();
  await close();
});

test('a scanned PDF is refused with a clear message and nothing is written', async ({ browser }) => {
  const { page, close } = await as(browser, 'admin');
  await page.goto('/admin/plans/import');
  await page.getByLabel(/选择文件/).setInputFiles('lib/plan-import/__fixtures__/formats/scanned.pdf');
  await page.getByRole('button', { name: '预览' }).click();
  await expect(page.locator('#notice-text-hint')).toContainText('扫描件');
  await expect(page.getByTestId('plan-preview')).toHaveCount(0);
  await close();
});

test('the work report is imported as a draft, decomposed by the office row by row, and published', async ({ browser }) => {
  const admin = await as(browser, 'admin');
  await admin.page.goto('/admin/plans/import');
  await admin.page.getByLabel(/选择文件/).setInputFiles(WORK_REPORT);
  await admin.page.getByRole('button', { name: '预览' }).click();
  await expect(admin.page.getByTestId('preview-kind')).toContainText('政府工作报告分解');
  await expect(admin.page.getByTestId('plan-preview')).toContainText('导入后为“分解中”的清单');
  await expect(admin.page.getByTestId('preview-summary')).toContainText('11 项任务');
  await admin.page.getByRole('button', { name: '确认导入' }).click();
  await expect(admin.page.getByTestId('import-result')).toContainText('请在“分解”页为每项任务指定责任单位后发布');
  await admin.close();

  const office = await as(browser, 'supervisor');
  const page = office.page;
  await page.goto('/lists');
  const row = page.getByRole('listitem').filter({ hasText: '2024年政府工作报告重点任务分解' });
  await expect(row.getByTestId('plan-status')).toHaveText('分解中');
  await row.getByRole('link', { name: '分解' }).click();
  await expect(page.getByRole('heading', { name: /分解：2024年政府工作报告重点任务分解/ })).toBeVisible();
  await expect(page.getByTestId('decompose-progress')).toContainText('已分解 0 / 11 项');
  // The decomposition table fits a 375 px phone.
  await page.setViewportSize({ width: 375, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The first target by hand, with an abbreviation; an unknown name is refused in place.
  const first = page.locator('li[data-task-no="1"]');
  await first.getByLabel('牵头单位').fill('发改局');
  await first.getByLabel('参与单位').fill('区财政局、区不存在局');
  await first.getByRole('button', { name: '保存' }).click();
  await expect(first.getByText('找不到单位：区不存在局').first()).toBeVisible();
  await first.getByLabel('参与单位').fill('区财政局');
  await first.getByLabel('责任领导').fill('张副区长');
  await first.getByLabel('完成时限').fill('2024-12-31');
  await first.getByRole('button', { name: '保存' }).click();
  await expect(first.getByRole('status')).toContainText('已保存2024工作报告 1');

  // Publishing before every task has a lead is refused.
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: '确认分解并发布' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '还有 10 项任务未指定牵头单位' })).toBeVisible();

  // The rest from the suggestions (or the development and reform bureau where none is offered).
  for (let no = 2; no <= 11; no++) {
    const item = page.locator(`li[data-task-no="${no}"]`);
    const suggestion = item.getByRole('button', { name: /^牵头 / }).first();
    if (await suggestion.count()) await suggestion.click();
    else await item.getByLabel('牵头单位').fill('区发改局');
    await item.getByRole('button', { name: '保存' }).click();
    await expect(item.getByRole('status')).toContainText(`已保存2024工作报告 ${no}`);
  }
  const industry = page.locator('li').filter({ hasText: '做大工业主引擎' }).first();
  await expect(industry.getByLabel('牵头单位')).toHaveValue('区工业和信息化局');

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: '确认分解并发布' }).click();
  await expect(page).toHaveURL(/\/lists$/);
  await expect(page.getByRole('listitem').filter({ hasText: '2024年政府工作报告重点任务分解' }).getByTestId('plan-status')).toHaveText('进行中');
  await office.close();
});

test('a meeting item is registered, reported on by its lead unit and approved by the office', async ({ browser }) => {
  const office = await as(browser, 'supervisor');
  await office.page.goto('/lists/register');
  await office.page.getByRole('button', { name: '立项' }).click();
  await expect(office.page.getByText('请填写来源（会议名称或批示）')).toBeVisible();
  await office.page.getByLabel('来源').fill('区政府第12次常务会议');
  await office.page.getByLabel('事项名称').fill('推进城区停车场建设');
  await office.page.getByLabel('事项内容').fill('会议议定：年底前新增公共停车泊位 500 个，12 月 20 日前报送进展。');
  await office.page.getByLabel('牵头单位').fill('区发改局');
  await office.page.getByLabel('完成时限').fill('2023-12-20');
  await office.page.getByRole('button', { name: '立项' }).click();
  await expect(office.page.getByRole('status').filter({ hasText: '已立项：会议事项 1「推进城区停车场建设」' })).toBeVisible();

  const unit = await as(browser, 'reporter');
  await unit.page.goto('/my');
  const table = unit.page.getByRole('table', { name: '本单位牵头的任务（会议事项）' });
  await expect(table).toContainText('推进城区停车场建设');
  await table.getByRole('link', { name: '填报' }).click();
  // The heading, not getByText: Next's route announcer may repeat the heading's text.
  await expect(unit.page.getByRole('heading', { level: 1 })).toContainText('会议事项 1');
  await unit.page.getByLabel('本月进展').fill('已完成选址 3 处，新增泊位 180 个。');
  await unit.page.getByLabel(/年度任务完成百分比/).fill('40');
  unit.page.once('dialog', (d) => void d.accept());
  await unit.page.getByRole('button', { name: '报送', exact: true }).click();
  await expect(unit.page.getByRole('status').filter({ hasText: /报送，等待督查室审核/ }).first()).toBeVisible();

  await office.page.goto('/review?kind=report');
  const item = office.page.getByRole('listitem').filter({ hasText: '推进城区停车场建设' });
  await expect(item).toContainText('会议事项 1');
  await item.getByRole('link', { name: '审核' }).click();
  await expect(office.page.getByTestId('review-progress')).toHaveText('已完成选址 3 处，新增泊位 180 个。');
  await office.page.getByRole('button', { name: '通过' }).click();
  await expect(office.page.getByText('已审核通过').first()).toBeVisible();
  await unit.close();
  await office.close();
});

test('a unit’s workbench and the dashboard cover every list, and the list filter is remembered', async ({ browser }) => {
  const unit = await as(browser, 'reporter');
  const page = unit.page;
  await page.goto('/my');
  for (const list of ['重点任务', '工作报告', '会议事项']) {
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${list}`) })).toBeVisible();
  }
  await expect(page.getByRole('table', { name: '本单位牵头的任务（重点任务）' })).toBeVisible();
  await expect(page.getByRole('table', { name: '本单位牵头的任务（工作报告）' })).toBeVisible();

  await chooseList(page, '重点任务（2023）');
  await expect(page.getByRole('table', { name: '本单位牵头的任务（重点任务）' })).toBeVisible();
  await expect(page.getByRole('table', { name: '本单位牵头的任务（工作报告）' })).toHaveCount(0);
  // Remembered: the ledger shows the same list only, also after a new visit.
  await page.goto('/tasks');
  await expect(page.getByTestId('lists-in-view')).not.toContainText('工作报告');
  await expect(page.getByTestId('ledger-count')).toHaveText('共 77 项任务');
  await chooseList(page, '全部清单');
  await page.goto('/tasks');
  await expect(page.getByTestId('lists-in-view')).toContainText('全部');
  await unit.close();

  const office = await as(browser, 'supervisor');
  await office.page.goto('/dashboard');
  await expect(office.page.locator('tr[data-list="重点任务"]').first()).toBeVisible();
  await expect(office.page.locator('tr[data-list="工作报告"]').first()).toBeVisible();
  await chooseList(office.page, '工作报告（2023）');
  await expect(office.page.locator('tr[data-list="重点任务"]')).toHaveCount(0);
  await expect(office.page.locator('tr[data-section]').first()).toBeVisible();
  await chooseList(office.page, '全部清单');
  await expect(office.page.locator('tr[data-list="重点任务"]').first()).toBeVisible();
  await office.close();
});

test('at 375 px the lists, registration, import and unit-group pages, the workbench and the ledger fit the screen', async ({ browser }) => {
  for (const [role, paths] of [
    ['supervisor', ['/lists', '/lists/register', '/tasks', '/dashboard']],
    ['admin', ['/admin/plans/import', '/admin/unit-groups', '/admin/calendar']],
    ['reporter', ['/my']],
  ] as const) {
    const context = await browser.newContext({ storageState: `e2e/.auth/${role}.json`, viewport: { width: 375, height: 740 } });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(1);
    }
    await context.close();
  }
});
