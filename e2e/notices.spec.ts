import { expect, test, type Page } from '@playwright/test';

// A real (tiny) PDF: uploads are checked by their bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const PROBLEM = '11月月度进展逾期未报送，臭氧污染防治攻坚推进情况不清。';
const REQUIREMENT = '立即补报11月月度进展，说明逾期原因，并提供臭氧污染防治攻坚的现场检查材料。';
const RESPONSE = '已于11月24日补报月度进展；逾期原因系数据汇总延误，已明确专人负责按期报送。';
const FILE_NAME = '整改佐证材料（督办）.pdf';

test.describe.configure({ mode: 'serial' });

// Shared along the serial chain: the notice this spec issues (it depends on no other spec's data).
let noticePath = '';
let noticeNo = '';

async function expectNoSidewaysScroll(page: Page, path: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${path} should not scroll sideways`).toBeLessThanOrEqual(0);
}

test.describe('supervisor (王督查) issues a notice', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('from a warning on task 40, to the task’s lead unit 河东生态环境分局', async ({ page }) => {
    // The number is the next one of 2023: count the 2023 notices already there (none on a fresh run).
    await page.goto('/notices');
    const before = await page.locator('tr[data-notice-no^="督办〔2023〕"]').count();
    const expectedNo = `督办〔2023〕第${before + 1}号`;

    // From the task page: its link names the light's rule; the form fills in that light's words.
    await page.goto('/tasks/40');
    await page.getByRole('link', { name: '下发督办单' }).click();
    await expect(page).toHaveURL(/\/notices\/new\?task=40&rule=late\.[a-z.]+$/);
    const fromLight = await page.getByRole('textbox', { name: '存在问题' }).inputValue();
    expect(fromLight).toMatch(/逾期|截止/);
    await expect(page.getByTestId('trigger')).toContainText(fromLight);

    const reason = '牵头单位月度进展已逾期 2 天未报送';
    await page.goto(`/notices/new?task=40&rule=late.lead.overdue&reason=${encodeURIComponent(reason)}`);
    await expect(page.getByTestId('trigger')).toContainText(reason);
    await expect(page.getByRole('combobox', { name: '关联任务' }).locator('option:checked')).toHaveText('重点任务 40. 打好污染防治攻坚战');
    // Default addressees: the task's lead units only.
    await expect(page.getByRole('checkbox', { name: /河东生态环境分局/ })).toBeChecked();
    await expect(page.getByRole('checkbox', { name: /区科学技术局/ })).not.toBeChecked();
    await expect(page.getByRole('textbox', { name: '存在问题' })).toHaveValue(reason);

    // The form's schema runs in the browser: a past due date and a missing requirement are refused.
    await page.getByLabel('办理时限').fill('2023-11-01');
    await page.getByRole('button', { name: '下发督办单' }).click();
    await expect(page.getByText('办理时限不能早于今天')).toBeVisible();
    await expect(page.getByText('请填写整改要求')).toBeVisible();

    await page.getByRole('radio', { name: /黄牌督办/ }).check();
    await page.getByRole('textbox', { name: '存在问题' }).fill(PROBLEM);
    await page.getByRole('textbox', { name: '整改要求' }).fill(REQUIREMENT);
    await page.getByLabel('办理时限').fill('2023-11-29');
    await page.getByRole('button', { name: '下发督办单' }).click();

    await expect(page).toHaveURL(/\/notices\/\d+$/);
    await expect(page.getByTestId('notice-no')).toHaveText(expectedNo);
    noticeNo = expectedNo;
    noticePath = new URL(page.url()).pathname;
    await expect(page.locator('[data-level="yellow"]').first()).toHaveText('黄牌督办');
    await expect(page.getByTestId('notice-problem')).toHaveText(PROBLEM);
    await expect(page.getByTestId('trigger-reason')).toHaveText(reason);
    const answer = page.getByRole('article', { name: '河东生态环境分局的整改情况' });
    await expect(answer.locator('[data-state]')).toHaveText('待反馈');
    // Nothing to accept yet, and closing is refused while the unit has not answered.
    await expect(answer.getByRole('button', { name: /认可/ })).toHaveCount(0);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '办结', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: '不能办结' })).toContainText('河东生态环境分局');

    await page.goto('/notices');
    const row = page.locator(`tr[data-notice-no="${noticeNo}"]`);
    await expect(row).toContainText('重点任务 40. 打好污染防治攻坚战');
    await expect(row.locator('[data-unit="河东生态环境分局"] [data-state]')).toHaveText('待反馈');
    await expect(row).toContainText('2023年11月29日');
    await expect(row.getByTestId('overdue')).toHaveCount(0);
  });
});

test.describe('河东生态环境分局 answers', () => {
  test.use({ storageState: 'e2e/.auth/sthj.json' });

  test('with its rectification and a file', async ({ page }) => {
    await page.goto('/notices');
    const row = page.locator(`tr[data-notice-no="${noticeNo}"]`);
    await expect(row.locator('[data-state]')).toHaveText('待反馈');
    await row.getByRole('link', { name: noticeNo }).click();
    await expect(page).toHaveURL(new RegExp(`${noticePath}$`));
    await expect(page.getByTestId('notice-requirement')).toHaveText(REQUIREMENT);

    const mine = page.getByRole('article', { name: '河东生态环境分局的整改情况' });
    await mine.getByRole('button', { name: '报送整改情况' }).click();
    await expect(mine.getByText('请填写整改情况')).toBeVisible();

    await mine.getByLabel('上传附件').setInputFiles({ name: FILE_NAME, mimeType: 'application/pdf', buffer: PDF });
    await expect(mine.getByRole('list', { name: '附件列表' })).toContainText(FILE_NAME);
    await mine.getByRole('textbox', { name: '整改情况' }).fill(RESPONSE);
    await mine.getByRole('button', { name: '报送整改情况' }).click();
    await expect(mine.locator('[data-state]')).toHaveText('已反馈待审核');
    await expect(mine.getByRole('status').filter({ hasText: '等待督查室审核' }).first()).toBeVisible();

    await page.reload();
    await expect(mine.getByTestId('target-response')).toHaveText(RESPONSE);
    await expect(mine.locator('[data-state]')).toHaveText('已反馈待审核');
    await expect(mine.getByRole('link', { name: FILE_NAME })).toBeVisible();
    // Answered: read-only until the supervisor sends it back.
    await expect(mine.getByLabel('上传附件')).toHaveCount(0);
    await expect(mine.getByRole('textbox', { name: '整改情况' })).toHaveCount(0);
  });
});

test('a unit the notice is not addressed to cannot open it, print it or download its file', async ({ browser }) => {
  const unit = await browser.newContext({ storageState: 'e2e/.auth/sthj.json' });
  const unitPage = await unit.newPage();
  await unitPage.goto(noticePath);
  const href = await unitPage.getByRole('link', { name: FILE_NAME }).getAttribute('href');
  await unit.close();

  const other = await browser.newContext({ storageState: 'e2e/.auth/kjj.json' }); // 区科学技术局
  const page = await other.newPage();
  await page.goto('/notices');
  await expect(page.locator(`tr[data-notice-no="${noticeNo}"]`)).toHaveCount(0);
  for (const path of [noticePath, `/print${noticePath}`]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { name: '页面不存在' })).toBeVisible();
  }
  expect((await other.request.get(href!)).status()).toBe(404);
  await other.close();
});

test.describe('supervisor reviews, records an interview and closes', () => {
  test.use({ storageState: 'e2e/.auth/supervisor.json' });

  test('sees the answer and the file, then closes the notice', async ({ page }) => {
    await page.goto(noticePath);
    const answer = page.getByRole('article', { name: '河东生态环境分局的整改情况' });
    await expect(answer.getByTestId('target-response')).toHaveText(RESPONSE);
    const link = answer.getByRole('link', { name: FILE_NAME });
    await expect(link).toBeVisible();
    const download = await page.request.get((await link.getAttribute('href'))!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');

    // A send-back needs a comment (checked in the browser with the server's schema).
    await answer.getByRole('button', { name: /^退回/ }).click();
    await answer.getByRole('button', { name: '确认退回' }).click();
    await expect(answer.getByText('请填写退回意见')).toBeVisible();
    await answer.getByRole('button', { name: '取消' }).click();

    await page.getByRole('textbox', { name: '记录内容' }).fill('11月24日约谈分局分管负责人，要求按期报送并建立提醒机制。');
    await page.getByRole('button', { name: '保存记录' }).click();
    await expect(page.getByRole('list', { name: '约谈与备注' })).toContainText('约谈分局分管负责人');
    await expect(page.getByRole('list', { name: '约谈与备注' }).locator('[data-note-kind="interview"]')).toContainText('约谈记录');

    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: '办结', exact: true }).click();
    await expect(page.getByTestId('closed-note')).toContainText('王督查');
    await expect(answer.locator('[data-state]')).toHaveText('已认可');
    await expect(page.getByRole('button', { name: '办结', exact: true })).toHaveCount(0);

    // The list filters by status and unit.
    await page.goto('/notices');
    await page.getByRole('combobox', { name: '状态' }).selectOption('closed');
    await page.getByRole('combobox', { name: '责任单位' }).selectOption({ label: '河东生态环境分局' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(page).toHaveURL(/status=closed/);
    const row = page.locator(`tr[data-notice-no="${noticeNo}"]`);
    await expect(row.locator('[data-notice-status]')).toHaveText('已办结');
    await page.getByRole('combobox', { name: '责任单位' }).selectOption({ label: '区科学技术局' });
    await page.getByRole('button', { name: '筛选' }).click();
    await expect(row).toHaveCount(0);
  });

  test('prints the notice in the official layout, without the app navigation', async ({ page }) => {
    await page.goto(noticePath);
    // Same tab, as the bulletin's print page: the sheet's toolbar leads back to the notice.
    await page.getByRole('link', { name: '打印督办通知' }).click();
    const print = page;
    await expect(print).toHaveURL(new RegExp(`/print${noticePath}$`));
    await expect(print.getByRole('heading', { name: '督 办 通 知' })).toBeVisible();
    await expect(print.getByText('河东区人民政府督查室').first()).toBeVisible();
    await expect(print.getByTestId('print-no')).toHaveText(noticeNo);
    await expect(print.getByTestId('print-addressee')).toHaveText('河东生态环境分局：');
    await expect(print.getByTestId('print-problem')).toHaveText(PROBLEM);
    await expect(print.getByTestId('print-closing')).toHaveText('请于11月29日前将整改情况报送区政府督查室。');
    await expect(print.getByTestId('print-date')).toHaveText('2023年11月22日');
    await expect(print.getByRole('navigation', { name: '主导航' })).toHaveCount(0);
    await expect(print.getByRole('button', { name: '打印' })).toBeVisible();
    await print.emulateMedia({ media: 'print' });
    await expect(print.getByRole('button', { name: '打印' })).toBeHidden();
    await expect(print.getByTestId('print-no')).toBeVisible();
    await print.emulateMedia({ media: 'screen' });
    await print.getByRole('link', { name: '← 返回督办单' }).click();
    await expect(page).toHaveURL(new RegExp(`${noticePath}$`));
  });

  test('the notice pages fit a 375 px phone screen', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/notices', '/notices/new?task=40', noticePath, `/print${noticePath}`]) {
      await page.goto(path);
      await expectNoSidewaysScroll(page, path);
    }
  });
});
