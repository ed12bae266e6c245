import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { taskUnits, tasks, unitAliases, units, type UnitKind } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import type { PlanSummary } from '@/lib/plans/plan-scope';
import { canonicalUnitName } from './normalize-unit-name';

// One collator: localeCompare with a locale builds a new one on every call.
const zhCollator = new Intl.Collator('zh-CN');

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

/** 单位列表: every active unit with how many tasks of the lists in view it leads and joins. */
export function listUnits(db: AppDatabase, actor: Actor, inView: readonly Pick<PlanSummary, 'id'>[]): UnitListItem[] {
  assertCan(actor, 'units.read');
  const planIds = inView.map((p) => p.id);
  const counts =
    planIds.length === 0
      ? []
      : db
          .select({
            unitId: taskUnits.unitId,
            lead: sql<number>`sum(case when ${taskUnits.role} = 'lead' then 1 else 0 end)`,
            participating: sql<number>`sum(case when ${taskUnits.role} = 'participating' then 1 else 0 end)`,
          })
          .from(taskUnits)
          .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
          .where(inArray(tasks.planId, planIds))
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
    .sort((a, b) => zhCollator.compare(a.name, b.name));
}

/** Up to this many active units, list filters offer a drop-down; above it, a name field. */
export const UNIT_SELECT_LIMIT = 300;

export type UnitFilterField = { mode: 'select'; units: { id: number; name: string }[] } | { mode: 'search'; unitCount: number };

/**
 * The unit field of the list filters. A district has ~60 units: a drop-down. A province has
 * thousands: a drop-down of 5,000 options would be most of the page (and unusable), so the user
 * types a name instead (resolved by resolveUnitFilter).
 */
export function unitFilterField(db: AppDatabase, actor: Actor): UnitFilterField {
  assertCan(actor, 'units.read');
  const unitCount = db.select({ n: count() }).from(units).where(eq(units.active, true)).get()?.n ?? 0;
  return unitCount <= UNIT_SELECT_LIMIT ? { mode: 'select', units: listUnitOptions(db, actor) } : { mode: 'search', unitCount };
}

/** `?unitName=` of the list filters: a name, an alias or a unique part of a name. */
export const unitNameParamSchema = z
  .string()
  .trim()
  .max(50)
  .optional()
  .catch(undefined)
  .transform((v) => v || undefined);

export type ResolvedUnitFilter = { unitId: number | undefined; unitName: string | undefined; problem: string | undefined };

/**
 * The unit a list is filtered by: `unit` (an id, from drop-downs and drill-down links) or
 * `unitName` (typed). A name matches exactly (aliases included), or else as a unique part of one
 * active unit's name; otherwise the filter is not applied and `problem` says why.
 */
export function resolveUnitFilter(db: AppDatabase, actor: Actor, input: { unit?: number; unitName?: string }): ResolvedUnitFilter {
  assertCan(actor, 'units.read');
  if (input.unitName) {
    const exact = resolveUnitId(db, input.unitName);
    const byName = (id: number) => db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, id)).get();
    if (exact !== null) return { unitId: exact, unitName: byName(exact)?.name, problem: undefined };
    const matches = db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(eq(units.active, true), sql`instr(${units.name}, ${input.unitName}) > 0`))
      .limit(6)
      .all();
    if (matches.length === 1) return { unitId: matches[0]!.id, unitName: matches[0]!.name, problem: undefined };
    return {
      unitId: undefined,
      unitName: input.unitName,
      problem:
        matches.length === 0
          ? `未找到名称含“${input.unitName}”的单位，已显示全部单位的结果`
          : `“${input.unitName}”对应多个单位（如 ${matches
              .slice(0, 3)
              .map((m) => m.name)
              .join('、')}），请输入更完整的名称；已显示全部单位的结果`,
    };
  }
  if (input.unit !== undefined) {
    const row = db.select({ id: units.id, name: units.name }).from(units).where(eq(units.id, input.unit)).get();
    return { unitId: input.unit, unitName: row?.name, problem: undefined };
  }
  return { unitId: undefined, unitName: undefined, problem: undefined };
}
