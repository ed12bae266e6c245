import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { endDatabase, openPostgres, type AppDatabase } from '@/db/client';

/**
 * Test databases on PostgreSQL (the suite's second run): each is a copy of the migrated template
 * that the global setup made (lib/testing/pg-global-setup.ts), about 70 ms, dropped afterwards.
 */
export const PG_TEMPLATE = 'keytasks_template';

export function adminUrl(): string {
  const url = process.env.KEYTASKS_PG_ADMIN_URL;
  if (!url) throw new Error('KEYTASKS_PG_ADMIN_URL is not set: run the PostgreSQL tests through vitest (project "postgres")');
  return url;
}

export function databaseUrl(admin: string, name: string): string {
  const u = new URL(admin);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A new test database copied from `template` (by default the migrated, empty template; or another
 * test database, e.g. a fixture built once and copied per test: no connection to it may be open,
 * so end its handle first).
 */
export async function createPgTestDatabase(template: string = PG_TEMPLATE): Promise<{ db: AppDatabase; url: string; drop: () => Promise<void> }> {
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdmin(async (client) => {
    // Two copies of the template at the same moment may collide ("being accessed by other users"): retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`create database "${name}" template "${template}"`);
        return;
      } catch (err) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
  });
  const url = databaseUrl(adminUrl(), name);
  const db = openPostgres(url, { max: 4 });
  return {
    db,
    url,
    drop: async () => {
      // The test may have closed it already.
      await endDatabase(db).catch(() => undefined);
      await onAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** The database a test database's URL names (to copy it with `createPgTestDatabase(name)`). */
export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** Drops a test database by name (after its handles have ended). */
export async function dropPgTestDatabase(name: string): Promise<void> {
  await onAdmin((client) => client.query(`drop database if exists "${name}" with (force)`));
}
