import { describe, expect, it } from 'vitest';
import { combineListScores, DEFAULT_SCORE_WEIGHTS, hasScore, rankByTotal, scoreUnit, type UnitPeriodFacts } from './score';

const perfect: UnitPeriodFacts = {
  dueSubmissions: 5,
  onTimeSubmissions: 5,
  reviewedReports: 4,
  firstPassReports: 4,
  ledTasks: 4,
  redWarnings: 0,
  yellowWarnings: 0,
  noticesDue: 1,
  noticesAnsweredOnTime: 1,
  indicatorPaceRatios: [1, 1.2],
};

describe('assessment score', () => {
  it('a unit that did everything on time scores 100', () => {
    expect(scoreUnit(perfect).total).toBe(100);
  });

  it('weights the five components by the documented defaults', () => {
    expect(DEFAULT_SCORE_WEIGHTS).toEqual({ onTime: 30, firstPass: 20, warnings: 20, notices: 15, indicators: 15 });
    const r = scoreUnit({ ...perfect, onTimeSubmissions: 4 }); // 4/5 on time: −6 points
    expect(r.total).toBe(94);
    expect(r.components.find((c) => c.key === 'onTime')).toMatchObject({ rate: 0.8, points: 24 });
  });

  it('warnings: a red counts 1, a yellow 0.5, per led task', () => {
    const r = scoreUnit({ ...perfect, redWarnings: 1, yellowWarnings: 2 }); // 1 − 2/4 = 0.5 → −10
    expect(r.components.find((c) => c.key === 'warnings')?.rate).toBe(0.5);
    expect(r.total).toBe(90);
  });

  it('components with nothing to judge are left out and the others scaled, not counted as zero', () => {
    const noNotice = scoreUnit({ ...perfect, noticesDue: 0, noticesAnsweredOnTime: 0 });
    expect(noNotice.total).toBe(100);
    expect(noNotice.components.find((c) => c.key === 'notices')).toMatchObject({ rate: null, points: 0 });
    // Only on-time can be judged: it alone decides the score.
    const partsOnly = scoreUnit({ ...perfect, reviewedReports: 0, firstPassReports: 0, ledTasks: 0, noticesDue: 0, indicatorPaceRatios: [], onTimeSubmissions: 1, dueSubmissions: 2 });
    expect(partsOnly.total).toBe(50);
  });

  it('over-completing an indicator cannot make up for another (each ratio capped at 1)', () => {
    const r = scoreUnit({ ...perfect, indicatorPaceRatios: [2, 0.5] });
    expect(r.components.find((c) => c.key === 'indicators')?.rate).toBe(0.75);
  });

  it('custom weights are honoured; a zero weight removes a component', () => {
    const r = scoreUnit({ ...perfect, onTimeSubmissions: 0 }, { onTime: 0, firstPass: 50, warnings: 50, notices: 0, indicators: 0 });
    expect(r.total).toBe(100);
  });

  it('ranks with ties sharing a place (1, 2, 2, 4)', () => {
    expect(rankByTotal([{ total: 80 }, { total: 95 }, { total: 80 }, { total: 60 }]).map((r) => [r.total, r.rank])).toEqual([
      [95, 1],
      [80, 2],
      [80, 2],
      [60, 4],
    ]);
  });

  it('combines lists: Σ(清单权重 × 清单得分) ÷ Σ清单权重 over the lists that count', () => {
    expect(combineListScores([{ weight: 1, total: 80, counted: true }])).toBe(80);
    expect(combineListScores([{ weight: 1, total: 80, counted: true }, { weight: 2, total: 95, counted: true }])).toBe(90);
    expect(combineListScores([{ weight: 1, total: 70, counted: true }, { weight: 1, total: 75, counted: true }, { weight: 1, total: 76, counted: true }])).toBe(73.7);
    // A list where the unit had nothing to score, or whose weight is 0, does not count.
    expect(combineListScores([{ weight: 1, total: 80, counted: true }, { weight: 2, total: 0, counted: false }])).toBe(80);
    expect(combineListScores([{ weight: 0, total: 10, counted: true }, { weight: 3, total: 60, counted: true }])).toBe(60);
    expect(combineListScores([{ weight: 0, total: 10, counted: true }])).toBeNull();
    expect(combineListScores([])).toBeNull();
  });

  it('a unit has something to score when a weighted component has a rate', () => {
    expect(hasScore(scoreUnit(perfect).components)).toBe(true);
    const nothing: UnitPeriodFacts = { ...perfect, dueSubmissions: 0, onTimeSubmissions: 0, reviewedReports: 0, firstPassReports: 0, ledTasks: 0, noticesDue: 0, noticesAnsweredOnTime: 0, indicatorPaceRatios: [] };
    expect(hasScore(scoreUnit(nothing).components)).toBe(false);
    expect(hasScore(scoreUnit({ ...nothing, noticesDue: 1 }, { ...DEFAULT_SCORE_WEIGHTS, notices: 0 }).components)).toBe(false);
  });
});
