import { defineConfig, devices } from '@playwright/test';

/*
 * Two app instances on one PostgreSQL, as behind a load balancer (scripts/test.sh runs this after
 * the main e2e, with a database of its own). Cookies belong to the host, not the port, so one
 * browser context is logged in on both: a page on one port then the other is a user whose
 * requests the balancer sent to different instances.
 */

const DATABASE_URL = process.env.E2E_INSTANCES_DATABASE_URL;
if (!DATABASE_URL) throw new Error('E2E_INSTANCES_DATABASE_URL 未设置：双实例测试需要一个空的 PostgreSQL 数据库（scripts/test.sh 会创建）');

export const INSTANCE_PORTS = [Number(process.env.E2E_INSTANCE_A_PORT ?? 3101), Number(process.env.E2E_INSTANCE_B_PORT ?? 3102)] as const;

const sharedEnv = {
  DATABASE_URL,
  // Both instances must sign sessions alike (lib/env.ts requires these in server mode).
  AUTH_SECRET: 'e2e-two-instances-auth-secret-not-for-production-0123456789',
  NEXT_SERVER_ACTIONS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  // The shared attachment directory (NFS in a real deployment).
  DATA_DIR: './data/e2e-instances',
  DEMO_MODE: '1',
  SKIP_BUILD: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  // Both schedulers tick every 3 seconds, so the test sees many ticks race.
  SCHEDULER: '1',
  SCHEDULER_EVERY_MINUTES: '0.05',
};

export default defineConfig({
  testDir: './e2e/instances',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  use: {
    ...devices['Desktop Chrome'],
    baseURL: `http://localhost:${INSTANCE_PORTS[0]}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: INSTANCE_PORTS.map((port) => ({
    command: 'node scripts/start.mjs',
    url: `http://localhost:${port}/login`,
    reuseExistingServer: false,
    timeout: 240_000,
    env: { ...sharedEnv, PORT: String(port) },
  })),
});
