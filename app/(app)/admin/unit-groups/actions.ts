'use server';

import { action } from '@/lib/actions/action-client';
import { unitGroupSchema } from '@/lib/units/unit-group-schema';
import { saveUnitGroup } from '@/lib/units/unit-group-service';

/** 单位组: create or edit a group (name, the phrases that stand for it, its member units). */
export const saveUnitGroupAction = action({ schema: unitGroupSchema, permission: 'units.manage', revalidate: ['/admin/unit-groups'], run: saveUnitGroup });
