import { and, asc, eq, inArray } from 'drizzle-orm';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { plans, tasks, taskUnits, units, users } from '@/db/schema';
import { NO_META } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Db } from '@/lib/db';
import { decideClosureRequest, requestClosure } from '@/lib/lifecycle/closure-service';
import { signedOnDay } from '@/lib/lifecycle/sign-for-rules';
import type { Result } from '@/lib/result';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { isWorkingDay } from '@/lib/warnings/working-days';

/** The demo's unit that signs: 区发展和改革局 (fgj), and the one that is late to sign: 区工业和信息化局 (gxj). */
const SIGNING_UNIT = '区发展和改革局';
const LATE_UNIT = '区工业和信息化局';
/** Key tasks: gxj's unsigned one (past the window), fgj's pending application, gxj's closed one. */
const LATE_TASK_NO = 45;
const PENDING_CLOSURE_NO = 70;
const CLOSED_NO = 48;

function must<T extends object>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`演示数据（签收与办结）：${what}：${result.error}`);
  return result;
}

/** `n` working days before `day`. */
function workingDaysBefore(day: string, n: number, isWorking: (d: string) => boolean): string {
  let t = new Date(`${day}T00:00:00Z`).getTime();
  let left = n;
  while (left > 0) {
    t -= 86_400_000;
    if (isWorking(new Date(t).toISOString().slice(0, 10))) left -= 1;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * Demo: 签收 and 办结销号 in use. The work report published this month was assigned today: its
 * units have signed, except two tasks of 区发展和改革局 (待签收); 区工业和信息化局 has not signed
 * for key task 45 five working days after it was assigned (a red 报送 light and a reminder); 区发展和改革局
 * has applied to close key task 70 (waiting in 待审批); key task 48 was closed on 10 November.
 */
export async function seedDemoSignForClosure(db: Db, keyPlanId: number, today: string): Promise<void> {
  const settings = await getWarningSettings(db, FIRST_DISTRICT_ID);
  const unitId = async (name: string) => (await db.select({ id: units.id }).from(units).where(and(eq(units.districtId, FIRST_DISTRICT_ID), eq(units.name, name))).limit(1))[0]?.id;
  const taskId = async (no: number) => (await db.select({ id: tasks.id }).from(tasks).where(and(eq(tasks.planId, keyPlanId), eq(tasks.no, no))).limit(1))[0]?.id;
  const signer = await unitId(SIGNING_UNIT);
  const late = await unitId(LATE_UNIT);
  if (signer === undefined || late === undefined) return;

  await transaction(db, async (tx) => {
    // The work report: assigned on the day it was published (today), signed by its units at once…
    const workReports = (await tx.select({ id: plans.id }).from(plans).where(and(eq(plans.kind, 'work_report'), eq(plans.status, 'active')))).map((p) => p.id);
    if (workReports.length) {
      const ofWorkReport = tx.select({ id: tasks.id }).from(tasks).where(inArray(tasks.planId, workReports));
      await tx.update(taskUnits).set({ assignedOn: today, signedAt: signedOnDay(today) }).where(inArray(taskUnits.taskId, ofWorkReport));
      // …except two of 区发展和改革局's, still to sign (待签收).
      const toSign = await tx
        .select({ taskId: taskUnits.taskId })
        .from(taskUnits)
        .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
        .where(and(eq(taskUnits.unitId, signer), inArray(tasks.planId, workReports)))
        .orderBy(asc(tasks.no))
        .limit(2);
      if (toSign.length) {
        await tx
          .update(taskUnits)
          .set({ signedAt: null, signedBy: null })
          .where(and(eq(taskUnits.unitId, signer), inArray(taskUnits.taskId, toSign.map((t) => t.taskId))));
      }
    }
    // Key task 45: 区工业和信息化局 assigned five working days ago and not signed (past the 3-day window).
    const lateTask = await taskId(LATE_TASK_NO);
    if (lateTask !== undefined) {
      const assignedOn = workingDaysBefore(today, settings.signForWorkingDays + 2, (d) => isWorkingDay(d, settings.calendar));
      await tx.update(taskUnits).set({ assignedOn, signedAt: null, signedBy: null }).where(and(eq(taskUnits.taskId, lateTask), eq(taskUnits.unitId, late)));
    }
  });

  const actorOf = async (username: string): Promise<Actor | null> => {
    const [u] = await db
      .select({ userId: users.id, username: users.username, displayName: users.displayName, role: users.role, districtId: users.districtId, unitId: users.unitId, unitName: units.name })
      .from(users)
      .leftJoin(units, eq(units.id, users.unitId))
      .where(eq(users.username, username))
      .limit(1);
    return u ?? null;
  };
  const ctxAt = (actor: Actor, at: Date): ServiceContext => ({ db, actor, now: at, today: shanghaiDate(at), meta: NO_META });
  const fgj = await actorOf('fgj');
  const gxj = await actorOf('gxj');
  const office = await actorOf('duchashi');
  if (!fgj || !gxj || !office) return;

  // Key task 48: applied for by 区工业和信息化局 and closed by the office on 10 November.
  const closedTask = await taskId(CLOSED_NO);
  if (closedTask !== undefined && today > '2023-11-10') {
    const request = must(
      await requestClosure(ctxAt(gxj, new Date('2023-11-08T15:00:00+08:00')), { taskId: closedTask, summary: '年度目标任务已全部完成，验收材料已随 10 月进展报送。' }),
      '申请办结任务 48',
    );
    must(await decideClosureRequest(ctxAt(office, new Date('2023-11-10T10:00:00+08:00')), { requestId: request.id, decision: 'approve', comment: '经核实已完成，同意销号。' }), '办结任务 48');
  }
  // Key task 70: 区发展和改革局 applied yesterday; waiting for the office.
  const pendingTask = await taskId(PENDING_CLOSURE_NO);
  if (pendingTask !== undefined) {
    const at = new Date(new Date(`${today}T16:00:00+08:00`).getTime() - 86_400_000);
    must(await requestClosure(ctxAt(fgj, at), { taskId: pendingTask, summary: '已完成全年目标，相关佐证材料已上传至月度进展。' }), '申请办结任务 70');
  }
}
