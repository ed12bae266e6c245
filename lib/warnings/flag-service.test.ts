import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasks, users } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { ForbiddenError } from '@/lib/errors';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { raiseFlagSchema } from './flag-schemas';
import { liftFlag, raiseFlag } from './flag-service';
import { DEFAULT_WARNING_SETTINGS } from './rules';
import { computeSignals } from './signal-service';

const TODAY = '2023-11-22';
const NOW = new Date('2023-11-22T09:30:00+08:00');

let env: Awaited<ReturnType<typeof createSeededDb>>;
let task41: number;
let planId: number;
let userIds: Map<string, number>;
const idOf = (username: string) => userIds.get(username)!;

beforeAll(async () => {
  env = await createSeededDb();
  userIds = new Map((await env.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.username, u.id]));
  const [t] = await env.db.select().from(tasks).where(eq(tasks.no, 41)).limit(1);
  task41 = t!.id;
  planId = t!.planId;
});
afterAll(() => env.cleanup());

const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const leader = () => actorFor(env.db, 'leader', null, idOf('lingdao'));
const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', idOf('sthj')); // a lead of 41
const as = (actor: Actor) => contextFor(env.db, actor, NOW);
const signalsOf41 = async () => (await computeSignals(env.db, planId, TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [task41] })).get(task41)!;

describe('manual flags', () => {
  it('only supervisors raise and lift, always with a reason', async () => {
    await expect(raiseFlag(as(leader()), { taskId: task41, level: 'red', reason: 'x' })).rejects.toThrow(ForbiddenError);
    // The reason is required by the form's schema, which the action parses before the service runs.
    const noReason = raiseFlagSchema.safeParse({ taskId: task41, level: 'red', reason: '' });
    expect(noReason.success).toBe(false);
    expect(noReason.error?.issues[0]?.message).toBe('请填写亮灯理由');
    const r = await raiseFlag(as(supervisor()), { taskId: task41, level: 'red', reason: '造林进度明显滞后' });
    expect(r.ok).toBe(true);
    expect((await signalsOf41()).flag).toMatchObject({ level: 'red', reason: '造林进度明显滞后' });
    const id = (r as { id: number }).id;
    await expect(liftFlag(as(sthj()), { flagId: id, reason: '已整改' })).rejects.toThrow(ForbiddenError);
    expect(await liftFlag(as(supervisor()), { flagId: id, reason: '已整改到位' })).toMatchObject({ ok: true });
    expect(await liftFlag(as(supervisor()), { flagId: id, reason: '重复撤销' })).toMatchObject({ ok: false, error: '该亮灯已被撤销' });
    expect((await signalsOf41()).flag).toBeNull();
  });
});
