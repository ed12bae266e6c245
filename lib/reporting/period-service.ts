import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, plans, reportingPeriods, reports, type PlanCadence, type ReportingPeriod } from '@/db/schema';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { periodDeadlinesSchema, periodRangeSchema, planCadenceSchema, type PeriodDeadlinesInput, type PeriodRangeInput } from './calendar-schemas';
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

type DbOrTx = Pick<AppDatabase, 'select' | 'insert' | 'update' | 'delete'>;
type Reader = Pick<AppDatabase, 'select'>;

/**
 * Creates the default periods of a plan that has none (on import): every month from the issue month
 * to December for a monthly or per-item list; March, June, September and December for a quarterly one.
 */
export function ensureDefaultPeriods(db: DbOrTx, plan: { id: number; year: number; issuedOn: string | null; cadence: PlanCadence }): void {
  const existing = db.select({ n: count() }).from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).get()?.n ?? 0;
  if (existing > 0) return;
  for (const p of defaultPeriods(plan.year, plan.issuedOn, plan.cadence === 'quarterly' ? 'quarterly' : 'monthly')) {
    db.insert(reportingPeriods).values({ planId: plan.id, ...p }).onConflictDoNothing().run();
  }
}

export function listPeriods(db: Reader, planId: number): ReportingPeriod[] {
  return db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month)).all();
}

/** The periods of several lists, by month then in the order of the lists given. */
export function listPeriodsOfPlans(db: Reader, planIds: readonly number[]): ReportingPeriod[] {
  if (planIds.length === 0) return [];
  return db
    .select()
    .from(reportingPeriods)
    .where(inArray(reportingPeriods.planId, [...planIds]))
    .all()
    .sort((a, b) => a.month.localeCompare(b.month) || planIds.indexOf(a.planId) - planIds.indexOf(b.planId));
}

/** The periods of one month (YYYY-MM) across lists, in the order of the lists given. */
export function periodsOfMonth(db: Reader, planIds: readonly number[], month: string): ReportingPeriod[] {
  if (planIds.length === 0) return [];
  return db
    .select()
    .from(reportingPeriods)
    .where(and(inArray(reportingPeriods.planId, [...planIds]), eq(reportingPeriods.month, month)))
    .all()
    .sort((a, b) => planIds.indexOf(a.planId) - planIds.indexOf(b.planId));
}

export function currentPeriodOf(db: AppDatabase, planId: number, today: string): ReportingPeriod | null {
  return pickCurrentPeriod(listPeriods(db, planId), today);
}

