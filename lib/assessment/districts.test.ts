import { and, count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessmentExplanations, assessmentLocks, assessmentMonthScores, auditLog, districtSettings, plans, taskUnits, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor } from '@/lib/testing/temp-db';
import { useOneList } from './assessment.fixture';
import { assessmentSettingsOf, DEFAULT_ASSESSMENT_SETTINGS, getAssessmentSettings, updateAssessmentSettings, updateListWeights } from './assessment-settings';
import { activeListsOf, ONE_DISTRICT_PLEASE } from './district';
import { explainScore } from './explanations';
import { lockMonth } from './month-lock';
import { assessmentMonths, getDistrictRankings, getMonthRanking, getPeriodRanking, getUnitBreakdown } from './ranking';
import { addTestReport } from './test-lists';

describe('districts', () => {
  const { env, as, oct, inView } = useOneList();
  const { supervisor, fgj, admin } = env;
  let d2: SecondDistrict;
  let unitsOf: Map<number, Set<number>>;
  let d2Supervisor: Actor, d2Fgj: Actor, d2Admin: Actor, city: Actor;
  const d2Lists = () => activeListsOf(env.db, d2.districtId);
  const d2Oct = () => d2.periodId('2023-10');
  /** Whether every unit of some rows is of the district. */
  const allIn = (districtId: number, rows: { unitId: number }[]) => rows.length > 0 && rows.every((r) => unitsOf.get(districtId)!.has(r.unitId));
  const writes = async () => ({
    explanations: (await env.db.select({ n: count() }).from(assessmentExplanations))[0]!.n,
    audits: (await env.db.select({ n: count() }).from(auditLog))[0]!.n,
    weights: (await env.db.select({ id: plans.id, weight: plans.weight }).from(plans)).sort((a, b) => a.id - b.id),
    settings: await env.db.select().from(districtSettings),
    locks: (await env.db.select({ n: count() }).from(assessmentLocks))[0]!.n,
  });

  beforeAll(async () => {
    d2 = await addSecondDistrict(env.db);
    unitsOf = new Map();
    for (const u of await env.db.select({ id: units.id, districtId: units.districtId }).from(units)) {
      unitsOf.set(u.districtId, (unitsOf.get(u.districtId) ?? new Set()).add(u.id));
    }
    [d2Supervisor, d2Fgj, d2Admin] = [await d2.actor('supervisor'), await d2.actor('reporter', '区发展和改革局'), await d2.actor('admin')];
    city = await actorFor(env.db, 'city_supervisor', null);
    // One October report in the second district: 区发展和改革局's first led task, approved on time.
    const [led] = await env.db
      .select({ taskId: taskUnits.taskId })
      .from(taskUnits)
      .where(and(eq(taskUnits.unitId, d2Fgj.unitId!), eq(taskUnits.role, 'lead')))
      .orderBy(taskUnits.taskId)
      .limit(1);
    await addTestReport(env.db, { taskId: led!.taskId, periodId: d2Oct(), unitName: '区发展和改革局', status: 'approved', submittedAt: new Date('2023-10-20T10:00:00+08:00') });
  });

  it('each district ranks its own units only, the same notice giving the same number of units', async () => {
    const one = await getPeriodRanking(as(supervisor()), oct());
    const two = await getPeriodRanking(as(d2Supervisor), d2Oct());
    expect(allIn(FIRST_DISTRICT_ID, one.scores)).toBe(true);
    expect(allIn(d2.districtId, two.scores)).toBe(true);
    expect(two.scores).toHaveLength(one.scores.length);
    expect(two.scores[0]!.rank).toBe(1);
    for (const [actor, lists, districtId] of [
      [supervisor(), await inView(), FIRST_DISTRICT_ID],
      [fgj(), await inView(), FIRST_DISTRICT_ID],
      [d2Supervisor, await d2Lists(), d2.districtId],
      [d2Fgj, await d2Lists(), d2.districtId],
    ] as const) {
      const month = await getMonthRanking(as(actor), lists, '2023-10');
      expect(allIn(districtId, month.scores)).toBe(true);
      expect(month.scores).toHaveLength(one.scores.length);
      // Another district's lists in view are dropped, as if they did not exist.
      const mixed = await getMonthRanking(as(actor), [...(await inView()), ...(await d2Lists())], '2023-10');
      expect(mixed.lists.map((l) => l.period.id)).toEqual(month.lists.map((l) => l.period.id));
      expect(mixed.scores.map((s) => [s.unitId, s.total, s.rank])).toEqual(month.scores.map((s) => [s.unitId, s.total, s.rank]));
    }
    expect(await assessmentMonths(as(d2Supervisor), await inView())).toEqual([]);
    expect(await assessmentMonths(as(supervisor()), await d2Lists())).toEqual([]);
  });

  it('another district’s period is not found, and its units’ breakdowns read as a missing unit’s', async () => {
    for (const [actor, periodId] of [
      [supervisor(), d2Oct()],
      [fgj(), d2Oct()],
      [d2Supervisor, oct()],
      [d2Fgj, oct()],
    ] as const) {
      const refused = getPeriodRanking(as(actor), periodId);
      await expect(refused).rejects.toBeInstanceOf(NotFoundError);
      await expect(refused).rejects.toThrow('找不到该调度周期');
    }
    const missing = await getUnitBreakdown(as(supervisor()), await inView(), '2023-10', 999999);
    const other = await getUnitBreakdown(as(supervisor()), await inView(), '2023-10', d2Fgj.unitId!);
    expect(other).toEqual(missing);
    expect(other.score).toBeNull();
    await expect(getUnitBreakdown(as(d2Fgj), await d2Lists(), '2023-10', fgj().unitId!)).rejects.toThrow(ForbiddenError);
    await expect(getUnitBreakdown(as(d2Fgj), await d2Lists(), '2023-10', 999999)).rejects.toThrow(ForbiddenError);
  });

  it('writes naming another district’s period or list are refused and write nothing', async () => {
    const before = await writes();
    for (const [actor, periodId] of [
      [fgj(), d2Oct()],
      [d2Fgj, oct()],
    ] as const) {
      await expect(explainScore(as(actor, '2023-10-30'), { periodId, content: '说明' })).rejects.toThrow('找不到该调度周期');
    }
    const d2Plan = (await d2Lists())[0]!;
    expect(await updateListWeights(as(supervisor()), { weights: [{ planId: d2Plan.id, weight: 5 }] })).toEqual({ ok: false, error: '只能调整进行中的任务清单的权重' });
    expect(await updateListWeights(as(d2Supervisor), { weights: [{ planId: (await inView())[0]!.id, weight: 5 }] })).toEqual({ ok: false, error: '只能调整进行中的任务清单的权重' });
    // The city office reads every district and writes in none.
    await expect(updateListWeights(as(city), { weights: [{ planId: d2Plan.id, weight: 5 }] })).rejects.toThrow(ForbiddenError);
    await expect(lockMonth(as(city), '2023-10')).rejects.toThrow(ForbiddenError);
    await expect(explainScore(as(city, '2023-10-30'), { periodId: d2Oct(), content: '说明' })).rejects.toThrow(ForbiddenError);
    await expect(updateAssessmentSettings(as(city), DEFAULT_ASSESSMENT_SETTINGS)).rejects.toThrow(ForbiddenError);
    expect(await writes()).toEqual(before);
  });

  it('each district weighs with its own settings', async () => {
    const mine = { weights: { onTime: 100, firstPass: 0, warnings: 0, notices: 0, indicators: 0 }, explanationWorkingDays: 3 };
    const rankingBefore = (await getPeriodRanking(as(d2Supervisor), d2Oct())).scores.map((s) => [s.unitId, s.total]);
    expect(await updateAssessmentSettings(as(admin()), mine)).toMatchObject({ ok: true });
    expect(await getAssessmentSettings(env.db, FIRST_DISTRICT_ID)).toEqual(mine);
    expect(await getAssessmentSettings(env.db, d2.districtId)).toEqual(DEFAULT_ASSESSMENT_SETTINGS);
    expect(await assessmentSettingsOf(as(d2Admin))).toEqual(DEFAULT_ASSESSMENT_SETTINGS);
    await expect(assessmentSettingsOf(as(d2Admin), FIRST_DISTRICT_ID)).rejects.toBeInstanceOf(NotFoundError);
    expect(await assessmentSettingsOf(as(city), FIRST_DISTRICT_ID)).toEqual(mine);
    await expect(assessmentSettingsOf(as(city))).rejects.toThrow(ONE_DISTRICT_PLEASE);
    // The second district's scores and explanation window do not move.
    const two = await getPeriodRanking(as(d2Supervisor), d2Oct());
    expect(two.scores.map((s) => [s.unitId, s.total])).toEqual(rankingBefore);
    expect((await getPeriodRanking(as(supervisor()), oct())).window.closes).toBe('2023-10-30');
    expect(two.window.closes).toBe('2023-11-01');
    await updateAssessmentSettings(as(admin()), DEFAULT_ASSESSMENT_SETTINGS);
  });

  it('the city office reads each district’s ranking, one district at a time', async () => {
    const two = await getPeriodRanking(as(city), d2Oct());
    expect(allIn(d2.districtId, two.scores)).toBe(true);
    const both = [...(await inView()), ...(await d2Lists())];
    await expect(getMonthRanking(as(city), both, '2023-10')).rejects.toBeInstanceOf(RefusalError);
    await expect(assessmentMonths(as(city), both)).rejects.toThrow(ONE_DISTRICT_PLEASE);
    expect((await getMonthRanking(as(city), await d2Lists(), '2023-10')).scores).toEqual((await getMonthRanking(as(d2Supervisor), await d2Lists(), '2023-10')).scores);
    expect(await getMonthRanking(as(city), [], '2023-10')).toMatchObject({ lists: [], scores: [] });
    const side = await getDistrictRankings(as(city), '2023-10');
    expect(side.map((d) => [d.districtId, d.districtName])).toEqual([
      [FIRST_DISTRICT_ID, '河东区'],
      [d2.districtId, '兰山区'],
    ]);
    for (const d of side) expect(allIn(d.districtId, d.ranking.scores)).toBe(true);
    expect((await getDistrictRankings(as(d2Supervisor), '2023-10')).map((d) => d.districtId)).toEqual([d2.districtId]);
  });

  it('a month locked in one district is still open in another', async () => {
    const oneBefore = await getMonthRanking(as(supervisor()), await inView(), '2023-10');
    expect(await lockMonth(as(d2Supervisor), '2023-10')).toMatchObject({ ok: true });
    const twoLocked = await getMonthRanking(as(d2Supervisor), await d2Lists(), '2023-10');
    expect(twoLocked.locked).not.toBeNull();
    expect(await getMonthRanking(as(supervisor()), await inView(), '2023-10')).toMatchObject({ locked: null, scores: oneBefore.scores });
    expect(await env.db.select().from(assessmentLocks).where(eq(assessmentLocks.periodId, oct()))).toHaveLength(0);
    // The first district can still explain and lock its October.
    expect(await explainScore(as(fgj(), '2023-10-30'), { periodId: oct(), content: '本区说明' })).toMatchObject({ ok: true });
    expect(await lockMonth(as(supervisor()), '2023-10')).toMatchObject({ ok: true });
    expect(await lockMonth(as(supervisor()), '2023-10')).toMatchObject({ ok: false, error: '该月考核已被锁定' });
    // Each district's frozen rows are its own units', ranked among themselves; the second's did not move.
    const frozenOf = async (districtId: number) =>
      env.db
        .select({ unitId: assessmentMonthScores.unitId, rank: assessmentMonthScores.rank })
        .from(assessmentMonthScores)
        .where(and(eq(assessmentMonthScores.month, '2023-10'), inArray(assessmentMonthScores.unitId, [...unitsOf.get(districtId)!])));
    expect(await frozenOf(FIRST_DISTRICT_ID)).toHaveLength(oneBefore.scores.length);
    expect(await frozenOf(d2.districtId)).toHaveLength(twoLocked.scores.length);
    expect(Math.min(...(await frozenOf(d2.districtId)).map((r) => r.rank))).toBe(1);
    expect((await getMonthRanking(as(d2Supervisor), await d2Lists(), '2023-10')).scores).toEqual(twoLocked.scores);
    expect((await getMonthRanking(as(supervisor()), await inView(), '2023-10')).locked).not.toBeNull();
  });
});
