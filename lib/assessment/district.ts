/**
 * Which district's scores a request reads. Scores, rankings and locks are per district: a unit is
 * ranked only among its own district's units, weighed with its district's settings, and a month
 * locked in one district is not locked in another. The city office (scope 'all') reads every
 * district, but one district's ranking at a time — never the districts mixed into one ranking.
 */
import { and, asc, inArray } from 'drizzle-orm';
import { districts, plans } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { Reader } from '@/lib/db';
import { districtScopeOf, inDistrict } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';
import { activePlans, type PlanSummary } from '@/lib/plans/plan-scope';

/** Refusal of a ranking asked over lists of several districts (the city office picks one). */
export const ONE_DISTRICT_PLEASE = '考核按行政区分别评分排名，请选择一个行政区';

/** A district's active lists (the month's lock and the city's side-by-side rankings cover them all). */
export function activeListsOf(db: Reader, districtId: number): Promise<PlanSummary[]> {
  return activePlans(db, { kind: 'district', districtId });
}

/**
 * The district whose settings a page shows: the actor's own (another district named: not found,
 * as for a missing one); the city office must name one.
 */
export function viewDistrictId(actor: Pick<Actor, 'role' | 'districtId'>, districtId?: number): number {
  const scope = districtScopeOf(actor);
  if (scope.kind === 'district') {
    if (districtId !== undefined && districtId !== scope.districtId) throw new NotFoundError();
    return scope.districtId;
  }
  if (districtId === undefined) throw new RefusalError(ONE_DISTRICT_PLEASE);
  return districtId;
}

/**
 * The lists in view that the actor may read, and the one district they belong to. A district's
 * account keeps its own district's lists (another district's list is dropped, as if it did not
 * exist); the city office's lists must all be of one district (null: no list in view).
 */
export async function listsOfOneDistrict(db: Reader, actor: Pick<Actor, 'role' | 'districtId'>, inView: readonly PlanSummary[]): Promise<{ districtId: number | null; lists: PlanSummary[] }> {
  const scope = districtScopeOf(actor);
  const own = scope.kind === 'district' ? scope.districtId : null;
  if (inView.length === 0) return { districtId: own, lists: [] };
  const rows = await db
    .select({ id: plans.id, districtId: plans.districtId })
    .from(plans)
    .where(
      and(
        inArray(
          plans.id,
          inView.map((p) => p.id),
        ),
        inDistrict(plans.districtId, scope),
      ),
    );
  const districtOf = new Map(rows.map((r) => [r.id, r.districtId]));
  const lists = inView.filter((p) => districtOf.has(p.id));
  if (own !== null) return { districtId: own, lists };
  const seen = [...new Set(districtOf.values())];
  if (seen.length > 1) throw new RefusalError(ONE_DISTRICT_PLEASE);
  return { districtId: seen[0] ?? null, lists };
}

/** The districts the actor reads, in order of their ids: its own, or every one for the city office. */
export async function districtsInScope(db: Reader, actor: Pick<Actor, 'role' | 'districtId'>): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: districts.id, name: districts.name })
    .from(districts)
    .where(inDistrict(districts.id, districtScopeOf(actor)))
    .orderBy(asc(districts.id));
}
