import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/actor';
import { activePlans } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { getDashboard, taskIdsWithLeadState } from './dashboard-service';
import { listOverdue, OVERDUE_PAGE_SIZE, overdueFilterSchema } from './overdue-service';

const TODAY = '2023-11-22';
const env = useSeededDb();
const { leader, fgj } = env;

beforeAll(async () => {
  await seedDemoReports(env.db, env.planId(), TODAY);
});

const ctxOf = (actor: Actor) => env.as(actor);
const inView = () => activePlans(env.db);
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
