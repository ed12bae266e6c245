import { describe, expect, it } from 'vitest';
import { lacksMeasure, openMeasures, type MeasureFacts } from './open-measure';

// The demo clock's day.
const TODAY = '2023-11-22';
const NONE: MeasureFacts = { openNotices: 0, openProblems: 0, lastInstructionOn: null, flagInForce: false };

describe('open measures (无措施)', () => {
  it('counts an open 督办单, a problem waiting for its answer, a recent 批示 and a flag in force', () => {
    expect(openMeasures(NONE, TODAY)).toEqual([]);
    expect(openMeasures({ ...NONE, openNotices: 1 }, TODAY)).toEqual(['notice']);
    expect(openMeasures({ ...NONE, openProblems: 2 }, TODAY)).toEqual(['problem']);
    expect(openMeasures({ ...NONE, flagInForce: true }, TODAY)).toEqual(['flag']);
    expect(openMeasures({ openNotices: 1, openProblems: 1, lastInstructionOn: TODAY, flagInForce: true }, TODAY)).toEqual(['notice', 'problem', 'instruction', 'flag']);
  });

  it('keeps a leader’s instruction as a measure for 30 calendar days', () => {
    expect(openMeasures({ ...NONE, lastInstructionOn: '2023-10-23' }, TODAY)).toEqual(['instruction']); // 30 days ago
    expect(openMeasures({ ...NONE, lastInstructionOn: '2023-10-22' }, TODAY)).toEqual([]); // 31 days ago
    // Across a month end and a year end.
    expect(openMeasures({ ...NONE, lastInstructionOn: '2023-12-15' }, '2024-01-14')).toEqual(['instruction']);
    expect(openMeasures({ ...NONE, lastInstructionOn: '2023-12-14' }, '2024-01-14')).toEqual([]);
  });

  it('shows 无措施 only for a red light without any measure', () => {
    expect(lacksMeasure(1, NONE, TODAY)).toBe(true);
    expect(lacksMeasure(3, NONE, TODAY)).toBe(true);
    expect(lacksMeasure(0, NONE, TODAY)).toBe(false); // yellow only
    expect(lacksMeasure(2, { ...NONE, openNotices: 1 }, TODAY)).toBe(false);
    expect(lacksMeasure(1, { ...NONE, lastInstructionOn: '2023-11-01' }, TODAY)).toBe(false);
    expect(lacksMeasure(1, { ...NONE, lastInstructionOn: '2023-09-01' }, TODAY)).toBe(true);
  });
});
