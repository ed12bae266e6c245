import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATA_DIR = process.env.E2E_DATA_DIR ?? './data/e2e';
/** The real OIDC provider of the 统一身份认证 specs (scripts/test-oidc-provider.mjs). */
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? 3114);
const OIDC_CLIENT_ID = 'hedong-duban-e2e';
const OIDC_CLIENT_SECRET = 'e2e-oidc-client-secret-not-for-production';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  // A test that fails once fails the build: no retries, in CI or not.
  retries: 0,
  reporter: process.env.CI ? 'list' : 'list',
  timeout: 30_000,
  use: {
    // Auth redirects are built from localhost; keep the same host so cookies match.
    baseURL: `http://localhost:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, dependencies: ['setup'], testIgnore: [/auth\.setup\.ts/, /lists\.spec\.ts/, /month\.spec\.ts/, /districts\.spec\.ts/, /instances\//] },
    // Adds lists (a Word notice, a work report, a meeting item): after the specs whose counts assume the demo's lists.
    { name: 'lists', use: { ...devices['Desktop Chrome'] }, dependencies: ['chromium'], testMatch: /lists\.spec\.ts/ },
    // 区工业和信息化局 files its whole month (every list, the added ones included): last, as it submits many reports.
    { name: 'month', use: { ...devices['Desktop Chrome'] }, dependencies: ['lists'], testMatch: /month\.spec\.ts/ },
    // Adds a second district beside the demo's (the login page then names no district): last.
    { name: 'districts', use: { ...devices['Desktop Chrome'] }, dependencies: ['month'], testMatch: /districts\.spec\.ts/ },
  ],
  webServer: [
    {
      command: 'node scripts/test-oidc-provider.mjs',
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { OIDC_PROVIDER_PORT: String(OIDC_PORT), E2E_PORT: String(PORT), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET },
    },
    {
      command: 'node scripts/start.mjs',
      url: `http://localhost:${PORT}/login`,
      reuseExistingServer: false,
      timeout: 240_000,
      env: {
        PORT: String(PORT),
        DATA_DIR,
        DEMO_MODE: '1',
        // npm test builds right before; the server must not rebuild mid-run.
        SKIP_BUILD: '1',
        NEXT_TELEMETRY_DISABLED: '1',
        OIDC_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
      },
    },
  ],
});
