import { databaseFile, openDatabase, type AppDatabase } from '@/db/client';
import { getEnv } from './env';

// One connection per server process; kept on globalThis so dev-mode reloads don't leak handles.
const globalForDb = globalThis as unknown as { __appDb?: AppDatabase };

export function getDb(): AppDatabase {
  if (!globalForDb.__appDb) {
    globalForDb.__appDb = openDatabase(databaseFile(getEnv().dataDir));
  }
  return globalForDb.__appDb;
}