/** 调整截止日期 (e.g. around holidays). Admin only. */
export function updatePeriodDeadlines(db: AppDatabase, actor: Actor, input: PeriodDeadlinesInput): ReportingPeriod {
  assertCan(actor, 'calendar.manage');
  const data = periodDeadlinesSchema.parse(input);
  const period = db.select().from(reportingPeriods).where(eq(reportingPeriods.id, data.periodId)).get();
  if (!period) throw new Error('找不到该调度周期');
  // A deadline far from its month is almost certainly a typo.
  const earliest = `${period.month}-01`;
  const latest = monthDate(nextMonth(nextMonth(period.month)), 1);
  for (const d of [data.contributionDeadline, data.leadDeadline]) {
    if (d < earliest || d >= latest) throw new Error(`截止日期须在 ${period.month} 月初至次月底之间`);
  }
  db.update(reportingPeriods)
    .set({ contributionDeadline: data.contributionDeadline, leadDeadline: data.leadDeadline })
    .where(eq(reportingPeriods.id, period.id))
    .run();
  return { ...period, ...data };
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Sets which months are reporting periods: the months of the range that the list's cadence reports
 * in (all of them, or March/June/September/December). New months get the default deadlines; months
 * taken out are removed only if nobody has reported in them yet.
 */
export function setPeriodRange(db: AppDatabase, actor: Actor, input: PeriodRangeInput): { added: string[]; removed: string[] } {
  assertCan(actor, 'calendar.manage');
  const data = periodRangeSchema.parse(input);
  const plan = db.select().from(plans).where(eq(plans.id, data.planId)).get();
  if (!plan) throw new Error('找不到该年度任务清单');
  const range = monthsBetween(data.from, data.to);
  if (range.length > 24) throw new Error('调度周期最多 24 个月');
  const wanted = monthsForCadence(range, plan.cadence);
  if (wanted.length === 0) throw new Error('该范围内没有季度调度月份（3、6、9、12 月）');
  return db.transaction(
    (tx) => {
      const existing = tx.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).all();
      const toRemove = existing.filter((p) => !wanted.includes(p.month));
      if (toRemove.length) {
        const ids = toRemove.map((p) => p.id);
        const used =
          (tx.select({ n: count() }).from(reports).where(inArray(reports.periodId, ids)).get()?.n ?? 0) +
          (tx.select({ n: count() }).from(contributions).where(inArray(contributions.periodId, ids)).get()?.n ?? 0);
        if (used > 0) throw new Error('要移除的月份中已有填报内容，不能移除');
        tx.delete(reportingPeriods).where(and(eq(reportingPeriods.planId, plan.id), inArray(reportingPeriods.id, ids))).run();
      }
      const have = new Set(existing.map((p) => p.month));
      const added = wanted.filter((m) => !have.has(m));
      for (const month of added) tx.insert(reportingPeriods).values({ planId: plan.id, ...defaultPeriodOf(month) }).run();
      return { added, removed: toRemove.map((p) => p.month) };
    },
    { behavior: 'immediate' },
  );
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
export function setPlanCadence(db: AppDatabase, actor: Actor, raw: unknown, at: Date, meta: RequestMeta = NO_META): CadenceChange {
  assertCan(actor, 'plans.manage');
  const data = planCadenceSchema.parse(raw);
  return db.transaction(
    (tx) => {
      const plan = tx.select().from(plans).where(eq(plans.id, data.planId)).get();
      if (!plan || plan.status === 'archived') throw new Error('找不到该任务清单或已归档');
      if (plan.cadence === data.cadence) throw new Error(`该清单已是${CADENCE_LABELS[data.cadence]}`);
      const existing = tx.select().from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).orderBy(asc(reportingPeriods.month)).all();
      let wanted: string[];
      if (plan.status === 'draft') {
        // A draft gets its calendar when it is published (from that month on): only the cadence is stored now.
        wanted = existing.map((p) => p.month);
      } else if (existing.length === 0) {
        wanted = defaultPeriods(plan.year, plan.issuedOn, data.cadence).map((p) => p.month);
      } else if (plan.cadence !== 'quarterly' && data.cadence !== 'quarterly') {
        // Monthly ↔ per item: both report in monthly periods, which stay as they are.
        wanted = existing.map((p) => p.month);
      } else {
        const first = existing[0]!.month;
        const last = existing.at(-1)!.month;
        wanted =
          data.cadence === 'quarterly'
            ? monthsForCadence(monthsBetween(first, quarterEnd(last)), 'quarterly')
            : monthsBetween(minMonth(first, maxMonth(quarterStart(first), defaultStartMonth(plan.year, plan.issuedOn))), last);
      }
      const off = existing.filter((p) => !wanted.includes(p.month));
      const usedIds = usedPeriodIds(
        tx,
        off.map((p) => p.id),
      );
      const toRemove = off.filter((p) => !usedIds.has(p.id));
      const kept = off.filter((p) => usedIds.has(p.id)).map((p) => p.month);
      if (toRemove.length) {
        tx.delete(reportingPeriods)
          .where(
            and(
              eq(reportingPeriods.planId, plan.id),
              inArray(
                reportingPeriods.id,
                toRemove.map((p) => p.id),
              ),
            ),
          )
          .run();
      }
      const have = new Set(existing.map((p) => p.month));
      const added = wanted.filter((m) => !have.has(m));
      for (const month of added) tx.insert(reportingPeriods).values({ planId: plan.id, ...defaultPeriodOf(month) }).run();
      tx.update(plans).set({ cadence: data.cadence }).where(eq(plans.id, plan.id)).run();
      const removed = toRemove.map((p) => p.month);
      writeAudit(
        tx,
        actor,
        { action: 'plan.cadence', entityType: 'plan', entityId: plan.id, detail: { code: plan.code, from: plan.cadence, to: data.cadence, added, removed, kept } },
        meta,
        at,
      );
      return { cadence: data.cadence, added, removed, kept };
    },
    { behavior: 'immediate' },
  );
}

/** The periods among `ids` that have a report or a part. */
function usedPeriodIds(db: Pick<AppDatabase, 'selectDistinct'>, ids: number[]): Set<number> {
  if (ids.length === 0) return new Set();
  const withReports = db.selectDistinct({ id: reports.periodId }).from(reports).where(inArray(reports.periodId, ids)).all();
  const withParts = db.selectDistinct({ id: contributions.periodId }).from(contributions).where(inArray(contributions.periodId, ids)).all();
  return new Set([...withReports, ...withParts].map((r) => r.id));
}

const minMonth = (a: string, b: string) => (a < b ? a : b);
const maxMonth = (a: string, b: string) => (a > b ? a : b);
