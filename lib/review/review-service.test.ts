import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, digests, notifications, reportingPeriods, reports, tasks, users } from '@/db/schema';
import { taskTimeline } from '@/lib/audit/audit-service';
import { ForbiddenError } from '@/lib/auth/permissions';
import { acknowledgeInstruction, createInstruction, instructionsForTask, replyInstruction } from '@/lib/instructions/instruction-service';
import { listNotifications, markRead, unreadCount } from '@/lib/notifications/notification-service';
import { buildDailyDigests, runReminderSchedule, sendPeriodReminders } from '@/lib/notifications/reminder-service';
import { activePlans } from '@/lib/plans/plan-scope';
import { getReportEditor, saveReport } from '@/lib/reporting/report-service';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { liftFlag, raiseFlag } from '@/lib/warnings/flag-service';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { computeSignals } from '@/lib/warnings/signal-service';
import { getReviewDetail, listReviewQueue, reviewSubmission } from './review-service';
import { reviewQueueFilterSchema } from './schemas';

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');

let env: Awaited<ReturnType<typeof createSeededDb>>;
let task41: number;
let nov: number;
let planId: number;
const idOf = (username: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;

beforeAll(async () => {
  env = await createSeededDb();
  const t = env.db.select().from(tasks).where(eq(tasks.no, 41)).get()!;
  task41 = t.id;
  planId = t.planId;
  nov = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-11')).get()!.id;
});
afterAll(() => env.cleanup());

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const supervisor2 = () => ({ ...supervisor(), displayName: '另一位督查员' });
const leader = () => actorFor(env.db, 'leader', null, idOf('lingdao'));
const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', idOf('sthj')); // a lead of 41
const kjj = () => actorFor(env.db, 'reporter', '区科学技术局', idOf('kjj'));
const inView = () => activePlans(env.db);

function submit41(progress: string, version: number) {
  return saveReport(env.db, sthj(), { taskId: task41, periodId: nov, version, progress, percentDone: 70, problems: '', nextSteps: '', indicatorValues: [] }, 'submit', NOW, TODAY);
}

describe('review: return, resubmit with diff, approve', () => {
  let reportId: number;

  it('only supervisors decide; leaders and others may not', () => {
    const r = submit41('完成造林50亩。', 0);
    expect(r.ok).toBe(true);
    reportId = (r as { id: number }).id;
    const queue = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({}));
    expect(queue.items.map((q) => [q.kind, q.taskNo, q.unitName])).toContainEqual(['report', 41, '河东生态环境分局']);
    expect(listReviewQueue(env.db, leader(), inView(), reviewQueueFilterSchema.parse({})).total).toBe(queue.total);
    expect(() => listReviewQueue(env.db, sthj(), inView(), reviewQueueFilterSchema.parse({}))).toThrow(ForbiddenError);
    for (const actor of [leader(), sthj(), actorFor(env.db, 'admin', null, idOf('admin'))]) {
      expect(() => reviewSubmission(env.db, actor, { kind: 'report', id: reportId, version: 2, decision: 'approve' }, NOW)).toThrow(ForbiddenError);
    }
  });

  it('a return needs a comment', () => {
    const r = reviewSubmission(env.db, supervisor(), { kind: 'report', id: reportId, version: 2, decision: 'return', comment: '  ' }, NOW);
    expect(r).toMatchObject({ ok: false, error: '退回时必须填写退回意见' });
  });

  it('two supervisors acting at once: one wins, the other is told', () => {
    const seen = getReviewDetail(env.db, supervisor(), 'report', reportId)!.version; // both opened the same version
    const first = reviewSubmission(env.db, supervisor(), { kind: 'report', id: reportId, version: seen, decision: 'return', comment: '请补充造林面积佐证。' }, NOW);
    const second = reviewSubmission(env.db, supervisor2(), { kind: 'report', id: reportId, version: seen, decision: 'approve' }, NOW);
    expect(first).toMatchObject({ ok: true, status: 'returned' });
    expect(second.ok).toBe(false);
    if (!second.ok) expect(second.error).toContain('已被其他督查员处理，当前状态：已退回');
    expect(env.db.select().from(reports).where(eq(reports.id, reportId)).get()!.status).toBe('returned');
  });

  it('the unit sees the comment, edits and resubmits; the reviewer sees what changed and approves', () => {
    const editor = getReportEditor(env.db, sthj(), task41, '2023-11', TODAY);
    expect(editor.report).toMatchObject({ status: 'returned', reviewComment: '请补充造林面积佐证。' });
    const unread = listNotifications(env.db, sthj()).find((n) => n.kind === 'report.returned');
    expect(unread?.body).toBe('请补充造林面积佐证。');
    const r = submit41('完成造林97亩，附验收单。', editor.report!.version);
    expect(r).toMatchObject({ ok: true, status: 'submitted' });
    const detail = getReviewDetail(env.db, supervisor(), 'report', reportId)!;
    expect(detail.diff?.comment).toBe('请补充造林面积佐证。');
    expect(detail.diff?.changes.map((c) => c.label)).toEqual(['本月进展']);
    expect(detail.diff?.changes[0]!.parts.filter((p) => p.change === 'added').map((p) => p.text).join('')).toContain('97');
    expect(listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({})).items.find((q) => q.id === reportId)?.resubmission).toBe(true);
    const ok = reviewSubmission(env.db, supervisor(), { kind: 'report', id: reportId, version: detail.version, decision: 'approve' }, NOW);
    expect(ok).toMatchObject({ ok: true, status: 'approved' });
    expect(getReviewDetail(env.db, supervisor(), 'report', reportId)!.history.map((h) => h.event)).toEqual(['submitted', 'returned', 'submitted', 'approved']);
  });

  it('drafts are never shown to reviewers', () => {
    const d = saveReport(env.db, kjj(), { taskId: env.db.select().from(tasks).where(eq(tasks.no, 13)).get()!.id, periodId: nov, version: 0, progress: '草稿', percentDone: null, problems: '', nextSteps: '', indicatorValues: [] }, 'save', NOW, TODAY);
    expect(getReviewDetail(env.db, supervisor(), 'report', (d as { id: number }).id)).toBeNull();
  });
});

