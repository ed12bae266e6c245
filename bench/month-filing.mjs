#!/usr/bin/env node
/**
 * 月度填报 measure (issue 13): 区工业和信息化局 (gxj) files its whole month of the demo (2023-11) twice,
 * each time on a fresh copy of the demo data — once from the month page (/my/month), once one task at a
 * time (/my → the task's page → 报送 → back) — in Debian's Chromium, counting UI actions (a click, a
 * fill, a choice, accepting a confirmation) and wall-clock seconds. The script types instantly, so
 * the seconds are the app's and the browser's share, not a person's reading and typing.
 *
 *   npm run build && node bench/month-filing.mjs        (writes bench/results/month-filing.json)
 *
 * Run it alone: the seconds are noisy beside anything else.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PORT = Number(process.env.MONTH_BENCH_PORT ?? 3190);
const base = `http://localhost:${PORT}`;
const MONTH = '2023-11';
const PASSWORD = 'Hedong@2023';

function startServer(dataDir) {
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'w');
  const child = spawn('node', ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, DEMO_MODE: '1', SKIP_BUILD: '1', NEXT_TELEMETRY_DISABLED: '1', TZ: 'Asia/Shanghai' },
    stdio: ['ignore', log, log],
    detached: true,
  });
  return child;
}

async function waitUp(child) {
  const started = Date.now();
  while (Date.now() - started < 240_000) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}/login`, { signal: AbortSignal.timeout(5000) });
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not come up');
}

async function stop(child) {
  if (child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.once('exit', resolve);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

async function loggedIn(browser, counter) {
  const page = await (await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
  await page.goto('/login');
  await counter(() => page.getByLabel('用户名').fill('gxj'));
  await counter(() => page.getByLabel('密码', { exact: true }).fill(PASSWORD));
  await counter(() => page.getByRole('button', { name: '登录' }).click());
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

function makeCounter() {
  const state = { actions: 0 };
  const act = async (fn) => {
    state.actions += 1;
    await fn();
  };
  return { state, act };
}

/** What each task needs this month: the same choices in both ways of filing. */
async function fillReport(scope, act, i) {
  const before = { n: 0 };
  const count = async (fn) => {
    before.n += 1;
    await act(fn);
  };
  await count(() => scope.getByLabel('本月进展', { exact: false }).first().fill(`本月按计划推进，完成阶段性工作（第 ${i + 1} 项）。`));
  const percent = scope.getByRole('spinbutton', { name: /完成百分比/ }).first();
  if ((await percent.inputValue()) === '') await count(() => percent.fill('75'));
  const figures = scope.locator('fieldset input[type="number"], fieldset select');
  const hasFigures = (await figures.count()) > 0;
  if (hasFigures) {
    const first = figures.first();
    if ((await first.evaluate((el) => el.tagName)) === 'SELECT') await count(() => first.selectOption('1'));
    else await count(() => first.fill('88'));
  }
  return { actions: before.n, hasFigures };
}

