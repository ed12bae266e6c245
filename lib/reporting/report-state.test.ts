import { describe, expect, it } from 'vitest';
import { REPORT_STATUSES } from '@/db/schema';
import { isReportEditable, nextContributionState, nextReportState, type ReportAction, type ReportState } from './report-state';

const STATES: ReportState[] = ['none', ...REPORT_STATUSES];
const ACTIONS: ReportAction[] = ['save', 'submit', 'approve', 'return'];

/** Every allowed transition; anything not listed must be refused. */
const ALLOWED: Record<string, string> = {
  'none→save': 'draft',
  'draft→save': 'draft',
  'returned→save': 'returned',
  'none→submit': 'submitted',
  'draft→submit': 'submitted',
  'returned→submit': 'submitted',
  'submitted→approve': 'approved',
  'submitted→return': 'returned',
};

describe('report state machine', () => {
  for (const from of STATES) {
    for (const action of ACTIONS) {
      const key = `${from}→${action}`;
      it(`${key} ${ALLOWED[key] ? `→ ${ALLOWED[key]}` : 'is refused'}`, () => {
        expect(nextReportState(from, action)).toBe(ALLOWED[key] ?? null);
      });
    }
  }

  it('only unstarted, draft and returned reports are editable by the unit', () => {
    expect(STATES.filter(isReportEditable)).toEqual(['none', 'draft', 'returned']);
  });

  it('a part follows the same machine: sent parts are read-only until returned', () => {
    expect(nextContributionState('none', 'save')).toBe('draft');
    expect(nextContributionState('draft', 'submit')).toBe('submitted');
    expect(nextContributionState('submitted', 'save')).toBeNull();
    expect(nextContributionState('submitted', 'submit')).toBeNull();
    expect(nextContributionState('submitted', 'return')).toBe('returned');
    expect(nextContributionState('returned', 'submit')).toBe('submitted');
    expect(nextContributionState('approved', 'return')).toBeNull();
  });
});
