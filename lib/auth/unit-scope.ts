import { ForbiddenError } from '@/lib/errors';
import type { Actor } from './actor';
import { UNIT_ROLES, type Role } from './roles';

/**
 * Whose rows a query may return: every unit (the office, leaders, the administrator) or one unit
 * (its own staff). Services put this in the WHERE clause; it is named here instead of being read
 * off a permission that means something else.
 */
export type UnitScope = { kind: 'all' } | { kind: 'unit'; unitId: number };

/** A unit's staff member with a unit: what unit-scoped services need. */
export type UnitActor = Actor & { unitId: number };

export function isUnitActor(actor: Actor): actor is UnitActor {
  return UNIT_ROLES.includes(actor.role) && typeof actor.unitId === 'number';
}

/**
 * The oversight roles (the office, leaders, the system administrator; the city office, of the
 * district it views) see every unit of their district. The security
 * and the audit administrator (三员分立) see no unit's business data at all: not "every unit".
 */
const OVERSIGHT_ROLES: readonly Role[] = ['supervisor', 'leader', 'admin', 'city_supervisor'];

export function seesAllUnits(actor: Pick<Actor, 'role'>): boolean {
  return OVERSIGHT_ROLES.includes(actor.role);
}

export function unitScopeOf(actor: Actor): UnitScope {
  if (seesAllUnits(actor)) return { kind: 'all' };
  // A unit role without a unit (a misconfigured account) acts for nobody.
  if (!isUnitActor(actor)) throw new ForbiddenError();
  return { kind: 'unit', unitId: actor.unitId };
}

/** The actor's own unit; refuses anyone who does not act for a unit. */
export function ownUnitId(actor: Actor): number {
  if (!isUnitActor(actor)) throw new ForbiddenError();
  return actor.unitId;
}
