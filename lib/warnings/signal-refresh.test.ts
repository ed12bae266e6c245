import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { queryRows } from '@/db/dialect';
import { TASK_VERSION_SOURCES } from '@/db/generation-triggers';
import { contributions, districts, extensionRequests, indicators, milestonePlans, milestones, plans, reportIndicatorValues, reportingPeriods, reports, taskFlags, tasks, taskUnits, units } from '@/db/schema';
import { dataGeneration } from '@/lib/cache/generation-memo';
import { useSeededDb } from '@/lib/testing/seeded-fixture';
import { DEFAULT_WARNING_SETTINGS } from './rules';
import { computeSignals, computeSignalsNow } from './signal-service';
import { tasksChangedSince } from './task-versions';

const TODAY = '2023-11-22';
const env = useSeededDb();

/** A write the lights never read: it moves the data generation past every earlier task write. */
async function writeElsewhere() {
  const [d] = await env.db.select().from(districts).limit(1);
  await env.db.update(districts).set({ name: d!.name }).where(eq(districts.id, d!.id));
}

/** The tasks noted as written by `write`, and nothing else. */
async function changedBy(write: () => Promise<unknown>): Promise<number[] | undefined> {
  await writeElsewhere();
  const since = await dataGeneration(env.db);
  await write();
  const changed = await tasksChangedSince(env.db, env.planId(), since, 200);
  return changed && [...changed].sort((a, b) => a - b);
}

