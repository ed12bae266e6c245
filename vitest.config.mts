import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ALL_TESTS = ['lib/**/*.test.ts', 'db/**/*.test.ts', 'scripts/**/*.test.ts', 'components/**/*.test.ts'];

export default defineConfig({
  resolve: {
    alias: {
      '@': path.dirname(fileURLToPath(import.meta.url)),
      // Action modules are imported by the permission matrix: the marker package only guards bundles.
      'server-only': path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    // next-auth imports `next/server` without an extension, which Node's ESM resolver refuses: let Vite resolve it.
    server: { deps: { inline: ['next-auth', '@auth/core'] } },
    environment: 'node',
    // Integration tests open real databases; keep them in separate workers.
    pool: 'forks',
    // Several integration tests spawn the CLIs and hash passwords (bcrypt cost 12): give them room on a busy 2-core box.
    testTimeout: 30_000,
    env: { TZ: 'Asia/Shanghai' },
    projects: [
      { extends: true, test: { name: 'sqlite', include: ALL_TESTS } },
      {
        extends: true,
        test: {
          name: 'postgres',
          // Every test a second time, on a private PostgreSQL cluster; tests about SQLite itself skip there.
          include: ALL_TESTS,
          globalSetup: ['./lib/testing/pg-global-setup.ts'],
          setupFiles: ['./lib/testing/pg-setup.ts'],
        },
      },
    ],
  },
});
