/**
 * 单位组: what collective phrases of notices (各镇街, 区直各部门 …) stand for. The admin keeps the
 * groups; the importer expands a phrase of a group into its member units (as participating units)
 * and keeps any other phrase as a note on the task (各有关单位 names nobody in particular).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import { unitGroupMembers, unitGroups, units, UNIT_KINDS, type UnitKind } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { fail, failField, ok, type Result } from '@/lib/result';
import { normalizeUnitName } from './normalize-unit-name';
import { unitGroupSchema } from './unit-group-schema';

export { unitGroupSchema };

/** Groups every district has, filled on creation from the units' kinds. */
export const DEFAULT_UNIT_GROUPS: ReadonlyArray<{ name: string; phrases: string[]; kinds: UnitKind[] }> = [
  {
    name: '各镇街',
    phrases: ['各镇街', '各镇（街道）', '各镇、街道', '各街道', '各镇', '各镇街道', '各乡镇（街道）', '各乡镇街道', '各镇人民政府（街道办事处）', '各镇政府（街道办事处）'],
    kinds: ['town', 'street'],
  },
  { name: '区直各部门', phrases: ['区直各部门', '区直各单位', '区直部门', '各部门'], kinds: ['department'] },
  { name: '各园区', phrases: ['各园区', '各功能区', '各开发区', '各功能园区'], kinds: ['park'] },
];

/** Splits the stored phrase list (、 or line separated) into normalised phrases. */
function phrasesOf(stored: string): string[] {
  return stored
    .split(/[、\n]/u)
    .map((p) => normalizeUnitName(p))
    .filter(Boolean);
}

/** Creates the default groups that do not exist yet (members: every unit of their kinds). Idempotent. */
export async function ensureDefaultUnitGroups(tx: Tx, districtId: number): Promise<void> {
  for (const g of DEFAULT_UNIT_GROUPS) {
    await tx.insert(unitGroups).values({ districtId, name: g.name, phrases: g.phrases.join('、'), unitKinds: g.kinds.join('、') }).onConflictDoNothing();
  }
}

function kindsOf(stored: string): UnitKind[] {
  return stored.split('、').filter((k): k is UnitKind => (UNIT_KINDS as readonly string[]).includes(k));
}

/** Each group's active members: those listed, and every active unit of the group's kinds. */
async function membersOf(db: Reader, districtId: number, groups: { id: number; unitKinds: string }[]): Promise<Map<number, { id: number; name: string }[]>> {
  const listed = await db
    .select({ groupId: unitGroupMembers.groupId, id: units.id, name: units.name })
    .from(unitGroupMembers)
    .innerJoin(units, eq(units.id, unitGroupMembers.unitId))
    .where(and(eq(units.districtId, districtId), eq(units.active, true)))
    .orderBy(asc(units.id));
  const byKind = await db
    .select({ id: units.id, name: units.name, kind: units.kind })
    .from(units)
    .where(and(eq(units.districtId, districtId), eq(units.active, true)))
    .orderBy(asc(units.id));
  const result = new Map<number, { id: number; name: string }[]>();
  for (const g of groups) {
    const kinds = kindsOf(g.unitKinds);
    const all = [...listed.filter((m) => m.groupId === g.id), ...byKind.filter((u) => kinds.includes(u.kind))];
    result.set(g.id, [...new Map(all.map((u) => [u.id, { id: u.id, name: u.name }])).values()]);
  }
  return result;
}

/** Phrase (normalised) → its group and the names of its active member units. */
export async function loadGroupPhrases(db: Reader, districtId: number): Promise<Map<string, { name: string; members: string[] }>> {
  const groups = await db.select().from(unitGroups).where(eq(unitGroups.districtId, districtId));
  const members = await membersOf(db, districtId, groups);
  const result = new Map<string, { name: string; members: string[] }>();
  for (const g of groups) {
    const entry = { name: g.name, members: (members.get(g.id) ?? []).map((m) => m.name) };
    for (const p of [normalizeUnitName(g.name), ...phrasesOf(g.phrases)]) if (!result.has(p)) result.set(p, entry);
  }
  return result;
}

export type UnitGroupView = { id: number; name: string; phrases: string[]; kinds: UnitKind[]; members: { id: number; name: string }[]; listed: number[] };

/** The groups with their phrases and members (admin console). */
export async function listUnitGroups(ctx: ServiceContext): Promise<UnitGroupView[]> {
  assertCan(ctx.actor, 'units.manage');
  // The admin console of one district: the groups it keeps (a role without a district keeps none).
  const districtId = ownDistrictId(ctx.actor);
  const groups = await ctx.db.select().from(unitGroups).where(eq(unitGroups.districtId, districtId)).orderBy(asc(unitGroups.id));
  const members = await membersOf(ctx.db, districtId, groups);
  const listed = groups.length
    ? await ctx.db
        .select()
        .from(unitGroupMembers)
        .where(
          inArray(
            unitGroupMembers.groupId,
            groups.map((g) => g.id),
          ),
        )
    : [];
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    phrases: g.phrases.split(/[、\n]/u).map((p) => p.trim()).filter(Boolean),
    kinds: kindsOf(g.unitKinds),
    members: members.get(g.id) ?? [],
    listed: listed.filter((m) => m.groupId === g.id).map((m) => m.unitId),
  }));
}

export type UnitGroupInput = z.output<typeof unitGroupSchema>;

/** Creates or edits a group (name, phrases, members), in one transaction, audited. */
export async function saveUnitGroup(ctx: ServiceContext, input: UnitGroupInput): Promise<Result<{ id: number }>> {
  assertCan(ctx.actor, 'units.manage');
  const districtId = ownDistrictId(ctx.actor);
  const unitIds = [...new Set(input.unitIds)];
  return transaction(ctx.db, async (tx): Promise<Result<{ id: number }>> => {
    // Members are units of the district: another district's unit is as unknown as a missing one.
    const known = unitIds.length
      ? await tx
          .select({ id: units.id })
          .from(units)
          .where(and(inArray(units.id, unitIds), eq(units.districtId, districtId)))
      : [];
    if (known.length !== unitIds.length) return fail('成员单位不存在，请刷新后重试');
    const [sameName] = await tx
      .select({ id: unitGroups.id })
      .from(unitGroups)
      .where(and(eq(unitGroups.districtId, districtId), eq(unitGroups.name, input.name)))
      .limit(1);
    if (sameName && sameName.id !== input.id) return failField('name', '已有同名单位组');
    let id: number;
    if (input.id) {
      const [existing] = await tx
        .select({ id: unitGroups.id })
        .from(unitGroups)
        .where(and(eq(unitGroups.id, input.id), eq(unitGroups.districtId, districtId)))
        .limit(1);
      if (!existing) return fail('找不到该单位组');
      id = existing.id;
      await tx.update(unitGroups).set({ name: input.name, phrases: input.phrases }).where(eq(unitGroups.id, id));
      await tx.delete(unitGroupMembers).where(eq(unitGroupMembers.groupId, id));
    } else {
      const [row] = await tx.insert(unitGroups).values({ districtId, name: input.name, phrases: input.phrases }).returning({ id: unitGroups.id });
      id = row!.id;
    }
    for (const unitId of unitIds) await tx.insert(unitGroupMembers).values({ groupId: id, unitId });
    await writeAudit(tx, ctx.actor, { action: 'unitGroup.save', entityType: 'unit_group', entityId: id, detail: { name: input.name, members: unitIds.length } }, ctx.meta, ctx.now);
    return ok({ id });
  });
}
