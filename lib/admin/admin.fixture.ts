/**
 * Test fixture (not a test) of the admin service tests (units, users, list import): a seeded
 * database of the test file's own (lib/testing/seeded-fixture.ts), the contexts of requests by the
 * admin or anyone else, and the roles that are not admins.
 */
import { and, count, eq } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { units } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/roles';
import type { ServiceContext } from '@/lib/context';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { useSeededDb, type SeededDb } from '@/lib/testing/seeded-fixture';

/**
 * Every role but the system admin, with a unit where it has one: each is refused every admin
 * command — the security and audit administrators too (三员分立: accounts, units and lists are the
 * system administrator's alone), and the city office.
 */
export const NON_ADMIN_ROLES: readonly [Role, string | null][] = [
  ['reporter', '区发展和改革局'],
  ['unit_head', '区发展和改革局'],
  ['supervisor', '区政府督查室'],
  ['leader', null],
  ['security_admin', null],
  ['audit_admin', null],
  // 市督查员 reads every district and changes nothing in any.
  ['city_supervisor', null],
];

export type AdminDb = {
  env: SeededDb;
  /** What a request of `actor` gives the services (today: 2023-11-22 unless `at` says otherwise). */
  ctxOf(actor: Actor, meta?: RequestMeta, at?: Date): ServiceContext;
  /** A request of the admin. */
  asAdmin(meta?: RequestMeta): ServiceContext;
  /** How many rows a table has now (for before/after comparisons). */
  rowCount(table: SQLiteTable): Promise<number>;
  /** How many rows each of some tables has now: `{ name: count }`. */
  rowCounts<K extends string>(tables: Record<K, SQLiteTable>): Promise<Record<K, number>>;
  /** A unit's id by its name, if it exists (in the seeded district: the second district has units of the same names). */
  unitIdOf(name: string): Promise<number | undefined>;
};

export function useAdminDb(): AdminDb {
  const env = useSeededDb();
  const rowCount = async (table: SQLiteTable) => (await env.db.select({ n: count() }).from(table))[0]!.n;
  return {
    env,
    ctxOf: (actor, meta, at) => env.as(actor, at, meta),
    asAdmin: (meta) => env.as(env.admin(), undefined, meta),
    rowCount,
    rowCounts: async (tables) => {
      const counts: Record<string, number> = {};
      for (const [name, table] of Object.entries<SQLiteTable>(tables)) counts[name] = await rowCount(table);
      return counts as never;
    },
    unitIdOf: async (name) =>
      (await env.db.select({ id: units.id }).from(units).where(and(eq(units.districtId, FIRST_DISTRICT_ID), eq(units.name, name))).limit(1))[0]?.id,
  };
}
