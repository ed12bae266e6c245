/**
 * Reminders, the daily schedule and leaders' instructions over two active lists: the seeded 2023 key
 * tasks and 民生实事 (lib/oversight/second-list.fixture.ts).
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { acknowledgeInstruction, createInstruction, instructionsForTask, replyInstruction, unacknowledgedForUnit } from '@/lib/instructions/instruction-service';
import { addSecondList, type SecondList } from '@/lib/oversight/second-list.fixture';
import { activePlans } from '@/lib/plans/plan-scope';
import { DEMO_NOW, useSeededDb } from '@/lib/testing/seeded-fixture';
import { listNotifications } from './notification-service';
import { runReminderSchedule, sendPeriodReminders } from './reminder-service';

const TODAY = '2023-11-22';
const NOW = DEMO_NOW;
const env = useSeededDb();
const { idOf, supervisor, leader, fgj, kjj, sthj } = env;
let second: SecondList;

beforeAll(async () => {
  second = await addSecondList(env.db);
});

const inView = () => activePlans(env.db, supervisor());
const ctxOf = (actor: Actor) => env.as(actor);
const ofKind = async (actor: Actor, kind: string) => (await listNotifications(env.db, actor)).filter((n) => n.kind === kind);
const notificationCount = async () => (await env.db.select({ id: notifications.id }).from(notifications)).length;

describe('one-click reminder over the lists in view', () => {
  it('one message per unit naming what is missing on each list; only the lists in view', async () => {
    await expect(sendPeriodReminders(ctxOf(fgj()), await inView())).rejects.toThrow(ForbiddenError);
    const r = await sendPeriodReminders(ctxOf(supervisor()), await inView());
    expect(r).toMatchObject({ ok: true });
    const mine = await ofKind(fgj(), 'reminder');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toBe('督查室催办：2023年11月尚有材料未报送');
    expect(mine[0]!.body).toMatch(/任务 1、.* 的月度进展/);
    expect(mine[0]!.body).toContain('民生实事 1 的月度进展；民生实事 3 的协办情况');
    // One link for both lists: the month page covers every active list.
    expect(mine[0]!.link).toBe('/my/month?month=2023-11&due=1');
    // 区科学技术局 has sent its part on 民生实事 1: only the first list is mentioned.
    expect((await ofKind(kjj(), 'reminder'))[0]!.body).not.toContain('民生实事');
    // Only 民生实事 in view: the two units that owe something on it.
    const onlySecond = await sendPeriodReminders(ctxOf(supervisor()), [second.plan]);
    expect(onlySecond).toMatchObject({ ok: true, units: 2 });
    expect(await ofKind(sthj(), 'reminder')).toHaveLength(1); // from the first press only
    // Pressing again on the same day reminds nobody twice.
    const before = await notificationCount();
    await sendPeriodReminders(ctxOf(supervisor()), await inView());
    expect(await notificationCount()).toBe(before);
    expect(await sendPeriodReminders(ctxOf(supervisor()), [])).toMatchObject({ ok: true, units: 0 });
  });
});

describe('the daily schedule covers every active list', () => {
  it('reminds of deadlines and overdue items on each list, saying which list', async () => {
    expect(await runReminderSchedule(env.db, TODAY, NOW)).toBeGreaterThan(0);
    const soon = (await ofKind(fgj(), 'deadline.soon')).filter((n) => n.title.includes('民生实事'));
    expect(soon.map((n) => [n.title, n.body, n.link])).toEqual([['2023年11月民生实事月度进展将于 11月25日 截止', '请报送民生实事 1 的月度进展。', '/my/month?month=2023-11&due=1']]);
    const overdue = (await ofKind(fgj(), 'deadline.overdue')).filter((n) => n.body?.includes('民生实事'));
    expect(overdue.some((n) => n.title === '2023年11月民生实事协办情况已逾期未报送' && n.body === '请报送民生实事 3 的协办情况。')).toBe(true);
    const count = await notificationCount();
    expect(await runReminderSchedule(env.db, TODAY, NOW)).toBe(0);
    expect(await notificationCount()).toBe(count);
  });
});

describe('instructions on a task of the second list', () => {
  it('name the task with its list and link to it by id; only its units receive and answer them', async () => {
    const taskId = second.taskIds[1];
    expect(await createInstruction(ctxOf(leader()), { taskId, content: '抓紧推进学校建设。' })).toMatchObject({ ok: true });
    const received = (await ofKind(fgj(), 'instruction.received'))[0]!;
    expect(received.title).toBe(`${leader().displayName}对民生实事 1「新建改扩建中小学校」作出批示`);
    expect(received.link).toBe(`/tasks/${taskId}#instructions`);
    expect(await ofKind(sthj(), 'instruction.received')).toHaveLength(0);
    const pending = await unacknowledgedForUnit(ctxOf(fgj()));
    expect(pending).toEqual([expect.objectContaining({ taskId, taskNo: 1, taskLabel: '民生实事 1', taskTitle: '新建改扩建中小学校' })]);
    const receipt = (await instructionsForTask(ctxOf(fgj()), taskId))[0]!.receipts.find((x) => x.mine)!;
    await expect(acknowledgeInstruction(ctxOf(sthj()), receipt.id)).rejects.toThrow(new NotFoundError('找不到该批示'));
    expect(await replyInstruction(ctxOf(fgj()), { receiptId: receipt.id, reply: '已开工。' })).toMatchObject({ ok: true });
    const [answered] = await env.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'instruction.answered'), eq(notifications.userId, idOf('duchashi'))))
      .limit(1);
    expect(answered!.title).toBe('区发展和改革局回复了民生实事 1 的批示');
    expect(answered!.link).toBe(`/tasks/${taskId}#instructions`);
    expect(await instructionsForTask(ctxOf(sthj()), taskId)).toEqual([]);
  });
});
