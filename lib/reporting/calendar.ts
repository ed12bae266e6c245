/**
 * Reporting calendar: the periods of a list (monthly, quarterly, or monthly with one due date per
 * item) and their deadlines. Dates are
 * 'YYYY-MM-DD' strings in China Standard Time; a deadline day counts in full (until 23:59:59
 * Beijing time).
 */
import type { PlanCadence } from '@/db/schema';
import { APP_TIME_ZONE } from '@/lib/format';

export const DEFAULT_CONTRIBUTION_DAY = 20; // 参与单位 by the 20th
export const DEFAULT_LEAD_DAY = 25; // 牵头单位 by the 25th

export type PeriodDates = { month: string; contributionDeadline: string; leadDeadline: string };

const dateParts = new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date of an instant in Beijing. */
export function shanghaiDate(instant: Date): string {
  return dateParts.format(instant); // en-CA formats as YYYY-MM-DD
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function monthDate(month: string, day: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${pad(Math.min(day, daysInMonth(y, m)))}`;
}

/**
 * 调度周期: monthly, quarterly (reports in March, June, September and December only), or per item
 * (按事项期限: monthly periods, but each task is reported on once, in the month of its own deadline).
 */
export type Cadence = PlanCadence;

export const CADENCE_LABELS: Record<Cadence, string> = {
  monthly: '按月调度',
  quarterly: '按季度调度（3、6、9、12 月）',
  per_item: '按事项期限（每项任务在其完成时限报送一次）',
};

/** Whether a task is due in a period, and by when its lead report and its parts are due. */
export type DueInPeriod = { due: boolean; leadDeadline: string; contributionDeadline: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * THE rule of when a task is reported on. Monthly and quarterly lists: every task is due in every
 * period of the list, by the period's deadlines. A list of items (per_item): a task with a
 * deadline (完成时限) is due only in the period of its deadline's month — the lead report by the
 * deadline itself, the parts by the period's contribution deadline or the item's deadline,
 * whichever is earlier — and not in the other months; a task without a deadline is due every month
 * as on a monthly list. When not due, the deadlines returned are the item's own (the contribution
 * deadline by the default day of its month), for display only.
 */
export function dueInPeriod(
  plan: { cadence: Cadence },
  task: { deadline: string | null },
  period: Pick<PeriodDates, 'month' | 'leadDeadline' | 'contributionDeadline'>,
): DueInPeriod {
  const deadline = task.deadline;
  if (plan.cadence !== 'per_item' || !deadline || !ISO_DATE.test(deadline)) {
    return { due: true, leadDeadline: period.leadDeadline, contributionDeadline: period.contributionDeadline };
  }
  const month = deadline.slice(0, 7);
  const due = month === period.month;
  const contribution = due ? period.contributionDeadline : defaultPeriodOf(month).contributionDeadline;
  return { due, leadDeadline: deadline, contributionDeadline: contribution < deadline ? contribution : deadline };
}

/** A quarter's reporting month: March, June, September, December. */
export function isQuarterMonth(month: string): boolean {
  return Number(month.slice(5, 7)) % 3 === 0;
}

/** The months of a range that a list of this cadence reports in. */
export function monthsForCadence(months: readonly string[], cadence: Cadence): string[] {
  return cadence === 'quarterly' ? months.filter(isQuarterMonth) : [...months];
}

/** The first month of a month's quarter (2023-06 → 2023-04). */
export function quarterStart(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-${pad(m - ((m - 1) % 3))}`;
}

/** The reporting month of a month's quarter (2023-04 → 2023-06). */
export function quarterEnd(month: string): string {
  const m = Number(month.slice(5, 7));
  return `${month.slice(0, 4)}-${pad(m + ((3 - (m % 3)) % 3))}`;
}

/** The month the default calendar starts: the month the notice was issued, or January. */
export function defaultStartMonth(year: number, issuedOn: string | null): string {
  const startMonth = issuedOn && Number(issuedOn.slice(0, 4)) === year ? Number(issuedOn.slice(5, 7)) : 1;
  return `${year}-${pad(startMonth)}`;
}

/** A month's period with the default deadlines (参与单位 20 日, 牵头单位 25 日). */
export function defaultPeriodOf(month: string): PeriodDates {
  return { month, contributionDeadline: monthDate(month, DEFAULT_CONTRIBUTION_DAY), leadDeadline: monthDate(month, DEFAULT_LEAD_DAY) };
}

/**
 * Periods from the month the notice was issued (or January) to December of the plan year: every
 * month for a monthly list, March/June/September/December for a quarterly one.
 */
export function defaultPeriods(year: number, issuedOn: string | null, cadence: Cadence = 'monthly'): PeriodDates[] {
  return monthsForCadence(monthsBetween(defaultStartMonth(year, issuedOn), `${year}-12`), cadence).map(defaultPeriodOf);
}

/** Every YYYY-MM from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${pad(m)}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** The period of today's month; before the first period the first, after the last the last. */
export function pickCurrentPeriod<P extends { month: string }>(periods: readonly P[], today: string): P | null {
  if (periods.length === 0) return null;
  const sorted = [...periods].sort((a, b) => a.month.localeCompare(b.month));
  const month = today.slice(0, 7);
  const exact = sorted.find((p) => p.month === month);
  if (exact) return exact;
  // Between periods (a quarterly list in November): the latest one that has begun, never a future one.
  const begun = sorted.filter((p) => p.month <= month);
  return begun.at(-1) ?? sorted[0]!;
}

/** Whole days from today to the deadline: 0 on the day itself, negative once it has passed. */
export function daysUntil(deadline: string, today: string): number {
  return Math.round((Date.parse(`${deadline}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** The last instant of a deadline day in Beijing. */
export function deadlineEnd(deadline: string): Date {
  return new Date(`${deadline}T23:59:59.999+08:00`);
}

export function isOnTime(submittedAt: Date, deadline: string): boolean {
  return submittedAt.getTime() <= deadlineEnd(deadline).getTime();
}

/** Periods whose month has begun: reports can be written for them (not for future months). */
export function isPeriodOpen(month: string, today: string): boolean {
  return month <= today.slice(0, 7);
}

export function monthLabel(month: string): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

export function shortMonthLabel(month: string): string {
  return `${Number(month.slice(5, 7))}月`;
}

export function dateLabel(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/** How a deadline reads next to a task: 剩 3 天 / 今天截止 / 已逾期 2 天. */
export function deadlineHint(deadline: string, today: string): string {
  const d = daysUntil(deadline, today);
  if (d > 0) return `剩 ${d} 天`;
  if (d === 0) return '今天截止';
  return `已逾期 ${-d} 天`;
}
