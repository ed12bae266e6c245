import { ExtensionHistory } from '@/components/extensions/extension-history';
import { ExtensionRequestForm } from '@/components/extensions/extension-request-form';
import { MilestoneExtensionForm } from '@/components/extensions/milestone-extension-form';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import type { Actor } from '@/lib/auth/actor';
import { movedDateText } from '@/lib/extensions/extension-rules';
import type { TaskDetail } from '@/lib/ledger/ledger-service';
import { leadMayAsk, type TaskPageData } from '@/lib/ledger/task-page';

/**
 * 延期申请 on the task page: the deadline in force beside the original, the lead unit's "申请延期"
 * form for the task's deadline, and the task's requests (a unit sees its own; the office every unit's).
 */
export function TaskDeadlineExtension({ actor, task, data: { rows, milestones } }: { actor: Actor; task: TaskDetail; data: TaskPageData['extensions'] }) {
  const lead = actor.unitId !== null && task.lead.some((u) => u.id === actor.unitId);
  const mayAsk = leadMayAsk(actor, task) && !!task.deadline;
  if (rows.length === 0 && !mayAsk && !task.originalDeadline && milestones.length === 0) return null;
  return (
    <SectionCard id="extensions" aria-labelledby="extensions-title" titleId="extensions-title" title="延期申请" headerClassName="" contentClassName="flex flex-col gap-3">
      {task.deadline && (
        <p className="text-sm" data-testid="task-deadline">
          完成时限：<span className="font-medium">{movedDateText(task.deadline, task.originalDeadline)}</span>
        </p>
      )}
      {mayAsk && <ExtensionRequestForm target={{ subject: 'task_deadline', taskId: task.id }} dateInForce={task.deadline!} label="完成时限" idPrefix="ext-task" />}
      {milestones.map((m) => (
        <div key={m.id} className="flex flex-col gap-1" data-extension-milestone={m.id}>
          <p className="text-sm">
            时间节点“{m.deliverable}”：<span className="font-medium">{movedDateText(m.dueOn, m.originalDueOn)}</span>
          </p>
          <MilestoneExtensionForm taskId={task.id} milestone={m} />
        </div>
      ))}
      <ExtensionHistory rows={rows} canWithdraw={can(actor, 'extensions.request')} showUnit={!lead} />
    </SectionCard>
  );
}
