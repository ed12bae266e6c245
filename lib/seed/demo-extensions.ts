import { and, eq, inArray } from 'drizzle-orm';
import { tasks, units, users } from '@/db/schema';
import { NO_META } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import type { Db } from '@/lib/db';
import { decideExtension, requestExtension } from '@/lib/extensions/extension-service';
import { shanghaiDate } from '@/lib/reporting/calendar';
import type { Result } from '@/lib/result';

/**
 * 延期申请 in the demo, on the work report's tasks (each with the year's end as deadline): 区发展和
 * 改革局's deadline of 工作报告 3 moved by 20 days (approved: the task page and the ledger show both
 * dates), 区工业和信息化局's request on 工作报告 8 waiting for the office, and its 91-day request on
 * 工作报告 9 agreed by the office and waiting for a leader (both in 待审批).
 *
 * Everything goes through the real services as the demo accounts, early on "today" (the work report
 * is published and assigned today), before the demo clock's 09:30.
 */
export const DEMO_EXTENSION_TASKS = { approved: 3, pending: 8, long: 9 } as const;

function must<T extends object>(result: Result<T>, what: string): { ok: true } & T {
  if (!result.ok) throw new Error(`演示数据（延期申请）：${what}：${result.error}`);
  return result;
}

/** The deadline in force plus `days` (YYYY-MM-DD). */
function later(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function seedDemoExtensions(db: Db, workReportPlanId: number | null, today: string): Promise<{ requests: number }> {
  if (workReportPlanId === null) return { requests: 0 };
  const accounts = await db
    .select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, districtId: users.districtId, unitId: users.unitId, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(inArray(users.username, ['duchashi', 'fgj', 'gxj']));
  const actor = (username: string): Actor => {
    const a = accounts.find((x) => x.username === username);
    if (!a) throw new Error(`演示数据（延期申请）：缺少演示账户 ${username}`);
    return { userId: a.id, username: a.username, displayName: a.displayName, role: a.role, districtId: a.districtId, unitId: a.unitId, unitName: a.unitName };
  };
  const [office, fgj, gxj] = ['duchashi', 'fgj', 'gxj'].map(actor) as [Actor, Actor, Actor];
  const base = Date.parse(`${today}T00:00:00+08:00`);
  const at = (who: Actor, days: number, hour: number): ServiceContext => {
    const now = new Date(base - days * 86_400_000 + hour * 3_600_000);
    return { db, actor: who, now, today: shanghaiDate(now), meta: NO_META };
  };
  const taskOf = async (no: number) => {
    const [t] = await db
      .select({ id: tasks.id, deadline: tasks.deadline })
      .from(tasks)
      .where(and(eq(tasks.planId, workReportPlanId), eq(tasks.no, no)))
      .limit(1);
    if (!t?.deadline) throw new Error(`演示数据（延期申请）：工作报告 ${no} 没有完成时限`);
    return { id: t.id, deadline: t.deadline };
  };
  const T = DEMO_EXTENSION_TASKS;

  const approvedTask = await taskOf(T.approved);
  const approved = must(
    await requestExtension(at(fgj, 0, 8.1), {
      subject: 'task_deadline',
      taskId: approvedTask.id,
      toDate: later(approvedTask.deadline, 20),
      reason: '部分重大项目受用地报批影响开工推迟，固定资产投资入库需顺延，附用地报批进度说明。',
    }),
    '发改局申请延长工作报告 3 的完成时限',
  );
  must(await decideExtension(at(office, 0, 9), { requestId: approved.id, decision: 'approve', comment: '同意延期，请按新时限推进并按月报送进展。' }), '督查室批准');

  const pendingTask = await taskOf(T.pending);
  must(
    await requestExtension(at(gxj, 0, 8.7), {
      subject: 'task_deadline',
      taskId: pendingTask.id,
      toDate: later(pendingTask.deadline, 15),
      reason: '年度规上工业产值统计口径待市统计局最终核定，申请顺延半个月。',
    }),
    '工信局申请延长工作报告 8 的完成时限',
  );

  const longTask = await taskOf(T.long);
  const long = must(
    await requestExtension(at(gxj, 0, 8.3), {
      subject: 'task_deadline',
      taskId: longTask.id,
      toDate: later(longTask.deadline, 91),
      reason: '产业功能区基础设施二期工程受冬季施工限制，需延至次年一季度完成。',
    }),
    '工信局申请延长工作报告 9 的完成时限',
  );
  must(await decideExtension(at(office, 0, 9.2), { requestId: long.id, decision: 'approve', comment: '情况属实，同意延期，报领导审批。' }), '督查室同意，转领导审批');
  return { requests: 3 };
}
