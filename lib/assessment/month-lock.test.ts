import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assessmentLocks, assessmentMonthScores, auditLog, plans, reports } from '@/db/schema';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError } from '@/lib/errors';
import { planById } from '@/lib/plans/plan-scope';
import { TODAY, useOneList, useTwoLists } from './assessment.fixture';
import { updateAssessmentSettings, updateListWeights } from './assessment-settings';
import { activeListsOf } from './district';
import { explainScore } from './explanations';
import { lockMonth } from './month-lock';
import { getMonthRanking, getPeriodRanking } from './ranking';

describe('locking a month (one list)', () => {
  const { env, as, oct, inView } = useOneList();
  const { supervisor, fgj } = env;

  it('a locked month keeps its ranking when the data changes afterwards', async () => {
    expect(await lockMonth(as(supervisor(), '2023-10-30'), '2023-10')).toMatchObject({ ok: false, error: '单位说明期至 2023-11-01，期满后方可锁定' });
    await expect(lockMonth(as(fgj()), '2023-10')).rejects.toThrow(ForbiddenError);
    expect(await env.db.select().from(assessmentLocks).where(eq(assessmentLocks.periodId, oct()))).toHaveLength(0);
    expect(await lockMonth(as(supervisor()), '2023-10')).toMatchObject({ ok: true });
    expect(await lockMonth(as(supervisor()), '2023-10')).toMatchObject({ ok: false, error: '该月考核已被锁定' });
    expect(await env.db.select().from(assessmentLocks).where(eq(assessmentLocks.periodId, oct()))).toHaveLength(1);
    const before = (await getPeriodRanking(as(supervisor()), oct())).scores.map((s) => [s.unitName, s.total, s.rank]);
    const monthBefore = (await getMonthRanking(as(supervisor()), await inView(), '2023-10')).scores.map((s) => [s.unitName, s.total, s.rank]);
    expect(monthBefore).toEqual(before);
    // Afterwards: every October report is approved and the weights change — the locked ranking must not move.
    await env.db.update(reports).set({ status: 'approved' }).where(eq(reports.periodId, oct()));
    const admin = env.admin();
    expect(await updateAssessmentSettings(as(admin), { weights: { onTime: 100, firstPass: 0, warnings: 0, notices: 0, indicators: 0 }, explanationWorkingDays: 5 })).toMatchObject({ ok: true });
    const after = await getPeriodRanking(as(supervisor()), oct());
    expect(after.locked).not.toBeNull();
    expect(after.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(before);
    const monthAfter = await getMonthRanking(as(supervisor()), await inView(), '2023-10');
    expect(monthAfter.locked).not.toBeNull();
    expect(monthAfter.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(monthBefore);
    expect(await explainScore(as(fgj(), '2023-10-30'), { periodId: oct(), content: '迟到的说明' })).toMatchObject({ ok: false, error: '该月考核已锁定，不能再提交说明' });
  });
});

describe('locking a month across two active lists (a monthly and a quarterly one)', () => {
  const { env, as, lists, inView: both } = useTwoLists();
  const { supervisor } = env;

  it('locking a month locks every active list’s period and freezes the combined scores', async () => {
    expect(await lockMonth(as(supervisor(), '2023-10-01'), '2023-09')).toMatchObject({ ok: false, error: expect.stringMatching(/期满后方可锁定/) });
    const before = await getMonthRanking(as(supervisor()), await both(), '2023-09');
    expect(before.locked).toBeNull();
    expect(await lockMonth(as(supervisor(), TODAY, { ip: '10.0.0.8' }), '2023-09')).toMatchObject({ ok: true });
    expect((await env.db.select().from(assessmentLocks)).map((l) => l.periodId).sort()).toEqual([lists.sepKey, lists.sepLive].sort());
    expect(await env.db.select().from(assessmentMonthScores).where(eq(assessmentMonthScores.month, '2023-09'))).toHaveLength(before.scores.length);
    expect(await lockMonth(as(supervisor()), '2023-09')).toMatchObject({ ok: false, error: '该月考核已被锁定' });
    const audit = (await env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.lock')).orderBy(desc(auditLog.id)).limit(1))[0]!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ month: '2023-09', periods: [lists.sepKey, lists.sepLive] });
    expect(audit).toMatchObject({ actorId: env.idOf('duchashi'), ip: '10.0.0.8' });

    // Afterwards the weights and the data change: the month does not move.
    expect(await updateListWeights(as(supervisor()), { weights: [{ planId: lists.livelihood.id, weight: 10 }] })).toMatchObject({ ok: true, changed: 1 });
    await env.db.update(reports).set({ status: 'approved' }).where(eq(reports.periodId, lists.sepLive));
    const after = await getMonthRanking(as(supervisor()), await both(), '2023-09');
    expect(after.locked).not.toBeNull();
    expect(after.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(before.scores.map((s) => [s.unitName, s.total, s.rank]));
    // Seen through one list, the frozen list scores (with the frozen weights) are recombined.
    const liveOnly = await getMonthRanking(as(supervisor()), [(await planById(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID }, lists.livelihood.id))!], '2023-09');
    const fgjBefore = before.scores.find((s) => s.unitName === '区发展和改革局')!;
    expect(liveOnly.scores.find((s) => s.unitName === '区发展和改革局')!.total).toBe(fgjBefore.lists[1]!.total);
    expect(liveOnly.scores.length).toBeGreaterThan(0);
    expect(liveOnly.scores.every((s) => s.lists.length > 0 && s.lists.every((l) => l.planId === lists.livelihood.id))).toBe(true);
  });

  it('an archived list drops out of the month; a locked month keeps its frozen ranking', async () => {
    const lockedBefore = await getMonthRanking(as(supervisor()), await both(), '2023-09');
    await env.db.update(plans).set({ status: 'archived' }).where(eq(plans.id, lists.livelihood.id));
    try {
      const r = await getMonthRanking(as(supervisor()), await activeListsOf(env.db, FIRST_DISTRICT_ID), '2023-06');
      expect(r.lists).toEqual([]);
      // September was locked with both lists: archiving one of them changes nothing there.
      const lockedAfter = await getMonthRanking(as(supervisor()), await activeListsOf(env.db, FIRST_DISTRICT_ID), '2023-09');
      expect(lockedAfter.locked).not.toBeNull();
      expect(lockedAfter.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(lockedBefore.scores.map((s) => [s.unitName, s.total, s.rank]));
      expect(await lockMonth(as(supervisor()), '2023-09')).toMatchObject({ ok: false, error: '该月考核已被锁定' });
      expect(await updateListWeights(as(supervisor()), { weights: [{ planId: lists.livelihood.id, weight: 1 }] })).toMatchObject({ ok: false, error: '只能调整进行中的任务清单的权重' });
    } finally {
      await env.db.update(plans).set({ status: 'active' }).where(eq(plans.id, lists.livelihood.id));
    }
  });
});
