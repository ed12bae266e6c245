import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contributions, plans, reports, submissionSnapshots, users } from '@/db/schema';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { actorFor, createSeededDb } from '@/lib/testing/temp-db';
import { listReviewQueue, REVIEW_QUEUE_PAGE_SIZE } from './review-service';
import { reviewQueueFilterSchema } from './schemas';

const TODAY = '2023-11-22';
let env: Awaited<ReturnType<typeof createSeededDb>>;
const idOf = (username: string) => env.db.select({ id: users.id }).from(users).where(eq(users.username, username)).get()!.id;
const supervisor = () => actorFor(env.db, 'supervisor', '区政府督查室', idOf('duchashi'));

beforeAll(async () => {
  env = await createSeededDb();
  seedDemoReports(env.db, env.db.select().from(plans).get()!.id, TODAY);
});
afterAll(() => env.cleanup());

describe('review queue paging', () => {
  it('pages through every waiting item once, oldest first, reports and parts merged', () => {
    const submitted = env.db.select({ id: reports.id }).from(reports).where(eq(reports.status, 'submitted')).all().length;
    const parts = env.db.select({ id: contributions.id }).from(contributions).where(eq(contributions.status, 'submitted')).all().length;
    const first = listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({}), 4);
    expect(first.total).toBe(submitted + parts);
    expect(first.pageCount).toBeGreaterThan(1);
    const seen = [];
    for (let page = 1; page <= first.pageCount; page++) seen.push(...listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({ page: String(page) }), 4).items);
    expect(seen).toHaveLength(first.total);
    expect(new Set(seen.map((i) => `${i.kind}:${i.id}`)).size).toBe(first.total);
    const times = seen.map((i) => i.submittedAt?.getTime() ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(seen.every((i) => i.status === 'submitted')).toBe(true);
    expect(new Set(seen.map((i) => i.kind))).toEqual(new Set(['report', 'contribution']));
    expect(listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({})).pageSize).toBe(REVIEW_QUEUE_PAGE_SIZE);
    // Past the end: the last page.
    expect(listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({ page: '999' }), 4).page).toBe(first.pageCount);
  });

  it('filters by kind and unit in SQL and marks resubmissions on the page', () => {
    const reportsOnly = listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({ kind: 'report' }), 1000);
    expect(reportsOnly.items.every((i) => i.kind === 'report')).toBe(true);
    const one = reportsOnly.items[0]!;
    const byUnit = listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({ unit: String(one.unitId) }), 1000);
    expect(byUnit.items.length).toBeGreaterThan(0);
    expect(byUnit.items.every((i) => i.unitId === one.unitId)).toBe(true);
    env.db.insert(submissionSnapshots).values({ ownerType: 'report', ownerId: one.id, event: 'returned', content: '{}', at: new Date() }).run();
    const again = listReviewQueue(env.db, supervisor(), reviewQueueFilterSchema.parse({ kind: 'report' }), 1000);
    expect(again.items.find((i) => i.id === one.id)?.resubmission).toBe(true);
    expect(again.items.filter((i) => i.resubmission).length).toBe(reportsOnly.items.filter((i) => i.resubmission).length + (one.resubmission ? 0 : 1));
  });
});
