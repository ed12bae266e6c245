import Link from 'next/link';
import { MilestoneList } from '@/components/milestone-list';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { milestonesForReport } from '@/lib/milestones/milestone-service';
import { monthLabel } from '@/lib/reporting/calendar';
import { requestContext } from '@/lib/request-context';
import { MilestoneTickForm, MilestoneUntickButton } from './milestone-tick-form';

/**
 * In the lead unit's monthly report: the approved milestones due up to the end of the month (and
 * those ticked off in it), each with a tick-off form (完成日期, 佐证) or, while the month is open, an undo.
 */
export async function MilestoneTickOff({ taskId, month }: { taskId: number; month: string }) {
  const ctx = await requestContext();
  let data: Awaited<ReturnType<typeof milestonesForReport>>;
  try {
    data = await milestonesForReport(ctx, taskId, month);
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ForbiddenError) return null;
    throw err;
  }
  if (!data.plan) return null;
  const approved = data.plan.status === 'approved';
  return (
    <section aria-labelledby="milestones-due" className="flex flex-col gap-3 rounded-lg border bg-white p-3 md:p-4" data-testid="milestone-tick-off">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="milestones-due" className="font-semibold">
          时间节点（截至{monthLabel(month)}）
        </h2>
        <Link href="/my/milestones" className="text-sm text-primary hover:underline">
          本单位全部时间节点 →
        </Link>
      </div>
      {!approved ? (
        <p className="text-sm text-muted-foreground">时间节点计划{data.plan.statusLabel}，批准后可在此标记完成。</p>
      ) : (
        <MilestoneList items={data.due} empty="本月及以前没有到期的时间节点">
          {(m) =>
            m.doneOn === null ? (
              <MilestoneTickForm milestoneId={m.id} deliverable={m.deliverable} today={ctx.today} />
            ) : data.due.find((d) => d.id === m.id)?.untickable ? (
              <MilestoneUntickButton milestoneId={m.id} deliverable={m.deliverable} />
            ) : null
          }
        </MilestoneList>
      )}
    </section>
  );
}
