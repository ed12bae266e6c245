import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { activePlans, type PlanSummary } from '@/lib/plans/plan-scope';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { actorFor } from '@/lib/testing/temp-db';
import { getDashboard, scopedTaskIds, taskIdsWithLeadState } from './dashboard-service';
import { listOverdue, OVERDUE_PAGE_SIZE, overdueFilterSchema } from './overdue-service';

const TODAY = '2023-11-22';
const env = useSeededDb();
const { leader, fgj } = env;

beforeAll(async () => {
  await seedDemoReports(env.db, env.planId(), TODAY);
});

const ctxOf = (actor: Actor) => env.as(actor);
const inView = () => activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID });
const overdue = async (actor: Actor, filter: Record<string, string> = {}, pageSize?: number) => listOverdue(ctxOf(actor), await inView(), overdueFilterSchema.parse(filter), pageSize);

describe('overdue list', () => {
  it('lists overdue lead reports and parts with days overdue, most overdue first', async () => {
    expect(ctxOf(leader()).today).toBe(TODAY);
    const items = (await overdue(leader())).items;
    expect(items.length).toBeGreaterThan(10);
    expect(items.every((i) => i.daysOverdue > 0)).toBe(true);
    expect(items.map((i) => i.daysOverdue)).toEqual([...items.map((i) => i.daysOverdue)].sort((a, b) => b - a));
    // fgj's unit left November's parts unsent: due on the 20th, 2 days overdue.
    expect(items).toContainEqual(expect.objectContaining({ kind: 'part', unitName: '区发展和改革局', what: '2023-11', dueOn: '2023-11-20', daysOverdue: 2 }));
    // November's lead reports are due on the 25th: not overdue yet.
    expect(items.some((i) => i.kind === 'report' && i.what === '2023-11')).toBe(false);
  });

  it('filters by section, unit and kind, and sorts', async () => {
    const bySection = (await overdue(leader(), { section: '7' })).items;
    expect(bySection.length).toBeGreaterThan(0);
    expect(bySection.every((i) => i.sectionNo === 7)).toBe(true);
    const unitId = String((await actorFor(env.db, 'reporter', '区商务局')).unitId);
    const byUnit = (await overdue(leader(), { unit: unitId })).items;
    expect(byUnit.length).toBeGreaterThan(0);
    expect(byUnit.every((i) => i.unitName === '区商务局')).toBe(true);
    const parts = (await overdue(leader(), { kind: 'part' })).items;
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((i) => i.kind === 'part')).toBe(true);
    const byTask = (await overdue(leader(), { sort: 'task' })).items;
    expect(byTask.map((i) => i.taskNo)).toEqual([...byTask.map((i) => i.taskNo)].sort((a, b) => a - b));
  });

  it('pages through the whole sorted list: every item once, in order', async () => {
    expect((await overdue(leader())).pageSize).toBe(OVERDUE_PAGE_SIZE);
    const whole = (await overdue(leader(), { sort: 'unit' }, 10_000)).items;
    const first = await overdue(leader(), { sort: 'unit' }, 7);
    expect(first.pageCount).toBeGreaterThan(2);
    const seen = [];
    for (let page = 1; page <= first.pageCount; page++) {
      const p = await overdue(leader(), { sort: 'unit', page: String(page) }, 7);
      expect(p.page).toBe(page);
      expect(p.items.length).toBe(page < first.pageCount ? 7 : first.total - 7 * (first.pageCount - 1));
      seen.push(...p.items);
    }
    expect(seen).toEqual(whole);
    const collator = new Intl.Collator('zh-CN');
    expect(seen.map((i) => i.unitName)).toEqual([...seen.map((i) => i.unitName)].sort(collator.compare));
    // A page past the end shows the last page, not an empty one.
    expect((await overdue(leader(), { page: '9999' }, 7)).page).toBe(first.pageCount);
  });

  it('unit staff see only their own unit, whatever unit they ask for', async () => {
    const other = String((await actorFor(env.db, 'reporter', '区商务局')).unitId);
    const mine = (await overdue(fgj(), { unit: other })).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.unitName === '区发展和改革局')).toBe(true);
  });
});

