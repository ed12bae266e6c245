/** Units and unit groups of two districts (the same unit names, other ids): each district sees and keeps its own. */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, unitGroupMembers, unitGroups, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { activePlans } from '@/lib/plans/plan-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { listUnitGroups, saveUnitGroup } from './unit-group-service';
import { listUnitOptions, listUnits, resolveUnitFilter, resolveUnitId, unitFilterField } from './unit-service';

const env = useSeededDb();
let d2: SecondDistrict;
let actors: { district: number; supervisor: Actor; reporter: Actor; admin: Actor }[];
let city: Actor;
const unitIdsOf = async (districtId: number) => new Set((await env.db.select({ id: units.id }).from(units).where(eq(units.districtId, districtId))).map((u) => u.id));
const groupIdsOf = async (districtId: number) => (await env.db.select({ id: unitGroups.id }).from(unitGroups).where(eq(unitGroups.districtId, districtId))).map((g) => g.id);

beforeAll(async () => {
  d2 = await addSecondDistrict(env.db);
  actors = [
    { district: FIRST_DISTRICT_ID, supervisor: env.supervisor(), reporter: env.fgj(), admin: env.admin() },
    { district: d2.districtId, supervisor: await d2.actor('supervisor'), reporter: await d2.actor('reporter', '区发展和改革局'), admin: await d2.actor('admin') },
  ];
  city = await actorFor(env.db, 'city_supervisor', null);
});

describe('districts', () => {
  it('unit lists, options, the filter field and the filter: the district’s units only', async () => {
    const allPlans = await activePlans(env.db, { kind: 'all' });
    for (const [i, a] of actors.entries()) {
      const own = await unitIdsOf(a.district);
      const other = await unitIdsOf(actors[1 - i]!.district);
      for (const actor of [a.supervisor, a.reporter]) {
        const ctx = env.as(actor);
        // Lists of both districts in view: the other's tasks count for nothing.
        const listed = await listUnits(ctx, allPlans);
        expect(listed.every((u) => own.has(u.id))).toBe(true);
        expect(listed.find((u) => u.name === '区发展和改革局')!.leadCount).toBeGreaterThan(0);
        expect(listed.find((u) => u.name === '区投资促进服务中心')!.aliases).toEqual(['区投资促进中心']);
        const options = await listUnitOptions(ctx);
        expect(options.length).toBe(listed.length);
        expect(options.every((u) => own.has(u.id))).toBe(true);
        expect(await unitFilterField(ctx)).toMatchObject({ mode: 'select', units: options });
        const fgj = (await resolveUnitId(env.db, a.district, '区发改局'))!;
        expect(own.has(fgj)).toBe(true);
        expect(await resolveUnitFilter(ctx, { unitName: '区发改局' })).toEqual({ unitId: fgj, unitName: '区发展和改革局', problem: undefined });
        expect((await resolveUnitFilter(ctx, { unitName: '发展和改革' })).unitId).toBe(fgj);
        // Another district's unit id names nothing (as a missing id).
        const otherFgj = (await resolveUnitId(env.db, actors[1 - i]!.district, '区发改局'))!;
        expect(other.has(otherFgj)).toBe(true);
        expect(await resolveUnitFilter(ctx, { unit: otherFgj })).toEqual({ ...(await resolveUnitFilter(ctx, { unit: 999_999 })), unitId: otherFgj });
        expect((await resolveUnitFilter(ctx, { unit: otherFgj })).unitName).toBeUndefined();
      }
    }
    // The city office reads every district's units.
    const cityOptions = await listUnitOptions(env.as(city));
    expect(cityOptions.length).toBe((await unitIdsOf(FIRST_DISTRICT_ID)).size + (await unitIdsOf(d2.districtId)).size);
  });

  it('unit groups: each admin lists and edits its own; the other district’s groups and units are not found, nothing written', async () => {
    for (const [i, a] of actors.entries()) {
      const ctx = env.as(a.admin);
      const other = actors[1 - i]!.district;
      const groups = await listUnitGroups(ctx);
      expect(groups.map((g) => g.id).sort()).toEqual((await groupIdsOf(a.district)).sort());
      const own = await unitIdsOf(a.district);
      expect(groups.every((g) => g.members.every((m) => own.has(m.id)))).toBe(true);
      const otherGroup = (await groupIdsOf(other))[0]!;
      const otherUnit = [...(await unitIdsOf(other))][0]!;
      const before = { groups: await env.db.select().from(unitGroups), members: await env.db.select().from(unitGroupMembers) };
      expect(await saveUnitGroup(ctx, { id: otherGroup, name: '改名', phrases: '', unitIds: [] })).toEqual({ ok: false, error: '找不到该单位组' });
      expect(await saveUnitGroup(ctx, { name: '农业口', phrases: '', unitIds: [otherUnit] })).toEqual({ ok: false, error: '成员单位不存在，请刷新后重试' });
      expect({ groups: await env.db.select().from(unitGroups), members: await env.db.select().from(unitGroupMembers) }).toEqual(before);
    }
    // A group name is unique within a district only: both districts may keep 农业口.
    for (const a of actors) {
      const agri = (await resolveUnitId(env.db, a.district, '区农业农村局'))!;
      const r = await saveUnitGroup(env.as(a.admin), { name: '农业口', phrases: '涉农部门', unitIds: [agri] });
      expect(r.ok).toBe(true);
      const [row] = await env.db.select({ districtId: unitGroups.districtId }).from(unitGroups).where(eq(unitGroups.id, r.ok ? r.id : -1));
      expect(row!.districtId).toBe(a.district);
    }
    expect(await env.db.select().from(auditLog).where(eq(auditLog.action, 'unitGroup.save'))).toHaveLength(2);
    // The city office keeps no district's groups.
    await expect(saveUnitGroup(env.as(city), { name: '城市组', phrases: '', unitIds: [] })).rejects.toThrow(ForbiddenError);
  });
});
