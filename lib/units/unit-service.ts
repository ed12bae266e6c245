import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { likeIgnoringCase } from '@/db/dialect';
import { z } from 'zod';
import { taskUnits, tasks, unitAliases, units, type UnitKind } from '@/db/schema';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import type { Reader } from '@/lib/db';
import { districtScopeOf, inDistrict, type DistrictScope } from '@/lib/districts/district-scope';
import type { PlanSummary } from '@/lib/plans/plan-scope';
import { canonicalUnitName } from './normalize-unit-name';

// One collator: localeCompare with a locale builds a new one on every call.
const zhCollator = new Intl.Collator('zh-CN');

/** Aliases stored in the database (alias → canonical name), for the parser and for look-ups. */
export async function loadAliasMap(db: Reader, districtId: number): Promise<Map<string, string>> {
  const rows = await db
    .select({ alias: unitAliases.alias, name: units.name })
    .from(unitAliases)
    .innerJoin(units, eq(units.id, unitAliases.unitId))
    .where(eq(unitAliases.districtId, districtId));
  return new Map(rows.map((r) => [r.alias, r.name]));
}

/** The unit id for a name as people write it (full name, alias or common abbreviation), or null. */
export async function resolveUnitId(db: Reader, districtId: number, rawName: string): Promise<number | null> {
  const name = canonicalUnitName(rawName, await loadAliasMap(db, districtId));
  const [row] = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.name, name)))
    .limit(1);
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

/** How many tasks of the given lists (those in the district) each unit leads and joins (units without any are absent). */
export async function taskCountsByUnit(db: Reader, scope: DistrictScope, planIds: readonly number[]): Promise<Map<number, { lead: number; participating: number }>> {
  if (planIds.length === 0) return new Map();
  const rows = await db
    .select({
      unitId: taskUnits.unitId,
      lead: sql<number>`sum(case when ${taskUnits.role} = 'lead' then 1 else 0 end)`,
      participating: sql<number>`sum(case when ${taskUnits.role} = 'participating' then 1 else 0 end)`,
    })
    .from(taskUnits)
    .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
    .where(and(inArray(tasks.planId, [...planIds]), inDistrict(tasks.districtId, scope)))
    .groupBy(taskUnits.unitId);
  return new Map(rows.map((r) => [r.unitId, { lead: Number(r.lead), participating: Number(r.participating) }]));
}

/** Every unit's aliases, alphabetically (units without any are absent); a district id, or a scope (the city office: every district's). */
export async function aliasesByUnit(db: Reader, district: number | DistrictScope): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>();
  const scope: DistrictScope = typeof district === 'number' ? { kind: 'district', districtId: district } : district;
  const rows = await db
    .select({ alias: unitAliases.alias, unitId: unitAliases.unitId })
    .from(unitAliases)
    .where(inDistrict(unitAliases.districtId, scope))
    .orderBy(asc(unitAliases.alias));
  for (const a of rows) {
    map.set(a.unitId, [...(map.get(a.unitId) ?? []), a.alias]);
  }
  return map;
}

/** 单位列表: every active unit with how many tasks of the lists in view it leads and joins. */
export async function listUnits(ctx: ServiceContext, inView: readonly Pick<PlanSummary, 'id'>[]): Promise<UnitListItem[]> {
  assertCan(ctx.actor, 'units.read');
  const { db } = ctx;
  const scope = districtScopeOf(ctx.actor);
  const counts = await taskCountsByUnit(
    db,
    scope,
    inView.map((p) => p.id),
  );
  const aliasMap = await aliasesByUnit(db, scope);
  const rows = await db
    .select()
    .from(units)
    .where(and(inDistrict(units.districtId, scope), eq(units.active, true)));
  return rows
    .map((u) => ({
      id: u.id,
      name: u.name,
      kind: u.kind,
      aliases: aliasMap.get(u.id) ?? [],
      leadCount: counts.get(u.id)?.lead ?? 0,
      participatingCount: counts.get(u.id)?.participating ?? 0,
    }))
    .sort(
      (a, b) =>
        b.leadCount - a.leadCount ||
        b.participatingCount - a.participatingCount ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
}

/** Units for filter drop-downs: id and name only. */
export async function listUnitOptions(ctx: ServiceContext): Promise<{ id: number; name: string }[]> {
  assertCan(ctx.actor, 'units.read');
  const rows = await ctx.db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(inDistrict(units.districtId, districtScopeOf(ctx.actor)), eq(units.active, true)));
  return rows.sort((a, b) => zhCollator.compare(a.name, b.name));
}

/** Up to this many active units, list filters offer a drop-down; above it, a name field. */
export const UNIT_SELECT_LIMIT = 300;

export type UnitFilterField = { mode: 'select'; units: { id: number; name: string }[] } | { mode: 'search'; unitCount: number };

/**
 * The unit field of the list filters. A district has ~60 units: a drop-down. A province has
 * thousands: a drop-down of 5,000 options would be most of the page (and unusable), so the user
 * types a name instead (resolved by resolveUnitFilter).
 */
export async function unitFilterField(ctx: ServiceContext): Promise<UnitFilterField> {
  assertCan(ctx.actor, 'units.read');
  const [row] = await ctx.db
    .select({ n: count() })
    .from(units)
    .where(and(inDistrict(units.districtId, districtScopeOf(ctx.actor)), eq(units.active, true)));
  const unitCount = row?.n ?? 0;
  return unitCount <= UNIT_SELECT_LIMIT ? { mode: 'select', units: await listUnitOptions(ctx) } : { mode: 'search', unitCount };
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

/** `text` as a LIKE pattern matching itself anywhere in a value ('!' escapes the wildcards). */
function containsPattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * The unit a list is filtered by: `unit` (an id, from drop-downs and drill-down links) or
 * `unitName` (typed). A name matches exactly (aliases included), or else as a unique part of one
 * active unit's name; otherwise the filter is not applied and `problem` says why.
 */
export async function resolveUnitFilter(ctx: ServiceContext, input: { unit?: number; unitName?: string }): Promise<ResolvedUnitFilter> {
  assertCan(ctx.actor, 'units.read');
  const { db } = ctx;
  const scope = districtScopeOf(ctx.actor);
  const byId = async (id: number) =>
    (
      await db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(and(eq(units.id, id), inDistrict(units.districtId, scope)))
        .limit(1)
    )[0];
  if (input.unitName) {
    // A typed name means a unit of the actor's district; the city office (every district) matches by part of a name only.
    const exact = scope.kind === 'district' ? await resolveUnitId(db, scope.districtId, input.unitName) : null;
    if (exact !== null) return { unitId: exact, unitName: (await byId(exact))?.name, problem: undefined };
    const matches = await db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(and(inDistrict(units.districtId, scope), eq(units.active, true), likeIgnoringCase(units.name, containsPattern(input.unitName), '!')))
      .limit(6);
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
    return { unitId: input.unit, unitName: (await byId(input.unit))?.name, problem: undefined };
  }
  return { unitId: undefined, unitName: undefined, problem: undefined };
}
