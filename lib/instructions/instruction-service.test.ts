import { NotFoundError } from '@/lib/errors';
import { asc, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, instructionReceipts, instructions, notifications } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { unreadCount } from '@/lib/notifications/notification-service';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { DEMO_NOW, useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { acknowledgeInstruction, createInstruction, instructionsForTask, MAX_REPLIES_PER_HOUR, replyInstruction, unacknowledgedForUnit } from './instruction-service';

const env = useSeededDb();
const { as, supervisor, leader, sthj, taskId, idOf } = env; // sthj: a lead of task 41

describe('leader instructions', () => {
  it('reach the task’s units; each unit acknowledges and answers only its own receipt', async () => {
    await expect(createInstruction(as(supervisor()), { taskId: taskId(41), content: 'x' })).rejects.toThrow(ForbiddenError);
    const r = await createInstruction(as(leader()), { taskId: taskId(41), content: '造林工作要抓紧，确保年底前完成。' });
    expect(r.ok).toBe(true);
    const thread = await instructionsForTask(as(sthj()), taskId(41));
    expect(thread[0]!.receipts.map((x) => x.unitName)).toEqual(['区林业发展中心', '河东生态环境分局', '区自然资源局']);
    const mine = thread[0]!.receipts.find((x) => x.mine)!;
    const others = thread[0]!.receipts.find((x) => !x.mine)!;
    await expect(acknowledgeInstruction(as(sthj()), others.id)).rejects.toThrow(new NotFoundError('找不到该批示'));
    expect(await acknowledgeInstruction(as(sthj()), mine.id)).toMatchObject({ ok: true });
    expect(await acknowledgeInstruction(as(sthj()), mine.id)).toMatchObject({ ok: false, error: '本单位已签收该批示' });
    expect(await replyInstruction(as(sthj()), { receiptId: mine.id, reply: '已部署，12月10日前完成。' })).toMatchObject({ ok: true });
    await expect(acknowledgeInstruction(as(leader()), mine.id)).rejects.toThrow(ForbiddenError);
    // A unit not on the task sees nothing.
    expect(await instructionsForTask(as(await actorFor(env.db, 'reporter', '区民政局')), taskId(41))).toEqual([]);
    expect(await unreadCount(env.db, leader())).toBeGreaterThan(0);
  });

  it('at most 20 replies per person an hour: the next is refused and notifies nobody; an hour later it goes through', async () => {
    const day = new Date(DEMO_NOW.getTime() + 24 * 60 * 60 * 1000);
    const later = (minutes: number) => as(sthj(), new Date(day.getTime() + minutes * 60 * 1000));
    const created = await createInstruction(as(leader(), day), { taskId: taskId(41), content: '请每周报告造林进度。' });
    if (!created.ok) throw new Error(created.error);
    const receipt = (await instructionsForTask(as(sthj()), taskId(41))).find((i) => i.id === created.id)!.receipts.find((x) => x.mine)!;
    expect(MAX_REPLIES_PER_HOUR).toBe(20);
    for (let n = 1; n <= 20; n++) expect(await replyInstruction(later(n), { receiptId: receipt.id, reply: `第${n}周：已完成造林${n * 10}亩。` })).toMatchObject({ ok: true });
    const unread = await unreadCount(env.db, leader());
    expect(await replyInstruction(later(30), { receiptId: receipt.id, reply: '再补充一句。' })).toEqual({ ok: false, error: '回复过于频繁：每人每小时最多回复 20 次批示，请稍后再试' });
    expect(await unreadCount(env.db, leader())).toBe(unread);
    expect((await instructionsForTask(as(sthj()), taskId(41))).find((i) => i.id === created.id)!.receipts.find((x) => x.mine)!.reply).toBe('第20周：已完成造林200亩。');
    // The first reply (minute 1) is more than an hour old at minute 61.
    expect(await replyInstruction(later(61), { receiptId: receipt.id, reply: '再补充一句。' })).toMatchObject({ ok: true });
  });
});

describe('districts', () => {
  it('each district’s instructions stay in it: the other’s task, receipt and office are out of reach, nothing written', async () => {
    const b = await addSecondDistrict(env.db);
    const [bLeader, bSupervisor, bSthj] = [await b.actor('leader'), await b.actor('supervisor'), await b.actor('reporter', '河东生态环境分局')];
    const made = await createInstruction(as(bLeader), { taskId: b.taskId(41), content: '兰山区造林要抓紧。' });
    if (!made.ok) throw new Error(made.error);
    // Its notifications name the task by id: whoever of the first district received one, received one about the other's task.
    const toldOf = async (link: string) => (await env.db.select({ userId: notifications.userId }).from(notifications).where(eq(notifications.link, link))).map((n) => n.userId);
    const bLink = `/tasks/${b.taskId(41)}#instructions`;
    expect(await toldOf(bLink)).toContain(bSupervisor.userId);
    const aThread = await createInstruction(as(leader()), { taskId: taskId(41), content: '河东区造林要抓紧。' });
    if (!aThread.ok) throw new Error(aThread.error);
    const aReceipt = (await instructionsForTask(as(sthj()), taskId(41))).find((i) => i.id === aThread.id)!.receipts.find((r) => r.mine)!;
    const bReceipt = (await instructionsForTask(as(bSthj), b.taskId(41)))[0]!.receipts.find((r) => r.mine)!;

    const written = async () =>
      JSON.stringify([
        await env.db.select().from(instructions).orderBy(asc(instructions.id)),
        await env.db.select().from(instructionReceipts).orderBy(asc(instructionReceipts.id)),
        (await env.db.select({ n: count() }).from(notifications))[0]!.n,
        (await env.db.select({ n: count() }).from(auditLog))[0]!.n,
      ]);
    const before = await written();
    const cases: [Actor, Actor, Actor, number, number][] = [
      [leader(), supervisor(), sthj(), b.taskId(41), bReceipt.id],
      [bLeader, bSupervisor, bSthj, taskId(41), aReceipt.id],
    ];
    for (const [boss, office, unit, otherTask, otherReceipt] of cases) {
      expect(await createInstruction(as(boss), { taskId: otherTask, content: '批示' })).toEqual({ ok: false, error: '找不到该任务' });
      expect(await instructionsForTask(as(office), otherTask)).toEqual([]);
      expect(await instructionsForTask(as(unit), otherTask)).toEqual([]);
      await expect(acknowledgeInstruction(as(unit), otherReceipt)).rejects.toThrow(new NotFoundError('找不到该批示'));
      await expect(replyInstruction(as(unit), { receiptId: otherReceipt, reply: '已落实' })).rejects.toThrow(new NotFoundError('找不到该批示'));
      expect((await unacknowledgedForUnit(as(unit))).some((u) => u.receiptId === otherReceipt)).toBe(false);
    }
    expect(await written()).toBe(before);
    // The first district's office hears nothing of the instruction or of its answer.
    expect(await replyInstruction(as(bSthj), { receiptId: bReceipt.id, reply: '兰山区已部署。' })).toMatchObject({ ok: true });
    expect(await toldOf(bLink)).not.toContain(idOf('duchashi'));
    expect((await toldOf(bLink)).filter((u) => u === bSupervisor.userId)).toHaveLength(2);
  });
});
