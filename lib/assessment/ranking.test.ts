import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { reportingPeriods } from '@/db/schema';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { actorFor } from '@/lib/testing/temp-db';
import { useOneList, useTwoLists } from './assessment.fixture';
import { assessmentMonths, getMonthRanking, getPeriodRanking, getUnitBreakdown, getYearRanking } from './ranking';
import { combineListScores } from './score';
import { periodIdOf } from './test-lists';

describe('assessment rankings (one list)', () => {
  const { env, as, oct, inView } = useOneList();
  const { supervisor, fgj } = env;

  it('scores every unit with tasks and ranks them; units see totals but only their own breakdown', async () => {
    const r = await getPeriodRanking(as(supervisor()), oct());
    expect(r.scores.length).toBeGreaterThan(30);
    expect(r.scores[0]!.rank).toBe(1);
    expect(r.scores.every((s) => s.total >= 0 && s.total <= 100)).toBe(true);
    expect(r.scores.every((s) => s.components.length === 5)).toBe(true);
    const mine = await getPeriodRanking(as(fgj()), oct());
    expect(mine.scores.filter((s) => s.components.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
    // With one list, the month's score is that list's score.
    const month = await getMonthRanking(as(supervisor()), await inView(), '2023-10');
    expect(month.lists.map((l) => l.period.id)).toEqual([oct()]);
    expect(month.scores.map((s) => [s.unitId, s.total, s.rank])).toEqual(r.scores.map((s) => [s.unitId, s.total, s.rank]));
    const mineMonth = await getMonthRanking(as(fgj()), await inView(), '2023-10');
    expect(mineMonth.scores.filter((s) => s.lists.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
  });

  it('a unit cannot read another unit’s breakdown', async () => {
    const other = (await actorFor(env.db, 'reporter', '区民政局')).unitId!;
    await expect(getUnitBreakdown(as(fgj()), await inView(), '2023-10', other)).rejects.toThrow(ForbiddenError);
    const own = await getUnitBreakdown(as(fgj()), await inView(), '2023-10', fgj().unitId!);
    expect(own.score?.unitName).toBe('区发展和改革局');
    expect(own.score?.lists[0]?.components.map((c) => c.key)).toEqual(['onTime', 'firstPass', 'warnings', 'notices', 'indicators']);
  });

  it('an unknown period is not found', async () => {
    const refused = getPeriodRanking(as(supervisor()), 999999);
    await expect(refused).rejects.toBeInstanceOf(NotFoundError);
    await expect(refused).rejects.toThrow('找不到该调度周期');
  });

  it('year to date averages the months whose deadline has passed', async () => {
    const ytd = await getYearRanking(as(supervisor()), await inView());
    expect(ytd.months).toEqual(['2023-09', '2023-10']);
    expect(ytd.year).toBe(2023);
    const row = ytd.scores[0]!;
    const vals = Object.values(row.perMonth);
    expect(row.total).toBeCloseTo(vals.reduce((a, b) => a + b, 0) / vals.length, 1);
  });

  it('no list in view: nothing to judge', async () => {
    expect(await assessmentMonths(as(supervisor()), [])).toEqual([]);
    expect(await getMonthRanking(as(supervisor()), [], '2023-10')).toMatchObject({ lists: [], scores: [] });
  });
});

describe('assessment rankings across two active lists (a monthly and a quarterly one)', () => {
  const { env, as, lists, inView: both } = useTwoLists();
  const { supervisor, fgj } = env;
  const unitId = async (name: string) => (await actorFor(env.db, 'reporter', name)).unitId!;

  it('a quarterly list has periods in March, June, September and December only', async () => {
    const months = (await env.db.select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, lists.livelihood.id))).map((p) => p.month).sort();
    expect(months).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    expect(await assessmentMonths(as(supervisor()), await both())).toEqual(['2023-03', '2023-06', '2023-09', '2023-10']);
    expect(await assessmentMonths(as(supervisor()), [lists.keyTasks])).toEqual(['2023-09', '2023-10']);
  });

  it('combines each unit’s list scores by the lists’ weights, over the lists it was scored in', async () => {
    const r = await getMonthRanking(as(supervisor()), await both(), '2023-09');
    expect(r.lists.map((l) => [l.plan.shortName, l.period.id])).toEqual([
      ['重点任务', lists.sepKey],
      ['民生实事', lists.sepLive],
    ]);
    const perKey = new Map((await getPeriodRanking(as(supervisor()), lists.sepKey)).scores.map((s) => [s.unitId, s]));
    const perLive = new Map((await getPeriodRanking(as(supervisor()), lists.sepLive)).scores.map((s) => [s.unitId, s]));
    // In both lists: Σ(权重 × 得分) ÷ Σ权重 with 重点任务 1 and 民生实事 2.
    const fgjUnit = await unitId('区发展和改革局');
    const fgjRow = r.scores.find((s) => s.unitId === fgjUnit)!;
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

  it('a month without the quarterly list’s period is the monthly list’s score alone', async () => {
    const oct = await getMonthRanking(as(supervisor()), await both(), '2023-10');
    expect(oct.lists.map((l) => l.plan.id)).toEqual([lists.keyTasks.id]);
    const single = await getPeriodRanking(as(supervisor()), await periodIdOf(env.db, lists.keyTasks.id, '2023-10'));
    expect(oct.scores.map((s) => [s.unitId, s.total])).toEqual(single.scores.map((s) => [s.unitId, s.total]));
    // Viewing only the quarterly list: October has nothing to judge.
    expect(await getMonthRanking(as(supervisor()), [lists.livelihood], '2023-10')).toMatchObject({ lists: [], scores: [] });
  });

  it('the unit breakdown shows each list’s components; units see only their own', async () => {
    const b = await getUnitBreakdown(as(fgj()), await both(), '2023-09', await unitId('区发展和改革局'));
    expect(b.lists).toHaveLength(2);
    expect(b.score!.lists.map((l) => [l.planName, l.components.length])).toEqual([
      ['重点任务', 5],
      ['民生实事', 5],
    ]);
    expect(b.score!.lists[1]!.components.find((c) => c.key === 'onTime')).toMatchObject({ rate: 1 });
    await expect(getUnitBreakdown(as(fgj()), await both(), '2023-09', await unitId('区民政局'))).rejects.toThrow(ForbiddenError);
    const seen = await getMonthRanking(as(fgj()), await both(), '2023-09');
    expect(seen.scores.filter((s) => s.lists.length > 0).map((s) => s.unitName)).toEqual(['区发展和改革局']);
  });

  it('year to date covers the months of both lists', async () => {
    const ytd = await getYearRanking(as(supervisor()), await both());
    expect(ytd.months).toEqual(['2023-03', '2023-06', '2023-09', '2023-10']);
    const jq = ytd.scores.find((s) => s.unitName === '九曲街道')!;
    expect(Object.keys(jq.perMonth).sort()).toEqual(['2023-03', '2023-06', '2023-09']);
  });
});
