'use server';

import { action, type Revalidation } from '@/lib/actions/action-client';
import { unitActiveSchema, unitAliasSchema, unitMergeSchema, unitRenameSchema } from '@/lib/admin/schemas';
import { addUnitAlias, mergeUnits, renameUnit, setUnitActive } from '@/lib/admin/unit-admin-service';

// Unit names and aliases show on every page (ledger, pickers, units list).
const EVERY_PAGE: readonly Revalidation[] = [['/', 'layout']];

export const renameUnitAction = action({
  schema: unitRenameSchema,
  permission: 'units.manage',
  revalidate: EVERY_PAGE,
  run: (ctx, input) => renameUnit(ctx, input),
});

export const addUnitAliasAction = action({
  schema: unitAliasSchema,
  permission: 'units.manage',
  revalidate: EVERY_PAGE,
  run: (ctx, input) => addUnitAlias(ctx, input),
});

export const mergeUnitAction = action({
  schema: unitMergeSchema,
  permission: 'units.manage',
  revalidate: EVERY_PAGE,
  run: (ctx, input) => mergeUnits(ctx, input),
});

export const setUnitActiveAction = action({
  schema: unitActiveSchema,
  permission: 'units.manage',
  revalidate: EVERY_PAGE,
  run: (ctx, input) => setUnitActive(ctx, input),
});
