/**
 * Test fixture (not a test) of the reporting and attachment tests (lead-report-service,
 * contribution-service, report-editor, workbench, attachment-service): a seeded database of the
 * test file's own, the demo units' staff as actors, and helpers that save reports and parts as the
 * actions do (parse `{ ...input, intent }` once with the form's schema, then call the service).
 * Call `setUpReporting` in `beforeAll` and `tearDownReporting` in `afterAll`.
 */
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { DEMO_NOW, openSeededDb, viaSchema } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { saveContribution } from './contribution-service';
import { saveReport, type SaveResult } from './lead-report-service';
import { saveContributionSchema, saveReportSchema } from './schemas';

// The demo clock: November 2023 is the open month, December has not begun.
export const TODAY = '2023-11-22';
export const NOW = DEMO_NOW;

export let env: Awaited<ReturnType<typeof openSeededDb>>;
export let task40: number, task15: number, nov: number, dec: number;

export async function setUpReporting(): Promise<void> {
  env = await openSeededDb(NOW);
  [task40, task15, nov, dec] = [env.taskId(40), env.taskId(15), env.periodId('2023-11'), env.periodId('2023-12')];
}

export async function tearDownReporting(): Promise<void> {
  await env.cleanup();
}

export const sthj = () => env.sthj(); // lead of 40
/** A unit head of 河东生态环境分局 (user 5), for conflicting saves (async: the unit is looked up). */
export const sthjColleague = (): Promise<Actor> => actorFor(env.db, 'unit_head', '河东生态环境分局', 5);
export const kjj = () => env.kjj(); // participating in 40, lead of 15
export const fgj = () => env.fgj(); // participating in 40

/** The context of a request by `actor` at the demo clock. */
export const ctxOf = (actor: Actor): ServiceContext => env.as(actor);

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
export const report = (actor: Actor, raw: Record<string, unknown>, intent: 'save' | 'submit'): Promise<SaveResult> => viaSchema(saveReportSchema, { ...raw, intent }, (input) => saveReport(ctxOf(actor), input));

/** What saveContributionAction does with `{ ...raw, intent }`. */
export const contribute = (actor: Actor, raw: Record<string, unknown>, intent: 'save' | 'submit'): Promise<SaveResult> =>
  viaSchema(saveContributionSchema, { ...raw, intent }, (input) => saveContribution(ctxOf(actor), input));

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
