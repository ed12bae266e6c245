import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributions, notifications, plans, reports, submissionSnapshots, users } from '@/db/schema';
import { addSecondList, type SecondList } from '@/lib/oversight/second-list.fixture';
import { activePlans } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { getReviewDetail, listReviewQueue, REVIEW_QUEUE_PAGE_SIZE, reviewSubmission } from './review-service';
import { reviewQueueFilterSchema } from './schemas';

const TODAY = '2023-11-22';
let env: Awaited<ReturnType<typeof createSeededDb>>;
const idOf = (username: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;
const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));
const inView = () => activePlans(env.db);

beforeAll(async () => {
  env = await createSeededDb();
  seedDemoReports(env.db, env.db.select().from(plans).get()!.id, TODAY);
});
afterAll(() => env.cleanup());

describe('review queue paging', () => {
  it('pages through every waiting item once, oldest first, reports and parts merged', () => {
    const submitted = env.db.select({ id: reports.id }).from(reports).where(eq(reports.status, 'submitted')).all().length;
    const parts = env.db.select({ id: contributions.id }).from(contributions).where(eq(contributions.status, 'submitted')).all().length;
    const first = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({}), 4);
    expect(first.total).toBe(submitted + parts);
    expect(first.pageCount).toBeGreaterThan(1);
    const seen = [];
    for (let page = 1; page <= first.pageCount; page++) seen.push(...listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ page: String(page) }), 4).items);
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen.map((i) => `${i.kind}:${i.id}`)).size).toBe(first.total);
    const times = seen.map((i) => i.submittedAt?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(seen.every((i) => i.status === 'submitted')).toBe(true);
    expect(new Set(seen.map((i) => i.kind))).toEqual(new Set(['report', 'contribution']));
    expect(listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({})).pageSize).toBe(REVIEW_QUEUE_PAGE_SIZE);
    // Past the end: the last page.
    expect(listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ page: '999' }), 4).page).toBe(first.pageCount);
  });

  it('filters by kind and unit in SQL and marks resubmissions on the page', () => {
    const reportsOnly = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ kind: 'report' }), 1000);
    expect(reportsOnly.items.every((i) => i.kind === 'report')).toBe(true);
    const one = reportsOnly.items[0]!;
    const byUnit = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ unit: String(one.unitId) }), 1000);
    expect(byUnit.items.length).toBeGreaterThan(0);
    expect(byUnit.items.every((i) => i.unitId === one.unitId)).toBe(true);
    env.db.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: one.id, event: 'returned', content: '{}', at: new Date() }).run();
    const again = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ kind: 'report' }), 1000);
    expect(again.items.find((i) => i.id === one.id)?.resubmission).toBe(true);
    expect(again.items.filter((i) => i.resubmission).length).toBe(reportsOnly.items.filter((i) => i.resubmission).length + (one.resubmission ? 0 : 1));
  });
});

describe('two active lists', () => {
  let second: SecondList;
  beforeAll(() => {
    second = addSecondList(env.db);
  });

  it('the queue holds the waiting items of both lists, each task named with its list', () => {
    expect(inView()).toHaveLength(2);
    const all = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({}), 1000);
    const firstList = listReviewQueue(env.db, supervisor(), inView().filter((p) => p.id !== second.plan.id), reviewQueueFilterSchema.parse({}), 1000);
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
    const onlySecond = listReviewQueue(env.db, supervisor(), [second.plan], reviewQueueFilterSchema.parse({}), 1000);
    expect(onlySecond.items.map((i) => i.id).sort()).toEqual(mine.map((i) => i.id).sort());
    expect(listReviewQueue(env.db, supervisor(), [], reviewQueueFilterSchema.parse({})).total).toBe(0);
  });

  it('the section filter (a section id) picks one list’s section', () => {
    const care = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ section: String(second.sectionIds[1]) }), 1000);
    expect(care.items.map((i) => [i.kind, i.taskLabel])).toEqual([['report', '民生实事 2']]);
    const education = listReviewQueue(env.db, supervisor(), inView(), reviewQueueFilterSchema.parse({ section: String(second.sectionIds[0]) }), 1000);
    expect(education.items.map((i) => [i.kind, i.taskLabel])).toEqual([['contribution', '民生实事 1']]);
  });

  it('the review page names the task with its list; the unit’s message links to the report editor by task id', () => {
    const detail = getReviewDetail(env.db, supervisor(), 'report', second.reportId)!;
    expect(detail.task).toMatchObject({ id: second.taskIds[2], planId: second.plan.id, no: 2, label: '民生实事 2' });
    expect(reviewSubmission(env.db, supervisor(), { kind: 'report', id: second.reportId, version: detail.version, decision: 'return', comment: '请补充照片。' }, new Date())).toMatchObject({ ok: true });
    const sent = env.db.select().from(notifications).where(eq(notifications.kind, 'report.returned')).all().at(-1)!;
    expect(sent.title).toBe('民生实事 2「建设社区养老服务站」2023年11月月度进展被退回');
    expect(sent.link).toBe(`/my/tasks/${second.taskIds[2]}?period=2023-11`);
  });
});
