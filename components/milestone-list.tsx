import Link from 'next/link';
import { MILESTONE_STATUS_LABELS, type MilestoneStatus } from '@/lib/milestones/milestone-rules';
import { cn } from '@/lib/utils';

/** What a milestone row needs to show (a MilestoneView, or the editor's unsaved row). */
export type MilestoneRow = {
  id: number;
  dueOn: string;
  originalDueOn: string | null;
  deliverable: string;
  indicatorName: string | null;
  indicatorUnit: string | null;
  indicatorValue: number | null;
  doneOn: string | null;
  evidence: string | null;
  status: MilestoneStatus;
  /** On a unit's timeline: the task it belongs to. */
  task?: { id: number; label: string; title: string };
};

const STATUS_CLASS: Record<MilestoneStatus, string> = {
  done: 'bg-emerald-100 text-emerald-900',
  not_due: 'bg-muted text-foreground',
  due: 'bg-amber-100 text-amber-900',
  overdue: 'bg-red-100 text-red-900',
};

/** The date in force, and when an extension moved it, both: 原定 … → 现 …. */
export function MilestoneDate({ dueOn, originalDueOn }: { dueOn: string; originalDueOn: string | null }) {
  if (!originalDueOn || originalDueOn === dueOn) return <span className="tabular-nums">{dueOn}</span>;
  return (
    <span className="tabular-nums" data-testid="milestone-moved">
      原定 <s className="text-muted-foreground">{originalDueOn}</s> → 现 {dueOn}
    </span>
  );
}

export function MilestoneStatusBadge({ m }: { m: Pick<MilestoneRow, 'status' | 'doneOn'> }) {
  return (
    <span className={cn('inline-block whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium', STATUS_CLASS[m.status])} data-testid="milestone-status">
      {m.status === 'done' && m.doneOn ? `已完成 ${m.doneOn}` : MILESTONE_STATUS_LABELS[m.status]}
    </span>
  );
}

/** 时间节点 as a vertical timeline, by date: date, deliverable, indicator target, status and evidence. */
export function MilestoneList({ items, empty = '暂无时间节点', children }: { items: MilestoneRow[]; empty?: string; children?: (m: MilestoneRow) => React.ReactNode }) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">{empty}</p>;
  return (
    <ol className="flex flex-col border-l-2 border-muted pl-4" data-testid="milestone-list">
      {items.map((m) => (
        <li key={m.id} className="relative flex flex-col gap-1 pb-4 text-sm last:pb-0" data-milestone={m.deliverable}>
          <span
            aria-hidden
            className={cn('absolute -left-[1.4rem] top-1.5 size-2.5 rounded-full border-2 border-white', m.status === 'done' ? 'bg-emerald-600' : m.status === 'overdue' ? 'bg-red-600' : m.status === 'due' ? 'bg-amber-500' : 'bg-slate-400')}
          />
          <div className="flex flex-wrap items-center gap-2">
            <MilestoneDate dueOn={m.dueOn} originalDueOn={m.originalDueOn} />
            <MilestoneStatusBadge m={m} />
          </div>
          {m.task && (
            <Link href={`/tasks/${m.task.id}`} className="text-primary hover:underline">
              {m.task.label} {m.task.title}
            </Link>
          )}
          <p className="font-medium">{m.deliverable}</p>
          {m.indicatorName && m.indicatorValue !== null && (
            <p className="text-muted-foreground">
              指标：{m.indicatorName}达到 {m.indicatorValue}
              {m.indicatorUnit ?? ''}
            </p>
          )}
          {m.doneOn && m.evidence && <p className="whitespace-pre-wrap text-muted-foreground">佐证：{m.evidence}</p>}
          {children?.(m)}
        </li>
      ))}
    </ol>
  );
}
