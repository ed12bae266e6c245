import fs from 'node:fs';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { closeDatabase, ENGINE, openDatabase, type AppDatabase } from '@/db/client';
import { unitAliases, units } from '@/db/schema';
import { createPgTestDatabase } from './pg-test-db';
import { NO_META, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { DEPLOYMENT_ROLES, type Role } from '@/lib/auth/roles';
import type { ServiceContext } from '@/lib/context';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { seedIfEmpty } from '@/lib/seed/seed';
import { canonicalUnitName } from '@/lib/units/normalize-unit-name';

export type TempDb = {
  db: AppDatabase;
  /** A fresh temporary directory (attachments, backups); on SQLite it holds the database file. */
  dir: string;
  /** The SQLite file; on PostgreSQL the database's URL. */
  file: string;
  cleanup: () => Promise<void>;
};

/**
 * A real, migrated, empty database of its own, on the engine the suite runs on: a SQLite file in a
 * fresh temporary directory, or (DATABASE_URL set by the PostgreSQL run) a new database copied from
 * the migrated template. `cleanup` removes it.
 */
export async function createTempDb(): Promise<TempDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-test-'));
  if (ENGINE === 'postgres') {
    const pg = await createPgTestDatabase();
    return {
      db: pg.db,
      dir,
      file: pg.url,
      cleanup: async () => {
        await pg.drop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dir, 'app.db');
  const db = openDatabase(file);
  return {
    db,
    dir,
    file,
    cleanup: async () => {
      closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temp database with the 2023 plan and the demo accounts, as on first start. */
export async function createSeededDb(): Promise<TempDb> {
  const temp = await createTempDb();
  await seedIfEmpty(temp.db, { demo: true });
  return temp;
}

/** An actor for service calls, without going through login (the unit by its name or an alias). */
export async function actorFor(db: AppDatabase, role: Role, unitName: string | null, userId = 1, district: number = FIRST_DISTRICT_ID): Promise<Actor> {
  let unitId: number | null = null;
  if (unitName) {
    const aliases = new Map(
      (await db.select({ alias: unitAliases.alias, name: units.name }).from(unitAliases).innerJoin(units, eq(units.id, unitAliases.unitId)).where(eq(unitAliases.districtId, district))).map((r) => [r.alias, r.name]),
    );
    const [row] = await db
      .select({ id: units.id })
      .from(units)
      .where(and(eq(units.districtId, district), eq(units.name, canonicalUnitName(unitName, aliases))))
      .limit(1);
    if (!row) throw new Error(`unknown unit ${unitName}`);
    unitId = row.id;
  }
  // The deployment's own accounts (市督查员, 安全/审计管理员) belong to no district.
  const districtId = DEPLOYMENT_ROLES.includes(role) ? null : district;
  return { userId, username: `test-${role}`, displayName: `测试${role}`, role, districtId, unitId, unitName };
}

/** The context a request would give a service: this database, this actor, a pinned instant. */
export function contextFor(db: AppDatabase, actor: Actor, now: Date, meta: RequestMeta = NO_META): ServiceContext {
  return { db, actor, now, today: shanghaiDate(now), meta };
}
