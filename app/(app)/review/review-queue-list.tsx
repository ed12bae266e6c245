'use client';

import Link from 'next/link';
import { SignalLights, type SignalSet } from '@/components/signal-lights';
import { StatusBadge } from '@/components/status-badge';
import type { ReportState } from '@/lib/reporting/report-state';

/** One queue item as the browser gets it: what the item shows, in words (dates already formatted on the server, in Beijing time). */
export type QueueRow = {
  key: string;
  /** data-queue-item: kind-taskNo-unit-month, what tests and styles name an item by. */
  name: string;
  href: string;
  title: string;
  /** 区发展和改革局 · 2023年12月月度进展 */
  line: string;
  resubmission: boolean;
  status: ReportState;
  submittedAt: string;
  signals: SignalSet | null;
  reviewable: boolean;
};

/**
 * The queue's page of items. A client component so that the items travel once as data in the RSC
 * payload and once as HTML, not twice as markup (see components/task-table.tsx).
 */
export function ReviewQueueList({ rows }: { rows: QueueRow[] }) {
  return (
    <ul className="flex flex-col gap-2" aria-label="审核队列">
      {rows.map((r) => (
        <li key={r.key} className="queue-item" data-queue-item={r.name}>
          <div>
            <Link href={r.href}>{r.title}</Link>
            <div>
              {r.line}
              {r.resubmission && <span className="ml-2 rounded bg-sky-100 px-1 text-sky-900">退回后重报</span>}
            </div>
          </div>
          <div>
            <StatusBadge state={r.status} />
            <span>{r.submittedAt}</span>
            {r.signals && <SignalLights signals={r.signals} compact />}
            {r.reviewable && (
              <Link href={r.href} className="queue-action">
                审核
              </Link>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
