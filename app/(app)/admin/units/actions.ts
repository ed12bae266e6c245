'use server';

import { action } from '@/lib/actions/action-client';
import { unitActiveSchema, unitAliasSchema, unitMergeSchema, unitRenameSchema } from '@/lib/admin/schemas';
import { addUnitAlias, mergeUnits, renameUnit, setUnitActive } from '@/lib/admin/unit-admin-service';

/** Unit names and aliases show on every page (ledger, pickers, units list). */
const MANAGE_UNITS = { permission: 'units.manage', revalidate: [['/', 'layout']] } as const;

export const renameUnitAction = action({ ...MANAGE_UNITS, schema: unitRenameSchema, run: renameUnit });
export const addUnitAliasAction = action({ ...MANAGE_UNITS, schema: unitAliasSchema, run: addUnitAlias });
export const mergeUnitAction = action({ ...MANAGE_UNITS, schema: unitMergeSchema, run: mergeUnits });
export const setUnitActiveAction = action({ ...MANAGE_UNITS, schema: unitActiveSchema, run: setUnitActive });
