import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { Reader, Tx } from '@/db/client';
import { auditLog, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { unitScopeOf } from '@/lib/auth/unit-scope';
import { inActorDistrict } from '@/lib/districts/district-scope';

/** Where a request came from, for the audit trail. */
export type RequestMeta = { ip: string | null };
export const NO_META: RequestMeta = { ip: null };

export type AuditEntry = {
  action: string;
  entityType: string;
  entityId?: number | null;
  taskId?: number | null;
  unitId?: number | null;
  detail?: Record<string, unknown>;
};

/**
 * Appends one line to the audit trail (who, when, what, from where). Called inside the same
 * transaction as the change it records, so the two stand or fall together. There is no update
 * or delete: the table's triggers refuse both.
 */
export async function writeAudit(
  tx: Tx,
  actor: Pick<Actor, 'userId' | 'displayName'> | null,
  entry: AuditEntry,
  meta: RequestMeta,
  at: Date,
): Promise<void> {
  await tx
    .insert(auditLog)
    .values({
      at,
      actorId: actor?.userId ?? null,
      actorName: actor?.displayName ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      taskId: entry.taskId ?? null,
      unitId: entry.unitId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      ip: meta.ip,
    });
}

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'report.save': '保存月度进展草稿',
  'report.submit': '报送月度进展',
  'report.approve': '审核通过月度进展',
  'report.return': '退回月度进展',
  'contribution.save': '保存协办情况草稿',
  'contribution.submit': '报送协办情况',
  'contribution.approve': '审核通过协办情况',
  'contribution.return': '退回协办情况',
  'attachment.upload': '上传附件',
  'attachment.download': '下载附件',
  'attachment.delete': '删除附件',
  'attachment.share': '共用附件到其他任务',
  'month.signOff': '负责人审阅月度填报',
  'flag.raise': '人工亮灯',
  'flag.lift': '撤销亮灯',
  'notice.issue': '下发督办单',
  'notice.respond': '报送整改反馈',
  'notice.accept': '认可整改反馈',
  'notice.send_back': '退回整改反馈',
  'notice.close': '督办单办结',
  'notice.note': '记录约谈/备注',
  'instruction.create': '作出批示',
  'instruction.ack': '签收批示',
  'instruction.reply': '回复批示',
  'problem.raise': '提交协调问题',
  'problem.answer': '答复协调问题',
  'problem.escalate': '协调问题转呈领导',
  'problem.close': '关闭协调问题',
  'extension.request': '申请延期',
  'extension.withdraw': '撤回延期申请',
  'extension.decide': '督查室审核延期申请',
  'extension.leader_decide': '领导审批延期申请',
  'milestone.save': '保存时间节点计划',
  'milestone.submit': '报送时间节点计划',
  'milestone.approve': '批准时间节点计划',
  'milestone.return': '退回时间节点计划',
  'milestone.done': '标记时间节点完成',
  'milestone.undone': '撤销时间节点完成标记',
  'reminder.send': '一键催办',
  'login.success': '登录成功',
  'login.failure': '登录失败',
  'account.logout': '退出登录',
  'account.logout_all': '退出所有设备',
  'account.password_change': '修改密码',
  'account.create': '创建账户',
  'account.reset_password': '重置密码',
  'account.demo_password_revoked': '作废公开的演示密码',
  'account.update': '修改账户',
  'account.disable': '停用账户',
  'account.enable': '启用账户',
  'account.unlock': '解锁账户',
  'account.totp_reset': '重置动态口令',
  'account.totp_enable': '启用动态口令',
  'account.totp_disable': '关闭动态口令',
  'account.identity_bind': '绑定统一身份认证账号',
  'account.identity_unbind': '解除统一身份认证绑定',
  'account.sessions_end': '强制下线',
  'security.policy_update': '修改安全策略',
  'audit.search': '查询审计日志',
  'audit.export': '导出审计日志',
  'unit.rename': '单位更名',
  'unit.merge': '合并单位',
  'unit.alias': '添加单位别名',
  'unit.deactivate': '停用单位',
  'unit.reactivate': '恢复单位',
  'unit.signOffRequired': '设置报送前负责人审阅',
  'plan.import': '导入任务清单',
  'plan.update': '修改任务清单设置',
  'plan.publish': '发布任务清单',
  'plan.archive': '归档任务清单',
  'plan.reactivate': '恢复任务清单',
  'task.assign': '分解任务（指定责任单位）',
  'plan.cadence': '修改调度周期',
  'assessment.list_weights': '修改清单权重',
  'item.register': '督查立项',
  'unitGroup.save': '修改单位组',
  'indicator.update': '修改目标指标',
  'indicator.confirm': '确认目标指标',
  'indicator.create': '新增目标指标',
  'indicator.delete': '删除目标指标',
  'calendar.update': '调整调度日历',
  'export.ledger': '导出工作台账',
  'export.bulletin': '导出月度调度通报',
  'assessment.lock': '锁定月度考核',
  'assessment.explain': '提交考核情况说明',
  'settings.update': '修改预警设置',
  'assessment.settings': '修改考核权重',
  'task.sign': '签收任务',
  'closure.request': '申请办结',
  'closure.approve': '办结销号',
  'closure.return': '退回办结申请',
  'task.reopen': '撤销办结（重新启动）',
};

export type TimelineEntry = { id: number; at: Date; actorName: string | null; action: string; label: string; detail: Record<string, unknown> | null };

/**
 * A task's timeline. Oversight roles see every line; unit staff see the office-wide lines and their
 * own unit's, never another unit's drafts. A task of another district has no timeline (empty).
 */
export async function taskTimeline(db: Reader, actor: Actor, taskId: number, limit = 100): Promise<TimelineEntry[]> {
  const unitScope = unitScopeOf(actor);
  const scope =
    unitScope.kind === 'all'
      ? eq(auditLog.taskId, taskId)
      : and(eq(auditLog.taskId, taskId), or(isNull(auditLog.unitId), eq(auditLog.unitId, unitScope.unitId)));
  const rows = (
    await db
      .select({ line: auditLog })
      .from(auditLog)
      .innerJoin(tasks, and(eq(tasks.id, auditLog.taskId), inActorDistrict(tasks.districtId, actor)))
      .where(scope)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(limit)
  ).map((r) => r.line);
  return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorName: r.actorName,
      action: r.action,
      label: AUDIT_ACTION_LABELS[r.action] ?? r.action,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    }));
}
