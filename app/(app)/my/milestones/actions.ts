'use server';

import { action } from '@/lib/actions/action-client';
import { reviewPlan, savePlan, tickMilestone, untickMilestone } from '@/lib/milestones/milestone-service';
import { reviewPlanSchema, savePlanSchema, tickMilestoneSchema, untickMilestoneSchema } from '@/lib/milestones/schemas';

/** 时间节点 show on the task page, the report editor, the unit timelines and the office's queue. */
const SHOWN = {
  revalidate: [['/tasks/[id]', 'page'], ['/my/tasks/[id]', 'page'], '/my/milestones', ['/units/[id]/milestones', 'page'], '/approvals'],
} as const;

export const saveMilestonePlanAction = action({ ...SHOWN, schema: savePlanSchema, permission: 'milestones.write', run: savePlan });
export const reviewMilestonePlanAction = action({ ...SHOWN, schema: reviewPlanSchema, permission: 'milestones.review', run: reviewPlan });
export const tickMilestoneAction = action({ ...SHOWN, schema: tickMilestoneSchema, permission: 'milestones.write', run: tickMilestone });
export const untickMilestoneAction = action({ ...SHOWN, schema: untickMilestoneSchema, permission: 'milestones.write', invalidMessage: '时间节点编号不正确', run: untickMilestone });
