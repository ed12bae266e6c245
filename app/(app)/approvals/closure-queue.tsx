import Link from 'next/link';
import { ClosureDecisionForm } from '@/app/(app)/tasks/[id]/closure-forms';
import { AttachmentList } from '@/components/attachment-panel';
import { SectionCard } from '@/components/ui/card';
import { can } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { formatDateTime } from '@/lib/format';
import { listPendingClosures } from '@/lib/lifecycle/closure-service';

/** 办结申请 waiting for the office, oldest first: task, unit, what was done, when; for the office 同意办结 / 退回. */
export async function ClosureQueue({ ctx }: { ctx: ServiceContext }) {
  const items = await listPendingClosures(ctx);
  const decides = can(ctx.actor, 'closures.decide');
  return (
    <SectionCard aria-labelledby="closure-queue-title" titleId="closure-queue-title" title={`办结申请（${items.length}）`} contentClassName="flex flex-col gap-3">
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">暂无待审核的办结申请</p>
      ) : (
        items.map((r) => (
          <article key={r.id} className="flex flex-col gap-2 rounded-md border p-3" data-closure-request={r.taskTitle} aria-label={`${r.unitName}的办结申请`}>
            <div className="flex flex-col gap-0.5">
              <Link href={`/tasks/${r.taskId}`} className="font-medium text-primary hover:underline">
                {r.taskLabel} {r.taskTitle}
              </Link>
              <p className="text-xs text-muted-foreground">
                {r.unitName}（{r.requestedBy}）· {formatDateTime(r.requestedAt)} 申请
              </p>
            </div>
            <p className="text-sm">完成情况：{r.summary}</p>
            {r.evidence.length > 0 && <AttachmentList items={r.evidence} />}
            {decides && <ClosureDecisionForm requestId={r.id} idPrefix="queue-closure" />}
          </article>
        ))
      )}
    </SectionCard>
  );
}
