import { describe, expect, it } from 'vitest';
import { missingForSubmit } from './missing-for-submit';
import { itemKey, missingText, signOffKey } from './month-rules';

const complete = { progress: '完成园区道路改造', percentDone: 60, problems: '', nextSteps: '' };

describe('month rules', () => {
  it('names a row by kind, task and period, and a saved row by kind and id', () => {
    expect(itemKey('report', 12, 3)).toBe('report:12:3');
    expect(itemKey('contribution', 40, 3)).toBe('contribution:40:3');
    // The same task and period as a lead report and as a part are different rows.
    expect(itemKey('report', 40, 3)).not.toBe(itemKey('contribution', 40, 3));
    expect(signOffKey('report', 7)).toBe('report:7');
    expect(signOffKey('contribution', 7)).toBe('contribution:7');
  });

  it('a complete report lacks nothing; problems and next steps may stay empty', () => {
    expect(missingForSubmit('report', complete)).toEqual([]);
    expect(missingForSubmit('report', { ...complete, percentDone: 0 })).toEqual([]);
    expect(missingForSubmit('report', { ...complete, percentDone: 100, problems: '资金缺口', nextSteps: '加快推进' })).toEqual([]);
  });

  it('names each missing field of a report once, by its label, in form order', () => {
    expect(missingForSubmit('report', { progress: '', percentDone: null, problems: '', nextSteps: '' })).toEqual(['本月进展', '完成百分比']);
    expect(missingForSubmit('report', { ...complete, progress: '' })).toEqual(['本月进展']);
    expect(missingForSubmit('report', { ...complete, percentDone: null })).toEqual(['完成百分比']);
    // Blank text counts as empty (the submit schema trims, full-width spaces too).
    expect(missingForSubmit('report', { ...complete, progress: ' \n\t\u3000' })).toEqual(['本月进展']);
  });

  it('a value the submission would refuse is named too (out of range, not whole, too long)', () => {
    expect(missingForSubmit('report', { ...complete, percentDone: 120 })).toEqual(['完成百分比']);
    expect(missingForSubmit('report', { ...complete, percentDone: -1 })).toEqual(['完成百分比']);
    expect(missingForSubmit('report', { ...complete, percentDone: 33.5 })).toEqual(['完成百分比']);
    expect(missingForSubmit('report', { ...complete, progress: '进'.repeat(5001) })).toEqual(['本月进展']);
    expect(missingForSubmit('report', { ...complete, problems: '问'.repeat(3001) })).toEqual(['存在问题']);
  });

  it('a part needs its content', () => {
    expect(missingForSubmit('contribution', { content: '配合开展专项检查' })).toEqual([]);
    expect(missingForSubmit('contribution', { content: '' })).toEqual(['协办情况']);
    expect(missingForSubmit('contribution', { content: '   ' })).toEqual(['协办情况']);
  });

  it('the line that names what a row lacks', () => {
    expect(missingText([])).toBe('');
    expect(missingText(['协办情况'])).toBe('缺：协办情况');
    expect(missingText(['本月进展', '完成百分比'])).toBe('缺：本月进展、完成百分比');
    expect(missingText(missingForSubmit('report', { progress: '', percentDone: null, problems: '', nextSteps: '' }))).toBe('缺：本月进展、完成百分比');
  });
});
