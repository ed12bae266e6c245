import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { AppDatabase } from '@/db/client';
import { contributions, plans, reportingPeriods, reports, type ReportingPeriod } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import { assertCan } from '@/lib/auth/permissions';
import { periodDeadlinesSchema, periodRangeSchema, type PeriodDeadlinesInput, type PeriodRangeInput } from './calendar-schemas';
import { defaultPeriods, monthsBetween, pickCurrentPeriod, monthDate, DEFAULT_CONTRIBUTION_DAY, DEFAULT_LEAD_DAY } from './calendar';

type DbOrTx = Pick<AppDatabase, 'select' | 'insert' | 'update' | 'delete'>;

/** Creates the default monthly periods of a plan that has none (on import). */
export function ensureDefaultPeriods(db: DbOrTx, plan: { id: number; year: number; issuedOn: string | null }): void {
  const existing = db.select({ n: count() }).from(reportingPeriods).where(eq(reportingPeriods.planId, plan.id)).get()?.n ?? 0;
  if (existing > 0) return;
  for (const p of defaultPeriods(plan.year, plan.issuedOn)) {
    db.insert(reportingPeriods).values({ planId: plan.id, ...p }).onConflictDoNothing().run();
  }
}

export function listPeriods(db: AppDatabase, planId: number): ReportingPeriod[] {
  return db.select().from(reportingPeriods).where(eq(reportingPeriods.planId, planId)).orderBy(asc(reportingPeriods.month)).all();
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
 * Sets which months are reporting periods. New months get the default deadlines; months taken out
 * are removed only if nobody has reported in them yet.
 */
export function setPeriodRange(db: AppDatabase, actor: Actor, input: PeriodRangeInput): { added: string[]; removed: string[] } {
  assertCan(actor, 'calendar.manage');
  const data = periodRangeSchema.parse(input);
  const plan = db.select().from(plans).where(eq(plans.id, data.planId)).get();
  if (!plan) throw new Error('找不到该年度任务清单');
  const wanted = monthsBetween(data.from, data.to);
  if (wanted.length > 24) throw new Error('调度周期最多 24 个月');
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
      for (const month of added) {
        tx.insert(reportingPeriods)
          .values({
            planId: plan.id,
            month,
            contributionDeadline: monthDate(month, DEFAULT_CONTRIBUTION_DAY),
            leadDeadline: monthDate(month, DEFAULT_LEAD_DAY),
          })
          .run();
      }
      return { added, removed: toRemove.map((p) => p.month) };
    },
    { behavior: 'immediate' },
  );
}
