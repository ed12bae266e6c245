import { eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, reportingPeriods, tasks, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { acknowledgeInstruction, createInstruction, instructionsForTask, replyInstruction } from '@/lib/instructions/instruction-service';
import { saveReport } from '@/lib/reporting/lead-report-service';
import { saveReportSchema } from '@/lib/reporting/schemas';
import { getReviewDetail, reviewSubmission } from '@/lib/review/review-service';
import { reviewDecisionSchema } from '@/lib/review/schemas';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { liftFlag, raiseFlag } from '@/lib/warnings/flag-service';
import { transaction } from '@/lib/db';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { taskTimeline, writeAudit } from './audit-service';
import { refusalMessages } from '@/lib/testing/refusals';

const NOW = new Date('2023-11-22T09:30:00+08:00');

let env: Awaited<ReturnType<typeof createSeededDb>>;
let task41: number;
let nov: number;
let userIds: Map<string, number>;
const idOf = (username: string) => userIds.get(username)!;

/** The actors of these tests (made in beforeAll, once the database exists). */
let actors: Record<'supervisor' | 'leader' | 'sthj' | 'zrzy', Actor>;
const supervisor = () => actors.supervisor;
const leader = () => actors.leader;
const sthj = () => actors.sthj; // a lead of 41
const as = (actor: Actor) => contextFor(env.db, actor, NOW);

function ok<T extends { ok: boolean }>(result: T): T {
  expect(result).toMatchObject({ ok: true });
  return result;
}

/** The state changes of task 41 the trail records: a report submitted, returned, resubmitted and approved; a flag raised and lifted; an instruction acknowledged and answered. */
async function workOnTask41() {
  const submit = (progress: string, version: number) =>
    saveReport(
      as(sthj()),
      saveReportSchema.parse({ intent: 'submit', taskId: task41, periodId: nov, version, progress, percentDone: 70, problems: '', nextSteps: '', indicatorValues: [] }),
    );
  const decide = (raw: unknown) => reviewSubmission(as(supervisor()), reviewDecisionSchema.parse(raw));
  const first = ok(await submit('完成造林50亩。', 0)) as { id: number };
  const reportId = first.id;
  let version = (await getReviewDetail(as(supervisor()), 'report', reportId))!.version;
  ok(await decide({ kind: 'report', id: reportId, version, decision: 'return', comment: '请补充造林面积佐证。' }));
  version = (await getReviewDetail(as(supervisor()), 'report', reportId))!.version;
  ok(await submit('完成造林97亩，附验收单。', version));
  version = (await getReviewDetail(as(supervisor()), 'report', reportId))!.version;
  ok(await decide({ kind: 'report', id: reportId, version, decision: 'approve' }));

  const flag = ok(await raiseFlag(as(supervisor()), { taskId: task41, level: 'red', reason: '造林进度明显滞后' })) as { id: number };
  ok(await liftFlag(as(supervisor()), { flagId: flag.id, reason: '已整改到位' }));

  ok(await createInstruction(as(leader()), { taskId: task41, content: '造林工作要抓紧，确保年底前完成。' }));
  const receipt = (await instructionsForTask(as(sthj()), task41))[0]!.receipts.find((r) => r.mine)!;
  ok(await acknowledgeInstruction(as(sthj()), receipt.id));
  ok(await replyInstruction(as(sthj()), { receiptId: receipt.id, reply: '已部署，12月10日前完成。' }));
}

beforeAll(async () => {
  env = await createSeededDb();
  userIds = new Map((await env.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
  actors = {
    supervisor: await actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi')),
    leader: await actorFor(env.db, 'leader', null, idOf('lingdao')),
    sthj: await actorFor(env.db, 'reporter', '河东生态环境分局', idOf('sthj')),
    zrzy: await actorFor(env.db, 'reporter', '区自然资源局'),
  };
  const [t] = await env.db.select().from(tasks).where(eq(tasks.no, 41)).limit(1);
  task41 = t!.id;
  const [period] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).limit(1);
  nov = period!.id;
  await workOnTask41();
});
afterAll(() => env.cleanup());

describe('audit trail', () => {
  it('records state changes with who and what, and cannot be rewritten', async () => {
    const rows = await env.db.select().from(auditLog).where(eq(auditLog.taskId, task41));
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['report.submit', 'report.return', 'report.approve', 'flag.raise', 'flag.lift', 'instruction.create', 'instruction.ack', 'instruction.reply']));
    expect(await refusalMessages(env.db.update(auditLog).set({ action: 'x' }).where(eq(auditLog.id, rows[0]!.id)))).toContain('append-only');
    expect(await refusalMessages(env.db.delete(auditLog).where(isNotNull(auditLog.id)))).toContain('append-only'); // every line
    // Unit staff see office-wide lines and their own unit's, not other units'.
    const forOther = await taskTimeline(env.db, actors.zrzy, task41);
    expect(forOther.length).toBeGreaterThan(0);
    expect(forOther.some((e) => e.action === 'report.submit')).toBe(false);
    expect(forOther.some((e) => e.action === 'instruction.create')).toBe(true);
    const forOffice = await taskTimeline(env.db, supervisor(), task41);
    expect(forOffice.length).toBeGreaterThan(0);
    expect(forOffice.some((e) => e.action === 'report.submit')).toBe(true);
  });

  it('a task of another district has no timeline for anyone of this one, and the other way round', async () => {
    const d2 = await addSecondDistrict(env.db);
    const task41b = d2.taskId(41);
    const supervisor2 = await d2.actor('supervisor');
    await transaction(env.db, (tx) => writeAudit(tx, supervisor2, { action: 'flag.raise', entityType: 'task', entityId: task41b, taskId: task41b }, { ip: null }, NOW));
    expect(await taskTimeline(env.db, supervisor2, task41b)).toHaveLength(1);
    for (const [actor, foreignTask] of [
      [supervisor(), task41b],
      [sthj(), task41b],
      [supervisor2, task41],
      [await d2.actor('reporter', '河东生态环境分局'), task41],
    ] as const) {
      expect(await taskTimeline(env.db, actor, foreignTask)).toEqual([]);
    }
  });
});
