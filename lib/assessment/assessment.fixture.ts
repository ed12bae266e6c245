/**
 * Test fixture (not a test) of the assessment tests: a seeded database for the calling describe
 * block (lib/testing/seeded-fixture.ts), the assessment's demo clock, contexts on a given day, and
 * the two setups the tests start from — one list (the seeded 2023 key tasks with the demo reports)
 * and two lists (addTwoLists: a monthly and a quarterly one).
 */
import { beforeAll } from 'vitest';
import type { RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import type { PlanSummary } from '@/lib/plans/plan-scope';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { useSeededDb, type SeededDb } from '@/lib/testing/seeded-fixture';
import { activeListsOf } from './district';
import { addTwoLists } from './test-lists';

/** September's and October's deadlines have passed; October's explanation window has closed. */
export const TODAY = '2023-11-22';
/** Noon in Beijing on a day: the context's "today" is that day. */
export const at = (day: string) => new Date(`${day}T12:00:00+08:00`);

type AssessmentDb = {
  env: SeededDb;
  /** A request's context on `day` (TODAY unless given). */
  as(actor: Actor, day?: string, meta?: RequestMeta): ServiceContext;
  /** The seeded district's active lists, as its pages have them in view. */
  inView(): Promise<PlanSummary[]>;
};

function assessmentDb(): AssessmentDb {
  const env = useSeededDb(at(TODAY));
  return { env, as: (actor, day = TODAY, meta) => env.as(actor, at(day), meta), inView: () => activeListsOf(env.db, FIRST_DISTRICT_ID) };
}

/** One list: the seeded 2023 key tasks with the demo reports; `oct` is its October period. */
export function useOneList(): AssessmentDb & { oct(): number } {
  const fixture = assessmentDb();
  beforeAll(async () => {
    await seedDemoReports(fixture.env.db, fixture.env.planId(), TODAY);
  });
  return { ...fixture, oct: () => fixture.env.periodId('2023-10') };
}

/** Two active lists (see addTwoLists); `lists` is filled in before the tests. */
export function useTwoLists(): AssessmentDb & { lists: Awaited<ReturnType<typeof addTwoLists>> } {
  const fixture = assessmentDb();
  const lists = {} as Awaited<ReturnType<typeof addTwoLists>>;
  beforeAll(async () => {
    Object.assign(lists, await addTwoLists(fixture.env.db, TODAY));
  });
  return { ...fixture, lists };
}
