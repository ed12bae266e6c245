import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { contributions, plans, reportingPeriods, reports, type PlanCadence, type ReportingPeriod } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan } from '@/lib/auth/permissions';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Reader, type Tx } from '@/lib/db';
import { ownDistrictId } from '@/lib/districts/district-scope';
import { NotFoundError, RefusalError } from '@/lib/errors';
import { ok, type Result } from '@/lib/result';
import type { PeriodDeadlinesInput, PeriodRangeInput, PlanCadenceInput } from './calendar-schemas';
import {
  CADENCE_LABELS,
  defaultPeriodOf,
  defaultPeriods,
  defaultStartMonth,
  monthsBetween,
  monthsForCadence,
  pickCurrentPeriod,
  monthDate,
  quarterEnd,
  quarterStart,
} from './calendar';

/**
 * Creates the default periods of a plan that has none (on import): every month from the issue month
 * to December for a monthly or per-item list; March, June, September and December for a quarterly one.
 * Runs in the caller's transaction.
 */
export async function ensureDefaultPeriods(tx: Tx, plan: { id: number; year: number; issuedOn: string | null; cadence: PlanCadence }): Promise<void> {
  const [row] = await tx.select({ n: count() }).from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id));
  if ((row?.n ?? 0) > 0) return;
  for (const p of defaultPeriods(plan.year, plan.issuedOn, plan.cadence === 'quarterly' ? 'quarterly' : 'monthly')) {
    await tx.insert(reportingPeriods).values({ planId: plan.id, ...p }).onConflictDoNothing();
  }
}

/*
 * The reads below take lists their caller already holds (a plan in view, read with its district):
 * they add no district of their own. The writes (调度日历, a district's) check the district.
 */

export async function listPeriods(db: Reader, planId: number): Promise<ReportingPeriod[]> {
  return db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month));
}

/** The periods of several lists, by month then in the order of the lists given. */
export async function listPeriodsOfPlans(db: Reader, planIds: readonly number[]): Promise<ReportingPeriod[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .select()
    .from(reportingPeriods)
    .where(inArray(reportingPeriods.planId, [...planIds]));
  return rows.sort((a, b) => a.month.localeCompare(b.month) || planIds.indexOf(a.planId) - planIds.indexOf(b.planId));
}

/** The periods of one month (YYYY-MM) across lists, in the order of the lists given. */
export async function periodsOfMonth(db: Reader, planIds: readonly number[], month: string): Promise<ReportingPeriod[]> {
  if (planIds.length === 0) return [];
  const rows = await db
    .select()
    .from(reportingPeriods)
    .where(and(inArray(reportingPeriods.planId, [...planIds]), eq(reportingPeriods.month, month)));
  return rows.sort((a, b) => planIds.indexOf(a.planId) - planIds.indexOf(b.planId));
}

export async function currentPeriodOf(db: Reader, planId: number, today: string): Promise<ReportingPeriod | null> {
  return pickCurrentPeriod(await listPeriods(db, planId), today);
}

/** 调整截止日期 (e.g. around holidays). Admin only. Audited, in one transaction. */
export async function updatePeriodDeadlines(ctx: ServiceContext, input: PeriodDeadlinesInput): Promise<Result<ReportingPeriod & { message: string }>> {
  assertCan(ctx.actor, 'calendar.manage');
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    // Through its list: a period of another district's list is not found, as a missing one.
    const [found] = await tx
      .select({ period: reportingPeriods })
      .from(reportingPeriods)
      .innerJoin(plans, eq(plans.id, reportingPeriods.planId))
      .where(and(eq(reportingPeriods.id, input.periodId), eq(plans.districtId, districtId)))
      .limit(1);
    if (!found) throw new NotFoundError('找不到该调度周期');
    const { period } = found;
    // A deadline far from its month is almost certainly a typo.
    const earliest = `${period.month}-01`;
    const latest = monthDate(nextMonth(nextMonth(period.month)), 1);
    for (const d of [input.contributionDeadline, input.leadDeadline]) {
      if (d < earliest || d >= latest) throw new RefusalError(`截止日期须在 ${period.month} 月初至次月底之间`);
    }
    const deadlines = { contributionDeadline: input.contributionDeadline, leadDeadline: input.leadDeadline };
    await tx.update(reportingPeriods).set(deadlines).where(eq(reportingPeriods.id, period.id));
    await writeAudit(
      tx,
      ctx.actor,
      {
        action: 'calendar.update',
        entityType: 'period',
        entityId: period.id,
        detail: {
          planId: period.planId,
          month: period.month,
          from: { contributionDeadline: period.contributionDeadline, leadDeadline: period.leadDeadline },
          to: deadlines,
        },
      },
      ctx.meta,
      ctx.now,
    );
    return ok({ ...period, ...deadlines, message: '截止日期已保存' });
  });
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Sets which months are reporting periods: the months of the range that the list's cadence reports
 * in (all of them, or March/June/September/December). New months get the default deadlines; months
 * taken out are removed only if nobody has reported in them yet. Audited, in one transaction.
 */
