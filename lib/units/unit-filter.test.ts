import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units } from '@/db/schema';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { resolveUnitFilter, resolveUnitId, UNIT_SELECT_LIMIT, unitFilterField, unitNameParamSchema } from './unit-service';

let env: Awaited<ReturnType<typeof createSeededDb>>;
beforeAll(async () => {
  env = await createSeededDb();
});
afterAll(() => env.cleanup());
const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室');

describe('unit filter of the lists', () => {
  it('resolves a full name, an alias or a unique part of a name; explains anything else', () => {
    const fgj = resolveUnitId(env.db, '区发展和改革局')!;
    expect(resolveUnitFilter(env.db, supervisor(), { unitName: '区发展和改革局' })).toEqual({ unitId: fgj, unitName: '区发展和改革局', problem: undefined });
    expect(resolveUnitFilter(env.db, supervisor(), { unitName: '发展和改革' }).unitId).toBe(fgj);
    const none = resolveUnitFilter(env.db, supervisor(), { unitName: '不存在的单位' });
    expect(none.unitId).toBeUndefined();
    expect(none.problem).toContain('未找到');
    const many = resolveUnitFilter(env.db, supervisor(), { unitName: '区' });
    expect(many.unitId).toBeUndefined();
    expect(many.problem).toContain('多个单位');
    // An id from a drill-down link shows its name in the field.
    expect(resolveUnitFilter(env.db, supervisor(), { unit: fgj }).unitName).toBe('区发展和改革局');
    expect(resolveUnitFilter(env.db, supervisor(), {})).toEqual({ unitId: undefined, unitName: undefined, problem: undefined });
    expect(unitNameParamSchema.parse(['a', 'b'])).toBeUndefined();
    expect(unitNameParamSchema.parse('  ')).toBeUndefined();
  });

  it('offers a drop-down for a district and a name field for thousands of units', () => {
    const district = unitFilterField(env.db, supervisor());
    expect(district.mode).toBe('select');
    const names = district.mode === 'select' ? district.units.map((u) => u.name) : [];
    expect(names).toEqual([...names].sort(new Intl.Collator('zh-CN').compare));
    env.db
      .insert(units)
      .values(Array.from({ length: UNIT_SELECT_LIMIT }, (_, i) => ({ name: `测试单位${i + 1}号` })))
      .run();
    const province = unitFilterField(env.db, supervisor());
    expect(province.mode).toBe('search');
    expect(province.mode === 'search' && province.unitCount).toBeGreaterThan(UNIT_SELECT_LIMIT);
  });
});
