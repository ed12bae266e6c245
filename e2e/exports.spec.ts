import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, test, type Browser, type Download, type Page } from '@playwright/test';

/*
 * 导出: the ledger as .xlsx and the monthly bulletin as a print page and .docx. Read-only: the
 * downloads change no data other specs rely on (they only add audit lines).
 */

async function as(browser: Browser, state: string) {
  const context = await browser.newContext({ storageState: `e2e/.auth/${state}.json`, acceptDownloads: true });
  return { context, page: await context.newPage() };
}

async function download(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await d.path();
  return { download: d, bytes: fs.readFileSync(file) };
}

/** The ledger rows as header → value, from the file the browser saved. */
async function ledgerRows(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('工作台账')!;
  const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const rows: Record<string, string>[] = [];
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [h, values[i] == null ? '' : String(values[i])])));
  });
  return { title: String(ws.getRow(1).getCell(1).value), header, rows };
}

test('a supervisor downloads the ledger (.xlsx) and the monthly bulletin (.docx) from the exports page', async ({ browser }) => {
  const { context, page } = await as(browser, 'supervisor');
  await page.goto('/exports');
  await expect(page.getByRole('heading', { name: '导出', level: 1 })).toBeVisible();

  const ledger = await download(page, () => page.getByRole('link', { name: '下载工作台账（Excel）' }).click());
  expect(ledger.download.suggestedFilename()).toMatch(/^工作台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(ledger.bytes.length).toBeGreaterThan(1000);
  const { header, rows } = await ledgerRows(ledger.bytes);
  // Every list in view (the demo publishes the work report beside the key tasks), each row naming its list.
  const keyTasks = rows.filter((r) => r['清单'] === '重点任务');
  expect(keyTasks).toHaveLength(77);
  expect(rows.length).toBeGreaterThan(77);
  expect(header).toEqual(expect.arrayContaining(['清单', '任务编号', '责任领导', '完成时限', '指标1名称', '指标1目标', '指标1累计完成', '指标1完成率', '报送预警', '进度预警', '指标预警']));
  const t15 = rows.find((r) => r['任务编号'] === '重点任务 15')!;
  expect([t15['指标1目标'], t15['指标2目标']]).toEqual(['85', '90']);

  const csv = await download(page, () => page.getByRole('link', { name: '下载工作台账（CSV）' }).click());
  expect(csv.download.suggestedFilename()).toMatch(/^工作台账-\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  const november = page.locator('tr[data-bulletin-month="2023-11"]');
  await expect(november).toContainText('（2023年第11期）');
  const docx = await download(page, () => november.getByRole('link', { name: '2023年11月调度通报Word版' }).click());
  expect(docx.download.suggestedFilename()).toBe('月度调度通报-2023年11月.docx');
  expect(docx.bytes.length).toBeGreaterThan(1000);
  expect(docx.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip (OOXML) package
  await context.close();
});

test('the bulletin print page is an A4 document with the commended and lagging units', async ({ browser }) => {
  const { context, page } = await as(browser, 'supervisor');
  await page.goto('/exports');
  await page.locator('tr[data-bulletin-month="2023-10"]').getByRole('link', { name: '2023年10月调度通报打印版' }).click();
  await expect(page).toHaveURL(/\/print\/bulletin\/2023-10$/);
  await expect(page.getByTestId('bulletin-title')).toHaveText('河东区重点工作任务月度调度通报');
  await expect(page.getByTestId('bulletin-issue')).toHaveText('（2023年第10期）');
  await expect(page.getByText('河东区人民政府督查室').first()).toBeVisible();
  for (const heading of ['一、总体情况', '二、通报表扬', '三、工作滞后单位', '四、逾期事项']) {
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  }
  await expect(page.getByRole('table', { name: '通报表扬单位' }).locator('tbody tr').first()).toBeVisible();
  // 区科学技术局 did not report on tasks 15 and 16 in October: named among the lagging units.
  await expect(page.getByRole('table', { name: '工作滞后单位' })).toContainText('区科学技术局');
  await expect(page.getByRole('table', { name: '逾期事项清单' })).toContainText('牵头单位月度进展未报送');
  // No app navigation on the sheet; the toolbar disappears on paper.
  await expect(page.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
  const printButton = page.getByRole('button', { name: '打印' });
  await expect(printButton).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(printButton).toBeHidden();
  await context.close();
});

test('a unit reporter’s ledger holds only its unit’s tasks, and the bulletin is not theirs', async ({ browser }) => {
  const { context, page } = await as(browser, 'reporter'); // fgj · 区发展和改革局
  await page.goto('/exports');
  await expect(page.getByTestId('ledger-scope')).toContainText('区发展和改革局');
  await expect(page.getByRole('heading', { name: '月度调度通报' })).toHaveCount(0);

  const ledger = await download(page, () => page.getByRole('link', { name: '下载工作台账（Excel）' }).click());
  expect(ledger.download.suggestedFilename()).toMatch(/^工作台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const { title, rows } = await ledgerRows(ledger.bytes);
  expect(title).toContain('区发展和改革局');
  const keyTasks = rows.filter((r) => r['清单'] === '重点任务');
  expect(keyTasks).toHaveLength(17); // 13 led, 4 joined
  for (const r of rows) expect(`${r['牵头单位']}、${r['参与单位']}`).toContain('区发展和改革局');
  expect(keyTasks.map((r) => r['序号'])).not.toContain('15');
  // Other units' states and report text never appear (only the own unit is named in 报送状态).
  for (const r of rows) expect(r['报送状态']).toMatch(/^(【区发展和改革局】|协办：|未填报|草稿|已报送|已通过|已退回)/);

  const refused = await page.request.get('/api/exports/bulletin/1.docx');
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toMatch(/权限/);
  await page.goto('/print/bulletin/1');
  await expect(page.getByText('月度调度通报仅限督查室、区领导和管理员查看。')).toBeVisible();
  await context.close();
});

test('the exports page and the bulletin fit a 375 px phone screen', async ({ browser }) => {
  const { context, page } = await as(browser, 'supervisor');
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/exports');
  await expect(page.getByRole('link', { name: '2023年11月调度通报打印版' })).toBeVisible();
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(await sideways()).toBeLessThanOrEqual(0);
  await page.getByRole('link', { name: '2023年11月调度通报打印版' }).click();
  await expect(page.getByTestId('bulletin-issue')).toHaveText('（2023年第11期）');
  expect(await sideways()).toBeLessThanOrEqual(0);
  await context.close();
});
