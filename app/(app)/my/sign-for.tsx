'use client';

import Link from 'next/link';
import { ActionAlert, useActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import { formatDateTime } from '@/lib/format';
import type { SignForState } from '@/lib/lifecycle/sign-for-rules';
import type { WorkbenchClosedRow } from '@/lib/reporting/workbench';
import { signAllAction, signTaskAction } from './sign-actions';

/** 签收 on the workbench: 待签收 with a 签收 button, or when it was signed. */
export function SignMark({ taskId, state }: { taskId: number; state: SignForState }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  if (state.kind === 'unassigned') return null;
  if (state.kind === 'signed') {
    return (
      <span className="block text-xs text-muted-foreground" data-testid="signed-at">
        签收时间 {formatDateTime(new Date(state.signedAt))}
      </span>
    );
  }
  const overdue = state.kind === 'overdue';
  return (
    <span className="mt-1 flex flex-wrap items-center gap-2 text-xs" data-testid="sign-pending">
      <span className={overdue ? 'font-medium text-destructive' : 'font-medium text-amber-700'}>
        待签收{overdue ? `（已超过签收时限，交办于 ${state.assignedOn}）` : `（请于 ${state.dueOn} 前签收）`}
      </span>
      <Button type="button" size="xs" variant="outline" disabled={pending} onClick={() => run(() => signTaskAction({ taskId }), { okText: '已签收' })}>
        签收
      </Button>
      {message && !message.ok && <ActionAlert message={message} />}
    </span>
  );
}

/** 全部签收: every task of the unit awaiting signature in the lists in view. */
export function SignAllBar({ count, overdue }: { count: number; overdue: number }) {
  const { message, pending, run } = useActionMessage({ refresh: true });
  if (count === 0 && !message) return null;
  return (
    <section aria-labelledby="sign-for-title" className="flex flex-col gap-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="sign-for-title" className="font-semibold">
          待签收的任务（{count}）{overdue > 0 && <span className="ml-1 font-normal text-destructive">其中 {overdue} 项已超过签收时限</span>}
        </h2>
        {count > 0 && (
          <Button type="button" size="sm" disabled={pending} onClick={() => run(() => signAllAction({}), { okText: '已全部签收' })}>
            全部签收
          </Button>
        )}
      </div>
      <ActionAlert message={message} />
    </section>
  );
}

/** 已办结: the unit's closed tasks of a list, out of its monthly reporting. */
export function ClosedTasks({ rows, list }: { rows: WorkbenchClosedRow[]; list: string }) {
  if (rows.length === 0) return null;
  return (
    <section aria-label={`已办结的任务（${list}）`} className="rounded-lg border bg-white p-3 text-sm" data-testid="closed-tasks">
      <h2 className="mb-1 font-semibold">
        已办结 <span className="text-sm font-normal text-muted-foreground">{rows.length} 项 · 不再按月报送</span>
      </h2>
      <ul className="flex flex-col gap-1">
        {rows.map((r) => (
          <li key={r.task.id} data-task-no={r.task.no}>
            <Link href={`/tasks/${r.task.id}`} className="hover:underline">
              {r.task.label}「{r.task.title}」
            </Link>
            <span className="ml-2 text-muted-foreground">
              {r.role === 'lead' ? '牵头' : '参与'} · 已办结 {r.closedOn}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
