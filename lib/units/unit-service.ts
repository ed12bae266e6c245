import { asc, eq, sql } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { taskUnits, tasks, unitAliases, units, type UnitKind } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { canonicalUnitName } from './normalize-unit-name';

/** Aliases stored in the database (alias → canonical name), for the parser and for look-ups. */
export function loadAliasMap(db: AppDatabase): Map<string, string> {
  const rows = db
    .select({ alias: unitAliases.alias, name: units.name })
    .from(unitAliases)
    .innerJoin(units, eq(units.id, unitAliases.unitId))
    .all();
  return new Map(rows.map((r) => [r.alias, r.name]));
}

/** The unit id for a name as people write it (full name, alias or common abbreviation), or null. */
export function resolveUnitId(db: AppDatabase, rawName: string): number | null {
  const name = canonicalUnitName(rawName, loadAliasMap(db));
  const row = db.select({ id: units.id }).from(units).where(eq(units.name, name)).get();
  return row?.id ?? null;
}

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  department: '区直部门',
  town: '镇',
  street: '街道',
  park: '园区',
  office: '督查机构',
};

export type UnitListItem = {
  id: number;
  name: string;
  kind: UnitKind;
  aliases: string[];
  leadCount: number;
  participatingCount: number;
};

/** 单位列表: every active unit with how many tasks of the plan it leads and joins. */
export function listUnits(db: AppDatabase, actor: Actor, planId: number | null): UnitListItem[] {
  assertCan(actor, 'units.read');
  const counts =
    planId === null
      ? []
      : db
          .select({
            unitId: taskUnits.unitId,
            lead: sql<number>`sum(case when ${taskUnits.role} = 'lead' then 1 else 0 end)`,
            participating: sql<number>`sum(case when ${taskUnits.role} = 'participating' then 1 else 0 end)`,
          })
          .from(taskUnits)
          .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
          .where(eq(tasks.planId, planId))
          .groupBy(taskUnits.unitId)
          .all();
  const countMap = new Map(counts.map((c) => [c.unitId, c]));
  const aliasRows = db.select().from(unitAliases).orderBy(asc(unitAliases.alias)).all();
  const aliasMap = new Map<number, string[]>();
  for (const a of aliasRows) aliasMap.set(a.unitId, [...(aliasMap.get(a.unitId) ?? []), a.alias]);
  const rows = db.select().from(units).where(eq(units.active, true)).all();
  return rows
    .map((u) => ({
      id: u.id,
      name: u.name,
      kind: u.kind,
      aliases: aliasMap.get(u.id) ?? [],
      leadCount: Number(countMap.get(u.id)?.lead ?? 0),
      participatingCount: Number(countMap.get(u.id)?.participating ?? 0),
    }))
    .sort(
      (a, b) =>
        b.leadCount - a.leadCount ||
        b.participatingCount - a.participatingCount ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
}

/** Units for filter drop-downs: id and name only. */
export function listUnitOptions(db: AppDatabase, actor: Actor): { id: number; name: string }[] {
  assertCan(actor, 'units.read');
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.active, true))
    .all()
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}
