import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectLoggedIn, formAlert, login } from './helpers';

/*
 * The admin console. Runs first of the specs on a shared server, so it leaves the demo data as the
 * others expect it: the notice imported here is from 2022 (kept archived, outside the loop), and the
 * accounts created and disabled here are its own, never the demo accounts.
 */
test.use({ storageState: 'e2e/.auth/admin.json' });

const FIXTURE_2024 = fs.readFileSync('lib/plan-import/__fixtures__/wrapped-fullwidth.txt', 'utf8');

/** A small notice in the standalone-line layout: 2 sections, 3 tasks, one line the parser cannot place. */
const NOTICE_2022 = `河东区人民政府办公室
关于印发河东区2022年重点工作任务的通知
临东政办字〔2022〕8号

各镇人民政府、街道办事处，区政府各部门：
现将《河东区2022年重点工作任务》印发给你们，请认真贯彻落实。

河东区人民政府办公室
2022年2月20日

一、推动产业转型升级
1．培育壮大特色产业集群。全年新增规模以上工业企业10家。
牵头单位：区工信局
责任单位：区发改局、区科技局
2．持续优化营商环境。深化“一网通办”改革。
牵头单位：区审批局
二、保障和改善民生
3．提升养老服务水平。新建社区养老服务站5处。
牵头单位：区民政局
配合单位：区卫健局
（此件公开发布）
`;

test('imports a notice through the console: preview with warnings, confirm, listed with its tasks', async ({ page }) => {
  await page.goto('/admin');
  await page.getByRole('main').getByRole('link', { name: /任务清单/ }).click();
  await expect(page).toHaveURL(/\/lists$/);
  await expect(page.locator('[data-plan="临东政办字〔2023〕19号"] [data-testid="plan-status"]')).toHaveText('进行中');
  await page.getByRole('link', { name: '导入新清单' }).click();

  const text = page.getByLabel('或粘贴通知全文');
  // Text without any task: the parser's Chinese error, nothing written.
  await text.fill('河东区人民政府办公室\n临东政办字〔2025〕1号\n请各单位认真落实。');
  await page.getByRole('button', { name: '预览' }).click();
  await expect(page.locator('#notice-text-hint')).toHaveText(/未识别到任何任务/);

  // The 2024 fixture, pasted: previewed only.
  await text.fill(FIXTURE_2024);
  await page.getByRole('button', { name: '预览' }).click();
  const preview = page.getByTestId('plan-preview');
  await expect(preview.getByTestId('preview-code')).toHaveText('临东政办字〔2024〕5号');
  await expect(preview.getByTestId('preview-summary')).toContainText('2 个部分，5 项任务');
  await expect(preview.getByTestId('preview-warnings')).toContainText('第 30 行：无法归入任何任务，已忽略');
  await expect(preview.locator('[data-task-no="1"]')).toContainText('牵头单位：区发展和改革局、区工业和信息化局');
  await expect(page.getByText(/导入后作为新的任务清单，与正在进行的 “重点任务”、“工作报告” 并列/)).toBeVisible();
  await page.getByRole('button', { name: '返回修改' }).click();

  // The same notice chosen as a file is read on the server.
  await page.getByLabel(/选择文件/).setInputFiles('lib/plan-import/__fixtures__/wrapped-fullwidth.txt');
  await expect(page.getByTestId('chosen-file')).toContainText('wrapped-fullwidth.txt');
  await page.getByRole('button', { name: '预览' }).click();
  await expect(preview.getByTestId('preview-code')).toHaveText('临东政办字〔2024〕5号');
  await page.getByRole('button', { name: '返回修改' }).click();
  await page.getByLabel(/选择文件/).setInputFiles([]);

  // The 2022 notice is imported: a past year's list is kept as history, outside this year's loop.
  await text.fill(NOTICE_2022);
  await page.getByRole('button', { name: '预览' }).click();
  await expect(preview.getByTestId('preview-code')).toHaveText('临东政办字〔2022〕8号');
  await expect(preview.getByTestId('preview-summary')).toHaveText('2 个部分，3 项任务，识别出 2 项指标建议');
  await expect(preview.getByTestId('preview-warnings')).toContainText('第 21 行：无法归入任何任务，已忽略');
  await expect(preview.getByTestId('preview-new-units')).toContainText('本区没有的 0 个');
  await expect(preview.locator('[data-task-no="2"]')).toContainText('牵头单位：区行政审批服务局');
  await expect(page.getByText('2022 年的清单属于往年')).toBeVisible();
  await page.getByRole('button', { name: '确认导入' }).click();

  const result = page.getByTestId('import-result');
  await expect(result.getByRole('status').first()).toHaveText('已导入《河东区2022年重点工作任务》（临东政办字〔2022〕8号）：2 个部分，3 项任务，新增单位 0 个；属于往年，已作为归档清单保存（只读）');
  await expect(result.locator('[data-task-no]')).toHaveCount(3);
  await expect(result.locator('[data-task-no="3"]')).toContainText('3. 提升养老服务水平');
  await expect(result.locator('[data-task-no="3"]')).toContainText('牵头单位：区民政局');

  await result.getByRole('link', { name: '返回清单列表' }).click();
  await expect(page.locator('[data-plan="临东政办字〔2022〕8号"] [data-col="tasks"]')).toHaveText('3');
  await expect(page.locator('[data-plan="临东政办字〔2022〕8号"] [data-testid="plan-status"]')).toHaveText('已归档');
  // This year's lists are untouched, on every page.
  await expect(page.locator('[data-plan="临东政办字〔2023〕19号"] [data-testid="plan-status"]')).toHaveText('进行中');
  await page.goto('/tasks');
  await expect(page.getByTestId('ledger-count')).toHaveText('共 108 项任务');
});

