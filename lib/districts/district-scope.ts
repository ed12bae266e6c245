import { eq, type Column, type SQL } from 'drizzle-orm';
import { ForbiddenError } from '@/lib/errors';
import type { Actor } from '@/lib/auth/actor';

/**
 * Whose district a query may read: one district (every account of a district), or every district
 * (the city office, 市督查室, which reads but writes nothing). Services put it in the WHERE clause
 * next to the unit scope; lookups by id match the id AND the district, so another district's ids
 * are "not found", never "forbidden" (they reveal nothing).
 */
export type DistrictScope = { kind: 'district'; districtId: number } | { kind: 'all' };

/** The district an embedded installation has (and every database migrated from before districts). */
export const FIRST_DISTRICT_ID = 1;

/** Roles that read every district. */
const CITY_ROLES: readonly Actor['role'][] = ['city_supervisor'];

export function isCityActor(actor: Pick<Actor, 'role'>): boolean {
  return CITY_ROLES.includes(actor.role);
}

/**
 * The districts an actor reads: its own; for the city office the district it chose to view on
 * /city (kept as its account's district), or every district before it chose one.
 */
export function districtScopeOf(actor: Pick<Actor, 'role' | 'districtId'>): DistrictScope {
  if (actor.districtId !== null) return { kind: 'district', districtId: actor.districtId };
  if (isCityActor(actor)) return { kind: 'all' };
  // Without a district (the security or audit administrator, a broken account): no district's data.
  throw new ForbiddenError();
}

/** The district an actor writes in; the city office and the deployment's administrators write in none. */
export function ownDistrictId(actor: Pick<Actor, 'role' | 'districtId'>): number {
  if (isCityActor(actor) || actor.districtId === null) throw new ForbiddenError();
  return actor.districtId;
}

/** The WHERE condition "this row is in scope" on a district_id column (undefined: every district, which and() skips). */
export function inDistrict(column: Column, scope: DistrictScope): SQL | undefined {
  return scope.kind === 'all' ? undefined : eq(column, scope.districtId);
}

/** inDistrict for an actor. */
export function inActorDistrict(column: Column, actor: Pick<Actor, 'role' | 'districtId'>): SQL | undefined {
  return inDistrict(column, districtScopeOf(actor));
}

/** A memo key part: the same computation for two districts is two entries. */
export function districtKey(scope: DistrictScope): string {
  return scope.kind === 'all' ? 'd*' : `d${scope.districtId}`;
}

/**
 * The one district an actor reads: its own, or the one the city office views. For a page that
 * shows one district's settings (thresholds, calendar); refused for every district at once or none.
 */
export function readDistrictId(actor: Pick<Actor, 'role' | 'districtId'>): number {
  const scope = districtScopeOf(actor);
  if (scope.kind === 'all') throw new ForbiddenError('请先在“全市对比”中选择要查看的行政区');
  return scope.districtId;
}
