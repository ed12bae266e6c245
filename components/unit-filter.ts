import type { ServiceContext } from '@/lib/context';
import { resolveUnitFilter, unitNameParamSchema, type ResolvedUnitFilter } from '@/lib/units/unit-service';

type Query = Record<string, string | string[] | undefined>;

/**
 * The server half of a list page's filter form (UnitField and its neighbours): the query parsed
 * with the page's schema, and the unit resolved from its id or from a name typed into UnitField's
 * search box. `filter.unit` is the resolved id; `unitFilter` says what was typed and any problem.
 */
export async function readListFilter<T extends { unit?: number }>(
  ctx: ServiceContext,
  schema: { parse: (raw: unknown) => T },
  raw: Query,
): Promise<{ filter: T & { unit: number | undefined }; unitFilter: ResolvedUnitFilter }> {
  const parsed = schema.parse(raw);
  const unitFilter = await resolveUnitFilter(ctx, { unit: parsed.unit, unitName: unitNameParamSchema.parse(raw.unitName) });
  return { filter: { ...parsed, unit: unitFilter.unitId }, unitFilter };
}
