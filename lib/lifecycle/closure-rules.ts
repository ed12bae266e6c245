/**
 * 办结销号: the states of an application to close a task, and which moves are allowed. Pure: the
 * services read the rows, ask these rules, and write (a refusal writes nothing).
 *
 * pending → approved (the task is closed) | returned (with a reason) | withdrawn (by the lead unit).
 * A task has at most one pending application; only an active task can be applied for; the office
 * may reopen a closed task, with a reason.
 */
import type { ClosureStatus, TaskStatus } from '@/db/schema';

export type ClosureDecision = 'approve' | 'return' | 'withdraw';

const NEXT: Record<ClosureDecision, ClosureStatus> = { approve: 'approved', return: 'returned', withdraw: 'withdrawn' };

export const CLOSURE_STATUS_LABELS: Record<ClosureStatus, string> = { pending: '待审核', approved: '已办结', returned: '已退回', withdrawn: '已撤回' };

/** The status after a decision, or the refusal (only a pending application is decided; a return needs a reason). */
export function decideClosure(from: ClosureStatus, decision: ClosureDecision, reason?: string | null): { ok: true; status: ClosureStatus } | { ok: false; error: string } {
  if (from !== 'pending') return { ok: false, error: `该办结申请${CLOSURE_STATUS_LABELS[from]}，不能再处理` };
  if (decision === 'return' && !reason?.trim()) return { ok: false, error: '退回须填写理由' };
  return { ok: true, status: NEXT[decision] };
}

/** Why the lead unit may not apply now (null: it may). */
export function closureRequestRefusal(input: { taskStatus: TaskStatus; pendingRequests: number }): string | null {
  if (input.taskStatus === 'closed') return '任务已办结，无需再申请';
  if (input.pendingRequests > 0) return '该任务已有待审核的办结申请';
  return null;
}

/** Why the office may not reopen the task now (null: it may). */
export function reopenRefusal(input: { taskStatus: TaskStatus; reason: string }): string | null {
  if (input.taskStatus !== 'closed') return '任务未办结，无需重新启动';
  if (!input.reason.trim()) return '重新启动须填写理由';
  return null;
}

/** "已办结 2023-11-22": how a closed task is shown (the date of closing, Beijing time). */
export function closedLabel(closedOn: string): string {
  return `已办结 ${closedOn}`;
}
