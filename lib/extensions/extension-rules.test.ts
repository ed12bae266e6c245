import { describe, expect, it } from 'vitest';
import {
  extensionDays,
  mayWithdraw,
  movedDate,
  movedDateText,
  needsLeader,
  newDateRefusal,
  nextStatus,
  reportDeadlineOverrides,
  requestRefusal,
  overrideKey,
} from './extension-rules';

// The pinned clock of these rules: the demo's 2023-11-22 (rules take dates, never the real clock).
const TODAY = '2023-11-22';

describe('who may ask for what', () => {
  it('task deadline and milestone: a lead unit of an open task', () => {
    expect(requestRefusal({ subject: 'task_deadline', role: 'lead', taskClosed: false, dateInForce: '2023-10-31' })).toBeNull();
    expect(requestRefusal({ subject: 'task_deadline', role: 'participating', taskClosed: false, dateInForce: '2023-10-31' })).toMatch('牵头单位');
    expect(requestRefusal({ subject: 'task_deadline', role: 'lead', taskClosed: true, dateInForce: '2023-10-31' })).toMatch('已办结');
    expect(requestRefusal({ subject: 'task_deadline', role: 'lead', taskClosed: false, dateInForce: null })).toMatch('没有明确的完成时限');
    expect(requestRefusal({ subject: 'milestone', role: 'lead', taskClosed: false, done: false, dateInForce: '2023-11-15' })).toBeNull();
    expect(requestRefusal({ subject: 'milestone', role: null, taskClosed: false, done: false, dateInForce: '2023-11-15' })).toMatch('牵头单位');
    expect(requestRefusal({ subject: 'milestone', role: 'lead', taskClosed: false, done: true, dateInForce: '2023-11-15' })).toMatch('已完成');
  });

  it('督办单: a unit it is addressed to, while its part is pending', () => {
    expect(requestRefusal({ subject: 'notice', targetStatus: 'pending', noticeClosed: false, dateInForce: '2023-11-20' })).toBeNull();
    expect(requestRefusal({ subject: 'notice', targetStatus: null, noticeClosed: false, dateInForce: '2023-11-20' })).toMatch('不是发给本单位');
    expect(requestRefusal({ subject: 'notice', targetStatus: 'answered', noticeClosed: false, dateInForce: '2023-11-20' })).toMatch('已报送');
    expect(requestRefusal({ subject: 'notice', targetStatus: 'sent_back', noticeClosed: false, dateInForce: '2023-11-20' })).toMatch('已报送');
    expect(requestRefusal({ subject: 'notice', targetStatus: 'pending', noticeClosed: true, dateInForce: '2023-11-20' })).toMatch('已办结');
  });

  it('report deadline: the lead or participating unit, before it is submitted', () => {
    const report = { subject: 'report' as const, role: 'participating' as const, taskClosed: false, due: true, dateInForce: '2023-11-20' };
    expect(requestRefusal({ ...report, submissionStatus: null })).toBeNull();
    expect(requestRefusal({ ...report, submissionStatus: 'draft' })).toBeNull();
    expect(requestRefusal({ ...report, submissionStatus: 'returned' })).toBeNull();
    expect(requestRefusal({ ...report, submissionStatus: 'submitted' })).toMatch('已报送');
    expect(requestRefusal({ ...report, submissionStatus: 'approved' })).toMatch('已报送');
    expect(requestRefusal({ ...report, role: null, submissionStatus: null })).toMatch('不是该任务的责任单位');
    expect(requestRefusal({ ...report, due: false, submissionStatus: null })).toMatch('无需报送');
  });
});

