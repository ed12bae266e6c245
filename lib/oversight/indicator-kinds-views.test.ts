import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { indicators, reportIndicatorValues, reportingPeriods, reports, tasks } from '@/db/schema';
import { collectFacts } from '@/lib/assessment/unit-facts';
import { activePlans } from '@/lib/plans/plan-scope';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { computeSignalsNow } from '@/lib/warnings/signal-service';
import { getWarningSettings } from '@/lib/warnings/settings-service';
import { getDashboard } from './dashboard-service';

// The lights, the dashboard's "furthest behind" and the assessment judge an indicator by its kind
// (lib/indicators/indicator-kinds.ts). The demo's task 40 has three rates (水平值); its
// 国省控断面水质达标率 stands at 80% against 100% in every month.
const TODAY = '2023-11-22';
const env = useSeededDb();
const { leader } = env;

beforeAll(async () => {
  await seedDemoReports(env.db, env.planId(), TODAY);
});

async function task40() {
  const [t] = await env.db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.planId, env.planId()), eq(tasks.no, 40)))
    .limit(1);
  return t!.id;
}

describe('indicator kinds in the views', () => {
  it('the curated set makes task 40’s rates level indicators', async () => {
    const rows = await env.db.select({ name: indicators.name, kind: indicators.kind }).from(indicators).where(eq(indicators.taskId, await task40())).orderBy(asc(indicators.id));
    expect(rows).toEqual([
      { name: '国省控断面水质达标率', kind: 'level' },
      { name: '集中式饮用水水源地水质达标率', kind: 'level' },
      { name: '医疗废物安全处置率', kind: 'level' },
    ]);
  });

  it('指标 light: a rate below target is off target, said as such, not as behind 序时进度', async () => {
    const id = await task40();
    const settings = await getWarningSettings(env.db, FIRST_DISTRICT_ID);
    // November and December alike: no pace for a rate.
    for (const today of [TODAY, '2023-12-28']) {
      const s = (await computeSignalsNow(env.db, env.planId(), today, settings, { taskIds: [id] })).get(id)!;
      expect(s.target, today).toEqual({ level: 'yellow', rule: 'target.behind', reason: '“国省控断面水质达标率”为 80%，低于目标 100%（差 20.0 个百分点）' });
    }
  });

  it('the assessment counts a rate against its target, not divided by 序时进度', async () => {
    const id = await task40();
    // The latest month in which the lead unit's report on task 40 counts.
    const [latest] = await env.db
      .select({ period: reportingPeriods, unitId: reports.unitId })
      .from(reports)
      .innerJoin(reportingPeriods, eq(reportingPeriods.id, reports.periodId))
      .where(and(eq(reports.taskId, id), inArray(reports.status, ['submitted', 'approved'])))
      .orderBy(desc(reportingPeriods.month))
      .limit(1);
    const facts = (await collectFacts(env.db, latest!.period, TODAY)).find((f) => f.unitId === latest!.unitId)!;
    // 80% of the target is 0.8 in any month (was 0.8 ÷ 序时进度 before kinds).
    expect(facts.indicatorPaceRatios).toContain(0.8);
  });

  it('the dashboard’s furthest behind lists a rate below target by its shortfall against the target', async () => {
    const id = await task40();
    const [water] = await env.db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.taskId, id), eq(indicators.name, '国省控断面水质达标率')));
    // Far below: 30% against 100% puts it ahead of every paced indicator.
    await env.db.update(reportIndicatorValues).set({ value: 30 }).where(eq(reportIndicatorValues.indicatorId, water!.id));
    try {
      const d = await getDashboard(env.as(leader()), await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID }));
      expect(d.indicatorsBehind[0]).toMatchObject({ taskId: id, name: '国省控断面水质达标率', elapsed: 1, gap: 70, reason: '为 30%，低于目标 100%（差 70.0 个百分点）' });
      // A cumulative indicator still reads as behind 序时进度.
      const paced = d.indicatorsBehind.filter((i) => i.elapsed < 1);
      expect(paced.length).toBeGreaterThan(0);
      for (const i of paced) expect(i.reason).toMatch(/^完成 [\d.]+%，落后序时进度 [\d.]+ 个百分点$/);
    } finally {
      await env.db.update(reportIndicatorValues).set({ value: 80 }).where(eq(reportIndicatorValues.indicatorId, water!.id));
    }
  });
});
