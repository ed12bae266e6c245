'use client';

import { ExtensionRequestForm } from './extension-request-form';

/**
 * 申请延期 of one milestone (时间节点), for the lead unit: exported for wherever milestones are
 * listed (the task page places it in its 延期申请 section).
 */
export function MilestoneExtensionForm({ taskId, milestone }: { taskId: number; milestone: { id: number; dueOn: string; deliverable: string } }) {
  return (
    <ExtensionRequestForm
      target={{ subject: 'milestone', taskId, milestoneId: milestone.id }}
      dateInForce={milestone.dueOn}
      label={`时间节点“${milestone.deliverable}”`}
      idPrefix={`ext-m${milestone.id}`}
    />
  );
}
