import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentLocks, assessmentMonthScores, auditLog, plans, reportingPeriods, reports, users } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/permissions';
import { activePlans, planById, type PlanSummary } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import {
  assessmentMonths,
  explainScore,
  getMonthRanking,
  getPeriodRanking,
  getUnitBreakdown,
  getYearRanking,
  lockMonth,
  updateAssessmentSettings,
  updateListWeights,
} from './assessment-service';
import { combineListScores } from './score';
import { addTestList, addTestReport } from './test-lists';

const TODAY = '2023-11-22';

describe('assessment service (one list)', () => {
  let env: Awaited<ReturnType<typeof createSeededDb>>;
  let oct: number;
  let planId: number;
  const idOf = (u: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).get()!.id;
  const inView = () => activePlans(env.db);

  beforeAll(async () => {
    env = await createSeededDb();
    const p = env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, '2023-10')).get()!;
    oct = p.id;
    planId = p.planId;
    seedDemoReports(env.db, planId, TODAY);
  });
  afterAll(() => env.cleanup());

  const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
  const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj'));

  it('scores every unit with tasks and ranks them; units see totals but only their own breakdown', () => {
    const r = getPeriodRanking(env.db, supervisor(), oct, TODAY);
    expect(r.scores.length).toBeGreaterThan(30);
    expect(r.scores[0]!.rank).toBe(1);
    expect(r.scores.every((s) => s.total >= 0 && s.total <= 100)).toBe(true);
    expect(r.scores.every((s) => s.components.length === 5)).toBe(true);
    const mine = getPeriodRanking(env.db, fgj(), oct, TODAY);
    expect(mine.scores.filter((s) => s.components.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
    // With one list, the month's score is that list's score.
    const month = getMonthRanking(env.db, supervisor(), inView(), '2023-10', TODAY);
    expect(month.lists.map((l) => l.period.id)).toEqual([oct]);
    expect(month.scores.map((s) => [s.unitId, s.total, s.rank])).toEqual(r.scores.map((s) => [s.unitId, s.total, s.rank]));
    const mineMonth = getMonthRanking(env.db, fgj(), inView(), '2023-10', TODAY);
    expect(mineMonth.scores.filter((s) => s.lists.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
  });

  it('a unit cannot read another unit’s breakdown', () => {
    const other = actorFor(env.db, 'reporter', '区民政局').unitId!;
    expect(() => getUnitBreakdown(env.db, fgj(), inView(), '2023-10', other, TODAY)).toThrow(ForbiddenError);
    const own = getUnitBreakdown(env.db, fgj(), inView(), '2023-10', fgj().unitId!, TODAY);
    expect(own.score?.unitName).toBe('区发展和改革局');
    expect(own.score?.lists[0]?.components.map((c) => c.key)).toEqual(['onTime', 'firstPass', 'warnings', 'notices', 'indicators']);
  });

  it('explanations only inside the window, by unit staff', () => {
    // October's lead deadline is 10-25 (Wed): the window is 10-26 … 11-01 (5 working days).
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '说明' }, '2023-10-25', new Date())).toMatchObject({ ok: false });
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '第10项任务因审批延迟，已于11月初补报。' }, '2023-10-30', new Date())).toMatchObject({ ok: true });
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '说明' }, '2023-11-02', new Date())).toMatchObject({ ok: false, error: '说明期已于 2023-11-01 结束' });
    expect(() => explainScore(env.db, supervisor(), { periodId: oct, content: '说明' }, '2023-10-30', new Date())).toThrow(ForbiddenError);
    const b = getUnitBreakdown(env.db, fgj(), inView(), '2023-10', fgj().unitId!, TODAY);
    expect(b.explanations.map((e) => [e.periodId, e.content])).toEqual([[oct, '第10项任务因审批延迟，已于11月初补报。']]);
  });

  it('a locked month keeps its ranking when the data changes afterwards', () => {
    expect(lockMonth(env.db, supervisor(), '2023-10', '2023-10-30', new Date())).toMatchObject({ ok: false });
    expect(() => lockMonth(env.db, fgj(), '2023-10', TODAY, new Date())).toThrow(ForbiddenError);
    expect(lockMonth(env.db, supervisor(), '2023-10', TODAY, new Date())).toMatchObject({ ok: true });
    expect(lockMonth(env.db, supervisor(), '2023-10', TODAY, new Date())).toMatchObject({ ok: false, error: '该月考核已被锁定' });
    expect(env.db.select().from(assessmentLocks).where(eq(assessmentLocks.periodId, oct)).all()).toHaveLength(1);
    const before = getPeriodRanking(env.db, supervisor(), oct, TODAY).scores.map((s) => [s.unitName, s.total, s.rank]);
    const monthBefore = getMonthRanking(env.db, supervisor(), inView(), '2023-10', TODAY).scores.map((s) => [s.unitName, s.total, s.rank]);
    expect(monthBefore).toEqual(before);
    // Afterwards: every October report is approved and the weights change — the locked ranking must not move.
    env.db.update(reports).set({ status: 'approved' }).where(eq(reports.periodId, oct)).run();
    updateAssessmentSettings(env.db, actorFor(env.db, 'admin', null, idOf('admin')), { weights: { onTime: 100, firstPass: 0, warnings: 0, notices: 0, indicators: 0 }, explanationWorkingDays: 5 }, new Date());
    const after = getPeriodRanking(env.db, supervisor(), oct, TODAY);
    expect(after.locked).not.toBeNull();
    expect(after.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(before);
    const monthAfter = getMonthRanking(env.db, supervisor(), inView(), '2023-10', TODAY);
    expect(monthAfter.locked).not.toBeNull();
    expect(monthAfter.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(monthBefore);
    expect(explainScore(env.db, fgj(), { periodId: oct, content: '迟到的说明' }, '2023-10-30', new Date())).toMatchObject({ ok: false, error: '该月考核已锁定，不能再提交说明' });
  });

  it('year to date averages the months whose deadline has passed', () => {
    const ytd = getYearRanking(env.db, supervisor(), inView(), TODAY);
    expect(ytd.months).toEqual(['2023-09', '2023-10']);
    expect(ytd.year).toBe(2023);
    const row = ytd.scores[0]!;
    const vals = Object.values(row.perMonth);
    expect(row.total).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / vals.length, 1);
  });

  it('no list in view: nothing to judge', () => {
    expect(assessmentMonths(env.db, supervisor(), [], TODAY)).toEqual([]);
    expect(getMonthRanking(env.db, supervisor(), [], '2023-10', TODAY)).toMatchObject({ lists: [], scores: [] });
  });
});

