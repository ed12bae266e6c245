import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, plans, reportingPeriods, reports, sections, tasks, units, type PlanCadence } from '@/db/schema';
import { ForbiddenError } from '@/lib/auth/permissions';
import { actorFor, createTempDb } from '@/lib/testing/temp-db';
import { ensureDefaultPeriods, listPeriodsOfPlans, periodsOfMonth, setPeriodRange, setPlanCadence } from './period-service';

let env: ReturnType<typeof createTempDb>;
const AT = new Date('2023-11-22T09:30:00+08:00');
const admin = () => actorFor(env.db, 'admin', null, 1);
const supervisor = () => actorFor(env.db, 'supervisor', null, 2);
const leader = () => actorFor(env.db, 'leader', null, 3);
let seq = 0;

function addPlan(cadence: PlanCadence, issuedOn: string | null, ensure = true): number {
  seq += 1;
  const id = db()
    .insert(plans)
    .values({ code: `测试〔2023〕${seq}号`, title: `测试清单${seq}`, shortName: `清单${seq}`, cadence, year: 2023, issuedOn, sourceHash: `h${seq}` })
    .returning({ id: plans.id })
    .get().id;
  if (ensure) ensureDefaultPeriods(db(), { id, year: 2023, issuedOn, cadence });
  return id;
}
const db = () => env.db;
const monthsOf = (planId: number) =>
  db()
    .select({ month: reportingPeriods.month })
    .from(reportingPeriods)
    .where(eq(reportingPeriods.planId, planId))
    .orderBy(asc(reportingPeriods.month))
    .all()
    .map((p) => p.month);

/** A report in the plan's period of that month, so that the month counts as used. */
function reportIn(planId: number, month: string) {
  const unitId = db().insert(units).values({ name: `测试单位${planId}-${month}` }).returning({ id: units.id }).get().id;
  const sectionId = db().insert(sections).values({ planId, no: Number(month.slice(5)), numeral: '一', title: '部分' }).returning({ id: sections.id }).get().id;
  const taskId = db().insert(tasks).values({ planId, sectionId, no: Number(month.slice(5)), title: '任务', text: '任务' }).returning({ id: tasks.id }).get().id;
  const periodId = periodsOfMonth(db(), [planId], month)[0]!.id;
  db().insert(reports).values({ taskId, periodId, unitId, status: 'draft', updatedAt: AT }).run();
}

beforeAll(() => {
  env = createTempDb();
});
afterAll(() => env.cleanup());

describe('periods per list', () => {
  it('a monthly list gets every month from the issue month; a quarterly one March, June, September, December', () => {
    const monthly = addPlan('monthly', '2023-09-18');
    expect(monthsOf(monthly)).toEqual(['2023-09', '2023-10', '2023-11', '2023-12']);
    const quarterly = addPlan('quarterly', '2023-05-10');
    expect(monthsOf(quarterly)).toEqual(['2023-06', '2023-09', '2023-12']);
    const q = periodsOfMonth(db(), [quarterly], '2023-06')[0]!;
    expect(q).toMatchObject({ contributionDeadline: '2023-06-20', leadDeadline: '2023-06-25' });
    // Twice changes nothing.
    ensureDefaultPeriods(db(), { id: quarterly, year: 2023, issuedOn: '2023-05-10', cadence: 'quarterly' });
    expect(monthsOf(quarterly)).toHaveLength(3);
    // Across lists: by month, then in the order of the lists given.
    expect(periodsOfMonth(db(), [quarterly, monthly], '2023-09').map((p) => p.planId)).toEqual([quarterly, monthly]);
    expect(periodsOfMonth(db(), [quarterly, monthly], '2023-10').map((p) => p.planId)).toEqual([monthly]);
    expect(listPeriodsOfPlans(db(), [monthly, quarterly]).map((p) => `${p.month}:${p.planId === monthly ? 'm' : 'q'}`)).toEqual([
      '2023-06:q',
      '2023-09:m',
      '2023-09:q',
      '2023-10:m',
      '2023-11:m',
      '2023-12:m',
      '2023-12:q',
    ]);
    expect(listPeriodsOfPlans(db(), [])).toEqual([]);
  });

  it('the month range of a quarterly list keeps to its quarter months', () => {
    const quarterly = addPlan('quarterly', '2023-05-10');
    expect(setPeriodRange(db(), admin(), { planId: quarterly, from: '2023-01', to: '2023-12' })).toEqual({ added: ['2023-03'], removed: [] });
    expect(monthsOf(quarterly)).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    expect(() => setPeriodRange(db(), admin(), { planId: quarterly, from: '2023-10', to: '2023-11' })).toThrow(/没有季度调度月份/);
  });
});