describe('the new date and the length', () => {
  it('must be after the date in force', () => {
    expect(newDateRefusal('2023-11-25', '2023-11-30')).toBeNull();
    expect(newDateRefusal('2023-11-25', '2023-11-25')).toMatch('须晚于现行日期（2023-11-25）');
    expect(newDateRefusal('2023-11-25', '2023-11-01')).toMatch('须晚于');
    expect(newDateRefusal('2023-11-25', '2023/12/01')).toMatch('正确的日期');
    expect(newDateRefusal('2023-11-25', '2025-01-01')).toMatch('一年');
  });

  it('counts calendar days, across months and years', () => {
    expect(extensionDays('2023-10-31', '2023-11-30')).toBe(30);
    expect(extensionDays('2023-11-25', TODAY)).toBe(-3);
    expect(extensionDays('2023-12-31', '2024-01-31')).toBe(31);
    expect(extensionDays('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('above the set length (default 30) a leader decides too', () => {
    expect(needsLeader(30)).toBe(false);
    expect(needsLeader(31)).toBe(true);
    expect(needsLeader(10, 7)).toBe(true);
  });
});

describe('decisions', () => {
  it('the office decides pending requests; a long approval goes to the leader', () => {
    expect(nextStatus('pending', 'office', 'approve', 30)).toBe('approved');
    expect(nextStatus('pending', 'office', 'approve', 31)).toBe('leader_pending');
    expect(nextStatus('pending', 'office', 'approve', 20, 14)).toBe('leader_pending');
    expect(nextStatus('pending', 'office', 'refuse', 45)).toBe('refused');
    expect(nextStatus('leader_pending', 'office', 'approve', 45)).toBeNull();
    expect(nextStatus('approved', 'office', 'refuse', 10)).toBeNull();
  });

  it('a leader decides only leader_pending ones', () => {
    expect(nextStatus('leader_pending', 'leader', 'approve', 45)).toBe('approved');
    expect(nextStatus('leader_pending', 'leader', 'refuse', 45)).toBe('refused');
    expect(nextStatus('pending', 'leader', 'approve', 45)).toBeNull();
  });

  it('only open requests can be withdrawn', () => {
    expect(mayWithdraw('pending')).toBe(true);
    expect(mayWithdraw('leader_pending')).toBe(true);
    expect(mayWithdraw('approved')).toBe(false);
    expect(mayWithdraw('refused')).toBe(false);
    expect(mayWithdraw('withdrawn')).toBe(false);
  });
});

describe('the effect of an approval', () => {
  it('moves the date and keeps the first original', () => {
    expect(movedDate({ date: '2023-10-31', original: null }, '2023-11-30')).toEqual({ date: '2023-11-30', original: '2023-10-31' });
    // A second extension keeps the date first set.
    expect(movedDate({ date: '2023-11-30', original: '2023-10-31' }, '2023-12-15')).toEqual({ date: '2023-12-15', original: '2023-10-31' });
  });

  it('shows both dates once moved', () => {
    expect(movedDateText('2023-11-30', '2023-10-31')).toBe('原定 2023-10-31，延期至 2023-11-30');
    expect(movedDateText('2023-11-30', null)).toBe('2023-11-30');
  });

  it('report deadline: the latest approved request per (task, period, unit)', () => {
    const map = reportDeadlineOverrides([
      { id: 1, taskId: 7, periodId: 11, unitId: 3, toDate: '2023-11-28', decidedAt: 100 },
      { id: 2, taskId: 7, periodId: 11, unitId: 3, toDate: '2023-12-05', decidedAt: 200 },
      { id: 3, taskId: 7, periodId: 11, unitId: 4, toDate: '2023-11-27', decidedAt: 150 },
      { id: 4, taskId: 7, periodId: 12, unitId: 3, toDate: '2023-12-30', decidedAt: 50 },
    ]);
    expect(map.get(overrideKey(7, 11, 3))).toBe('2023-12-05');
    expect(map.get(overrideKey(7, 11, 4))).toBe('2023-11-27');
    expect(map.get(overrideKey(7, 12, 3))).toBe('2023-12-30');
    expect(map.get(overrideKey(8, 11, 3))).toBeUndefined();
  });
});
