import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasks, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { unreadCount } from '@/lib/notifications/notification-service';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { acknowledgeInstruction, createInstruction, instructionsForTask, replyInstruction } from './instruction-service';

const NOW = new Date('2023-11-22T09:30:00+08:00');

let env: Awaited<ReturnType<typeof createSeededDb>>;
let task41: number;
let userIds: Map<string, number>;
const idOf = (username: string) => userIds.get(username)!;

beforeAll(async () => {
  env = await createSeededDb();
  userIds = new Map((await env.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
  const [t] = await env.db.select().from(tasks).where(eq(tasks.no, 41)).limit(1);
  task41 = t!.id;
});
afterAll(() => env.cleanup());

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const leader = () => actorFor(env.db, 'leader', null, idOf('lingdao'));
const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', idOf('sthj')); // a lead of 41
const as = (actor: Actor) => contextFor(env.db, actor, NOW);

describe('leader instructions', () => {
  it('reach the task’s units; each unit acknowledges and answers only its own receipt', async () => {
    await expect(createInstruction(as(supervisor()), { taskId: task41, content: 'x' })).rejects.toThrow(ForbiddenError);
    const r = await createInstruction(as(leader()), { taskId: task41, content: '造林工作要抓紧，确保年底前完成。' });
    expect(r.ok).toBe(true);
    const thread = await instructionsForTask(as(sthj()), task41);
    expect(thread[0]!.receipts.map((x) => x.unitName)).toEqual(['区林业发展中心', '河东生态环境分局', '区自然资源局']);
    const mine = thread[0]!.receipts.find((x) => x.mine)!;
    const others = thread[0]!.receipts.find((x) => !x.mine)!;
    expect(await acknowledgeInstruction(as(sthj()), others.id)).toMatchObject({ ok: false, error: '找不到该批示' });
    expect(await acknowledgeInstruction(as(sthj()), mine.id)).toMatchObject({ ok: true });
    expect(await acknowledgeInstruction(as(sthj()), mine.id)).toMatchObject({ ok: false, error: '本单位已签收该批示' });
    expect(await replyInstruction(as(sthj()), { receiptId: mine.id, reply: '已部署，12月10日前完成。' })).toMatchObject({ ok: true });
    await expect(acknowledgeInstruction(as(leader()), mine.id)).rejects.toThrow(ForbiddenError);
    // A unit not on the task sees nothing.
    expect(await instructionsForTask(as(actorFor(env.db, 'reporter', '区民政局')), task41)).toEqual([]);
    expect(await unreadCount(env.db, leader())).toBeGreaterThan(0);
  });
});