describe('dashboard', () => {
  it('counts this period by state, overviews sections by signal, lists lagging tasks and the on-time trend', async () => {
    const d = await getDashboard(ctxOf(leader()), await inView());
    expect(d.periods.map((p) => p.month)).toEqual(['2023-11']);
    const leadTotal = Object.values(d.leadCounts).reduce((a, b) => a + b, 0);
    expect(leadTotal).toBeGreaterThan(90); // one per lead unit of each task
    expect(d.sections).toHaveLength(12);
    expect(d.sections.reduce((a, s) => a + s.taskCount, 0)).toBe(77);
    for (const s of d.sections) expect(s.late.green + s.late.yellow + s.late.red).toBe(s.taskCount);
    expect(d.lagging.length).toBeGreaterThan(0);
    expect(d.onTimeByMonth.map((m) => m.month)).toEqual(['2023-09', '2023-10']);
    expect(d.onTimeByMonth.every((m) => m.rate > 0 && m.rate <= 100)).toBe(true);
  });

  it('drill-down sets match the counts', async () => {
    const d = await getDashboard(ctxOf(leader()), await inView());
    const planId = d.plans[0]!.id;
    expect((await taskIdsWithLeadState(ctxOf(leader()), planId, d.periods[0]!.id, 'submitted')).size).toBeLessThanOrEqual(d.leadCounts.submitted);
  });

  it('unit staff see the same views limited to their unit', async () => {
    const d = await getDashboard(ctxOf(fgj()), await inView());
    expect(d.scope.unitName).toBe('区发展和改革局');
    expect(d.sections.reduce((a, s) => a + s.taskCount, 0)).toBe(17); // 13 led + 4 joined (27, 31, 40, 49)
    expect(Object.values(d.leadCounts).reduce((a, b) => a + b, 0)).toBe(13);
  });
});

