import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { login } from './helpers';
import { cliEnv } from './test-db';

test.describe('anonymous requests', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('every page sends an anonymous visitor to login; route handlers refuse', async ({ request }) => {
    for (const path of ['/', '/tasks', '/tasks/1', '/my', '/my/tasks/1', '/review', '/notices', '/overdue', '/dashboard', '/assessment', '/exports', '/admin', '/admin/users', '/print/notices/1', '/print/bulletin/1', '/notifications']) {
      const res = await request.get(path, { maxRedirects: 0 });
      expect([302, 303, 307], path).toContain(res.status());
      expect(res.headers()['location'], path).toMatch(/\/login/);
    }
    expect((await request.get('/api/attachments/1')).status()).toBe(404);
    expect([401, 403]).toContain((await request.post('/api/attachments', { multipart: { ownerType: 'report', taskId: '1', periodId: '1' } })).status());
    expect([401, 403]).toContain((await request.get('/api/exports/ledger.xlsx')).status());
  });

  test('x-middleware-subrequest and RSC/prefetch variants do not get past the checks', async ({ request }) => {
    const variants: Record<string, string>[] = [
      { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
      { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
      { RSC: '1' },
      { RSC: '1', 'Next-Router-Prefetch': '1' },
      { 'Next-Router-State-Tree': '%5B%22%22%5D', RSC: '1' },
    ];
    for (const headers of variants) {
      for (const path of ['/tasks', '/tasks?_rsc=abc123', '/my']) {
        const res = await request.get(path, { headers, maxRedirects: 0 });
        const what = `${path} ${JSON.stringify(headers)}`;
        // Sent to login, not merely "no task title": a 500 or an empty page would hide nothing.
        expect([302, 303, 307], what).toContain(res.status());
        expect(res.headers()['location'], what).toMatch(/\/login/);
        expect(await res.text(), what).not.toContain('培优育强重点产业');
      }
    }
  });

  test('security headers are set', async ({ request }) => {
    const res = await request.get('/login');
    const h = res.headers();
    expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
    expect(h['x-frame-options']).toBe('DENY');
    // Next's own scripts carry the nonce.
    const nonce = /'nonce-([^']+)'/.exec(h['content-security-policy']!)![1];
    expect(await res.text()).toContain(`nonce="${nonce}"`);
  });
});

test('a cross-origin POST to a server action is refused and changes nothing', async ({ browser }) => {
  const context = await browser.newContext({ storageState: 'e2e/.auth/kjj.json' });
  const page = await context.newPage();
  await page.goto('/my/tasks/14');
  await page.getByLabel('本月进展').fill('本单位自己保存的草稿');
  // Capture the real server-action request the browser makes.
  const captured = page.waitForRequest((r) => r.method() === 'POST' && !!r.headers()['next-action']);
  await page.getByRole('button', { name: '保存草稿' }).click();
  const req = await captured;
  await expect(page.getByText('草稿已保存')).toBeVisible();
  const forged = (req.postData() ?? '').replace('本单位自己保存的草稿', '跨站伪造的内容');
  const res = await context.request.post(req.url(), {
    headers: { ...req.headers(), origin: 'http://evil.example', host: new URL(req.url()).host },
    data: forged,
    maxRedirects: 0,
  });
  expect(res.status()).toBeGreaterThanOrEqual(400);
  await page.reload();
  await expect(page.getByLabel('本月进展')).toHaveValue('本单位自己保存的草稿');
  await context.close();
});

test('script and javascript: in text fields and file names render as text', async ({ browser }) => {
  const context = await browser.newContext({ storageState: 'e2e/.auth/kjj.json' });
  const page = await context.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await page.goto('/my/tasks/12');
  const evil = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> javascript:alert(1)';
  await page.getByLabel('本月进展').fill(evil);
  await page.getByLabel('存在问题').fill('<b onmouseover=alert(1)>粗体</b>');
  await page.getByLabel('上传附件').setInputFiles({ name: '<img src=x onerror=alert(1)>.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  // Stored with the markup characters neutralised, and shown as plain text.
  await expect(page.getByRole('list', { name: '附件列表' })).toContainText('_img src=x onerror=alert(1)_.pdf');
  await page.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByText('草稿已保存')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('本月进展')).toHaveValue(evil);
  // The supervisor's task timeline shows the file name as text too.
  const office = await browser.newContext({ storageState: 'e2e/.auth/supervisor.json' });
  const op = await office.newPage();
  op.on('dialog', (d) => {
    dialogs += 1;
    void d.dismiss();
  });
  await op.goto('/tasks/12');
  await expect(op.getByTestId('timeline')).toContainText('_img src=x onerror=alert(1)_.pdf');
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await op.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(dialogs).toBe(0);
  await office.close();
  await context.close();
});

test('after logout the old session cookie is refused', async ({ browser }) => {
  const username = `sec${Date.now() % 100000}`;
  execFileSync('npx', ['tsx', 'scripts/user.ts', 'add', '--username', username, '--role', 'leader', '--no-force-change'], {
    input: 'Leader#2023x\n',
    env: cliEnv(),
  });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await login(page, username, 'Leader#2023x');
  await expect(page).toHaveURL(/\/tasks$/);
  const cookies = await context.cookies();
  await page.getByRole('button', { name: '退出' }).click();
  await expect(page).toHaveURL(/\/login/);
  // Put the old cookie back: the server must not accept it.
  const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
  const res = await replay.request.get('/tasks', { maxRedirects: 0 });
  expect([302, 303, 307]).toContain(res.status());
  expect(res.headers()['location']).toMatch(/\/login/);
  await replay.close();
  await context.close();
});

test('no password hash reaches a page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: 'e2e/.auth/admin.json' });
  const page = await context.newPage();
  for (const path of ['/admin/users', '/admin/users/1']) {
    const res = await page.goto(path);
    const html = (await res!.text()) + (await page.content());
    expect(html, path).not.toMatch(/\$2[aby]\$\d\d\$/);
    expect(html, path).not.toContain('passwordHash');
  }
  await context.close();
});