describe('task versions (triggers on both engines)', () => {
  it('note the task of each row written: its own column, or its report’s task for a figure', async () => {
    const t1 = env.taskId(1);
    const t2 = env.taskId(2);
    expect(await changedBy(() => env.db.update(tasks).set({ status: 'active' }).where(eq(tasks.id, t1)))).toEqual([t1]);
    expect(
      await changedBy(() =>
        env.db.insert(taskFlags).values({ taskId: t2, level: 'red', reason: '测试', raisedBy: env.idOf('duchashi'), raisedAt: new Date('2023-11-20T09:00:00+08:00') }),
      ),
    ).toEqual([t2]);
    expect(await changedBy(() => env.db.update(taskUnits).set({ signedAt: null }).where(eq(taskUnits.taskId, t1)))).toEqual([t1]);
    const [figure] = await env.db
      .select({ reportId: reportIndicatorValues.reportId, indicatorId: reportIndicatorValues.indicatorId, taskId: reports.taskId })
      .from(reportIndicatorValues)
      .innerJoin(reports, eq(reports.id, reportIndicatorValues.reportId))
      .limit(1);
    if (figure) {
      const at = and(eq(reportIndicatorValues.reportId, figure.reportId), eq(reportIndicatorValues.indicatorId, figure.indicatorId));
      expect(await changedBy(() => env.db.update(reportIndicatorValues).set({ value: 1 }).where(at))).toEqual([figure.taskId]);
    }
  });

  it('every table keyed by a task notes that task when a row is inserted, updated or deleted', async () => {
    const task = env.taskId(5);
    const [unit] = await env.db.select({ id: taskUnits.unitId }).from(taskUnits).where(eq(taskUnits.taskId, task)).limit(1);
    const at = new Date('2023-11-21T10:00:00+08:00');
    const by = env.idOf('duchashi');
    const base = { taskId: task, unitId: unit!.id };
    const period = { ...base, periodId: env.periodId('2023-10'), updatedAt: at };
    // One row of each, written as the services write them (the seed has none for this task).
    expect(await changedBy(() => env.db.insert(reports).values({ ...period, status: 'draft' }))).toEqual([task]);
    expect(await changedBy(() => env.db.insert(contributions).values({ ...period, status: 'draft' }))).toEqual([task]);
    let indicatorId = 0;
    expect(
      await changedBy(async () => {
        indicatorId = (await env.db.insert(indicators).values({ taskId: task, name: '测试指标', target: 10, unit: '个', sourcePhrase: '测试' }).returning({ id: indicators.id }))[0]!.id;
      }),
    ).toEqual([task]);
    let planId = 0;
    expect(
      await changedBy(async () => {
        planId = (await env.db.insert(milestonePlans).values({ ...base, status: 'approved', updatedAt: at }).returning({ id: milestonePlans.id }))[0]!.id;
      }),
    ).toEqual([task]);
    expect(await changedBy(() => env.db.insert(milestones).values({ planId, taskId: task, position: 1, dueOn: '2023-11-30', deliverable: '测试节点', indicatorId }))).toEqual([task]);
    expect(
      await changedBy(() =>
        env.db.insert(extensionRequests).values({ ...base, subject: 'task_deadline', fromDate: '2023-12-31', toDate: '2024-01-31', reason: '测试', requestedBy: by, requestedAt: at }),
      ),
    ).toEqual([task]);
    expect(await changedBy(() => env.db.insert(taskFlags).values({ taskId: task, level: 'yellow', reason: '测试', raisedBy: by, raisedAt: at }))).toEqual([task]);

    // Every table keyed by a task, by the column its trigger reads: an update, then a delete.
    const tables = Object.entries(TASK_VERSION_SOURCES).flatMap(([table, source]) => ('task' in source && !source.viaReport ? [{ table, column: source.task }] : []));
    expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['reports', 'contributions', 'indicators', 'milestone_plans', 'milestones', 'extension_requests', 'task_flags']));
    for (const { table, column } of tables) {
      const t = sql.identifier(table);
      const c = sql.identifier(column);
      expect(await changedBy(() => queryRows(env.db, sql`update ${t} set ${c} = ${c} where ${c} = ${task} returning ${c}`)), `update ${table}`).toEqual([task]);
    }
    expect(await changedBy(() => env.db.delete(taskFlags).where(eq(taskFlags.taskId, task)))).toEqual([task]);
    expect(await changedBy(() => env.db.delete(extensionRequests).where(eq(extensionRequests.taskId, task)))).toEqual([task]);
    expect(await changedBy(() => env.db.delete(milestonePlans).where(eq(milestonePlans.taskId, task)))).toEqual([task]);
    expect(await changedBy(() => env.db.delete(indicators).where(eq(indicators.id, indicatorId)))).toEqual([task]);
    expect(await changedBy(() => env.db.delete(contributions).where(eq(contributions.taskId, task)))).toEqual([task]);
    expect(await changedBy(() => env.db.delete(reports).where(and(eq(reports.taskId, task), eq(reports.periodId, env.periodId('2023-10')))))).toEqual([task]);
  });

  it('a list’s months or year or a unit’s name may change every task’s lights; its title or a unit’s kind does not', async () => {
    const [u] = await env.db.select().from(units).limit(1);
    expect(await changedBy(() => env.db.update(units).set({ name: u!.name }).where(eq(units.id, u!.id)))).toBeUndefined();
    expect(await changedBy(() => env.db.update(units).set({ kind: u!.kind }).where(eq(units.id, u!.id)))).toEqual([]);
    const [plan] = await env.db.select().from(plans).where(eq(plans.id, env.planId()));
    expect(await changedBy(() => env.db.update(plans).set({ title: plan!.title }).where(eq(plans.id, plan!.id)))).toEqual([]);
    expect(await changedBy(() => env.db.update(plans).set({ year: plan!.year }).where(eq(plans.id, plan!.id)))).toBeUndefined();
    const p = env.periodId('2023-11');
    expect(await changedBy(() => env.db.update(reportingPeriods).set({ month: '2023-11' }).where(eq(reportingPeriods.id, p)))).toBeUndefined();
  });
});

