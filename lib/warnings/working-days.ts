/**
 * Working-day arithmetic for the warning rules. Dates are 'YYYY-MM-DD' strings (Beijing calendar
 * dates); all arithmetic is done in UTC on the date itself, never in local time.
 */

/** 法定节假日 (holidays) and 调休上班日 (weekend days that are working days). */
export type WorkCalendar = { holidays: ReadonlySet<string>; extraWorkdays: ReadonlySet<string> };

export const DEFAULT_WORK_CALENDAR: WorkCalendar = Object.freeze({
  holidays: new Set<string>() as ReadonlySet<string>,
  extraWorkdays: new Set<string>() as ReadonlySet<string>,
});

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 (UTC) of a 'YYYY-MM-DD' date, or null if it is not a real date. */
function parseDayNumber(date: string): number | null {
  if (!DATE_RE.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms / DAY_MS;
}

function toDayNumber(date: string): number {
  const day = parseDayNumber(date);
  if (day === null) throw new RangeError(`无效日期：${date}`);
  return day;
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Sunday or Saturday. 1970-01-01 (day 0) was a Thursday. */
function isWeekendDay(day: number): boolean {
  const dow = (((day + 4) % 7) + 7) % 7; // 0 = Sunday
  return dow === 0 || dow === 6;
}

/**
 * Mon–Fri unless a holiday; Sat/Sun only if a 调休 working day. A date listed in both sets is
 * treated as a holiday.
 */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.holidays.has(date)) return false;
  return !isWeekendDay(toDayNumber(date)) || cal.extraWorkdays.has(date);
}

/** The n-th working day after `date` (n ≥ 0; n = 0 returns `date` itself, working day or not). */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数必须为非负整数：${n}`);
  let day = toDayNumber(date);
  let left = n;
  while (left > 0) {
    day += 1;
    if (isWorkingDay(fromDayNumber(day), cal)) left -= 1;
  }
  return fromDayNumber(day);
}

/** Mon–Fri days d with from < d ≤ to, ignoring the calendar's exceptions. */
function weekdaysBetween(from: number, to: number): number {
  const total = to - from;
  const weeks = Math.floor(total / 7);
  let count = weeks * 5;
  for (let day = from + weeks * 7 + 1; day <= to; day += 1) {
    if (!isWeekendDay(day)) count += 1;
  }
  return count;
}

/** The number of working days d with from < d ≤ to (0 if to ≤ from). */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b <= a) return 0;
  let count = weekdaysBetween(a, b);
  // The exception lists are short (a few dozen dates a year): adjust for those inside the range.
  // Malformed entries are ignored.
  for (const h of cal.holidays) {
    const day = parseDayNumber(h);
    if (day !== null && day > a && day <= b && !isWeekendDay(day)) count -= 1;
  }
  for (const w of cal.extraWorkdays) {
    const day = parseDayNumber(w);
    if (day !== null && day > a && day <= b && isWeekendDay(day) && !cal.holidays.has(w)) count += 1;
  }
  return count;
}