describe('changing a list’s cadence', () => {
  it('monthly → quarterly removes the months without reports, keeps those with; and back', () => {
    const planId = addPlan('monthly', '2023-09-18');
    reportIn(planId, '2023-10');
    const r = setPlanCadence(db(), supervisor(), { planId, cadence: 'quarterly' }, AT, { ip: '10.0.0.5' });
    expect(r).toEqual({ cadence: 'quarterly', added: [], removed: ['2023-11'], kept: ['2023-10'] });
    expect(monthsOf(planId)).toEqual(['2023-09', '2023-10', '2023-12']);
    expect(db().select({ cadence: plans.cadence }).from(plans).where(eq(plans.id, planId)).get()!.cadence).toBe('quarterly');
    const audit = db().select().from(auditLog).where(eq(auditLog.action, 'plan.cadence')).all().at(-1)!;
    expect(audit).toMatchObject({ entityType: 'plan', entityId: planId, ip: '10.0.0.5', actorId: 2 });
    expect(JSON.parse(audit.detail!)).toMatchObject({ from: 'monthly', to: 'quarterly', removed: ['2023-11'], kept: ['2023-10'] });

    expect(setPlanCadence(db(), admin(), { planId, cadence: 'monthly' }, AT)).toEqual({ cadence: 'monthly', added: ['2023-11'], removed: [], kept: [] });
    expect(monthsOf(planId)).toEqual(['2023-09', '2023-10', '2023-11', '2023-12']);
  });

  it('quarterly → monthly fills the months from the issue month (the start of the first quarter at the earliest)', () => {
    const planId = addPlan('quarterly', '2023-05-10');
    expect(setPlanCadence(db(), admin(), { planId, cadence: 'monthly' }, AT).added).toEqual(['2023-05', '2023-07', '2023-08', '2023-10', '2023-11']);
    expect(monthsOf(planId)).toEqual(['2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10', '2023-11', '2023-12']);
    const fromJan = addPlan('quarterly', '2023-01-05');
    setPlanCadence(db(), admin(), { planId: fromJan, cadence: 'monthly' }, AT);
    expect(monthsOf(fromJan)[0]).toBe('2023-01');
    // A list without periods gets the new cadence's defaults.
    const empty = addPlan('monthly', '2023-02-01', false);
    expect(setPlanCadence(db(), admin(), { planId: empty, cadence: 'quarterly' }, AT).added).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
  });

  it('monthly ↔ per item (按事项期限) keeps the monthly periods as they are; quarterly → per item fills the months', () => {
    const planId = addPlan('monthly', '2023-03-01');
    // A range that starts mid-quarter (a switch from quarterly would add April here).
    setPeriodRange(db(), admin(), { planId, from: '2023-05', to: '2023-11' });
    const before = db().select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month)).all();
    expect(setPlanCadence(db(), supervisor(), { planId, cadence: 'per_item' }, AT)).toEqual({ cadence: 'per_item', added: [], removed: [], kept: [] });
    expect(db().select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month)).all()).toEqual(before);
    expect(() => setPlanCadence(db(), admin(), { planId, cadence: 'per_item' }, AT)).toThrow(/已是按事项期限/);
    expect(setPlanCadence(db(), admin(), { planId, cadence: 'monthly' }, AT)).toEqual({ cadence: 'monthly', added: [], removed: [], kept: [] });
    expect(monthsOf(planId)).toEqual(before.map((p) => p.month));

    const quarterly = addPlan('quarterly', '2023-09-18');
    expect(setPlanCadence(db(), admin(), { planId: quarterly, cadence: 'per_item' }, AT).added).toEqual(['2023-10', '2023-11']);
    expect(monthsOf(quarterly)).toEqual(['2023-09', '2023-10', '2023-11', '2023-12']);
    // A new per-item list gets monthly periods.
    expect(monthsOf(addPlan('per_item', '2023-10-08'))).toEqual(['2023-10', '2023-11', '2023-12']);
  });

  it('refuses the same cadence, an archived list, and anyone but the office', () => {
    const planId = addPlan('monthly', '2023-09-18');
    const before = monthsOf(planId);
    expect(() => setPlanCadence(db(), admin(), { planId, cadence: 'monthly' }, AT)).toThrow(/已是按月调度/);
    expect(() => setPlanCadence(db(), leader(), { planId, cadence: 'quarterly' }, AT)).toThrow(ForbiddenError);
    expect(() => setPlanCadence(db(), actorFor(db(), 'reporter', null, 4), { planId, cadence: 'quarterly' }, AT)).toThrow(ForbiddenError);
    expect(() => setPlanCadence(db(), admin(), { planId, cadence: 'weekly' }, AT)).toThrow();
    db().update(plans).set({ status: 'archived' }).where(eq(plans.id, planId)).run();
    expect(() => setPlanCadence(db(), admin(), { planId, cadence: 'quarterly' }, AT)).toThrow(/已归档/);
    expect(monthsOf(planId)).toEqual(before);
  });
});
