/**
 * 清单类型, apart from parsed-plan.ts (which re-exports them) so that the forms that list them do not
 * ship that module's error classes to the browser.
 */

/** 清单类型: 年度重点任务 / 政府工作报告分解 / 民生实事 / 会议议定事项 / 领导交办 */
export const PLAN_KINDS = ['key_tasks', 'work_report', 'livelihood', 'meeting', 'leader_assigned'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Readonly<Record<PlanKind, string>> = {
  key_tasks: '年度重点任务',
  work_report: '政府工作报告分解',
  livelihood: '民生实事',
  meeting: '会议议定事项',
  leader_assigned: '领导交办',
};
