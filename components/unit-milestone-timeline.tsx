import { MilestoneList } from '@/components/milestone-list';
import { SectionCard } from '@/components/ui/card';
import type { UnitMilestone } from '@/lib/milestones/milestone-service';
import { PLAN_STATUS_LABELS } from '@/lib/milestones/milestone-rules';

/**
 * A unit's 时间节点 across its tasks, by date: what is open first (missed, then coming), then what
 * is done. Milestones of plans not yet approved are shown apart (they do not yet count).
 */
export function UnitMilestoneTimeline({ items }: { items: UnitMilestone[] }) {
  const rows = (list: UnitMilestone[]) => list.map((m) => ({ ...m, task: { id: m.taskId, label: m.taskLabel, title: m.taskTitle } }));
  const approved = items.filter((m) => m.planStatus === 'approved');
  const open = approved.filter((m) => m.status !== 'done');
  const done = approved.filter((m) => m.status === 'done');
  const pending = items.filter((m) => m.planStatus !== 'approved');
  const missed = open.filter((m) => m.status === 'due' || m.status === 'overdue').length;
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-muted-foreground" data-testid="unit-milestone-summary">
        已批准节点 {approved.length} 个：已完成 {done.length} 个，到期未完成 {missed} 个，未到期 {open.length - missed} 个
        {pending.length > 0 && `；另有 ${pending.length} 个节点所在计划尚未批准`}
      </p>
      <SectionCard title="未完成" aria-label="未完成的时间节点">
        <MilestoneList items={rows(open)} empty="没有未完成的时间节点" />
      </SectionCard>
      <SectionCard title="已完成" aria-label="已完成的时间节点">
        <MilestoneList items={rows(done)} empty="暂无已完成的时间节点" />
      </SectionCard>
      {pending.length > 0 && (
        <SectionCard title="未批准的计划" aria-label="未批准计划中的时间节点">
          <MilestoneList items={rows(pending)}>{(m) => <p className="text-xs text-muted-foreground">计划{PLAN_STATUS_LABELS[(m as UnitMilestone).planStatus]}</p>}</MilestoneList>
        </SectionCard>
      )}
    </div>
  );
}