describe('districts', () => {
  const denv = useSeededDb();
  let d2: SecondDistrict;
  let plan1: PlanSummary;
  let plan2: PlanSummary;
  const tasksOf = new Map<number, Set<number>>();
  const plansOf = (districtId: number) => activePlans(denv.db, { kind: 'district', districtId });

  beforeAll(async () => {
    await seedDemoReports(denv.db, denv.planId(), TODAY);
    d2 = await addSecondDistrict(denv.db);
    plan1 = (await plansOf(FIRST_DISTRICT_ID))[0]!;
    plan2 = (await plansOf(d2.districtId))[0]!;
    for (const d of [FIRST_DISTRICT_ID, d2.districtId]) {
      tasksOf.set(d, new Set((await denv.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.districtId, d))).map((t) => t.id)));
    }
  });

  /** Each district's office and one of its units, with their district, under the same names. */
  const actorsOf = async () => [
    { district: FIRST_DISTRICT_ID, actor: denv.leader() },
    { district: FIRST_DISTRICT_ID, actor: denv.fgj() },
    { district: d2.districtId, actor: await d2.actor('leader') },
    { district: d2.districtId, actor: await d2.actor('reporter', '区发展和改革局') },
  ];

  it('the dashboard, the overdue list and the drill-down show only the actor’s district, whatever lists are in view', async () => {
    for (const { district, actor } of await actorsOf()) {
      const other = district === FIRST_DISTRICT_ID ? d2.districtId : FIRST_DISTRICT_ID;
      const own = tasksOf.get(district)!;
      const ctx = denv.as(actor);
      // Both districts' lists in view (a forged choice): the other one's contributes nothing, the memo included.
      const both = [plan1, plan2];
      const d = await getDashboard(ctx, both);
      expect(d.plans.map((p) => p.id)).toEqual([district === FIRST_DISTRICT_ID ? plan1.id : plan2.id]);
      expect(d.sections.length).toBeGreaterThan(0);
      expect(d.lagging.length).toBeGreaterThan(0);
      expect(d.lagging.every((t) => own.has(t.taskId))).toBe(true);
      expect(d.indicatorsBehind.every((t) => own.has(t.taskId))).toBe(true);
      // Only the other district's list in view: nothing at all.
      const none = await getDashboard(ctx, [other === FIRST_DISTRICT_ID ? plan1 : plan2]);
      expect(none).toMatchObject({ plans: [], sections: [], lagging: [], laggingTotal: 0, onTimeByMonth: [], periods: [] });
      const items = (await listOverdue(ctx, both, overdueFilterSchema.parse({}), 10_000)).items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((i) => own.has(i.taskId))).toBe(true);
      if (actor.unitId !== null) expect(items.every((i) => i.unitId === actor.unitId)).toBe(true);
      expect((await listOverdue(ctx, [other === FIRST_DISTRICT_ID ? plan1 : plan2], overdueFilterSchema.parse({}))).total).toBe(0);
      // The drill-down: the other district's list, or its period on the actor's list, is as a missing one.
      const ownPlan = district === FIRST_DISTRICT_ID ? plan1 : plan2;
      const ownNov = district === FIRST_DISTRICT_ID ? denv.periodId('2023-11') : d2.periodId('2023-11');
      const otherPlan = district === FIRST_DISTRICT_ID ? plan2 : plan1;
      const otherNov = district === FIRST_DISTRICT_ID ? d2.periodId('2023-11') : denv.periodId('2023-11');
      const inState = await taskIdsWithLeadState(ctx, ownPlan.id, ownNov, 'none');
      expect(inState.size).toBeGreaterThan(0);
      expect([...inState].every((id) => own.has(id))).toBe(true);
      expect((await taskIdsWithLeadState(ctx, otherPlan.id, otherNov, 'none')).size).toBe(0);
      expect([...(await taskIdsWithLeadState(ctx, ownPlan.id, otherNov, 'none'))]).toEqual([...(await taskIdsWithLeadState(ctx, ownPlan.id, 99_999_999, 'none'))]);
      expect(await scopedTaskIds(denv.db, actor, otherPlan.id)).toEqual([]);
    }
  });

  it('the same lists for two districts are two results, not one cached for both', async () => {
    const both = [plan1, plan2];
    const first = await getDashboard(denv.as(denv.leader()), both);
    const second = await getDashboard(denv.as(await d2.actor('leader')), both);
    expect(first.lagging.every((t) => tasksOf.get(FIRST_DISTRICT_ID)!.has(t.taskId))).toBe(true);
    expect(second.lagging.every((t) => tasksOf.get(d2.districtId)!.has(t.taskId))).toBe(true);
    // District 1 has the demo reports, district 2 none: their November states differ.
    expect(first.leadCounts).not.toEqual(second.leadCounts);
  });

  it('the city office reads both districts side by side', async () => {
    const city = denv.as(await actorFor(denv.db, 'city_supervisor', null));
    const d = await getDashboard(city, [plan1, plan2]);
    expect(d.plans.map((p) => p.id)).toEqual([plan1.id, plan2.id]);
    const sectionsOf = (planId: number) => d.sections.filter((s) => s.planId === planId).length;
    expect(sectionsOf(plan1.id)).toBeGreaterThan(0);
    expect(sectionsOf(plan1.id)).toBe(sectionsOf(plan2.id));
    const items = (await listOverdue(city, [plan1, plan2], overdueFilterSchema.parse({}), 10_000)).items;
    expect(items.some((i) => tasksOf.get(FIRST_DISTRICT_ID)!.has(i.taskId))).toBe(true);
    expect(items.some((i) => tasksOf.get(d2.districtId)!.has(i.taskId))).toBe(true);
  });
});
