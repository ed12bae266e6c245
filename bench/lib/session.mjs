/**
 * Logging in through the real next-auth flow over HTTP (the credentials callback the login page's
 * server action calls internally): GET /api/auth/csrf, then POST /api/auth/callback/credentials.
 * Returns the Cookie header of the session. Whatever cookies the server sets are kept, so a change
 * of cookie names (e.g. __Host- prefixes) needs no change here.
 */

/** Merges Set-Cookie headers into a name → value map. */
function absorb(jar, response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

const header = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

export async function loginHttp(base, username, password) {
  const jar = new Map();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  absorb(jar, csrfRes);
  const { csrfToken } = await csrfRes.json();
  const body = new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/` });
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header(jar), origin: base },
    body,
  });
  absorb(jar, res);
  const hasSession = [...jar.keys()].some((k) => k.includes('session-token'));
  if (!hasSession) throw new Error(`login of ${username} failed: HTTP ${res.status} ${res.headers.get('location') ?? ''}`);
  // Only the session cookie(s) are needed for pages and actions.
  return header(new Map([...jar].filter(([k]) => k.includes('session-token'))));
}

/**
 * The same login by driving the real login page in Chromium (fallback when the HTTP flow is
 * refused, e.g. after auth hardening); reads the session cookie from the browser context.
 */
export async function loginBrowser(base, username, password, { chromiumPath = '/usr/bin/chromium' } = {}) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 30_000 });
    const cookies = await page.context().cookies();
    const session = cookies.filter((c) => c.name.includes('session-token'));
    if (!session.length) throw new Error(`browser login of ${username} set no session cookie`);
    return session.map((c) => `${c.name}=${c.value}`).join('; ');
  } finally {
    await browser.close();
  }
}

export async function login(base, username, password) {
  try {
    return { cookie: await loginHttp(base, username, password), via: 'http' };
  } catch (err) {
    return { cookie: await loginBrowser(base, username, password), via: `browser (HTTP flow failed: ${err.message})` };
  }
}
