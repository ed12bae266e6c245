import Link from 'next/link';
import { MilestoneList } from '@/components/milestone-list';
import { Badge } from '@/components/ui/badge';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import type { TaskMilestones } from '@/lib/milestones/milestone-service';
import type { Actor } from '@/lib/auth/actor';
import { MilestonePlanEditor } from './milestone-plan-editor';

/**
 * 时间节点 on the task page: the plan's status and its milestones as a timeline, for the oversight
 * roles and the task's own units; the lead unit gets the editor while the plan is a draft or returned.
 */
export function MilestoneSection({ actor, taskId, data }: { actor: Actor; taskId: number; data: TaskMilestones | null }) {
  if (!data) return null;
  const { plan, milestones, role, editable } = data;
  if (!plan && !editable) return null;
  const canEdit = editable && can(actor, 'milestones.write');
  return (
    <SectionCard
      id="milestones"
      aria-labelledby="milestones-title"
      titleId="milestones-title"
      title={
        <span className="flex flex-wrap items-center gap-2">
          时间节点
          {plan && (
            <Badge variant={plan.status === 'approved' ? 'default' : plan.status === 'returned' ? 'warning' : 'secondary'} data-testid="milestone-plan-status">
              {plan.statusLabel}
            </Badge>
          )}
        </span>
      }
      headerClassName=""
      contentClassName="flex flex-col gap-4"
    >
      {plan && (
        <p className="text-xs text-muted-foreground">
          {plan.submittedAt && `${plan.submittedByName ?? ''} ${formatDateTime(plan.submittedAt)} 报送`}
          {plan.reviewedAt && `；${plan.reviewedByName ?? '督查室'} ${formatDateTime(plan.reviewedAt)} ${plan.status === 'approved' ? '批准' : '审核'}`}
          {plan.status === 'approved' ? '。已批准的节点决定“进度”灯（不再按序时进度），节点日期通过延期申请调整。' : ''}
          {plan.status !== 'approved' ? '。批准前“进度”灯仍按序时进度。' : ''}
        </p>
      )}
      {plan?.status === 'returned' && plan.reviewComment && (
        <p role="alert" className="rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive" data-testid="milestone-return-comment">
          督查室退回意见：{plan.reviewComment}
        </p>
      )}
      {milestones.length > 0 && <MilestoneList items={milestones} />}
      {canEdit && (
        <details open={!plan || plan.status === 'returned'} className="rounded-md border bg-white p-3">
          <summary className="cursor-pointer text-sm font-medium">{plan ? '修改时间节点计划' : '填报时间节点计划'}</summary>
          <div className="mt-3">
            <MilestonePlanEditor
              taskId={taskId}
              version={plan?.version ?? 0}
              indicators={data.indicators}
              rows={milestones.map((m) => ({ id: m.id, dueOn: m.dueOn, deliverable: m.deliverable, indicatorId: m.indicatorId, indicatorValue: m.indicatorValue }))}
            />
          </div>
        </details>
      )}
      {!plan && role === 'lead' && !canEdit && <p className="text-sm text-muted-foreground">尚未填报时间节点计划</p>}
      {role !== null && (
        <Link href="/my/milestones" className="text-sm text-primary hover:underline">
          本单位全部时间节点 →
        </Link>
      )}
    </SectionCard>
  );
}
