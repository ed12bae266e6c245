import Link from 'next/link';
import { MilestoneList } from '@/components/milestone-list';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { formatDateTime } from '@/lib/format';
import { listSubmittedPlans } from '@/lib/milestones/milestone-service';
import { MilestoneReviewForm } from './milestone-review-form';

/** 时间节点计划 waiting for the office, oldest first: each with its milestones and, for the office, 批准 / 退回. */
export async function MilestonePlanQueue({ ctx }: { ctx: ServiceContext }) {
  const items = await listSubmittedPlans(ctx);
  const decides = can(ctx.actor, 'milestones.review');
  return (
    <SectionCard aria-labelledby="milestone-queue-title" titleId="milestone-queue-title" title={`时间节点计划（${items.length}）`} contentClassName="flex flex-col gap-3">
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">暂无待审核的时间节点计划</p>
      ) : (
        items.map((p) => (
          <article key={p.planId} className="flex flex-col gap-3 rounded-md border p-3" data-milestone-plan={p.taskTitle} aria-label={`${p.unitName}的时间节点计划`}>
            <div className="flex flex-col gap-0.5">
              <Link href={`/tasks/${p.taskId}#milestones`} className="font-medium text-primary hover:underline">
                {p.taskLabel} {p.taskTitle}
              </Link>
              <p className="text-xs text-muted-foreground">
                {p.unitName}
                {p.submittedAt && ` · ${formatDateTime(p.submittedAt)} 报送`} · {p.milestones.length} 个节点
              </p>
            </div>
            <MilestoneList items={p.milestones} />
            {decides && <MilestoneReviewForm planId={p.planId} version={p.version} />}
          </article>
        ))
      )}
    </SectionCard>
  );
}
