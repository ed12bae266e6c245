import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plans, users } from '@/db/schema';
import { activePlans } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { getDashboard, taskIdsWithLeadState } from './dashboard-service';
import { listOverdue, OVERDUE_PAGE_SIZE, overdueFilterSchema } from './overdue-service';

const TODAY = '2023-11-22';
let env: Awaited<ReturnType<typeof createSeededDb>>;
const idOf = (u: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, u)).get()!.id;

beforeAll(async () => {
  env = await createSeededDb();
  seedDemoReports(env.db, env.db.select().from(plans).get()!.id, TODAY);
});
afterAll(() => env.cleanup());

const leader = () => actorFor(env.db, 'leader', null, idOf('lingdao'));
const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', idOf('fgj'));
const inView = () => activePlans(env.db);

describe('overdue list', () => {
  it('lists overdue lead reports and parts with days overdue, most overdue first', () => {
    const items = listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({})).items;
    expect(items.length).toBeGreaterThan(10);
    expect(items.every((i) => i.daysOverdue > 0)).toBe(true);
    expect(items.map((i) => i.daysOverdue)).toEqual([...items.map((i) => i.daysOverdue)].sort((a, b) => b - a));
    // fgj's unit left November's parts unsent: due on the 20th, 2 days overdue.
    expect(items).toContainEqual(expect.objectContaining({ kind: 'part', unitName: '区发展和改革局', what: '2023-11', dueOn: '2023-11-20', daysOverdue: 2 }));
    // November's lead reports are due on the 25th: not overdue yet.
    expect(items.some((i) => i.kind === 'report' && i.what === '2023-11')).toBe(false);
  });

  it('filters by section, unit and kind, and sorts', () => {
    const bySection = listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ section: '7' })).items;
    expect(bySection.every((i) => i.sectionNo === 7)).toBe(true);
    const unitId = String(actorFor(env.db, 'reporter', '区商务局').unitId);
    expect(listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ unit: unitId })).items.every((i) => i.unitName === '区商务局')).toBe(true);
    expect(listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ kind: 'part' })).items.every((i) => i.kind === 'part')).toBe(true);
    const byTask = listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ sort: 'task' })).items;
    expect(byTask.map((i) => i.taskNo)).toEqual([...byTask.map((i) => i.taskNo)].sort((a, b) => a - b));
  });

  it('pages through the whole sorted list: every item once, in order', () => {
    expect(listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({})).pageSize).toBe(OVERDUE_PAGE_SIZE);
    const whole = listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ sort: 'unit' }), 10_000).items;
    const first = listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ sort: 'unit' }), 7);
    expect(first.pageCount).toBeGreaterThan(2);
    const seen = [];
    for (let page = 1; page <= first.pageCount; page++) {
      const p = listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ sort: 'unit', page: String(page) }), 7);
      expect(p.page).toBe(page);
      expect(p.items.length).toBe(page < first.pageCount ? 7 : first.total - 7 * (first.pageCount - 1));
      seen.push(...p.items);
    }
    expect(seen).toEqual(whole);
    const collator = new Intl.Collator('zh-CN');
    expect(seen.map((i) => i.unitName)).toEqual([...seen.map((i) => i.unitName)].sort(collator.compare));
    // A page past the end shows the last page, not an empty one.
    expect(listOverdue(env.db, leader(), inView(), TODAY, overdueFilterSchema.parse({ page: '9999' }), 7).page).toBe(first.pageCount);
  });

  it('unit staff see only their own unit, whatever unit they ask for', () => {
    const other = String(actorFor(env.db, 'reporter', '区商务局').unitId);
    const mine = listOverdue(env.db, fgj(), inView(), TODAY, overdueFilterSchema.parse({ unit: other })).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.unitName === '区发展和改革局')).toBe(true);
  });
});

describe('dashboard', () => {
  it('counts this period by state, overviews sections by signal, lists lagging tasks and the on-time trend', () => {
    const d = getDashboard(env.db, leader(), inView(), TODAY)!;
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

  it('drill-down sets match the counts', () => {
    const d = getDashboard(env.db, leader(), inView(), TODAY)!;
    const planId = d.plans[0]!.id;
    expect(taskIdsWithLeadState(env.db, leader(), planId, d.periods[0]!.id, 'submitted').size).toBeLessThanOrEqual(d.leadCounts.submitted);
  });

  it('unit staff see the same views limited to their unit', () => {
    const d = getDashboard(env.db, fgj(), inView(), TODAY)!;
    expect(d.scope.unitName).toBe('区发展和改革局');
    expect(d.sections.reduce((a, s) => a + s.taskCount, 0)).toBe(17); // 13 led + 4 joined (27, 31, 40, 49)
    expect(Object.values(d.leadCounts).reduce((a, b) => a + b, 0)).toBe(13);
  });
});
