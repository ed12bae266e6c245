/** Setup file of the PostgreSQL run: every test file's process talks to the run's server (before any module reads DATABASE_URL). */
import { inject } from 'vitest';

const admin = inject('pgAdminUrl');
process.env.KEYTASKS_PG_ADMIN_URL = admin;
process.env.DATABASE_URL = admin;
// Server mode needs the secrets every instance shares (lib/env.ts); the tests' own.
process.env.AUTH_SECRET ??= 'test-secret-of-the-postgres-run-0123456789abcdef';
process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY ??= Buffer.alloc(32, 1).toString('base64');
