import { and, eq, inArray } from 'drizzle-orm';
import { plans } from '@/db/schema';
import type { Reader } from '@/lib/db';
import { inDistrict, type DistrictScope } from '@/lib/districts/district-scope';

/**
 * The district of each of these lists that the scope may read. A list of another district is left
 * out, as if it did not exist: the pages pass the lists in view, and an id of another district must
 * reveal nothing. The city office gets every list, each with its own district (whose settings apply).
 */
export async function districtOfPlans(db: Reader, scope: DistrictScope, planIds: readonly number[]): Promise<Map<number, number>> {
  const ids = [...new Set(planIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: plans.id, districtId: plans.districtId })
    .from(plans)
    .where(and(ids.length === 1 ? eq(plans.id, ids[0]!) : inArray(plans.id, ids), inDistrict(plans.districtId, scope)));
  return new Map(rows.map((r) => [r.id, r.districtId]));
}

/** The lists of `inView` in the scope, in their order. */
export function keepInScope<P extends { id: number }>(inView: readonly P[], districtOf: ReadonlyMap<number, number>): P[] {
  return inView.filter((p) => districtOf.has(p.id));
}
