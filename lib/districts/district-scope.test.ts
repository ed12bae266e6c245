import { describe, expect, it } from 'vitest';
import { tasks } from '@/db/schema';
import { ForbiddenError } from '@/lib/errors';
import { districtKey, districtScopeOf, inDistrict, ownDistrictId } from './district-scope';

const actor = (role: Parameters<typeof districtScopeOf>[0]['role'], districtId: number | null) => ({ role, districtId });

describe('district scope', () => {
  it('a district account reads and writes its own district', () => {
    for (const role of ['reporter', 'unit_head', 'supervisor', 'leader', 'admin'] as const) {
      expect(districtScopeOf(actor(role, 2))).toEqual({ kind: 'district', districtId: 2 });
      expect(ownDistrictId(actor(role, 2))).toBe(2);
    }
  });

  it('the city office reads every district, or the one it views, and writes in none', () => {
    expect(districtScopeOf(actor('city_supervisor', null))).toEqual({ kind: 'all' });
    expect(districtScopeOf(actor('city_supervisor', 3))).toEqual({ kind: 'district', districtId: 3 });
    expect(() => ownDistrictId(actor('city_supervisor', 3))).toThrow(ForbiddenError);
    expect(() => ownDistrictId(actor('city_supervisor', null))).toThrow(ForbiddenError);
  });

  it('an account without a district (the security and audit administrators) reads no district', () => {
    for (const role of ['security_admin', 'audit_admin', 'supervisor'] as const) {
      expect(() => districtScopeOf(actor(role, null))).toThrow(ForbiddenError);
      expect(() => ownDistrictId(actor(role, null))).toThrow(ForbiddenError);
    }
  });

  it('puts the district in the WHERE clause, or nothing for every district', () => {
    expect(inDistrict(tasks.districtId, { kind: 'all' })).toBeUndefined();
    expect(inDistrict(tasks.districtId, { kind: 'district', districtId: 2 })).toBeDefined();
    expect(districtKey({ kind: 'district', districtId: 2 })).not.toBe(districtKey({ kind: 'district', districtId: 1 }));
    expect(districtKey({ kind: 'all' })).not.toBe(districtKey({ kind: 'district', districtId: 1 }));
  });
});
