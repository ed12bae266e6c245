import { databaseFile, migrateDatabase, openDatabase, openPostgres, type AppDatabase } from '@/db/client';
import { getEnv, type AppEnv } from './env';

export { transaction, isTx, JOB_KEYS, readSideBySide, runExclusively, runOneAtATime, type Db, type Reader, type Tx } from '@/db/client';

/**
 * A handle on the configured database: PostgreSQL when DATABASE_URL names one (server mode), else
 * the SQLite file under DATA_DIR (which migrates itself when opened).
 */
export function openConfiguredDatabase(env: AppEnv = getEnv(), options: { max?: number } = {}): AppDatabase {
  return env.DATABASE_URL ? openPostgres(env.DATABASE_URL, options) : openDatabase(databaseFile(env.dataDir));
}

/** For the command-line scripts: the configured database with its schema brought up to date. */
export async function openMigratedDatabase(env: AppEnv = getEnv()): Promise<AppDatabase> {
  const db = openConfiguredDatabase(env, { max: 2 });
  await migrateDatabase(db);
  return db;
}

// One handle per server process; kept on globalThis so dev-mode reloads don't leak connections.
const globalForDb = globalThis as unknown as { __appDb?: AppDatabase };

/** The server's handle (PostgreSQL is migrated by `npm start`, scripts/setup-data.ts, before the server runs). */
export function getDb(): AppDatabase {
  globalForDb.__appDb ??= openConfiguredDatabase();
  return globalForDb.__appDb;
}
