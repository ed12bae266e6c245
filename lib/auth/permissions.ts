import { ForbiddenError } from '@/lib/errors';
import type { Actor } from './actor';
import type { Role } from './roles';
import { UNIT_ROLES } from './roles';

/**
 * What each role may do. Services call `assertCan` before they touch data; pages and menus use
 * `can` only to decide what to show. Unit-scoped data is additionally filtered by the actor's unit
 * in the query itself (see the services), so a permission here never grants another unit's rows.
 */
export const PERMISSIONS = {
  /** 工作台账: the plan, its sections, tasks and units (the notice is a public document). */
  'ledger.read': ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'city_supervisor'],
  'units.read': ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'city_supervisor'],
  /** 本单位任务: only staff of a unit, and only their own unit. */
  'myTasks.read': ['reporter', 'unit_head'],
  /** 月度进展 (lead) and 协办反馈 (participating): written by the unit's own staff only. */
  'reports.write': ['reporter', 'unit_head'],
  'contributions.write': ['reporter', 'unit_head'],
  /** 负责人审阅: the unit head reads the month before its staff submit it, where the unit asks for that. */
  'reports.signOff': ['unit_head'],
  /** Oversight roles read every unit's submitted reports and figures. */
  'reports.readAll': ['supervisor', 'leader', 'admin', 'city_supervisor'],
  /** 审核: approve or return reports and parts. */
  'reports.review': ['supervisor'],
  /** 人工亮灯 and lifting it. */
  'flags.manage': ['supervisor'],
  /** 督办单: issue, accept or send back answers, close, record 约谈. */
  'notices.manage': ['supervisor'],
  /** 整改反馈: a unit answers the notices addressed to it. */
  'notices.respond': ['reporter', 'unit_head'],
  /** 领导批示. */
  'instructions.write': ['leader'],
  /** A unit acknowledges and answers instructions on its tasks. */
  'instructions.respond': ['reporter', 'unit_head'],
  /** 一键催办. */
  'reminders.send': ['supervisor'],
  /** Warning thresholds and the working-day calendar. */
  'settings.manage': ['admin'],
  /** 目标指标: confirm, edit or remove the extractor's proposals. */
  'indicators.manage': ['supervisor', 'admin'],
  /** 调度日历: periods and deadlines. */
  'calendar.manage': ['admin'],
  /** 领导视图: overdue list and dashboard — unit staff see theirs only (enforced in the queries). */
  'oversight.read': ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'city_supervisor'],
  /** 考核: everyone reads (units their own breakdown); the office locks a period; units explain. */
  'assessment.read': ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'city_supervisor'],
  'assessment.lock': ['supervisor'],
  'assessment.explain': ['reporter', 'unit_head'],
  /** 工作台账 and 月度通报 downloads: unit staff get their own unit's rows only. */
  'exports.read': ['reporter', 'unit_head', 'supervisor', 'leader', 'admin', 'city_supervisor'],
  'bulletin.read': ['supervisor', 'leader', 'admin', 'city_supervisor'],
  /** 单位管理: rename, merge an alias, deactivate. */
  'units.manage': ['admin'],
  'users.manage': ['admin'],
  'plans.import': ['admin'],
  /** 任务清单: kind, short name, calendar cadence, assessment weight, archive; 分解 of a draft list (the office). */
  'plans.manage': ['supervisor', 'admin'],
  /** 立项: register an item from a meeting or a leader's instruction. */
  'items.register': ['supervisor'],
  /** 签收: a unit signs for its own tasks. */
  'tasks.sign': ['reporter', 'unit_head'],
  /** 时间节点: the lead unit files a plan of milestones and ticks them off; the office approves or returns it. */
  'milestones.write': ['reporter', 'unit_head'],
  'milestones.review': ['supervisor'],
  /** 延期申请: a unit asks; the office decides; above the set length a leader approves too. */
  'extensions.request': ['reporter', 'unit_head'],
  'extensions.decide': ['supervisor'],
  'extensions.approveLong': ['leader'],
  /** 办结销号: the lead unit applies; the office verifies and closes, or reopens (audited). */
  'closures.request': ['reporter', 'unit_head'],
  'closures.decide': ['supervisor'],
  /** 问题协调: a unit raises a problem to the office or a leader, who answer it; the office closes it. */
  'problems.raise': ['reporter', 'unit_head'],
  'problems.answer': ['supervisor', 'leader'],
  /**
   * 三员分立: the security administrator (安全管理员) sets the password and session policy, unlocks
   * locked accounts, resets a user's second factor and ends a user's sessions; the audit
   * administrator (审计管理员) reads, searches and exports the audit log and changes nothing. Neither
   * holds any other permission (no business data), and the system administrator holds neither.
   */
  'security.manage': ['security_admin'],
  /**
   * 市督查室: the city office compares its districts and reads each one's views (the reads above name
   * it too); it writes nothing in any district.
   */
  'city.read': ['city_supervisor'],
  'audit.read': ['audit_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;


export function can(actor: Pick<Actor, 'role' | 'unitId'> | null | undefined, permission: Permission): boolean {
  if (!actor) return false;
  const allowed = (PERMISSIONS[permission] as readonly Role[]).includes(actor.role);
  if (!allowed) return false;
  // A unit role without a unit (a misconfigured account) acts for nobody.
  if (UNIT_ROLES.includes(actor.role) && actor.unitId == null) return false;
  return true;
}

export function assertCan(actor: Pick<Actor, 'role' | 'unitId'> | null | undefined, permission: Permission): void {
  if (!can(actor, permission)) throw new ForbiddenError();
}
