import { beforeAll, describe, expect, it } from 'vitest';
import { taskFlags } from '@/db/schema';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor } from '@/lib/testing/temp-db';
import { raiseFlagSchema } from './flag-schemas';
import { flagHistory, liftFlag, raiseFlag } from './flag-service';
import { DEFAULT_WARNING_SETTINGS } from './rules';
import { getWarningSettings, toInput, updateWarningSettings } from './settings-service';
import { computeSignals } from './signal-service';
import { signalsForPlans, signalsForTasks } from './task-signals';

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

describe('districts', () => {
  const denv = useSeededDb();
  let d2: SecondDistrict;
  /** A flag in force on task 41 of each district, raised by its own supervisor. */
  const flagOf = new Map<number, { flagId: number; taskId: number }>();

  beforeAll(async () => {
    d2 = await addSecondDistrict(denv.db);
    for (const [districtId, supervisor, task] of [
      [FIRST_DISTRICT_ID, denv.supervisor(), denv.taskId(41)],
      [d2.districtId, await d2.actor('supervisor'), d2.taskId(41)],
    ] as const) {
      const r = await raiseFlag(denv.as(supervisor), { taskId: task, level: 'yellow', reason: '进度偏慢' });
      expect(r.ok).toBe(true);
      flagOf.set(districtId, { flagId: (r as { id: number }).id, taskId: task });
    }
  });

  const flagRows = () => denv.db.select().from(taskFlags).orderBy(taskFlags.id);

  it('a supervisor naming the other district’s task or flag is told it is not found, nothing written', async () => {
    for (const [districtId, supervisor] of [
      [FIRST_DISTRICT_ID, denv.supervisor()],
      [d2.districtId, await d2.actor('supervisor')],
    ] as const) {
      const other = flagOf.get(districtId === FIRST_DISTRICT_ID ? d2.districtId : FIRST_DISTRICT_ID)!;
      const before = await flagRows();
      expect(await raiseFlag(denv.as(supervisor), { taskId: other.taskId, level: 'red', reason: '越界' })).toEqual({ ok: false, error: '找不到该任务' });
      expect(await liftFlag(denv.as(supervisor), { flagId: other.flagId, reason: '越界' })).toEqual({ ok: false, error: '找不到该亮灯记录' });
      expect(await flagRows()).toEqual(before);
    }
  });

  it('flag history and signals: the other district’s task has none; each district’s lists are judged by its own settings', async () => {
    for (const [districtId, actor] of [
      [FIRST_DISTRICT_ID, denv.leader()],
      [FIRST_DISTRICT_ID, denv.sthj()],
      [d2.districtId, await d2.actor('leader')],
      [d2.districtId, await d2.actor('reporter', '河东生态环境分局')],
    ] as const) {
      const own = flagOf.get(districtId)!;
      const other = flagOf.get(districtId === FIRST_DISTRICT_ID ? d2.districtId : FIRST_DISTRICT_ID)!;
      const ownPlan = districtId === FIRST_DISTRICT_ID ? denv.planId() : d2.planId;
      const otherPlan = districtId === FIRST_DISTRICT_ID ? d2.planId : denv.planId();
      const ctx = denv.as(actor);
      expect((await flagHistory(ctx, own.taskId)).map((f) => f.id)).toEqual([own.flagId]);
      expect(await flagHistory(ctx, other.taskId)).toEqual([]);
      expect((await signalsForTasks(ctx, ownPlan, { taskIds: [own.taskId] })).get(own.taskId)?.flag?.id).toBe(own.flagId);
      expect((await signalsForTasks(ctx, otherPlan)).size).toBe(0);
      const both = await signalsForPlans(ctx, [{ id: denv.planId() }, { id: d2.planId }]);
      expect(both.has(own.taskId)).toBe(true);
      expect(both.has(other.taskId)).toBe(false);
    }
  });

  it('warning settings are the district’s own: one district’s admin changes only its calendar and thresholds', async () => {
    const input = { ...toInput(DEFAULT_WARNING_SETTINGS), dueSoonDays: 0, holidays: ['2023-11-24'] };
    expect(await updateWarningSettings(denv.as(await d2.actor('admin')), input)).toMatchObject({ ok: true });
    expect(await getWarningSettings(denv.db, FIRST_DISTRICT_ID)).toEqual(DEFAULT_WARNING_SETTINGS);
    expect(toInput(await getWarningSettings(denv.db, d2.districtId))).toEqual(input);
    // The city office sees both lists, each with its district's rules: November's lead report of task 1
    // (due on the 25th, 3 days left) is "due soon" in district 1 and not yet in district 2 (dueSoonDays 0).
    const city = denv.as(await actorFor(denv.db, 'city_supervisor', null));
    const all = await signalsForPlans(city, [{ id: denv.planId() }, { id: d2.planId }]);
    const novLead = (taskId: number) => all.get(taskId)!.details.find((d) => d.rule.startsWith('late.lead') && d.month === '2023-11');
    expect(novLead(denv.taskId(1))?.level).toBe('yellow');
    expect(novLead(d2.taskId(1))).toBeUndefined();
    // The city office writes no district's settings or flags.
    await expect(updateWarningSettings(city, input)).rejects.toThrow(ForbiddenError);
    await expect(raiseFlag(city, { taskId: d2.taskId(1), level: 'red', reason: '市级' })).rejects.toThrow(ForbiddenError);
  });
});
