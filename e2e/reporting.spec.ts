import { expect, test } from '@playwright/test';

// A real (tiny) PDF and PNG: uploads are checked by their bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082',
  'hex',
);

test.describe.configure({ mode: 'serial' });

test.describe('participating unit (区科学技术局) sends its part on task 40', () => {
  test.use({ storageState: 'e2e/.auth/kjj.json' });

  test('with an attachment, by the participant deadline', async ({ page }) => {
    await page.goto('/my');
    const row = page.getByRole('table', { name: '本单位参与的任务（重点任务）' }).locator('tr[data-task-no="40"]');
    await expect(row.locator('[data-state]')).toHaveText('未报送');
    await row.getByRole('link', { name: '报送协办' }).click();
    await expect(page).toHaveURL(/\/my\/tasks\/40$/);
    await expect(page.getByRole('heading', { name: /2023年11月协办情况/ })).toBeVisible();

    await page.getByLabel('本单位协办情况').fill('配合开展科技型企业VOCs治理技术对接，组织2家企业申报省级技术创新项目。');
    await page.getByLabel('上传附件').setInputFiles({ name: '科技局协办材料（11月）.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expect(page.getByRole('list', { name: '附件列表' })).toContainText('科技局协办材料（11月）.pdf');

    // A file whose bytes are not an allowed type is refused, whatever its name.
    await page.getByLabel('上传附件').setInputFiles({ name: '伪装的文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<script>alert(1)</script>') });
    await expect(page.locator('form [role="alert"]')).toContainText('不是允许的类型');
    await expect(page.getByRole('list', { name: '附件列表' }).getByRole('listitem')).toHaveCount(1);

    await page.getByRole('button', { name: '报送给牵头单位' }).click();
    await expect(page.getByRole('status').filter({ hasText: /报送给牵头单位/ })).toBeVisible();
    await page.goto('/my');
    await expect(page.getByRole('table', { name: '本单位参与的任务（重点任务）' }).locator('tr[data-task-no="40"] [data-state]')).toHaveText('已报送');
  });

  test('cannot open the lead report of a task it only joins, nor tasks it is not on', async ({ page }) => {
    await page.goto('/my/tasks/40');
    await expect(page.getByRole('heading', { name: /协办情况/ })).toBeVisible();
    await expect(page.getByLabel('本月进展')).toHaveCount(0);
    // Task 1 is not 科技局's: the reporting page sends it back to the public task page.
    await page.goto('/my/tasks/1');
    await expect(page).toHaveURL(/\/tasks\/1$/);
  });
});

test.describe('lead unit (河东生态环境分局) consolidates and submits task 40', () => {
  test.use({ storageState: 'e2e/.auth/sthj.json' });

  test('sees the part, quotes it, fills indicators, attaches a file and submits', async ({ page }) => {
    await page.goto('/my');
    const row = page.getByRole('table', { name: '本单位牵头的任务（重点任务）' }).locator('tr[data-task-no="40"]');
    await expect(row).toContainText(/已收 \d+\/13/);
    await row.getByRole('link', { name: '填报' }).click();
    await expect(page).toHaveURL(/\/my\/tasks\/40$/);

    const part = page.locator('[data-contribution="区科学技术局"]');
    await expect(part).toContainText('VOCs治理技术对接');
    await expect(page.getByTestId('missing-contributions')).toContainText('区发展和改革局');
    await part.getByRole('button', { name: '引用到本月进展' }).click();
    await expect(page.getByLabel('本月进展')).toHaveValue(/^【区科学技术局】配合开展科技型企业VOCs治理/);
    await page.getByLabel('本月进展').press('End');
    await page.getByLabel('本月进展').pressSequentially('\n本月完成臭氧污染防治攻坚行动中期评估。');

    // Pre-filled from the last approved report; without percent done the report cannot be sent.
    await expect(page.getByText(/已按 2023年\d+月 审核通过的报告预填/)).toBeVisible();
    await page.getByLabel(/年度任务完成百分比/).fill('');
    await page.getByRole('button', { name: '报送', exact: true }).click();
    await expect(page.getByText('完成百分比须为 0–100 的整数')).toBeVisible();
    await expect(page.getByText('报送前请补全必填内容')).toBeVisible();

    await page.getByLabel(/年度任务完成百分比/).fill('85');
    await page.getByLabel(/国省控断面水质达标率/).fill('100');
    await page.getByLabel(/医疗废物安全处置率/).fill('100');
    await page.getByLabel('上传附件').setInputFiles({ name: '现场检查照片.png', mimeType: 'image/png', buffer: PNG });
    await expect(page.getByRole('img', { name: '现场检查照片.png 缩略图' })).toBeVisible();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await expect(page.getByText('草稿已保存')).toBeVisible();

    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '报送', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: /报送，等待督查室审核/ }).first()).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('report-progress')).toContainText('【区科学技术局】');
    await expect(page.getByLabel('本月进展')).toHaveCount(0);

    // The task page charts the indicator figures.
    await page.goto('/tasks/40');
    await expect(page.locator('[data-indicator="国省控断面水质达标率"]')).toContainText('完成率 100%');
  });

  test('downloads the participating unit’s file with its Chinese name', async ({ page }) => {
    await page.goto('/my/tasks/40');
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('link', { name: '科技局协办材料（11月）.pdf' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('科技局协办材料（11月）.pdf');
    const response = await page.request.get(await page.getByRole('link', { name: '科技局协办材料（11月）.pdf' }).getAttribute('href').then((h) => h!));
    expect(response.headers()['content-disposition']).toContain("filename*=UTF-8''");
    expect(response.headers()['content-disposition']).toMatch(/^attachment/);
    expect(response.headers()['x-content-type-options']).toBe('nosniff');
  });
});

test('another unit cannot download the file (404)', async ({ browser }) => {
  const lead = await browser.newContext({ storageState: 'e2e/.auth/sthj.json' });
  const leadPage = await lead.newPage();
  await leadPage.goto('/my/tasks/40');
  const href = await leadPage.getByRole('link', { name: '科技局协办材料（11月）.pdf' }).getAttribute('href');
  await lead.close();
  const other = await browser.newContext({ storageState: 'e2e/.auth/reporter.json' }); // 区发展和改革局
  const res = await other.request.get(href!);
  expect(res.status()).toBe(404);
  await other.close();
});
