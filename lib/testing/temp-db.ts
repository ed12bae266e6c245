import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDatabase, openDatabase, type AppDatabase } from '@/db/client';
import { NO_META, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/roles';
import type { ServiceContext } from '@/lib/context';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { seedIfEmpty } from '@/lib/seed/seed';
import { canonicalUnitName } from '@/lib/units/normalize-unit-name';

/** A real SQLite database in a fresh temporary directory, migrated; removed by `cleanup`. */
export function createTempDb(): { db: AppDatabase; dir: string; file: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-test-'));
  const file = path.join(dir, 'app.db');
  const db = openDatabase(file);
  return {
    db,
    dir,
    file,
    cleanup: () => {
      closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A temp database with the 2023 plan and the demo accounts, as on first start. */
export async function createSeededDb() {
  const temp = createTempDb();
  await seedIfEmpty(temp.db, { demo: true });
  return temp;
}

/** An actor for service calls, without going through login. */
export function actorFor(db: AppDatabase, role: Role, unitName: string | null, userId = 1): Actor {
  let unitId: number | null = null;
  if (unitName) {
    const aliases = new Map((db.$client.prepare('select a.alias, u.name from unit_aliases a join units u on u.id = a.unit_id').all() as { alias: string; name: string }[]).map((r) => [r.alias, r.name]));
    const row = db.$client.prepare('select id from units where name = ?').get(canonicalUnitName(unitName, aliases)) as { id: number } | undefined;
    if (!row) throw new Error(`unknown unit ${unitName}`);
    unitId = row.id;
  }
  return { userId, username: `test-${role}`, displayName: `测试${role}`, role, unitId, unitName };
}

/** The context a request would give a service: this database, this actor, a pinned instant. */
export function contextFor(db: AppDatabase, actor: Actor, now: Date, meta: RequestMeta = NO_META): ServiceContext {
  return { db, actor, now, today: shanghaiDate(now), meta };
}