export async function setPeriodRange(ctx: ServiceContext, input: PeriodRangeInput): Promise<Result<{ added: string[]; removed: string[]; message: string }>> {
  assertCan(ctx.actor, 'calendar.manage');
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    const [plan] = await tx
      .select()
      .from(plans)
      .where(and(eq(plans.id, input.planId), eq(plans.districtId, districtId)))
      .limit(1);
    if (!plan) throw new NotFoundError('找不到该年度任务清单');
    const range = monthsBetween(input.from, input.to);
    if (range.length > 24) throw new RefusalError('调度周期最多 24 个月');
    const wanted = monthsForCadence(range, plan.cadence);
    if (wanted.length === 0) throw new RefusalError('该范围内没有季度调度月份（3、6、9、12 月）');
    const existing = await tx.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id));
    const toRemove = existing.filter((p) => !wanted.includes(p.month));
    if (toRemove.length) {
      const ids = toRemove.map((p) => p.id);
      if ((await usedPeriodIds(tx, ids)).size > 0) throw new RefusalError('要移除的月份中已有填报内容，不能移除');
      await tx.delete(reportingPeriods).where(and(eq(reportingPeriods.planId, plan.id), inArray(reportingPeriods.id, ids)));
    }
    const have = new Set(existing.map((p) => p.month));
    const added = wanted.filter((m) => !have.has(m));
    for (const month of added) await tx.insert(reportingPeriods).values({ planId: plan.id, ...defaultPeriodOf(month) });
    const removed = toRemove.map((p) => p.month);
    await writeAudit(
      tx,
      ctx.actor,
      { action: 'calendar.update', entityType: 'plan', entityId: plan.id, detail: { code: plan.code, from: input.from, to: input.to, added, removed } },
      ctx.meta,
      ctx.now,
    );
    return ok({ added, removed, message: `已更新：新增 ${added.length} 个月，移除 ${removed.length} 个月` });
  });
}

export type CadenceChange = { cadence: PlanCadence; added: string[]; removed: string[]; kept: string[] };

/**
 * Changes a list's 调度周期. The list keeps its range of months: monthly → quarterly removes the
 * months other than March/June/September/December, quarterly → monthly (or per item) adds the
 * months between (from the start of the first quarter, not before the issue month); monthly ↔ per
 * item keeps the monthly periods as they are. A month that already has
 * reports or parts is kept (it is history); new months get the default deadlines. Audited, in one
 * transaction.
 */
export async function setPlanCadence(ctx: ServiceContext, input: PlanCadenceInput): Promise<Result<CadenceChange & { message: string }>> {
  assertCan(ctx.actor, 'plans.manage');
  const districtId = ownDistrictId(ctx.actor);
  return transaction(ctx.db, async (tx) => {
    const [plan] = await tx
      .select()
      .from(plans)
      .where(and(eq(plans.id, input.planId), eq(plans.districtId, districtId)))
      .limit(1);
    if (!plan) throw new NotFoundError('找不到该任务清单或已归档');
    if (plan.status === 'archived') throw new RefusalError('找不到该任务清单或已归档');
    if (plan.cadence === input.cadence) throw new RefusalError(`该清单已是${CADENCE_LABELS[input.cadence]}`);
    const existing = await tx.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.month));
    let wanted: string[];
    if (plan.status === 'draft') {
      // A draft gets its calendar when it is published (from that month on): only the cadence is stored now.
      wanted = existing.map((p) => p.month);
    } else if (existing.length === 0) {
      wanted = defaultPeriods(plan.year, plan.issuedOn, input.cadence).map((p) => p.month);
    } else if (plan.cadence !== 'quarterly' && input.cadence !== 'quarterly') {
      // Monthly ↔ per item: both report in monthly periods, which stay as they are.
      wanted = existing.map((p) => p.month);
    } else {
      const first = existing[0]!.month;
      const last = existing.at(-1)!.month;
      wanted =
        input.cadence === 'quarterly'
          ? monthsForCadence(monthsBetween(first, quarterEnd(last)), 'quarterly')
          : monthsBetween(minMonth(first, maxMonth(quarterStart(first), defaultStartMonth(plan.year, plan.issuedOn))), last);
    }
    const off = existing.filter((p) => !wanted.includes(p.month));
    const usedIds = await usedPeriodIds(
      tx,
      off.map((p) => p.id),
    );
    const toRemove = off.filter((p) => !usedIds.has(p.id));
    const kept = off.filter((p) => usedIds.has(p.id)).map((p) => p.month);
    if (toRemove.length) {
      await tx.delete(reportingPeriods).where(
        and(
          eq(reportingPeriods.planId, plan.id),
          inArray(
            reportingPeriods.id,
            toRemove.map((p) => p.id),
          ),
        ),
      );
    }
    const have = new Set(existing.map((p) => p.month));
    const added = wanted.filter((m) => !have.has(m));
    for (const month of added) await tx.insert(reportingPeriods).values({ planId: plan.id, ...defaultPeriodOf(month) });
    await tx.update(plans).set({ cadence: input.cadence }).where(and(eq(plans.id, plan.id), eq(plans.districtId, districtId)));
    const removed = toRemove.map((p) => p.month);
    await writeAudit(
      tx,
      ctx.actor,
      { action: 'plan.cadence', entityType: 'plan', entityId: plan.id, detail: { code: plan.code, from: plan.cadence, to: input.cadence, added, removed, kept } },
      ctx.meta,
      ctx.now,
    );
    const keptText = kept.length ? `，保留已有填报的 ${kept.length} 个月` : '';
    return ok({
      cadence: input.cadence,
      added,
      removed,
      kept,
      message: `已改为${CADENCE_LABELS[input.cadence]}：新增 ${added.length} 个月，移除 ${removed.length} 个月${keptText}`,
    });
  });
}

/** The periods among `ids` that have a report or a part. */
async function usedPeriodIds(db: Reader, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const withReports = await db.selectDistinct({ id: reports.periodId }).from(reports).where(inArray(reports.periodId, ids));
  const withParts = await db.selectDistinct({ id: contributions.periodId }).from(contributions).where(inArray(contributions.periodId, ids));
  return new Set([...withReports, ...withParts].map((r) => r.id));
}

const minMonth = (a: string, b: string) => (a < b ? a : b);
const maxMonth = (a: string, b: string) => (a > b ? a : b);
