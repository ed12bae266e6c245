import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

/*
 * Arranging state in the e2e server's database where the app has no way to do it (aging a session,
 * locking an account without typing wrong passwords on the shared address). The same run goes
 * against SQLite (DATA_DIR/app.db) and, with DATABASE_URL, against PostgreSQL (scripts/test.sh).
 * Statements use `?` placeholders; times are passed and returned as Date.
 */

export const E2E_DATA_DIR = process.env.E2E_DATA_DIR ?? './data/e2e';
const DATABASE_URL = process.env.DATABASE_URL || undefined;

/** Environment for the operator CLI (scripts/user.ts) so it works on the server's database. */
export function cliEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: E2E_DATA_DIR };
}

export const onPostgres = DATABASE_URL !== undefined;

/** A statement per engine where the SQL differs (time arithmetic); otherwise the same text twice. */
export type EngineSql = string | { sqlite: string; postgres: string };

function textFor(statement: EngineSql): string {
  if (typeof statement === 'string') return statement;
  return onPostgres ? statement.postgres : statement.sqlite;
}

/** Dates go to SQLite as epoch milliseconds (drizzle's timestamp_ms), to PostgreSQL as timestamptz. */
function sqliteParams(params: unknown[]): unknown[] {
  return params.map((p) => (p instanceof Date ? p.getTime() : p));
}

function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

export async function e2eQuery<T extends Record<string, unknown>>(statement: EngineSql, ...params: unknown[]): Promise<T[]> {
  const text = textFor(statement);
  if (DATABASE_URL) {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(numberedPlaceholders(text), params);
      return rows as T[];
    } finally {
      await client.end();
    }
  }
  const db = new Database(path.join(E2E_DATA_DIR, 'app.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const prepared = db.prepare(text);
    if (prepared.reader) return prepared.all(...sqliteParams(params)) as T[];
    prepared.run(...sqliteParams(params));
    return [];
  } finally {
    db.close();
  }
}

export async function e2eExec(statement: EngineSql, ...params: unknown[]): Promise<void> {
  await e2eQuery(statement, ...params);
}

/** A time column as a Date, whichever engine returned it (SQLite: epoch milliseconds). */
export function asDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'string') return new Date(/^\d+$/.test(value) ? Number(value) : value);
  throw new Error(`not a time: ${String(value)}`);
}
