import { databaseFile, openDatabase, type AppDatabase } from '@/db/client';
import { getEnv } from './env';

export { transaction, isTx, type Db, type Reader, type Tx } from '@/db/client';

// One handle per server process; kept on globalThis so dev-mode reloads don't leak connections.
const globalForDb = globalThis as unknown as { __appDb?: AppDatabase };

export function getDb(): AppDatabase {
  if (!globalForDb.__appDb) {
    globalForDb.__appDb = openDatabase(databaseFile(getEnv().dataDir));
  }
  return globalForDb.__appDb;
}