describe('task versions of another list', () => {
  it('a write to another list’s months or tasks does not count for this one; a task moved away counts as every task of the list it left', async () => {
    const [plan] = await env.db.select().from(plans).where(eq(plans.id, env.planId()));
    const { id: _p, ...copy } = plan!;
    const [other] = await env.db.insert(plans).values({ ...copy, code: `${plan!.code}-2`, title: `${plan!.title}（二）` }).returning({ id: plans.id });
    const [period] = await env.db.select().from(reportingPeriods).where(eq(reportingPeriods.id, env.periodId('2023-11')));
    const { id: _r, ...periodCopy } = period!;
    expect(await changedBy(() => env.db.insert(reportingPeriods).values({ ...periodCopy, planId: other!.id }))).toEqual([]);
    const [model] = await env.db.select().from(tasks).where(eq(tasks.id, env.taskId(8)));
    const { id: _t, ...taskCopy } = model!;
    const [added] = await env.db.insert(tasks).values({ ...taskCopy, planId: other!.id, no: 1 }).returning({ id: tasks.id });
    expect(await changedBy(() => env.db.update(tasks).set({ status: 'closed' }).where(eq(tasks.id, added!.id)))).toEqual([]);
    // Into this list: one of its tasks now; back out: every task of this list.
    expect(await changedBy(() => env.db.update(tasks).set({ planId: env.planId(), no: 901 }).where(eq(tasks.id, added!.id)))).toEqual([added!.id]);
    expect(await changedBy(() => env.db.update(tasks).set({ planId: other!.id, no: 1 }).where(eq(tasks.id, added!.id)))).toBeUndefined();
    await env.db.delete(tasks).where(eq(tasks.id, added!.id));
    await env.db.delete(plans).where(eq(plans.id, other!.id));
  });
});

describe('the plan-wide lights after a write', () => {
  const all = () => computeSignals(env.db, env.planId(), TODAY, DEFAULT_WARNING_SETTINGS);
  const fresh = () => computeSignalsNow(env.db, env.planId(), TODAY, DEFAULT_WARNING_SETTINGS);
  const entries = (m: Map<number, unknown>) => [...m.entries()];

  it('are brought up to date task by task and equal a computation from scratch, in the same order', async () => {
    // (The other describe's last write, to a list's months, may still count as “at” this generation.)
    await writeElsewhere();
    const before = await all();
    expect(entries(before)).toEqual(entries(await fresh()));

    // A closed task, a flag, a report sent back, a new task, a deleted one.
    await env.db.update(tasks).set({ status: 'closed' }).where(eq(tasks.id, env.taskId(3)));
    await env.db.insert(taskFlags).values({ taskId: env.taskId(5), level: 'yellow', reason: '进度偏慢', raisedBy: env.idOf('duchashi'), raisedAt: new Date('2023-11-21T09:00:00+08:00') });
    const [sent] = await env.db.select().from(reports).where(eq(reports.status, 'submitted')).limit(1);
    if (sent) await env.db.update(reports).set({ status: 'returned', reviewedAt: new Date('2023-11-21T10:00:00+08:00') }).where(eq(reports.id, sent.id));
    const [model] = await env.db.select().from(tasks).where(eq(tasks.id, env.taskId(7)));
    const { id: _id, ...copy } = model!;
    const [added] = await env.db.insert(tasks).values({ ...copy, no: 900 }).returning({ id: tasks.id });
    const links = await env.db.select().from(taskUnits).where(eq(taskUnits.taskId, env.taskId(7)));
    await env.db.insert(taskUnits).values(links.map((l) => ({ ...l, taskId: added!.id })));
    const after = await all();
    expect(after).not.toBe(before);
    expect(after.get(added!.id)).toBeDefined();
    expect(after.get(env.taskId(3))!.late.rule).toBe('closed');
    expect(after.get(env.taskId(5))!.flag?.reason).toBe('进度偏慢');
    expect(entries(after)).toEqual(entries(await fresh()));
    // Only the tasks written were computed again: an untouched task's lights are the same object.
    expect(after.get(env.taskId(10))).toBe(before.get(env.taskId(10)));
    // The value kept before is left as it was (callers may still hold it).
    expect(before.has(added!.id)).toBe(false);

    await env.db.delete(tasks).where(eq(tasks.id, added!.id));
    const deleted = await all();
    expect(deleted.has(added!.id)).toBe(false);
    expect(entries(deleted)).toEqual(entries(await fresh()));

    // Every task: a unit renamed shows in every reason that names it.
    const [u] = await env.db.select().from(units).where(eq(units.name, '区发展和改革局'));
    await env.db.update(units).set({ name: '区发展改革局' }).where(eq(units.id, u!.id));
    const renamed = await all();
    expect(entries(renamed)).toEqual(entries(await fresh()));
    expect(renamed.get(env.taskId(10))).not.toBe(deleted.get(env.taskId(10)));
    expect([...renamed.values()].some((s) => s.details.some((d) => d.unitName === '区发展改革局'))).toBe(true);
  });
});

