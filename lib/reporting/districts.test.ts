import { and, count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, contributions, monthSignOffs, plans, reportingPeriods, reports, tasks, taskUnits, units } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError } from '@/lib/errors';
import { activePlans } from '@/lib/plans/plan-scope';
import { addSecondDistrict, type SecondDistrict } from '@/lib/testing/second-district';
import { getMonthSheet } from './month-sheet';
import { setSignOffRequired, signOffMonth, submitMonth } from './month-submit';
import { setPeriodRange, setPlanCadence, updatePeriodDeadlines } from './period-service';
import { getReportEditor } from './report-editor';
import { contribute, ctxOf, draft, env, kjj, nov, report, setUpReporting, sthj, task40, tearDownReporting, thrown } from './reporting.fixture';
import { getWorkbench } from './workbench';

/**
 * 行政区: the reporting services on two districts with the same notice (same task numbers and unit
 * names, other ids). Each district's units see and write only their own rows; the other district's
 * ids are refused as missing ones are, and nothing is written.
 */
let d2: SecondDistrict;
const two = {} as Record<'sthj' | 'kjj' | 'admin', Actor>;
let task40b: number, novB: number;

beforeAll(async () => {
  await setUpReporting();
  d2 = await addSecondDistrict(env.db);
  two.sthj = await d2.actor('reporter', '河东生态环境分局');
  two.kjj = await d2.actor('reporter', '区科学技术局');
  two.admin = await d2.actor('admin');
  [task40b, novB] = [d2.taskId(40), d2.periodId('2023-11')];
  // Each district's lead unit has a November draft on task 40, with a part sent to it.
  expect(await report(sthj(), draft({ progress: '一区进展' }), 'save')).toMatchObject({ ok: true });
  expect(await contribute(kjj(), { taskId: task40, periodId: nov, version: 0, content: '一区协办' }, 'submit')).toMatchObject({ ok: true });
  expect(await report(two.sthj, draft({ taskId: task40b, periodId: novB, progress: '二区进展' }), 'save')).toMatchObject({ ok: true });
  expect(await contribute(two.kjj, { taskId: task40b, periodId: novB, version: 0, content: '二区协办' }, 'submit')).toMatchObject({ ok: true });
}, 60_000);
afterAll(tearDownReporting);

const taskIdsOf = async (districtId: number) => new Set((await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.districtId, districtId))).map((t) => t.id));

/** What a refused write must leave as it was. */
async function tables() {
  const n = async (table: typeof reports | typeof contributions | typeof auditLog | typeof monthSignOffs) => (await env.db.select({ n: count() }).from(table))[0]!.n;
  return {
    reports: await n(reports),
    contributions: await n(contributions),
    audit: await n(auditLog),
    signOffs: await n(monthSignOffs),
    periods: await env.db.select().from(reportingPeriods).orderBy(reportingPeriods.id),
    plans: await env.db.select({ id: plans.id, cadence: plans.cadence }).from(plans).orderBy(plans.id),
    units: await env.db.select({ id: units.id, requiresSignOff: units.requiresSignOff }).from(units).orderBy(units.id),
  };
}

/** The call is refused exactly as the same call on a missing id (`missing`), and writes nothing. */
async function refusedAsMissing(call: () => Promise<unknown>, missing: () => Promise<unknown>): Promise<void> {
  const before = await tables();
  const other = await thrown(call());
  const none = await thrown(missing());
  expect([other.constructor.name, other.message]).toEqual([none.constructor.name, none.message]);
  expect(await tables()).toEqual(before);
}

