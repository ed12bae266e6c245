import { asc, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, plans, reportingPeriods, reports, sections, tasks, units, type PlanCadence } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { RequestMeta } from '@/lib/audit/audit-service';
import { transaction } from '@/lib/db';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { actorFor, contextFor, createTempDb } from '@/lib/testing/temp-db';
import { planCadenceSchema } from './calendar-schemas';
import { ensureDefaultPeriods, listPeriodsOfPlans, periodsOfMonth, setPeriodRange, setPlanCadence, updatePeriodDeadlines } from './period-service';

let env: Awaited<ReturnType<typeof createTempDb>>;
const AT = new Date('2023-11-22T09:30:00+08:00');
/** The oversight accounts (made once the database exists). */
const accounts = {} as Record<'admin' | 'supervisor' | 'leader', Actor>;
const admin = () => accounts.admin;
const supervisor = () => accounts.supervisor;
const leader = () => accounts.leader;
const ctx = (actor: Actor, meta?: RequestMeta) => contextFor(env.db, actor, AT, meta);
let seq = 0;

async function addPlan(cadence: PlanCadence, issuedOn: string | null, ensure = true): Promise<number> {
  seq += 1;
  const [row] = await db()
    .insert(plans)
    .values({ districtId: FIRST_DISTRICT_ID, code: `测试〔2023〕${seq}号`, title: `测试清单${seq}`, shortName: `清单${seq}`, cadence, year: 2023, issuedOn, sourceHash: `h${seq}` })
    .returning({ id: plans.id });
  const id = row!.id;
  if (ensure) await transaction(db(), (tx) => ensureDefaultPeriods(tx, { id, year: 2023, issuedOn, cadence }));
  return id;
}
const db = () => env.db;
const monthsOf = async (planId: number) =>
  (await db().select({ month: reportingPeriods.month }).from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month))).map((p) => p.month);
const periodsOf = (planId: number) => db().select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month));
const auditRows = async () => (await db().select({ n: count() }).from(auditLog))[0]!.n;
const lastAudit = async (action: string) => (await db().select().from(auditLog).where(eq(auditLog.action, action)).orderBy(desc(auditLog.id)).limit(1))[0]!;

/** A report in the plan's period of that month, so that the month counts as used. */
async function reportIn(planId: number, month: string) {
  const [unit] = await db().insert(units).values({ districtId: FIRST_DISTRICT_ID, name: `测试单位${planId}-${month}` }).returning({ id: units.id });
  const [section] = await db().insert(sections).values({ planId, no: Number(month.slice(5)), numeral: '一', title: '部分' }).returning({ id: sections.id });
  const [task] = await db().insert(tasks).values({ districtId: FIRST_DISTRICT_ID, planId, sectionId: section!.id, no: Number(month.slice(5)), title: '任务', text: '任务' }).returning({ id: tasks.id });
  const periodId = (await periodsOfMonth(db(), [planId], month))[0]!.id;
  await db().insert(reports).values({ taskId: task!.id, periodId, unitId: unit!.id, status: 'draft', updatedAt: AT });
}

/** The error a refused call threw (fails the test if it did not throw). */
async function thrown(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value: unknown) => ({ value }),
    (err: unknown) => ({ err }),
  );
  if (!('err' in outcome)) throw new Error(`expected a refusal, got ${JSON.stringify(outcome.value)}`);
  return outcome.err as Error;
}

beforeAll(async () => {
  env = await createTempDb();
  accounts.admin = await actorFor(env.db, 'admin', null, 1);
  accounts.supervisor = await actorFor(env.db, 'supervisor', null, 2);
  accounts.leader = await actorFor(env.db, 'leader', null, 3);
});
afterAll(() => env.cleanup());