test('a disabled user is logged out at their next step', async ({ page, browser }) => {
  const username = `mzj${Date.now() % 100000}`;
  await page.goto('/admin/users');
  await page.getByRole('link', { name: '新建账户' }).click();
  const form = page.getByRole('form', { name: '新建账户' });
  // Browser-side checks first: a reporter needs a unit.
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('姓名').fill('民政局测试员');
  await form.getByLabel('角色').selectOption({ label: '填报员' });
  await form.getByRole('button', { name: '创建账户' }).click();
  await expect(form.locator('#new-unitId-hint')).toHaveText('填报员和单位负责人必须选择所属单位');
  // A typed initial password meets the same policy as every new password.
  await form.getByRole('radio', { name: '手动输入' }).check();
  await form.getByRole('textbox', { name: '初始密码' }).fill('abc12');
  await form.getByRole('button', { name: '创建账户' }).click();
  await expect(form.locator('#new-password-hint')).toHaveText('密码至少需要 8 个字符');
  await form.getByRole('radio', { name: '自动生成' }).check();
  await form.getByLabel('所属单位').selectOption({ label: '区民政局' });
  await form.getByRole('button', { name: '创建账户' }).click();
  await expect(page.getByTestId('created-user')).toContainText(`已创建账户 ${username}（填报员），首次登录须修改密码`);
  const password = (await page.getByTestId('generated-password').textContent())!.trim();
  expect(password).toMatch(/^\S{12}$/);

  // The new user, in a browser of their own: must change the password first.
  const userContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const userPage = await userContext.newPage();
  await login(userPage, username, password);
  await expect(userPage).toHaveURL(/\/change-password$/);
  await userPage.getByLabel('当前密码').fill(password);
  await userPage.getByLabel('新密码', { exact: true }).fill('Minzheng#2024x');
  await userPage.getByLabel('确认新密码').fill('Minzheng#2024x');
  await userPage.getByRole('button', { name: '修改密码' }).click();
  await expect(userPage).toHaveURL(/\/login\?changed=1/);
  await login(userPage, username, 'Minzheng#2024x');
  await expect(userPage).toHaveURL(/\/my$/);
  await expectLoggedIn(userPage, '民政局测试员');

  // The admin disables the account.
  await page.getByRole('link', { name: `查看账户 ${username}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(username);
  await page.getByRole('button', { name: '停用账户' }).click();
  await expect(page.getByText(`已停用账户 ${username}，其登录已立即失效`)).toBeVisible();
  await expect(page.getByRole('button', { name: '启用账户' })).toBeVisible();

  // The user's next step lands on the login page, and the password no longer opens the door.
  await userPage.goto('/tasks');
  await expect(userPage).toHaveURL(/\/login/);
  await login(userPage, username, 'Minzheng#2024x');
  await expect(formAlert(userPage)).toHaveText('该账户已停用，请联系管理员');
  await userContext.close();

  // The list shows it, without any password material.
  await page.goto(`/admin/users?q=${username}`);
  const row = page.locator(`tr[data-username="${username}"]`);
  await expect(row).toContainText('已停用');
  await expect(row).toContainText('区民政局');
});

test('adds an alias to a unit, and a taken name is refused under its field', async ({ page }) => {
  await page.goto('/admin/units?q=区民政局');
  await page.getByRole('link', { name: '区民政局', exact: true }).click();
  await page.getByLabel('别名', { exact: true }).fill('区民政事务局');
  await page.getByRole('button', { name: '添加别名' }).click();
  await expect(page.getByRole('list', { name: '现有别名' })).toContainText('区民政事务局');

  await page.getByLabel('新名称').fill('区发展和改革局');
  await page.getByRole('button', { name: '改名' }).click();
  await expect(page.locator('#rename-name-hint')).toHaveText('名称“区发展和改革局”已被另一个单位使用');

  // Deactivating a unit that leads tasks of the current plan is refused, with the reason.
  await page.getByRole('button', { name: '停用单位' }).click();
  await expect(page.getByRole('form', { name: '停用单位' }).getByRole('alert')).toContainText('该单位牵头进行中清单的任务 3 项');
});

test('the console fits a 375 px phone screen', async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto('/admin/units?q=区民政局');
  const unitHref = await page.getByRole('link', { name: '区民政局', exact: true }).getAttribute('href');
  for (const path of ['/admin', '/admin/units', unitHref!, '/admin/users', '/admin/users/new', '/admin/plans', '/admin/plans/import']) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${path} should not scroll sideways`).toBeLessThanOrEqual(0);
  }
});
