import drizzle from 'eslint-plugin-drizzle';
import tseslint from 'typescript-eslint';

/** Drizzle's synchronous executors (`.all()`, `.get()`, `.run()` with no arguments): data access is awaited, so a server database can take SQLite's place. Raw statements of the SQLite dialect code (`prepare(…).all()`) are not drizzle's. */
const SYNC_DRIZZLE = {
  selector: "CallExpression[arguments.length=0][callee.property.name=/^(all|get|run)$/]:not([callee.object.callee.property.name='prepare'])",
  message: '数据访问一律异步：await 查询本身（或 .limit(1) 取首行），不要调用 .all()/.get()/.run()。',
};

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
    // A promise nobody awaits is a write that may not have happened when the response goes out.
    files: ['**/*.{ts,tsx}'],
    ignores: ['bench/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'scripts/**/*.ts', 'components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.fixture.ts', 'lib/testing/**'],
    rules: { 'no-restricted-syntax': ['error', SYNC_DRIZZLE] },
  },
  {
    // Server actions are made by the pipeline (lib/actions/action-client.ts), which authenticates,
    // parses, checks the permission and maps errors: an action file exports nothing else.
    files: ['app/**/*actions.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        SYNC_DRIZZLE,
        { selector: 'ExportNamedDeclaration > FunctionDeclaration', message: '服务端操作须由 action()/publicAction() 生成（lib/actions/action-client.ts）。' },
        {
          selector: "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator:not([init.type='CallExpression'][init.callee.name=/^(action|publicAction)$/])",
          message: '服务端操作须由 action()/publicAction() 生成（lib/actions/action-client.ts）。',
        },
        { selector: 'ExportDefaultDeclaration', message: '服务端操作须由 action()/publicAction() 生成（lib/actions/action-client.ts）。' },
      ],
    },
  },
  {
    // Route handlers share one preamble (lib/http/route-handler.ts): session, same origin, size
    // limits, the permission and the error model. next-auth's own handlers are the exception.
    files: ['app/**/route.ts'],
    ignores: ['app/api/auth/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        SYNC_DRIZZLE,
        { selector: 'ExportNamedDeclaration > FunctionDeclaration[id.name=/^(GET|HEAD|POST|PUT|PATCH|DELETE)$/]', message: '路由处理函数须由 route() 生成（lib/http/route-handler.ts）。' },
        {
          selector: "ExportNamedDeclaration > VariableDeclaration > VariableDeclarator[id.name=/^(GET|HEAD|POST|PUT|PATCH|DELETE)$/]:not([init.type='CallExpression'][init.callee.name='route'])",
          message: '路由处理函数须由 route() 生成（lib/http/route-handler.ts）。',
        },
      ],
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
