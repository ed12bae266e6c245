/**
 * 延期申请, the pure rules: who may ask to move which date, whether the new date is acceptable,
 * how long the extension is, when a leader must approve too, what an approval changes, and the
 * report deadline in force for a unit. Dates are 'YYYY-MM-DD' (Beijing); `today` is passed in.
 */
import type { ExtensionStatus, ExtensionSubject, NoticeTargetStatus, ReportStatus } from '@/db/schema';

export const EXTENSION_SUBJECT_LABELS: Record<ExtensionSubject, string> = {
  milestone: '时间节点',
  task_deadline: '任务完成时限',
  notice: '督办办理时限',
  report: '月度报送截止日',
};

export const EXTENSION_STATUS_LABELS: Record<ExtensionStatus, string> = {
  pending: '待督查室审核',
  leader_pending: '待领导审批',
  approved: '已批准',
  refused: '未批准',
  withdrawn: '已撤回',
};

/** "延期需领导审批（天）": above this many days the office's approval goes on to a leader. */
export const DEFAULT_EXTENSION_LEADER_DAYS = 30;

/** A request still waiting for someone's decision. */
export const OPEN_EXTENSION_STATUSES: readonly ExtensionStatus[] = ['pending', 'leader_pending'];

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/** Calendar days from the date in force to the new date (2023-10-31 → 2023-11-30 is 30). */
export function extensionDays(fromDate: string, toDate: string): number {
  return Math.round(dayNumber(toDate) - dayNumber(fromDate));
}

/** Whether a leader must approve after the office: strictly longer than the set length. */
export function needsLeader(days: number, leaderDays: number = DEFAULT_EXTENSION_LEADER_DAYS): boolean {
  return days > leaderDays;
}

/**
 * The state of what the unit wants to move, as the service reads it. `role` is the actor's unit's
 * role on the task (null: none); each subject adds what decides whether it can still be moved.
 */
export type ExtensionTarget =
  | { subject: 'task_deadline'; role: 'lead' | 'participating' | null; taskClosed: boolean; dateInForce: string | null }
  | { subject: 'milestone'; role: 'lead' | 'participating' | null; taskClosed: boolean; done: boolean; dateInForce: string }
  | { subject: 'notice'; targetStatus: NoticeTargetStatus | null; noticeClosed: boolean; dateInForce: string }
  | { subject: 'report'; role: 'lead' | 'participating' | null; taskClosed: boolean; submissionStatus: ReportStatus | null; due: boolean; dateInForce: string };

/**
 * Who may ask for what (null: may ask; else the refusal):
 * - a task deadline or a milestone: a lead unit of the task, while the task is open;
 * - a 督办单's due date: a unit the notice is addressed to, while its part is pending (not yet answered);
 * - a month's report deadline: the unit whose lead report or participating part it is, before it is submitted.
 */
export function requestRefusal(target: ExtensionTarget): string | null {
  switch (target.subject) {
    case 'task_deadline':
      if (target.role !== 'lead') return '只有该任务的牵头单位可以申请延长完成时限';
      if (target.taskClosed) return '该任务已办结，不能申请延期';
      if (!target.dateInForce || !ISO.test(target.dateInForce)) return '该任务没有明确的完成时限，无需申请延期';
      return null;
    case 'milestone':
      if (target.role !== 'lead') return '只有该任务的牵头单位可以申请延后时间节点';
      if (target.taskClosed) return '该任务已办结，不能申请延期';
      if (target.done) return '该时间节点已完成，无需延期';
      return null;
    case 'notice':
      if (target.targetStatus === null) return '该督办单不是发给本单位的';
      if (target.noticeClosed) return '该督办单已办结，不能申请延期';
      if (target.targetStatus !== 'pending') return '本单位已报送整改情况，不能再申请延期';
      return null;
    case 'report':
      if (target.role === null) return '本单位不是该任务的责任单位';
      if (target.taskClosed) return '该任务已办结，不能申请延期';
      if (!target.due) return '该任务本月无需报送';
      if (target.submissionStatus === 'submitted' || target.submissionStatus === 'approved') return '本月材料已报送，无需延期';
      return null;
  }
}

/** The new date must be a real date after the date in force (null: fine; else the refusal). */
export function newDateRefusal(dateInForce: string, toDate: string): string | null {
  if (!ISO.test(toDate) || Number.isNaN(dayNumber(toDate))) return '请填写正确的日期';
  if (toDate <= dateInForce) return `延期后的日期须晚于现行日期（${dateInForce}）`;
  if (extensionDays(dateInForce, toDate) > 366) return '延期不能超过一年';
  return null;
}

export type ExtensionDecision = 'approve' | 'refuse';

/**
 * The next state after a decision (null: not this actor's turn). The office decides a pending
 * request: approval of a long one moves it to leader_pending; a leader decides leader_pending ones.
 */
export function nextStatus(
  current: ExtensionStatus,
  who: 'office' | 'leader',
  decision: ExtensionDecision,
  days: number,
  leaderDays: number = DEFAULT_EXTENSION_LEADER_DAYS,
): ExtensionStatus | null {
  if (who === 'office' && current === 'pending') {
    if (decision === 'refuse') return 'refused';
    return needsLeader(days, leaderDays) ? 'leader_pending' : 'approved';
  }
  if (who === 'leader' && current === 'leader_pending') return decision === 'approve' ? 'approved' : 'refused';
  return null;
}

/** Only an open request can be withdrawn (by its own unit). */
export function mayWithdraw(current: ExtensionStatus): boolean {
  return OPEN_EXTENSION_STATUSES.includes(current);
}

/**
 * What an approval does to a date kept beside its original: the date in force moves to the new
 * date, and the first original is kept (a second extension does not overwrite it).
 */
export function movedDate(current: { date: string; original: string | null }, toDate: string): { date: string; original: string } {
  return { date: toDate, original: current.original ?? current.date };
}

export type ApprovedReportExtension = { taskId: number; periodId: number; unitId: number; toDate: string; decidedAt: number; id: number };

export const overrideKey = (taskId: number, periodId: number, unitId: number) => `${taskId}|${periodId}|${unitId}`;

/**
 * The report deadline overrides: for each (task, period, unit), the new date of the latest
 * approved 'report' request (by decision time, then id).
 */
export function reportDeadlineOverrides(rows: readonly ApprovedReportExtension[]): Map<string, string> {
  const latest = new Map<string, ApprovedReportExtension>();
  for (const r of rows) {
    const key = overrideKey(r.taskId, r.periodId, r.unitId);
    const best = latest.get(key);
    if (!best || r.decidedAt > best.decidedAt || (r.decidedAt === best.decidedAt && r.id > best.id)) latest.set(key, r);
  }
  return new Map([...latest].map(([k, r]) => [k, r.toDate]));
}

/** A moved date as pages show it: "原定 2023-10-31，延期至 2023-11-30", or the date alone. */
export function movedDateText(date: string, original: string | null | undefined): string {
  return original && original !== date ? `原定 ${original}，延期至 ${date}` : date;
}
