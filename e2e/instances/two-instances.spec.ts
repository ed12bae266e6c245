import { expect, test, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { DEMO_PASSWORD } from '../helpers';

/*
 * Two `next start` instances on one PostgreSQL behave as one app. A is localhost:3101, B is
 * localhost:3102 (playwright.instances.config.ts); the session cookie is the host's, so a context
 * logged in through A is logged in on B too, as behind a load balancer.
 */

const A = `http://localhost:${process.env.E2E_INSTANCE_A_PORT ?? 3101}`;
const B = `http://localhost:${process.env.E2E_INSTANCE_B_PORT ?? 3102}`;
/** The demo clock both instances start from (DEMO_MODE): "today" is 2023-11-22. */
const DEMO_TODAY = '2023-11-22';

test.describe.configure({ mode: 'serial' });

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.E2E_INSTANCES_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function loginThrough(base: string, page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

async function userOn(browser: Browser, base: string, username: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginThrough(base, page, username);
  await expect(page).not.toHaveURL(/\/login/);
  return { context, page };
}

test('a write through one instance is on the next page of the other, cached views included', async ({ browser }) => {
  const office = await userOn(browser, A, 'duchashi');
  const unit = await userOn(browser, B, 'kjj');

  // B has computed (and cached) the ledger's signals and the review queue before the writes.
  await office.page.goto(`${B}/tasks?section=7`);
  const signal = office.page.locator('tr[data-task-no="41"] [data-signals] [data-signal="督查"]');
  await expect(office.page.locator('tr[data-task-no="41"] [data-signal="督查"][data-level="red"]')).toHaveCount(0);
  await office.page.goto(`${B}/review?kind=report`);
  const queued = office.page.locator('[data-queue-item="report-13-区科学技术局-2023-11"]');
  await expect(queued).toHaveCount(0);

  // 区科学技术局 submits through A …
  await unit.page.goto(`${A}/my/tasks/13`);
  await unit.page.getByLabel('本月进展').fill('组织企业参加创新创业共同体对接会（双实例测试）。');
  await unit.page.getByLabel(/年度任务完成百分比/).fill('75');
  unit.page.once('dialog', (d) => d.accept());
  await unit.page.getByRole('button', { name: '报送', exact: true }).click();
  await expect(unit.page.getByRole('status').filter({ hasText: /报送，等待督查室审核/ }).first()).toBeVisible();
  // … and the office's next page on B has it.
  await office.page.goto(`${B}/review?kind=report`);
  await expect(queued).toBeVisible();

  // The office raises a red flag through A; B's ledger shows it at once.
  await office.page.goto(`${A}/tasks/41`);
  await office.page.getByLabel('灯色').selectOption('red');
  await office.page.getByLabel('亮灯理由').fill('荒山造林进度明显滞后于序时进度');
  await office.page.getByRole('button', { name: '亮灯' }).click();
  await expect(office.page.getByText('已亮红灯')).toBeVisible();
  await office.page.goto(`${B}/tasks?section=7`);
  await expect(signal).toHaveAttribute('data-level', 'red');

  // Approved through B, the unit sees it through A.
  await office.page.goto(`${B}/review?kind=report`);
  await queued.getByRole('link', { name: '审核' }).click();
  await office.page.getByRole('button', { name: '通过' }).click();
  await expect(office.page.getByText('已审核通过').first()).toBeVisible();
  await unit.page.goto(`${A}/notifications`);
  await expect(unit.page.getByRole('list', { name: '消息列表' })).toContainText('已审核通过');

  await office.context.close();
  await unit.context.close();
});

test('five wrong passwords spread over both instances lock the account on both', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (let i = 0; i < 5; i++) {
    await loginThrough(i % 2 === 0 ? A : B, page, 'fgj_head', `Wrong#${i}pass`);
    await expect(page.locator('form [role="alert"]')).toBeVisible();
  }
  const [row] = await sql<{ failed: number }>("select failed_count as failed from login_throttle where username_key = 'fgj_head'");
  expect(row?.failed).toBe(5);
  // The right password now fails on either instance.
  for (const base of [A, B]) {
    await loginThrough(base, page, 'fgj_head');
    await expect(page.locator('form [role="alert"]')).toContainText('账户已锁定');
    await expect(page).toHaveURL(/\/login/);
  }
  await context.close();
});

test('with two schedulers ticking every 3 seconds, each user gets one digest a day', async ({ browser }) => {
  test.setTimeout(90_000);
  // Both instances have been ticking since they started; wait for today's digests to exist …
  await expect
    .poll(async () => Number((await sql<{ n: string }>('select count(*) as n from digests where date = $1', [DEMO_TODAY]))[0]?.n ?? 0), { timeout: 30_000 })
    .toBeGreaterThan(0);
  // … then let both race through several more ticks.
  await new Promise((r) => setTimeout(r, 12_000));
  const duplicates = await sql('select user_id, date, count(*) as n from digests group by user_id, date having count(*) > 1');
  expect(duplicates).toEqual([]);
  // No notification is counted in two digests: each was stamped once, by the run that digested it.
  const [kjj] = await sql<{ id: number }>("select id from users where username = 'kjj'");
  const mine = await sql<{ n: string }>('select count(*) as n from digests where user_id = $1 and date = $2', [kjj!.id, DEMO_TODAY]);
  expect(Number(mine[0]!.n)).toBe(1);

  // The unit sees its one 每日提醒 of today on either instance.
  const unit = await userOn(browser, A, 'kjj');
  for (const base of [A, B]) {
    await unit.page.goto(`${base}/notifications`);
    await expect(unit.page.getByRole('heading', { name: '每日提醒' })).toBeVisible();
    await expect(unit.page.locator(`[data-testid="digest"][data-digest-date="${DEMO_TODAY}"]`)).toHaveCount(1);
  }
  await unit.context.close();
});