describe('periods per list', () => {
  it('a monthly list gets every month from the issue month; a quarterly one March, June, September, December', async () => {
    const monthly = await addPlan('monthly', '2023-09-18');
    expect(await monthsOf(monthly)).toEqual(['2023-09', '2023-10', '2023-11', '2023-12']);
    const quarterly = await addPlan('quarterly', '2023-05-10');
    expect(await monthsOf(quarterly)).toEqual(['2023-06', '2023-09', '2023-12']);
    const q = (await periodsOfMonth(db(), [quarterly], '2023-06'))[0]!;
    expect(q).toMatchObject({ contributionDeadline: '2023-06-20', leadDeadline: '2023-06-25' });
    // Twice changes nothing.
    await transaction(db(), (tx) => ensureDefaultPeriods(tx, { id: quarterly, year: 2023, issuedOn: '2023-05-10', cadence: 'quarterly' }));
    expect(await monthsOf(quarterly)).toHaveLength(3);
    // Across lists: by month, then in the order of the lists given.
    expect((await periodsOfMonth(db(), [quarterly, monthly], '2023-09')).map((p) => p.planId)).toEqual([quarterly, monthly]);
    expect((await periodsOfMonth(db(), [quarterly, monthly], '2023-10')).map((p) => p.planId)).toEqual([monthly]);
    expect((await listPeriodsOfPlans(db(), [monthly, quarterly])).map((p) => `${p.month}:${p.planId === monthly ? 'm' : 'q'}`)).toEqual([
      '2023-06:q',
      '2023-09:m',
      '2023-09:q',
      '2023-10:m',
      '2023-11:m',
      '2023-12:m',
      '2023-12:q',
    ]);
    expect(await listPeriodsOfPlans(db(), [])).toEqual([]);
  });

  it('the month range of a quarterly list keeps to its quarter months', async () => {
    const quarterly = await addPlan('quarterly', '2023-05-10');
    expect(await setPeriodRange(ctx(admin()), { planId: quarterly, from: '2023-01', to: '2023-12' })).toEqual({
      ok: true,
      added: ['2023-03'],
      removed: [],
      message: '已更新：新增 1 个月，移除 0 个月',
    });
    expect(await monthsOf(quarterly)).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    const err = await thrown(setPeriodRange(ctx(admin()), { planId: quarterly, from: '2023-10', to: '2023-11' }));
    expect(err).toBeInstanceOf(RefusalError);
    expect(err.message).toMatch(/没有季度调度月份/);
  });
});