describe('the plan-wide lights after any sequence of writes (property)', () => {
  it('equal a computation from scratch after each write', async () => {
    const plan = env.planId();
    const taskIdsOfPlan = (await env.db.select({ id: tasks.id }).from(tasks).where(eq(tasks.planId, plan))).map((t) => t.id);
    const at = new Date('2023-11-21T09:00:00+08:00');
    // October's reports of twelve tasks' lead units, and a figure for each of their confirmed indicators.
    const leads = (await env.db.select().from(taskUnits).where(eq(taskUnits.role, 'lead'))).filter((l) => taskIdsOfPlan.slice(0, 12).includes(l.taskId));
    const october = env.periodId('2023-10');
    const november = env.periodId('2023-11');
    const made = await env.db
      .insert(reports)
      .values(leads.map((l) => ({ taskId: l.taskId, periodId: october, unitId: l.unitId, status: 'submitted' as const, percentDone: 60, updatedAt: at, submittedAt: at })))
      .onConflictDoNothing()
      .returning({ id: reports.id, taskId: reports.taskId });
    const someReports = made.map((r) => r.id);
    const parts = (await env.db.select().from(taskUnits).where(eq(taskUnits.role, 'participating'))).filter((l) => taskIdsOfPlan.slice(0, 12).includes(l.taskId));
    const inds = await env.db.select({ id: indicators.id, taskId: indicators.taskId }).from(indicators).where(eq(indicators.status, 'confirmed'));
    const figureRows = made.flatMap((r) => inds.filter((i) => i.taskId === r.taskId).map((i) => ({ reportId: r.id, indicatorId: i.id, value: 10 })));
    if (figureRows.length) await env.db.insert(reportIndicatorValues).values(figureRows).onConflictDoNothing();
    const figures = figureRows.slice(0, 20);
    expect(someReports.length).toBeGreaterThan(0);
    const task = fc.constantFrom(...taskIdsOfPlan);
    const write = fc.oneof(
      fc.record({ op: fc.constant('status' as const), task, closed: fc.boolean() }),
      fc.record({ op: fc.constant('flag' as const), task, level: fc.constantFrom('yellow' as const, 'red' as const) }),
      fc.record({ op: fc.constant('lift' as const), task }),
      fc.record({ op: fc.constant('report' as const), id: fc.constantFrom(...someReports), status: fc.constantFrom('draft' as const, 'submitted' as const, 'approved' as const, 'returned' as const), percent: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ op: fc.constant('sign' as const), task, signed: fc.boolean() }),
      fc.record({ op: fc.constant('november' as const), lead: fc.nat(leads.length - 1), percent: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ op: fc.constant('unsend' as const), lead: fc.nat(leads.length - 1) }),
      ...(parts.length
        ? [
            fc.record({ op: fc.constant('part' as const), part: fc.nat(parts.length - 1), status: fc.constantFrom('draft' as const, 'submitted' as const, 'returned' as const) }),
            fc.record({ op: fc.constant('unpart' as const), part: fc.nat(parts.length - 1) }),
          ]
        : []),
      fc.record({ op: fc.constant('deadline' as const), task, day: fc.integer({ min: 1, max: 28 }) }),
      ...(figures.length ? [fc.record({ op: fc.constant('figure' as const), i: fc.nat(figures.length - 1), value: fc.integer({ min: 0, max: 1000 }) })] : []),
    );
    async function run(w: { op: string; part?: number; task?: number; closed?: boolean; level?: 'yellow' | 'red'; id?: number; status?: 'draft' | 'submitted' | 'approved' | 'returned'; percent?: number; signed?: boolean; day?: number; i?: number; value?: number; lead?: number }) {
      switch (w.op) {
        case 'november': {
          const l = leads[w.lead!]!;
          return env.db
            .insert(reports)
            .values({ taskId: l.taskId, periodId: november, unitId: l.unitId, status: 'submitted', percentDone: w.percent!, updatedAt: at, submittedAt: at })
            .onConflictDoNothing();
        }
        case 'part': {
          const l = parts[w.part!]!;
          const row = { taskId: l.taskId, periodId: november, unitId: l.unitId, status: w.status!, updatedAt: at, submittedAt: at, reviewedAt: w.status === 'returned' ? at : null };
          return env.db.insert(contributions).values(row).onConflictDoUpdate({ target: [contributions.taskId, contributions.periodId, contributions.unitId], set: { status: row.status, reviewedAt: row.reviewedAt } });
        }
        case 'unpart': {
          const l = parts[w.part!]!;
          return env.db.delete(contributions).where(and(eq(contributions.taskId, l.taskId), eq(contributions.periodId, november), eq(contributions.unitId, l.unitId)));
        }
        case 'unsend': {
          const l = leads[w.lead!]!;
          return env.db.delete(reports).where(and(eq(reports.taskId, l.taskId), eq(reports.periodId, november), eq(reports.unitId, l.unitId)));
        }
        case 'status':
          return env.db.update(tasks).set({ status: w.closed ? 'closed' : 'active' }).where(eq(tasks.id, w.task!));
        case 'flag':
          return env.db.insert(taskFlags).values({ taskId: w.task!, level: w.level!, reason: '抽查', raisedBy: env.idOf('duchashi'), raisedAt: at });
        case 'lift':
          return env.db.update(taskFlags).set({ liftedAt: at, liftedBy: env.idOf('duchashi') }).where(eq(taskFlags.taskId, w.task!));
        case 'report':
          return env.db.update(reports).set({ status: w.status!, percentDone: w.percent!, reviewedAt: w.status === 'returned' ? at : null }).where(eq(reports.id, w.id!));
        case 'sign':
          return env.db.update(taskUnits).set({ signedAt: w.signed ? at : null }).where(eq(taskUnits.taskId, w.task!));
        case 'deadline':
          return env.db.update(tasks).set({ deadline: `2023-12-${String(w.day).padStart(2, '0')}` }).where(eq(tasks.id, w.task!));
        case 'figure': {
          const f = figures[w.i!]!;
          return env.db.update(reportIndicatorValues).set({ value: w.value! }).where(and(eq(reportIndicatorValues.reportId, f.reportId), eq(reportIndicatorValues.indicatorId, f.indicatorId)));
        }
      }
    }
    const all = () => computeSignals(env.db, plan, TODAY, DEFAULT_WARNING_SETTINGS);
    const fresh = () => computeSignalsNow(env.db, plan, TODAY, DEFAULT_WARNING_SETTINGS);
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 5 }), async (writes) => {
        await all();
        for (const w of writes) {
          await run(w);
          expect([...(await all()).entries()]).toEqual([...(await fresh()).entries()]);
        }
      }),
      { numRuns: 25 },
    );
  });
});
