import { describe, expect, it } from 'vitest';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { canUntick, isPlanEditable, milestoneSignal, milestonesSignal, milestoneStatus, nextPlanState } from './milestone-rules';

// A pinned Wednesday.
const TODAY = '2023-11-22';
const S = DEFAULT_WARNING_SETTINGS;
const m = (dueOn: string, doneOn: string | null = null, deliverable = '完成项目立项') => ({ dueOn, doneOn, deliverable });

describe('milestoneSignal', () => {
  it('is green before and on its date', () => {
    expect(milestoneSignal(m('2023-11-30'), TODAY, S).level).toBe('green');
    expect(milestoneStatus(m(TODAY), TODAY, S)).toBe('not_due');
    expect(milestoneSignal(m(TODAY), TODAY, S).level).toBe('green');
  });

  it('is green once done, even late', () => {
    expect(milestoneStatus(m('2023-10-01', '2023-11-20'), TODAY, S)).toBe('done');
    expect(milestoneSignal(m('2023-10-01', '2023-11-20'), TODAY, S).level).toBe('green');
  });

  it('turns yellow the day after its date, with the date in the reason', () => {
    const s = milestoneSignal(m('2023-11-21'), TODAY, S);
    expect(s).toEqual({ level: 'yellow', rule: 'milestone.due', reason: '节点‘完成项目立项’已到期（2023-11-21）未完成' });
    expect(milestoneStatus(m('2023-11-21'), TODAY, S)).toBe('due');
  });

  it('stays yellow up to the set number of working days (weekends do not count), then turns red', () => {
    // 11-15 (Wed) → 16, 17, 20, 21, 22: five working days.
    expect(milestoneSignal(m('2023-11-15'), TODAY, S).level).toBe('yellow');
    // 11-14 → six working days.
    const red = milestoneSignal(m('2023-11-14'), TODAY, S);
    expect(red.level).toBe('red');
    expect(red.rule).toBe('milestone.overdue');
    expect(red.reason).toContain('节点‘完成项目立项’已到期（2023-11-14）未完成');
    expect(milestoneStatus(m('2023-11-14'), TODAY, S)).toBe('overdue');
  });

  it('respects the setting and the holiday calendar', () => {
    expect(milestoneSignal(m('2023-11-20'), TODAY, { ...S, milestoneRedWorkingDays: 1 }).level).toBe('red');
    expect(milestoneSignal(m('2023-11-21'), TODAY, { ...S, milestoneRedWorkingDays: 1 }).level).toBe('yellow');
    // With 11-16 and 11-17 as holidays, 11-14 is only four working days ago.
    const calendar = { holidays: new Set(['2023-11-16', '2023-11-17']), extraWorkdays: new Set<string>() };
    expect(milestoneSignal(m('2023-11-14'), TODAY, { ...S, calendar }).level).toBe('yellow');
  });
});

describe('milestonesSignal', () => {
  it('is the worst of the task’s milestones, green without any', () => {
    expect(milestonesSignal([], TODAY, S).level).toBe('green');
    const s = milestonesSignal([m('2023-12-31'), m('2023-11-21', null, '方案编制'), m('2023-10-10', null, '完成选址'), m('2023-09-01', '2023-09-01')], TODAY, S);
    expect(s.level).toBe('red');
    expect(s.reason).toContain('完成选址');
  });

  it('picks the earliest missed milestone among equals', () => {
    const s = milestonesSignal([m('2023-11-21', null, '后一个'), m('2023-11-20', null, '前一个')], TODAY, S);
    expect(s.level).toBe('yellow');
    expect(s.reason).toContain('前一个');
  });

  it('reads the date in force (an extension moved it) and clears when ticked off', () => {
    expect(milestonesSignal([m('2023-12-15')], TODAY, S).level).toBe('green');
    expect(milestonesSignal([m('2023-11-01', '2023-11-22')], TODAY, S).level).toBe('green');
  });
});

describe('plan review states', () => {
  it('goes draft → submitted → approved, or returned and resubmitted', () => {
    expect(nextPlanState('none', 'save')).toBe('draft');
    expect(nextPlanState('none', 'submit')).toBe('submitted');
    expect(nextPlanState('draft', 'submit')).toBe('submitted');
    expect(nextPlanState('submitted', 'approve')).toBe('approved');
    expect(nextPlanState('submitted', 'return')).toBe('returned');
    expect(nextPlanState('returned', 'save')).toBe('returned');
    expect(nextPlanState('returned', 'submit')).toBe('submitted');
  });

  it('locks a submitted or approved plan for the unit; the office may return an approved plan for revision', () => {
    expect(isPlanEditable('submitted')).toBe(false);
    expect(isPlanEditable('approved')).toBe(false);
    expect(isPlanEditable('draft')).toBe(true);
    expect(isPlanEditable('returned')).toBe(true);
    expect(nextPlanState('approved', 'submit')).toBeNull();
    expect(nextPlanState('draft', 'approve')).toBeNull();
    expect(nextPlanState('approved', 'return')).toBe('returned');
  });
});

describe('canUntick', () => {
  it('allows undoing a tick while its month is open and its report not sent', () => {
    expect(canUntick({ doneOn: '2023-11-20' }, null, TODAY)).toBe(true);
    expect(canUntick({ doneOn: '2023-11-20' }, 'draft', TODAY)).toBe(true);
    expect(canUntick({ doneOn: '2023-11-20' }, 'returned', TODAY)).toBe(true);
    expect(canUntick({ doneOn: '2023-11-20' }, 'submitted', TODAY)).toBe(false);
    expect(canUntick({ doneOn: '2023-10-31' }, null, TODAY)).toBe(false);
    expect(canUntick({ doneOn: null }, null, TODAY)).toBe(false);
  });
});