describe('calendar changes are audited, in one transaction', () => {
  it('a change of deadlines writes its audit row', async () => {
    const planId = await addPlan('monthly', '2023-09-18');
    const nov = (await periodsOfMonth(db(), [planId], '2023-11'))[0]!;
    const r = await updatePeriodDeadlines(ctx(admin(), { ip: '10.0.0.7' }), { periodId: nov.id, contributionDeadline: '2023-11-17', leadDeadline: '2023-11-24' });
    expect(r).toMatchObject({ ok: true, id: nov.id, contributionDeadline: '2023-11-17', leadDeadline: '2023-11-24', message: '截止日期已保存' });
    expect((await periodsOfMonth(db(), [planId], '2023-11'))[0]).toMatchObject({ contributionDeadline: '2023-11-17', leadDeadline: '2023-11-24' });
    const audit = await lastAudit('calendar.update');
    expect(audit).toMatchObject({ entityType: 'period', entityId: nov.id, ip: '10.0.0.7', actorId: 1, at: AT });
    expect(JSON.parse(audit.detail!)).toEqual({
      planId,
      month: '2023-11',
      from: { contributionDeadline: '2023-11-20', leadDeadline: '2023-11-25' },
      to: { contributionDeadline: '2023-11-17', leadDeadline: '2023-11-24' },
    });
  });

  it('a change of the month range writes its audit row', async () => {
    const planId = await addPlan('monthly', '2023-09-18');
    const r = await setPeriodRange(ctx(admin()), { planId, from: '2023-10', to: '2024-01' });
    expect(r).toMatchObject({ ok: true, added: ['2024-01'], removed: ['2023-09'] });
    const audit = await lastAudit('calendar.update');
    expect(audit).toMatchObject({ entityType: 'plan', entityId: planId, actorId: 1 });
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: '2023-10', to: '2024-01', added: ['2024-01'], removed: ['2023-09'] });
  });

  it('a refused change of deadlines or months writes nothing, audit included', async () => {
    const planId = await addPlan('monthly', '2023-09-18');
    await reportIn(planId, '2023-09');
    const before = { periods: await periodsOf(planId), audits: await auditRows() };
    const sep = before.periods[0]!;

    const typo = await thrown(updatePeriodDeadlines(ctx(admin()), { periodId: sep.id, contributionDeadline: '2023-09-20', leadDeadline: '2024-09-25' }));
    expect(typo).toBeInstanceOf(RefusalError);
    expect(typo.message).toBe('截止日期须在 2023-09 月初至次月底之间');
    expect(await thrown(updatePeriodDeadlines(ctx(admin()), { periodId: 999_999, contributionDeadline: '2023-09-20', leadDeadline: '2023-09-25' }))).toBeInstanceOf(NotFoundError);
    expect(await thrown(updatePeriodDeadlines(ctx(supervisor()), { periodId: sep.id, contributionDeadline: '2023-09-19', leadDeadline: '2023-09-25' }))).toBeInstanceOf(ForbiddenError);

    // Taking out September, which has a report: refused as a whole, December is not added either.
    const used = await thrown(setPeriodRange(ctx(admin()), { planId, from: '2023-10', to: '2024-01' }));
    expect(used).toBeInstanceOf(RefusalError);
    expect(used.message).toBe('要移除的月份中已有填报内容，不能移除');
    const long = await thrown(setPeriodRange(ctx(admin()), { planId, from: '2023-01', to: '2025-01' }));
    expect(long).toBeInstanceOf(RefusalError);
    expect(long.message).toBe('调度周期最多 24 个月');
    expect(await thrown(setPeriodRange(ctx(admin()), { planId: 999_999, from: '2023-01', to: '2023-12' }))).toBeInstanceOf(NotFoundError);
    expect(await thrown(setPeriodRange(ctx(leader()), { planId, from: '2023-01', to: '2023-12' }))).toBeInstanceOf(ForbiddenError);

    expect(await periodsOf(planId)).toEqual(before.periods);
    expect(await auditRows()).toBe(before.audits);
  });
});

