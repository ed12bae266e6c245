import type { ContributionStatus, ReportStatus } from '@/db/schema';

/**
 * The report state machine. 'none' is a report not yet started (未填报). A unit edits a draft or
 * a returned report; submitting makes it read-only until the supervision office approves or
 * returns it.
 */
export type ReportState = ReportStatus | 'none';
export type ReportAction = 'save' | 'submit' | 'approve' | 'return';

const TRANSITIONS: Record<ReportAction, Partial<Record<ReportState, ReportStatus>>> = {
  save: { none: 'draft', draft: 'draft', returned: 'returned' },
  submit: { none: 'submitted', draft: 'submitted', returned: 'submitted' },
  approve: { submitted: 'approved' },
  return: { submitted: 'returned' },
};

/** The state after an action, or null when the action is not allowed from that state. */
export function nextReportState(from: ReportState, action: ReportAction): ReportStatus | null {
  return TRANSITIONS[action][from] ?? null;
}

export const EDITABLE_REPORT_STATES: readonly ReportStatus[] = ['draft', 'returned'];

export function isReportEditable(status: ReportState): boolean {
  return status === 'none' || EDITABLE_REPORT_STATES.includes(status);
}

export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  none: '未填报',
  draft: '草稿',
  submitted: '已报送',
  approved: '已通过',
  returned: '已退回',
};

/** A participating unit's part follows the same machine: it may be returned and resent too. */
export type ContributionState = ContributionStatus | 'none';

export const CONTRIBUTION_STATE_LABELS: Record<ContributionState, string> = {
  none: '未报送',
  draft: '草稿',
  submitted: '已报送',
  approved: '已通过',
  returned: '已退回',
};

export function nextContributionState(from: ContributionState, action: ReportAction): ContributionStatus | null {
  return nextReportState(from, action);
}
