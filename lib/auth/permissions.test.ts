import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/errors';
import { assertCan, can, PERMISSIONS, type Permission } from './permissions';
import { ROLES, type Role } from './roles';

/** The expected matrix, written out by hand so that a change to PERMISSIONS must be deliberate. */
const EXPECTED: Record<Permission, Record<Role, boolean>> = {
  'ledger.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true },
  'units.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true },
  'myTasks.read': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'reports.write': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'contributions.write': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'reports.signOff': { reporter: false, unit_head: true, supervisor: false, leader: false, admin: false },
  'reports.readAll': { reporter: false, unit_head: false, supervisor: true, leader: true, admin: true },
  'reports.review': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'flags.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'notices.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'notices.respond': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'instructions.write': { reporter: false, unit_head: false, supervisor: false, leader: true, admin: false },
  'instructions.respond': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'reminders.send': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'settings.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true },
  'indicators.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: true },
  'calendar.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true },
  'oversight.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true },
  'assessment.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true },
  'assessment.lock': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'assessment.explain': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'exports.read': { reporter: true, unit_head: true, supervisor: true, leader: true, admin: true },
  'bulletin.read': { reporter: false, unit_head: false, supervisor: true, leader: true, admin: true },
  'units.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true },
  'users.manage': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true },
  'plans.manage': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: true },
  'items.register': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'plans.import': { reporter: false, unit_head: false, supervisor: false, leader: false, admin: true },
  'tasks.sign': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'milestones.write': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'milestones.review': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'extensions.request': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'extensions.decide': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'extensions.approveLong': { reporter: false, unit_head: false, supervisor: false, leader: true, admin: false },
  'closures.request': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'closures.decide': { reporter: false, unit_head: false, supervisor: true, leader: false, admin: false },
  'problems.raise': { reporter: true, unit_head: true, supervisor: false, leader: false, admin: false },
  'problems.answer': { reporter: false, unit_head: false, supervisor: true, leader: true, admin: false },
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

  it('a unit role without a unit acts for nobody', () => {
    expect(can({ role: 'reporter', unitId: null }, 'myTasks.read')).toBe(false);
    expect(can({ role: 'unit_head', unitId: null }, 'ledger.read')).toBe(false);
    // Roles that do not act for a unit don't need one.
    expect(can({ role: 'leader', unitId: null }, 'ledger.read')).toBe(true);
  });
});