describe('changing a list’s cadence', () => {
  it('monthly → quarterly removes the months without reports, keeps those with; and back', async () => {
    const planId = await addPlan('monthly', '2023-09-18');
    await reportIn(planId, '2023-10');
    const r = await setPlanCadence(ctx(supervisor(), { ip: '10.0.0.5' }), { planId, cadence: 'quarterly' });
    expect(r).toEqual({ ok: true, cadence: 'quarterly', added: [], removed: ['2023-11'], kept: ['2023-10'], message: '已改为按季度调度（3、6、9、12 月）：新增 0 个月，移除 1 个月，保留已有填报的 1 个月' });
    expect(await monthsOf(planId)).toEqual(['2023-09', '2023-10', '2023-12']);
    expect((await db().select({ cadence: plans.cadence }).from(plans).where(eq(plans.id, planId)))[0]!.cadence).toBe('quarterly');
    const audit = await lastAudit('plan.cadence');
    expect(audit).toMatchObject({ entityType: 'plan', entityId: planId, ip: '10.0.0.5', actorId: 2 });
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: 'monthly', to: 'quarterly', removed: ['2023-11'], kept: ['2023-10'] });

    expect(await setPlanCadence(ctx(admin()), { planId, cadence: 'monthly' })).toEqual({ ok: true, cadence: 'monthly', added: ['2023-11'], removed: [], kept: [], message: '已改为按月调度：新增 1 个月，移除 0 个月' });
    expect(await monthsOf(planId)).toEqual(['2023-09', '2023-10', '2023-11', '2023-12']);
  });

  it('quarterly → monthly fills the months from the issue month (the start of the first quarter at the earliest)', async () => {
    const planId = await addPlan('quarterly', '2023-05-10');
    expect(await setPlanCadence(ctx(admin()), { planId, cadence: 'monthly' })).toMatchObject({ added: ['2023-05', '2023-07', '2023-08', '2023-10', '2023-11'] });
    expect(await monthsOf(planId)).toEqual(['2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12']);
    const fromJan = await addPlan('quarterly', '2023-01-05');
    await setPlanCadence(ctx(admin()), { planId: fromJan, cadence: 'monthly' });
    expect((await monthsOf(fromJan))[0]).toBe('2023-01');
    // A list without periods gets the new cadence's defaults.
    const empty = await addPlan('monthly', '2023-02-01', false);
    expect(await setPlanCadence(ctx(admin()), { planId: empty, cadence: 'quarterly' })).toMatchObject({ added: ['2023-03', '2023-06', '2023-09', '2023-12'] });
  });

  it('monthly ↔ per item (按事项期限) keeps the monthly periods as they are; quarterly → per item fills the months', async () => {
    const planId = await addPlan('monthly', '2023-03-01');
    // A range that starts mid-quarter (a switch from quarterly would add April here).
    await setPeriodRange(ctx(admin()), { planId, from: '2023-05', to: '2023-11' });
    const before = await periodsOf(planId);
    expect(await setPlanCadence(ctx(supervisor()), { planId, cadence: 'per_item' })).toEqual({
      ok: true,
      cadence: 'per_item',
      added: [],
      removed: [],
      kept: [],
      message: '已改为按事项期限（每项任务在其完成时限报送一次）：新增 0 个月，移除 0 个月',
    });
    expect(await periodsOf(planId)).toEqual(before);
    const same = await thrown(setPlanCadence(ctx(admin()), { planId, cadence: 'per_item' }));
    expect(same).toBeInstanceOf(RefusalError);
    expect(same.message).toMatch(/已是按事项期限/);
    expect(await setPlanCadence(ctx(admin()), { planId, cadence: 'monthly' })).toEqual({ ok: true, cadence: 'monthly', added: [], removed: [], kept: [], message: '已改为按月调度：新增 0 个月，移除 0 个月' });
    expect(await monthsOf(planId)).toEqual(before.map((p) => p.month));

    const quarterly = await addPlan('quarterly', '2023-09-18');
    expect(await setPlanCadence(ctx(admin()), { planId: quarterly, cadence: 'per_item' })).toMatchObject({ added: ['2023-10', '2023-11'] });
    expect(await monthsOf(quarterly)).toEqual(['2023-09', '2023-10', '2023-11', '2023-12']);
    // A new per-item list gets monthly periods.
    expect(await monthsOf(await addPlan('per_item', '2023-10-08'))).toEqual(['2023-10', '2023-11', '2023-12']);
  });

  it('refuses the same cadence, an archived list, and anyone but the office, writing nothing', async () => {
    const planId = await addPlan('monthly', '2023-09-18');
    const before = await monthsOf(planId);
    const audits = await auditRows();
    const same = await thrown(setPlanCadence(ctx(admin()), { planId, cadence: 'monthly' }));
    expect(same).toBeInstanceOf(RefusalError);
    expect(same.message).toMatch(/已是按月调度/);
    await expect(setPlanCadence(ctx(leader()), { planId, cadence: 'quarterly' })).rejects.toThrow(ForbiddenError);
    await expect(setPlanCadence(ctx(await actorFor(db(), 'reporter', null, 4)), { planId, cadence: 'quarterly' })).rejects.toThrow(ForbiddenError);
    // An unknown cadence never reaches the service: the action's schema refuses it.
    expect(planCadenceSchema.safeParse({ planId, cadence: 'weekly' }).success).toBe(false);
    expect(await thrown(setPlanCadence(ctx(admin()), { planId: 999_999, cadence: 'quarterly' }))).toBeInstanceOf(NotFoundError);
    await db().update(plans).set({ status: 'archived' }).where(eq(plans.id, planId));
    const archived = await thrown(setPlanCadence(ctx(admin()), { planId, cadence: 'quarterly' }));
    expect(archived).toBeInstanceOf(RefusalError);
    expect(archived.message).toMatch(/已归档/);
    expect(await monthsOf(planId)).toEqual(before);
    expect((await db().select({ cadence: plans.cadence }).from(plans).where(eq(plans.id, planId)))[0]!.cadence).toBe('monthly');
    expect(await auditRows()).toBe(audits);
  });
});
