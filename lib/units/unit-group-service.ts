/**
 * 单位组: what collective phrases of notices (各镇街, 区直各部门 …) stand for. The admin keeps the
 * groups; the importer expands a phrase of a group into its member units (as participating units)
 * and keeps any other phrase as a note on the task (各有关单位 names nobody in particular).
 */
import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDatabase } from '@/db/client';
import { unitGroupMembers, unitGroups, units, UNIT_KINDS, type UnitKind } from '@/db/schema';
import { writeAudit, NO_META, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { invalid } from '@/lib/admin/result';
import { assertCan } from '@/lib/auth/permissions';
import { normalizeUnitName } from './normalize-unit-name';
import { unitGroupSchema } from './unit-group-schema';

export { unitGroupSchema };

type Db = Pick<AppDatabase, 'select' | 'insert' | 'update' | 'delete'>;

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
export function ensureDefaultUnitGroups(db: Db): void {
  for (const g of DEFAULT_UNIT_GROUPS) {
    db.insert(unitGroups).values({ name: g.name, phrases: g.phrases.join('、'), unitKinds: g.kinds.join('、') }).onConflictDoNothing().run();
  }
}

function kindsOf(stored: string): UnitKind[] {
  return stored.split('、').filter((k): k is UnitKind => (UNIT_KINDS as readonly string[]).includes(k));
}

/** Each group's active members: those listed, and every active unit of the group's kinds. */
function membersOf(db: Pick<AppDatabase, 'select'>, groups: { id: number; unitKinds: string }[]): Map<number, { id: number; name: string }[]> {
  const listed = db
    .select({ groupId: unitGroupMembers.groupId, id: units.id, name: units.name })
    .from(unitGroupMembers)
    .innerJoin(units, eq(units.id, unitGroupMembers.unitId))
    .where(eq(units.active, true))
    .orderBy(asc(units.id))
    .all();
  const byKind = db.select({ id: units.id, name: units.name, kind: units.kind }).from(units).where(eq(units.active, true)).orderBy(asc(units.id)).all();
  const result = new Map<number, { id: number; name: string }[]>();
  for (const g of groups) {
    const kinds = kindsOf(g.unitKinds);
    const all = [...listed.filter((m) => m.groupId === g.id), ...byKind.filter((u) => kinds.includes(u.kind))];
    result.set(g.id, [...new Map(all.map((u) => [u.id, { id: u.id, name: u.name }])).values()]);
  }
  return result;
}

/** Phrase (normalised) → its group and the names of its active member units. */
export function loadGroupPhrases(db: Pick<AppDatabase, 'select'>): Map<string, { name: string; members: string[] }> {
  const groups = db.select().from(unitGroups).all();
  const members = membersOf(db, groups);
  const result = new Map<string, { name: string; members: string[] }>();
  for (const g of groups) {
    const entry = { name: g.name, members: (members.get(g.id) ?? []).map((m) => m.name) };
    for (const p of [normalizeUnitName(g.name), ...phrasesOf(g.phrases)]) if (!result.has(p)) result.set(p, entry);
  }
  return result;
}

export type UnitGroupView = { id: number; name: string; phrases: string[]; kinds: UnitKind[]; members: { id: number; name: string }[]; listed: number[] };

/** The groups with their phrases and members (admin console). */
export function listUnitGroups(db: AppDatabase, actor: Actor): UnitGroupView[] {
  assertCan(actor, 'units.manage');
  const groups = db.select().from(unitGroups).orderBy(asc(unitGroups.id)).all();
  const members = membersOf(db, groups);
  const listed = db.select().from(unitGroupMembers).all();
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    phrases: g.phrases.split(/[、\n]/u).map((p) => p.trim()).filter(Boolean),
    kinds: kindsOf(g.unitKinds),
    members: members.get(g.id) ?? [],
    listed: listed.filter((m) => m.groupId === g.id).map((m) => m.unitId),
  }));
}

export type UnitGroupInput = z.infer<typeof unitGroupSchema>;

/** Creates or edits a group (name, phrases, members), in one transaction, audited. */
export function saveUnitGroup(
  db: AppDatabase,
  actor: Actor,
  raw: unknown,
  at: Date,
  meta: RequestMeta = NO_META,
): { ok: true; id: number } | { ok: false; error: string; fieldErrors?: Partial<Record<string, string[]>> } {
  assertCan(actor, 'units.manage');
  const parsed = unitGroupSchema.safeParse(raw);
  if (!parsed.success) return invalid(parsed.error);
  const input = parsed.data;
  const unitIds = [...new Set(input.unitIds)];
  return db.transaction(
    (tx) => {
      const known = unitIds.length ? tx.select({ id: units.id }).from(units).where(inArray(units.id, unitIds)).all() : [];
      if (known.length !== unitIds.length) return { ok: false as const, error: '成员单位不存在，请刷新后重试' };
      const sameName = tx.select({ id: unitGroups.id }).from(unitGroups).where(eq(unitGroups.name, input.name)).get();
      if (sameName && sameName.id !== input.id) return { ok: false as const, error: '已有同名单位组', fieldErrors: { name: ['已有同名单位组'] } };
      let id: number;
      if (input.id) {
        const existing = tx.select({ id: unitGroups.id }).from(unitGroups).where(eq(unitGroups.id, input.id)).get();
        if (!existing) return { ok: false as const, error: '找不到该单位组' };
        id = existing.id;
        tx.update(unitGroups).set({ name: input.name, phrases: input.phrases }).where(eq(unitGroups.id, id)).run();
        tx.delete(unitGroupMembers).where(eq(unitGroupMembers.groupId, id)).run();
      } else {
        id = tx.insert(unitGroups).values({ name: input.name, phrases: input.phrases }).returning({ id: unitGroups.id }).get().id;
      }
      for (const unitId of unitIds) tx.insert(unitGroupMembers).values({ groupId: id, unitId }).run();
      writeAudit(tx, actor, { action: 'unitGroup.save', entityType: 'unit_group', entityId: id, detail: { name: input.name, members: unitIds.length } }, meta, at);
      return { ok: true as const, id };
    },
    { behavior: 'immediate' },
  );
}