describe('districts', () => {
  it('the workbench of each district lists only its own tasks, even with the other district’s list in view', async () => {
    const everyList = await activePlans(env.db, { kind: 'all' });
    expect(new Set(everyList.map((p) => p.id)).size).toBeGreaterThan((await activePlans(env.db, sthj())).length);
    for (const [actor, districtId] of [
      [sthj(), FIRST_DISTRICT_ID],
      [kjj(), FIRST_DISTRICT_ID],
      [two.sthj, d2.districtId],
      [two.kjj, d2.districtId],
    ] as const) {
      const own = await taskIdsOf(districtId);
      const lists = await getWorkbench(ctxOf(actor), everyList);
      const rows = lists.flatMap((wb) => [...wb.leading, ...wb.joining, ...wb.closed]);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => !own.has(r.task.id))).toEqual([]);
      if (districtId !== FIRST_DISTRICT_ID) expect(lists.map((wb) => wb.plan.id)).toEqual([d2.planId]);
    }
    // The counts too: task 40's lead unit has one part in, its own district's.
    for (const [actor, taskId] of [
      [sthj(), task40],
      [two.sthj, task40b],
    ] as const) {
      const row = (await getWorkbench(ctxOf(actor), everyList)).flatMap((wb) => wb.leading).find((r) => r.task.id === taskId);
      expect(row).toMatchObject({ state: 'draft', partsReceived: 1 });
    }
  });

  it('the month page of each district shows its own rows and the parts of its own units', async () => {
    for (const [actor, districtId, part, otherPart] of [
      [sthj(), FIRST_DISTRICT_ID, '一区协办', '二区协办'],
      [two.sthj, d2.districtId, '二区协办', '一区协办'],
    ] as const) {
      const own = await taskIdsOf(districtId);
      const sheet = await getMonthSheet(ctxOf(actor), { month: '2023-11' });
      expect(sheet.items.length).toBeGreaterThan(0);
      expect(sheet.items.filter((i) => !own.has(i.task.id))).toEqual([]);
      const parts = sheet.items.flatMap((i) => (i.kind === 'report' ? i.parts.map((p) => p.content) : []));
      expect(parts).toContain(part);
      expect(parts).not.toContain(otherPart);
    }
  });

  it('the reporting page: the other district’s task is not found; the own one shows the own district’s rows', async () => {
    for (const [actor, otherTask] of [
      [sthj(), task40b],
      [kjj(), task40b],
      [two.sthj, task40],
      [two.kjj, task40],
    ] as const) {
      const err = await thrown(getReportEditor(ctxOf(actor), otherTask));
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toBe((await thrown(getReportEditor(ctxOf(actor), 999_999))).message);
    }
    const page = await getReportEditor(ctxOf(two.sthj), task40b, '2023-11');
    expect(page.report?.progress).toBe('二区进展');
    expect(page.contributions.map((c) => c.content)).toEqual(['二区协办']);
    expect(page.period.id).toBe(novB);
  });

  it('a unit cannot write on the other district’s task or period: refused as a missing one, nothing written', async () => {
    const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      ['report on the other task', () => report(sthj(), draft({ taskId: task40b, periodId: novB }), 'save'), () => report(sthj(), draft({ taskId: 999_999, periodId: novB }), 'save')],
      ['report in the other period', () => report(sthj(), draft({ periodId: novB }), 'save'), () => report(sthj(), draft({ periodId: 999_999 }), 'save')],
      ['report on the first district’s task', () => report(two.sthj, draft({ taskId: task40, periodId: nov }), 'save'), () => report(two.sthj, draft({ taskId: 999_999, periodId: nov }), 'save')],
      [
        'part on the other task',
        () => contribute(kjj(), { taskId: task40b, periodId: novB, version: 0, content: 'x' }, 'save'),
        () => contribute(kjj(), { taskId: 999_999, periodId: novB, version: 0, content: 'x' }, 'save'),
      ],
      [
        'part on the first district’s task',
        () => contribute(two.kjj, { taskId: task40, periodId: nov, version: 1, content: 'x' }, 'save'),
        () => contribute(two.kjj, { taskId: 999_999, periodId: nov, version: 1, content: 'x' }, 'save'),
      ],
      [
        'batch submit naming the other task',
        () => submitMonth(ctxOf(sthj()), { month: '2023-11', items: [{ kind: 'report', taskId: task40b, periodId: novB, version: 1 }] }),
        () => submitMonth(ctxOf(sthj()), { month: '2023-11', items: [{ kind: 'report', taskId: 999_999, periodId: novB, version: 1 }] }),
      ],
      [
        'sign-off naming the first district’s task',
        () => signOffMonth(ctxOf({ ...two.sthj, role: 'unit_head' }), { month: '2023-11', items: [{ kind: 'report', taskId: task40, periodId: nov, version: 1 }] }),
        () => signOffMonth(ctxOf({ ...two.sthj, role: 'unit_head' }), { month: '2023-11', items: [{ kind: 'report', taskId: 999_999, periodId: nov, version: 1 }] }),
      ],
    ];
    for (const [name, call, missing] of cases) {
      await expect(refusedAsMissing(call, missing), name).resolves.toBeUndefined();
    }
  });

  it('the head’s sign-off setting changes only the own unit, of the own district', async () => {
    const head = { ...two.sthj, role: 'unit_head' as const };
    expect(await setSignOffRequired(ctxOf(head), { required: true })).toMatchObject({ ok: true });
    const rows = await env.db.select({ districtId: units.districtId, requiresSignOff: units.requiresSignOff }).from(units).where(inArray(units.id, [head.unitId!, sthj().unitId!]));
    expect(rows.sort((a, b) => a.districtId - b.districtId)).toEqual([
      { districtId: FIRST_DISTRICT_ID, requiresSignOff: false },
      { districtId: d2.districtId, requiresSignOff: true },
    ]);
    expect(await setSignOffRequired(ctxOf(head), { required: false })).toMatchObject({ ok: true });
    // An account whose unit is of another district acts for nobody.
    const before = await tables();
    await expect(setSignOffRequired(ctxOf({ ...head, districtId: FIRST_DISTRICT_ID }), { required: true })).rejects.toThrow(ForbiddenError);
    expect(await tables()).toEqual(before);
  });

  it('the calendar is the district’s: the other district’s periods and lists are not found, nothing written', async () => {
    const admin1 = env.admin();
    const [period1] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, nov));
    const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      [
        'deadlines of the other district’s period',
        () => updatePeriodDeadlines(ctxOf(admin1), { periodId: novB, contributionDeadline: '2023-11-18', leadDeadline: '2023-11-24' }),
        () => updatePeriodDeadlines(ctxOf(admin1), { periodId: 999_999, contributionDeadline: '2023-11-18', leadDeadline: '2023-11-24' }),
      ],
      [
        'deadlines of the first district’s period',
        () => updatePeriodDeadlines(ctxOf(two.admin), { periodId: nov, contributionDeadline: '2023-11-18', leadDeadline: '2023-11-24' }),
        () => updatePeriodDeadlines(ctxOf(two.admin), { periodId: 999_999, contributionDeadline: '2023-11-18', leadDeadline: '2023-11-24' }),
      ],
      ['range of the other district’s list', () => setPeriodRange(ctxOf(admin1), { planId: d2.planId, from: '2023-06', to: '2023-12' }), () => setPeriodRange(ctxOf(admin1), { planId: 999_999, from: '2023-06', to: '2023-12' })],
      ['range of the first district’s list', () => setPeriodRange(ctxOf(two.admin), { planId: env.planId(), from: '2023-06', to: '2023-12' }), () => setPeriodRange(ctxOf(two.admin), { planId: 999_999, from: '2023-06', to: '2023-12' })],
      ['cadence of the other district’s list', () => setPlanCadence(ctxOf(admin1), { planId: d2.planId, cadence: 'quarterly' }), () => setPlanCadence(ctxOf(admin1), { planId: 999_999, cadence: 'quarterly' })],
      ['cadence of the first district’s list', () => setPlanCadence(ctxOf(two.admin), { planId: env.planId(), cadence: 'quarterly' }), () => setPlanCadence(ctxOf(two.admin), { planId: 999_999, cadence: 'quarterly' })],
    ];
    for (const [name, call, missing] of cases) {
      await expect(refusedAsMissing(call, missing), name).resolves.toBeUndefined();
    }
    // The own district's period is the admin's to change, as before.
    expect(await updatePeriodDeadlines(ctxOf(two.admin), { periodId: novB, contributionDeadline: '2023-11-18', leadDeadline: '2023-11-24' })).toMatchObject({ ok: true });
    const [after1] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, nov));
    expect(after1).toEqual(period1);
  });

  it('a faulty row naming a unit on the other district’s task gives the unit nothing there', async () => {
    // What no service writes (the importer resolves units within the district), planted to show the district is checked itself.
    await env.db.insert(taskUnits).values({ taskId: task40b, unitId: sthj().unitId!, role: 'lead', position: 99 });
    try {
      const own = await taskIdsOf(FIRST_DISTRICT_ID);
      const rows = (await getWorkbench(ctxOf(sthj()), await activePlans(env.db, { kind: 'all' }))).flatMap((wb) => wb.leading);
      expect(rows.filter((r) => !own.has(r.task.id))).toEqual([]);
      expect((await getMonthSheet(ctxOf(sthj()), { month: '2023-11' })).items.filter((i) => !own.has(i.task.id))).toEqual([]);
      await expect(getReportEditor(ctxOf(sthj()), task40b)).rejects.toThrow(NotFoundError);
      await refusedAsMissing(
        () => report(sthj(), draft({ taskId: task40b, periodId: novB }), 'save'),
        () => report(sthj(), draft({ taskId: 999_999, periodId: novB }), 'save'),
      );
    } finally {
      await env.db.delete(taskUnits).where(and(eq(taskUnits.taskId, task40b), eq(taskUnits.unitId, sthj().unitId!)));
    }
  });

  it('the city office writes in no district', async () => {
    const city: Actor = { ...env.supervisor(), role: 'city_supervisor', districtId: null, unitId: null, unitName: null };
    const before = await tables();
    for (const call of [
      () => updatePeriodDeadlines(ctxOf(city), { periodId: nov, contributionDeadline: '2023-11-18', leadDeadline: '2023-11-24' }),
      () => setPlanCadence(ctxOf(city), { planId: env.planId(), cadence: 'quarterly' }),
      () => report(city, draft(), 'save'),
      () => getWorkbench(ctxOf(city), []),
      () => getMonthSheet(ctxOf(city)),
    ]) {
      await expect(call()).rejects.toThrow(ForbiddenError);
    }
    expect(await tables()).toEqual(before);
  });
});
