/**
 * 时间节点 (milestones): pure rules. `today` is always passed in as a Beijing 'YYYY-MM-DD' date.
 *
 * A milestone is due at the end of its date (the whole day counts, like a report deadline):
 * - done (ticked off) or its date not yet passed → green;
 * - its date passed, not done → yellow ("节点‘…’已到期（YYYY-MM-DD）未完成");
 * - more than `milestoneRedWorkingDays` working days after its date, not done → red.
 * The date read is `dueOn`, the date in force (an approved extension moves it; `originalDueOn`
 * keeps the first one for display only). A task's milestone light is the worst of its milestones.
 *
 * The plan's review states (审核状态):
 *   draft → submitted → approved
 *              ↘ returned → submitted → …
 * The lead unit edits a draft or a returned plan and submits it; the office approves or returns it
 * with a reason. An approved plan is locked: its dates move only by 延期申请 (extension requests),
 * its milestones are ticked off from the monthly reports. For a wider revision the office returns
 * the approved plan (with a reason); from then until it is approved again the task has no approved
 * plan, so its 进度 light falls back to 序时进度 (what was ticked off is kept).
 */
import { GREEN, worstSignal, type Signal } from '@/lib/warnings/rules';
import { workingDaysBetween, type WorkCalendar } from '@/lib/warnings/working-days';
import type { ReviewState } from '@/db/schema';

export type MilestoneFacts = { deliverable: string; dueOn: string; doneOn: string | null };

/** 已完成 / 未到期 / 已到期未完成 / 逾期 (past the red threshold). */
export type MilestoneStatus = 'done' | 'not_due' | 'due' | 'overdue';

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  done: '已完成',
  not_due: '未到期',
  due: '已到期未完成',
  overdue: '逾期',
};

export type MilestoneSettings = { milestoneRedWorkingDays: number; calendar: WorkCalendar };

export function milestoneStatus(m: MilestoneFacts, today: string, s: MilestoneSettings): MilestoneStatus {
  if (m.doneOn !== null) return 'done';
  if (today <= m.dueOn) return 'not_due';
  return workingDaysBetween(m.dueOn, today, s.calendar) > s.milestoneRedWorkingDays ? 'overdue' : 'due';
}

/** One milestone's light (进度, rule `milestone.*`). */
export function milestoneSignal(m: MilestoneFacts, today: string, s: MilestoneSettings): Signal {
  const status = milestoneStatus(m, today, s);
  if (status === 'done' || status === 'not_due') return GREEN;
  if (status === 'due') return { level: 'yellow', rule: 'milestone.due', reason: `节点‘${m.deliverable}’已到期（${m.dueOn}）未完成` };
  return {
    level: 'red',
    rule: 'milestone.overdue',
    reason: `节点‘${m.deliverable}’已到期（${m.dueOn}）未完成，超过 ${s.milestoneRedWorkingDays} 个工作日`,
  };
}

/** A task's milestone light: the worst of its milestones (the earliest missed one wins a tie). */
export function milestonesSignal(ms: readonly MilestoneFacts[], today: string, s: MilestoneSettings): Signal {
  const sorted = [...ms].sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return worstSignal(sorted.map((m) => milestoneSignal(m, today, s)));
}

export const PLAN_STATUS_LABELS: Record<ReviewState, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已批准',
  returned: '已退回',
};

export type PlanAction = 'save' | 'submit' | 'approve' | 'return';

const PLAN_TRANSITIONS: Record<PlanAction, Partial<Record<ReviewState | 'none', ReviewState>>> = {
  save: { none: 'draft', draft: 'draft', returned: 'returned' },
  submit: { none: 'submitted', draft: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  // The office returns a plan waiting for it, or an approved one for revision.
  return: { submitted: 'returned', approved: 'returned' },
};

/** The plan's state after an action, or null when the action is not allowed from that state ('none': no plan yet). */
export function nextPlanState(from: ReviewState | 'none', action: PlanAction): ReviewState | null {
  return PLAN_TRANSITIONS[action][from] ?? null;
}

/** The lead unit edits its plan only as a draft or when returned (or before it has one). */
export function isPlanEditable(state: ReviewState | 'none'): boolean {
  return nextPlanState(state, 'save') !== null;
}

/**
 * A tick-off can be undone while its month is open: the month of `doneOn` is the current month or
 * later, and the report it was ticked from (if any) has not been sent (draft or returned).
 */
export function canUntick(m: { doneOn: string | null }, reportStatus: string | null, today: string): boolean {
  if (m.doneOn === null) return false;
  if (reportStatus !== null && reportStatus !== 'draft' && reportStatus !== 'returned') return false;
  return m.doneOn.slice(0, 7) >= today.slice(0, 7);
}
