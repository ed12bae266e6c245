/**
 * The overdue list and the dashboard over two active lists: the seeded 2023 key tasks (with the demo
 * reports) and a second list, 民生实事 (lib/oversight/second-list.fixture.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import type { PlanSummary } from '@/lib/plans/plan-scope';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { activePlans } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { getDashboard } from './dashboard-service';
import { listOverdue, overdueFilterSchema } from './overdue-service';
import { addSecondList, type SecondList } from './second-list.fixture';

const TODAY = '2023-11-22';
const env = useSeededDb();
const { leader, fgj, kjj } = env;
let first: PlanSummary;
let second: SecondList;
/** 区民政局's reporter (made in beforeAll, once the database exists). */
let mzjActor: Actor;

beforeAll(async () => {
  first = (await activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID }))[0]!;
  mzjActor = await actorFor(env.db, 'reporter', '区民政局');
  await seedDemoReports(env.db, env.planId(), TODAY);
  second = await addSecondList(env.db);
});

const inView = () => activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID });
const mzj = () => mzjActor;
const ctxOf = (actor: Actor) => env.as(actor);
const all = async (actor = leader(), filter: Record<string, string> = {}, lists?: PlanSummary[]) =>
  (await listOverdue(ctxOf(actor), lists ?? (await inView()), overdueFilterSchema.parse(filter), 10_000)).items;
const dashboard = async (actor: Actor, lists?: PlanSummary[]) => getDashboard(ctxOf(actor), lists ?? (await inView()));

describe('overdue list over two lists', () => {
  it('lists the overdue items of both lists, each task named with its list and linked by id', async () => {
    expect((await inView()).map((p) => p.id)).toEqual([first.id, second.plan.id]);
    const items = await all();
    const ofFirst = await all(leader(), {}, [first]);
    const ofSecond = items.filter((i) => i.planId === second.plan.id);
    expect(items.length).toBe(ofFirst.length + ofSecond.length);
    expect(ofSecond).toContainEqual(
      expect.objectContaining({ kind: 'report', taskId: second.taskIds[2], taskLabel: '民生实事 2', unitName: '区工业和信息化局', what: '2023-10', link: `/tasks/${second.taskIds[2]}` }),
    );
    // 区发展和改革局 takes part in 民生实事 3: its November part was due on the 20th.
    expect(ofSecond).toContainEqual(expect.objectContaining({ kind: 'part', taskLabel: '民生实事 3', unitName: '区发展和改革局', what: '2023-11', daysOverdue: 2 }));
    // 区发展和改革局 reported on 民生实事 1 for October: not overdue.
    expect(ofSecond.some((i) => i.taskId === second.taskIds[1] && i.kind === 'report' && i.what === '2023-10')).toBe(false);
    expect(ofFirst.length).toBeGreaterThan(0);
    expect(ofFirst.every((i) => i.planId === first.id && i.link === `/tasks/${i.taskId}`)).toBe(true);
  });

  it('the section filter (a section id) picks one list’s section; sorting by task keeps the lists apart', async () => {
    const care = await all(leader(), { section: String(second.sectionIds[1]) });
    expect(care.length).toBeGreaterThan(0);
    expect(care.every((i) => i.planId === second.plan.id && i.sectionId === second.sectionIds[1])).toBe(true);
    expect(new Set(care.map((i) => i.taskLabel))).toEqual(new Set(['民生实事 2', '民生实事 3']));
    const byTask = await all(leader(), { sort: 'task' });
    const lastOfFirst = byTask.findLastIndex((i) => i.planId === first.id);
    const firstOfSecond = byTask.findIndex((i) => i.planId === second.plan.id);
    expect(lastOfFirst).toBeLessThan(firstOfSecond);
  });

  it('unit staff still see only their own unit, on every list', async () => {
    const mine = await all(fgj(), { unit: String(mzj().unitId) });
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.unitName === '区发展和改革局')).toBe(true);
    expect(mine.some((i) => i.planId === first.id)).toBe(true);
    expect(mine.filter((i) => i.planId === second.plan.id).map((i) => i.taskLabel)).toEqual(expect.arrayContaining(['民生实事 1', '民生实事 3']));
    // 区科学技术局 only takes part in 民生实事 1 and has sent November's part: the other tasks never show.
    const kj = (await all(kjj())).filter((i) => i.planId === second.plan.id);
    expect(kj.length).toBeGreaterThan(0);
    expect(kj.every((i) => i.taskId === second.taskIds[1] && i.unitName === '区科学技术局')).toBe(true);
    // 区民政局 leads 民生实事 3 only: nothing of 1 or 2.
    const mz = (await all(mzj())).filter((i) => i.planId === second.plan.id);
    expect(mz.length).toBeGreaterThan(0);
    expect(mz.every((i) => i.taskId === second.taskIds[3] && i.unitName === '区民政局')).toBe(true);
  });

  it('no list in view: nothing, not an error', async () => {
    expect((await listOverdue(ctxOf(leader()), [], overdueFilterSchema.parse({}))).total).toBe(0);
  });
});

