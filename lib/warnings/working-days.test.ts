import { describe, expect, it } from 'vitest';
import { addWorkingDays, DEFAULT_WORK_CALENDAR, isWorkingDay, type WorkCalendar, workingDaysBetween } from './working-days';

const cal = (holidays: string[] = [], extraWorkdays: string[] = []): WorkCalendar => ({
  holidays: new Set(holidays),
  extraWorkdays: new Set(extraWorkdays),
});

// 2023 国庆/中秋: 9月29日至10月6日放假，10月7日（周六）、10月8日（周日）上班。
const NATIONAL_DAY_2023 = cal(
  ['2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06'],
  ['2023-10-07', '2023-10-08'],
);

/** Reference implementation: walk day by day. */
function bruteForceBetween(from: string, to: string, c: WorkCalendar): number {
  let n = 0;
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= end; t += 86_400_000) {
    if (isWorkingDay(new Date(t).toISOString().slice(0, 10), c)) n += 1;
  }
  return n;
}

describe('isWorkingDay', () => {
  it('is Monday to Friday by default', () => {
    // 2023-11-13 is a Monday.
    expect(['13', '14', '15', '16', '17', '18', '19'].map((d) => isWorkingDay(`2023-11-${d}`, DEFAULT_WORK_CALENDAR))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('a weekday holiday is not a working day, a 调休 weekend day is', () => {
    expect(isWorkingDay('2023-10-02', NATIONAL_DAY_2023)).toBe(false); // Monday, 国庆
    expect(isWorkingDay('2023-10-07', NATIONAL_DAY_2023)).toBe(true); // Saturday, 调休
    expect(isWorkingDay('2023-10-08', NATIONAL_DAY_2023)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2023-10-14', NATIONAL_DAY_2023)).toBe(false); // an ordinary Saturday
  });

  it('holiday wins when a date is listed in both sets', () => {
    expect(isWorkingDay('2023-10-07', cal(['2023-10-07'], ['2023-10-07']))).toBe(false);
  });

  it('does not depend on the process time zone (UTC arithmetic)', () => {
    // Sunday 2023-01-01; in a UTC+8 local-time bug it might read as Saturday/Monday.
    expect(isWorkingDay('2023-01-01', DEFAULT_WORK_CALENDAR)).toBe(false);
    expect(isWorkingDay('2023-01-02', DEFAULT_WORK_CALENDAR)).toBe(true);
  });

  it('rejects malformed dates', () => {
    expect(() => isWorkingDay('2023-02-30', DEFAULT_WORK_CALENDAR)).toThrow(RangeError);
    expect(() => isWorkingDay('2023/11/16', DEFAULT_WORK_CALENDAR)).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('n = 0 returns the date itself, even on a weekend', () => {
    expect(addWorkingDays('2023-11-16', 0, DEFAULT_WORK_CALENDAR)).toBe('2023-11-16');
    expect(addWorkingDays('2023-11-18', 0, DEFAULT_WORK_CALENDAR)).toBe('2023-11-18');
  });

  it('skips the weekend', () => {
    expect(addWorkingDays('2023-11-16', 1, DEFAULT_WORK_CALENDAR)).toBe('2023-11-17'); // Thu → Fri
    expect(addWorkingDays('2023-11-16', 2, DEFAULT_WORK_CALENDAR)).toBe('2023-11-20'); // → Mon
    expect(addWorkingDays('2023-11-16', 5, DEFAULT_WORK_CALENDAR)).toBe('2023-11-23'); // → Thu
    expect(addWorkingDays('2023-11-18', 1, DEFAULT_WORK_CALENDAR)).toBe('2023-11-20'); // Sat → Mon
  });

  it('skips holidays and counts 调休 days', () => {
    // Wed 27 Sep: Thu 28 is day 1, then 国庆, then Sat 7 Oct (调休) day 2, Sun 8 day 3, Mon 9 day 4, Tue 10 day 5.
    expect(addWorkingDays('2023-09-27', 1, NATIONAL_DAY_2023)).toBe('2023-09-28');
    expect(addWorkingDays('2023-09-27', 2, NATIONAL_DAY_2023)).toBe('2023-10-07');
    expect(addWorkingDays('2023-09-27', 5, NATIONAL_DAY_2023)).toBe('2023-10-10');
  });

  it('crosses month and year boundaries', () => {
    expect(addWorkingDays('2023-12-29', 1, DEFAULT_WORK_CALENDAR)).toBe('2024-01-01');
    expect(addWorkingDays('2024-02-28', 1, DEFAULT_WORK_CALENDAR)).toBe('2024-02-29');
  });

  it('rejects negative or fractional n', () => {
    expect(() => addWorkingDays('2023-11-16', -1, DEFAULT_WORK_CALENDAR)).toThrow(RangeError);
    expect(() => addWorkingDays('2023-11-16', 1.5, DEFAULT_WORK_CALENDAR)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts from < d ≤ to', () => {
    expect(workingDaysBetween('2023-11-16', '2023-11-16', DEFAULT_WORK_CALENDAR)).toBe(0);
    expect(workingDaysBetween('2023-11-16', '2023-11-17', DEFAULT_WORK_CALENDAR)).toBe(1);
    expect(workingDaysBetween('2023-11-16', '2023-11-19', DEFAULT_WORK_CALENDAR)).toBe(1); // Sat/Sun don't count
    expect(workingDaysBetween('2023-11-16', '2023-11-20', DEFAULT_WORK_CALENDAR)).toBe(2);
    expect(workingDaysBetween('2023-11-16', '2023-11-23', DEFAULT_WORK_CALENDAR)).toBe(5);
    expect(workingDaysBetween('2023-11-16', '2023-11-24', DEFAULT_WORK_CALENDAR)).toBe(6);
  });

  it('is 0 when to ≤ from', () => {
    expect(workingDaysBetween('2023-11-24', '2023-11-16', DEFAULT_WORK_CALENDAR)).toBe(0);
  });

  it('applies holidays and 调休 days inside the range only', () => {
    expect(workingDaysBetween('2023-09-27', '2023-10-10', NATIONAL_DAY_2023)).toBe(5);
    expect(workingDaysBetween('2023-09-27', '2023-10-06', NATIONAL_DAY_2023)).toBe(1);
    // The range excludes `from` and includes `to`.
    expect(workingDaysBetween('2023-10-07', '2023-10-08', NATIONAL_DAY_2023)).toBe(1);
    expect(workingDaysBetween('2023-10-06', '2023-10-07', NATIONAL_DAY_2023)).toBe(1);
  });

  it('ignores malformed calendar entries', () => {
    expect(workingDaysBetween('2023-11-16', '2023-11-23', cal(['bogus', '2023-02-30'], ['x']))).toBe(5);
  });

  it('a weekend holiday or a weekday 调休 entry changes nothing', () => {
    expect(workingDaysBetween('2023-11-16', '2023-11-23', cal(['2023-11-18'], ['2023-11-21']))).toBe(5);
  });

  it('matches a day-by-day count over many ranges', () => {
    const c = cal(['2023-10-02', '2023-12-25', '2024-01-01', '2024-02-12'], ['2023-10-07', '2024-02-04', '2024-02-18']);
    const starts = ['2023-09-28', '2023-10-01', '2023-10-07', '2023-12-30', '2024-02-03'];
    for (const from of starts) {
      for (let k = 0; k <= 40; k += 1) {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + k * 86_400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(from, to, c), `${from} → ${to}`).toBe(bruteForceBetween(from, to, c));
      }
    }
    expect(workingDaysBetween('2023-01-01', '2023-12-31', DEFAULT_WORK_CALENDAR)).toBe(260);
  });

  it('is the inverse of addWorkingDays', () => {
    for (let n = 0; n <= 12; n += 1) {
      expect(workingDaysBetween('2023-09-27', addWorkingDays('2023-09-27', n, NATIONAL_DAY_2023), NATIONAL_DAY_2023)).toBe(n);
    }
  });
});
