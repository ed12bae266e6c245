'use client';

import Link from 'next/link';
import { SignalLights, type PackedLights } from '@/components/signal-lights';
import { StatusBadge } from '@/components/status-badge';
import { monthLabel } from '@/lib/reporting/calendar';
import type { ReportState } from '@/lib/reporting/report-state';

/** One queue item as the browser gets it: what the item shows, in words (dates already formatted on the server, in Beijing time). */
export type QueueRow = {
  kind: 'report' | 'contribution';
  id: number;
  /** Its task's title and lights are in the list's `tasks`, once per task. */
  taskId: number;
  taskNo: number;
  unit: string;
  /** 2023-12 */
  month: string;
  /** Only when true (a row that leaves a flag out is sent a few bytes shorter; lists send dozens). */
  resubmission?: true;
  status: ReportState;
  submittedAt: string;
  reviewable?: true;
};

/** A task of the page's items: its title and its lights, sent once however many of its items are listed. */
export type QueueTask = { title: string; signals: PackedLights | null };

/**
 * The queue's page of items. A client component so that the items travel once as data in the RSC
 * payload and once as HTML, not twice as markup (see components/task-table.tsx); a task's title and
 * lights travel once for all its units' items (a task with a dozen units has a dozen in a month).
 */
export function ReviewQueueList({ tasks, rows }: { tasks: Record<number, QueueTask>; rows: QueueRow[] }) {
  return (
    <ul className="flex flex-col gap-2" aria-label="审核队列">
      {rows.map((r) => {
        const href = `/review/${r.kind}/${r.id}`;
        const task = tasks[r.taskId];
        return (
          // data-queue-item: kind-taskNo-unit-month, what tests and styles name an item by.
          <li key={href} className="queue-item" data-queue-item={`${r.kind}-${r.taskNo}-${r.unit}-${r.month}`}>
            <div>
              <Link href={href}>{task?.title}</Link>
              <div>
                {`${r.unit} · ${monthLabel(r.month)}${r.kind === 'report' ? '月度进展' : '协办情况'}`}
                {r.resubmission && <span className="ml-2 rounded bg-sky-100 px-1 text-sky-900">退回后重报</span>}
              </div>
            </div>
            <div>
              <StatusBadge state={r.status} />
              <span>{r.submittedAt}</span>
              {task?.signals && <SignalLights signals={task.signals} compact />}
              {r.reviewable && (
                <Link href={href} className="queue-action">
                  审核
                </Link>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