describe('manual flags', () => {
  it('only supervisors raise and lift, always with a reason', () => {
    expect(() => raiseFlag(env.db, leader(), { taskId: task41, level: 'red', reason: 'x' }, NOW)).toThrow(ForbiddenError);
    expect(() => raiseFlag(env.db, supervisor(), { taskId: task41, level: 'red', reason: '' }, NOW)).toThrow('请填写亮灯理由');
    const r = raiseFlag(env.db, supervisor(), { taskId: task41, level: 'red', reason: '造林进度明显滞后' }, NOW);
    expect(r.ok).toBe(true);
    const s = computeSignals(env.db, planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [task41] }).get(task41)!;
    expect(s.flag).toMatchObject({ level: 'red', reason: '造林进度明显滞后' });
    const id = (r as { id: number }).id;
    expect(() => liftFlag(env.db, sthj(), { flagId: id, reason: '已整改' }, NOW)).toThrow(ForbiddenError);
    expect(liftFlag(env.db, supervisor(), { flagId: id, reason: '已整改到位' }, NOW)).toMatchObject({ ok: true });
    expect(liftFlag(env.db, supervisor(), { flagId: id, reason: '重复撤销' }, NOW)).toMatchObject({ ok: false, error: '该亮灯已被撤销' });
    expect(computeSignals(env.db, planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [task41] }).get(task41)!.flag).toBeNull();
  });
});

describe('signals from the data', () => {
  it('an October lead report never sent is red; parts due on the 20th and still missing are red', () => {
    const t = env.db.select().from(tasks).where(eq(tasks.no, 1)).get()!;
    const s = computeSignals(env.db, planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [t.id] }).get(t.id)!;
    expect(s.late.level).toBe('red');
    expect(s.details.some((d) => d.rule === 'late.lead.overdue' && d.month === '2023-10')).toBe(true);
    expect(s.details.some((d) => d.rule === 'late.part.overdue' && d.month === '2023-11')).toBe(true);
    // November's lead report is due on the 25th: 3 days left is yellow, not red.
    expect(s.details.find((d) => d.rule.startsWith('late.lead') && d.month === '2023-11')?.level).toBe('yellow');
    // For one unit only, another unit's lateness does not count.
    const own = computeSignals(env.db, planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [t.id], unitId: idOfUnit('区卫生健康局') }).get(t.id)!;
    expect(own.details.every((d) => d.unitName === '区卫生健康局')).toBe(true);
  });
});

function idOfUnit(name: string): number {
  return actorFor(env.db, 'reporter', name).unitId!;
}

describe('leader instructions', () => {
  it('reach the task’s units; each unit acknowledges and answers only its own receipt', () => {
    expect(() => createInstruction(env.db, supervisor(), { taskId: task41, content: 'x' }, NOW)).toThrow(ForbiddenError);
    const r = createInstruction(env.db, leader(), { taskId: task41, content: '造林工作要抓紧，确保年底前完成。' }, NOW);
    expect(r.ok).toBe(true);
    const thread = instructionsForTask(env.db, sthj(), task41);
    expect(thread[0]!.receipts.map((x) => x.unitName)).toEqual(['区林业发展中心', '河东生态环境分局', '区自然资源局']);
    const mine = thread[0]!.receipts.find((x) => x.mine)!;
    const others = thread[0]!.receipts.find((x) => !x.mine)!;
    expect(acknowledgeInstruction(env.db, sthj(), others.id, NOW)).toMatchObject({ ok: false, error: '找不到该批示' });
    expect(acknowledgeInstruction(env.db, sthj(), mine.id, NOW)).toMatchObject({ ok: true });
    expect(acknowledgeInstruction(env.db, sthj(), mine.id, NOW)).toMatchObject({ ok: false });
    expect(replyInstruction(env.db, sthj(), { receiptId: mine.id, reply: '已部署，12月10日前完成。' }, NOW)).toMatchObject({ ok: true });
    expect(() => acknowledgeInstruction(env.db, leader(), mine.id, NOW)).toThrow(ForbiddenError);
    // A unit not on the task sees nothing.
    expect(instructionsForTask(env.db, actorFor(env.db, 'reporter', '区民政局'), task41)).toEqual([]);
    expect(unreadCount(env.db, leader())).toBeGreaterThan(0);
  });
});

