import { describe, expect, it } from 'vitest';
import { daysUntil, deadlineEnd, deadlineHint, defaultPeriods, isOnTime, isPeriodOpen, monthsBetween, pickCurrentPeriod, quarterEnd, quarterStart, shanghaiDate, isQuarterMonth, monthsForCadence, dueInPeriod, defaultPeriodOf } from './calendar';

describe('reporting calendar', () => {
  it('runs from the month the notice was issued to December, deadlines on the 20th and 25th', () => {
    expect(defaultPeriods(2023, '2023-09-18')).toEqual([
      { month: '2023-09', contributionDeadline: '2023-09-20', leadDeadline: '2023-09-25' },
      { month: '2023-10', contributionDeadline: '2023-10-20', leadDeadline: '2023-10-25' },
      { month: '2023-11', contributionDeadline: '2023-11-20', leadDeadline: '2023-11-25' },
      { month: '2023-12', contributionDeadline: '2023-12-20', leadDeadline: '2023-12-25' },
    ]);
  });

  it('starts in January when the notice is from the year before or undated', () => {
    expect(defaultPeriods(2024, '2023-12-28')).toHaveLength(12);
    expect(defaultPeriods(2024, null)[0]!.month).toBe('2024-01');
  });

  it('a quarterly list reports in March, June, September and December, from the issue month on', () => {
    expect(defaultPeriods(2023, '2023-05-10', 'quarterly')).toEqual([
      { month: '2023-06', contributionDeadline: '2023-06-20', leadDeadline: '2023-06-25' },
      { month: '2023-09', contributionDeadline: '2023-09-20', leadDeadline: '2023-09-25' },
      { month: '2023-12', contributionDeadline: '2023-12-20', leadDeadline: '2023-12-25' },
    ]);
    expect(defaultPeriods(2024, null, 'quarterly').map((p) => p.month)).toEqual(['2024-03', '2024-06', '2024-09', '2024-12']);
    expect(defaultPeriods(2023, '2023-12-01', 'quarterly').map((p) => p.month)).toEqual(['2023-12']);
    expect(defaultPeriods(2023, '2023-09-18', 'monthly')).toEqual(defaultPeriods(2023, '2023-09-18'));
    expect(['2023-01', '2023-03', '2023-06', '2023-11', '2023-12'].filter(isQuarterMonth)).toEqual(['2023-03', '2023-06', '2023-12']);
    expect(monthsForCadence(monthsBetween('2023-02', '2023-07'), 'quarterly')).toEqual(['2023-03', '2023-06']);
    expect(monthsForCadence(['2023-02'], 'monthly')).toEqual(['2023-02']);
    expect([quarterStart('2023-06'), quarterStart('2023-04'), quarterStart('2023-12'), quarterStart('2023-01')]).toEqual(['2023-04', '2023-04', '2023-10', '2023-01']);
    expect([quarterEnd('2023-04'), quarterEnd('2023-06'), quarterEnd('2023-11'), quarterEnd('2023-01')]).toEqual(['2023-06', '2023-06', '2023-12', '2023-03']);
  });

  it('clamps deadline days to short months', () => {
    expect(monthsBetween('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
  });

  it('reads dates in Beijing time, not UTC', () => {
    // 16:30 UTC on 24 Nov is already 25 Nov in Beijing.
    expect(shanghaiDate(new Date('2023-11-24T16:30:00Z'))).toBe('2023-11-25');
    expect(shanghaiDate(new Date('2023-11-24T15:59:59Z'))).toBe('2023-11-24');
  });

  it('counts the deadline day in full', () => {
    expect(isOnTime(new Date('2023-11-25T23:59:59+08:00'), '2023-11-25')).toBe(true);
    expect(isOnTime(new Date('2023-11-26T00:00:00+08:00'), '2023-11-25')).toBe(false);
    expect(deadlineEnd('2023-11-25').toISOString()).toBe('2023-11-25T15:59:59.999Z');
  });

  it('days left: positive before, 0 on the day, negative after', () => {
    expect(daysUntil('2023-11-25', '2023-11-22')).toBe(3);
    expect(daysUntil('2023-11-25', '2023-11-25')).toBe(0);
    expect(daysUntil('2023-11-25', '2023-11-27')).toBe(-2);
    expect(daysUntil('2024-01-02', '2023-12-30')).toBe(3);
    expect(deadlineHint('2023-11-25', '2023-11-22')).toBe('剩 3 天');
    expect(deadlineHint('2023-11-25', '2023-11-25')).toBe('今天截止');
    expect(deadlineHint('2023-11-25', '2023-11-28')).toBe('已逾期 3 天');
  });

  it('picks the period of the current month, clamped to the plan', () => {
    const periods = defaultPeriods(2023, '2023-09-18');
    expect(pickCurrentPeriod(periods, '2023-11-22')?.month).toBe('2023-11');
    expect(pickCurrentPeriod(periods, '2023-03-01')?.month).toBe('2023-09');
    expect(pickCurrentPeriod(periods, '2026-11-21')?.month).toBe('2023-12');
    expect(pickCurrentPeriod([], '2023-11-22')).toBeNull();
  });

  it('between a quarterly list’s periods, picks the latest that has begun, never a future one', () => {
    const quarters = defaultPeriods(2023, '2023-01-10', 'quarterly');
    expect(quarters.map((p) => p.month)).toEqual(['2023-03', '2023-06', '2023-09', '2023-12']);
    expect(pickCurrentPeriod(quarters, '2023-11-22')?.month).toBe('2023-09');
    expect(pickCurrentPeriod(quarters, '2023-12-01')?.month).toBe('2023-12');
    expect(pickCurrentPeriod(quarters, '2023-02-01')?.month).toBe('2023-03');
  });

  it('a future month is not open for reporting yet', () => {
    expect(isPeriodOpen('2023-11', '2023-11-01')).toBe(true);
    expect(isPeriodOpen('2023-12', '2023-11-30')).toBe(false);
    expect(isPeriodOpen('2023-10', '2023-11-30')).toBe(true);
  });
});

describe('dueInPeriod: when a task is reported on', () => {
  // Pinned periods: November and December 2023 with the default deadlines (20th / 25th), and one
  // with deadlines moved for a holiday.
  const nov = defaultPeriodOf('2023-11');
  const dec = defaultPeriodOf('2023-12');
  const moved = { month: '2023-10', contributionDeadline: '2023-10-18', leadDeadline: '2023-10-23' };

  it('monthly and quarterly lists: every task in every period, by the period’s deadlines (with or without a deadline of its own)', () => {
    for (const cadence of ['monthly', 'quarterly'] as const) {
      for (const deadline of [null, '2023-12-20', '2023-11-10']) {
        expect(dueInPeriod({ cadence }, { deadline }, nov)).toEqual({ due: true, leadDeadline: '2023-11-25', contributionDeadline: '2023-11-20' });
        expect(dueInPeriod({ cadence }, { deadline }, moved)).toEqual({ due: true, leadDeadline: '2023-10-23', contributionDeadline: '2023-10-18' });
      }
    }
  });

  it('per item: an item is due only in its deadline’s month, the lead report by the deadline itself', () => {
    const item = { deadline: '2023-12-22' };
    expect(dueInPeriod({ cadence: 'per_item' }, item, dec)).toEqual({ due: true, leadDeadline: '2023-12-22', contributionDeadline: '2023-12-20' });
    // Other months: not due; the deadlines given are the item's own (for display).
    expect(dueInPeriod({ cadence: 'per_item' }, item, nov)).toEqual({ due: false, leadDeadline: '2023-12-22', contributionDeadline: '2023-12-20' });
    expect(dueInPeriod({ cadence: 'per_item' }, item, moved).due).toBe(false);
    // Another year's December is another month.
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2024-12-22' }, dec).due).toBe(false);
  });

  it('per item: parts are due by the period’s contribution deadline or the item’s deadline, whichever is earlier', () => {
    // The item's deadline is before the period's contribution deadline: both by the item's deadline.
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-12-15' }, dec)).toEqual({ due: true, leadDeadline: '2023-12-15', contributionDeadline: '2023-12-15' });
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-12-20' }, dec)).toEqual({ due: true, leadDeadline: '2023-12-20', contributionDeadline: '2023-12-20' });
    // After it: the period's contribution deadline, also when it was moved.
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-10-30' }, moved)).toEqual({ due: true, leadDeadline: '2023-10-30', contributionDeadline: '2023-10-18' });
    // When not due, the item's month's default contribution day, or the deadline if earlier.
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-12-05' }, nov)).toEqual({ due: false, leadDeadline: '2023-12-05', contributionDeadline: '2023-12-05' });
  });

  it('per item: a deadline on the first or the last day of a month belongs to that month', () => {
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-12-01' }, dec)).toEqual({ due: true, leadDeadline: '2023-12-01', contributionDeadline: '2023-12-01' });
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-12-01' }, nov).due).toBe(false);
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-11-30' }, nov)).toEqual({ due: true, leadDeadline: '2023-11-30', contributionDeadline: '2023-11-20' });
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-11-30' }, dec).due).toBe(false);
    expect(dueInPeriod({ cadence: 'per_item' }, { deadline: '2023-12-31' }, dec)).toEqual({ due: true, leadDeadline: '2023-12-31', contributionDeadline: '2023-12-20' });
  });

  it('per item: a task without a (usable) deadline is due every month, as on a monthly list', () => {
    for (const deadline of [null, '', '年底前']) {
      expect(dueInPeriod({ cadence: 'per_item' }, { deadline }, nov)).toEqual({ due: true, leadDeadline: '2023-11-25', contributionDeadline: '2023-11-20' });
      expect(dueInPeriod({ cadence: 'per_item' }, { deadline }, moved)).toEqual({ due: true, leadDeadline: '2023-10-23', contributionDeadline: '2023-10-18' });
    }
  });

  it('per item lists report in monthly periods', () => {
    expect(monthsForCadence(['2023-10', '2023-11', '2023-12'], 'per_item')).toEqual(['2023-10', '2023-11', '2023-12']);
    expect(defaultPeriods(2023, '2023-11-22', 'per_item').map((p) => p.month)).toEqual(['2023-11', '2023-12']);
  });
});
