import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contributions, notifications, reports, submissionSnapshots } from '@/db/schema';
import { addSecondList, type SecondList } from '@/lib/oversight/second-list.fixture';
import { activePlans, type PlanSummary } from '@/lib/plans/plan-scope';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { getReviewDetail, listReviewQueue, REVIEW_QUEUE_PAGE_SIZE, reviewSubmission } from './review-service';
import { reviewDecisionSchema, reviewQueueFilterSchema } from './schemas';

const TODAY = '2023-11-22';
const env = useSeededDb();
const { supervisor, as } = env;
const inView = () => activePlans(env.db, { kind: 'district', districtId: FIRST_DISTRICT_ID });
/** The supervisor's queue of the given lists (default: every active list) with a raw filter as the page's query string gives it. */
const queue = async (filter: Record<string, string>, pageSize?: number, lists?: readonly PlanSummary[]) =>
  listReviewQueue(as(supervisor()), lists ?? (await inView()), reviewQueueFilterSchema.parse(filter), pageSize);

beforeAll(async () => {
  await seedDemoReports(env.db, env.planId(), TODAY);
});

describe('review queue paging', () => {
  it('pages through every waiting item once, oldest first, reports and parts merged', async () => {
    const submitted = (await env.db.select({ id: reports.id }).from(reports).where(eq(reports.status, 'submitted'))).length;
    const parts = (await env.db.select({ id: contributions.id }).from(contributions).where(eq(contributions.status, 'submitted'))).length;
    const first = await queue({}, 4);
    expect(first.total).toBe(submitted + parts);
    expect(first.pageCount).toBeGreaterThan(1);
    const seen = [];
    for (let page = 1; page <= first.pageCount; page++) seen.push(...(await queue({ page: String(page) }, 4)).items);
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen.map((i) => `${i.kind}:${i.id}`)).size).toBe(first.total);
    const times = seen.map((i) => i.submittedAt?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((i) => i.status === 'submitted')).toBe(true);
    expect(new Set(seen.map((i) => i.kind))).toEqual(new Set(['report', 'contribution']));
    expect((await queue({})).pageSize).toBe(REVIEW_QUEUE_PAGE_SIZE);
    // Past the end: the last page.
    expect((await queue({ page: '999' }, 4)).page).toBe(first.pageCount);
  });

  it('filters by kind and unit in SQL and marks resubmissions on the page', async () => {
    const reportsOnly = await queue({ kind: 'report' }, 1000);
    expect(reportsOnly.items.length).toBeGreaterThan(0);
    expect(reportsOnly.items.every((i) => i.kind === 'report')).toBe(true);
    const one = reportsOnly.items[0]!;
    const byUnit = await queue({ unit: String(one.unitId) }, 1000);
    expect(byUnit.items.length).toBeGreaterThan(0);
    expect(byUnit.items.every((i) => i.unitId === one.unitId)).toBe(true);
    await env.db.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: one.id, event: 'returned', content: '{}', at: new Date() });
    const again = await queue({ kind: 'report' }, 1000);
    expect(again.items.find((i) => i.id === one.id)?.resubmission).toBe(true);
    expect(again.items.filter((i) => i.resubmission).length).toBe(reportsOnly.items.filter((i) => i.resubmission).length + (one.resubmission ? 0 : 1));
  });
});

describe('two active lists', () => {
  let second: SecondList;
  beforeAll(async () => {
    second = await addSecondList(env.db);
  });

  it('the queue holds the waiting items of both lists, each task named with its list', async () => {
    const lists = await inView();
    expect(lists).toHaveLength(2);
    const all = await queue({}, 1000);
    const firstList = await queue({}, 1000, lists.filter((p) => p.id !== second.plan.id));
    expect(all.total).toBe(firstList.total + 2);
    const mine = all.items.filter((i) => i.planId === second.plan.id);
    expect(mine.map((i) => [i.kind, i.taskLabel, i.unitName])).toEqual(
      expect.arrayContaining([
        ['report', '民生实事 2', '区工业和信息化局'],
        ['contribution', '民生实事 1', '区科学技术局'],
      ]),
    );
    expect(mine.map((i) => i.taskId).sort()).toEqual([second.taskIds[1], second.taskIds[2]].sort());
    // The first list's tasks keep their own list's name and number.
    const other = all.items.find((i) => i.planId !== second.plan.id)!;
    expect(other.taskLabel).toMatch(new RegExp(`任务 ${other.taskNo}$`));
    // Only the chosen list.
    const onlySecond = await queue({}, 1000, [second.plan]);
    expect(onlySecond.items.map((i) => i.id).sort()).toEqual(mine.map((i) => i.id).sort());
    expect((await queue({}, undefined, [])).total).toBe(0);
  });

  it('the section filter (a section id) picks one list’s section', async () => {
    const care = await queue({ section: String(second.sectionIds[1]) }, 1000);
    expect(care.items.map((i) => [i.kind, i.taskLabel])).toEqual([['report', '民生实事 2']]);
    const education = await queue({ section: String(second.sectionIds[0]) }, 1000);
    expect(education.items.map((i) => [i.kind, i.taskLabel])).toEqual([['contribution', '民生实事 1']]);
  });

  it('the review page names the task with its list; the unit’s message links to the report editor by task id', async () => {
    const detail = (await getReviewDetail(as(supervisor()), 'report', second.reportId))!;
    expect(detail.task).toMatchObject({ id: second.taskIds[2], planId: second.plan.id, no: 2, label: '民生实事 2' });
    const decision = reviewDecisionSchema.parse({ kind: 'report', id: second.reportId, version: detail.version, decision: 'return', comment: '请补充照片。' });
    expect(await reviewSubmission(as(supervisor(), new Date()), decision)).toMatchObject({ ok: true });
    const sent = (await env.db.select().from(notifications).where(eq(notifications.kind, 'report.returned')).orderBy(asc(notifications.id))).at(-1)!;
    expect(sent.title).toBe('民生实事 2「建设社区养老服务站」2023年11月月度进展被退回');
    expect(sent.link).toBe(`/my/tasks/${second.taskIds[2]}?period=2023-11`);
  });
});
