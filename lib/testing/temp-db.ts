import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type AppDatabase } from '@/db/client';
import type { Actor } from '@/lib/auth/actor';
import type { Role } from '@/lib/auth/roles';
import { seedIfEmpty } from '@/lib/seed/seed';
import { resolveUnitId } from '@/lib/units/unit-service';

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
      db.$client.close();
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
  const unitId = unitName ? resolveUnitId(db, unitName) : null;
  if (unitName && unitId === null) throw new Error(`unknown unit ${unitName}`);
  return { userId, username: `test-${role}`, displayName: `测试${role}`, role, unitId, unitName };
}
