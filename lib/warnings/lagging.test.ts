import { describe, expect, it } from 'vitest';
import { isLagging, redCount, worstLevel } from './lagging';
import { GREEN } from './rules';

const light = (level: 'green' | 'yellow' | 'red') => ({ level, rule: level, reason: level });

describe('lagging tasks', () => {
  it('a task lags when any light, the manual flag included, is yellow or red', () => {
    expect(isLagging({ late: GREEN, pace: GREEN, target: GREEN, flag: null })).toBe(false);
    expect(isLagging({ late: GREEN, pace: light('yellow'), target: GREEN, flag: null })).toBe(true);
    expect(isLagging({ late: GREEN, pace: GREEN, target: GREEN, flag: { id: 1, level: 'yellow', reason: '', raisedAt: new Date() } })).toBe(true);
  });

  it('counts reds and finds the worst level', () => {
    const s = { late: light('red'), pace: light('yellow'), target: light('red'), flag: { id: 1, level: 'red' as const, reason: '', raisedAt: new Date() } };
    expect(redCount(s)).toBe(3);
    expect(worstLevel(s)).toBe(2);
    expect(worstLevel({ late: GREEN, pace: light('yellow'), target: GREEN, flag: null })).toBe(1);
  });
});
