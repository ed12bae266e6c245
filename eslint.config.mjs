import drizzle from 'eslint-plugin-drizzle';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', 'db/migrations/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { drizzle },
    rules: {
      // An update or delete without where() would hit every row (create-t3-app's rule).
      'drizzle/enforce-delete-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      'drizzle/enforce-update-with-where': ['error', { drizzleObjectName: ['db', 'tx'] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Layering: routes and components go through lib/ services, never to the database directly,
    // so that every read and write passes an authorisation check.
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/db/*', '../db/*', 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'], message: '页面与组件只能通过 lib/ 中的服务访问数据（服务内做权限校验）。' },
          ],
        },
      ],
    },
  },
);
