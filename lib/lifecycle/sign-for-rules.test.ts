import { describe, expect, it } from 'vitest';
import { DEFAULT_WARNING_SETTINGS } from '@/lib/warnings/rules';
import { awaitsSigning, signedOnDay, signForState, signOverdueSignal } from './sign-for-rules';

// Assigned on Wednesday 2023-11-15; the window is 3 working days (Thu, Fri, Mon), due on Monday the 20th.
const ASSIGNED = '2023-11-15';
const s = DEFAULT_WARNING_SETTINGS;
const state = (today: string, settings = s) => signForState({ assignedOn: ASSIGNED, signedAt: null, today }, settings);

describe('签收 (pinned clock)', () => {
  it('is pending (待签收, no light) within the window, the last day included', () => {
    expect(state('2023-11-15')).toEqual({ kind: 'pending', assignedOn: ASSIGNED, dueOn: '2023-11-20', workingDays: 0 });
    // The weekend does not count: Saturday the 18th is still 2 working days in.
    expect(state('2023-11-18')).toMatchObject({ kind: 'pending', workingDays: 2 });
    expect(state('2023-11-20')).toMatchObject({ kind: 'pending', workingDays: 3 });
    expect(signOverdueSignal('区发展和改革局', state('2023-11-20'))).toBeNull();
    expect(awaitsSigning(state('2023-11-20'))).toBe(true);
  });

  it('is overdue from the first working day after the window: a red 报送 light with its reason', () => {
    expect(state('2023-11-21')).toMatchObject({ kind: 'overdue', workingDays: 4 });
    expect(signOverdueSignal('区发展和改革局', state('2023-11-22'))).toEqual({ level: 'red', rule: 'sign.overdue', reason: '区发展和改革局 未签收（交办已 5 个工作日）' });
  });

  it('follows the setting and the working-day calendar', () => {
    expect(state('2023-11-22', { ...s, signForWorkingDays: 5 })).toMatchObject({ kind: 'pending', dueOn: '2023-11-22' });
    const holiday = { ...s, calendar: { holidays: new Set(['2023-11-16']), extraWorkdays: new Set<string>() } };
    expect(state('2023-11-21', holiday)).toMatchObject({ kind: 'pending', workingDays: 3, dueOn: '2023-11-21' });
  });

  it('a signed assignment, or one never assigned (a draft), needs nothing', () => {
    const signedAt = new Date('2023-11-16T10:00:00+08:00');
    expect(signForState({ assignedOn: ASSIGNED, signedAt, today: '2023-12-22' }, s)).toEqual({ kind: 'signed', signedAt });
    expect(signForState({ assignedOn: null, signedAt: null, today: '2023-12-22' }, s)).toEqual({ kind: 'unassigned' });
    expect(awaitsSigning({ kind: 'unassigned' })).toBe(false);
    expect(signedOnDay('2023-03-01').toISOString()).toBe('2023-03-01T01:00:00.000Z');
  });
});
