/**
 * Test fixture (not a test): what most service tests start from. `useSeededDb()`, called at the
 * top of a test file (or of a describe block), creates a seeded database of its own before the
 * tests (the 2023 plan and the demo accounts, as on first start) and removes it after them. It
 * gives the demo accounts as actors, the ids of the seeded plan's tasks and periods, and the
 * context a request would give a service at a pinned instant.
 */
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import type { z } from 'zod';
import { afterAll, beforeAll } from 'vitest';
import type { AppDatabase } from '@/db/client';
import { reportingPeriods, tasks, units, users } from '@/db/schema';
import type { RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { DEPLOYMENT_ROLES } from '@/lib/auth/roles';
import type { ServiceContext } from '@/lib/context';
import { invalid, type Failure } from '@/lib/result';
import { DEMO_ACCOUNTS } from '@/lib/seed/demo-accounts';
import { contextFor, createSeededDb } from './temp-db';

/** The demo clock: 2023-11-22 09:30 in Beijing (November's period is open, December's has not begun). */
export const DEMO_NOW = new Date('2023-11-22T09:30:00+08:00');

export type SeededDb = {
  /** The database (from beforeAll on). */
  readonly db: AppDatabase;
  /** Its temporary directory and file (from beforeAll on). */
  readonly dir: string;
  readonly file: string;
  /** The id of a demo account (lib/seed/demo-accounts.ts). */
  idOf(username: string): number;
  /** The id of the seeded 2023 plan. */
  planId(): number;
  /** The id of a task of the seeded 2023 plan, by its number. */
  taskId(no: number): number;
  /** The id of a period of the seeded 2023 plan, by its month (YYYY-MM). */
  periodId(month: string): number;
  /** A demo account as an actor (its role and unit, its id). */
  demo(username: string): Actor;
  admin(): Actor;
  /** duchashi (no unit: the oversight roles have none). */
  supervisor(): Actor;
  /** lingdao. */
  leader(): Actor;
  /** Reporters: 区发展和改革局, 区工业和信息化局, 河东生态环境分局 (a lead of 40 and 41), 区科学技术局 (participating in 40, a lead of 15). */
  fgj(): Actor;
  gxj(): Actor;
  sthj(): Actor;
  kjj(): Actor;
  /** What a request of `actor` gives the services: this database, `at` (the demo clock unless given), the request details. */
  as(actor: Actor, at?: Date, meta?: RequestMeta): ServiceContext;
};

function known<K, V>(map: ReadonlyMap<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seeded database: no ${what} ${String(key)}`);
  return value;
}

type Temp = Awaited<ReturnType<typeof createSeededDb>>;
type Ids = { plan: number; users: Map<string, number>; units: Map<string, number>; tasks: Map<number, number>; periods: Map<string, number> };

async function readIds(db: AppDatabase): Promise<Ids> {
  const ids: Ids = { plan: 0, users: new Map(), units: new Map(), tasks: new Map(), periods: new Map() };
  for (const u of await db.select({ id: users.id, username: users.username }).from(users)) ids.users.set(u.username, u.id);
  for (const u of await db.select({ id: units.id, name: units.name }).from(units)) ids.units.set(u.name, u.id);
  for (const t of await db.select({ id: tasks.id, no: tasks.no, planId: tasks.planId }).from(tasks)) {
    ids.tasks.set(t.no, t.id);
    ids.plan = t.planId;
  }
  for (const p of await db.select({ id: reportingPeriods.id, month: reportingPeriods.month }).from(reportingPeriods)) ids.periods.set(p.month, p.id);
  return ids;
}

/** The helpers over a seeded database that `current` gives once it exists. */
function seededDb(current: () => { temp: Temp; ids: Ids }, now: Date): SeededDb {
  const db = () => current().temp.db;
  const demo = (username: string): Actor => {
    const account = DEMO_ACCOUNTS.find((a) => a.username === username);
    if (!account) throw new Error(`seeded database: no demo account ${username}`);
    const { ids } = current();
    const unitId = account.unitName === null ? null : known(ids.units, account.unitName, 'unit');
    return { userId: known(ids.users, username, 'account'), username: `test-${account.role}`, displayName: `测试${account.role}`, role: account.role, districtId: DEPLOYMENT_ROLES.includes(account.role) ? null : FIRST_DISTRICT_ID, unitId, unitName: account.unitName };
  };
  return {
    get db() {
      return db();
    },
    get dir() {
      return current().temp.dir;
    },
    get file() {
      return current().temp.file;
    },
    idOf: (username) => known(current().ids.users, username, 'account'),
    planId: () => current().ids.plan,
    taskId: (no) => known(current().ids.tasks, no, 'task'),
    periodId: (month) => known(current().ids.periods, month, 'period'),
    demo,
    admin: () => demo('admin'),
    supervisor: () => demo('duchashi'),
    leader: () => demo('lingdao'),
    fgj: () => demo('fgj'),
    gxj: () => demo('gxj'),
    sthj: () => demo('sthj'),
    kjj: () => demo('kjj'),
    as: (actor, at = now, meta) => contextFor(db(), actor, at, meta),
  };
}

/** A seeded database made now, removed by `cleanup` (for fixtures that set up and tear down themselves). */
export async function openSeededDb(now: Date = DEMO_NOW): Promise<SeededDb & { cleanup(): Promise<void> }> {
  const temp = await createSeededDb();
  const state = { temp, ids: await readIds(temp.db) };
  return Object.assign(seededDb(() => state, now), { cleanup: temp.cleanup });
}

/** A seeded database for the tests of the calling file or describe block; `now` is the default instant of `as`. */
export function useSeededDb(now: Date = DEMO_NOW): SeededDb {
  let state: { temp: Temp; ids: Ids } | undefined;
  beforeAll(async () => {
    const temp = await createSeededDb();
    state = { temp, ids: await readIds(temp.db) };
  });
  afterAll(() => state?.temp.cleanup());
  return seededDb(() => {
    if (!state) throw new Error('useSeededDb: the database exists from beforeAll on');
    return state;
  }, now);
}

/**
 * What an action does with what the browser sends: the form's schema parses it once (a refusal
 * comes back flattened, as the action returns it), then the service gets the parsed input.
 */
export async function viaSchema<S extends z.ZodType, R>(schema: S, raw: unknown, run: (input: z.output<S>) => Promise<R>): Promise<R | Failure> {
  const parsed = schema.safeParse(raw);
  return parsed.success ? run(parsed.data) : invalid(parsed.error);
}
