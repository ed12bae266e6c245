import { describe, expect, it } from 'vitest';
import { contributionDraftSchema, contributionSubmitSchema, reportDraftSchema, reportSubmitSchema } from './schemas';
import { periodDeadlinesSchema, periodRangeSchema } from './calendar-schemas';

const base = { taskId: 1, periodId: 1, version: 0, progress: '', percentDone: null, problems: '', nextSteps: '', indicatorValues: [] };

describe('report and part schemas (the same in the form and the server)', () => {
  it('a draft may be empty; a submission needs progress and percent done', () => {
    expect(reportDraftSchema.safeParse(base).success).toBe(true);
    const r = reportSubmitSchema.safeParse(base);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['请填写本月进展', '完成百分比须为 0–100 的整数']);
    expect(reportSubmitSchema.safeParse({ ...base, progress: '  完成  ', percentDone: 50 }).data?.progress).toBe('完成');
  });

  it('percent done is an integer from 0 to 100', () => {
    for (const bad of [-1, 101, 50.5, Number.NaN]) {
      expect(reportDraftSchema.safeParse({ ...base, percentDone: bad }).success, String(bad)).toBe(false);
    }
    for (const ok of [0, 100, 37]) expect(reportDraftSchema.safeParse({ ...base, percentDone: ok }).success).toBe(true);
  });

  it('indicator values are non-negative numbers or empty', () => {
    expect(reportDraftSchema.safeParse({ ...base, indicatorValues: [{ indicatorId: 3, value: 2.3 }] }).success).toBe(true);
    expect(reportDraftSchema.safeParse({ ...base, indicatorValues: [{ indicatorId: 3, value: null }] }).success).toBe(true);
    const neg = reportDraftSchema.safeParse({ ...base, indicatorValues: [{ indicatorId: 3, value: -1 }] });
    expect(neg.error?.issues[0]?.message).toBe('不能为负数');
    expect(reportDraftSchema.safeParse({ ...base, indicatorValues: [{ indicatorId: 3, value: Number.NaN }] }).success).toBe(false);
  });

  it('text lengths are capped with a Chinese message', () => {
    const long = reportDraftSchema.safeParse({ ...base, progress: '字'.repeat(5001) });
    expect(long.error?.issues[0]?.message).toBe('本月进展最多 5000 字');
  });

  it('a part needs content to be sent', () => {
    const part = { taskId: 1, periodId: 1, version: 0, content: '  ' };
    expect(contributionDraftSchema.safeParse(part).success).toBe(true);
    expect(contributionSubmitSchema.safeParse(part).error?.issues[0]?.message).toBe('请填写本单位协办情况');
  });

  it('calendar forms: valid dates, the part deadline not after the lead deadline, a sane range', () => {
    expect(periodDeadlinesSchema.safeParse({ periodId: 1, contributionDeadline: '2023-11-20', leadDeadline: '2023-11-25' }).success).toBe(true);
    expect(periodDeadlinesSchema.safeParse({ periodId: 1, contributionDeadline: '2023-11-26', leadDeadline: '2023-11-25' }).error?.issues[0]?.message).toBe(
      '参与单位截止日期不能晚于牵头单位截止日期',
    );
    expect(periodDeadlinesSchema.safeParse({ periodId: 1, contributionDeadline: '20231120', leadDeadline: '2023-11-25' }).success).toBe(false);
    expect(periodRangeSchema.safeParse({ planId: 1, from: '2023-12', to: '2023-09' }).error?.issues[0]?.message).toBe('结束月份不能早于起始月份');
  });
});
