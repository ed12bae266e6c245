import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import type { ProblemView } from '@/lib/problems/problem-service';
import { monthLabel } from '@/lib/reporting/calendar';
import { AddresseeBadge, ProblemStatusBadge } from './problem-badges';
import { ProblemActions } from './problem-actions';

/** One problem: who raised what to whom, the answer, and the forms the actor is offered. */
export function ProblemItem({ problem: p, showTask = true }: { problem: ProblemView; showTask?: boolean }) {
  return (
    <article className="flex flex-col gap-2 rounded-md border bg-white p-3 text-sm" data-problem={p.id} aria-label={`${p.unit.name}提出的问题`}>
      <div className="flex flex-wrap items-center gap-2">
        <ProblemStatusBadge status={p.status} />
        <AddresseeBadge to={p.addressedTo} />
        <span className="font-medium">{p.unit.name}</span>
        {showTask && (
          <Link href={`/tasks/${p.task.id}`} className="text-primary hover:underline">
            {p.task.label}. {p.task.title}
          </Link>
        )}
      </div>
      <p className="whitespace-pre-wrap" data-testid="problem-content">
        {p.content}
      </p>
      <p className="text-xs text-muted-foreground">
        {p.raisedByName} 于 {formatDateTime(p.raisedAt)} 提出{p.reportMonth ? `（来自${monthLabel(p.reportMonth)}月度进展）` : ''}
        {p.closedAt ? ` · ${formatDateTime(p.closedAt)} 关闭` : ''}
      </p>
      {p.answer !== null && (
        <div className="rounded bg-muted/60 p-2" data-testid="problem-answer">
          <p className="text-xs text-muted-foreground">
            {p.answeredByName ?? ''} 答复{p.answeredAt ? `（${formatDateTime(p.answeredAt)}）` : ''}：
          </p>
          <p className="whitespace-pre-wrap">{p.answer}</p>
        </div>
      )}
      <ProblemActions problemId={p.id} commands={p.commands} />
    </article>
  );
}
