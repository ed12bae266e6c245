import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'db/migrations');

/**
 * Opens (creating if needed) a SQLite file with the settings every connection needs, and brings
 * its schema up to date. WAL lets readers run beside the writer; synchronous=FULL makes an
 * acknowledged write survive a power cut; the busy timeout queues writers instead of failing.
 */
export function openDatabase(file: string): AppDatabase {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema }) as AppDatabase;
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return db;
}

export function databaseFile(dataDir: string): string {
  return path.join(dataDir, 'app.db');
}