describe('assessment across two active lists (a monthly and a quarterly one)', () => {
  let env: Awaited<ReturnType<typeof createSeededDb>>;
  let keyTasks: PlanSummary;
  let livelihood: PlanSummary;
  let sepKey: number;
  let sepLive: number;
  const idOf = (u: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).get()!.id;
  const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
  const admin = () => actorFor(env.db, 'admin', null, idOf('admin'));
  const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj'));
  const unitId = (name: string) => actorFor(env.db, 'reporter', name).unitId!;
  const both = () => activePlans(env.db);
  const periodOf = (planId: number, month: string) =>
    env.db.select().from(reportingPeriods).where(and(eq(reportingPeriods.planId, planId), eq(reportingPeriods.month, month))).get()!.id;

  beforeAll(async () => {
    env = await createSeededDb();
    keyTasks = activePlans(env.db)[0]!;
    seedDemoReports(env.db, keyTasks.id, TODAY);
    const added = addTestList(env.db, {
      code: '河东民生〔2023〕1号',
      title: '河东区2023年民生实事项目',
      shortName: '民生实事',
      cadence: 'quarterly',
      weight: 2,
      tasks: [
        { no: 1, title: '新建社区养老服务中心', lead: ['区发展和改革局'], participating: ['区民政局'], leaders: ['王副区长'], deadlineText: '2023年12月底前' },
        { no: 2, title: '改造老旧小区', lead: ['区民政局'] },
        { no: 3, title: '建设科普场馆', lead: ['区科学技术局'] },
        { no: 4, title: '街道便民服务站提升', lead: ['九曲街道'] },
      ],
    });
    livelihood = added.plan;
    sepKey = periodOf(keyTasks.id, '2023-09');
    sepLive = periodOf(livelihood.id, '2023-09');
    // September: 区发展和改革局 on time and approved, 区民政局 late, 区科学技术局 and 九曲街道 nothing.
    addTestReport(env.db, { taskId: added.taskIds.get(1)!, periodId: sepLive, unitName: '区发展和改革局', status: 'approved', submittedAt: new Date('2023-09-20T10:00:00+08:00') });
    addTestReport(env.db, { taskId: added.taskIds.get(2)!, periodId: sepLive, unitName: '区民政局', status: 'submitted', submittedAt: new Date('2023-10-05T10:00:00+08:00') });
  });
  afterAll(() => env.cleanup());

  it('a quarterly list has periods in March, June, September and December only', () => {
    const months = env.db.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, livelihood.id)).all().map((p) => p.month).sort();
    expect(months).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    expect(assessmentMonths(env.db, supervisor(), both(), TODAY)).toEqual(['2023-03', '2023-06', '2023-09', '2023-10']);
    expect(assessmentMonths(env.db, supervisor(), [keyTasks], TODAY)).toEqual(['2023-09', '2023-10']);
  });

  it('combines each unit’s list scores by the lists’ weights, over the lists it was scored in', () => {
    const r = getMonthRanking(env.db, supervisor(), both(), '2023-09', TODAY);
    expect(r.lists.map((l) => [l.plan.shortName, l.period.id])).toEqual([
      ['重点任务', sepKey],
      ['民生实事', sepLive],
    ]);
    const perKey = new Map(getPeriodRanking(env.db, supervisor(), sepKey, TODAY).scores.map((s) => [s.unitId, s]));
    const perLive = new Map(getPeriodRanking(env.db, supervisor(), sepLive, TODAY).scores.map((s) => [s.unitId, s]));
    // In both lists: Σ(权重 × 得分) ÷ Σ权重 with 重点任务 1 and 民生实事 2.
    const fgjRow = r.scores.find((s) => s.unitId === unitId('区发展和改革局'))!;
    expect(fgjRow.lists.map((l) => [l.planName, l.weight, l.counted])).toEqual([
      ['重点任务', 1, true],
      ['民生实事', 2, true],
    ]);
    const k = perKey.get(fgjRow.unitId)!.total;
    const l = perLive.get(fgjRow.unitId)!.total;
    expect(fgjRow.lists.map((p) => p.total)).toEqual([k, l]);
    expect(fgjRow.total).toBe(Math.round(((1 * k + 2 * l) / 3) * 10) / 10);
    expect(fgjRow.total).toBe(combineListScores(fgjRow.lists));
    // Only in the key-task list: its score there.
    const onlyKey = r.scores.find((s) => s.unitName === '区商务局')!;
    expect(onlyKey.lists.map((p) => p.planName)).toEqual(['重点任务']);
    expect(onlyKey.total).toBe(perKey.get(onlyKey.unitId)!.total);
    // Only in the livelihood list (九曲街道 leads nothing of the key tasks): ranked on that list alone.
    const onlyLive = r.scores.find((s) => s.unitName === '九曲街道')!;
    expect(onlyLive.lists.map((p) => p.planName)).toEqual(['民生实事']);
    expect(onlyLive.total).toBe(perLive.get(onlyLive.unitId)!.total);
    // Ranked together, ties sharing a place.
    expect(r.scores.map((s) => s.rank)).toEqual([...r.scores].sort((a, b) => b.total - a.total).map((s) => 1 + r.scores.filter((x) => x.total > s.total).length));
  });

  it('a month without the quarterly list’s period is the monthly list’s score alone', () => {
    const oct = getMonthRanking(env.db, supervisor(), both(), '2023-10', TODAY);
    expect(oct.lists.map((l) => l.plan.id)).toEqual([keyTasks.id]);
    const single = getPeriodRanking(env.db, supervisor(), periodOf(keyTasks.id, '2023-10'), TODAY);
    expect(oct.scores.map((s) => [s.unitId, s.total])).toEqual(single.scores.map((s) => [s.unitId, s.total]));
    // Viewing only the quarterly list: October has nothing to judge.
    expect(getMonthRanking(env.db, supervisor(), [livelihood], '2023-10', TODAY)).toMatchObject({ lists: [], scores: [] });
  });

  it('the unit breakdown shows each list’s components; units see only their own', () => {
    const b = getUnitBreakdown(env.db, fgj(), both(), '2023-09', unitId('区发展和改革局'), TODAY);
    expect(b.lists).toHaveLength(2);
    expect(b.score!.lists.map((l) => [l.planName, l.components.length])).toEqual([
      ['重点任务', 5],
      ['民生实事', 5],
    ]);
    expect(b.score!.lists[1]!.components.find((c) => c.key === 'onTime')).toMatchObject({ rate: 1 });
    expect(() => getUnitBreakdown(env.db, fgj(), both(), '2023-09', unitId('区民政局'), TODAY)).toThrow(ForbiddenError);
    const seen = getMonthRanking(env.db, fgj(), both(), '2023-09', TODAY);
    expect(seen.scores.filter((s) => s.lists.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
  });

  it('list weights: the office edits them (validated, audited); the combined score follows', () => {
    const before = getMonthRanking(env.db, supervisor(), both(), '2023-09', TODAY).scores.find((s) => s.unitName === '区发展和改革局')!;
    expect(() => updateListWeights(env.db, fgj(), { weights: [{ planId: livelihood.id, weight: 1 }] }, new Date())).toThrow(ForbiddenError);
    expect(() => updateListWeights(env.db, actorFor(env.db, 'leader', null, idOf('lingdao')), { weights: [{ planId: livelihood.id, weight: 1 }] }, new Date())).toThrow(ForbiddenError);
    expect(() => updateListWeights(env.db, supervisor(), { weights: [{ planId: livelihood.id, weight: -1 }] }, new Date())).toThrow(/权重不能为负数/);
    expect(() =>
      updateListWeights(env.db, supervisor(), { weights: [{ planId: keyTasks.id, weight: 0 }, { planId: livelihood.id, weight: 0 }] }, new Date()),
    ).toThrow(/至少一个清单的权重须大于 0/);
    expect(updateListWeights(env.db, supervisor(), { weights: [{ planId: 99999, weight: 1 }] }, new Date())).toMatchObject({ ok: false });
    const audits = env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.list_weights')).all().length;
    expect(updateListWeights(env.db, supervisor(), { weights: [{ planId: keyTasks.id, weight: 1 }, { planId: livelihood.id, weight: 3 }] }, new Date(), { ip: '10.0.0.7' })).toMatchObject({
      ok: true,
      changed: 1,
    });
    expect(planById(env.db, livelihood.id)!.weight).toBe(3);
    const line = env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.list_weights')).all();
    expect(line).toHaveLength(audits + 1);
    expect(line.at(-1)).toMatchObject({ actorId: idOf('duchashi'), ip: '10.0.0.7' });
    expect(JSON.parse(line.at(-1)!.detail!)).toMatchObject({ changes: [{ planId: livelihood.id, from: 2, to: 3 }] });
    const after = getMonthRanking(env.db, supervisor(), both(), '2023-09', TODAY).scores.find((s) => s.unitName === '区发展和改革局')!;
    const [k, l] = after.lists.map((p) => p.total) as [number, number];
    expect(after.total).toBe(Math.round(((k + 3 * l) / 4) * 10) / 10);
    expect(after.lists.map((p) => p.total)).toEqual(before.lists.map((p) => p.total));
    // Admins manage lists too.
    expect(updateListWeights(env.db, admin(), { weights: [{ planId: livelihood.id, weight: 2 }] }, new Date())).toMatchObject({ ok: true, changed: 1 });
  });

  it('locking a month locks every active list’s period and freezes the combined scores', () => {
    expect(lockMonth(env.db, supervisor(), '2023-09', '2023-10-01', new Date())).toMatchObject({ ok: false, error: expect.stringMatching(/期满后方可锁定/) });
    const before = getMonthRanking(env.db, supervisor(), both(), '2023-09', TODAY);
    expect(before.locked).toBeNull();
    expect(lockMonth(env.db, supervisor(), '2023-09', TODAY, new Date(), { ip: '10.0.0.8' })).toMatchObject({ ok: true });
    expect(env.db.select().from(assessmentLocks).all().map((l) => l.periodId).sort()).toEqual([sepKey, sepLive].sort());
    expect(env.db.select().from(assessmentMonthScores).where(eq(assessmentMonthScores.month, '2023-09')).all()).toHaveLength(before.scores.length);
    expect(lockMonth(env.db, supervisor(), '2023-09', TODAY, new Date())).toMatchObject({ ok: false, error: '该月考核已被锁定' });
    const audit = env.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.lock')).all().at(-1)!;
    expect(JSON.parse(audit.detail!)).toMatchObject({ month: '2023-09', periods: [sepKey, sepLive] });

    // Afterwards the weights and the data change: the month does not move.
    updateListWeights(env.db, supervisor(), { weights: [{ planId: livelihood.id, weight: 10 }] }, new Date());
    env.db.update(reports).set({ status: 'approved' }).where(eq(reports.periodId, sepLive)).run();
    const after = getMonthRanking(env.db, supervisor(), both(), '2023-09', TODAY);
    expect(after.locked).not.toBeNull();
    expect(after.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(before.scores.map((s) => [s.unitName, s.total, s.rank]));
    // Seen through one list, the frozen list scores (with the frozen weights) are recombined.
    const liveOnly = getMonthRanking(env.db, supervisor(), [planById(env.db, livelihood.id)!], '2023-09', TODAY);
    const fgjBefore = before.scores.find((s) => s.unitName === '区发展和改革局')!;
    expect(liveOnly.scores.find((s) => s.unitName === '区发展和改革局')!.total).toBe(fgjBefore.lists[1]!.total);
    expect(liveOnly.scores.every((s) => s.lists.every((l) => l.planId === livelihood.id))).toBe(true);
  });

  it('year to date covers the months of both lists', () => {
    const ytd = getYearRanking(env.db, supervisor(), both(), TODAY);
    expect(ytd.months).toEqual(['2023-03', '2023-06', '2023-09', '2023-10']);
    const jq = ytd.scores.find((s) => s.unitName === '九曲街道')!;
    expect(Object.keys(jq.perMonth).sort()).toEqual(['2023-03', '2023-06', '2023-09']);
  });

  it('an archived list drops out of the month; a locked month keeps its frozen ranking', () => {
    const lockedBefore = getMonthRanking(env.db, supervisor(), both(), '2023-09', TODAY);
    env.db.update(plans).set({ status: 'archived' }).where(eq(plans.id, livelihood.id)).run();
    try {
      const r = getMonthRanking(env.db, supervisor(), activePlans(env.db), '2023-06', TODAY);
      expect(r.lists).toEqual([]);
      // September was locked with both lists: archiving one of them changes nothing there.
      const lockedAfter = getMonthRanking(env.db, supervisor(), activePlans(env.db), '2023-09', TODAY);
      expect(lockedAfter.locked).not.toBeNull();
      expect(lockedAfter.scores.map((s) => [s.unitName, s.total, s.rank])).toEqual(lockedBefore.scores.map((s) => [s.unitName, s.total, s.rank]));
      expect(lockMonth(env.db, supervisor(), '2023-09', TODAY, new Date())).toMatchObject({ ok: false, error: '该月考核已被锁定' });
      expect(updateListWeights(env.db, supervisor(), { weights: [{ planId: livelihood.id, weight: 1 }] }, new Date())).toMatchObject({ ok: false });
    } finally {
      env.db.update(plans).set({ status: 'active' }).where(eq(plans.id, livelihood.id)).run();
    }
  });
});