describe('reminders and digests', () => {
  it('one-click reminder reaches each unit that has not submitted, once a day', () => {
    expect(() => sendPeriodReminders(env.db, sthj(), inView(), TODAY, NOW)).toThrow(ForbiddenError);
    const before = env.db.select({ n: count() }).from(notifications).get()!.n;
    const r = sendPeriodReminders(env.db, supervisor(), inView(), TODAY, NOW);
    expect(r.ok && r.units).toBeGreaterThan(10);
    const after = env.db.select({ n: count() }).from(notifications).get()!.n;
    expect(after).toBeGreaterThan(before);
    sendPeriodReminders(env.db, supervisor(), inView(), TODAY, NOW);
    expect(env.db.select({ n: count() }).from(notifications).get()!.n).toBe(after);
    const kjjReminder = listNotifications(env.db, kjj()).find((n) => n.kind === 'reminder');
    expect(kjjReminder?.body).toContain('任务 11、12、13、14、15、16 的月度进展');
  });

  it('the schedule is idempotent and the digest is one per user per day, none at weekends unless overdue', async () => {
    runReminderSchedule(env.db, TODAY, NOW);
    const n = env.db.select({ n: count() }).from(notifications).get()!.n;
    runReminderSchedule(env.db, TODAY, NOW);
    expect(env.db.select({ n: count() }).from(notifications).get()!.n).toBe(n);
    const sent: string[] = [];
    env.db.update(users).set({ email: 'kjj@example.invalid' }).where(eq(users.username, 'kjj')).run();
    const first = await buildDailyDigests(env.db, TODAY, NOW, { send: async (to) => void sent.push(to) });
    expect(first.digests).toBeGreaterThan(0);
    expect(sent).toEqual(['kjj@example.invalid']);
    const again = await buildDailyDigests(env.db, TODAY, NOW);
    expect(again.digests).toBe(0);
    expect(env.db.select().from(digests).where(and(eq(digests.userId, idOf('kjj')), eq(digests.date, TODAY))).all()).toHaveLength(1);
    // Saturday: only users with something overdue get a digest.
    const saturday = '2023-11-25';
    raiseFlag(env.db, supervisor(), { taskId: task41, level: 'yellow', reason: '周末测试' }, NOW);
    createInstruction(env.db, leader(), { taskId: task41, content: '周六批示' }, NOW); // not urgent
    const weekend = await buildDailyDigests(env.db, saturday, new Date('2023-11-25T09:00:00+08:00'));
    expect(weekend.digests).toBe(0);
  });

  it('notifications are read and marked per user only', () => {
    const mine = listNotifications(env.db, kjj());
    const other = listNotifications(env.db, sthj())[0]!;
    expect(markRead(env.db, kjj(), other.id, NOW)).toBe(0);
    expect(markRead(env.db, kjj(), null, NOW)).toBe(mine.filter((n) => !n.readAt).length);
    expect(unreadCount(env.db, kjj())).toBe(0);
  });
});

describe('audit trail', () => {
  it('records state changes with who and what, and cannot be rewritten', () => {
    const rows = env.db.select().from(auditLog).where(eq(auditLog.taskId, task41)).all();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['report.submit', 'report.return', 'report.approve', 'flag.raise', 'flag.lift', 'instruction.create', 'instruction.ack', 'instruction.reply']));
    expect(() => env.db.$client.prepare('update audit_log set action = ? where id = ?').run('x', rows[0]!.id)).toThrow('append-only');
    expect(() => env.db.$client.prepare('delete from audit_log').run()).toThrow('append-only');
    // Unit staff see office-wide lines and their own unit's, not other units'.
    const forOther = taskTimeline(env.db, actorFor(env.db, 'reporter', '区自然资源局'), task41);
    expect(forOther.some((e) => e.action === 'report.submit')).toBe(false);
    expect(forOther.some((e) => e.action === 'instruction.create')).toBe(true);
    expect(taskTimeline(env.db, supervisor(), task41).some((e) => e.action === 'report.submit')).toBe(true);
  });
});
