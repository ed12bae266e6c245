import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WARNING_SETTINGS,
  GREEN,
  lateSignal,
  paceSignal,
  returnedSignal,
  SIGNAL_LEVEL_ORDER,
  type Signal,
  targetSignal,
  type WarningSettings,
  worstSignal,
  yearElapsedShare,
} from './rules';
import { type WorkCalendar } from './working-days';

const NO_DATA_PACE: Signal = { level: 'green', rule: 'no_data', reason: '暂无完成进度' };

function withCalendar(holidays: string[], extraWorkdays: string[] = []): WarningSettings {
  const calendar: WorkCalendar = { holidays: new Set(holidays), extraWorkdays: new Set(extraWorkdays) };
  return { ...DEFAULT_WARNING_SETTINGS, calendar };
}

describe('defaults', () => {
  it('has the documented thresholds and ordering', () => {
    expect(DEFAULT_WARNING_SETTINGS).toMatchObject({ yellowGap: 15, redGap: 30, dueSoonDays: 3, resubmitWorkingDays: 5 });
    expect(DEFAULT_WARNING_SETTINGS.calendar.holidays.size).toBe(0);
    expect(DEFAULT_WARNING_SETTINGS.calendar.extraWorkdays.size).toBe(0);
    expect(SIGNAL_LEVEL_ORDER).toEqual({ green: 0, yellow: 1, red: 2 });
    expect(GREEN).toEqual({ level: 'green', rule: 'ok', reason: '正常' });
  });
});

describe('yearElapsedShare', () => {
  it('counts the whole of today', () => {
    expect(yearElapsedShare('2023-01-01', 2023)).toBe(1 / 365);
    expect(yearElapsedShare('2023-01-02', 2023)).toBe(2 / 365);
    expect(yearElapsedShare('2023-12-31', 2023)).toBe(1);
  });

  it('uses 366 days in a leap year', () => {
    expect(yearElapsedShare('2024-01-01', 2024)).toBe(1 / 366);
    expect(yearElapsedShare('2024-02-29', 2024)).toBe(60 / 366);
    expect(yearElapsedShare('2024-07-01', 2024)).toBe(0.5); // day 183 of 366
    expect(yearElapsedShare('2024-12-30', 2024)).toBe(365 / 366);
    expect(yearElapsedShare('2024-12-31', 2024)).toBe(1);
  });

  it('is 0 before the plan year and 1 after it', () => {
    expect(yearElapsedShare('2022-12-31', 2023)).toBe(0);
    expect(yearElapsedShare('2020-06-01', 2023)).toBe(0);
    expect(yearElapsedShare('2024-01-01', 2023)).toBe(1);
    expect(yearElapsedShare('2030-06-01', 2023)).toBe(1);
  });
});

describe('lateSignal', () => {
  const lead = (today: string, submittedOn: string | null = null) =>
    lateSignal({ kind: 'lead', deadline: '2023-11-25', submittedOn, today });
  const part = (today: string, submittedOn: string | null = null) =>
    lateSignal({ kind: 'part', deadline: '2023-11-20', submittedOn, today });

  it('is green more than dueSoonDays before the deadline', () => {
    expect(lead('2023-11-21')).toEqual(GREEN); // 4 days left
    expect(lead('2023-11-01')).toEqual(GREEN);
  });

  it('turns yellow 3 days before the deadline', () => {
    expect(lead('2023-11-22')).toEqual({ level: 'yellow', rule: 'late.lead.due_soon', reason: '距报送截止还有 3 天，尚未报送' });
    expect(lead('2023-11-24')).toEqual({ level: 'yellow', rule: 'late.lead.due_soon', reason: '距报送截止还有 1 天，尚未报送' });
  });

  it('is yellow, not red, on the deadline day itself', () => {
    expect(lead('2023-11-25')).toEqual({ level: 'yellow', rule: 'late.lead.due_soon', reason: '今天截止，尚未报送' });
    expect(part('2023-11-20')).toEqual({ level: 'yellow', rule: 'late.part.due_soon', reason: '今天截止，尚未报送' });
  });

  it('is red from the day after the deadline', () => {
    expect(lead('2023-11-26')).toEqual({ level: 'red', rule: 'late.lead.overdue', reason: '牵头单位月度进展已逾期 1 天未报送' });
    expect(lead('2023-11-27')).toEqual({ level: 'red', rule: 'late.lead.overdue', reason: '牵头单位月度进展已逾期 2 天未报送' });
    expect(part('2023-11-22')).toEqual({ level: 'red', rule: 'late.part.overdue', reason: '参与单位协办情况已逾期 2 天未报送' });
  });

  it('counts days across a month end', () => {
    expect(lateSignal({ kind: 'lead', deadline: '2023-11-30', submittedOn: null, today: '2023-12-02' }).reason).toBe(
      '牵头单位月度进展已逾期 2 天未报送',
    );
    expect(lateSignal({ kind: 'lead', deadline: '2024-03-01', submittedOn: null, today: '2024-02-27' }).level).toBe('yellow'); // 2024-02-29 exists
  });

  it('is green once submitted, on time or late', () => {
    expect(lead('2023-11-25', '2023-11-25')).toEqual(GREEN);
    expect(lead('2023-11-24', '2023-11-20')).toEqual(GREEN);
    expect(lead('2023-12-10', '2023-12-05')).toEqual(GREEN); // submitted 10 days late
  });

  it('respects a custom dueSoonDays', () => {
    const s = { ...DEFAULT_WARNING_SETTINGS, dueSoonDays: 0 };
    expect(lateSignal({ kind: 'part', deadline: '2023-11-20', submittedOn: null, today: '2023-11-19' }, s)).toEqual(GREEN);
    expect(lateSignal({ kind: 'part', deadline: '2023-11-20', submittedOn: null, today: '2023-11-20' }, s).level).toBe('yellow');
    const wide = { ...DEFAULT_WARNING_SETTINGS, dueSoonDays: 7 };
    expect(lateSignal({ kind: 'part', deadline: '2023-11-20', submittedOn: null, today: '2023-11-13' }, wide).reason).toBe(
      '距报送截止还有 7 天，尚未报送',
    );
    expect(lateSignal({ kind: 'part', deadline: '2023-11-20', submittedOn: null, today: '2023-11-12' }, wide)).toEqual(GREEN);
  });
});

