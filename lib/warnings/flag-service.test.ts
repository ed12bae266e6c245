import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '@/lib/errors';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { raiseFlagSchema } from './flag-schemas';
import { liftFlag, raiseFlag } from './flag-service';
import { DEFAULT_WARNING_SETTINGS } from './rules';
import { computeSignals } from './signal-service';

const TODAY = '2023-11-22';

const env = useSeededDb();
const { as, supervisor, leader, sthj, planId, taskId } = env; // sthj: a lead of task 41
const signalsOf41 = async () => (await computeSignals(env.db, planId(), TODAY, DEFAULT_WARNING_SETTINGS, { taskIds: [taskId(41)] })).get(taskId(41))!;

describe('manual flags', () => {
  it('only supervisors raise and lift, always with a reason', async () => {
    await expect(raiseFlag(as(leader()), { taskId: taskId(41), level: 'red', reason: 'x' })).rejects.toThrow(ForbiddenError);
    // The reason is required by the form's schema, which the action parses before the service runs.
    const noReason = raiseFlagSchema.safeParse({ taskId: taskId(41), level: 'red', reason: '' });
    expect(noReason.success).toBe(false);
    expect(noReason.error?.issues[0]?.message).toBe('请填写亮灯理由');
    const r = await raiseFlag(as(supervisor()), { taskId: taskId(41), level: 'red', reason: '造林进度明显滞后' });
    expect(r.ok).toBe(true);
    expect((await signalsOf41()).flag).toMatchObject({ level: 'red', reason: '造林进度明显滞后' });
    const id = (r as { id: number }).id;
    await expect(liftFlag(as(sthj()), { flagId: id, reason: '已整改' })).rejects.toThrow(ForbiddenError);
    expect(await liftFlag(as(supervisor()), { flagId: id, reason: '已整改到位' })).toMatchObject({ ok: true });
    expect(await liftFlag(as(supervisor()), { flagId: id, reason: '重复撤销' })).toMatchObject({ ok: false, error: '该亮灯已被撤销' });
    expect((await signalsOf41()).flag).toBeNull();
  });
});
