import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * 月度填报: 区工业和信息化局 (gxj) files its whole month — every task it leads and every part it owes,
 * across all active lists — from one page, and the UI actions are counted (issue 13's measure: at
 * most 3 per task whose figures changed, 1 per task that only needs its progress line, plus 2 for the
 * submission). First the page's safety nets on one row: autosave across a reload, a dropped
 * connection, two people of the unit at once, the head's sign-off.
 */
test.describe.configure({ mode: 'serial' });

const MONTH = '2023-11';
// A real (tiny) PDF: uploads are checked by their bytes.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function asUser(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await login(page, username);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/**
 * Types a value over a pre-filled number field: one fill (one user action). Right after a page load
 * Chromium once kept the old digits in front of the new ones; the fill is repeated until the box
 * holds exactly the value.
 */
async function fillExactly(field: Locator, value: string): Promise<void> {
  await expect(async () => {
    await field.fill(value);
    await expect(field).toHaveValue(value, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
}

/** The editable rows of the page (the ones with a progress or part box). */
function editableRows(page: Page): Locator {
  return page.locator('[data-testid="month-row"]').filter({ has: page.locator('textarea') });
}

function firstReportRow(page: Page): Locator {
  return page.locator('[data-testid="month-row"][data-row-key^="report:"]').filter({ has: page.locator('textarea') }).first();
}

test('a draft saves by itself and survives a reload and a dropped connection', async ({ browser }) => {
  const page = await asUser(browser, 'gxj');
  await page.goto(`/my/month?month=${MONTH}`);
  const row = firstReportRow(page);
  const key = await row.getAttribute('data-row-key');
  const progress = row.getByLabel('本月进展');
  await progress.fill('自动保存测试：本月完成企业走访 12 家。');
  await expect(row.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
  await page.reload();
  const again = page.locator(`[data-row-key="${key}"]`);
  await expect(again.getByLabel('本月进展')).toHaveValue('自动保存测试：本月完成企业走访 12 家。');

  // Offline: the copy stays in the browser and goes out when the connection is back.
  await page.context().setOffline(true);
  await again.getByLabel('本月进展').fill('断网时填写的内容：走访 15 家。');
  await expect(again.getByTestId('save-state')).toHaveAttribute('data-state', 'offline', { timeout: 10_000 });
  await page.context().setOffline(false);
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(again.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 15_000 });

  // A reload before the pause ends: the text typed is restored from the browser's copy and saved.
  await again.getByLabel('本月进展').fill('刷新前未及保存的内容：走访 16 家。');
  await page.reload();
  const restored = page.locator(`[data-row-key="${key}"]`);
  await expect(restored.getByLabel('本月进展')).toHaveValue('刷新前未及保存的内容：走访 16 家。');
  await expect(restored).toContainText('已恢复本机上次未保存的内容');
  await expect(restored.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
  await page.context().close();
});

test('two people of the unit on one row: the second sees the conflict and chooses', async ({ browser }) => {
  const staff = await asUser(browser, 'gxj');
  const head = await asUser(browser, 'gxj_head');
  await staff.goto(`/my/month?month=${MONTH}`);
  await head.goto(`/my/month?month=${MONTH}`);
  const key = await firstReportRow(staff).getAttribute('data-row-key');
  const mine = staff.locator(`[data-row-key="${key}"]`);
  const theirs = head.locator(`[data-row-key="${key}"]`);
  await theirs.getByLabel('本月进展').fill('负责人修改的版本。');
  await expect(theirs.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
  await mine.getByLabel('本月进展').fill('填报员同时修改的版本。');
  await expect(mine.getByTestId('conflict')).toContainText('负责人修改的版本。', { timeout: 10_000 });
  await mine.getByRole('button', { name: '保留我的内容' }).click();
  await expect(mine.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
  await head.reload();
  await expect(head.locator(`[data-row-key="${key}"]`).getByLabel('本月进展')).toHaveValue('填报员同时修改的版本。');
  await staff.context().close();
  await head.context().close();
});

test('where the unit asks for it, staff submit only what the head signed', async ({ browser }) => {
  const head = await asUser(browser, 'gxj_head');
  await head.goto(`/my/month?month=${MONTH}`);
  await head.getByLabel('报送前须经负责人审阅').check();
  await expect(head.getByTestId('sign-off')).toContainText('本单位报送前须经负责人审阅');

  const staff = await asUser(browser, 'gxj');
  await staff.goto(`/my/month?month=${MONTH}`);
  const key = await firstReportRow(staff).getAttribute('data-row-key');
  const row = staff.locator(`[data-row-key="${key}"]`);
  // Complete but not signed: it cannot be chosen for submission.
  await fillExactly(row.getByLabel('完成百分比（%）'), '80');
  await expect(row.getByTestId('save-state')).toHaveAttribute('data-state', 'saved', { timeout: 10_000 });
  await expect(row.getByRole('checkbox')).not.toBeChecked();
  await expect(staff.getByTestId('submit-bar')).toContainText('本单位报送前须经负责人审阅');

  // The head reads the month and signs it; the staff's row becomes choosable.
  await head.reload();
  await head.getByRole('button', { name: '审阅通过本月草稿' }).click();
  await expect(head.getByTestId('sign-off-state')).toContainText('工信局负责人 已于');
  await staff.reload();
  await expect(staff.locator(`[data-row-key="${key}"]`).getByRole('checkbox')).toBeChecked();

  // Back to the unit's default, so the month below is filed without a sign-off.
  await head.getByLabel('报送前须经负责人审阅').uncheck();
  await expect(head.getByTestId('sign-off')).toContainText('本单位未要求');
  await staff.context().close();
  await head.context().close();
});

test('one evidence file for several tasks: uploaded once, listed on each; Ctrl+S saves the row at once', async ({ browser }) => {
  const page = await asUser(browser, 'gxj');
  await page.goto(`/my/month?month=${MONTH}`);
  const reports = page.locator('[data-testid="month-row"][data-row-key^="report:"]').filter({ has: page.locator('textarea') });
  const keys = [await reports.nth(1).getAttribute('data-row-key'), await reports.nth(2).getAttribute('data-row-key')];
  const panel = page.getByTestId('shared-evidence');
  await panel.locator('summary').click();
  await panel.locator('input[type="file"]').setInputFiles({ name: '工信局11月工作台账.pdf', mimeType: 'application/pdf', buffer: PDF });
  for (const key of keys) await panel.locator(`input[data-key="${key}"]`).check();
  await panel.getByRole('button', { name: '上传并用于所选任务' }).click();
  await expect(panel).toContainText('已用于 2 项任务（只存一份）');
  for (const key of keys) {
    const row = page.locator(`[data-row-key="${key}"]`);
    await row.getByText(/佐证材料（1）/).click();
    await expect(row.getByRole('list', { name: '附件列表' })).toContainText('工信局11月工作台账.pdf');
  }

  // Ctrl+S in a row saves it without waiting for the pause.
  const row = page.locator(`[data-row-key="${keys[0]}"]`);
  await row.getByLabel('本月进展').fill('按 Ctrl+S 立即保存。');
  await row.getByLabel('本月进展').press('Control+s');
  await expect(row.getByTestId('save-state')).toHaveAttribute('data-state', /saving|saved/, { timeout: 1000 });
  await expect(row.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.context().close();
});

test('区工业和信息化局 files its whole month from one page, counting the UI actions', async ({ browser }) => {
  const started = Date.now();
  const page = await asUser(browser, 'gxj');
  let actions = 0;
  const act = async (fn: () => Promise<unknown>) => {
    actions += 1;
    await fn();
  };

  await act(() => page.getByRole('link', { name: '月度填报' }).first().click());
  await expect(page.getByRole('heading', { name: /2023年11月月度填报/ })).toBeVisible();
  const rows = editableRows(page);
  const count = await rows.count();
  expect(count).toBeGreaterThanOrEqual(20);

  type Tally = { kind: 'figures' | 'progress' | 'part' | 'other'; actions: number };
  const tallies: Tally[] = [];
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const key = (await row.getAttribute('data-row-key'))!;
    const before = actions;
    if (key.startsWith('contribution:')) {
      await act(() => row.getByLabel('本单位协办情况').fill(`本月配合牵头单位完成相关工作（第 ${i + 1} 项）。`));
      tallies.push({ kind: 'part', actions: actions - before });
      continue;
    }
    await act(() => row.getByLabel('本月进展').fill(`本月按计划推进，完成阶段性工作（第 ${i + 1} 项）。`));
    const percent = row.getByLabel('完成百分比（%）');
    if ((await percent.inputValue()) === '') await act(() => fillExactly(percent, '75'));
    const figures = row.locator('fieldset input[type="number"], fieldset select');
    const hasFigures = (await figures.count()) > 0;
    if (hasFigures) {
      const first = figures.first();
      if ((await first.evaluate((el) => el.tagName)) === 'SELECT') await act(() => first.selectOption('1'));
      else await act(() => fillExactly(first, '88'));
    }
    tallies.push({ kind: hasFigures ? 'figures' : actions - before === 1 ? 'progress' : 'other', actions: actions - before });
  }
  await expect(page.getByTestId('chosen-count')).toContainText(`已选 ${count} 项`);

  const beforeSubmit = actions;
  page.once('dialog', (dialog) => void dialog.accept());
  await act(() => page.getByRole('button', { name: /报送所选/ }).click());
  actions += 1; // accepting the confirmation
  await expect(page.getByTestId('submit-bar').getByRole('alert').or(page.getByTestId('submit-bar').getByRole('status'))).toContainText(`已报送 ${count} 项`, { timeout: 20_000 });
  const submitActions = actions - beforeSubmit;
  const seconds = (Date.now() - started) / 1000;

  // Each became its own submission: the page shows them sent, and nothing is left to send.
  await page.goto(`/my/month?month=${MONTH}&due=1`);
  await expect(page.getByTestId('month-empty')).toContainText('本月的任务都已报送');

  const avg = (kind: Tally['kind']) => {
    const of = tallies.filter((t) => t.kind === kind);
    return of.length ? of.reduce((s, t) => s + t.actions, 0) / of.length : 0;
  };
  const summary = {
    rows: count,
    byKind: Object.fromEntries((['figures', 'progress', 'part', 'other'] as const).map((k) => [k, { rows: tallies.filter((t) => t.kind === k).length, average: avg(k) }])),
    submitActions,
    totalActions: actions,
    seconds,
  };
  console.log(`[月度填报] ${JSON.stringify(summary)}`);
  expect(avg('figures')).toBeLessThanOrEqual(3);
  expect(avg('progress')).toBeLessThanOrEqual(1);
  expect(avg('part')).toBeLessThanOrEqual(1);
  expect(submitActions).toBe(2);
  await page.context().close();
});

test('at 375 px the rows are cards and the submit bar stays in reach', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await login(page, 'gxj');
  await page.goto(`/my/month?month=${MONTH}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