async function monthPage(browser) {
  const { state, act } = makeCounter();
  const started = Date.now();
  const page = await loggedIn(browser, act);
  const loginActions = state.actions;
  await act(() => page.getByRole('link', { name: '月度填报' }).first().click());
  await page.waitForURL(/\/my\/month/);
  const rows = page.locator('[data-testid="month-row"]').filter({ has: page.locator('textarea') });
  const count = await rows.count();
  const perTask = [];
  for (let i = 0; i < count; i++) {
    const row = rows.nth(i);
    const key = await row.getAttribute('data-row-key');
    if (key.startsWith('contribution:')) {
      await act(() => row.getByLabel('本单位协办情况').fill(`本月配合牵头单位完成相关工作（第 ${i + 1} 项）。`));
      perTask.push({ key, actions: 1, kind: 'part' });
    } else {
      const r = await fillReport(row, act, i);
      perTask.push({ key, actions: r.actions, kind: r.hasFigures ? 'figures' : r.actions === 1 ? 'progress' : 'other' });
    }
  }
  const beforeSubmit = state.actions;
  page.once('dialog', (d) => void d.accept());
  await act(() => page.getByRole('button', { name: /报送所选/ }).click());
  state.actions += 1; // the confirmation
  await page.getByTestId('submit-bar').getByText(/已报送 \d+ 项/).waitFor({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  await page.context().close();
  return { tasks: count, loginActions, submitActions: state.actions - beforeSubmit, totalActions: state.actions, seconds, perTask };
}

async function onePageAtATime(browser, keys) {
  const { state, act } = makeCounter();
  const started = Date.now();
  const page = await loggedIn(browser, act);
  const loginActions = state.actions;
  const perTask = [];
  for (const [i, key] of keys.entries()) {
    const [kind, taskId] = key.split(':');
    const before = state.actions;
    await act(() => page.goto('/my')); // 本单位任务 in the menu
    await act(() => page.locator(`a[href="/my/tasks/${taskId}"], a[href^="/my/tasks/${taskId}?"]`).first().click());
    await page.waitForURL(new RegExp(`/my/tasks/${taskId}(\\?|$)`));
    if (kind === 'contribution') {
      await act(() => page.getByLabel('本单位协办情况').fill(`本月配合牵头单位完成相关工作（第 ${i + 1} 项）。`));
      await act(() => page.getByRole('button', { name: '报送给牵头单位' }).click());
      await page.getByRole('status').filter({ hasText: /报送给牵头单位/ }).first().waitFor({ timeout: 30_000 });
    } else {
      await fillReport(page.locator('form[aria-label$="月度进展"]'), act, i);
      page.once('dialog', (d) => void d.accept());
      await act(() => page.getByRole('button', { name: '报送', exact: true }).click());
      state.actions += 1; // the confirmation
      await page
        .getByRole('status')
        .filter({ hasText: /报送，等待督查室审核/ })
        .first()
        .waitFor({ timeout: 30_000 })
        .catch(async (err) => {
          const alerts = await page.locator('[role="alert"], [role="status"]').allInnerTexts();
          throw new Error(`${key}: not submitted (${alerts.join(' | ')}): ${err.message.split('\n')[0]}`);
        });
    }
    perTask.push({ key, actions: state.actions - before });
  }
  const seconds = (Date.now() - started) / 1000;
  await page.context().close();
  return { tasks: keys.length, loginActions, totalActions: state.actions, seconds, perTask };
}

async function run(label, fn) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `month-filing-${label}-`));
  const server = startServer(dataDir);
  try {
    await waitUp(server);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      // A warm-up visit, so neither way pays for the first compile of a page.
      const warm = await browser.newPage();
      await warm.goto(`${base}/login`);
      await warm.close();
      return await fn(browser);
    } finally {
      await browser.close();
    }
  } finally {
    await stop(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const month = await run('month', monthPage);
const single = await run('single', (browser) => onePageAtATime(browser, month.perTask.map((t) => t.key)));
const avg = (rows, kind) => {
  const of = rows.filter((t) => t.kind === kind);
  return of.length ? +(of.reduce((s, t) => s + t.actions, 0) / of.length).toFixed(2) : null;
};
const result = {
  at: new Date().toISOString(),
  month: MONTH,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  monthPage: { ...month, averages: { figures: avg(month.perTask, 'figures'), progress: avg(month.perTask, 'progress'), part: avg(month.perTask, 'part'), other: avg(month.perTask, 'other') } },
  onePageAtATime: { ...single, averagePerTask: +((single.totalActions - single.loginActions) / single.tasks).toFixed(2) },
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/month-filing.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify({ monthPage: { tasks: month.tasks, actions: month.totalActions, seconds: month.seconds, averages: result.monthPage.averages, submitActions: month.submitActions }, onePageAtATime: { tasks: single.tasks, actions: single.totalActions, seconds: single.seconds } }, null, 2));
