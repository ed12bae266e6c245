import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';
import { cliEnv, e2eQuery } from './test-db';

/*
 * 行政区 (issue 15): a second district added to the running deployment with the operator CLIs, as a
 * city would — its own list (the same notice, so the same unit names and task numbers), its office
 * and a unit's reporter — and the city office's account. Each district sees only its own data,
 * page by page; the city office compares both and reads either, changing nothing. Runs last (it adds
 * a district beside the demo's).
 */

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Lanshan#Key2023';
const cli = (script: string, args: string[], input = '') =>
  execFileSync('node_modules/.bin/tsx', [`scripts/${script}.ts`, ...args], {
    // The demo's clock: the list is imported as this year's (active), as the server sees the year.
    env: { ...cliEnv(), APP_NOW: '2023-11-22T09:30:00+08:00' },
    input,
    encoding: 'utf8',
  });

/** Texts that only the first district's records hold: none may appear on a page of the second. */
let firstDistrictTexts: string[] = [];
let firstTaskId = 0;

test.beforeAll(() => {
  cli('district', ['add', '--code', '371302', '--name', '兰山区']);
  cli('plan-import', ['db/seed-data/hedong-2023-key-tasks-notice.txt', '--district', '371302']);
  cli('user', ['add', '--username', 'ls_duchashi', '--role', 'supervisor', '--unit', '区政府督查室', '--district', '371302', '--name', '兰山督查员', '--no-force-change'], `${PASSWORD}\n`);
  cli('user', ['add', '--username', 'ls_fgj', '--role', 'reporter', '--unit', '区发展和改革局', '--district', '371302', '--name', '兰山发改填报员', '--no-force-change'], `${PASSWORD}\n`);
  cli('user', ['add', '--username', 'shi_duchashi', '--role', 'city_supervisor', '--name', '市督查员', '--no-force-change'], `${PASSWORD}\n`);
});

test.beforeAll(async () => {
  const [notice] = await e2eQuery<{ problem: string }>("select n.problem from supervision_notices n join districts d on d.id = n.district_id where d.code = '371312' order by n.id limit 1");
  const [instruction] = await e2eQuery<{ content: string }>('select i.content from instructions i join tasks t on t.id = i.task_id join districts d on d.id = t.district_id where d.code = ? order by i.id limit 1', '371312');
  const [task] = await e2eQuery<{ id: number }>('select t.id from tasks t join districts d on d.id = t.district_id where d.code = ? order by t.id limit 1', '371312');
  firstDistrictTexts = [notice!.problem, instruction!.content].filter((t) => t.length >= 4);
  expect(firstDistrictTexts.length).toBe(2);
  firstTaskId = Number(task!.id);
});

async function expectNothingOfTheFirstDistrict(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  expect(new URL(page.url()).pathname, path).toBe(path);
  const text = await page.locator('main').innerText();
  for (const t of firstDistrictTexts) expect(text, `${path} shows 「${t}」`).not.toContain(t);
  expect(text, path).not.toContain('督办〔2023〕');
}

test('the second district’s office sees its own list and nothing of the first district, page by page', async ({ page }) => {
  await login(page, 'ls_duchashi', PASSWORD);
  await expect(page.getByTestId('current-user')).toContainText('兰山督查员');
  for (const path of ['/dashboard', '/tasks', '/overdue', '/units', '/review', '/approvals', '/notices', '/problems', '/assessment', '/exports']) {
    await expectNothingOfTheFirstDistrict(page, path);
  }
  await page.goto('/tasks');
  await expect(page.locator('main')).toContainText('区发展和改革局');
  // The first district's task, by its id: not found, as if it did not exist.
  const other = await page.goto(`/tasks/${firstTaskId}`);
  expect(other?.status()).toBe(404);
});

test('the second district’s unit staff see their own unit’s tasks only', async ({ page }) => {
  await login(page, 'ls_fgj', PASSWORD);
  await expect(page.getByTestId('current-user')).toContainText('兰山发改填报员');
  for (const path of ['/my', '/my/month', '/notices', '/assessment']) await expectNothingOfTheFirstDistrict(page, path);
  await page.goto('/my');
  // Its one list (the first district has two): the key tasks its 区发展和改革局 leads or joins.
  await expect(page.locator('main').getByText(/^区发展和改革局 · 重点任务 \d+ 项$/)).toBeVisible();
  expect((await page.goto(`/my/tasks/${firstTaskId}`))?.status()).toBe(404);
});

test('the city office compares the districts and reads either one, read-only', async ({ page }) => {
  await login(page, 'shi_duchashi', PASSWORD);
  await expect(page).toHaveURL(/\/city$/);
  const table = page.getByTestId('city-comparison');
  await expect(table.locator('[data-district="371312"]')).toContainText('河东区');
  await expect(table.locator('[data-district="371302"]')).toContainText('兰山区');
  // Both districts hold the same 77 key tasks (the first one has its work report and items as well).
  const tasksOf = async (code: string) => Number(await table.locator(`[data-district="${code}"] td`).nth(1).innerText());
  expect(await tasksOf('371302')).toBe(77);
  expect(await tasksOf('371312')).toBeGreaterThan(77);

  await table.locator('[data-district="371312"]').getByRole('button', { name: '查看河东区' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId('city-viewing')).toContainText('河东区');
  // The first district's notices, read as its office reads them.
  await page.goto('/notices');
  await expect(page.locator('main')).toContainText('督办〔2023〕第1号');
  // Its task page offers nothing to do: the city office writes nothing.
  await page.goto(`/tasks/${firstTaskId}`);
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page.locator('main form button[type="submit"]')).toHaveCount(0);

  await page.getByTestId('city-viewing').getByRole('button', { name: '返回全市' }).click();
  await expect(page).toHaveURL(/\/city$/);
  await expect(page.getByTestId('city-viewing')).toHaveCount(0);
});
