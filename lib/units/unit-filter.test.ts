import { beforeAll, describe, expect, it } from 'vitest';
import { units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { resolveUnitFilter, resolveUnitId, UNIT_SELECT_LIMIT, unitFilterField, unitNameParamSchema } from './unit-service';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

const env = useSeededDb();
/** The office's supervisor (made in beforeAll, once the database exists). */
let supervisorActor: Actor;
beforeAll(async () => {
  supervisorActor = await actorFor(env.db, 'supervisor', '区政府督查室');
});
const supervisor = () => env.as(supervisorActor);

describe('unit filter of the lists', () => {
  it('resolves a full name, an alias or a unique part of a name; explains anything else', async () => {
    const fgj = (await resolveUnitId(env.db, FIRST_DISTRICT_ID, '区发展和改革局'))!;
    expect(await resolveUnitFilter(supervisor(), { unitName: '区发展和改革局' })).toEqual({ unitId: fgj, unitName: '区发展和改革局', problem: undefined });
    expect((await resolveUnitFilter(supervisor(), { unitName: '发展和改革' })).unitId).toBe(fgj);
    const none = await resolveUnitFilter(supervisor(), { unitName: '不存在的单位' });
    expect(none.unitId).toBeUndefined();
    expect(none.problem).toContain('未找到');
    const many = await resolveUnitFilter(supervisor(), { unitName: '区' });
    expect(many.unitId).toBeUndefined();
    expect(many.problem).toContain('多个单位');
    // An id from a drill-down link shows its name in the field.
    expect((await resolveUnitFilter(supervisor(), { unit: fgj })).unitName).toBe('区发展和改革局');
    expect(await resolveUnitFilter(supervisor(), {})).toEqual({ unitId: undefined, unitName: undefined, problem: undefined });
    expect(unitNameParamSchema.parse(['a', 'b'])).toBeUndefined();
    expect(unitNameParamSchema.parse('  ')).toBeUndefined();
  });

  it('offers a drop-down for a district and a name field for thousands of units', async () => {
    const district = await unitFilterField(supervisor());
    expect(district.mode).toBe('select');
    const names = district.mode === 'select' ? district.units.map((u) => u.name) : [];
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN').compare));
    await env.db.insert(units).values(Array.from({ length: UNIT_SELECT_LIMIT }, (_, i) => ({ districtId: FIRST_DISTRICT_ID, name: `测试单位${i + 1}号` })));
    const province = await unitFilterField(supervisor());
    expect(province.mode).toBe('search');
    expect(province.mode === 'search' && province.unitCount).toBeGreaterThan(UNIT_SELECT_LIMIT);
  });
});