describe('dashboard over two lists', () => {
  it('sums this month’s states over the lists and groups the section matrix by list', async () => {
    const one = await dashboard(leader(), [first]);
    const both = await dashboard(leader());
    expect(both.plans.map((p) => p.id)).toEqual([first.id, second.plan.id]);
    expect(both.periods.map((p) => [p.planLabel, p.month])).toEqual([
      [one.periods[0]!.planLabel, '2023-11'],
      ['民生实事', '2023-11'],
    ]);
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    expect(total(both.leadCounts)).toBe(total(one.leadCounts) + 3);
    expect(both.leadCounts.submitted).toBe(one.leadCounts.submitted + 1); // 区工业和信息化局 on 民生实事 2
    expect(total(both.partCounts)).toBe(total(one.partCounts) + 2);
    expect(both.sections).toHaveLength(one.sections.length + 2);
    // The first list's sections, then the second's, each labelled with its list.
    expect(both.sections.slice(-2).map((s) => [s.id, s.planLabel, s.title, s.taskCount])).toEqual([
      [second.sectionIds[0], '民生实事', '教育', 1],
      [second.sectionIds[1], '民生实事', '养老', 2],
    ]);
    expect(both.sections.slice(0, -2).length).toBeGreaterThan(0);
    expect(both.sections.slice(0, -2).every((s) => s.planId === first.id)).toBe(true);
    for (const s of both.sections) expect(s.late.green + s.late.yellow + s.late.red).toBe(s.taskCount);
  });

  it('lagging tasks and indicators furthest behind come from every list; on-time rates add up by month', async () => {
    const one = await dashboard(leader(), [first]);
    const both = await dashboard(leader());
    expect(both.laggingTotal).toBe(one.laggingTotal + 3); // every task of 民生实事 has a late light
    const behind = both.indicatorsBehind.find((i) => i.taskId === second.taskIds[1]);
    expect(behind).toMatchObject({ taskLabel: '民生实事 1', name: '新建中小学校', completion: 0.1 });
    expect(both.indicatorsBehind[0]!.gap).toBeGreaterThanOrEqual(behind!.gap);
    // 民生实事 runs from March: its months join the chart; October adds its 5 links, 1 on time.
    expect(both.onTimeByMonth.map((m) => m.month)).toEqual(['2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10']);
    const oct = (d: typeof both) => d.onTimeByMonth.find((m) => m.month === '2023-10')!;
    expect(oct(both)).toMatchObject({ due: oct(one).due + 5, onTime: oct(one).onTime + 1 });
    expect(both.onTimeByMonth[0]).toMatchObject({ month: '2023-03', due: 5, onTime: 0, rate: 0 });
  });

  it('unit staff see their own tasks on every list, nothing of other units', async () => {
    const d = await dashboard(fgj());
    expect(d.sections.reduce((a, s) => a + s.taskCount, 0)).toBe(17 + 2); // 民生实事 1 (lead) and 3 (part)
    expect(Object.values(d.leadCounts).reduce((a, b) => a + b, 0)).toBe(13 + 1);
    const mz = await dashboard(mzj());
    const mzSecond = mz.sections.filter((s) => s.planId === second.plan.id);
    expect(mzSecond.map((s) => [s.id, s.taskCount])).toEqual([[second.sectionIds[1], 1]]);
    expect(mz.lagging.filter((l) => l.planId === second.plan.id).map((l) => l.taskId)).toEqual([second.taskIds[3]]);
    expect(mz.indicatorsBehind.some((i) => i.taskId === second.taskIds[1])).toBe(false);
  });

  it('no list in view: an empty dashboard', async () => {
    expect(await getDashboard(ctxOf(leader()), [])).toMatchObject({ plans: [], sections: [], lagging: [], periods: [] });
  });
});
