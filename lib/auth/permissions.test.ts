import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/errors';
import { assertCan, can, PERMISSIONS, type Permission } from './permissions';
import { ROLES, type Role } from './roles';

/** The expected matrix, written out by hand so that a change to PERMISSIONS must be deliberate. */
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  'ledger.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'units.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'myTasks.read': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'reports.write': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'contributions.write': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'reports.signOff': { reporter: false, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'reports.readAll': { reporter: false, unit_head: false, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'reports.review': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'flags.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'notices.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'notices.respond': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'instructions.write': { reporter: false, unit_head: false, supervisor: false, leader: true, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'instructions.respond': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'reminders.send': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'settings.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'indicators.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'calendar.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'oversight.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'assessment.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'assessment.lock': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'assessment.explain': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'exports.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'bulletin.read': { reporter: false, unit_head: false, supervisor: true, leader: true, admin: true, security_admin: false, audit_admin: false, city_supervisor: true },
  'units.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'users.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'plans.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'items.register': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'plans.import': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true, security_admin: false, audit_admin: false, city_supervisor: false },
  'tasks.sign': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'milestones.write': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'milestones.review': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'extensions.request': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'extensions.decide': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'extensions.approveLong': { reporter: false, unit_head: false, supervisor: false, leader: true, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'closures.request': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'closures.decide': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'problems.raise': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'problems.answer': { reporter: false, unit_head: false, supervisor: true, leader: true, admin: false, security_admin: false, audit_admin: false, city_supervisor: false },
  'security.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: false, security_admin: true, audit_admin: false, city_supervisor: false },
  'city.read': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: false, city_supervisor: true },
  'audit.read': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: false, security_admin: false, audit_admin: true, city_supervisor: false },
};

describe('permission module, per role', () => {
  it('covers every permission', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  for (const permission of Object.keys(EXPECTED) as Permission[]) {
    for (const role of ROLES) {
      const expected = EXPECTED[permission][role];
      it(`${role} ${expected ? 'may' : 'may not'} ${permission}`, () => {
        const actor = { role, unitId: 7 };
        expect(can(actor, permission)).toBe(expected);
        if (expected) expect(() => assertCan(actor, permission)).not.toThrow();
        else expect(() => assertCan(actor, permission)).toThrow(ForbiddenError);
      });
    }
  }

  it('refuses anonymous callers everything', () => {
    for (const permission of Object.keys(EXPECTED) as Permission[]) {
      expect(can(null, permission)).toBe(false);
      expect(() => assertCan(undefined, permission)).toThrow('您没有权限执行此操作');
    }
  });

  it('a leader reads everything and writes only instructions, long extensions and answers to problems', () => {
    const writes = (Object.keys(EXPECTED) as Permission[]).filter((p) => !p.endsWith('.read') && p !== 'reports.readAll');
    expect(writes.filter((p) => can({ role: 'leader', unitId: null }, p))).toEqual(['instructions.write', 'extensions.approveLong', 'problems.answer']);
  });

  it('三员分立: each administrator holds only their own powers', () => {
    const held = (role: Role) => (Object.keys(EXPECTED) as Permission[]).filter((p) => can({ role, unitId: null }, p));
    expect(held('security_admin')).toEqual(['security.manage']);
    expect(held('audit_admin')).toEqual(['audit.read']);
    expect(held('admin')).not.toContain('security.manage');
    expect(held('admin')).not.toContain('audit.read');
    expect(held('admin')).toEqual(expect.arrayContaining(['users.manage', 'units.manage', 'plans.import', 'calendar.manage', 'settings.manage']));
  });

  it('a unit role without a unit acts for nobody', () => {
    expect(can({ role: 'reporter', unitId: null }, 'myTasks.read')).toBe(false);
    expect(can({ role: 'unit_head', unitId: null }, 'ledger.read')).toBe(false);
    // Roles that do not act for a unit don't need one.
    expect(can({ role: 'leader', unitId: null }, 'ledger.read')).toBe(true);
  });
});
