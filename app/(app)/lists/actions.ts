'use server';

import { action } from '@/lib/actions/action-client';
import { registerItem } from '@/lib/plans/item-service';
import { planSettingsSchema, planStatusSchema, registerItemSchema, taskAssignmentSchema } from '@/lib/plans/plan-schemas';
import { assignTask, setPlanStatus, updatePlanSettings } from '@/lib/plans/plan-service';

/** A list's name, status and items show on every page (the list switcher, the ledger). */
const EVERY_PAGE = { revalidate: [['/', 'layout']] } as const;

/** 清单设置: short name and kind. */
export const updatePlanSettingsAction = action({ ...EVERY_PAGE, schema: planSettingsSchema, permission: 'plans.manage', run: updatePlanSettings });
/** 发布 / 归档 / 恢复 a list. */
export const setPlanStatusAction = action({ ...EVERY_PAGE, schema: planStatusSchema, permission: 'plans.manage', run: setPlanStatus });
/** 分解: one task's units, leaders and deadline, saved as the office goes. */
export const assignTaskAction = action({ schema: taskAssignmentSchema, permission: 'plans.manage', run: assignTask });
/** 立项: an item from a meeting or a leader. */
export const registerItemAction = action({ ...EVERY_PAGE, schema: registerItemSchema, permission: 'items.register', run: registerItem });