describe('returnedSignal', () => {
  // Returned on Thursday 2023-11-16: Fri 17 is day 1, Mon 20 day 2, … Thu 23 day 5.
  const returned = (today: string, s?: WarningSettings, resubmittedOn: string | null = null) =>
    returnedSignal({ returnedOn: '2023-11-16', resubmittedOn, today }, s);
  const pending = (left: number): Signal => ({
    level: 'yellow',
    rule: 'late.returned.pending',
    reason: `已退回，需在 5 个工作日内重新报送（剩 ${left} 个工作日）`,
  });
  const lastDay: Signal = { level: 'yellow', rule: 'late.returned.pending', reason: '已退回，需在 5 个工作日内重新报送（已到最后期限）' };
  const overdue: Signal = { level: 'red', rule: 'late.returned.overdue', reason: '退回后超过 5 个工作日未重新报送' };

  it('counts only working days across a weekend', () => {
    expect(returned('2023-11-16')).toEqual(pending(5)); // the day it was returned
    expect(returned('2023-11-17')).toEqual(pending(4));
    expect(returned('2023-11-18')).toEqual(pending(4)); // Saturday
    expect(returned('2023-11-19')).toEqual(pending(4)); // Sunday
    expect(returned('2023-11-20')).toEqual(pending(3));
    expect(returned('2023-11-22')).toEqual(pending(1));
  });

  it('is still yellow on the 5th working day and red on the 6th', () => {
    expect(returned('2023-11-23')).toEqual(lastDay);
    expect(returned('2023-11-24')).toEqual(overdue);
    expect(returned('2023-12-20')).toEqual(overdue);
  });

  it('a holiday inside the window shifts it by a day', () => {
    const s = withCalendar(['2023-11-20']); // Monday off
    expect(returned('2023-11-23', s)).toEqual(pending(1));
    expect(returned('2023-11-24', s)).toEqual(lastDay);
    expect(returned('2023-11-25', s)).toEqual(lastDay); // weekend after the last day: not yet a working day late
    expect(returned('2023-11-27', s)).toEqual(overdue);
  });

  it('a 调休 Saturday counts as a working day', () => {
    const s = withCalendar([], ['2023-11-18']);
    expect(returned('2023-11-18', s)).toEqual(pending(3));
    expect(returned('2023-11-22', s)).toEqual(lastDay);
    expect(returned('2023-11-23', s)).toEqual(overdue);
  });

  it('spans a long holiday (2023 国庆)', () => {
    const s = withCalendar(
      ['2023-09-29', '2023-09-30', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06'],
      ['2023-10-07', '2023-10-08'],
    );
    const r = (today: string) => returnedSignal({ returnedOn: '2023-09-27', resubmittedOn: null, today }, s);
    expect(r('2023-10-06')).toEqual(pending(4));
    expect(r('2023-10-10')).toEqual(lastDay);
    expect(r('2023-10-11')).toEqual(overdue);
  });

  it('is green once resubmitted, even after the window', () => {
    expect(returned('2023-11-20', undefined, '2023-11-20')).toEqual(GREEN);
    expect(returned('2023-11-30', undefined, '2023-11-28')).toEqual(GREEN);
  });

  it('respects a custom resubmitWorkingDays', () => {
    const s = { ...DEFAULT_WARNING_SETTINGS, resubmitWorkingDays: 2 };
    expect(returned('2023-11-17', s)).toEqual({
      level: 'yellow',
      rule: 'late.returned.pending',
      reason: '已退回，需在 2 个工作日内重新报送（剩 1 个工作日）',
    });
    expect(returned('2023-11-20', s).level).toBe('yellow');
    expect(returned('2023-11-21', s)).toEqual({ level: 'red', rule: 'late.returned.overdue', reason: '退回后超过 2 个工作日未重新报送' });
  });
});

describe('paceSignal', () => {
  // On 2023-12-31 the elapsed share is exactly 100%.
  const atYearEnd = (percentDone: number | null, s?: WarningSettings) => paceSignal({ percentDone, today: '2023-12-31', year: 2023 }, s);

  it('14.9 and 15.0 points behind are green, 15.1 is yellow', () => {
    expect(atYearEnd(85.1)).toEqual(GREEN);
    expect(atYearEnd(85)).toEqual(GREEN);
    expect(atYearEnd(84.9)).toEqual({ level: 'yellow', rule: 'pace.behind', reason: '完成 84.9%，落后序时进度（100.0%）15.1 个百分点' });
  });

  it('29.9 and 30.0 points behind are yellow, 30.1 is red', () => {
    expect(atYearEnd(70.1)).toEqual({ level: 'yellow', rule: 'pace.behind', reason: '完成 70.1%，落后序时进度（100.0%）29.9 个百分点' });
    expect(atYearEnd(70)).toEqual({ level: 'yellow', rule: 'pace.behind', reason: '完成 70%，落后序时进度（100.0%）30.0 个百分点' });
    expect(atYearEnd(69.9)).toEqual({ level: 'red', rule: 'pace.far_behind', reason: '完成 69.9%，落后序时进度（100.0%）30.1 个百分点' });
    expect(atYearEnd(0).level).toBe('red');
  });

  it('works mid-year (leap year: 2024-07-01 is exactly 50%)', () => {
    const mid = (percentDone: number) => paceSignal({ percentDone, today: '2024-07-01', year: 2024 });
    expect(mid(35)).toEqual(GREEN);
    expect(mid(34.9)).toEqual({ level: 'yellow', rule: 'pace.behind', reason: '完成 34.9%，落后序时进度（50.0%）15.1 个百分点' });
    expect(mid(20)).toEqual({ level: 'yellow', rule: 'pace.behind', reason: '完成 20%，落后序时进度（50.0%）30.0 个百分点' });
    expect(mid(19)).toEqual({ level: 'red', rule: 'pace.far_behind', reason: '完成 19%，落后序时进度（50.0%）31.0 个百分点' });
  });

  it('formats the reason with one-decimal elapsed share and gap', () => {
    // 2023-11-21 is day 325 of 365 → 89.04%.
    expect(paceSignal({ percentDone: 60, today: '2023-11-21', year: 2023 })).toEqual({
      level: 'yellow',
      rule: 'pace.behind',
      reason: '完成 60%，落后序时进度（89.0%）29.0 个百分点',
    });
  });

  it('is green when ahead of schedule, before the year starts, or done', () => {
    expect(paceSignal({ percentDone: 90, today: '2023-06-01', year: 2023 })).toEqual(GREEN);
    expect(paceSignal({ percentDone: 0, today: '2022-12-20', year: 2023 })).toEqual(GREEN);
    expect(paceSignal({ percentDone: 0, today: '2023-01-01', year: 2023 })).toEqual(GREEN);
    expect(atYearEnd(100)).toEqual(GREEN);
  });

  it('after the plan year the elapsed share stays at 100%', () => {
    expect(paceSignal({ percentDone: 50, today: '2024-03-01', year: 2023 }).level).toBe('red');
  });

  it('no percentDone → green no_data', () => {
    expect(atYearEnd(null)).toEqual(NO_DATA_PACE);
    expect(atYearEnd(Number.NaN)).toEqual(NO_DATA_PACE);
  });

  it('respects custom thresholds', () => {
    const s = { ...DEFAULT_WARNING_SETTINGS, yellowGap: 10, redGap: 20 };
    expect(atYearEnd(90, s)).toEqual(GREEN);
    expect(atYearEnd(89.9, s).level).toBe('yellow');
    expect(atYearEnd(80, s).level).toBe('yellow');
    expect(atYearEnd(79.9, s)).toMatchObject({ level: 'red', rule: 'pace.far_behind' });
    expect(atYearEnd(85.1)).toEqual(GREEN); // default settings unaffected
    expect(atYearEnd(85.1, { ...DEFAULT_WARNING_SETTINGS, yellowGap: 10 }).level).toBe('yellow');
  });
});

describe('targetSignal', () => {
  const atYearEnd = (indicators: { name: string; completion: number | null }[], s?: WarningSettings) =>
    targetSignal({ indicators, today: '2023-12-31', year: 2023 }, s);
  const one = (completion: number | null, s?: WarningSettings) => atYearEnd([{ name: '高新技术企业', completion }], s);
  const noData: Signal = { level: 'green', rule: 'no_data', reason: '暂无指标完成数据' };

  it('14.9 and 15.0 points behind are green, 15.1 is yellow', () => {
    expect(one(0.851)).toEqual(GREEN);
    expect(one(0.85)).toEqual(GREEN);
    expect(one(0.849)).toEqual({ level: 'yellow', rule: 'target.behind', reason: '“高新技术企业”完成 84.9%，落后序时进度 15.1 个百分点' });
  });

  it('29.9 and 30.0 points behind are yellow, 30.1 is red', () => {
    expect(one(0.701)).toMatchObject({ level: 'yellow', rule: 'target.behind' });
    expect(one(0.7)).toEqual({ level: 'yellow', rule: 'target.behind', reason: '“高新技术企业”完成 70.0%，落后序时进度 30.0 个百分点' });
    expect(one(0.699)).toEqual({ level: 'red', rule: 'target.far_behind', reason: '“高新技术企业”完成 69.9%，落后序时进度 30.1 个百分点' });
  });

  it('formats like the spec example', () => {
    expect(targetSignal({ indicators: [{ name: '高新技术企业', completion: 0.6 }], today: '2023-11-21', year: 2023 })).toEqual({
      level: 'yellow',
      rule: 'target.behind',
      reason: '“高新技术企业”完成 60.0%，落后序时进度 29.0 个百分点',
    });
  });

  it('the worst indicator decides and is named', () => {
    const s = atYearEnd([
      { name: '固定资产投资', completion: 0.95 },
      { name: '规上工业产值', completion: 0.6 },
      { name: '社会消费品零售总额', completion: 0.8 },
    ]);
    expect(s).toEqual({ level: 'red', rule: 'target.far_behind', reason: '“规上工业产值”完成 60.0%，落后序时进度 40.0 个百分点' });
  });

  it('the first indicator wins a tie', () => {
    expect(
      atYearEnd([
        { name: '甲', completion: 0.8 },
        { name: '乙', completion: 0.8 },
      ]).reason,
    ).toBe('“甲”完成 80.0%，落后序时进度 20.0 个百分点');
  });

  it('over-completion counts as 100% and cannot offset another indicator', () => {
    expect(one(1.5)).toEqual(GREEN);
    expect(
      atYearEnd([
        { name: '超额', completion: 2 },
        { name: '落后', completion: 0.8 },
      ]),
    ).toMatchObject({ level: 'yellow', reason: '“落后”完成 80.0%，落后序时进度 20.0 个百分点' });
  });

  it('skips indicators without data; none at all → green no_data', () => {
    expect(atYearEnd([])).toEqual(noData);
    expect(
      atYearEnd([
        { name: '甲', completion: null },
        { name: '乙', completion: null },
      ]),
    ).toEqual(noData);
    expect(
      atYearEnd([
        { name: '甲', completion: null },
        { name: '乙', completion: 0.9 },
      ]),
    ).toEqual(GREEN);
  });

  it('respects custom thresholds', () => {
    const s = { ...DEFAULT_WARNING_SETTINGS, yellowGap: 10 };
    expect(one(0.9, s)).toEqual(GREEN);
    expect(one(0.899, s)).toMatchObject({ level: 'yellow', rule: 'target.behind' });
    expect(one(0.899)).toEqual(GREEN);
  });
});

describe('worstSignal', () => {
  const yellowA: Signal = { level: 'yellow', rule: 'pace.behind', reason: 'A' };
  const yellowB: Signal = { level: 'yellow', rule: 'target.behind', reason: 'B' };
  const red: Signal = { level: 'red', rule: 'late.lead.overdue', reason: 'R' };

  it('returns GREEN for an empty list', () => {
    expect(worstSignal([])).toEqual(GREEN);
  });

  it('picks the most severe, first one on a tie', () => {
    expect(worstSignal([GREEN, yellowA, red, yellowB])).toBe(red);
    expect(worstSignal([red, { ...red, reason: 'R2' }])).toBe(red);
    expect(worstSignal([GREEN, yellowA, yellowB])).toBe(yellowA);
    expect(worstSignal([yellowB, yellowA])).toBe(yellowB);
  });

  it('keeps a green no_data signal when nothing is worse', () => {
    expect(worstSignal([NO_DATA_PACE, GREEN])).toBe(NO_DATA_PACE);
  });
});
