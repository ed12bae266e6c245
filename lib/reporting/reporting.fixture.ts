/**
 * Test fixture (not a test) of the reporting and attachment tests (lead-report-service,
 * contribution-service, report-editor, workbench, attachment-service): a seeded database of the
 * test file's own, the demo units' staff as actors, and helpers that save reports and parts as the
 * actions do (parse `{ ...input, intent }` once with the form's schema, then call the service).
 * Call `setUpReporting` in `beforeAll` and `tearDownReporting` in `afterAll`.
 */
import { eq } from 'drizzle-orm';
import { reportingPeriods, tasks } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { invalid } from '@/lib/result';
import { actorFor, contextFor, createSeededDb } from '@/lib/testing/temp-db';
import { saveContribution } from './contribution-service';
import { saveReport, type SaveResult } from './lead-report-service';
import { saveContributionSchema, saveReportSchema } from './schemas';

// The demo clock: November 2023 is the open month, December has not begun.
export const TODAY = '2023-11-22';
export const NOW = new Date('2023-11-22T09:30:00+08:00');

export let env: Awaited<ReturnType<typeof createSeededDb>>;
export let task40: number;
export let task15: number;
export let nov: number;
export let dec: number;

export async function setUpReporting(): Promise<void> {
  env = await createSeededDb();
  const id = async (no: number) => (await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.no, no)).limit(1))[0]!.id;
  task40 = await id(40);
  task15 = await id(15);
  const period = async (month: string) => (await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.month, month)).limit(1))[0]!.id;
  nov = await period('2023-11');
  dec = await period('2023-12');
}

export function tearDownReporting(): void {
  env.cleanup();
}

export const sthj = () => actorFor(env.db, 'reporter', '河东生态环境分局', 7); // lead of 40
export const sthjColleague = () => actorFor(env.db, 'unit_head', '河东生态环境分局', 5);
export const kjj = () => actorFor(env.db, 'reporter', '区科学技术局', 8); // participating in 40, lead of 15
export const fgj = () => actorFor(env.db, 'reporter', '区发展和改革局', 4); // participating in 40

/** The context of a request by `actor` at the demo clock. */
export const ctxOf = (actor: Actor): ServiceContext => contextFor(env.db, actor, NOW);

/** The report form's fields as the browser sends them (task 40, November, nothing filled in). */
export const draft = (over: Record<string, unknown> = {}) => ({
  taskId: task40,
  periodId: nov,
  version: 0,
  progress: '',
  percentDone: null,
  problems: '',
  nextSteps: '',
  indicatorValues: [],
  ...over,
});

/** What saveReportAction does with `{ ...raw, intent }`: parse once, refuse bad input, else the service. */
export async function report(actor: Actor, raw: Record<string, unknown>, intent: 'save' | 'submit'): Promise<SaveResult> {
  const parsed = saveReportSchema.safeParse({ ...raw, intent });
  return parsed.success ? saveReport(ctxOf(actor), parsed.data) : invalid(parsed.error);
}

/** What saveContributionAction does with `{ ...raw, intent }`. */
export async function contribute(actor: Actor, raw: Record<string, unknown>, intent: 'save' | 'submit'): Promise<SaveResult> {
  const parsed = saveContributionSchema.safeParse({ ...raw, intent });
  return parsed.success ? saveContribution(ctxOf(actor), parsed.data) : invalid(parsed.error);
}

/** The error a refused call threw (fails the test if it did not throw). */
export async function thrown(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (err: unknown) => ({ err }),
  );
  if (!('err' in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  if (!(outcome.err instanceof Error)) throw new Error(`expected an Error, got ${String(outcome.err)}`);
  return outcome.err;
}
